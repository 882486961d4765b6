// Every field of every CSV goes through toCell, which reads character codes for speed; these
// pin it to the grammar it replaced, one regex, on any text at all.
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { decimalValue, isDecimal, toCell } from '../../src/parse/cells.js'

const GRAMMAR = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/
const numberish = fc.stringMatching(/^[-+ ]?[0-9.eE+-]{0,8}[a-z ]?$/)

describe('toCell', () => {
  it('calls a text a decimal number exactly when the grammar does', () => {
    fc.assert(
      fc.property(fc.oneof(numberish, fc.string(), fc.double().map(String)), (text) => {
        expect(isDecimal(text)).toBe(GRAMMAR.test(text))
      }),
      { numRuns: 5000 },
    )
  })

  it('types a field as the trimmed regex reading did: number, missing or text', () => {
    const reference = (raw: string) => {
      const value = raw.trim()
      if (
        ['', 'nan', 'NaN', 'NAN', 'null', 'NULL', 'None', 'N/A', 'n/a', 'NA', '#N/A'].includes(
          value,
        )
      )
        return null
      if (GRAMMAR.test(value)) return Number.isFinite(Number(value)) ? Number(value) : null
      return value
    }
    const padded = fc
      .tuple(
        fc.constantFrom('', ' ', '\t', '\u00a0'),
        fc.oneof(numberish, fc.string()),
        fc.constantFrom('', ' ', '\u3000'),
      )
      .map(([a, b, c]) => a + b + c)
    fc.assert(
      fc.property(
        fc.oneof(padded, fc.constantFrom('NaN', ' None ', '1e999', '-0', '.5', '5.')),
        (raw) => {
          expect(toCell(raw)).toEqual(reference(raw))
        },
      ),
      { numRuns: 5000 },
    )
  })
})

describe('decimalValue', () => {
  it('gives the very double Number() gives, for any decimal text', () => {
    const decimal = fc
      .tuple(
        fc.constantFrom('', '-', '+'),
        fc.stringMatching(/^[0-9]{0,20}$/),
        fc.option(fc.stringMatching(/^[0-9]{0,20}$/)),
        fc.option(fc.integer({ min: -330, max: 330 })),
      )
      .map(
        ([sign, whole, part, exp]) =>
          `${sign}${whole}${part === null ? '' : `.${part}`}${exp === null ? '' : `e${exp}`}`,
      )
    fc.assert(
      fc.property(fc.oneof(decimal, fc.double({ noNaN: true }).map(String)), (text) => {
        const value = decimalValue(text)
        if (!GRAMMAR.test(text)) expect(value).toBeNaN()
        else expect(Object.is(value, Number(text))).toBe(true)
      }),
      { numRuns: 20000 },
    )
  })
})
