// A pull request controls every file and column name the report prints. Here the names are built
// to break the comment (HTML, mentions, links, pipes, backticks, a newline, the report's own
// marker) and the real pipeline runs over them: the Markdown must show them, never obey them,
// and report.json must still hold them exactly.
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { parseConfig } from '../../src/inputs.js'
import { silentLog } from '../../src/log.js'
import { runWith } from '../../src/main.js'
import type { Report } from '../../src/report.js'

const silent = silentLog

const MARKER = '<!-- benchmark-analyst -->'
const HOSTILE_COLUMNS = [
  '<script>alert(1)</script>',
  '@here',
  'a|b',
  'fixes #1',
  'x `` y',
  '``',
  MARKER,
  'see [x](http://evil.example)',
]
const OCTOCAT = 'reports/@octocat | **bold** [x](javascript:alert(1)).csv'
// A name cannot hold '/', so a link with a host spans folders: `see [x](https:` / `evil.example)`
// (the folder is printed on its own in the inventory's directory column).
const LINKED = 'reports/see [x](https:/evil.example)/run.csv'
const FILES: Record<string, string> = {
  'reports/<img src=x onerror=alert(1)>.csv': 'model,tokens_per_sec\ngemma3,41.2\n',
  [LINKED]: 'tokens_per_sec\n41\n40\n',
  [OCTOCAT]:
    HOSTILE_COLUMNS.join(',').replace('a|b', '"a|b"') +
    '\n' +
    [0, 1, 2]
      .map((r) => HOSTILE_COLUMNS.map((_, c) => 10 + c + r * 0.5 + 0.25).join(','))
      .join('\n') +
    '\n',
  'reports/new\nline.csv': 'latency_ms\n812\n790\n',
  'reports/x\\|y `tick`.csv': 'tps\n41\n40\n',
  'reports/@team <b>/summary.json': JSON.stringify({ '<img src=x>': 1, '@all': [1.5, 2.5, 3.5] }),
  [`reports/${MARKER}.md`]:
    '## @here <script>\n\n| `x` | tps |\n|---|---|\n| a | 41 |\n| b | 40 |\n',
  'reports/single.csv': `"${MARKER}",@here,<script>,fixes #1,@octocat\n1.5,2.5,3.5,4.5,5.5\n`,
  'reports/@admin <script>.json': `${MARKER} @here fixes #1`,
}

/** The report's own HTML, which is allowed; any other tag came from an artifact. */
const OWN_TAGS = /<\/?(sub|details|summary)>/g

/**
 * The line with its code spans cut out, as CommonMark reads them: a run of n backticks opens a
 * span that the next run of exactly n backticks closes; a run with no match is literal text; a
 * backslash outside a span escapes the next character (so `\`` opens nothing).
 */
function outsideCode(line: string): string {
  let out = ''
  let i = 0
  while (i < line.length) {
    if (line[i] === '\\' && i + 1 < line.length) {
      out += line.slice(i, i + 2)
      i += 2
      continue
    }
    if (line[i] !== '`') {
      out += line[i]
      i++
      continue
    }
    const open = runAt(line, i)
    let close = -1
    for (let k = i + open; k < line.length;) {
      const run = runAt(line, k)
      if (run === open) {
        close = k
        break
      }
      k += Math.max(run, 1)
    }
    if (close < 0) {
      out += '`'.repeat(open)
      i += open
    } else {
      out += ' '
      i = close + open
    }
  }
  return out
}

function runAt(line: string, i: number): number {
  let j = i
  while (line[j] === '`') j++
  return j - i
}

/** What a reader's renderer would treat as live text: outside code, escapes and own tags gone. */
function live(line: string): string {
  return outsideCode(line).replace(/\\./g, '').replace(OWN_TAGS, '')
}

/**
 * Cell separators as GitHub splits a table row: every `|` not preceded by a backslash, inside a
 * code span too (GitHub splits the row into cells before it reads any code span).
 */
function separators(line: string): number {
  let count = 0
  for (let i = 0; i < line.length; i++) if (line[i] === '|' && line[i - 1] !== '\\') count++
  return count
}

interface TableBlock {
  header: string
  rows: string[]
  /** The line after the table: blank (or the end) unless a row was split. */
  after: string | undefined
}

function tables(markdown: string): TableBlock[] {
  const lines = markdown.split('\n')
  const found: TableBlock[] = []
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]!.startsWith('|') || !/^\|( *-{3,}:? *\|)+$/.test(lines[i + 1] ?? '')) continue
    const rows: string[] = []
    let j = i + 2
    for (; j < lines.length && lines[j]!.startsWith('|'); j++) rows.push(lines[j]!)
    found.push({ header: lines[i]!, rows, after: lines[j] })
    i = j
  }
  return found
}

describe('hostile file and column names, end to end', () => {
  let root: string
  let markdown: string
  let report: Report

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'hostile-'))
    const ws = path.join(root, 'ws')
    for (const [name, content] of Object.entries(FILES)) {
      fs.mkdirSync(path.dirname(path.join(ws, name)), { recursive: true })
      fs.writeFileSync(path.join(ws, name), content)
    }
    const inputs: Record<string, string> = {
      path: 'reports/**',
      summary: 'false',
      llm: 'false',
      'report-dir': path.join(root, 'out'),
    }
    const config = parseConfig((name) => inputs[name] ?? '', { GITHUB_WORKSPACE: ws })
    const outcome = await runWith(config, silent)
    markdown = outcome.markdown
    report = JSON.parse(fs.readFileSync(path.join(root, 'out', 'report.json'), 'utf8')) as Report
  })

  afterAll(() => {
    fs.rmSync(root, { recursive: true, force: true })
  })

  it('reads every hostile file, and writes the same Markdown to report.md', () => {
    expect(report.inventory.totalFiles).toBe(Object.keys(FILES).length)
    expect(fs.readFileSync(path.join(root, 'out', 'report.md'), 'utf8')).toBe(markdown)
    const status = Object.fromEntries(report.inventory.files.map((f) => [f.path, f.status]))
    expect(status['reports/@admin <script>.json']).toBe('unreadable')
    expect(Object.values(status).filter((s) => s === 'parsed')).toHaveLength(8)
  })

  it('keeps every table row to as many cells as its header, on one line', () => {
    const found = tables(markdown)
    expect(found.length).toBeGreaterThanOrEqual(4) // metrics, inventory, timing, file list
    for (const table of found) {
      const cells = separators(table.header)
      for (const row of table.rows) {
        expect({ row, separators: separators(row) }).toEqual({ row, separators: cells })
      }
      expect(table.after ?? '').toBe('')
    }
    // The file list has one row per file: the newline in a name did not split its row.
    const fileList = found.find((t) => t.header.startsWith('| file | type |'))!
    expect(fileList.rows).toHaveLength(Object.keys(FILES).length)
  })

  it('prints no HTML tag outside code spans but its own', () => {
    for (const line of markdown.split('\n')) {
      expect({ line, tag: /<[A-Za-z!/]/.test(live(line)) }).toEqual({ line, tag: false })
    }
  })

  it('prints no @mention, issue reference or link outside code spans', () => {
    for (const line of markdown.split('\n')) {
      const text = live(line)
      expect({ line, mention: /@[A-Za-z]/.test(text) }).toEqual({ line, mention: false })
      expect({ line, issue: /#\d/.test(text) }).toEqual({ line, issue: false })
      expect({ line, link: /\]\(|:\/\//.test(text) }).toEqual({ line, link: false })
    }
  })

  it("contains nothing that reads as the comment's hidden marker", () => {
    expect(markdown).not.toContain('<!-- benchmark-analyst')
    expect(markdown.replace(/\\/g, '')).not.toContain('<!-- benchmark-analyst')
  })

  it('shows the names, flattened to one line, inside code spans', () => {
    expect(markdown).toContain('`reports/new line.csv`')
    expect(markdown).toContain('`reports/<img src=x onerror=alert(1)>.csv`')
    expect(markdown).toContain('`reports/@octocat \\| **bold** [x](javascript:alert(1)).csv`')
    expect(markdown).toContain('`reports/see [x](https:/evil.example)/run.csv`')
    expect(markdown).toContain('| `reports/see [x](https:/evil.example)` |')
  })

  it('keeps the exact original names in report.json', () => {
    expect(report.inventory.files.map((f) => f.path).sort()).toEqual(Object.keys(FILES).sort())
    const metrics = new Set(report.metrics.map((m) => `${m.file} :: ${m.name}`))
    for (const column of HOSTILE_COLUMNS) {
      expect(metrics).toContain(`${OCTOCAT} :: ${column}`)
    }
    expect(metrics).toContain('reports/new\nline.csv :: latency_ms')
    expect(metrics).toContain(`reports/single.csv :: ${MARKER}`)
    expect(metrics).toContain('reports/@team <b>/summary.json :: <img src=x>')
    expect(report.metrics.find((m) => m.file === `reports/${MARKER}.md`)?.table).toBe(
      '@here <script>',
    )
    expect(report.inventory.byDirectory.map((d) => d.directory)).toContain('reports/@team <b>')
  })
})
