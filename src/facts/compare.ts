// Against the base branch: the same metric, file family and configuration on both sides, and for
// each the change in its good or bad direction. A regression is a change in the bad direction
// beyond the threshold that is also beyond the noise (Welch's t-test on the two sides' n, mean and
// standard deviation); where a side has a single sample, the threshold alone decides, and says so.
// Pure: both sides come in as metrics, whether the baseline was a folder or a report.json.
import type { Change, Comparison, Metric } from '../report.js'
import { welch } from './significance.js'

export interface CompareOptions {
  baseline: string
  thresholdPct: number
  alpha?: number
}

export const TEST_NAME = "Welch's t-test, two-sided"

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
  return [familyOf(m.file), m.table ?? '', m.name, group].join('\u0000')
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

function judge(
  h: Metric,
  b: Metric,
  thresholdPct: number,
  alpha: number,
): Change | 'same' | 'noise' {
  if (h.direction === 'unknown' || b.mean === 0) return 'same'
  const changePct = ((h.mean - b.mean) / Math.abs(b.mean)) * 100
  if (Math.abs(changePct) <= thresholdPct) return 'same'
  const test = welch(
    { n: b.n, mean: b.mean, stddev: b.stddev },
    { n: h.n, mean: h.mean, stddev: h.stddev },
  )
  if (test && test.p >= alpha) return 'noise'
  return {
    file: h.file,
    ...(h.table ? { table: h.table } : {}),
    name: h.name,
    ...(h.unit ? { unit: h.unit } : {}),
    direction: h.direction,
    ...(h.group ? { group: h.group } : {}),
    base: { file: b.file, n: b.n, mean: b.mean, stddev: b.stddev },
    head: { file: h.file, n: h.n, mean: h.mean, stddev: h.stddev },
    changePct,
    ...(test ? { p: test.p } : {}),
    evidence: test ? 'welch' : 'threshold-only',
  }
}
