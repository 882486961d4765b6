// One table → its metrics: every measurement column summarised over the whole table and, where
// the rows were run under several configurations, per configuration, with the best one named.
import type { Table } from '../parse/parsed.js'
import type { Metric } from '../report.js'
import { classifyColumns, rowFailed, type ColumnRole } from './columns.js'
import { describe } from './stats.js'
import { readMetricName } from './units.js'

const MAX_GROUPS = 64
const MAX_SPLIT_COLUMNS = 6

export interface TableFacts {
  metrics: Metric[]
  rows: number
  failedRows: number
  roles: ColumnRole[]
}

export function tableMetrics(file: string, table: Table): TableFacts {
  const roles = classifyColumns(table)
  const kept = table.rows.filter((row) => !rowFailed(row, roles))
  const failedRows = table.rows.length - kept.length

  // Only settings that change inside the table split it: a constant `model` column says what was
  // run, it does not make groups.
  const splitBy = roles
    .map((role, c) => ({ role, c }))
    .filter(
      ({ role, c }) => role.role === 'config' && new Set(kept.map((row) => key(row[c]))).size > 1,
    )
  const groups = new Map<string, { group: Record<string, string>; rows: typeof kept }>()
  if (splitBy.length > 0 && splitBy.length <= MAX_SPLIT_COLUMNS) {
    for (const row of kept) {
      const group: Record<string, string> = {}
      for (const { role, c } of splitBy) group[role.name] = key(row[c])
      const id = JSON.stringify(group)
      const entry = groups.get(id) ?? { group, rows: [] }
      entry.rows.push(row)
      groups.set(id, entry)
    }
  }

  // A "setting" with a value per row (a free-text note, a seed) would make every row its own
  // group: that is a label, and splitting by it says nothing.
  if (groups.size > MAX_GROUPS) groups.clear()

  const metrics: Metric[] = []
  roles.forEach((role, c) => {
    if (role.role !== 'metric') return
    const reading = readMetricName(role.name)
    const base = {
      file,
      ...(table.name ? { table: table.name } : {}),
      name: role.name,
      ...(reading.unit ? { unit: reading.unit } : {}),
      direction: reading.direction,
    }
    const whole = describe(numbers(kept, c))
    if (!whole) return
    const entry: Metric = { ...base, ...whole }
    metrics.push(entry)
    if (groups.size < 2) return
    const split: Metric[] = []
    for (const { group, rows } of sortedGroups(groups)) {
      const stats = describe(numbers(rows, c))
      if (stats) split.push({ ...base, group, ...stats })
    }
    if (reading.direction !== 'unknown' && split.length > 1) {
      const better = (a: Metric, b: Metric): Metric =>
        (reading.direction === 'higher' ? b.mean > a.mean : b.mean < a.mean) ? b : a
      const best = split.reduce(better)
      entry.best = { group: best.group!, mean: best.mean }
    }
    metrics.push(...split)
  })
  return { metrics, rows: table.rows.length, failedRows, roles }
}

function numbers(rows: readonly (readonly unknown[])[], c: number): number[] {
  const out: number[] = []
  for (const row of rows) {
    const v = row[c]
    if (typeof v === 'number' && Number.isFinite(v)) out.push(v)
  }
  return out
}

function key(value: unknown): string {
  return value === null || value === undefined ? '(none)' : String(value)
}

// Groups in a stable order a reader expects: numbers by value (batch 1, 8, 32), text by name.
function sortedGroups<T extends { group: Record<string, string> }>(groups: Map<string, T>): T[] {
  const compare = (a: string, b: string): number => {
    const x = Number(a)
    const y = Number(b)
    if (a !== '' && b !== '' && Number.isFinite(x) && Number.isFinite(y)) return x - y
    return a < b ? -1 : a > b ? 1 : 0
  }
  return [...groups.values()].sort((a, b) => {
    for (const name of Object.keys(a.group)) {
      const order = compare(a.group[name]!, b.group[name]!)
      if (order !== 0) return order
    }
    return 0
  })
}
