// A JSON file too large to hold as objects (a million records take ten times their text) is read
// a chunk at a time. A scanner that follows only strings and brackets finds where each element
// of the document's big arrays begins and ends (the top-level array, or an array that is a
// top-level member's value); each element alone goes through JSON.parse, and its record is stored
// by column at once. Everything else (a run's settings, its summary) is small, kept and read as
// the whole-file reader reads it. JSON Lines are the same with one element per line.
import { replaceNonFinite } from './json-literals.js'
import { addRecord, isRecord, walk, type Json } from './json.js'
import type { ParseOutcome } from './parsed.js'
import { TableBuilder, type Cell } from './table.js'

const QUOTE = 34
const BACKSLASH = 92
const COMMA = 44
const COLON = 58
const OPEN_OBJECT = 123
const CLOSE_OBJECT = 125
const OPEN_ARRAY = 91
const CLOSE_ARRAY = 93

/** Where an array's elements go: records to its table, numbers to its series. */
class Elements {
  private records: TableBuilder | undefined
  private series: TableBuilder | undefined
  private readonly row: Cell[] = []
  /** Elements that are neither, kept for the whole-file reading of the rest. */
  readonly others: unknown[] = []
  innerArrays = 0
  size = 0

  constructor(readonly path: string) {}

  add(element: unknown): void {
    this.size++
    if (isRecord(element)) {
      this.records ??= new TableBuilder([], this.path ? { name: this.path } : {})
      if (Object.values(element).some(Array.isArray)) this.innerArrays++
      addRecord(this.records, element, this.row)
    } else if (typeof element === 'number' || element === null) {
      this.series ??= new TableBuilder([this.path || 'value'], this.path ? { name: this.path } : {})
      this.row[0] = typeof element === 'number' && Number.isFinite(element) ? element : null
      this.series.addRow(this.row)
    } else this.others.push(element)
  }

  tables() {
    return [this.records?.build(), this.series?.build()].filter((t) => t !== undefined)
  }
}

/** Reads the stream; JSON Lines when `lines`, else one JSON document. */
export async function parseJsonStream(
  text: AsyncIterable<string>,
  lines: boolean,
): Promise<ParseOutcome> {
  const reader = lines ? new LinesReader() : new DocumentReader()
  for await (const chunk of text) reader.push(chunk)
  return reader.finish()
}

abstract class Reader {
  protected buffer = ''
  protected replaced = 0
  protected bad = 0
  protected readonly arrays: Elements[] = []

  abstract push(chunk: string): void
  abstract finish(): ParseOutcome

  /** JSON.parse of one element, with Python's NaN and Infinity read as missing. */
  protected parse(text: string): { ok: true; value: unknown } | { ok: false } {
    try {
      return { ok: true, value: JSON.parse(text) }
    } catch {
      const fixed = replaceNonFinite(text)
      if (fixed.replaced > 0) {
        try {
          const value: unknown = JSON.parse(fixed.text)
          this.replaced += fixed.replaced
          return { ok: true, value }
        } catch {
          // Not JSON either way: counted below.
        }
      }
      this.bad++
      return { ok: false }
    }
  }

  protected document(rest: unknown, warnings: string[]): ParseOutcome {
    if (this.replaced > 0) warnings.push(`${this.replaced} NaN/Infinity value(s) read as missing`)
    const inner = this.arrays.reduce((sum, a) => sum + a.innerArrays, 0)
    if (inner > 0) {
      warnings.push(
        `${inner} record(s) hold arrays of their own, which are not read in a file this large`,
      )
    }
    const document = walk(rest, warnings)
    for (const elements of this.arrays) document.tables.push(...elements.tables())
    const columns = document.tables.flatMap((t) => t.columns)
    document.vocabulary = [...new Set([...document.vocabulary, ...columns])].slice(0, 2000)
    return { ok: true, document }
  }
}

class LinesReader extends Reader {
  private readonly elements = new Elements('')

  constructor() {
    super()
    this.arrays.push(this.elements)
  }

  push(chunk: string): void {
    this.buffer += chunk
    let start = 0
    for (let end = this.buffer.indexOf('\n'); end !== -1; end = this.buffer.indexOf('\n', start)) {
      this.line(this.buffer.slice(start, end))
      start = end + 1
    }
    this.buffer = this.buffer.slice(start)
  }

  finish(): ParseOutcome {
    this.line(this.buffer)
    if (this.elements.size === 0) {
      return { ok: false, problem: this.bad > 0 ? 'no line is valid JSON' : 'empty file' }
    }
    const warnings = this.bad > 0 ? [`${this.bad} line(s) that are not JSON skipped`] : []
    return this.document(this.elements.others, warnings)
  }

  private line(text: string): void {
    if (text.trim() === '') return
    const parsed = this.parse(text)
    if (parsed.ok) this.elements.add(parsed.value)
  }
}

/**
 * One document. The scanner's state survives between chunks; the buffer keeps only the text from
 * the start of the element (or member) being read, so it holds one element, not the file.
 */
class DocumentReader extends Reader {
  private i = 0
  private depth = 0
  private inString = false
  private escaped = false
  /** The top-level value's kind, once its first character is seen. */
  private top: 'array' | 'object' | 'other' | undefined
  /** The array whose elements are being read, and where the current one starts. */
  private streaming: Elements | undefined
  private elementStart = -1
  /** In a top-level object: where the current member starts, and its key once read. */
  private memberStart = -1
  private key: string | undefined
  private valueStart = -1
  private readonly rest: Record<string, Json> = {}
  private broken: string | undefined

  push(chunk: string): void {
    this.buffer += chunk
    this.scan()
    // Everything before what is still being read has been read.
    const keep = Math.min(
      ...[this.elementStart, this.memberStart].filter((at) => at >= 0),
      this.top === 'other' ? 0 : this.i,
    )
    if (keep > 0) {
      this.buffer = this.buffer.slice(keep)
      this.i -= keep
      if (this.elementStart >= 0) this.elementStart -= keep
      if (this.memberStart >= 0) this.memberStart -= keep
      if (this.valueStart >= 0) this.valueStart -= keep
    }
  }

  finish(): ParseOutcome {
    if (this.top === undefined) return { ok: false, problem: 'empty file' }
    if (this.top === 'other') {
      // A single scalar: the buffer kept all of it.
      const parsed = this.parse(this.buffer)
      if (!parsed.ok) return { ok: false, problem: 'invalid JSON' }
      return this.document(parsed.value, [])
    }
    if (this.broken || this.depth !== 0) {
      const problem = this.broken ?? 'invalid JSON: the file ends inside a value'
      return {
        ok: false,
        problem: this.depth !== 0 ? `${problem} (the file looks truncated)` : problem,
      }
    }
    const warnings: string[] = []
    if (this.bad > 0) warnings.push(`${this.bad} element(s) that are not JSON skipped`)
    const others = this.arrays.flatMap((a) => (a.others.length > 0 ? [[a.path, a.others]] : []))
    for (const [path, items] of others) this.rest[path as string] = items as Json[]
    return this.document(this.top === 'array' ? (others[0]?.[1] ?? []) : this.rest, warnings)
  }

  private scan(): void {
    const text = this.buffer
    for (; this.i < text.length && !this.broken; this.i++) {
      const c = text.charCodeAt(this.i)
      if (this.inString) {
        if (this.escaped) this.escaped = false
        else if (c === BACKSLASH) this.escaped = true
        else if (c === QUOTE) this.inString = false
        continue
      }
      if (c === QUOTE) {
        this.inString = true
        this.began()
      } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) this.open(c)
      else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) this.close()
      else if (c === COMMA) this.separator()
      else if (c === COLON && this.depth === 1 && this.top === 'object' && this.key === undefined) {
        this.readKey()
      } else if (c > 32) this.began()
    }
  }

  /** A value's first character at the top, or a top-level member's value. */
  private began(): void {
    if (this.top === undefined) this.top = 'other'
    if (this.depth === 1 && this.top === 'object' && this.memberStart < 0) {
      this.memberStart = this.i
    }
  }

  private open(c: number): void {
    if (this.top === undefined) {
      this.top = c === OPEN_ARRAY ? 'array' : 'object'
      this.depth = 1
      if (this.top === 'array') this.startArray('')
      return
    }
    // A top-level member whose value is an array: its elements are read one by one.
    const memberArray =
      this.top === 'object' &&
      this.depth === 1 &&
      c === OPEN_ARRAY &&
      this.key !== undefined &&
      this.buffer.slice(this.valueStart, this.i).trim() === ''
    this.depth++
    if (memberArray) {
      this.startArray(this.key!)
      // The key is known: nothing before the first element need be kept.
      this.memberStart = -1
    }
  }

  private startArray(path: string): void {
    this.streaming = new Elements(path)
    this.arrays.push(this.streaming)
    this.elementStart = this.i + 1
  }

  private close(): void {
    if (this.streaming && this.depth === (this.top === 'array' ? 1 : 2)) {
      this.element()
      this.streaming = undefined
      this.elementStart = -1
      this.depth--
      if (this.top === 'object') this.endMember(false)
      return
    }
    if (this.depth === 1 && this.top === 'object') this.endMember(true)
    this.depth--
    if (this.depth < 0) this.broken = 'invalid JSON: a bracket closes nothing'
  }

  private separator(): void {
    if (this.streaming && this.depth === (this.top === 'array' ? 1 : 2)) {
      this.element()
      this.elementStart = this.i + 1
    } else if (this.depth === 1 && this.top === 'object') this.endMember(true)
  }

  private element(): void {
    const text = this.buffer.slice(this.elementStart, this.i)
    if (text.trim() === '') return
    const parsed = this.parse(text)
    if (parsed.ok) this.streaming!.add(parsed.value)
  }

  private readKey(): void {
    const parsed = this.parse(this.buffer.slice(this.memberStart, this.i).trim())
    this.key = parsed.ok && typeof parsed.value === 'string' ? parsed.value : ''
    this.valueStart = this.i + 1
  }

  /** A member's end: its value, unless it was an array already read, is parsed and kept. */
  private endMember(hasValue: boolean): void {
    if (hasValue && this.key !== undefined) {
      const parsed = this.parse(this.buffer.slice(this.valueStart, this.i))
      if (parsed.ok) this.rest[this.key] = parsed.value as Json
    }
    this.key = undefined
    this.memberStart = -1
    this.valueStart = -1
  }
}
