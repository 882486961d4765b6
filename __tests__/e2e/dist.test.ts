// The bundled action, run exactly as the runner runs it, on the example artifacts.
import { spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import type { Report } from '../../src/report.js'
import { ACTION, CLI, EXAMPLES, runAction } from '../fixtures/runner.js'

const exampleFiles = (): string[] => {
  const found: string[] = []
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) walk(full)
      else found.push(full)
    }
  }
  for (const top of ['reports', 'csv_data', 'artifacts']) walk(path.join(EXAMPLES, top))
  return found
}

describe('dist/index.js with action.yml defaults', () => {
  const run = runAction(EXAMPLES, { llm: 'false' })
  const files = exampleFiles()

  it('succeeds and sets the outputs', () => {
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
    expect(run.outputs.files).toBe(String(files.length))
    expect(run.outputs['llm-status']).toBe('skipped')
    expect(run.outputs['report-path']).toBe(path.join(run.temp, 'benchmark-analyst', 'report.md'))
    expect(run.outputs['report-json']).toBe(path.join(run.temp, 'benchmark-analyst', 'report.json'))
  })

  it('writes the job summary and the same report to report.md', () => {
    expect(run.summary).toMatch(new RegExp(`^## Benchmark analyst · ${files.length} files · `))
    expect(run.summary).toContain('### Gaps')
    expect(run.summary).toContain('<details><summary>All')
    // report.md is the same report with every list at its longest.
    const full = fs.readFileSync(run.outputs['report-path']!, 'utf8')
    expect(full.split('\n').slice(0, 3)).toEqual(run.summary.split('\n').slice(0, 3))
    expect(full.length).toBeGreaterThan(run.summary.length)
  })

  it('writes report.json in the design shape, counting the example files exactly', () => {
    const report = JSON.parse(fs.readFileSync(run.outputs['report-json']!, 'utf8')) as Report
    expect(report.schemaVersion).toBe(1)
    expect(Object.keys(report).sort()).toEqual(
      [
        'analysis',
        'gaps',
        'generatedAt',
        'inventory',
        'llm',
        'metrics',
        'schemaVersion',
        'timings',
      ].sort(),
    )
    expect(report.inventory.totalFiles).toBe(files.length)
    expect(report.inventory.totalBytes).toBe(files.reduce((s, f) => s + fs.statSync(f).size, 0))
    expect(report.inventory.patterns.map((p) => p.pattern)).toEqual([
      'reports/**',
      'csv_data/**',
      'artifacts/**',
    ])
    const unreadable = report.inventory.files
      .filter((f) => f.status === 'unreadable')
      .map((f) => f.path)
    expect(unreadable.sort()).toEqual([
      'artifacts/runs/2026-12-02T2215/summary.json',
      'csv_data/export_2026-12-02.csv',
      'csv_data/mistral_sweep.csv',
      'csv_data/phi3_sweep.csv',
    ])
    expect(report.llm.status).toBe('skipped')
    expect(report.timings.totalMs).toBeGreaterThan(0)
    expect(report.timings.publishMs).toBeGreaterThan(0)
  })
})

describe('the step fails only as it should', () => {
  it('fails under fail-on: error, after the summary and outputs are written', () => {
    const run = runAction(EXAMPLES, { 'fail-on': 'error', llm: 'false' })
    expect(run.status).toBe(1)
    expect(run.stdout).toContain('::error::fail-on: error: 4 unreadable file(s)')
    expect(run.summary).toContain('## Benchmark analyst')
    expect(fs.existsSync(run.outputs['report-json']!)).toBe(true)
  })

  it('stops at once on an invalid input, naming it and what it accepts', () => {
    const run = runAction(EXAMPLES, { 'max-file-size': 'lots' })
    expect(run.status).toBe(1)
    expect(run.stdout).toContain('::error::Input `max-file-size`: "lots" is not a size')
    expect(run.summary).toBe('')
    expect(run.outputs).toEqual({})
  })

  it('still writes the files and outputs when there is no job summary (a local run)', () => {
    const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'nosummary-'))
    const result = spawnSync(process.execPath, [ACTION], {
      env: {
        PATH: process.env.PATH,
        GITHUB_WORKSPACE: EXAMPLES,
        RUNNER_TEMP: temp,
        INPUT_LLM: 'false',
      },
      encoding: 'utf8',
    })
    expect(result.status).toBe(0)
    expect(result.stdout).toContain('No job summary: GITHUB_STEP_SUMMARY is not set')
    expect(fs.existsSync(path.join(temp, 'benchmark-analyst', 'report.json'))).toBe(true)
  })
})

describe('a report-dir that cannot be written', () => {
  it('warns with the fix and still writes the summary and the other outputs', () => {
    // Under a plain file: no folder can be made there, even by root.
    const blocker = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ro-')), 'a-file')
    fs.writeFileSync(blocker, '')
    const run = runAction(EXAMPLES, { llm: 'false', 'report-dir': path.join(blocker, 'out') })
    expect(run.status).toBe(0)
    expect(run.stdout).toMatch(
      /::warning::report\.md could not be written to .*set report-dir to a writable folder/,
    )
    expect(run.summary).toContain('## Benchmark analyst')
    expect(run.outputs.files).toBeDefined()
    expect(run.outputs['report-path']).toBeUndefined()
  })
})

describe('the local command', () => {
  it('prints the report and writes both files beside the caller', () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-'))
    const result = spawnSync(process.execPath, [CLI, EXAMPLES, '--no-llm'], {
      cwd,
      encoding: 'utf8',
    })
    expect(result.status).toBe(0)
    expect(result.stdout).toMatch(/^## Benchmark analyst · \d+ files/)
    // No workflow commands (::debug::, ::warning::) in a local run's output; a pytest name has '::'.
    expect(result.stdout).not.toMatch(/^::[a-z-]+/m)
    expect(result.stderr).toContain('Report written to')
    const written = fs.readFileSync(path.join(cwd, 'benchmark-analyst-report', 'report.md'), 'utf8')
    expect(written).toBe(result.stdout)
  })

  it('names the option when a value is wrong', () => {
    const result = spawnSync(process.execPath, [CLI, EXAMPLES, '--fail-on', 'sometimes'], {
      encoding: 'utf8',
    })
    expect(result.status).toBe(2)
    expect(result.stderr).toContain(
      'Option --fail-on: "sometimes" is not one of: never, error, llm-error, regression',
    )
  })
})
