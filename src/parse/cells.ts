import type { Cell } from './parsed.js'

const NUMBER = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/
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
  // By hand, not by a back-referencing regex: a cell of a thousand backticks made that one
  // backtrack for minutes. Each round strips one pair of markers, so this is linear.
  for (;;) {
    const marker = wrapping(value)
    if (!marker) return value
    value = value.slice(marker, value.length - marker).trim()
  }
}

/** How many characters of the same emphasis or code marker open and close the value, or 0. */
function wrapping(value: string): number {
  for (const pair of ['**', '__']) {
    if (value.length > 4 && value.startsWith(pair) && value.endsWith(pair)) return 2
  }
  const first = value[0]
  if (first === '`') {
    let open = 0
    while (value[open] === '`') open++
    let close = 0
    while (close < value.length && value[value.length - 1 - close] === '`') close++
    const run = Math.min(open, close)
    return value.length > 2 * run ? run : 0
  }
  if ((first === '*' || first === '_') && value.length > 2 && value.endsWith(first)) return 1
  return 0
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
