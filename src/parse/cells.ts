import type { Cell } from './parsed.js'

// What pandas, numpy and Python's csv module write for "no value": none is longer than 4.
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

/**
 * Types one raw field: a number when the whole field is one, missing when it says so. Called for
 * every field of every CSV, so it looks at character codes rather than running regexes.
 */
export function toCell(raw: string): Cell {
  const value = hasOuterSpace(raw) ? raw.trim() : raw
  if (value.length <= 4 && MISSING.has(value)) return null
  const n = decimalValue(value)
  if (Number.isNaN(n)) return value
  return Number.isFinite(n) ? n : null
}

/**
 * toCell for a column stored as numbers: a number goes straight into `numbers[r]` (never boxed
 * as an object on the way, which for ten million rows was most of the garbage) and null comes
 * back; a text comes back as itself; a missing value leaves `numbers[r]` as it is and gives null.
 */
export function typeInto(raw: string, numbers: Float64Array, r: number): string | null {
  const value = hasOuterSpace(raw) ? raw.trim() : raw
  if (value.length <= 4 && MISSING.has(value)) return null
  const n = decimalValue(value)
  if (Number.isNaN(n)) return value
  if (Number.isFinite(n)) numbers[r] = n
  return null
}

function hasOuterSpace(raw: string): boolean {
  if (raw.length === 0) return false
  const first = raw.charCodeAt(0)
  const last = raw.charCodeAt(raw.length - 1)
  return first <= 32 || last <= 32 || first >= 0xa0 || last >= 0xa0
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57
const POWERS = Array.from({ length: 23 }, (_, k) => 10 ** k)

/** `[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?`, the decimal numbers a CSV writer prints. */
export function isDecimal(text: string): boolean {
  return !Number.isNaN(decimalValue(text))
}

/**
 * The double `Number()` gives for a decimal text, NaN for any other text (no decimal is NaN). With at most 15
 * digits and no exponent, the digits and the power of ten are both exact doubles, so their one
 * division is correctly rounded (Clinger's fast path) and equals `Number()`: most of a benchmark
 * CSV is such numbers, and this spares parsing each twice.
 */
export function decimalValue(text: string): number {
  const end = text.length
  let i = 0
  let c = text.charCodeAt(0)
  const negative = c === 45
  if (c === 43 || c === 45) c = text.charCodeAt(++i)
  let digits = 0
  let fraction = 0
  let mantissa = 0
  while (i < end && isDigit(c)) {
    mantissa = mantissa * 10 + c - 48
    c = text.charCodeAt(++i)
    digits++
  }
  if (c === 46) {
    c = text.charCodeAt(++i)
    while (i < end && isDigit(c)) {
      mantissa = mantissa * 10 + c - 48
      c = text.charCodeAt(++i)
      digits++
      fraction++
    }
  }
  if (digits === 0) return NaN
  if (i === end) {
    if (digits > 15) return Number(text)
    const value = fraction === 0 ? mantissa : mantissa / POWERS[fraction]!
    return negative ? -value : value
  }
  if (c !== 101 && c !== 69) return NaN
  c = text.charCodeAt(++i)
  if (c === 43 || c === 45) c = text.charCodeAt(++i)
  let exponent = 0
  while (i < end && isDigit(c)) {
    c = text.charCodeAt(++i)
    exponent++
  }
  return exponent > 0 && i === end ? Number(text) : NaN
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
