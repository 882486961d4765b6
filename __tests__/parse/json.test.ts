// JSON as benchmark harnesses write it: nested summaries, arrays of run records, arrays of samples,
// one record per line, and Python's NaN/Infinity. A broken file is unreadable with a reason that
// helps; no file, however built, throws.
import { describe, expect, it } from '@jest/globals'
import { parseJson } from '../../src/parse/json.js'
import { asRows, type PlainTable } from '../fixtures/tables.js'

type Doc = ReturnType<typeof asRows>

function read(text: string, name = 'results.json'): Doc {
  const outcome = parseJson(text, name)
  if (!outcome.ok) throw new Error(`expected ${name} to parse, got: ${outcome.problem}`)
  return asRows(outcome.document)
}

function problem(text: string, name = 'results.json'): string {
  const outcome = parseJson(text, name)
  if (outcome.ok) throw new Error(`expected ${name} to be unreadable`)
  return outcome.problem
}

const named = (doc: Doc, name: string | undefined): PlainTable | undefined =>
  doc.tables.find((t) => t.name === name && !t.values)

describe('parseJson', () => {
  it('gathers the named numbers of nested objects, by dotted path, in one values table', () => {
    const doc = read(
      JSON.stringify({
        model: 'gemma3:1b',
        results: { tokens_per_sec: { mean: 41.2, p95: 39.8 }, ttft_ms: 812 },
        ok: true,
        note: null,
      }),
    )
    expect(doc.tables).toEqual([
      {
        columns: [
          'model',
          'results.tokens_per_sec.mean',
          'results.tokens_per_sec.p95',
          'results.ttft_ms',
          'ok',
          'note',
        ],
        rows: [['gemma3:1b', 41.2, 39.8, 812, 'true', null]],
        values: true,
      },
    ])
    expect(doc.vocabulary).toEqual(
      expect.arrayContaining(['model', 'results', 'tokens_per_sec', 'mean', 'ttft_ms']),
    )
    expect(doc.warnings).toEqual([])
  })

  it('reads each array of records as a table named by its path, nested objects flattened', () => {
    const doc = read(
      JSON.stringify({
        suite: 'chat',
        runs: [
          { model: 'a', latency: { ttft_ms: 800, total_ms: 2100 }, tps: 41 },
          { model: 'b', latency: { ttft_ms: 950, total_ms: 2500 }, tps: 38, extra: 'x' },
        ],
        nested: { more: [{ n: 1 }, { n: 2 }] },
      }),
    )
    expect(named(doc, 'runs')).toEqual({
      name: 'runs',
      columns: ['model', 'latency.ttft_ms', 'latency.total_ms', 'tps', 'extra'],
      rows: [
        ['a', 800, 2100, 41, null],
        ['b', 950, 2500, 38, 'x'],
      ],
    })
    expect(named(doc, 'nested.more')).toEqual({
      name: 'nested.more',
      columns: ['n'],
      rows: [[1], [2]],
    })
    expect(doc.tables.find((t) => t.values)).toEqual({
      columns: ['suite'],
      rows: [['chat']],
      values: true,
    })
  })

  it('reads a top-level array of records as the file’s one table, unnamed', () => {
    const doc = read('[{"run": 1, "tps": 41.2}, {"run": 2, "tps": 40.8}]')
    expect(doc.tables).toEqual([
      {
        columns: ['run', 'tps'],
        rows: [
          [1, 41.2],
          [2, 40.8],
        ],
      },
    ])
  })

  it("reads a record's own array of records (a run's requests) as a table of its own", () => {
    const doc = read(JSON.stringify({ runs: [{ id: 'r1', requests: [{ ms: 10 }, { ms: 12 }] }] }))
    expect(named(doc, 'runs')!.columns).toEqual(['id'])
    expect(named(doc, 'runs[].requests')).toEqual({
      name: 'runs[].requests',
      columns: ['ms'],
      rows: [[10], [12]],
    })
  })

  it('reads an array of numbers as a series table named by its path', () => {
    const doc = read('{"samples": {"ttft_ms": [812, 790, null, 805]}}')
    expect(doc.tables).toEqual([
      {
        name: 'samples.ttft_ms',
        columns: ['samples.ttft_ms'],
        rows: [[812], [790], [null], [805]],
      },
    ])
    expect(read('[1, 2.5, 3]').tables).toEqual([{ columns: ['value'], rows: [[1], [2.5], [3]] }])
  })

  it.each(['runs.jsonl', 'runs.ndjson'])('reads %s as one record per line', (name) => {
    const doc = read('{"run": 1, "tps": 41.2}\n\n{"run": 2, "tps": 40.8}\r\n', name)
    expect(doc.tables).toEqual([
      {
        columns: ['run', 'tps'],
        rows: [
          [1, 41.2],
          [2, 40.8],
        ],
      },
    ])
    expect(doc.warnings).toEqual([])
  })

  it('skips the lines of a .jsonl that are not JSON, and says how many', () => {
    const doc = read('{"tps": 41.2}\nnot json\n{"tps": 40.8}\n{"tps": 3', 'runs.jsonl')
    expect(doc.tables[0]!.rows).toEqual([[41.2], [40.8]])
    expect(doc.warnings).toEqual(['2 line(s) that are not JSON skipped'])
    expect(problem('nope\nnor this\n', 'runs.jsonl')).toBe('no line is valid JSON')
  })

  it('reads a .json that is really one record per line', () => {
    const doc = read('{"run": 1, "tps": 41.2}\n{"run": 2, "tps": 40.8}\n{"run": 3, "tps": 40.1}\n')
    expect(doc.tables).toEqual([
      {
        columns: ['run', 'tps'],
        rows: [
          [1, 41.2],
          [2, 40.8],
          [3, 40.1],
        ],
      },
    ])
  })

  it("reads Python's NaN, Infinity and -Infinity as missing, counting them in a warning", () => {
    const doc = read('{"mean": NaN, "max": Infinity, "min": -Infinity, "samples": [1, NaN, 3]}')
    expect(doc.tables).toEqual([
      { columns: ['mean', 'max', 'min'], rows: [[null, null, null]], values: true },
      { name: 'samples', columns: ['samples'], rows: [[1], [null], [3]] },
    ])
    expect(doc.warnings).toEqual(['4 NaN/Infinity value(s) read as missing'])
  })

  it('leaves NaN and Infinity inside strings as they are', () => {
    const doc = read(
      '{"note": "NaN here", "quote": "say \\"Infinity\\" -Infinity", "NaN": 1, "x": NaN}',
    )
    expect(doc.tables[0]).toEqual({
      columns: ['note', 'quote', 'NaN', 'x'],
      rows: [['NaN here', 'say "Infinity" -Infinity', 1, null]],
      values: true,
    })
    expect(doc.warnings).toEqual(['1 NaN/Infinity value(s) read as missing'])
  })

  it('reads NaN in a JSON Lines file, counting it', () => {
    const doc = read('{"tps": 41.2}\n{"tps": NaN}\n{"tps": "NaN"}\n', 'runs.jsonl')
    expect(doc.tables[0]!.rows).toEqual([[41.2], [null], ['NaN']])
    expect(doc.warnings).toEqual(['1 NaN/Infinity value(s) read as missing'])
  })

  it.each([
    ['cut inside an array', '{"runs": [1, 2'],
    ['cut inside a string', '{"model": "gemma'],
    ['cut after a comma', '{"a": 1,'],
    ['cut after a key', '{"a": '],
    ['cut after a record of an array', '[{"tps": 41.2}, {"tps": 40.8}'],
    ['cut after an inner object', '{"results": {"tps": 41.2}'],
    ['cut in a pretty-printed file', '{\n  "runs": [\n    {"tps": 41.2},\n    {"tps": 40.8}\n'],
  ])('says a file %s is truncated', (_label, text) => {
    const reason = problem(text)
    expect(reason).toMatch(/^invalid JSON: /)
    expect(reason).toContain('truncated')
  })

  it('does not call a complete but invalid file truncated', () => {
    const reason = problem('{"a": 1 "b": 2}')
    expect(reason).toMatch(/^invalid JSON: /)
    expect(reason).not.toContain('truncated')
  })

  it('says an empty file is unreadable', () => {
    expect(problem('')).toBe('empty file')
    expect(problem(' \n ')).toBe('empty file')
    expect(problem('', 'runs.jsonl')).toBe('empty file')
  })

  it.each([
    ['arrays', '['.repeat(10_000) + '1' + ']'.repeat(10_000)],
    ['objects', '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000)],
  ])('does not throw on %s nested 10,000 levels deep', (_label, text) => {
    const outcome = parseJson(text, 'deep.json')
    if (outcome.ok) {
      expect(outcome.document.warnings.some((w) => /nesting deeper than \d+ levels/.test(w))).toBe(
        true,
      )
    } else {
      expect(outcome.problem).toEqual(expect.any(String))
    }
  })

  it('still reads what lies above the depth limit of a deeply nested file', () => {
    const deep = '{"a":'.repeat(100) + '1' + '}'.repeat(100)
    const doc = read(`{"tps": 41.2, "deep": ${deep}}`)
    expect(doc.tables[0]).toEqual({ columns: ['tps'], rows: [[41.2]], values: true })
    expect(doc.warnings).toEqual([
      expect.stringMatching(/^nesting deeper than \d+ levels was not read$/),
    ])
  })
})
