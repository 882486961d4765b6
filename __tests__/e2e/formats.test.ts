// Benchmark tools' output through the bundled action: the report names benchmarks as their tools
// do and says which tool each file was read as, and a comparison against a base branch judges a
// regression by the samples the format kept, in whichever unit each side printed.
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Report } from '../../src/report.js'
import { EXAMPLES, runAction, type RunnerResult } from '../fixtures/runner.js'

const reportOf = (run: RunnerResult): Report =>
  JSON.parse(fs.readFileSync(run.outputs['report-json']!, 'utf8')) as Report

/** `go test -bench -count N` output: one line per run of each benchmark. */
function goBench(runs: Record<string, number[]>): string {
  const lines = ['goos: linux', 'goarch: amd64', 'pkg: example.com/kv', 'cpu: AMD EPYC 7763']
  for (const [name, values] of Object.entries(runs)) {
    for (const v of values)
      lines.push(`${name}-2   \t 1000000\t      ${v} ns/op\t  64 B/op\t  1 allocs/op`)
  }
  return [...lines, 'PASS', 'ok  \texample.com/kv\t9.120s', ''].join('\n')
}

/** Google Benchmark JSON with repetitions, times in the given unit. */
function googleJson(unit: string, values: number[]): string {
  return JSON.stringify({
    context: { date: '2026-12-01', host_name: 'ci', num_cpus: 2, mhz_per_cpu: 2445, caches: [] },
    benchmarks: values.map((v, i) => ({
      name: 'BM_Lookup/64',
      run_name: 'BM_Lookup/64',
      run_type: 'iteration',
      repetitions: values.length,
      repetition_index: i,
      threads: 1,
      iterations: 1000,
      real_time: v,
      cpu_time: v,
      time_unit: unit,
    })),
  })
}

describe('the example artifacts’ benchmark tools', () => {
  let run: RunnerResult
  beforeAll(() => {
    run = runAction(EXAMPLES, { llm: 'false' })
  })

  it('names benchmarks as their tools do, in the tools’ units', () => {
    expect(run.status).toBe(0)
    const metrics = reportOf(run).metrics
    const of = (name: string) => metrics.find((m) => m.name === name)
    expect(of('BenchmarkEncode/short-8')).toMatchObject({
      file: 'artifacts/go/tokenizer_bench.txt',
      table: 'example.com/serve/tokenizer',
      unit: 'ns/op',
      direction: 'lower',
      n: 5,
      samples: [2890, 2911, 2874, 2952, 2899],
    })
    expect(of('bench/test_tokenizer.py::test_encode_short')).toMatchObject({
      unit: 's',
      direction: 'lower',
      n: 5432,
    })
    expect(of('eval rate')).toMatchObject({ unit: 'tokens/s', direction: 'higher', n: 3 })
    const pp512 = metrics.filter((m) => m.name === 'pp512')
    expect(pp512.map((m) => [m.group?.ngl, m.mean])).toEqual([
      ['99', 3512.44],
      ['20', 1204.87],
    ])
    expect(run.summary).toContain('`BenchmarkEncode/short-8` ↓ (`ns/op`)')
    // Every metric is in report.md; the summary shows the ones with samples first.
    const full = fs.readFileSync(run.outputs['report-path']!, 'utf8')
    expect(full).toContain('`pp512` ↑ (`tokens/s`) · `model=gemma3 4B Q4_K - Medium ngl=99`')
  })

  it('says in the inventory which tool each file was read as', () => {
    const files = reportOf(run).inventory.files
    const format = (p: string) => files.find((f) => f.path === p)?.format
    expect(format('artifacts/go/tokenizer_bench.txt')).toBe('go test -bench')
    expect(format('artifacts/rust/cargo-bench.txt')).toBe('cargo bench')
    expect(format('artifacts/python_bench/tokenizer_bench.json')).toBe('pytest-benchmark')
    expect(format('csv_data/llama_sweep.csv')).toBeUndefined()
    const full = fs.readFileSync(run.outputs['report-path']!, 'utf8')
    expect(full).toContain('| other · `go test -bench` |')
  })
})

describe('a benchmark format against the base branch', () => {
  let root: string
  const write = (rel: string, body: string): void => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true })
    fs.writeFileSync(path.join(root, rel), body)
  }
  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'formats-'))
    // Base: steady runs, one disturbed by a noisy neighbour (its mean moves 10 % and its sd twentyfold).
    // Head: Get is 25 % slower on every run, Put unchanged.
    write(
      'base/bench/kv.txt',
      goBench({
        BenchmarkGet: [100, 101, 99, 100, 102, 98, 100, 180],
        BenchmarkPut: [200, 202, 198, 201, 199, 200],
      }),
    )
    write(
      'head/bench/kv.txt',
      goBench({
        BenchmarkGet: [125, 126, 124, 125, 127, 123, 125, 126],
        BenchmarkPut: [201, 199, 200, 202, 198, 200],
      }),
    )
    // The base printed microseconds, the head nanoseconds: the same benchmark, 20 % slower.
    write('base/bench/lookup.json', googleJson('us', [1.0, 1.01, 0.99, 1.0, 1.02]))
    write('head/bench/lookup.json', googleJson('ns', [1200, 1210, 1190, 1205, 1195]))
  })
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }))

  it('judges by the samples, so one slow base run cannot hide a regression', () => {
    const run = runAction(path.join(root, 'head'), {
      llm: 'false',
      path: 'bench/**',
      baseline: path.join(root, 'base'),
    })
    expect(run.status).toBe(0)
    const comparison = reportOf(run).comparison!
    const names = comparison.regressions.map((r) => [r.name, r.evidence])
    expect(names).toEqual(
      expect.arrayContaining([
        ['BenchmarkGet-2', 'mann-whitney'],
        ['BM_Lookup/64', 'mann-whitney'],
      ]),
    )
    expect(comparison.regressions.map((r) => r.name)).not.toContain('BenchmarkPut-2')
    const lookup = comparison.regressions.find((r) => r.name === 'BM_Lookup/64')!
    expect(lookup.base.convertedFrom).toBe('us')
    expect(lookup.changePct).toBeCloseTo(((1200 - 1004) / 1004) * 100, 6)
    expect(run.summary).toMatch(/Mann–Whitney p = /)
    expect(run.summary).toContain('from `us`')

    // The base branch's report.json keeps the samples, so it gives the very same judgement.
    const base = runAction(path.join(root, 'base'), { llm: 'false', path: 'bench/**' })
    const fromReport = runAction(path.join(root, 'head'), {
      llm: 'false',
      path: 'bench/**',
      baseline: base.outputs['report-json']!,
    })
    const again = reportOf(fromReport).comparison!
    expect(again.regressions.map((r) => [r.name, r.evidence, r.p])).toEqual(
      comparison.regressions.map((r) => [r.name, r.evidence, r.p]),
    )
  })
})
