// A report from a very large artifact set must still fit a comment (65,536 characters) and a
// summary (1 MiB) without a table row, a <details> block or a fence cut in half.
import { describe, expect, it } from '@jest/globals'
import { summarise } from '../../src/facts/inventory.js'
import { COMMENT_LIMIT, render, SUMMARY_LIMIT } from '../../src/pipeline.js'
import type { Gap, InventoryFile, Metric, Report } from '../../src/report.js'

function hugeReport(files: number): Report {
  const long = 'x'.repeat(100)
  const inventoryFiles: InventoryFile[] = Array.from({ length: files }, (_, i) => ({
    path: `runs/night_${Math.floor(i / 10)}/${long}_${i}.csv`,
    type: 'csv',
    bytes: 1000 + i,
    modified: '2026-12-01T10:00:00.000Z',
    status: i % 50 === 0 ? 'unreadable' : 'parsed',
    ...(i % 50 === 0 ? { problem: `binary content, not text ${long}` } : { rows: 12 }),
  }))
  const metrics: Metric[] = inventoryFiles.slice(0, 3000).map((f, i) => ({
    file: f.path,
    name: `tokens_per_sec_${long}_${i}`,
    unit: 'tok/s',
    direction: 'higher',
    n: 12,
    mean: 40 + i,
    median: 40 + i,
    min: 30,
    max: 60 + i,
    stddev: 2,
    p95: 55 + i,
    best: { group: { batch: '8', quant: long }, mean: 50 + i },
  }))
  const gaps: Gap[] = inventoryFiles
    .filter((f) => f.status === 'unreadable')
    .map((f) => ({
      kind: 'unreadable',
      file: f.path,
      detail: `${f.problem}: nothing in it was used.`,
    }))
  return {
    schemaVersion: 1,
    generatedAt: '2026-12-01T10:00:00.000Z',
    inventory: summarise(inventoryFiles, [{ pattern: 'runs/**', matched: files }]),
    metrics,
    gaps,
    analysis: {
      summary: 'Throughput held. '.repeat(100),
      findings: Array.from({ length: 6 }, () => ({
        text: 'A finding. '.repeat(150),
        facts: ['M1'],
      })),
      recommendations: ['Repeat the runs. '.repeat(100)],
      gapsToCheck: [],
      rejected: [],
    },
    llm: {
      status: 'ok',
      model: 'gemma3:1b',
      host: 'http://localhost:11434',
      options: {},
      calls: [],
    },
    timings: {
      collectMs: 1,
      parseMs: 1,
      factsMs: 1,
      analysisMs: 1,
      renderMs: 0,
      publishMs: 0,
      totalMs: 4,
    },
  }
}

/** Every table row whole, every <details> closed, every fence closed. */
function expectWhole(markdown: string): void {
  const lines = markdown.split('\n')
  for (const line of lines) if (line.startsWith('|')) expect(line.endsWith('|')).toBe(true)
  const count = (re: RegExp) => lines.filter((l) => re.test(l)).length
  expect(count(/^<details>/)).toBe(count(/^<\/details>/))
  expect(count(/^```/) % 2).toBe(0)
  expect(markdown.endsWith('\n')).toBe(true)
}

const config = { github: { commentTag: 'bench' } } as Parameters<typeof render>[1]

describe('fitting a very large report', () => {
  const report = hugeReport(10_000)
  const { markdown, summary, comment } = render(report, config)

  it('fits the comment into 65,536 characters, marker first, and says what it left out', () => {
    expect(comment.length).toBeLessThanOrEqual(COMMENT_LIMIT)
    expect(comment.startsWith('<!-- benchmark-analyst: bench -->\n')).toBe(true)
    expect(comment).toContain('## Benchmark analyst · 10,000 files')
    expect(comment).toContain("### The analyst's reading")
    expect(comment).toMatch(/Left out to fit: .*of the 10,000 files in the list.*report\.md/)
    expectWhole(comment)
  })

  it('fits the summary into 1 MiB and keeps more than the comment', () => {
    expect(Buffer.byteLength(summary)).toBeLessThanOrEqual(SUMMARY_LIMIT)
    expect(summary.length).toBeGreaterThan(comment.length)
    expect(summary).not.toContain('<!-- benchmark-analyst')
    expectWhole(summary)
  })

  it('keeps the most in report.md, which has no limit', () => {
    expect(markdown.length).toBeGreaterThan(summary.length)
    expectWhole(markdown)
  })

  it('leaves a small report whole, with no note', () => {
    const small = render(hugeReport(20), config)
    expect(small.comment).not.toContain('Left out to fit')
    expect(small.comment).toContain('<details><summary>All 20 files</summary>')
  })
})
