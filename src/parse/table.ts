// Tables stored by column: numbers in Float64Arrays, text beside them only where a cell holds
// text. Rows are cut into chunks; once the finished chunks of all tables being built pass a
// memory budget, they are written to a temporary file and read back one chunk at a time. A load
// test's 500 MB CSV then costs a few chunks of memory, not every row as objects.
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { typeInto } from './cells.js'

/** A value read from an artifact: numbers typed, blanks and NaN missing. */
export type Cell = string | number | null

/** Cells per chunk across all columns: a wide table gets short chunks, a narrow one long. */
const CHUNK_CELLS = 1 << 18
const MAX_CHUNK_ROWS = 1 << 16
const FIRST_CAPACITY = 32
const MAX_INTERNED = 4096

/** Finished chunks held in memory by every table being built before they go to disk. */
let memoryBudget = 16 * 1024 * 1024
let heldBytes = 0

/** For tests: a tiny budget makes every table spill, so the disk path is the one exercised. */
export function setMemoryBudget(bytes: number): number {
  const before = memoryBudget
  memoryBudget = bytes
  return before
}

interface Segment {
  /** The number in each row, NaN where the cell is text or missing. */
  numbers: Float64Array
  /** The text in each row, only when some cell of the chunk is text. */
  texts?: (string | undefined)[]
}

/** Where a segment lies in the spill file: numbers, then text ids, then their dictionary. */
interface SpilledSegment {
  offset: number
  idsBytes: number
  dictBytes: number
}

interface Chunk {
  rows: number
  /** By column index; a column added after this chunk was made has no segment: all missing. */
  segments: (Segment | SpilledSegment | undefined)[]
  bytes: number
}

/** One chunk of a scan: rows start … start + rows − 1 of the columns the scan asked for. */
export interface ChunkView {
  readonly start: number
  readonly rows: number
  /** Each row's number, NaN where the cell is text or missing; undefined: all missing. */
  numbers(c: number): Float64Array | undefined
  /** Each row's text, where the cell is text; undefined when no cell of the chunk is. */
  texts(c: number): (string | undefined)[] | undefined
}

export function cellAt(chunk: ChunkView, c: number, r: number): Cell {
  const text = chunk.texts(c)?.[r]
  if (text !== undefined) return text
  const n = chunk.numbers(c)?.[r] ?? NaN
  return Number.isNaN(n) ? null : n
}

export class Table {
  /** Where in the file it came from when that is not the whole file (a JSON path, a heading). */
  readonly name?: string
  /** The named numbers of a JSON document gathered in one row: values, not records. */
  readonly values?: true
  readonly columns: string[]
  private readonly chunks: Chunk[]
  private readonly spill: Spill | undefined
  readonly rowCount: number

  /** @internal built by TableBuilder */
  constructor(
    columns: string[],
    chunks: Chunk[],
    spill: Spill | undefined,
    options: { name?: string; values?: true },
  ) {
    this.columns = columns
    this.chunks = chunks
    this.spill = spill
    this.rowCount = chunks.reduce((sum, chunk) => sum + chunk.rows, 0)
    if (options.name !== undefined) this.name = options.name
    if (options.values) this.values = true
  }

  /**
   * Visits the table a chunk at a time, with the given columns loaded: the fast way through, for
   * loops over typed arrays. Only one chunk of those columns is in memory at a time.
   */
  scanChunks(columns: readonly number[], visit: (chunk: ChunkView) => void): void {
    const numbers: (Float64Array | undefined)[] = []
    const texts: ((string | undefined)[] | undefined)[] = []
    const view = {
      start: 0,
      rows: 0,
      numbers: (c: number) => numbers[c],
      texts: (c: number) => texts[c],
    }
    for (const chunk of this.chunks) {
      for (const c of columns) {
        const segment = this.load(chunk, c)
        numbers[c] = segment?.numbers
        texts[c] = segment?.texts
      }
      view.rows = chunk.rows
      visit(view)
      view.start += chunk.rows
    }
  }

  /** Every cell of one column, in row order. */
  column(c: number): Cell[] {
    const out: Cell[] = []
    this.scanChunks([c], (chunk) => {
      for (let r = 0; r < chunk.rows; r++) out.push(cellAt(chunk, c, r))
    })
    return out
  }

  /** Every row as an array: only for tables known to be small (a format's few dozen rows). */
  rows(): Cell[][] {
    const all = this.columns.map((_, c) => c)
    const out: Cell[][] = []
    this.scanChunks(all, (chunk) => {
      for (let r = 0; r < chunk.rows; r++) out.push(all.map((c) => cellAt(chunk, c, r)))
    })
    return out
  }

  /** Closes the spill file, if the table needed one. */
  dispose(): void {
    this.spill?.close()
  }

  private load(chunk: Chunk, c: number): Segment | undefined {
    const segment = chunk.segments[c]
    if (!segment || 'numbers' in segment) return segment
    return this.spill!.read(segment, chunk.rows)
  }
}

export class TableBuilder {
  readonly columns: string[] = []
  private readonly index = new Map<string, number>()
  private readonly chunks: Chunk[] = []
  private current: Segment[] = []
  private capacity = FIRST_CAPACITY
  private filled = 0
  private spill: Spill | undefined
  private held = 0
  private readonly interned: Map<string, string>[] = []

  constructor(
    columns: readonly string[] = [],
    private readonly options: { name?: string; values?: true } = {},
    /** How many rows are coming, when known: the first chunk is made that size, not grown to it. */
    expectedRows = 0,
  ) {
    this.capacity = Math.max(
      FIRST_CAPACITY,
      Math.min(expectedRows, this.chunkRowsFor(columns.length)),
    )
    for (const name of columns) this.addColumn(name)
  }

  /** The column's index, adding it (missing in every earlier row) when it is new. */
  addColumn(name: string): number {
    const known = this.index.get(name)
    if (known !== undefined) return known
    const c = this.columns.length
    this.columns.push(name)
    this.index.set(name, c)
    this.current.push({ numbers: new Float64Array(this.capacity).fill(NaN) })
    return c
  }

  /** Adds one row; cells past the last column are dropped, missing ones are missing. */
  addRow(cells: ArrayLike<Cell>): void {
    if (this.filled === this.capacity) this.grow()
    const r = this.filled++
    const width = Math.min(cells.length, this.columns.length)
    for (let c = 0; c < width; c++) {
      const cell = cells[c]
      if (typeof cell === 'number') this.current[c]!.numbers[r] = cell
      else if (typeof cell === 'string') {
        const segment = this.current[c]!
        segment.texts ??= new Array<string | undefined>(this.capacity)
        segment.texts[r] = cell
      }
    }
  }

  /** Gives up a table half built (its file turned out to need reading again). */
  discard(): void {
    heldBytes -= this.held
    this.held = 0
    this.chunks.length = 0
    this.spill?.close()
  }

  /**
   * Adds one row of raw text fields (a CSV's), each typed as `toCell` types it straight into its
   * column: no array of cells in between. Fields past `width` are dropped, missing ones missing.
   */
  addFields(fields: readonly string[], width: number): void {
    if (this.filled === this.capacity) this.grow()
    const r = this.filled++
    const segments = this.current
    const end = Math.min(width, fields.length, segments.length)
    for (let c = 0; c < end; c++) {
      const segment = segments[c]!
      const text = typeInto(fields[c]!, segment.numbers, r)
      if (text !== null) {
        ;(segment.texts ??= new Array<string | undefined>(this.capacity))[r] = this.intern(c, text)
      }
    }
  }

  /**
   * A field papaparse cut from its chunk of the file keeps that whole chunk alive; a model name on
   * every row would keep every chunk. Each column's first few thousand distinct texts are copied
   * once and shared by every row that holds them.
   */
  private intern(c: number, text: string): string {
    const known = (this.interned[c] ??= new Map<string, string>())
    const shared = known.get(text)
    if (shared !== undefined) return shared
    if (known.size >= MAX_INTERNED) return text
    const copy = Buffer.from(text, 'utf8').toString('utf8')
    known.set(copy, copy)
    return copy
  }

  build(): Table {
    if (this.filled > 0) this.seal()
    const table = new Table(this.columns, this.chunks, this.spill, this.options)
    heldBytes -= this.held
    this.held = 0
    return table
  }

  private chunkRows(): number {
    return this.chunkRowsFor(this.columns.length)
  }

  private chunkRowsFor(width: number): number {
    const rows = Math.floor(CHUNK_CELLS / Math.max(1, width))
    return Math.max(FIRST_CAPACITY, Math.min(MAX_CHUNK_ROWS, rows))
  }

  private grow(): void {
    if (this.capacity >= this.chunkRows()) {
      this.seal()
      return
    }
    const capacity = Math.min(this.capacity * 2, this.chunkRows())
    for (const segment of this.current) {
      const numbers = new Float64Array(capacity).fill(NaN)
      numbers.set(segment.numbers)
      segment.numbers = numbers
      if (segment.texts) segment.texts.length = capacity
    }
    this.capacity = capacity
  }

  private seal(): void {
    const rows = this.filled
    const segments = this.current.map((segment) => ({
      numbers: segment.numbers.subarray(0, rows),
      ...(segment.texts ? { texts: segment.texts.slice(0, rows) } : {}),
    }))
    const bytes = rows * 8 * segments.length
    this.chunks.push({ rows, segments, bytes })
    this.held += bytes
    heldBytes += bytes
    this.current = this.columns.map(() => ({ numbers: new Float64Array(this.capacity).fill(NaN) }))
    this.filled = 0
    if (heldBytes > memoryBudget) this.spillChunks()
  }

  private spillChunks(): void {
    this.spill ??= new Spill()
    for (const chunk of this.chunks) {
      chunk.segments = chunk.segments.map((segment) =>
        segment && 'numbers' in segment ? this.spill!.write(segment) : segment,
      )
    }
    heldBytes -= this.held
    this.held = 0
  }
}

/** A table from rows already in memory: JSON records, a Markdown table, a test's literal. */
export function tableOf(
  columns: readonly string[],
  rows: readonly (readonly Cell[])[],
  options: { name?: string; values?: true } = {},
): Table {
  const builder = new TableBuilder(columns, options)
  for (const row of rows) builder.addRow(row)
  return builder.build()
}

/**
 * A temporary file, unlinked as soon as it is open where the system allows: a step that is killed
 * leaves nothing behind.
 */
class Spill {
  private readonly fd: number
  private readonly file: string
  private unlinked = false
  private closed = false
  private size = 0

  constructor() {
    const dir = process.env['RUNNER_TEMP'] || os.tmpdir()
    this.file = path.join(
      dir,
      `benchmark-analyst-${process.pid}-${Math.random().toString(36).slice(2)}.spill`,
    )
    this.fd = fs.openSync(this.file, 'wx+', 0o600)
    try {
      fs.unlinkSync(this.file)
      this.unlinked = true
    } catch {
      // Windows keeps an open file's name: it is removed on close instead.
    }
  }

  write(segment: Segment): SpilledSegment {
    const offset = this.size
    this.append(
      new Uint8Array(
        segment.numbers.buffer,
        segment.numbers.byteOffset,
        segment.numbers.byteLength,
      ),
    )
    if (!segment.texts) return { offset, idsBytes: 0, dictBytes: 0 }
    // Text as ids into the chunk's own list of distinct strings: a model name on every row is
    // written once per chunk.
    const ids = new Uint32Array(segment.numbers.length)
    const dictionary = new Map<string, number>()
    segment.texts.forEach((text, r) => {
      if (text === undefined) return
      let id = dictionary.get(text)
      if (id === undefined) dictionary.set(text, (id = dictionary.size + 1))
      ids[r] = id
    })
    this.append(new Uint8Array(ids.buffer))
    const dict = Buffer.from(JSON.stringify([...dictionary.keys()]))
    this.append(dict)
    return { offset, idsBytes: ids.byteLength, dictBytes: dict.length }
  }

  read(segment: SpilledSegment, rows: number): Segment {
    const numbers = new Float64Array(rows)
    this.readAt(new Uint8Array(numbers.buffer), segment.offset)
    if (segment.idsBytes === 0) return { numbers }
    const ids = new Uint32Array(rows)
    this.readAt(new Uint8Array(ids.buffer), segment.offset + numbers.byteLength)
    const dict = Buffer.alloc(segment.dictBytes)
    this.readAt(dict, segment.offset + numbers.byteLength + segment.idsBytes)
    const strings = JSON.parse(dict.toString('utf8')) as string[]
    const texts = new Array<string | undefined>(rows)
    for (let r = 0; r < rows; r++) if (ids[r]! > 0) texts[r] = strings[ids[r]! - 1]
    return { numbers, texts }
  }

  close(): void {
    if (this.closed) return
    this.closed = true
    fs.closeSync(this.fd)
    if (!this.unlinked) fs.rmSync(this.file, { force: true })
  }

  private append(bytes: Uint8Array): void {
    let done = 0
    while (done < bytes.length) {
      done += fs.writeSync(this.fd, bytes, done, bytes.length - done, this.size + done)
    }
    this.size += bytes.length
  }

  private readAt(into: Uint8Array, offset: number): void {
    let done = 0
    while (done < into.length) {
      const n = fs.readSync(this.fd, into, done, into.length - done, offset + done)
      if (n === 0) throw new Error('spill file shorter than written')
      done += n
    }
  }
}
