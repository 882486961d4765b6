// The numbers in a piece of prose that a reader would take as claims. The analyst's narrative is
// checked number by number against the facts (see verify.ts), so this errs on the side of
// reading a number as a claim, and leaves out only what is plainly part of a name: model tags
// (gemma3:1b, q4_K_M, llama3.1), percentiles (p95), versions (v1.2.3), hashes (sha256), file
// names (run_2.csv), dates and times, issue numbers, list markers, and anything in code or links.

/** One number claim. */
export interface NumberClaim {
  /** As written, from the sign to the %, x or k/M suffix (units after it are not included). */
  raw: string
  /** The value, suffix applied: '−17.2 %' → −17.2, '3.4k' → 3400, '2.1x' → 2.1. */
  value: number
  isPercent: boolean
  /** A multiplier, '2.1x' or '2.1×': a ratio of two values. */
  isMultiplier: boolean
  /** Written with an explicit sign (+ or −), so the direction is part of the claim. */
  signed: boolean
  /**
   * The rounding the writing implies: 0.1 for '41.4', 1 for '41', 100 for '3.4k', 1e4 for
   * '1,890,000'. The claim holds for any true value within half a step.
   */
  step: number
  /** Offset in the text, at the first character of `raw`. */
  index: number
}

// A number: optional sign (hyphen, U+2212 minus, or en dash used as one), digits with or without
// thousands commas, decimals, exponent. Thousands groups must be whole: 1,2345 is not 12,345.
const NUMBER =
  /[-+\u2212\u2013]?(?:(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?|\.\d+)(?:[eE][-+]?\d+)?/g
const SIGN = /^[-+\u2212\u2013]/
const WORD = /[\p{L}\p{N}_]/u
const LETTER = /[\p{L}_]/u
const DIGIT = /\d/

// Units a number may carry directly ('10ms', '12.7tok/s'); any other letters make it a name
// ('1b', '2nd', '3D', '7B'), except k/K (thousands), M (millions) and x (a multiplier).
const UNITS = new Set([
  ...['ns', 'us', 'µs', 'μs', 'ms', 's', 'sec', 'secs', 'min', 'mins', 'h', 'hr', 'hrs'],
  ...['kb', 'mb', 'gb', 'tb', 'kib', 'mib', 'gib', 'tib', 'kbps', 'mbps', 'gbps'],
  ...['tok/s', 't/s', 'tokens/s', 'it/s', 'req/s', 'ops/s', 'rps', 'qps', 'fps'],
  ...['w', 'kw', 'ghz', 'mhz', 'c', 'pp'],
])
const SCALE_WORDS: Record<string, number> = { thousand: 1e3, million: 1e6, billion: 1e9 }

const MONTHS =
  'January|February|March|April|May|June|July|August|September|October|November|December|' +
  'Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec'

// Regions whose digits are never claims. Each is blanked (same length, newlines kept) before
// numbers are looked for, so offsets still point into the original text. Repetitions are
// bounded so that hostile text cannot make a pattern backtrack for long.
const NOT_CLAIMS: RegExp[] = [
  // fenced code blocks, closed or running to the end
  /^ {0,3}(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:\n {0,3}\1[`~]*[ \t]*(?=\n|$)|$(?![\s\S]))/gm,
  // code spans: a run of backticks up to the next run of the same length
  /(?<!`)(`+)(?!`)[\s\S]{0,2000}?(?<!`)\1(?!`)/g,
  /<!--[\s\S]*?-->/g,
  /<\/?[A-Za-z][^<>\n]*>/g,
  // link destinations, addresses, e-mail
  /\]\([^)\s]{0,2000}(?:\s+(?:"[^"\n]{0,200}"|'[^'\n]{0,200}'))?\)/g,
  /(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{0,31}:\/\/[^\s<>]*/g,
  /\bwww\.[^\s<>]*/gi,
  /(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g,
  // ISO dates and date-times, times of day, 30/11/2026 or 30.11.2026, month-name dates
  /\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?/g,
  /\b\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s?[AaPp]\.?[Mm]\b\.?)?/g,
  /(?<![\w.])\d{1,4}([/.])\d{1,2}\1\d{1,4}(?!\w|\.\d)/g,
  new RegExp(`\\b(?:${MONTHS})\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?\\b(?:,?\\s+\\d{4}\\b)?`, 'g'),
  new RegExp(`\\b\\d{1,2}(?:st|nd|rd|th)?\\s+(?:${MONTHS})\\b\\.?(?:,?\\s+\\d{4}\\b)?`, 'g'),
  new RegExp(`\\b(?:${MONTHS})\\.?\\s+\\d{4}\\b`, 'g'),
]

function blank(text: string): string {
  let s = text
  for (const re of NOT_CLAIMS) s = s.replace(re, (m) => m.replace(/[^\n]/g, ' '))
  return s
}

/** The number claims in `text`, in order. Never throws. */
export function extractNumbers(text: string): NumberClaim[] {
  const source = String(text ?? '')
  const s = blank(source)
  const claims: NumberClaim[] = []
  for (const m of s.matchAll(NUMBER)) {
    const draft = readClaim(s, m.index, m[0])
    if (!draft) continue
    const { value, isPercent, isMultiplier, signed, step, index } = draft
    const raw = source.slice(index, index + draft.length)
    claims.push({ raw, value, isPercent, isMultiplier, signed, step, index })
  }
  return claims
}

type Draft = Omit<NumberClaim, 'raw'> & { length: number }

function readClaim(s: string, start: number, match: string): Draft | undefined {
  let begin = start
  let body = match
  let signed = false
  if (SIGN.test(body)) {
    // A hyphen inside a token is not a sign: '10-20' is a range, 'run-2' a name.
    const before = s[start - 1] ?? ''
    if (WORD.test(before) || before === '.') {
      begin++
      body = body.slice(1)
    } else signed = true
  }
  if (!/\d/.test(body) || isName(s, begin)) return undefined

  let end = start + match.length
  const next = s[end] ?? ''
  const after = s[end + 1] ?? ''
  if (next === '.' && WORD.test(after)) return undefined // 1.2.3, 2.csv
  if (next === ':' && DIGIT.test(after)) return undefined // 3:1
  if (next === '_') return undefined // 2_runs
  if (next === '^') return undefined // 10^6: a power, not the number 10
  if (!signed && /^\d+$/.test(body) && (next === '.' || next === ')') && /^\s?$/.test(after)) {
    // A list marker '1. ' at the start of a line (after any bullet, heading or quote marks).
    const line = s.slice(s.lastIndexOf('\n', begin - 1) + 1, begin)
    if (/^\s*(?:(?:[-*+]|#{1,6}|>)\s*)*$/.test(line)) return undefined
  }

  let isPercent = false
  let isMultiplier = false
  let scale = 1
  const rest = s.slice(end, end + 16)
  let m: RegExpExecArray | null
  if ((m = /^ ?(?:%|percent\b|per cent\b|pct\b)/i.exec(rest))) {
    isPercent = true
    end += m[0].length
  } else if ((m = /^(?: ?×|[xX])(?![\p{L}\p{N}_])/u.exec(rest))) {
    isMultiplier = true
    end += m[0].length
  } else if ((m = /^\p{L}+(?:\/\p{L}+)?/u.exec(rest))) {
    if (WORD.test(s[end + m[0].length] ?? '')) return undefined // 0x1F, 2x3
    const suffix = m[0]
    if (suffix === 'k' || suffix === 'K') scale = 1e3
    else if (suffix === 'M') scale = 1e6
    else if (!UNITS.has(suffix.toLowerCase())) return undefined // 1b, 2nd, 3D: names
    if (scale !== 1) end += 1
  } else if ((m = /^ (thousand|million|billion)\b/i.exec(rest))) {
    scale = SCALE_WORDS[(m[1] as string).toLowerCase()] as number
    end += m[0].length
  }

  const value = Number(body.replace(/,/g, '').replace(/^[\u2212\u2013]/, '-')) * scale
  if (!Number.isFinite(value)) return undefined
  const step = roundingStep(body, scale, isPercent || isMultiplier)
  return { value, isPercent, isMultiplier, signed, step, index: begin, length: end - begin }
}

/** Is the number at `begin` glued to a name before it? */
function isName(s: string, begin: number): boolean {
  const prev = s[begin - 1] ?? ''
  const prev2 = s[begin - 2] ?? ''
  if (WORD.test(prev)) return true // p95, gemma3, sha256, q4, x86
  if ((prev === '.' || prev === ':') && DIGIT.test(prev2)) return true // 1.2.3, 10:53:07
  if (prev === '.' && LETTER.test(prev2)) return true // llama.3
  if ((prev === '-' || prev === '/') && LETTER.test(prev2)) return true // gpt-4, runs/3
  return prev !== '' && '#@^\\'.includes(prev) // #12 (an issue or a rank), @2, 10^6
}

/**
 * The rounding grid the writer used. Decimals set it ('41.40' → 0.01); an exponent or a k/M
 * suffix scales it. Whole numbers of 1,000 or more with trailing zeros read as rounded to those
 * zeros ('1,890,000' → 10,000), keeping at least two significant figures, so '2,000' does not
 * vouch for 2,400.
 */
function roundingStep(body: string, scale: number, derived: boolean): number {
  const parts = /^[-+\u2212\u2013]?([\d,]*)(?:\.(\d+))?(?:[eE]([-+]?\d+))?$/.exec(body)
  const whole = (parts?.[1] ?? '').replace(/,/g, '')
  const decimals = parts?.[2]?.length ?? 0
  const exponent = Number(parts?.[3] ?? 0)
  let step = 10 ** (exponent - decimals) * scale
  if (decimals === 0 && exponent === 0 && scale === 1 && !derived && whole.length >= 4) {
    const zeros = whole.length - whole.replace(/0+$/, '').length
    const rounded = Math.min(zeros, whole.length - 2)
    if (rounded > 0) step = 10 ** rounded
  }
  return step
}
