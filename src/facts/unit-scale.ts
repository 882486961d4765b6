// Units that measure the same thing at another scale: a baseline that printed µs compares with a
// head that printed ns, and ops/ms with ops/s. Everything else compares only with its own unit.

export interface Scale {
  /** What is measured: `time`, `rate:ops`, `bytes`. Two units compare when this is the same. */
  dimension: string
  /** Multiply a value in this unit by this to have it in the dimension's base unit. */
  factor: number
}

const TIME: Record<string, number> = {
  ps: 1e-3,
  ns: 1,
  us: 1e3,
  µs: 1e3, // micro sign
  μs: 1e3, // Greek mu, which some tools print instead
  ms: 1e6,
  s: 1e9,
  sec: 1e9,
  secs: 1e9,
  second: 1e9,
  seconds: 1e9,
  min: 60e9,
}

const BYTES: Record<string, number> = {
  b: 1,
  byte: 1,
  bytes: 1,
  kb: 1024,
  kib: 1024,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
  tb: 1024 ** 4,
  tib: 1024 ** 4,
}

// What a rate counts, by the names tools give it; each is its own dimension.
const COUNTED: Record<string, [string, number]> = {
  op: ['ops', 1],
  ops: ['ops', 1],
  iter: ['ops', 1],
  iters: ['ops', 1],
  iteration: ['ops', 1],
  iterations: ['ops', 1],
  it: ['ops', 1],
  call: ['ops', 1],
  calls: ['ops', 1],
  run: ['ops', 1],
  runs: ['ops', 1],
  tok: ['tokens', 1],
  tokens: ['tokens', 1],
  token: ['tokens', 1],
  t: ['tokens', 1],
  req: ['requests', 1],
  reqs: ['requests', 1],
  request: ['requests', 1],
  requests: ['requests', 1],
  elem: ['elements', 1],
  kelem: ['elements', 1e3],
  melem: ['elements', 1e6],
  gelem: ['elements', 1e9],
  items: ['items', 1],
}

/** The unit's dimension and scale, or undefined for a unit that compares only with itself. */
export function scaleOf(unit: string | undefined): Scale | undefined {
  if (unit === undefined) return undefined
  const u = unit.trim()
  if (/^hz$/i.test(u)) return { dimension: 'rate:ops', factor: 1 }
  const slash = u.indexOf('/')
  if (slash < 0) {
    if (u in TIME) return { dimension: 'time', factor: TIME[u]! }
    const bytes = BYTES[u.toLowerCase()]
    return bytes === undefined ? undefined : { dimension: 'bytes', factor: bytes }
  }
  const top = u.slice(0, slash).trim()
  const bottom = u.slice(slash + 1).trim()
  // Time or bytes per operation (`ns/op`, `ns/iter`, `B/op`): the per-operation figure of the tool.
  if (/^(op|ops|iter|iteration|call|run)$/i.test(bottom)) {
    if (top in TIME) return { dimension: 'time', factor: TIME[top]! }
    const bytes = BYTES[top.toLowerCase()]
    if (bytes !== undefined) return { dimension: 'bytes/op', factor: bytes }
    return undefined
  }
  // A rate: so many of something per unit of time (`ops/ms`, `MiB/s`, `tokens/s`).
  const per = TIME[bottom]
  if (per === undefined) return undefined
  const perSecond = 1e9 / per
  const bytes = BYTES[top.toLowerCase()]
  if (bytes !== undefined) return { dimension: 'rate:bytes', factor: bytes * perSecond }
  const counted = COUNTED[top.toLowerCase()]
  if (counted) return { dimension: `rate:${counted[0]}`, factor: counted[1] * perSecond }
  return undefined
}
