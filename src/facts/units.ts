// A metric's unit and its good direction, read from its name the way a person would: benchmark
// columns say what they hold (`tokens_per_sec`, `ttft_ms`, `TTFT (ms)`, `vram_mb`).
import type { Direction } from '../report.js'

export interface Reading {
  unit?: string
  direction: Direction
}

// Rates first: `tokens_per_sec` ends in `sec` but is a throughput, not a time.
const RATES: [RegExp, string][] = [
  [
    /(^|_)(tokens?|tok)_?(per_?|\/)_?(s|sec|second)(_|$)|(^|_)tok_?s(_|$)|(^|_)tps(_|$)|eval_rate/,
    'tok/s',
  ],
  [/(^|_)(req|reqs|requests?)_?(per_?|\/)_?(s|sec|second)(_|$)|(^|_)rps(_|$)/, 'req/s'],
  [/(^|_)qps(_|$)|queries_?(per_?|\/)_?(s|sec|second)/, 'queries/s'],
  [/(^|_)ops_?(per_?|\/)_?(s|sec|second)(_|$)|(^|_)ops(_|$)/, 'ops/s'],
  [/(^|_)(it|iter|iters|iterations)_?(per_?|\/)_?(s|sec|second)(_|$)/, 'iter/s'],
  [/(^|_)gflop_?\/?s(_|$)|gflops/, 'GFLOP/s'],
  [/(^|_)tflop_?\/?s(_|$)|tflops/, 'TFLOP/s'],
  [/(^|_)(mb|mib)_?(per_?|\/)_?(s|sec|second)(_|$)/, 'MB/s'],
  [/(^|_)(gb|gib)_?(per_?|\/)_?(s|sec|second)(_|$)/, 'GB/s'],
  [
    /(^|_)(samples|items|images|frames|requests|tokens)_?(per_?|\/)_?(s|sec|second)(_|$)|(^|_)fps(_|$)/,
    '/s',
  ],
]

const SUFFIX_UNITS: [RegExp, string][] = [
  [/(^|_)(ms|msec|msecs|millis|milliseconds)$/, 'ms'],
  [/(^|_)(us|µs|usec|usecs|micros|microseconds)$/, 'µs'],
  [/(^|_)(ns|nsec|nanos|nanoseconds)$/, 'ns'],
  [/(^|_)(s|sec|secs|seconds)$/, 's'],
  [/(^|_)(kb|kib)$/, 'KB'],
  [/(^|_)(mb|mib)$/, 'MB'],
  [/(^|_)(gb|gib)$/, 'GB'],
  [/(^|_)bytes$/, 'B'],
  [/(^|_)(pct|percent|percentage)$/, '%'],
]

const BRACKETED: Record<string, string> = {
  ms: 'ms',
  msec: 'ms',
  s: 's',
  sec: 's',
  seconds: 's',
  us: 'µs',
  µs: 'µs',
  ns: 'ns',
  mb: 'MB',
  mib: 'MB',
  gb: 'GB',
  gib: 'GB',
  kb: 'KB',
  b: 'B',
  bytes: 'B',
  '%': '%',
  'tok/s': 'tok/s',
  'tokens/s': 'tok/s',
  't/s': 'tok/s',
  'tokens/sec': 'tok/s',
  'req/s': 'req/s',
  'ops/s': 'ops/s',
}

const HIGHER =
  /throughput|goodput|bandwidth|speedup|accuracy|(^|_)score|hit_?rate|success_?rate|(^|_)iops|per_?(s|sec|second)(_|$)|\/s(_|$)/
const LOWER =
  /ttft|tpot|(^|_)itl(_|$)|latency|duration|elapsed|(^|_)wall|(^|_)time|(^|_)(p50|p90|p95|p99)(_|$)|vram|memory|(^|_)mem(_|$)|(^|_)rss|heap|error_?rate|(^|_)errors?$|(^|_)loss|perplexity|(^|_)ppl(_|$)|overhead|jitter|(^|_)cost/
// A spread is neither better higher nor lower in the way its metric is.
const DISPERSION = /(^|_)(std|stddev|stdev|sd|var|variance|cv|iqr|mad)$/

export function normaliseName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s.-]+/g, '_')
    .replace(/[^a-z0-9_/%µ()[\]]/g, '')
}

export function readMetricName(name: string): Reading {
  // A unit in brackets is short and plain: `(ms)`, `[tok/s]`; anything longer is not a unit.
  const bracket = /[([]\s*([\w/%µ.]{1,12})\s*[)\]]\s*$/.exec(name)
  const bare = normaliseName(bracket ? name.slice(0, bracket.index) : name).replace(/_+$/, '')
  const bracketUnit = bracket
    ? (BRACKETED[bracket[1]!.toLowerCase()] ?? bracket[1]!.trim())
    : undefined

  const dispersion = DISPERSION.test(bare)
  let unit = bracketUnit
  let rate = false
  for (const [pattern, rateUnit] of RATES) {
    if (pattern.test(bare)) {
      unit ??= rateUnit
      rate = true
      break
    }
  }
  if (!rate && unit === undefined) {
    const stem = bare
      .replace(DISPERSION, '')
      .replace(/_(mean|avg|average|median|min|max|p\d+)$/, '')
    for (const [pattern, suffixUnit] of SUFFIX_UNITS) {
      if (pattern.test(stem) || pattern.test(bare)) {
        unit = suffixUnit
        break
      }
    }
  }
  const rateUnit = unit !== undefined && unit.endsWith('/s')
  let direction: Direction = 'unknown'
  if (dispersion) direction = 'unknown'
  else if (rate || rateUnit || HIGHER.test(bare)) direction = 'higher'
  else if (
    LOWER.test(bare) ||
    (unit !== undefined && ['ms', 's', 'µs', 'ns', 'MB', 'GB', 'KB', 'B'].includes(unit))
  ) {
    direction = 'lower'
  }
  return unit === undefined ? { direction } : { unit, direction }
}

const TIME_UNITS = new Set(['ms', 's', 'µs', 'ns'])

/** Whether a metric measures time: what a run log must have to say how long anything took. */
export function isTiming(name: string, unit: string | undefined): boolean {
  if (unit !== undefined && TIME_UNITS.has(unit)) return true
  return /ttft|tpot|latency|duration|elapsed|(^|_)wall|(^|_)time/.test(normaliseName(name))
}
