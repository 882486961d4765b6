import { describe, expect, it } from '@jest/globals'
import { buildKnown, extractNumbers, verifyText } from '../../src/analyst/verify.js'

const raws = (text: string): string[] => extractNumbers(text).map((c) => c.raw)
const values = (text: string): number[] => extractNumbers(text).map((c) => c.value)

describe('extractNumbers: what counts as a claim', () => {
  it.each([
    ['mean 41.42 ms', ['41.42'], [41.42]],
    ['1,234 files', ['1,234'], [1234]],
    ['fell −17.2 % overall', ['−17.2 %'], [-17.2]],
    ['a -3% change', ['-3%'], [-3]],
    ['+4.5% faster', ['+4.5%'], [4.5]],
    ['2.1x faster, 2.1× slower', ['2.1x', '2.1×'], [2.1, 2.1]],
    ['1.2e3 tokens', ['1.2e3'], [1200]],
    ['3.4k requests', ['3.4k'], [3400]],
    ['1.9M rows', ['1.9M'], [1.9e6]],
    ['2 million rows', ['2 million'], [2e6]],
    ['10ms and 12.7tok/s', ['10', '12.7'], [10, 12.7]],
    ['batch=8 and ctx=4096', ['8', '4096'], [8, 4096]],
    ['from 10-20 runs', ['10', '20'], [10, 20]],
    ['4/12 files', ['4', '12'], [4, 12]],
    ['(41.42)', ['41.42'], [41.42]],
    ['**41.42**', ['41.42'], [41.42]],
    ['about 17 percent', ['17 percent'], [17]],
    ['It took 3. Then', ['3'], [3]],
  ])('%j → %j', (text, expectedRaw, expectedValues) => {
    expect(raws(text)).toEqual(expectedRaw)
    expect(values(text)).toEqual(expectedValues)
  })

  it.each([
    'gemma3:1b',
    'qwen2.5:0.5b',
    'q4_K_M',
    'p95 and p99.9',
    'llama3.1',
    'v1.2.3 and 1.2.3',
    'sha256',
    'on 2026-11-30',
    'at 2026-11-30T04:12:00Z',
    'at 10:53',
    'run_2.csv and 2.csv',
    'GPT-4 and run-2',
    'the `41.42` cell',
    '```\n41.42\n```',
    'issue #12',
    'the 2nd and 3rd runs',
    'a 7B model on x86_64',
    'see https://example.com/runs/42',
    'on Dec 2, 2026',
    'on 30 November 2026',
    'hex 0x1F',
    '10^6 rows',
    'one, two, three and twelve runs',
  ])('%j has no claim', (text) => {
    expect(raws(text)).toEqual([])
  })

  it('skips list markers at the start of a line', () => {
    expect(raws('1. first 41.42\n2) second\n- 3. third\n## 4. Heading')).toEqual(['41.42'])
  })

  it('reports positions in the original text', () => {
    const text = 'mean `x` 41.42, then −17.2 %'
    for (const claim of extractNumbers(text)) {
      expect(text.slice(claim.index, claim.index + claim.raw.length)).toBe(claim.raw)
    }
  })

  it('records the rounding the writing implies', () => {
    const steps = (text: string): number[] => extractNumbers(text).map((c) => c.step)
    expect(steps('41.4 41 41.42 3.4k 1.9M 1.2e3')).toEqual([0.1, 1, 0.01, 100, 1e5, 100])
    expect(steps('1,890,000 2,000 100 1,234')).toEqual([1e4, 100, 1, 1])
  })
})

describe('verifyText', () => {
  const known = buildKnown([41.42, 118.4, 98.0, 4, 12, 1890563, 0.25, 3, -20.4])

  it.each([
    ['41.4 tok/s', true],
    ['41 tok/s', true],
    ['41.42 tok/s', true],
    ['42 tok/s', false],
    ['41.5 tok/s', false],
    ['41.420 tok/s', true],
    ['a change of −17.2 %', true],
    ['down 17%', true],
    ['down -17%', true],
    ['up +17%', false], // the change is a fall
    ['4 of 12 files (33%)', true],
    ['33.3% of files', true],
    ['34% of files', false],
    ['25% of runs', true], // a known fraction, 0.25
    ['98 is 0.83x of 118.4', true],
    ['1.2x faster', true], // 118.4 / 98
    ['1.5x faster', false],
    ['1,890,000 rows', true],
    ['1.9M rows', true],
    ['1,900,000 rows', true], // two significant figures, like 1.9M
    ['1,800,000 rows', false],
    ['1,890,600 rows', true],
    ['3 configurations', true],
    ['5 configurations', false],
    ['a change of 20.4 ms', true], // unsigned: matches the known −20.4
    ['a change of +20.4 ms', false], // signed: the direction is wrong
  ])('%j supported: %s', (text, supported) => {
    expect(verifyText(text, known).supported).toBe(supported)
  })

  it('rejects a made-up figure with a reason', () => {
    const result = verifyText('Throughput was 12.7 tok/s on gemma3:1b.', known)
    expect(result.supported).toBe(false)
    expect(result.checked).toBe(1)
    expect(result.unsupported).toHaveLength(1)
    const [claim] = result.unsupported
    expect(claim).toMatchObject({ raw: '12.7', value: 12.7, index: 15 })
    expect(claim?.reason).toMatch(/12\.7.*no known value/)
  })

  it('counts every claim and lists only the unsupported', () => {
    const result = verifyText('41.4 vs 118.4 (−17.2 %), 7 files, p95 of 9.9', known)
    expect(result.checked).toBe(5)
    expect(result.unsupported.map((u) => u.raw)).toEqual(['7', '9.9'])
  })

  it('does not pair a value with itself', () => {
    const single = buildKnown([50])
    expect(verifyText('0% change', single).supported).toBe(false)
    expect(verifyText('1.0x', single).supported).toBe(false)
    expect(verifyText('0% change', buildKnown([50, 50])).supported).toBe(true)
  })

  it('accepts differences only when asked', () => {
    const facts = [118.4, 98.0]
    expect(verifyText('fell by 20.4 ms', buildKnown(facts)).supported).toBe(false)
    expect(verifyText('fell by 20.4 ms', buildKnown(facts, { differences: true })).supported).toBe(
      true,
    )
  })

  it('ignores non-finite facts and accepts text without numbers', () => {
    const k = buildKnown([Number.NaN, Infinity, 2])
    expect(verifyText('no numbers here, just two words', k)).toEqual({
      supported: true,
      checked: 0,
      unsupported: [],
    })
    expect(verifyText('2 runs', k).supported).toBe(true)
  })

  it('stays fast with 5,000 known values and 50 claims', () => {
    // A deterministic spread of values with two decimals, between 1 and about 10,000.
    const facts = Array.from(
      { length: 5000 },
      (_, i) => Math.round(((i * 7919) % 10007) * 100 + 137) / 100,
    )
    const k = buildKnown(facts)
    const good = facts.filter((_, i) => i % 125 === 0).map((v) => v.toFixed(2)) // 40 claims
    const bad = Array.from({ length: 10 }, (_, i) => (200000 + i * 0.37).toFixed(2))
    const text = [...good, ...bad].map((n) => `a metric at ${n} ms.`).join(' ')
    const started = performance.now()
    const result = verifyText(text, k)
    const ms = performance.now() - started
    expect(result.checked).toBe(50)
    expect(result.unsupported.map((u) => u.raw)).toEqual(bad)
    // Percent claims run the pair search over all 5,000 values: they must finish too.
    const percents = Array.from({ length: 50 }, (_, i) => `+${(i * 13.7 + 1000).toFixed(1)}%`).join(
      ', ',
    )
    const pairs = verifyText(percents, k)
    expect(pairs.checked).toBe(50)
    expect(ms).toBeLessThan(5000) // generous: the bench script measures speed
  })
})
