// The readers see whatever a pull request puts in a file. Whatever the text or bytes, each returns
// a parse outcome (`{ ok: true, document }` or `{ ok: false, problem }`) and never throws; the
// format registry returns a document or nothing, and a tool's reader that breaks on a damaged file
// says so in a warning instead of throwing. A numeric CSV column read through parse and facts
// gives the same n, mean, min and max as a plain computation.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { tableMetrics } from '../../src/facts/metrics.js'
import { parseCsv } from '../../src/parse/csv.js'
import { recogniseJson, recogniseText } from '../../src/parse/formats/registry.js'
import { parseJson } from '../../src/parse/json.js'
import { parseMarkdown } from '../../src/parse/markdown.js'
import type { ParsedDocument, ParseOutcome } from '../../src/parse/parsed.js'
import { decode } from '../../src/parse/text.js'
import { reference } from '../fixtures/reference-stats.js'
import { ROOT } from '../fixtures/runner.js'

const RUNS = Number(process.env.READERS_RUNS ?? 200)
const FIXTURES = path.join(ROOT, '__tests__', 'fixtures', 'formats')

/** The parts of a parsed document every later stage relies on. */
function expectDocument(document: ParsedDocument): void {
  expect(Array.isArray(document.tables)).toBe(true)
  for (const table of document.tables) {
    expect(table.columns.every((c) => typeof c === 'string')).toBe(true)
    for (const row of table.rows()) {
      expect(row).toHaveLength(table.columns.length)
      for (const cell of row) {
        expect(cell === null || typeof cell === 'string' || Number.isFinite(cell)).toBe(true)
      }
    }
  }
  expect(document.vocabulary.every((word) => typeof word === 'string')).toBe(true)
  expect(document.warnings.every((w) => typeof w === 'string' && w !== '')).toBe(true)
  if (document.format) {
    expect(typeof document.format.id).toBe('string')
    for (const benchmark of document.format.benchmarks) {
      expect(typeof benchmark.name).toBe('string')
      expect((benchmark.samples ?? []).every(Number.isFinite)).toBe(true)
      // The tool's own figures are taken as written (facts drops a non-finite or negative spread
      // a damaged file gives: a vLLM `std_ttft_ms` of -1e308 is scaled to -Infinity here).
      const figures = Object.entries(benchmark.summary ?? {}).filter(([k]) => k !== 'interval')
      expect(figures.filter(([, v]) => typeof v !== 'number')).toEqual([])
    }
  }
}

/** Exactly one of the two outcome shapes: a document, or a problem a user can read. */
function expectOutcome(outcome: ParseOutcome): void {
  if (outcome.ok) {
    expect(Object.keys(outcome).sort()).toEqual(['document', 'ok'])
    expectDocument(outcome.document)
  } else {
    expect(Object.keys(outcome).sort()).toEqual(['ok', 'problem'])
    expect(outcome.ok).toBe(false)
    expect(typeof outcome.problem).toBe('string')
    expect(outcome.problem.trim()).not.toBe('')
  }
}

/** A document the registry gave, or none; a tool's reader that threw is a bug in that reader. */
function expectRecognised(document: ParsedDocument | undefined): void {
  if (document === undefined) return
  expectDocument(document)
  expect(document.format).toBeDefined()
  expect(document.warnings.filter((w) => / output failed: /.test(w))).toEqual([])
}

/** Text made of `alphabet`'s pieces: far likelier than random code points to hit a parser's rules. */
const textOf = (alphabet: string[], maxLength = 200): fc.Arbitrary<string> =>
  fc.array(fc.constantFrom(...alphabet), { maxLength }).map((pieces) => pieces.join(''))

// Strings of every kind: printable ASCII, any code point (controls and astral planes included),
// lone UTF-16 surrogates, and the characters each syntax gives meaning to.
const anyText = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 100 }),
  fc.string({ unit: 'binary-ascii', maxLength: 300 }),
  fc
    .array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 100 })
    .map((codes) => String.fromCharCode(...codes)),
)
const csvText = textOf(
  [',', '\t', ';', '|', '"', '""', '\n', '\r\n', '\r', ' ', 'a', 'é']
    .concat(['1', '-2.5', '1e309', 'NaN', 'nan', 'null', '', 'tokens_per_sec', 'ttft_ms', 'batch'])
    .concat(['error', 'status', 'failed', 'ok', '\ufeff', '\u0000']),
)
const jsonText = textOf([
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  '"',
  '\\',
  '"a"',
  '"ms"',
  '1',
  '-0.5',
]).chain((t) =>
  fc.constantFrom(t, t + '\n' + t, `[${t}]`, `{"a":${t}}`, t.replace(/1/g, 'NaN'), t + '\n'),
)
const markdownText = textOf(
  ['|', '-', ':', '#', '# ', '```', '~~~', '`', ' ', '\n', '\r\n', 'a', '1', '1,234', '**'].concat([
    '_',
    '\\|',
    '41.2 tok/s',
    '12.5%',
    '| --- |',
    '|---|---|',
    'TTFT (ms)',
  ]),
)

describe('the readers never throw, and always say what they read or what was wrong', () => {
  it('parseCsv, on any text, under a .csv or a .tsv name', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, csvText), fc.constantFrom('x.csv', 'x.tsv'), (text, name) => {
        expectOutcome(parseCsv(text, name))
      }),
      { numRuns: RUNS },
    )
  })

  it('parseJson, on any text, as .json and as .jsonl', () => {
    fc.assert(
      fc.property(
        fc.oneof(anyText, jsonText),
        fc.constantFrom('x.json', 'x.jsonl'),
        (text, name) => {
          expectOutcome(parseJson(text, name))
        },
      ),
      { numRuns: RUNS },
    )
  })

  it('parseJson reads every valid JSON document, as one document or one record per line', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { minLength: 1, maxLength: 4 }), (values) => {
        const whole = parseJson(JSON.stringify(values[0]), 'x.json')
        expectOutcome(whole)
        expect(whole.ok).toBe(true)
        const lines = parseJson(values.map((v) => JSON.stringify(v)).join('\n'), 'x.jsonl')
        expectOutcome(lines)
        expect(lines.ok).toBe(true)
      }),
      { numRuns: RUNS },
    )
  })

  it('parseMarkdown, on any text', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, markdownText), (text) => {
        expectOutcome(parseMarkdown(text))
      }),
      { numRuns: RUNS },
    )
  })

  it('decode, on any bytes: text, or the reason it is not text', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        const decoded = decode(bytes)
        if (decoded.ok) {
          expect(typeof decoded.text).toBe('string')
          expect(decoded.warnings.every((w) => typeof w === 'string')).toBe(true)
          // A NUL in the first 8 KiB makes a file binary.
          expect(bytes.includes(0)).toBe(false)
          // Read as UTF-8 only when it is UTF-8, and then nothing is lost but a leading BOM.
          if (decoded.warnings.length === 0) {
            const body = [0xef, 0xbb, 0xbf].every((b, i) => bytes[i] === b)
              ? bytes.subarray(3)
              : bytes
            expect(Buffer.from(decoded.text, 'utf8').equals(Buffer.from(body))).toBe(true)
          }
        } else {
          expect(decoded).toEqual({ ok: false, problem: 'binary content, not text' })
        }
      }),
      { numRuns: RUNS },
    )
  })

  it('decode gives back any UTF-8 text exactly, and any Latin-1 text with a warning', () => {
    const text = fc.string({ unit: 'binary', minLength: 1, maxLength: 200 })
    const readable = (t: string): boolean => !/[\u0000-\u001f]/.test(t) // eslint-disable-line no-control-regex
    fc.assert(
      fc.property(text.filter(readable), (t) => {
        const decoded = decode(new TextEncoder().encode(t))
        expect(decoded).toEqual({ ok: true, text: t.replace(/^\ufeff/, ''), warnings: [] })
      }),
      { numRuns: RUNS },
    )
    const latin1 = fc
      .array(fc.integer({ min: 0xa0, max: 0xff }), { minLength: 1, maxLength: 50 })
      .map((codes) => 'durée_ms,' + String.fromCharCode(...codes))
    fc.assert(
      fc.property(latin1, (t) => {
        const decoded = decode(Buffer.from(t, 'latin1'))
        expect(decoded).toEqual({
          ok: true,
          text: t,
          warnings: ['not valid UTF-8: read as Latin-1'],
        })
      }),
      { numRuns: RUNS },
    )
  })
})

/** Damages a fixture the way a cut upload or a hand edit does: cut, spliced, lines dropped. */
const damaged = (text: string): fc.Arbitrary<string> =>
  fc.oneof(
    fc.nat({ max: text.length }).map((end) => text.slice(0, end)),
    fc
      .tuple(fc.nat({ max: text.length }), fc.nat({ max: 40 }), fc.oneof(anyText, csvText))
      .map(([at, cut, insert]) => text.slice(0, at) + insert + text.slice(at + cut)),
    fc
      .array(fc.boolean(), {
        minLength: text.split('\n').length,
        maxLength: text.split('\n').length,
      })
      .map((keep) =>
        text
          .split('\n')
          .filter((_, i) => keep[i])
          .join('\n'),
      ),
  )

/** Replaces one value somewhere in a JSON value (chosen by `path`) with `replacement`. */
function replaceAt(value: unknown, pathChoices: number[], replacement: unknown): unknown {
  if (pathChoices.length === 0 || value === null || typeof value !== 'object') return replacement
  const [choice, ...rest] = pathChoices
  if (Array.isArray(value)) {
    if (value.length === 0) return replacement
    const i = choice! % value.length
    return value.map((v, k) => (k === i ? replaceAt(v, rest, replacement) : v))
  }
  const keys = Object.keys(value)
  if (keys.length === 0) return replacement
  const key = keys[choice! % keys.length]!
  return { ...value, [key]: replaceAt((value as Record<string, unknown>)[key], rest, replacement) }
}

const fixtures = fs.readdirSync(FIXTURES).map((name) => ({
  name,
  text: fs.readFileSync(path.join(FIXTURES, name), 'utf8'),
}))
const textFixtures = fixtures.filter((f) => !f.name.endsWith('.json'))
const jsonFixtures = fixtures.filter((f) => f.name.endsWith('.json'))

describe('the format registry, on anything', () => {
  it('recogniseText: any text gives a document or nothing', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, csvText, markdownText), (text) => {
        expectRecognised(recogniseText(text))
      }),
      { numRuns: RUNS },
    )
  })

  it('recogniseJson: any JSON value, or any JavaScript value at all, gives a document or nothing', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.anything()), (value) => {
        expectRecognised(recogniseJson(value))
      }),
      { numRuns: RUNS },
    )
  })

  it("recogniseText: each tool's own output, damaged, is read as far as it goes", () => {
    const cases = fc
      .constantFrom(...textFixtures)
      .chain((f) => damaged(f.text).map((text) => ({ name: f.name, text })))
    fc.assert(
      fc.property(cases, ({ text }) => {
        expectRecognised(recogniseText(text))
      }),
      { numRuns: RUNS },
    )
  })

  it("recogniseJson: each tool's JSON with any one value swapped for anything", () => {
    const cases = fc.record({
      fixture: fc.constantFrom(...jsonFixtures),
      at: fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
      value: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.anything({ maxDepth: 2 })),
    })
    fc.assert(
      fc.property(cases, ({ fixture, at, value }) => {
        const swapped = replaceAt(JSON.parse(fixture.text), at, value)
        expectRecognised(recogniseJson(swapped))
        // And through the JSON reader, when the swapped value can be written as JSON at all.
        let text: string | undefined
        try {
          text = JSON.stringify(swapped)
        } catch {
          text = undefined // a BigInt or a cycle: no file could hold it
        }
        if (text !== undefined) expectOutcome(parseJson(text, fixture.name))
      }),
      { numRuns: RUNS },
    )
  })
})

describe('a CSV column of numbers, through parse and facts', () => {
  // Finite doubles within a range whose sums cannot overflow (a mean over 1e308s is another
  // question); -0 is written "0" and read back as 0, so it is generated as 0.
  const value = fc.oneof(
    fc.double({ min: -1e12, max: 1e12, noNaN: true }).map((v) => (Object.is(v, -0) ? 0 : v)),
    fc.integer({ min: -1_000_000, max: 1_000_000 }),
  )

  it('gives the n, mean, min and max of a plain computation', () => {
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 60 }), (values) => {
        const outcome = parseCsv(`latency_ms\n${values.map(String).join('\n')}\n`, 'run.csv')
        if (!outcome.ok) throw new Error(outcome.problem)
        const table = outcome.document.tables[0]!
        expect(table.rows().map((row) => row[0])).toEqual(values)
        const { metrics } = tableMetrics('run.csv', table)
        expect(metrics).toHaveLength(1)
        const metric = metrics[0]!
        const expected = reference(values)
        expect(metric).toMatchObject({ name: 'latency_ms', unit: 'ms', direction: 'lower' })
        expect(metric.n).toBe(expected.n)
        expect(metric.min).toBe(expected.min)
        expect(metric.max).toBe(expected.max)
        // Summed in another order, the mean may differ in its last bits: within n roundings of
        // the largest magnitude.
        const scale = Math.max(...values.map(Math.abs))
        const tolerance = 4 * values.length * Number.EPSILON * scale
        expect(Math.abs(metric.mean - expected.mean)).toBeLessThanOrEqual(tolerance)
      }),
      { numRuns: RUNS },
    )
  })
})
