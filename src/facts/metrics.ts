// One table → its metrics: every measurement column summarised over the whole table and, where
// the rows were run under several configurations, per configuration, with the best one named.
// Everything is read in passes over the table's columns, a chunk at a time, never as rows: a table
// of ten million rows costs its accumulators, not its rows.
import { cellAt, type Cell, type ChunkView, type Table } from '../parse/table.js'
import type { Metric, Stats } from '../report.js'
import { classifyColumns, markFailed, statusColumns, type ColumnRole } from './columns.js'
import { quantilesByGroup } from './select.js'
import { describe } from './stats.js'
import { readMetricName } from './units.js'

const MAX_GROUPS = 64
const MAX_SPLIT_COLUMNS = 6
/**
 * Up to this many values (rows × measurement columns) are held and sorted. Past it, each summary
 * is kept in running sums and its median and p95 are found exactly by reading the column again
 * (select.ts), so memory stays flat however long the table is.
 */
let heldValues = 2_000_000

/** For tests: 0 sends every table down the streamed path, so it can be held to the held one. */
export function setHeldValues(values: number): number {
  const before = heldValues
  heldValues = values
  return before
}
/** Summaries whose quantiles are selected in one set of passes: bounds select.ts's histograms. */
const SELECTED_AT_ONCE = 64

export interface TableFacts {
  metrics: Metric[]
  rows: number
  failedRows: number
  roles: ColumnRole[]
}

/** A pass over the kept rows: each chunk with its failed rows marked and each row's group. */
type Pass = (each: (chunk: ChunkView, failed: Uint8Array, groups: Int32Array) => void) => void
/** A metric's summary over the whole table (slot 0) or one group (slot 1 + group). */
type Summaries = (metric: number, slot: number) => Stats | undefined

export function tableMetrics(file: string, table: Table): TableFacts {
  const roles = classifyColumns(table)
  const status = statusColumns(roles)
  const config = roles.flatMap((role, c) => (role.role === 'config' ? [c] : []))
  const measured = roles.flatMap((role, c) => (role.role === 'metric' ? [c] : []))
  const failed = new Uint8Array(Math.min(table.rowCount, 1 << 16))
  const mark = (chunk: ChunkView): Uint8Array => {
    const mask = chunk.rows <= failed.length ? failed : new Uint8Array(chunk.rows)
    markFailed(roles, chunk, mask)
    return mask
  }

  // Rows are grouped by every setting at once, in the same pass that sums them. Only settings
  // that change among the kept rows split the table (a constant `model` column says what was
  // run); a setting with more values than groups are allowed (a seed, a note) would make every
  // row its own group: that is a label, and grouping stops.
  const grouping = new Grouping(roles, config)
  const groupIds = new Int32Array(failed.length)
  let failedRows = -1
  const pass: Pass = (each) => {
    const counting = failedRows < 0
    if (counting) failedRows = 0
    table.scanChunks([...status, ...config, ...measured], (chunk) => {
      const mask = mark(chunk)
      if (counting) for (let r = 0; r < chunk.rows; r++) failedRows += mask[r]!
      const ids = chunk.rows <= groupIds.length ? groupIds : new Int32Array(chunk.rows)
      grouping.assign(chunk, mask, ids)
      each(chunk, mask, ids)
    })
  }
  const summaries =
    table.rowCount * measured.length <= heldValues
      ? heldSummaries(measured, pass, table.rowCount)
      : streamedSummaries(measured, pass, grouping)
  const groups = grouping.sorted()

  const metrics: Metric[] = []
  measured.forEach((c, m) => {
    const name = roles[c]!.name
    const reading = readMetricName(name)
    const base: Base = {
      file,
      table: table.name,
      name,
      unit: reading.unit,
      direction: reading.direction,
    }
    const whole = summaries(m, 0)
    if (!whole) return
    const entry = metricOf(base, whole)
    metrics.push(entry)
    if (groups.length < 2) return
    const split: Metric[] = []
    for (const { id, group } of groups) {
      const stats = summaries(m, 1 + id)
      if (stats) split.push(metricOf(base, stats, group))
    }
    if (reading.direction !== 'unknown' && split.length > 1) {
      const better = (a: Metric, b: Metric): Metric =>
        (reading.direction === 'higher' ? b.mean > a.mean : b.mean < a.mean) ? b : a
      const best = split.reduce(better)
      entry.best = { group: best.group!, mean: best.mean }
    }
    metrics.push(...split)
  })
  return { metrics, rows: table.rowCount, failedRows: Math.max(0, failedRows), roles }
}

interface Base {
  file: string
  table: string | undefined
  name: string
  unit: string | undefined
  direction: Metric['direction']
}

/**
 * A metric built field by field, in report.json's order: spreading a base and the statistics
 * into each of a hundred thousand metrics was a tenth of facts' time.
 */
function metricOf(base: Base, stats: Stats, group?: Record<string, string>): Metric {
  const metric = { file: base.file } as Metric
  if (base.table) metric.table = base.table
  metric.name = base.name
  if (base.unit) metric.unit = base.unit
  metric.direction = base.direction
  if (group) metric.group = group
  metric.n = stats.n
  metric.mean = stats.mean
  if (stats.median !== undefined) metric.median = stats.median
  if (stats.min !== undefined) metric.min = stats.min
  if (stats.max !== undefined) metric.max = stats.max
  if (stats.stddev !== undefined) metric.stddev = stats.stddev
  if (stats.p95 !== undefined) metric.p95 = stats.p95
  return metric
}

/**
 * Each kept row's settings → a group id, in order of first appearance. A row's id is built one
 * setting at a time (the id so far and this setting's value → the next id), so any number of
 * setting columns costs a few lookups a row, and stops as soon as there are too many groups.
 */
class Grouping {
  /** Per setting column: each raw value's index among that column's distinct keys. */
  private readonly indexes: Map<Cell, number>[]
  private readonly keys: Map<string, number>[]
  private readonly names: string[][]
  /** Per setting column: (id so far × width + value index) → id so far including it. */
  private readonly steps: Map<number, number>[]
  /** Each group's value index in every setting column. */
  private readonly combos: number[][] = []
  private overflow = false

  constructor(
    private readonly roles: ColumnRole[],
    private readonly columns: number[],
  ) {
    this.indexes = columns.map(() => new Map())
    this.keys = columns.map(() => new Map())
    this.names = columns.map(() => [])
    this.steps = columns.map(() => new Map())
  }

  /** How many groups were seen; past MAX_GROUPS, the table is not grouped. */
  get size(): number {
    return this.overflow ? MAX_GROUPS + 1 : this.combos.length
  }

  /** Writes each row's group (−1 for no grouping or a failed row) into ids. */
  assign(chunk: ChunkView, failed: Uint8Array, ids: Int32Array): void {
    ids.fill(-1, 0, chunk.rows)
    if (this.columns.length === 0 || this.overflow) return
    const last = this.columns.length - 1
    for (let r = 0; r < chunk.rows; r++) {
      if (failed[r]) continue
      let id = 0
      for (let i = 0; i <= last; i++) {
        const index = this.indexOf(i, cellAt(chunk, this.columns[i]!, r))
        if (index > MAX_GROUPS) return this.stop()
        const step = id * (MAX_GROUPS + 1) + index
        let next = this.steps[i]!.get(step)
        if (next === undefined) {
          next = this.steps[i]!.size
          if (next > MAX_GROUPS) return this.stop()
          this.steps[i]!.set(step, next)
          if (i === last) this.combos[next] = this.valuesOf(r, chunk)
        }
        id = next
      }
      ids[r] = id
    }
  }

  private stop(): void {
    this.overflow = true
  }

  private valuesOf(r: number, chunk: ChunkView): number[] {
    return this.columns.map((c, i) => this.indexOf(i, cellAt(chunk, c, r)))
  }

  private indexOf(i: number, cell: Cell): number {
    const known = this.indexes[i]!.get(cell)
    if (known !== undefined) return known
    // 1 and "1" are one setting, as they print the same.
    const text = key(cell)
    let index = this.keys[i]!.get(text)
    if (index === undefined) {
      index = this.names[i]!.length
      this.keys[i]!.set(text, index)
      this.names[i]!.push(text)
    }
    if (this.indexes[i]!.size <= 2 * MAX_GROUPS + 2) this.indexes[i]!.set(cell, index)
    return index
  }

  /**
   * The groups, each named by the settings that change, in the order a reader expects: numbers
   * by value (batch 1, 8, 32), text by name. None when the table is not to be split.
   */
  sorted(): { id: number; group: Record<string, string> }[] {
    const varying = this.columns.flatMap((c, i) => (this.names[i]!.length > 1 ? [{ c, i }] : []))
    if (this.overflow || varying.length === 0 || varying.length > MAX_SPLIT_COLUMNS) return []
    const compare = (a: string, b: string): number => {
      const x = Number(a)
      const y = Number(b)
      if (a !== '' && b !== '' && Number.isFinite(x) && Number.isFinite(y)) return x - y
      return a < b ? -1 : a > b ? 1 : 0
    }
    return this.combos
      .map((combo, id) => ({
        id,
        group: Object.fromEntries(
          varying.map(({ c, i }) => [this.roles[c]!.name, this.names[i]![combo[i]!]!]),
        ),
      }))
      .sort((a, b) => {
        for (const name of Object.keys(a.group)) {
          const order = compare(a.group[name]!, b.group[name]!)
          if (order !== 0) return order
        }
        return 0
      })
  }
}

/** A growing list of numbers in a Float64Array: what `describe` sorts. */
class Values {
  array: Float64Array
  length = 0
  constructor(capacity = 16) {
    this.array = new Float64Array(Math.max(16, capacity))
  }
  push(v: number): void {
    if (this.length === this.array.length) {
      const grown = new Float64Array(this.array.length * 2)
      grown.set(this.array)
      this.array = grown
    }
    this.array[this.length++] = v
  }
}

/** A table small enough to hold: every value kept and sorted. */
function heldSummaries(measured: number[], pass: Pass, rows: number): Summaries {
  const values: Values[][] = measured.map(() => [new Values(rows)])
  pass((chunk, failed, groups) => {
    measured.forEach((c, m) => {
      const numbers = chunk.numbers(c)
      if (!numbers) return
      const slots = values[m]!
      const whole = slots[0]!
      for (let r = 0; r < chunk.rows; r++) {
        const v = numbers[r]!
        if (failed[r] || !Number.isFinite(v)) continue
        whole.push(v)
        const g = groups[r]!
        if (g >= 0) (slots[1 + g] ??= new Values()).push(v)
      }
    })
  })
  return (m, slot) => {
    const held = values[m]![slot]
    return held ? describe(held.array.subarray(0, held.length)) : undefined
  }
}

interface Running {
  n: number
  mean: number
  /** Sum of squared distances from the running mean (Welford): exact where Σx² loses digits. */
  m2: number
  min: number
  max: number
}

/** A table too long to hold: running sums in one pass, then exact quantiles by reading again. */
function streamedSummaries(measured: number[], pass: Pass, grouping: Grouping): Summaries {
  const running: Running[][] = measured.map(() => [])
  const add = (slots: Running[], slot: number, v: number): void => {
    const r = (slots[slot] ??= { n: 0, mean: 0, m2: 0, min: Infinity, max: -Infinity })
    r.n++
    const delta = v - r.mean
    r.mean += delta / r.n
    r.m2 += delta * (v - r.mean)
    if (v < r.min) r.min = v
    if (v > r.max) r.max = v
  }
  pass((chunk, failed, groups) => {
    measured.forEach((c, m) => {
      const numbers = chunk.numbers(c)
      if (!numbers) return
      for (let r = 0; r < chunk.rows; r++) {
        const v = numbers[r]!
        if (failed[r] || !Number.isFinite(v)) continue
        add(running[m]!, 0, v)
        if (groups[r]! >= 0) add(running[m]!, 1 + groups[r]!, v)
      }
    })
  })

  // Groups past the limit are not reported; their quantiles are not worth a pass.
  const slots = 1 + (grouping.sorted().length > 0 ? grouping.size : 0)
  const wanted = measured.flatMap((_, m) =>
    Array.from({ length: slots }, (_, slot) => ({ m, slot })).filter(
      ({ slot }) => (running[m]![slot]?.n ?? 0) > 0,
    ),
  )
  const quantiles = new Map<string, { median: number; p95?: number }>()
  for (let i = 0; i < wanted.length; i += SELECTED_AT_ONCE) {
    const batch = wanted.slice(i, i + SELECTED_AT_ONCE)
    // Where each (metric, slot) is in the batch, −1 when not: looked up for every value read.
    const index = new Int32Array(measured.length * slots).fill(-1)
    batch.forEach(({ m, slot }, b) => (index[m * slots + slot] = b))
    const found = quantilesByGroup(
      (each) =>
        pass((chunk, failed, groups) => {
          measured.forEach((c, m) => {
            const numbers = chunk.numbers(c)
            if (!numbers) return
            const whole = index[m * slots]!
            for (let r = 0; r < chunk.rows; r++) {
              const v = numbers[r]!
              if (failed[r] || !Number.isFinite(v)) continue
              if (whole >= 0) each(v, whole)
              const g = groups[r]!
              const b = g >= 0 && g < slots - 1 ? index[m * slots + 1 + g]! : -1
              if (b >= 0) each(v, b)
            }
          })
        }),
      batch.map(({ m, slot }) => running[m]![slot]!.n),
      undefined,
      batch.map(({ m, slot }) => running[m]![slot]!),
    )
    batch.forEach(({ m, slot }, b) => quantiles.set(`${m}:${slot}`, found[b]!))
  }

  return (m, slot) => {
    const r = running[m]![slot]
    const q = quantiles.get(`${m}:${slot}`)
    if (!r || !q) return undefined
    const stats: Stats = {
      n: r.n,
      mean: r.mean,
      median: q.median,
      min: r.min,
      max: r.max,
      stddev: r.n > 1 ? Math.sqrt(r.m2 / (r.n - 1)) : 0,
    }
    if (q.p95 !== undefined) stats.p95 = q.p95
    return stats
  }
}

function key(value: unknown): string {
  return value === null || value === undefined ? '(none)' : String(value)
}
