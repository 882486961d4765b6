// A CSV past 1 MiB is streamed: read a chunk at a time, its rows stored by column as they come.
// The reading must be the same as reading the file whole, wherever the chunks happen to break
// (inside a quoted field, a CRLF, a multi-byte character), and its memory must not grow with it.
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import type { CollectedFile } from '../../src/collect/collected-file.js'
import { fileFacts } from '../../src/facts/facts.js'
import { parseCsv, parseCsvStream } from '../../src/parse/csv.js'
import { parseFile, STREAM_ABOVE } from '../../src/parse/parse-file.js'
import { setMemoryBudget } from '../../src/parse/table.js'
import { pieces } from '../fixtures/streams.js'
import { asRows } from '../fixtures/tables.js'

const field = fc.oneof(
  fc.constantFrom(
    '41.2',
    '-3',
    '1e3',
    '',
    'NaN',
    'gemma3:1b',
    'a "quoted" word',
    'x,y',
    'two\nlines',
  ),
  fc.string({ maxLength: 6 }),
)
const csv = fc
  .tuple(
    fc.integer({ min: 1, max: 4 }),
    fc.constantFrom('\n', '\r\n'),
    fc.array(fc.array(field, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 30 }),
  )
  .map(([width, newline, rows]) =>
    [Array.from({ length: width }, (_, c) => `col${c}`), ...rows]
      .map((row) =>
        row.map((f) => (/[",\n\r]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(','),
      )
      .join(newline),
  )

describe('a CSV read as a stream', () => {
  it('reads as the whole file does, wherever the chunks break', async () => {
    await fc.assert(
      fc.asyncProperty(csv, fc.array(fc.nat(), { maxLength: 8 }), async (text, cuts) => {
        const whole = parseCsv(text, 'runs.csv')
        const streamed = await parseCsvStream(pieces(text, cuts), 'runs.csv')
        if (!whole.ok) expect(streamed).toEqual(whole)
        else {
          expect(streamed.ok).toBe(true)
          if (streamed.ok) expect(asRows(streamed.document)).toEqual(asRows(whole.document))
        }
      }),
      { numRuns: 300 },
    )
  })

  it('says an empty stream is an empty file', async () => {
    expect(await parseCsvStream(Readable.from([]), 'runs.csv')).toEqual({
      ok: false,
      problem: 'empty file: no header and no rows',
    })
  })
})

describe('a CSV file past the streaming size', () => {
  let dir: string
  let budget: number
  const file = (name: string, bytes: Buffer): CollectedFile => {
    const absolutePath = path.join(dir, name)
    fs.writeFileSync(absolutePath, bytes)
    return { absolutePath, path: name, type: 'csv', bytes: bytes.length, modified: new Date() }
  }
  /** A sweep of `rows` rows, batch 1/8 alternating, one run in ten failed; about 30 bytes a row. */
  const sweep = (rows: number, tail = ''): string => {
    const lines = ['batch,run,tokens_per_sec,error']
    for (let r = 0; r < rows; r++) {
      lines.push(
        `${r % 2 ? 8 : 1},${r},${r % 10 === 9 ? 0 : 40 + (r % 13) / 4},${r % 10 === 9 ? 'oom' : ''}`,
      )
    }
    return lines.join('\n') + '\n' + tail
  }

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csv-stream-'))
    process.env['RUNNER_TEMP'] = dir
    // Every finished chunk goes to disk: the path a 500 MB file takes.
    budget = setMemoryBudget(0)
  })
  afterAll(() => {
    setMemoryBudget(budget)
    delete process.env['RUNNER_TEMP']
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('gives the same facts as the same rows read whole, and leaves no spill file', async () => {
    const text = sweep(120_000)
    expect(text.length).toBeGreaterThan(STREAM_ABOVE)
    const big = fileFacts({
      file: file('big.csv', Buffer.from(text)),
      outcome: (await parseFile(file('big.csv', Buffer.from(text))))!,
    })
    const whole = parseCsv(text, 'big.csv')
    const reference = fileFacts({ file: file('ref.csv', Buffer.from('x')), outcome: whole })
    expect(big.entry).toMatchObject({ status: 'parsed', rows: 120_000, failedRows: 12_000 })
    expect(big.metrics.map(({ file: _, ...m }) => m)).toEqual(
      reference.metrics.map(({ file: _, ...m }) => m),
    )
    expect(big.metrics.find((m) => m.name === 'tokens_per_sec' && !m.group)).toMatchObject({
      n: 108_000,
      min: 40,
      max: 43,
    })
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.spill'))).toEqual([])
  })

  it('reads it again as Latin-1 when a byte past the first chunk is not UTF-8', async () => {
    const bytes = Buffer.concat([
      Buffer.from(sweep(60_000)),
      Buffer.from('1,1,41,caf\xe9\n', 'latin1'),
    ])
    const outcome = await parseFile(file('latin1.csv', bytes))
    expect(outcome?.ok).toBe(true)
    if (!outcome?.ok) return
    expect(outcome.document.warnings).toContain('not valid UTF-8: read as Latin-1')
    const table = outcome.document.tables[0]!
    expect(table.rowCount).toBe(60_001)
    expect(table.column(3)[60_000]).toBe('café')
  })

  it('says a binary file is binary without streaming it', async () => {
    const bytes = Buffer.alloc(STREAM_ABOVE + 10, 0)
    expect(await parseFile(file('zeros.csv', bytes))).toEqual({
      ok: false,
      problem: 'binary content, not text',
    })
  })
})
