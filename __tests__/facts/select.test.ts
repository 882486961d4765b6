// Order statistics by re-scanning: every answer is checked against sorting and indexing, with
// limits small enough that the values have to be narrowed digit by digit before they are held.
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { quantilesByGroup, selectRanks, type Scan } from '../../src/facts/select.js'
import { quantile } from '../../src/facts/stats.js'

type Sample = { value: number; group: number }[]

/** A scan over the sample that counts how often it is run. */
function scanOf(sample: Sample): Scan & { scans: number } {
  const scan = Object.assign(
    (visit: (value: number, group: number) => void) => {
      scan.scans++
      for (const { value, group } of sample) visit(value, group)
    },
    { scans: 0 },
  )
  return scan
}

const sortedGroups = (sample: Sample, groups: number) =>
  Array.from({ length: groups }, (_, g) =>
    Float64Array.from(sample.filter((s) => s.group === g).map((s) => s.value)).sort(),
  )

/** The double `steps` representable values farther from 0 than x: keys sharing all top bits. */
function ulpsAbove(x: number, steps: number): number {
  const bits = new BigInt64Array(new Float64Array([x]).buffer)
  bits[0] = bits[0]! + BigInt(steps)
  return new Float64Array(bits.buffer)[0]!
}

// Finite doubles of every kind (-0, subnormal, huge), frequent exact repeats, and runs of
// neighbouring doubles whose keys differ only in their last bits, so selection must go deep.
const doubles = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -0, 1, -1, 5e-324, -5e-324, Number.MAX_VALUE, -Number.MAX_VALUE, 225),
  fc
    .tuple(fc.constantFrom(1, 225, 1e-310, 1e300), fc.integer({ min: 0, max: 40 }), fc.boolean())
    .map(([base, steps, negative]) => (negative ? -1 : 1) * ulpsAbove(base, steps)),
)
const samples = fc
  .integer({ min: 1, max: 4 })
  .chain((groups) =>
    fc.tuple(
      fc.constant(groups),
      fc.array(fc.record({ value: doubles, group: fc.nat(groups - 1) }), { maxLength: 80 }),
    ),
  )

describe('selectRanks', () => {
  it('equals sorting and indexing, at every rank of every group, whatever the limit', () => {
    fc.assert(
      fc.property(samples, fc.constantFrom(0, 1, 4, 16, 1_000_000), ([groups, sample], limit) => {
        const sorted = sortedGroups(sample, groups)
        const scan = scanOf(sample)
        const wanted = sorted.map((s) => ({ n: s.length, ranks: [...s.keys()].reverse() }))
        const result = selectRanks(scan, wanted, limit)
        // toEqual compares with Object.is, so the sign of a zero must match too.
        expect(result).toEqual(sorted.map((s) => [...s].reverse()))
        expect(scan.scans).toBeLessThanOrEqual(sample.length === 0 ? 0 : 6)
      }),
      { numRuns: 300 },
    )
  })

  it('answers a few ranks among many values, ranks repeated or in any order', () => {
    fc.assert(
      fc.property(
        fc.array(doubles, { minLength: 1, maxLength: 400 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 5 }),
        fc.constantFrom(0, 4, 16),
        (values, picks, limit) => {
          const sorted = Float64Array.from(values).sort()
          const ranks = picks.map((p) => p % values.length)
          const scan = scanOf(values.map((value) => ({ value, group: 0 })))
          const [result] = selectRanks(scan, [{ n: values.length, ranks }], limit)
          expect(result).toEqual(ranks.map((r) => sorted[r]))
        },
      ),
      { numRuns: 300 },
    )
  })

  it('equals sorting too when each group starts from its known min and max', () => {
    fc.assert(
      fc.property(samples, fc.constantFrom(0, 4, 1_000_000), ([groups, sample], limit) => {
        const sorted = sortedGroups(sample, groups)
        const wanted = sorted.map((s) => ({
          n: s.length,
          ranks: [...s.keys()],
          ...(s.length > 0 ? { min: s[0]!, max: s[s.length - 1]! } : {}),
        }))
        expect(selectRanks(scanOf(sample), wanted, limit)).toEqual(sorted.map((s) => [...s]))
      }),
      { numRuns: 300 },
    )
  })

  it('needs fewer scans of latencies when the bounds are known', () => {
    const n = 200_000
    const sample = Array.from({ length: n }, (_, i) => ({
      value: 200 + 50 * ((i * 0.6180339887) % 1),
      group: 0,
    }))
    const sorted = sortedGroups(sample, 1)[0]!
    const ranks = [100_000, 190_000]
    const unbounded = scanOf(sample)
    const bounded = scanOf(sample)
    const expected = [ranks.map((r) => sorted[r])]
    expect(selectRanks(unbounded, [{ n, ranks }], 1000)).toEqual(expected)
    const bounds = { min: sorted[0]!, max: sorted[n - 1]! }
    expect(selectRanks(bounded, [{ n, ranks, ...bounds }], 1000)).toEqual(expected)
    expect(bounded.scans).toBeLessThan(unbounded.scans)
  })

  const golden = (i: number) => (i * 0.6180339887) % 1
  it.each<[string, (i: number) => number, number]>([
    ['uniform latencies', (i) => 200 + 50 * golden(i), 3],
    ['half of them equal', (i) => (i % 2 ? 225 : 200 + 50 * golden(i)), 3],
    ['spread from 1e-300 to 1e300', (i) => 10 ** (600 * golden(i) - 300), 2],
    ['all equal', () => 3.5, 1],
    // Each cluster shares its top 30 key bits, so the first passes mostly split nothing.
    ['within 1e-9 above -1, 0 and 1', (i) => (i % 3) - 1 + golden(i) * 1e-9, 5],
  ])('holds at most limit values at once and needs few scans: 200,000 %s', (_, value, scans) => {
    const n = 200_000
    const sample = Array.from({ length: n }, (_, i) => ({ value: value(i), group: i % 2 }))
    const sorted = sortedGroups(sample, 2)
    const ranks = [0, 1, 50_000, 94_999, 95_000, 99_998, 99_999]
    const scan = scanOf(sample)
    const held = heldPerScan(scan, () =>
      selectRanks(
        scan,
        [0, 1].map(() => ({ n: n / 2, ranks })),
        1000,
      ),
    )
    expect(held.result).toEqual(sorted.map((s) => ranks.map((r) => s[r])))
    expect(scan.scans).toBeLessThanOrEqual(scans)
    expect(held.most).toBeLessThanOrEqual(1000)
  })

  it('tells apart values that differ in the last bit, taking all 6 passes when it holds none', () => {
    // Keys that share their top 60 bits, each thrice, so middle ranks need the last digit.
    const values = Array.from({ length: 48 }, (_, i) => ulpsAbove(-(2 ** -1022), (i * 7) % 16))
    const sorted = Float64Array.from(values).sort()
    const scan = scanOf(values.map((value) => ({ value, group: 0 })))
    const [result] = selectRanks(scan, [{ n: 48, ranks: [...sorted.keys()] }], 0)
    expect(result).toEqual([...sorted])
    expect(scan.scans).toBe(6)
  })

  it('holds a small group whole and answers it in one scan', () => {
    const scan = scanOf([3, 1, 2, -0, 0].map((value) => ({ value, group: 0 })))
    expect(selectRanks(scan, [{ n: 5, ranks: [0, 1, 4] }])).toEqual([[-0, 0, 3]])
    expect(scan.scans).toBe(1)
  })

  it('rejects ranks outside the group, and counts that the scan contradicts', () => {
    const scan = scanOf([1, 2, 3].map((value) => ({ value, group: 0 })))
    expect(() => selectRanks(scan, [{ n: 3, ranks: [3] }])).toThrow(RangeError)
    expect(() => selectRanks(scan, [{ n: 3, ranks: [0.5] }])).toThrow(RangeError)
    expect(() => selectRanks(scan, [{ n: 2, ranks: [0] }])).toThrow(/number of values/)
    expect(() => selectRanks(scan, [{ n: 4, ranks: [0] }])).toThrow(/number of values/)
    expect(() => selectRanks(scan, [{ n: 4, ranks: [1] }], 0)).toThrow(/number of values/)
  })
})

/**
 * Runs select while adding up, for each scan, the Float64Array elements allocated just before it:
 * the buffers values are collected into. Histogram extremes are told apart by their 4096
 * elements, a size the limit used keeps every collection below.
 */
function heldPerScan<T>(scan: { scans: number }, select: () => T) {
  const Real = Float64Array
  const counts: number[] = []
  class Counted extends Real {
    constructor(length: number) {
      super(length)
      if (length !== 4096) counts[scan.scans] = (counts[scan.scans] ?? 0) + length
    }
  }
  globalThis.Float64Array = Counted as typeof Float64Array
  try {
    return { result: select(), most: Math.max(0, ...counts.filter((c) => c >= 0)) }
  } finally {
    globalThis.Float64Array = Real
  }
}

describe('quantilesByGroup', () => {
  it('equals quantile() on each sorted group, to the bit', () => {
    fc.assert(
      fc.property(samples, fc.constantFrom(0, 4, 1_000_000), ([groups, sample], limit) => {
        const sorted = sortedGroups(sample, groups)
        const result = quantilesByGroup(
          scanOf(sample),
          sorted.map((s) => s.length),
          limit,
        )
        expect(result).toEqual(
          sorted.map((s) =>
            s.length === 0
              ? { median: NaN }
              : s.length === 1
                ? { median: s[0] }
                : { median: quantile(s, 0.5), p95: quantile(s, 0.95) },
          ),
        )
        for (const [g, s] of sorted.entries()) expect('p95' in result[g]!).toBe(s.length > 1)
      }),
      { numRuns: 300 },
    )
  })

  it('interpolates between the closest ranks', () => {
    const values = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110]
    const scan = scanOf(values.map((value) => ({ value, group: 0 })))
    expect(quantilesByGroup(scan, [11], 2)).toEqual([{ median: 60, p95: 105 }])
  })
})
