import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { buildKnown, extractNumbers, verifyText } from '../../src/analyst/verify.js'

const FRAGMENTS = [
  '1',
  '41.42',
  '-',
  '−',
  '+',
  '.',
  ',',
  '%',
  ' %',
  'x',
  '×',
  'e',
  'e-',
  'k',
  'M',
  ':',
  '_',
  '/',
  '`',
  '```\n',
  '\n',
  ' ',
  '1.',
  'p',
  'v',
  'gemma3',
  'q4_K_M',
  '2026-11-30',
  '10:53',
  'http://',
  '#',
  '@',
  '(',
  ')',
  '*',
  'ms',
  'tok/s',
  ' million',
  'Dec ',
  '=',
  '0x',
]

describe('extractNumbers: properties', () => {
  it('never throws, and every claim points at its own text', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 40 }).map((p) => p.join('')),
    )
    fc.assert(
      fc.property(text, (s) => {
        for (const claim of extractNumbers(s)) {
          expect(s.slice(claim.index, claim.index + claim.raw.length)).toBe(claim.raw)
          expect(Number.isFinite(claim.value)).toBe(true)
          expect(claim.step).toBeGreaterThan(0)
        }
      }),
      { numRuns: 3000 },
    )
  })
})

describe('verifyText: properties', () => {
  const value = fc.oneof(
    fc.double({ min: -1e9, max: 1e9, noNaN: true }),
    fc.integer({ min: -1_000_000, max: 1_000_000 }),
    fc.double({ min: -1, max: 1, noNaN: true }),
  )

  it('supports any known value printed with toFixed(0..3)', () => {
    fc.assert(
      fc.property(
        fc.array(value, { minLength: 1, maxLength: 30 }),
        fc.nat(),
        fc.integer({ min: 0, max: 3 }),
        (values, pick, digits) => {
          const v = values[pick % values.length] as number
          const printed = v.toFixed(digits)
          fc.pre(Number(printed) !== 0)
          const text = `The mean was ${printed} ms.`
          const claims = extractNumbers(text)
          expect(claims.map((c) => c.raw)).toEqual([printed])
          expect(verifyText(text, buildKnown(values))).toMatchObject({
            supported: true,
            checked: 1,
          })
        },
      ),
      { numRuns: 3000 },
    )
  })

  it('rejects a value far from every known one', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1000 }), { maxLength: 50 }), (values) => {
        expect(verifyText('it reached 123456.7 ms', buildKnown(values)).supported).toBe(false)
      }),
      { numRuns: 500 },
    )
  })
})
