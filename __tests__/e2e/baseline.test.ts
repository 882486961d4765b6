// Against the base branch, through the bundled action: planted changes among noisy runs, a
// baseline folder and a baseline report.json, a renamed dated folder, and fail-on: regression.
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Report } from '../../src/report.js'
import { runAction, type RunnerResult } from '../fixtures/runner.js'
import { sweepCsv } from '../fixtures/sweep.js'

let root: string
const write = (rel: string, body: string): void => {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true })
  fs.writeFileSync(path.join(root, rel), body)
}
const reportOf = (run: RunnerResult): Report =>
  JSON.parse(fs.readFileSync(run.outputs['report-json']!, 'utf8')) as Report

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'baseline-'))
  // The base branch's artifacts, in last night's folder.
  write('base/artifacts/runs/2026-11-30T0412/sweep.csv', sweepCsv({ seed: 1, noise: 0.025 }))
  // The pull request's: tonight's folder, every configuration re-run with fresh 2.5 % noise, and
  // one of them 20 % slower.
  write(
    'head/artifacts/runs/2026-12-02T2215/sweep.csv',
    sweepCsv({ seed: 2, noise: 0.025, scale: { 'batch=8 quant=q4': 0.8 } }),
  )
  // A second pull request that changed nothing: only noise.
  write('quiet/artifacts/runs/2026-12-03T0100/sweep.csv', sweepCsv({ seed: 3, noise: 0.025 }))
})

afterAll(() => fs.rmSync(root, { recursive: true, force: true }))

const run = (workspace: string, inputs: Record<string, string>) =>
  runAction(path.join(root, workspace), { llm: 'false', comment: 'false', ...inputs })

describe('a 20 % drop in one configuration among noisy ones', () => {
  let folder: RunnerResult
  beforeAll(() => {
    folder = run('head', { baseline: path.join(root, 'base') })
  })

  it('is the one regression, judged by Welch’s test, matched across renamed dated folders', () => {
    expect(folder.status).toBe(0)
    const comparison = reportOf(folder).comparison!
    expect(comparison.regressions).toHaveLength(1)
    const [r] = comparison.regressions
    expect(r!.name).toBe('tokens_per_sec')
    expect(r!.group).toEqual({ quant: 'q4', batch: '8' })
    expect(r!.base.file).toBe('artifacts/runs/2026-11-30T0412/sweep.csv')
    expect(r!.head.file).toBe('artifacts/runs/2026-12-02T2215/sweep.csv')
    expect(r!.changePct).toBeGreaterThan(-25)
    expect(r!.changePct).toBeLessThan(-15)
    expect(r!.evidence).toBe('welch')
    expect(r!.p!).toBeLessThan(0.05)
    expect(comparison.improvements).toHaveLength(0)
    expect(comparison.unchanged).toBe(11)
    expect(folder.outputs.regressions).toBe('1')
  })

  it('leads the report: the verdict, the table with its evidence, and a chart', () => {
    expect(folder.summary).toMatch(
      /^## Benchmark analyst · 1 regression · 0 improvements · 11 unchanged/,
    )
    expect(folder.summary).toMatch(
      /\*\*`tokens_per_sec`\*\* in `artifacts\/runs\/2026-12-02T2215\/sweep\.csv` at `quant=q4 batch=8` got worse by \*\*−\d+\.\d %\*\*/,
    )
    expect(folder.summary).toMatch(
      /\| 🔴 \| `tokens_per_sec` \(`tok\/s`\) \|.*\| −\d+\.\d % \| Welch p = /,
    )
    expect(folder.summary).toContain('```mermaid\nxychart-beta')
  })

  it('gives the same comparison from a report.json baseline as from the folder', () => {
    const base = run('base', {})
    const fromJson = run('head', { baseline: base.outputs['report-json']! })
    const a = reportOf(folder).comparison!
    const b = reportOf(fromJson).comparison!
    expect({ ...b, baseline: '' }).toEqual({ ...a, baseline: '' })
  })

  it('fails under fail-on: regression, after publishing, naming the regression', () => {
    const strict = run('head', { baseline: path.join(root, 'base'), 'fail-on': 'regression' })
    expect(strict.status).toBe(1)
    expect(strict.stdout).toMatch(
      /::error::fail-on: regression: 1 regression\(s\): tokens_per_sec in artifacts\/runs\/2026-12-02T2215\/sweep\.csv \(quant=q4 batch=8\) −?-\d+\.\d%/,
    )
    expect(strict.summary).toContain('## Benchmark analyst · 1 regression')
    expect(fs.existsSync(strict.outputs['report-json']!)).toBe(true)
  })
})

describe('noise alone', () => {
  it('raises no regression', () => {
    const quiet = run('quiet', { baseline: path.join(root, 'base'), 'fail-on': 'regression' })
    expect(quiet.status).toBe(0)
    const comparison = reportOf(quiet).comparison!
    expect(comparison.regressions).toEqual([])
    expect(comparison.improvements).toEqual([])
    expect(comparison.unchanged).toBe(12)
    expect(quiet.summary).toContain('Nothing got worse than')
  })
})

describe('a baseline that is not there', () => {
  it('is a notice, not a failure', () => {
    const result = run('head', { baseline: 'no-such-folder', 'fail-on': 'regression' })
    expect(result.status).toBe(0)
    expect(result.stdout).toContain(
      '::warning::No comparison: the baseline no-such-folder does not exist',
    )
    expect(reportOf(result).comparison).toBeUndefined()
    expect(result.outputs.regressions).toBeUndefined()
  })
})
