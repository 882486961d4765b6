// parseFile on real files, collected as the action collects them: the bytes become text (or the
// reason they are not), the file's type picks the parser, and nothing on disk makes it throw.
import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { collect } from '../../src/collect/collect.js'
import type { CollectedFile } from '../../src/collect/collected-file.js'
import { parseFile } from '../../src/parse/parse-file.js'
import type { ParseOutcome } from '../../src/parse/parsed.js'
import { asRows } from '../fixtures/tables.js'

let ws: string
let collected: Map<string, CollectedFile>

const FILES: Record<string, Buffer> = {
  'binary.csv': Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x08, 0x00, 0x61, 0x2c, 0x62]),
  'latin1.csv': Buffer.from('modèle,durée_ms\ncafé,812\nthé,790\n', 'latin1'),
  'bom.csv': Buffer.concat([
    Buffer.from([0xef, 0xbb, 0xbf]),
    Buffer.from('model,tps\ngemma3,41.2\n'),
  ]),
  'bom.json': Buffer.from('\ufeff{"tps": 41.2}'),
  'utf8.csv': Buffer.from('modèle,tps\ncafé ☕,41.2\n'),
  'runs.jsonl': Buffer.from('{"tps": 41.2}\n{"tps": 40.8}\n'),
  'notes.md': Buffer.from('## Results\n\n| tps |\n|---|\n| 41 |\n'),
  'data.tsv': Buffer.from('a\tb\n1\t2\n'),
  'empty.csv': Buffer.alloc(0),
  'deleted.csv': Buffer.from('a\n1\n'),
  'swapped.csv': Buffer.from('a\n1\n'),
  'build.log': Buffer.from('model,tps\na,1\n'),
}

async function parsed(name: string): Promise<ParseOutcome | undefined> {
  const file = collected.get(`data/${name}`)
  if (!file) throw new Error(`data/${name} was not collected`)
  return parseFile(file)
}

async function document(name: string): Promise<ReturnType<typeof asRows>> {
  const outcome = await parsed(name)
  if (!outcome) throw new Error(`expected ${name} to parse, but it was not opened`)
  if (!outcome.ok) throw new Error(`expected ${name} to parse, got: ${outcome.problem}`)
  return asRows(outcome.document)
}

beforeAll(async () => {
  ws = fs.mkdtempSync(path.join(os.tmpdir(), 'parse-file-'))
  fs.mkdirSync(path.join(ws, 'data'))
  for (const [name, bytes] of Object.entries(FILES))
    fs.writeFileSync(path.join(ws, 'data', name), bytes)
  const collection = await collect({ workspace: ws, patterns: ['data/**'], maxFileSize: 1 << 20 })
  collected = new Map(collection.files.map((f) => [f.path, f]))
})

afterAll(() => {
  fs.rmSync(ws, { recursive: true, force: true })
})

describe('parseFile', () => {
  it('says binary content in a .csv is unreadable rather than parsing it', async () => {
    expect(await parsed('binary.csv')).toEqual({ ok: false, problem: 'binary content, not text' })
  })

  it('reads a Latin-1 CSV, with a warning that it is not UTF-8', async () => {
    const doc = await document('latin1.csv')
    expect(doc.tables[0]).toEqual({
      columns: ['modèle', 'durée_ms'],
      rows: [
        ['café', 812],
        ['thé', 790],
      ],
    })
    expect(doc.warnings).toEqual(['not valid UTF-8: read as Latin-1'])
  })

  it('reads UTF-8 as UTF-8, without a warning', async () => {
    const doc = await document('utf8.csv')
    expect(doc.tables[0]!.rows).toEqual([['café ☕', 41.2]])
    expect(doc.warnings).toEqual([])
  })

  it('strips a UTF-8 byte order mark, so the first column is named as written', async () => {
    const doc = await document('bom.csv')
    expect(doc.tables[0]!.columns).toEqual(['model', 'tps'])
    expect(doc.tables[0]!.columns[0]!.charCodeAt(0)).toBe('m'.charCodeAt(0))
    expect(doc.warnings).toEqual([])
    expect((await document('bom.json')).tables[0]!.columns).toEqual(['tps'])
  })

  it('picks the parser by the collected type', async () => {
    expect((await document('runs.jsonl')).tables[0]!.rows).toEqual([[41.2], [40.8]])
    expect((await document('notes.md')).tables[0]).toMatchObject({ name: 'Results', rows: [[41]] })
    expect((await document('data.tsv')).tables[0]!.columns).toEqual(['a', 'b'])
    // A type no parser reads stays unopened beyond its first bytes, even when its text would
    // parse as CSV: only a benchmark tool's output is read from a file of another type.
    expect(await parsed('build.log')).toBeUndefined()
  })

  it("reports a parser's problem as the file's problem", async () => {
    expect(await parsed('empty.csv')).toEqual({
      ok: false,
      problem: 'empty file: no header and no rows',
    })
  })

  it('says a file deleted after collect could not be read, without throwing', async () => {
    const file = collected.get('data/deleted.csv')!
    fs.unlinkSync(file.absolutePath)
    const outcome = await parseFile(file)
    expect(outcome?.ok).toBe(false)
    expect(outcome?.ok === false && outcome.problem).toMatch(/^could not be read: .*ENOENT/)
  })

  it('says a file swapped for a FIFO after collect could not be read, not hanging', async () => {
    const file = collected.get('data/swapped.csv')!
    fs.unlinkSync(file.absolutePath)
    execFileSync('mkfifo', [file.absolutePath])
    expect(await parseFile(file)).toEqual({
      ok: false,
      problem: 'could not be read: no longer a regular file',
    })
  }, 5_000)
})
