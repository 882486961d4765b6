// Every number the model wrote must come from the facts. The model is asked to narrate figures
// the code computed; a number that no fact explains (at the rounding the writer used) is a
// hallucination, or text injected through the artifacts, and the caller can drop or flag it.
//
// What explains a claim:
//   plain number   a known value, rounded as written ('41.4' for 41.42; unsigned claims also
//                  match a negative value: 'fell by 3.2' for a delta of −3.2); optionally the
//                  difference of two known values (buildKnown's `differences`)
//   percentage     a known value (percentages the code computed, or a fraction ×100), the
//                  percent change (b − a) / a × 100 between two known values, or a share a / b
//   multiplier     a known value, or a ratio b / a of two known values ('2.1x')
// Pairs are found by sorting the known values once and, for each a, binary-searching the b that
// would give the claim: O(n log n) per claim instead of O(n²).

import { extractNumbers, type NumberClaim } from './numbers.js'

export { extractNumbers, type NumberClaim } from './numbers.js'

/** Every figure in the facts, prepared for look-ups: build once with {@link buildKnown}. */
export interface KnownNumbers {
  /** All finite values, ascending. */
  readonly sorted: Float64Array
  /** The values ≥ 0, ascending: the operands of percent changes, shares and ratios. */
  readonly operands: Float64Array
  /** Whether a plain number may be the difference of two known values. */
  readonly differences: boolean
  /**
   * The sets within which two values may form a percent change, share or ratio (each sorted,
   * values ≥ 0). One set of all operands unless `families` was given.
   */
  readonly families: readonly Float64Array[]
  /** The sets within which a percentage may be a share of one value in another ("4 of 12"). */
  readonly shareFamilies: readonly Float64Array[]
}

export interface BuildKnownOptions {
  /**
   * Accept a plain number that is the difference of two known values ('rose by 2.3 ms'). Off by
   * default: with many known values almost any number is some difference, so this only suits
   * facts that do not already list the changes.
   */
  differences?: boolean
  /**
   * Values that belong together (one metric's statistics and group means; one file's counts).
   * Percentages and multipliers are then only read as changes within a family: across hundreds of
   * unrelated values almost any percentage is the change between some two.
   */
  families?: Iterable<Iterable<number>>
  /**
   * Values of which one may be a share of another: counts (4 failed of 12 runs), not statistics
   * (a p95 is not a share of a mean). Defaults to `families`.
   */
  shareFamilies?: Iterable<Iterable<number>>
}

export interface UnsupportedClaim {
  raw: string
  value: number
  reason: string
  index: number
}

export interface Verification {
  /** True when every claim is explained by the facts. */
  supported: boolean
  /** How many number claims the text made. */
  checked: number
  unsupported: UnsupportedClaim[]
}

export function buildKnown(values: Iterable<number>, opts: BuildKnownOptions = {}): KnownNumbers {
  const finite = Array.from(values).filter((v) => Number.isFinite(v))
  const operands = Float64Array.from(finite.filter((v) => v >= 0)).sort()
  const prepare = (sets: Iterable<Iterable<number>>): Float64Array[] =>
    Array.from(sets, (f) =>
      Float64Array.from(Array.from(f).filter((v) => Number.isFinite(v) && v >= 0)).sort(),
    )
  const families = opts.families ? prepare(opts.families) : [operands]
  return {
    sorted: Float64Array.from(finite).sort(),
    operands,
    differences: opts.differences ?? false,
    families,
    shareFamilies: opts.shareFamilies ? prepare(opts.shareFamilies) : families,
  }
}

/** Check every number claim in `text` against the known values. */
export function verifyText(text: string, known: KnownNumbers): Verification {
  return verifyClaims(extractNumbers(text), known)
}

/** Check claims already extracted (e.g. to report them with their positions). */
export function verifyClaims(claims: readonly NumberClaim[], known: KnownNumbers): Verification {
  const unsupported: UnsupportedClaim[] = []
  for (const claim of claims) {
    const reason = explain(claim, known)
    if (reason !== undefined) {
      unsupported.push({ raw: claim.raw, value: claim.value, reason, index: claim.index })
    }
  }
  return { supported: unsupported.length === 0, checked: claims.length, unsupported }
}

/** undefined when the claim is supported, else why not. */
function explain(claim: NumberClaim, known: KnownNumbers): string | undefined {
  // Half a step, and a hair more so that a value printed with toFixed is always accepted.
  const t = (claim.step / 2) * (1 + 1e-9) + Math.abs(claim.value) * 1e-12
  const written = `${claim.raw} (read as ${formatValue(claim)}, to the nearest ${formatStep(claim)})`
  if (claim.isPercent) {
    const p = claim.value
    // An unsigned percentage may describe a fall ('dropped 17%'); a signed one states direction.
    const directions = claim.signed || p === 0 ? [p] : [p, -p]
    for (const q of directions) {
      if (near(known, q, t) || near(known, q / 100, t / 100)) return undefined
      if (ratio(known, 1 + (q - t) / 100, 1 + (q + t) / 100)) return undefined
    }
    if (
      !(claim.signed && p < 0) &&
      known.shareFamilies.some((f) => ratioIn(f, (Math.abs(p) - t) / 100, (Math.abs(p) + t) / 100))
    )
      return undefined
    return `${written}: no known percentage, percent change between two known values, or share of one in another rounds to it`
  }
  if (claim.isMultiplier) {
    if (near(known, claim.value, t) || ratio(known, claim.value - t, claim.value + t))
      return undefined
    return `${written}: no ratio of two known values rounds to it`
  }
  if (near(known, claim.value, t)) return undefined
  if (!claim.signed && claim.value !== 0 && near(known, -claim.value, t)) return undefined
  if (known.differences && difference(known, Math.abs(claim.value), t)) return undefined
  return known.differences
    ? `${written}: no known value, nor difference of two, rounds to it`
    : `${written}: no known value rounds to it`
}

function formatValue(claim: NumberClaim): string {
  const suffix = claim.isPercent ? '%' : claim.isMultiplier ? 'x' : ''
  return `${claim.value}${suffix}`
}

function formatStep(claim: NumberClaim): string {
  return Number(claim.step.toPrecision(3)).toString()
}

// ---------------------------------------------------------------------------------------------
// Sorted look-ups

/** First index whose value is ≥ x. */
function lowerBound(a: Float64Array, x: number): number {
  let lo = 0
  let hi = a.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((a[mid] as number) < x) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Is some value in [lo, hi], other than the one at index `skip` (an operand is not its own pair)? */
function anyIn(a: Float64Array, lo: number, hi: number, skip = -1): boolean {
  let i = lowerBound(a, lo)
  if (i === skip) i++
  return i < a.length && (a[i] as number) <= hi
}

function near(known: KnownNumbers, target: number, t: number): boolean {
  return anyIn(known.sorted, target - t, target + t)
}

// Rounding in the bounds must not lose a pair that is exactly on the edge.
const SLACK = 1e-12

/** Two distinct known operands a > 0 and b of one family with b / a in [lo, hi]. */
function ratio(known: KnownNumbers, lo: number, hi: number): boolean {
  return known.families.some((family) => ratioIn(family, lo, hi))
}

function ratioIn(ops: Float64Array, lo: number, hi: number): boolean {
  if (hi < 0) return false
  for (let i = lowerBound(ops, Number.MIN_VALUE); i < ops.length; i++) {
    const a = ops[i] as number
    const from = a * lo - Math.abs(a * lo) * SLACK
    const to = a * hi + Math.abs(a * hi) * SLACK
    if (anyIn(ops, from, to, i)) return true
  }
  return false
}

/** Two distinct known values whose difference is d (≥ 0), within t. */
function difference(known: KnownNumbers, d: number, t: number): boolean {
  const all = known.sorted
  for (let i = 0; i < all.length; i++) {
    const a = all[i] as number
    if (anyIn(all, a + d - t, a + d + t, i)) return true
  }
  return false
}
