// Exact order statistics of samples too large to hold: radix selection on each double's sortable
// 64-bit key, narrowing a prefix 12 bits per scan until the values left fit in memory.

/** Calls visit(value, group) for every value, in the same order every time. Values are finite. */
export type Scan = (visit: (value: number, group: number) => void) => void

const f64 = new Float64Array(1)
const u32 = new Uint32Array(f64.buffer)

/** Leaves value's key in u32 (hi = u32[1] on little-endian): unsigned key order = numeric order. */
function loadKey(value: number): void {
  f64[0] = value
  if (u32[1]! >= 0x80000000) {
    u32[0] = ~u32[0]!
    u32[1] = ~u32[1]!
  } else u32[1] = u32[1]! | 0x80000000
}

/** The 12 key bits starting `depth` bits from the top; only 4 remain at depth 60. */
function digit(hi: number, lo: number, depth: number): number {
  if (depth === 60) return lo & 0xf
  const below = 52 - depth
  return (below >= 32 ? hi >>> (below - 32) : (hi << (32 - below)) | (lo >>> below)) & 0xfff
}

// JS shifts count mod 32, hence the explicit ends.
const maskHiOf = (depth: number) => (depth >= 32 ? -1 : depth === 0 ? 0 : -1 << (32 - depth))
const maskLoOf = (depth: number) => (depth <= 32 ? 0 : -1 << (64 - depth))

/** The values of a group whose key's top `depth` bits are hi:lo (each masked, so signed). */
type Prefix = { group: number; depth: number; hi: number; lo: number }

/** A prefix's values held, or counted by their next digit with each bucket's min and max. */
interface Node extends Prefix {
  maskHi: number
  maskLo: number
  total: number
  values: Float64Array | undefined
  hist: Uint32Array
  min: Float64Array
  max: Float64Array
}

/** A wanted rank, relative to the `count` values under its prefix; `out` is its index in ranks. */
type Target = Prefix & { out: number; rank: number; count: number; node?: Node }

function newNode({ group, depth, hi, lo }: Prefix, count: number, collect: boolean): Node {
  const size = collect ? 0 : 4096
  const [min, max] = [new Float64Array(size).fill(Infinity), new Float64Array(size).fill(-Infinity)]
  const values = collect ? new Float64Array(count) : undefined
  const masks = { maskHi: maskHiOf(depth), maskLo: maskLoOf(depth) }
  return { group, depth, hi, lo, ...masks, total: 0, values, hist: new Uint32Array(size), min, max }
}

/**
 * For each group g, the values at 0-based ranks groups[g].ranks of its sorted values (n is the
 * exact number of values the scan yields for g; values of other groups are ignored), ordered as
 * Float64Array.prototype.sort orders them (-0 before +0). At most 6 scans; at most `limit` values
 * are held at once, plus 80 KB of histogram per distinct (group, prefix) still being narrowed.
 */
export function selectRanks(
  scan: Scan,
  groups: { n: number; ranks: number[]; min?: number; max?: number }[],
  limit = 1_000_000,
): number[][] {
  const result = groups.map((g) => g.ranks.map(() => NaN))
  let pending: Target[] = groups.flatMap(({ n, ranks, min, max }, group) => {
    const start = min === undefined || max === undefined ? undefined : sharedPrefix(min, max)
    return ranks.map((rank, out) => {
      if (!Number.isInteger(rank) || rank < 0 || rank >= n)
        throw new RangeError(`rank ${rank} is outside group ${group} of ${n} values`)
      return { group, out, rank, count: n, depth: 0, hi: 0, lo: 0, ...start }
    })
  })
  while (pending.length > 0) {
    // Smallest first, so the budget resolves as many targets as it can this scan; targets sharing
    // a prefix share a node, so the budget counts each set of values once.
    const nodes = new Map<string, Node>()
    const byGroup: Node[][] = groups.map(() => [])
    let budget = limit
    for (const t of [...pending].sort((a, b) => a.count - b.count)) {
      const id = `${t.group} ${t.depth} ${t.hi} ${t.lo}`
      let node = nodes.get(id)
      if (!node) {
        node = newNode(t, t.count, t.count <= budget)
        if (node.values) budget -= t.count
        nodes.set(id, node)
        byGroup[t.group]!.push(node)
      }
      t.node = node
    }
    scan((value, group) => {
      const list = byGroup[group]
      if (!list) return
      loadKey(value)
      const hi = u32[1]!
      const lo = u32[0]!
      for (const node of list) {
        if ((hi & node.maskHi) !== node.hi || (lo & node.maskLo) !== node.lo) continue
        if (node.values) {
          // Throwing here, not after the scan, is what keeps memory bounded when n is wrong.
          if (node.total === node.values.length) throw inconsistent(node.group)
          node.values[node.total++] = value
          continue
        }
        const b = digit(hi, lo, node.depth)
        node.total++
        node.hist[b] = node.hist[b]! + 1
        if (value < node.min[b]!) node.min[b] = value
        if (value > node.max[b]!) node.max[b] = value
      }
    })
    for (const node of nodes.values()) node.values?.sort()
    pending = pending.filter((t) => {
      const value = settle(t)
      if (value !== undefined) result[t.group]![t.out] = value
      return value === undefined
    })
  }
  return result
}

/**
 * Every value between min and max has the key bits their keys share: a group whose bounds are
 * known starts its search there, at the last digit boundary within them. Latencies of 200–250
 * share their sign and exponent, so the first scan, which would only have found that, is saved.
 */
function sharedPrefix(min: number, max: number): { depth: number; hi: number; lo: number } {
  loadKey(min)
  const [hi, lo] = [u32[1]!, u32[0]!]
  loadKey(max)
  const differ = hi ^ u32[1]!
  const shared = differ !== 0 ? Math.clz32(differ) : 32 + Math.clz32(lo ^ u32[0]!)
  const depth = Math.min(60, Math.floor(shared / 12) * 12)
  return { depth, hi: hi & maskHiOf(depth), lo: lo & maskLoOf(depth) }
}

const inconsistent = (group: number) =>
  new Error(`group ${group}: the scan yielded another number of values than n, or changed`)

/** The target's value if this scan decided it, else narrows its prefix by the chosen bucket. */
function settle(t: Target): number | undefined {
  const { values, hist, min, max, total } = t.node!
  if (total !== t.count) throw inconsistent(t.group)
  if (values) return values[t.rank]!
  let b = 0
  while (t.rank >= hist[b]!) t.rank -= hist[b++]!
  t.count = hist[b]!
  // A bucket at depth 60 holds one key, so its min equals its max: no target outlives 6 passes.
  // (-0 and +0 differ in the first digit, so equal min and max here does mean one value.)
  if (min[b] === max[b] || t.rank === 0) return min[b]!
  if (t.rank === t.count - 1) return max[b]!
  loadKey(min[b]!)
  t.depth += 12
  t.hi = u32[1]! & maskHiOf(t.depth)
  t.lo = u32[0]! & maskLoOf(t.depth)
  return undefined
}

/** Median and p95 (linear interpolation between closest ranks, numpy's default) of each group. */
export function quantilesByGroup(
  scan: Scan,
  counts: number[],
  limit?: number,
  bounds?: { min: number; max: number }[],
): { median: number; p95?: number }[] {
  const qs = counts.map((n) => (n === 0 ? [] : n === 1 ? [0.5] : [0.5, 0.95]))
  const ranks = counts.map((n, g) =>
    qs[g]!.flatMap((q) => [Math.floor((n - 1) * q), Math.ceil((n - 1) * q)]),
  )
  const values = selectRanks(
    scan,
    ranks.map((r, g) => ({ n: counts[g]!, ranks: r, ...bounds?.[g] })),
    limit,
  )
  return counts.map((n, g) => {
    // The same operations as quantile() in stats.ts, so the two agree to the bit.
    const at = (i: number) => {
      const position = (n - 1) * qs[g]![i]!
      const low = Math.floor(position)
      const a = values[g]![2 * i]!
      return low === Math.ceil(position) ? a : a + (values[g]![2 * i + 1]! - a) * (position - low)
    }
    if (n === 0) return { median: NaN }
    return n === 1 ? { median: at(0) } : { median: at(0), p95: at(1) }
  })
}
