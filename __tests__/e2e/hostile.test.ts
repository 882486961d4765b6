// One workspace holding every kind of file a pull request can put in front of the step, beside two
// ordinary results, and the bundled action run once over it as the runner runs it. What a user
// must see: the step succeeds in bounded time; every hostile file is in the inventory with what
// was wrong with it; the good files' figures are intact; a pattern that matched nothing is a gap;
// names from the artifacts are shown, never obeyed; and nothing outside the workspace is read.
//
// Sizes and limits: the million-record JSON file is ~21 MB, so it cannot be both read and under a
// 1 MB cap. The cap is 32 MB here (the million records are read), and the file over it is 33 MB.
// Measured on a 2-core machine (`/usr/bin/time -v node dist/index.js`, same env): 5-7 s wall
// time, 630-690 MB peak resident; with the million-record file left out, 1.6 s and 170 MB.
import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as net from 'node:net'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { InventoryFile, Metric, Report } from '../../src/report.js'
import { runActionAsync, type RunnerResult } from '../fixtures/runner.js'

const MIB = 1024 * 1024
const CAP = 32 * MIB
const RECORDS = 1_000_000
const WIDE_COLUMNS = 10_000
const DEPTH = 100_000
const SECRET_COLUMN = 'SECRET_COLUMN_7f3a9c'
const SECRET_VALUE = '31337.4242'
const PATTERNS = ['reports/**', 'csv_data/**', 'artifacts/**', 'nothing/**']

// Names a pull request controls: Markdown, HTML, mentions, pipes and a newline.
const PIPE_NAME = 'reports/names/a|b @octocat <img src=x>.csv'
const NEWLINE_NAME = 'reports/names/new\nline **x** @octocat.json'
const BOLD_COLUMN = '**bold** | <script> ttft_ms'
const NEWLINE_COLUMN = 'new\nline @octocat latency_ms'
const IMG_KEY = '<img src=x onerror=alert(1)> latency_ms'

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49])
const GZIP = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x4b, 0x4c])

// Every file the patterns match, and how the inventory must list it.
const EXPECTED: Record<string, { status: InventoryFile['status']; problem?: RegExp }> = {
  'reports/good/sweep.csv': { status: 'parsed' },
  'reports/good/summary.json': { status: 'parsed' },
  [PIPE_NAME]: { status: 'parsed' },
  [NEWLINE_NAME]: { status: 'parsed' },
  'csv_data/wide.csv': { status: 'parsed' },
  'csv_data/latin1.csv': { status: 'parsed' },
  'csv_data/oversized.csv': {
    status: 'skipped',
    problem:
      /^larger than max-file-size \(\d+ > 33554432 bytes\): inventoried, not parsed; a CSV is streamed/,
  },
  'csv_data/binary.csv': { status: 'unreadable', problem: /^binary content, not text$/ },
  'artifacts/binary.json': { status: 'unreadable', problem: /^binary content, not text$/ },
  'artifacts/deep-array.json': { status: 'parsed' },
  'artifacts/deep-object.json': { status: 'parsed' },
  'artifacts/million.json': { status: 'parsed' },
  'artifacts/special/pipe.csv': {
    status: 'skipped',
    problem: /^not a regular file \(FIFO\): never opened$/,
  },
  'artifacts/special/socket.csv': {
    status: 'skipped',
    problem: /^not a regular file \(socket\): never opened$/,
  },
  'artifacts/special/loop-a.csv': { status: 'skipped', problem: /^symlink loop: not followed$/ },
  'artifacts/special/loop-b.csv': { status: 'skipped', problem: /^symlink loop: not followed$/ },
  'artifacts/special/secret.csv': {
    status: 'skipped',
    problem: /^symlink to a path outside the workspace: not followed$/,
  },
  'artifacts/special/outside-dir': {
    status: 'skipped',
    problem: /^symlink to a path outside the workspace: not followed$/,
  },
}

let root: string
let outside: string
let ws: string
let socket: net.Server
let run: RunnerResult
let report: Report
let reportJson: string
let reportMd: string
let byPath: Map<string, InventoryFile>

function write(rel: string, content: string | Buffer): void {
  const file = path.join(ws, rel)
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, content)
}

/** Writes `total` pieces, `chunk` at a time, so no piece of the test holds the whole file. */
function writeStreamed(rel: string, head: string, piece: (i: number) => string, total: number) {
  const fd = fs.openSync(path.join(ws, rel), 'w')
  try {
    fs.writeSync(fd, head)
    const chunk = 10_000
    for (let start = 0; start < total; start += chunk) {
      const parts: string[] = []
      for (let i = start; i < Math.min(total, start + chunk); i++) parts.push(piece(i))
      fs.writeSync(fd, parts.join(''))
    }
  } finally {
    fs.closeSync(fd)
  }
}

function metricsOf(file: string): Metric[] {
  return report.metrics.filter((m) => m.file === file)
}

function whole(file: string, name: string): Metric {
  const found = report.metrics.find((m) => m.file === file && m.name === name && !m.group)
  if (!found) throw new Error(`no metric ${name} for ${file}`)
  return found
}

/**
 * A line as a renderer reads it: code spans cut out (a run of n backticks closes at the next run
 * of exactly n), backslash escapes and the report's own tags removed. What is left is live.
 */
function live(line: string): string {
  let out = ''
  for (let i = 0; i < line.length;) {
    if (line[i] === '\\') {
      i += 2
      continue
    }
    if (line[i] !== '`') {
      out += line[i++]
      continue
    }
    let open = 0
    while (line[i + open] === '`') open++
    const close = new RegExp(`(?<!\`)\`{${open}}(?!\`)`).exec(line.slice(i + open))
    if (close) i += open + close.index + open
    else i += open
    out += ' '
  }
  return out.replace(/<\/?(sub|details|summary)>/g, '')
}

/** Unescaped `|` in a row: the cells GitHub splits it into, code spans included. */
function separators(line: string): number {
  let count = 0
  for (let i = 0; i < line.length; i++) if (line[i] === '|' && line[i - 1] !== '\\') count++
  return count
}

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'hostile-e2e-'))
  outside = fs.mkdtempSync(path.join(os.tmpdir(), 'hostile-outside-'))
  ws = path.join(root, 'ws')
  fs.mkdirSync(ws)
  fs.writeFileSync(path.join(outside, 'secret.csv'), `${SECRET_COLUMN}\n${SECRET_VALUE}\n`)

  // The two ordinary files.
  write('reports/good/sweep.csv', 'batch,tokens_per_sec\n1,40\n1,42\n8,80\n8,82\n32,118\n32,122\n')
  write('reports/good/summary.json', JSON.stringify({ model: 'gemma3', ttft_ms: [812, 790, 801] }))

  // Names built to break the Markdown.
  write(PIPE_NAME, `"${BOLD_COLUMN}","${NEWLINE_COLUMN}"\n12.5,801\n13.5,799\n`)
  write(NEWLINE_NAME, JSON.stringify({ [IMG_KEY]: [1, 2, 3] }))

  // 10,000 columns, three rows: column i holds i, i + 1, i + 2.
  const columns = Array.from({ length: WIDE_COLUMNS }, (_, i) => `c${i}_ms`)
  const rows = [0, 1, 2].map((r) => columns.map((_, i) => i + r).join(','))
  write('csv_data/wide.csv', [columns.join(','), ...rows].join('\n') + '\n')
  // Over the cap by a mebibyte: listed, never opened.
  const line = '1,2.5,3.25\n'
  writeStreamed(
    'csv_data/oversized.csv',
    'a,b_ms,c\n',
    () => line.repeat(100),
    Math.ceil((CAP + MIB) / (line.length * 100)),
  )
  write('csv_data/latin1.csv', Buffer.from('durée_ms,modèle\n812,café\n790,thé\n', 'latin1'))
  write('csv_data/binary.csv', PNG)
  write('artifacts/binary.json', GZIP)

  // Nested 100,000 deep, and a million records (`ms` cycles 1, 1.25, 1.5, 1.75, 2: mean 1.5).
  write('artifacts/deep-array.json', '['.repeat(DEPTH) + ']'.repeat(DEPTH))
  write('artifacts/deep-object.json', '{"a":'.repeat(DEPTH) + '1' + '}'.repeat(DEPTH))
  writeStreamed(
    'artifacts/million.json',
    '[',
    (i) => `${i === 0 ? '' : ','}{"i":${i},"ms":${1 + (i % 5) / 4}}`,
    RECORDS,
  )
  fs.appendFileSync(path.join(ws, 'artifacts/million.json'), ']')

  // Files that are not files, and links that lead nowhere or out.
  const special = path.join(ws, 'artifacts', 'special')
  fs.mkdirSync(special)
  execFileSync('mkfifo', [path.join(special, 'pipe.csv')])
  socket = net.createServer()
  await new Promise<void>((resolve) => socket.listen(path.join(special, 'socket.csv'), resolve))
  fs.symlinkSync('loop-b.csv', path.join(special, 'loop-a.csv'))
  fs.symlinkSync('loop-a.csv', path.join(special, 'loop-b.csv'))
  fs.symlinkSync(path.join(outside, 'secret.csv'), path.join(special, 'secret.csv'))
  fs.symlinkSync(outside, path.join(special, 'outside-dir'))

  // One run. The runner fixture kills the action after 60 s, so exiting 0 is the time bound.
  // Wall time seen: 5-8 s under jest on a 2-core machine (parse 3-4 s, facts 1-2 s).
  run = await runActionAsync(ws, {
    llm: 'false',
    comment: 'false',
    'max-file-size': '32MB',
    path: PATTERNS.join('\n'),
  })
  reportJson = fs.readFileSync(run.outputs['report-json']!, 'utf8')
  reportMd = fs.readFileSync(run.outputs['report-path']!, 'utf8')
  report = JSON.parse(reportJson) as Report
  byPath = new Map(report.inventory.files.map((f) => [f.path, f]))
}, 120_000)

afterAll(async () => {
  await new Promise<void>((resolve) => (socket ? socket.close(() => resolve()) : resolve()))
  for (const dir of [root, outside, run?.temp]) {
    if (dir) fs.rmSync(dir, { recursive: true, force: true })
  }
})

describe('the action over a workspace of hostile files', () => {
  it('succeeds, with no error, and writes every output', () => {
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' })
    expect(run.stdout).not.toContain('::error::')
    expect(run.outputs.files).toBe(String(Object.keys(EXPECTED).length))
    expect(run.outputs['llm-status']).toBe('skipped')
    expect(run.summary).toMatch(/^## Benchmark analyst · 18 files · /)
  })

  it('lists every matched file once, each with its status', () => {
    expect(report.inventory.totalFiles).toBe(Object.keys(EXPECTED).length)
    expect(Object.fromEntries(report.inventory.files.map((f) => [f.path, f.status]))).toEqual(
      Object.fromEntries(Object.entries(EXPECTED).map(([p, e]) => [p, e.status])),
    )
    // Bytes are what the regular files hold; a link, a FIFO or a socket counts nothing.
    const bytes = Object.keys(EXPECTED).reduce((sum, rel) => {
      const stats = fs.lstatSync(path.join(ws, rel))
      return sum + (stats.isFile() ? stats.size : 0)
    }, 0)
    expect(report.inventory.totalBytes).toBe(bytes)
  })

  it('says what was wrong with each file it did not read, in the inventory and the gaps', () => {
    for (const [rel, { status, problem }] of Object.entries(EXPECTED)) {
      if (!problem) continue
      const file = byPath.get(rel)!
      expect({ rel, problem: file.problem }).toEqual({
        rel,
        problem: expect.stringMatching(problem),
      })
      expect(file.rows).toBeUndefined()
      expect(metricsOf(rel)).toEqual([])
      if (file.type === 'other') continue // a folder link has no type to read it as
      const gap = report.gaps.find((g) => g.file === rel)
      expect({ rel, kind: gap?.kind }).toEqual({ rel, kind: status })
      expect(gap!.detail).toContain(file.problem!)
    }
    expect(byPath.get('csv_data/oversized.csv')!.bytes).toBeGreaterThan(CAP)
    expect(run.summary).toContain('**2 unreadable**')
    // The folder link has no file type, so it is inventoried only: not in the headline or gaps.
    expect(run.summary).toContain('**6 skipped**')
    expect(run.summary).toContain('**6 files not read**')
  })

  it('reads the ordinary files exactly as without the hostile ones', () => {
    const tps = whole('reports/good/sweep.csv', 'tokens_per_sec')
    expect(tps).toMatchObject({ n: 6, min: 40, max: 122, unit: 'tok/s', direction: 'higher' })
    expect(tps.mean).toBeCloseTo(484 / 6, 10)
    expect(tps.best).toEqual({ group: { batch: '32' }, mean: 120 })
    const ttft = whole('reports/good/summary.json', 'ttft_ms')
    expect(ttft).toMatchObject({ n: 3, mean: 801, min: 790, max: 812, direction: 'lower' })
    expect(run.summary).toContain('| `reports/good/sweep.csv` | csv | 55 |')
  })

  // The "What was measured" table takes each file's metrics in turn: the 10,000 columns of
  // csv_data/wide.csv used to fill all its rows, and no file after that one had a row.
  it('gives every file with metrics a row in the summary, however wide one file is', () => {
    const measured = run.summary.split('### What was measured')[1]!.split('\n### ')[0]!
    for (const file of [
      'artifacts/million.json',
      'csv_data/latin1.csv',
      'reports/good/sweep.csv',
      'reports/good/summary.json',
      'reports/names/a\\|b @octocat <img src=x>.csv',
      'reports/names/new line **x** @octocat.json',
    ]) {
      expect({ file, shown: measured.includes('| `' + file) }).toEqual({ file, shown: true })
    }
  })

  it('reads JSON nested 100,000 deep as far as 32 levels, with a warning, and no crash', () => {
    for (const rel of ['artifacts/deep-array.json', 'artifacts/deep-object.json']) {
      expect(byPath.get(rel)).toMatchObject({
        status: 'parsed',
        rows: 0,
        warnings: ['nesting deeper than 32 levels was not read'],
      })
      expect(metricsOf(rel)).toEqual([])
      expect(report.gaps).toContainEqual({
        kind: 'parse-warnings',
        file: rel,
        detail: 'read with warnings: nesting deeper than 32 levels was not read.',
      })
    }
  })

  it('reads a million records into one metric, the record number not counted as one', () => {
    expect(byPath.get('artifacts/million.json')).toMatchObject({ status: 'parsed', rows: RECORDS })
    const metrics = metricsOf('artifacts/million.json')
    expect(metrics.map((m) => m.name)).toEqual(['ms'])
    expect(metrics[0]).toMatchObject({ n: RECORDS, min: 1, max: 2, median: 1.5, unit: 'ms' })
    expect(metrics[0]!.mean).toBeCloseTo(1.5, 12)
    // Over 1,000 values the statistics stand alone: report.json does not carry a million samples.
    expect(metrics[0]!.samples).toBeUndefined()
    expect(run.summary).toContain('| `artifacts/million.json` | `ms` ↓ (`ms`) | 1,000,000 |')
  })

  it('reads 10,000 columns into 10,000 metrics, and keeps the summary within its limit', () => {
    expect(byPath.get('csv_data/wide.csv')).toMatchObject({ status: 'parsed', rows: 3 })
    const metrics = metricsOf('csv_data/wide.csv')
    expect(metrics).toHaveLength(WIDE_COLUMNS)
    expect(whole('csv_data/wide.csv', 'c0_ms')).toMatchObject({ n: 3, mean: 1, min: 0, max: 2 })
    expect(whole('csv_data/wide.csv', 'c9999_ms')).toMatchObject({ n: 3, mean: 10_000 })
    // GitHub refuses a job summary over 1 MiB; the rest is in report.json.
    expect(Buffer.byteLength(run.summary)).toBeLessThan(MIB)
    expect(run.summary).toMatch(/[\d,]+ more metrics in report\.json/)
  })

  it('reads a Latin-1 CSV with its accents intact, saying it is not UTF-8', () => {
    expect(byPath.get('csv_data/latin1.csv')!.warnings).toEqual([
      'not valid UTF-8: read as Latin-1',
    ])
    const duration = whole('csv_data/latin1.csv', 'durée_ms')
    expect(duration).toMatchObject({
      n: 2,
      mean: 801,
      best: { group: { modèle: 'thé' }, mean: 790 },
    })
    expect(run.summary).toContain('`durée_ms`')
    expect(run.summary).not.toContain('\ufffd')
  })

  it('shows the pattern that matched nothing as a gap, and counts the others', () => {
    expect(report.inventory.patterns).toEqual([
      { pattern: 'reports/**', matched: 4 },
      { pattern: 'csv_data/**', matched: 4 },
      { pattern: 'artifacts/**', matched: 10 },
      { pattern: 'nothing/**', matched: 0 },
    ])
    const unmatched = report.gaps.filter((g) => g.kind === 'unmatched-pattern')
    expect(unmatched).toEqual([
      {
        kind: 'unmatched-pattern',
        detail:
          '"nothing/**" matched no file: the job uploaded nothing there, or the pattern is stale.',
      },
    ])
    expect(run.summary).toContain('**1 pattern matched no file**')
  })

  it('reads nothing outside the workspace: not the linked file, its size, or its folder', () => {
    for (const rel of ['artifacts/special/secret.csv', 'artifacts/special/outside-dir']) {
      expect(byPath.get(rel)!.bytes).toBe(0)
    }
    expect(report.inventory.files.some((f) => f.path.includes('outside-dir/'))).toBe(false)
    for (const [where, text] of Object.entries({
      'report.json': reportJson,
      'report.md': reportMd,
      summary: run.summary,
      stdout: run.stdout,
    })) {
      expect({
        where,
        secret: text.includes(SECRET_COLUMN) || text.includes(SECRET_VALUE),
      }).toEqual({ where, secret: false })
    }
  })

  it('keeps the hostile names exact in report.json', () => {
    expect(byPath.get(PIPE_NAME)).toMatchObject({ status: 'parsed', rows: 2 })
    expect(whole(PIPE_NAME, BOLD_COLUMN)).toMatchObject({ n: 2, mean: 13, unit: 'ms' })
    expect(whole(PIPE_NAME, NEWLINE_COLUMN)).toMatchObject({ n: 2, mean: 800, unit: 'ms' })
    expect(whole(NEWLINE_NAME, IMG_KEY)).toMatchObject({ n: 3, mean: 2, unit: 'ms' })
  })

  it.each(['summary', 'report.md'])(
    'prints the %s with no live HTML, mention or split table row from a name',
    (which) => {
      const markdown = which === 'summary' ? run.summary : reportMd
      // The names are shown, in code spans, flattened to one line, their `|` escaped. (Their
      // columns are not: the wide file crowds them out of the metrics table, see above.)
      expect(markdown).toContain('| `reports/names/a\\|b @octocat <img src=x>.csv` | csv |')
      expect(markdown).toContain('| `reports/names/new line **x** @octocat.json` | json |')
      for (const line of markdown.split('\n')) {
        const text = live(line)
        expect({ line, html: /<[A-Za-z!/]/.test(text) }).toEqual({ line, html: false })
        expect({ line, mention: /@octocat/i.test(text) }).toEqual({ line, mention: false })
      }
      // A name's `|` or newline never adds a cell or a line to a table.
      const lines = markdown.split('\n')
      for (let i = 0; i < lines.length; i++) {
        if (!lines[i]!.startsWith('|') || !/^\|( *-{3,}:? *\|)+$/.test(lines[i + 1] ?? '')) continue
        const cells = separators(lines[i]!)
        let j = i + 2
        for (; lines[j]?.startsWith('|'); j++) {
          expect({ row: lines[j], cells: separators(lines[j]!) }).toEqual({ row: lines[j], cells })
        }
        expect({ after: lines[j] ?? '' }).toEqual({ after: '' })
        i = j
      }
    },
  )
})
