import type { Cell } from './parsed.js'

const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/
// What pandas, numpy and Python's csv module write for "no value".
const MISSING = new Set([
  '',
  'nan',
  'NaN',
  'NAN',
  'null',
  'NULL',
  'None',
  'N/A',
  'n/a',
  'NA',
  '#N/A',
])

/** Types one raw field: a number when the whole field is one, missing when it says so. */
export function toCell(raw: string): Cell {
  const value = raw.trim()
  if (MISSING.has(value)) return null
  if (NUMBER.test(value)) {
    const n = Number(value)
    return Number.isFinite(n) ? n : null
  }
  return value
}

// Markdown tables are written for people: `1,234`, `41.2 tok/s`, `12.5%`, `**98.0**`.
const DECORATED =
  /^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?(?=\s*[a-zA-Zµ%/]*\s*$)/

/** `**98.0**`, `_fast_`, `` `name` `` → the text inside; underscores within names are kept. */
export function unwrap(raw: string): string {
  let value = raw.trim()
  for (let match; (match = /^(\*\*|__|\*|_|`+)(.+)\1$/.exec(value));) value = match[2]!.trim()
  return value
}

/** Types a cell written for people, keeping the unit it carried (for the column's unit). */
export function toDecoratedCell(raw: string): { cell: Cell; unit?: string } {
  const value = unwrap(raw)
  const plain = toCell(value)
  if (typeof plain !== 'string') return { cell: plain }
  const match = DECORATED.exec(value)
  if (!match) return { cell: plain }
  const n = Number(match[0].replace(/,/g, ''))
  if (!Number.isFinite(n)) return { cell: plain }
  const unit = value.slice(match[0].length).trim()
  return unit ? { cell: n, unit } : { cell: n }
}
