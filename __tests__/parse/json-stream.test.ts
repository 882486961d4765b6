// A JSON file past 16 MiB is read a chunk at a time, each element of its big arrays parsed alone.
// For the shapes a benchmark writes (an array of records, a summary object holding arrays of
// records or samples), that must read exactly as the whole-file reader does, wherever the chunks
// break: inside a string, an escape, a number, between a key and its colon.
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { fileFacts } from '../../src/facts/facts.js'
import { parseJson } from '../../src/parse/json.js'
import { parseJsonStream } from '../../src/parse/json-stream.js'
import { JSON_STREAM_ABOVE, parseFile } from '../../src/parse/parse-file.js'
import type { ParseOutcome } from '../../src/parse/parsed.js'
import { pieces } from '../fixtures/streams.js'
import { asRows } from '../fixtures/tables.js'

const shown = (outcome: ParseOutcome) => {
  if (!outcome.ok) return outcome.problem
  const { tables, warnings } = asRows(outcome.document)
  return { tables, warnings }
}

const key = fc.constantFrom('tps', 'ttft_ms', 'model', 'a"b', 'back\\slash', 'ü', 'x y')
const scalar = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.constantFrom('gemma3:1b', 'q, "x"', '{[not]}', '\\', ''),
  fc.boolean(),
  fc.constant(null),
)
const record = fc.dictionary(key, fc.oneof(scalar, fc.dictionary(key, scalar, { maxKeys: 2 })), {
  minKeys: 1,
  maxKeys: 4,
})
const records = fc.array(record, { minLength: 1, maxLength: 12 })
const samples = fc.array(
  fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constant(null)),
  {
    minLength: 1,
    maxLength: 12,
  },
)
const document = fc.oneof(
  records,
  fc.dictionary(
    fc.constantFrom('gpu', 'results', 'samples', 'config', 'runs'),
    fc.oneof(scalar, records, samples, fc.dictionary(key, scalar, { maxKeys: 3 })),
    { minKeys: 1, maxKeys: 4 },
  ),
)

describe('a JSON document read as a stream', () => {
  it('reads as the whole file does, wherever the chunks break', async () => {
    await fc.assert(
      fc.asyncProperty(
        document,
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 10 }),
        async (value, pretty, cuts) => {
          const text = JSON.stringify(value, null, pretty ? 2 : undefined)
          const streamed = await parseJsonStream(pieces(text, cuts), false)
          expect(shown(streamed)).toEqual(shown(parseJson(text, 'run.json')))
        },
      ),
      { numRuns: 400 },
    )
  })

  it('reads JSON Lines a line at a time as the whole file does', async () => {
    await fc.assert(
      fc.asyncProperty(records, fc.array(fc.nat(), { maxLength: 6 }), async (rows, cuts) => {
        const text = rows.map((r) => JSON.stringify(r)).join('\n') + '\n'
        const streamed = await parseJsonStream(pieces(text, cuts), true)
        expect(shown(streamed)).toEqual(shown(parseJson(text, 'runs.jsonl')))
      }),
      { numRuns: 200 },
    )
  })

  it("reads Python's NaN as missing and counts it, and says a cut file is cut", async () => {
    const outcome = await parseJsonStream(pieces('[{"tps": NaN}, {"tps": 41.2}]', [9]), false)
    expect(shown(outcome)).toEqual({
      tables: [{ columns: ['tps'], rows: [[null], [41.2]] }],
      warnings: ['1 NaN/Infinity value(s) read as missing'],
    })
    expect(await parseJsonStream(pieces('[{"tps": 41.2}, {"tp', [5]), false)).toEqual({
      ok: false,
      problem: 'invalid JSON: the file ends inside a value (the file looks truncated)',
    })
  })
})

describe('a JSON file past the streaming size', () => {
  it('is read a record at a time, with every record counted and summarised', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'json-stream-'))
    try {
      const absolutePath = path.join(dir, 'runs.json')
      const fd = fs.openSync(absolutePath, 'w')
      fs.writeSync(fd, '{"gpu": "NVIDIA L4", "results": [')
      const n = 400_000
      for (let i = 0; i < n; i += 1000) {
        const block = Array.from(
          { length: 1000 },
          (_, k) => `{"run": ${i + k}, "latency_ms": ${((i + k) % 100) + 0.5}, "status": "ok"}`,
        )
        fs.writeSync(fd, (i > 0 ? ',' : '') + block.join(','))
      }
      fs.writeSync(fd, ']}')
      fs.closeSync(fd)
      const bytes = fs.statSync(absolutePath).size
      expect(bytes).toBeGreaterThan(JSON_STREAM_ABOVE)
      const file = {
        absolutePath,
        path: 'runs.json',
        type: 'json' as const,
        bytes,
        modified: new Date(),
      }
      const facts = fileFacts({ file, outcome: (await parseFile(file))! })
      expect(facts.entry).toMatchObject({ status: 'parsed', rows: n })
      expect(facts.metrics.find((m) => m.name === 'latency_ms')).toMatchObject({
        table: 'results',
        n,
        min: 0.5,
        max: 99.5,
        mean: 50,
        median: 50,
      })
      expect(facts.environment).toBe(true)
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
