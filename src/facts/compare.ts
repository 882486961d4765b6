// Against the base branch: the same metric, file family and configuration on both sides, and for
// each the change in its good or bad direction. A regression is a change in the bad direction
// beyond the threshold that is also beyond the noise: Mann–Whitney U on the samples where both
// sides kept enough of them (a benchmark format's repetitions), else Welch's t-test on the two
// sides' n, mean and standard deviation; where a side has a single value, the threshold alone
// decides, and says so. A baseline in another unit of the same kind (µs against ns) is converted.
// Pure: both sides come in as metrics, whether the baseline was a folder or a report.json.
import type { Change, Comparison, Metric, Side } from '../report.js'
import { mannWhitney } from './mann-whitney.js'
import { welch } from './significance.js'
import { scaleOf } from './unit-scale.js'

export interface CompareOptions {
  baseline: string
  thresholdPct: number
  alpha?: number
}

/** Fewer samples a side than this, and a rank test could not reach p < 0.05 often enough. */
export const MIN_RANK_SAMPLES = 5

export const TEST_NAME = `Mann–Whitney U on the samples (${MIN_RANK_SAMPLES} or more a side), else Welch's t-test; two-sided`

// Timestamps in names (a run folder per night, export_2026-12-02.csv) say when, not what: the
// same benchmark on another night is the same family.
const STAMP = /\d{4}-?\d{2}-?\d{2}(?:[T_ -]?\d{2}:?\d{2}(?::?\d{2})?Z?)?/g

export function familyOf(file: string): string {
  return file
    .split('/')
    .map((segment) => segment.replace(STAMP, '*'))
    .join('/')
}

function keyOf(m: Metric): string {
  const group = m.group
    ? JSON.stringify(Object.entries(m.group).sort(([a], [b]) => (a < b ? -1 : 1)))
    : ''
  // µs and ns are one key, so that they compare; ms and MB are two, and never do.
  const unit = scaleOf(m.unit)?.dimension ?? m.unit ?? ''
  return [familyOf(m.file), m.table ?? '', m.name, group, unit].join('\u0000')
}

export function describeKey(m: Metric): string {
  const group = m.group
    ? ` [${Object.entries(m.group)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')}]`
    : ''
  return `${m.file}${m.table ? ` › ${m.table}` : ''}: ${m.name}${group}`
}

/**
 * One metric per key: where two dated runs of a family are present, the latest (last by path).
 * A column split by configuration is compared per configuration only: its whole-file mean mixes
 * settings, and would count the same change twice.
 */
function index(metrics: Metric[]): Map<string, Metric> {
  const split = new Set(
    metrics.filter((m) => m.group).map((m) => `${m.file}\u0000${m.table ?? ''}\u0000${m.name}`),
  )
  const byKey = new Map<string, Metric>()
  for (const m of [...metrics].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))) {
    if (!m.group && split.has(`${m.file}\u0000${m.table ?? ''}\u0000${m.name}`)) continue
    byKey.set(keyOf(m), m)
  }
  return byKey
}

export function compare(head: Metric[], base: Metric[], options: CompareOptions): Comparison {
  const alpha = options.alpha ?? 0.05
  const heads = index(head)
  const bases = index(base)
  const regressions: Change[] = []
  const improvements: Change[] = []
  let unchanged = 0
  let withinNoise = 0
  for (const [key, h] of heads) {
    const b = bases.get(key)
    if (!b) continue
    const change = judge(h, b, options.thresholdPct, alpha)
    if (change === 'noise') withinNoise++
    if (typeof change === 'string') {
      unchanged++
      continue
    }
    const worse = h.direction === 'higher' ? change.changePct < 0 : change.changePct > 0
    ;(worse ? regressions : improvements).push(change)
  }
  const bySize = (a: Change, b: Change) => Math.abs(b.changePct) - Math.abs(a.changePct)
  return {
    baseline: options.baseline,
    thresholdPct: options.thresholdPct,
    alpha,
    test: TEST_NAME,
    regressions: regressions.sort(bySize),
    improvements: improvements.sort(bySize),
    unchanged,
    withinNoise,
    appeared: [...heads].filter(([k]) => !bases.has(k)).map(([, m]) => describeKey(m)),
    disappeared: [...bases].filter(([k]) => !heads.has(k)).map(([, m]) => describeKey(m)),
  }
}

/** The baseline's metric in the head's unit, when the two differ only in scale. */
function inUnitOf(b: Metric, h: Metric): { metric: Metric; from?: string } {
  if (b.unit === h.unit) return { metric: b }
  const from = scaleOf(b.unit)
  const to = scaleOf(h.unit)
  if (!from || !to || from.dimension !== to.dimension) return { metric: b }
  const k = from.factor / to.factor
  const scaled = (v: number | undefined) => (v === undefined ? undefined : v * k)
  const metric: Metric = { ...b, mean: b.mean * k, unit: h.unit }
  for (const key of ['median', 'min', 'max', 'stddev', 'p95'] as const) {
    const v = scaled(b[key])
    if (v === undefined) delete metric[key]
    else metric[key] = v
  }
  if (b.samples) metric.samples = b.samples.map((v) => v * k)
  return { metric, ...(b.unit ? { from: b.unit } : {}) }
}

function noiseTest(b: Metric, h: Metric): { p: number; evidence: Change['evidence'] } | undefined {
  if (
    b.samples &&
    h.samples &&
    b.samples.length >= MIN_RANK_SAMPLES &&
    h.samples.length >= MIN_RANK_SAMPLES
  ) {
    const rank = mannWhitney(b.samples, h.samples)
    if (rank) return { p: rank.p, evidence: 'mann-whitney' }
  }
  if (b.stddev === undefined || h.stddev === undefined) return undefined
  const test = welch(
    { n: b.n, mean: b.mean, stddev: b.stddev },
    { n: h.n, mean: h.mean, stddev: h.stddev },
  )
  return test ? { p: test.p, evidence: 'welch' } : undefined
}

function sideOf(m: Metric, from?: string): Side {
  return {
    file: m.file,
    n: m.n,
    mean: m.mean,
    ...(m.stddev !== undefined ? { stddev: m.stddev } : {}),
    ...(from ? { convertedFrom: from } : {}),
  }
}

function judge(
  h: Metric,
  original: Metric,
  thresholdPct: number,
  alpha: number,
): Change | 'same' | 'noise' {
  const { metric: b, from } = inUnitOf(original, h)
  if (h.direction === 'unknown' || b.mean === 0) return 'same'
  const changePct = ((h.mean - b.mean) / Math.abs(b.mean)) * 100
  if (Math.abs(changePct) <= thresholdPct) return 'same'
  const test = noiseTest(b, h)
  if (test && test.p >= alpha) return 'noise'
  return {
    file: h.file,
    ...(h.table ? { table: h.table } : {}),
    name: h.name,
    ...(h.unit ? { unit: h.unit } : {}),
    direction: h.direction,
    ...(h.group ? { group: h.group } : {}),
    base: sideOf(b, from),
    head: sideOf(h),
    changePct,
    ...(test ? { p: test.p } : {}),
    evidence: test?.evidence ?? 'threshold-only',
  }
}
