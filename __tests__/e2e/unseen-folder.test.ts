// On a folder no test has seen, report.json must count every file, byte and type exactly, keep
// each file's time, mark the broken files, and hold statistics an independent computation agrees
// with. The folder is random (seeded): each seed is a different set of files.
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterAll, describe, expect, it } from '@jest/globals'
import { parseConfig } from '../../src/inputs.js'
import { runWith } from '../../src/main.js'
import { silentLog } from '../../src/log.js'
import type { Metric, Report } from '../../src/report.js'
import { reference } from '../fixtures/reference-stats.js'
import { writeUnseenFolder, type Manifest } from '../fixtures/unseen-folder.js'

const silent = silentLog
const made: string[] = []

async function analyse(
  seed: number,
): Promise<{ manifest: Manifest; report: Report; onDisk: Report }> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `unseen-${seed}-`))
  made.push(root)
  const manifest = writeUnseenFolder(path.join(root, 'ws'), seed)
  const inputs: Record<string, string> = {
    'report-dir': path.join(root, 'out'),
    summary: 'false',
    llm: 'false',
  }
  const config = parseConfig((name) => inputs[name] ?? '', { GITHUB_WORKSPACE: manifest.root })
  const { report } = await runWith(config, silent)
  const onDisk = JSON.parse(
    fs.readFileSync(path.join(root, 'out', 'report.json'), 'utf8'),
  ) as Report
  return { manifest, report, onDisk }
}

afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true })
})

describe.each([11, 2026, 90210])('an unseen artifact folder (seed %i)', (seed) => {
  let manifest: Manifest
  let report: Report

  it('writes report.json with every file, byte and type counted exactly', async () => {
    const result = await analyse(seed)
    manifest = result.manifest
    report = result.onDisk
    expect(result.onDisk.inventory).toEqual(JSON.parse(JSON.stringify(result.report.inventory)))
    const inv = report.inventory
    expect(inv.totalFiles).toBe(manifest.files.length)
    expect(inv.totalBytes).toBe(manifest.files.reduce((s, f) => s + f.bytes, 0))
    for (const type of ['csv', 'json', 'md', 'other'] as const) {
      const ofType = manifest.files.filter((f) => f.type === type)
      expect(inv.byType[type].files).toBe(ofType.length)
      expect(inv.byType[type].bytes).toBe(ofType.reduce((s, f) => s + f.bytes, 0))
    }
    expect(inv.patterns).toEqual([
      {
        pattern: 'reports/**',
        matched: manifest.files.filter((f) => f.path.startsWith('reports/')).length,
      },
      {
        pattern: 'csv_data/**',
        matched: manifest.files.filter((f) => f.path.startsWith('csv_data/')).length,
      },
      {
        pattern: 'artifacts/**',
        matched: manifest.files.filter((f) => f.path.startsWith('artifacts/')).length,
      },
    ])
    const dirBytes = inv.byDirectory.reduce((s, d) => s + d.bytes, 0)
    expect(dirBytes).toBe(inv.totalBytes)
  })

  it("keeps each file's size and modified time to the second, and marks the broken ones", () => {
    const listed = new Map(report.inventory.files.map((f) => [f.path, f]))
    expect([...listed.keys()].sort()).toEqual(manifest.files.map((f) => f.path).sort())
    for (const file of manifest.files) {
      const entry = listed.get(file.path)!
      expect(entry.bytes).toBe(file.bytes)
      expect(Math.floor(Date.parse(entry.modified) / 1000)).toBe(
        Math.floor(file.modified.getTime() / 1000),
      )
      if (file.broken) expect(entry.status).toBe('unreadable')
      else if (file.type === 'other') expect(entry.status).toBe('skipped')
      else expect(entry.status).toBe('parsed')
    }
    const newest = Math.max(...manifest.files.map((f) => f.modified.getTime()))
    expect(Math.floor(Date.parse(report.inventory.latestModified!) / 1000)).toBe(
      Math.floor(newest / 1000),
    )
  })

  it('leaves failed runs out and matches an independent computation of every statistic', () => {
    for (const [file, failed] of manifest.failedRows) {
      expect(report.inventory.files.find((f) => f.path === file)!.failedRows).toBe(failed)
    }
    for (const s of manifest.series) {
      const whole = report.metrics.find((m) => m.file === s.file && m.name === s.metric && !m.group)
      expect(whole).toBeDefined()
      expectClose(whole!, reference(s.values))
      for (const [key, values] of s.groups) {
        const [column, value] = key.split('=')
        const group = report.metrics.find(
          (m) => m.file === s.file && m.name === s.metric && m.group?.[column!] === value,
        )
        expect(group).toBeDefined()
        expectClose(group!, reference(values))
      }
    }
  })
})

function expectClose(actual: Metric, expected: ReturnType<typeof reference>): void {
  expect(actual.n).toBe(expected.n)
  for (const key of ['mean', 'median', 'min', 'max', 'stddev', 'p95'] as const) {
    if (expected[key] === undefined) {
      expect(actual[key]).toBeUndefined()
      continue
    }
    expect(actual[key]).toBeCloseTo(expected[key]!, 6)
  }
}
