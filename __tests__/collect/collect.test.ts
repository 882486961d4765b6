// collect on real folders: what each pattern matched, what every file is (path, type, size, time),
// and which files are listed but never opened: links out of the workspace, loops, FIFOs, files
// over max-file-size. Each `skip` is what the inventory shows the user as the file's problem.
import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { collect } from '../../src/collect/collect.js'
import type { CollectedFile, Collection } from '../../src/collect/collected-file.js'
import { InputError, parseConfig } from '../../src/inputs.js'
import { silentLog } from '../../src/log.js'
import { parseFile } from '../../src/parse/parse-file.js'
import { analyse } from '../../src/pipeline.js'

const silent = silentLog
const made: string[] = []
const MTIME = new Date('2026-03-04T05:06:07.000Z')

function tempRoot(label: string): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `collect-${label}-`))
  made.push(root)
  return root
}

/** Writes `files` (relative path → content) under `root`, all with the same known mtime. */
function write(root: string, files: Record<string, string | Buffer>): void {
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(root, rel)
    fs.mkdirSync(path.dirname(file), { recursive: true })
    fs.writeFileSync(file, content)
    fs.utimesSync(file, MTIME, MTIME)
  }
}

function byPath(collection: Collection): Map<string, CollectedFile> {
  return new Map(collection.files.map((f) => [f.path, f]))
}

afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true })
})

describe('patterns', () => {
  let ws: string
  let result: Collection
  const files: Record<string, string> = {
    'reports/a.csv': 'model,tps\ngemma3,41.2\n',
    'reports/b.tsv': 'model\ttps\ngemma3\t41.2\n',
    'reports/sub/c.json': '{"tps": 41.2}',
    'reports/sub/deeper/d.jsonl': '{"tps": 41.2}\n{"tps": 40.1}\n',
    'reports/e.ndjson': '{"tps": 1}\n',
    'reports/f.md': '# Résumé\n\n| a | b |\n|---|---|\n| 1 | 2 |\n',
    'reports/UPPER.CSV': 'a\n1\n',
    'reports/g.bin': '\u0001\u0002',
    'reports/README': 'no extension',
    'reports/.hidden.json': '{}',
    'reports/old/x.csv': 'a\n1\n',
    'reports/old/y.json': '{}',
    'csv_data/run.csv': 'a\n1\n2\n',
  }

  beforeAll(async () => {
    ws = path.join(tempRoot('patterns'), 'ws')
    write(ws, files)
    result = await collect({
      workspace: ws,
      patterns: ['reports/**', 'csv_data/*.csv', 'nothing-here/**', '!reports/old/**', '!stale/**'],
      maxFileSize: 1024,
    })
  })

  it("counts each pattern's matches: includes net of excludes, excludes by what they took", () => {
    expect(result.patterns).toEqual([
      { pattern: 'reports/**', matched: 10 },
      { pattern: 'csv_data/*.csv', matched: 1 },
      { pattern: 'nothing-here/**', matched: 0 },
      { pattern: '!reports/old/**', matched: 2 },
      { pattern: '!stale/**', matched: 0 },
    ])
  })

  it('lists every matched file once, workspace-relative with / separators, sorted', () => {
    const expected = Object.keys(files)
      .filter((f) => !f.startsWith('reports/old/'))
      .sort()
    expect(result.files.map((f) => f.path)).toEqual(expected)
    for (const file of result.files) {
      expect(path.isAbsolute(file.path)).toBe(false)
      expect(file.path).not.toContain('\\')
      expect(file.absolutePath).toBe(path.join(ws, file.path))
      expect(file.skip).toBeUndefined()
    }
  })

  it('types files by extension, case-insensitively', () => {
    const types = Object.fromEntries(result.files.map((f) => [f.path, f.type]))
    expect(types).toEqual({
      'csv_data/run.csv': 'csv',
      'reports/.hidden.json': 'json',
      'reports/README': 'other',
      'reports/UPPER.CSV': 'csv',
      'reports/a.csv': 'csv',
      'reports/b.tsv': 'csv',
      'reports/e.ndjson': 'json',
      'reports/f.md': 'md',
      'reports/g.bin': 'other',
      'reports/sub/c.json': 'json',
      'reports/sub/deeper/d.jsonl': 'json',
    })
  })

  it('gives each file its exact size in bytes and its modified time', () => {
    for (const file of result.files) {
      expect(file.bytes).toBe(Buffer.byteLength(files[file.path]!))
      expect(file.modified.toISOString()).toBe(MTIME.toISOString())
    }
    // Each 'é' of "Résumé" is two bytes: sizes are bytes on disk, not characters.
    expect(byPath(result).get('reports/f.md')!.bytes).toBe(files['reports/f.md']!.length + 2)
  })

  it('accepts an absolute pattern inside the workspace', async () => {
    const absolute = await collect({
      workspace: ws,
      patterns: [path.join(ws, 'csv_data', '**')],
      maxFileSize: 1024,
    })
    expect(absolute.files.map((f) => f.path)).toEqual(['csv_data/run.csv'])
    expect(absolute.patterns[0]!.matched).toBe(1)
  })
})

describe('the path input never reaches outside the workspace', () => {
  const ws = path.join(os.tmpdir(), 'collect-confined-ws')
  const attempt = (pattern: string): unknown => {
    try {
      parseConfig((name) => (name === 'path' ? pattern : ''), { GITHUB_WORKSPACE: ws })
    } catch (error) {
      return error
    }
    return undefined
  }

  it.each(['../x/**', '!../x/**', 'reports/../../x/**', '/etc/**', path.join(os.homedir(), '**')])(
    'refuses %s with an error naming the path input',
    (pattern) => {
      const error = attempt(`reports/**\n${pattern}`)
      expect(error).toBeInstanceOf(InputError)
      expect((error as InputError).input).toBe('path')
      expect((error as InputError).message).toMatch(
        /^Input `path`: .*reaches outside the workspace/,
      )
    },
  )

  it('accepts patterns that stay inside, absolute ones included', () => {
    expect(attempt('reports/../csv_data/**')).toBeUndefined()
    expect(attempt(path.join(ws, 'reports', '**'))).toBeUndefined()
  })
})

describe('links, loops and special files', () => {
  let root: string
  let ws: string
  let result: Collection
  let listed: Map<string, CollectedFile>

  beforeAll(async () => {
    root = tempRoot('links')
    ws = path.join(root, 'ws')
    write(root, {
      'outside/secret.csv': 'SECRET_COLUMN\n42\n',
      'outside/dir/leak.csv': 'LEAKED_COLUMN\n1\n',
      'ws/data/real.csv': 'model,tokens_per_sec\ngemma3,41.2\ngemma3,40.8\n',
    })
    fs.mkdirSync(path.join(ws, 'links'), { recursive: true })
    const link = (target: string, name: string): void =>
      fs.symlinkSync(target, path.join(ws, 'links', name))
    link(path.join(root, 'outside', 'secret.csv'), 'to-outside.csv')
    link('../../outside/secret.csv', 'relative-outside.csv')
    link('../data/real.csv', 'inside.csv')
    link('loop-b.csv', 'loop-a.csv')
    link('loop-a.csv', 'loop-b.csv')
    link(path.join(root, 'outside', 'dir'), 'outside-dir')
    link('../data', 'inside-dir')
    link('does-not-exist.csv', 'dangling.csv')
    execFileSync('mkfifo', [path.join(ws, 'links', 'pipe.csv')])
    result = await collect({ workspace: ws, patterns: ['links/**'], maxFileSize: 1024 })
    listed = byPath(result)
  })

  it('lists each link once and pulls nothing in through a linked directory', () => {
    expect(result.files.map((f) => f.path)).toEqual([
      'links/dangling.csv',
      'links/inside-dir',
      'links/inside.csv',
      'links/loop-a.csv',
      'links/loop-b.csv',
      'links/outside-dir',
      'links/pipe.csv',
      'links/relative-outside.csv',
      'links/to-outside.csv',
    ])
    expect(result.patterns).toEqual([{ pattern: 'links/**', matched: 9 }])
  })

  it('skips a link to a file outside the workspace, with the reason', () => {
    for (const name of ['links/to-outside.csv', 'links/relative-outside.csv']) {
      const file = listed.get(name)!
      expect(file.skip).toBe('symlink to a path outside the workspace: not followed')
      expect(file.type).toBe('csv')
      // The link itself is listed; nothing about its target is taken (not even its size).
      expect(file.bytes).toBe(0)
      expect(file.absolutePath).toBe(path.join(ws, name))
    }
  })

  it('skips a link to a directory outside, and one inside, without walking them', () => {
    expect(listed.get('links/outside-dir')!.skip).toBe(
      'symlink to a path outside the workspace: not followed',
    )
    expect(listed.get('links/inside-dir')!.skip).toBe('symlink to a directory: not followed')
    expect([...listed.keys()].some((p) => p.includes('leak'))).toBe(false)
  })

  it('does not read a file named through a linked directory that leads outside', async () => {
    const through = await collect({
      workspace: ws,
      patterns: ['links/outside-dir/leak.csv', 'links/outside-dir/**'],
      maxFileSize: 1024,
    })
    expect(through.files.map((f) => [f.path, f.skip])).toEqual([
      ['links/outside-dir', 'symlink to a path outside the workspace: not followed'],
      ['links/outside-dir/leak.csv', 'inside a linked folder outside the workspace: not read'],
    ])
    expect(through.files[1]!.bytes).toBe(0)
  })

  it('reads a link to a file inside the workspace as that file', async () => {
    const file = listed.get('links/inside.csv')!
    expect(file.skip).toBeUndefined()
    expect(file.absolutePath).toBe(fs.realpathSync(path.join(ws, 'data', 'real.csv')))
    expect(file.bytes).toBe(fs.statSync(path.join(ws, 'data', 'real.csv')).size)
    const outcome = await parseFile(file)
    expect(outcome?.ok && outcome.document.tables[0]!.columns).toEqual(['model', 'tokens_per_sec'])
  })

  it('skips a symlink loop and a dangling link, each with its reason', () => {
    expect(listed.get('links/loop-a.csv')!.skip).toBe('symlink loop: not followed')
    expect(listed.get('links/loop-b.csv')!.skip).toBe('symlink loop: not followed')
    expect(listed.get('links/dangling.csv')!.skip).toBe('broken symlink: its target does not exist')
  })

  it('lists a FIFO as not a regular file, never opened', () => {
    const fifo = listed.get('links/pipe.csv')!
    expect(fifo.skip).toBe('not a regular file (FIFO): never opened')
    expect(fifo.bytes).toBe(0)
  })

  it('runs collect and parse over them all, promptly, reading only the inside file', async () => {
    const config = parseConfig(
      (name) => ({ path: 'links/**', llm: 'false', summary: 'false' })[name] ?? '',
      { GITHUB_WORKSPACE: ws },
    )
    const { report } = await analyse(config, silent)
    const status = Object.fromEntries(report.inventory.files.map((f) => [f.path, f.status]))
    expect(status).toEqual({
      'links/dangling.csv': 'skipped',
      'links/inside-dir': 'skipped',
      'links/inside.csv': 'parsed',
      'links/loop-a.csv': 'skipped',
      'links/loop-b.csv': 'skipped',
      'links/outside-dir': 'skipped',
      'links/pipe.csv': 'skipped',
      'links/relative-outside.csv': 'skipped',
      'links/to-outside.csv': 'skipped',
    })
    const pipe = report.inventory.files.find((f) => f.path === 'links/pipe.csv')!
    expect(pipe.problem).toBe('not a regular file (FIFO): never opened')
    // What lies outside the workspace never reaches the report.
    const json = JSON.stringify(report)
    expect(json).not.toContain('SECRET_COLUMN')
    expect(json).not.toContain('LEAKED_COLUMN')
    expect(report.metrics.map((m) => `${m.file}:${m.name}`)).toEqual([
      'links/inside.csv:tokens_per_sec',
    ])
  }, 10_000)
})

describe('max-file-size', () => {
  let ws: string
  let result: Collection

  beforeAll(async () => {
    ws = path.join(tempRoot('size'), 'ws')
    write(ws, {
      'reports/at-limit.csv': 'a\n' + '1\n'.repeat(49), // exactly 100 bytes
      'reports/over-limit.csv': 'a\n' + '1\n'.repeat(49) + '2', // 101 bytes
    })
    result = await collect({ workspace: ws, patterns: ['reports/**'], maxFileSize: 100 })
  })

  it('lists a larger file with its real size and the reason, and parses one at the limit', () => {
    const files = byPath(result)
    expect(files.get('reports/at-limit.csv')!.bytes).toBe(100)
    expect(files.get('reports/at-limit.csv')!.skip).toBeUndefined()
    const over = files.get('reports/over-limit.csv')!
    expect(over.bytes).toBe(101)
    expect(over.skip).toBe(
      'larger than max-file-size (101 > 100 bytes): inventoried, not parsed; a CSV is streamed, so a larger max-file-size costs time, not memory',
    )
  })

  it('shows the large file as skipped in the inventory, with no rows read', async () => {
    const config = parseConfig(
      (name) =>
        ({ path: 'reports/**', 'max-file-size': '100', summary: 'false', llm: 'false' })[name] ??
        '',
      { GITHUB_WORKSPACE: ws },
    )
    const { report } = await analyse(config, silent)
    const over = report.inventory.files.find((f) => f.path === 'reports/over-limit.csv')!
    expect(over).toMatchObject({ status: 'skipped', bytes: 101 })
    expect(over.rows).toBeUndefined()
    expect(over.problem).toContain('larger than max-file-size')
    const atLimit = report.inventory.files.find((f) => f.path === 'reports/at-limit.csv')!
    expect(atLimit).toMatchObject({ status: 'parsed', rows: 49 })
    expect(report.inventory.totalBytes).toBe(201)
    expect(report.metrics.every((m) => m.file === 'reports/at-limit.csv')).toBe(true)
  })
})
