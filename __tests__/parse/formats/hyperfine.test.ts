// hyperfine's --export-json: one benchmark per command, every run's wall-clock time as samples,
// hyperfine's statistics as the summary, user and system CPU time beside it.
import { describe, expect, it } from '@jest/globals'
import { hyperfine } from '../../../src/parse/formats/hyperfine.js'

const { matches, read } = hyperfine.json!

// hyperfine --warmup 3 --export-json out.json 'fd -e rs' 'find . -name "*.rs"'
const twoCommands = {
  results: [
    {
      command: 'fd -e rs',
      mean: 0.0213,
      stddev: 0.0011,
      median: 0.0211,
      user: 0.0452,
      system: 0.0398,
      min: 0.0201,
      max: 0.0231,
      times: [0.0201, 0.0211, 0.0209, 0.0231, 0.0213],
      exit_codes: [0, 0, 0, 0, 0],
    },
    {
      command: 'find . -name "*.rs"',
      mean: 0.1542,
      stddev: 0.0043,
      median: 0.1538,
      user: 0.0612,
      system: 0.0921,
      min: 0.1497,
      max: 0.1601,
      times: [0.1497, 0.1538, 0.1601, 0.1532],
      exit_codes: [0, 0, 0, 0],
    },
  ],
}

describe('hyperfine.matches', () => {
  it('recognises an --export-json file', () => {
    expect(matches(twoCommands)).toBe(true)
  })

  it('rejects generic JSON and neighbouring tools', () => {
    const others: unknown[] = [
      { machine_info: { cpu: 'x' }, benchmarks: [{ fullname: 'a', stats: { mean: 1 } }] },
      { context: {}, benchmarks: [{ run_name: 'BM_A', real_time: 1, time_unit: 'ns' }] },
      [{ benchmark: 'a.B.c', mode: 'thrpt', primaryMetric: { score: 1 } }],
      [{ build_commit: 'abc', model_type: 'llama 7B', n_prompt: 512, n_gen: 0, avg_ts: 10 }],
      { benchmarks: [{ name: 'x', value: 1 }] },
      [{ model: 'a', tokens_per_sec: 3 }],
      [{ name: 'a', unit: 'ms', value: 1 }],
      { results: [{ name: 'x', mean: 1 }] },
      { results: [{ command: 'x', value: 1 }] },
      { results: [] },
      [{ Julia: '1.10.0', BenchmarkTools: '1.4.0' }, []],
      { model_id: 'm', request_throughput: 1, completed: 1, duration: 1, mean_ttft_ms: 1 },
      null,
      'results',
    ]
    for (const other of others) expect(matches(other)).toBe(false)
  })
})

describe('hyperfine.read', () => {
  it('reads every command with its runs, statistics and CPU times', () => {
    const reading = read(twoCommands)
    expect(reading.warnings).toEqual([])
    expect(reading.records).toBe(2)
    expect(reading.vocabulary).toEqual([])
    expect(reading.benchmarks).toEqual([
      {
        name: 'fd -e rs',
        unit: 's',
        direction: 'lower',
        samples: [0.0201, 0.0211, 0.0209, 0.0231, 0.0213],
        summary: { n: 5, mean: 0.0213, median: 0.0211, min: 0.0201, max: 0.0231, stddev: 0.0011 },
      },
      { name: 'fd -e rs user', unit: 's', direction: 'lower', summary: { n: 5, mean: 0.0452 } },
      { name: 'fd -e rs system', unit: 's', direction: 'lower', summary: { n: 5, mean: 0.0398 } },
      {
        name: 'find . -name "*.rs"',
        unit: 's',
        direction: 'lower',
        samples: [0.1497, 0.1538, 0.1601, 0.1532],
        summary: { n: 4, mean: 0.1542, median: 0.1538, min: 0.1497, max: 0.1601, stddev: 0.0043 },
      },
      {
        name: 'find . -name "*.rs" user',
        unit: 's',
        direction: 'lower',
        summary: { n: 4, mean: 0.0612 },
      },
      {
        name: 'find . -name "*.rs" system',
        unit: 's',
        direction: 'lower',
        summary: { n: 4, mean: 0.0921 },
      },
    ])
  })

  it('puts a parameter scan in the group, and a single run has no stddev', () => {
    // hyperfine -P threads 1 4 -D 3 --runs 1 'make -j {threads}' --export-json out.json
    const run = (threads: string, t: number): unknown => ({
      command: `make -j ${threads}`,
      mean: t,
      stddev: null,
      median: t,
      user: t * 0.9,
      system: t * 0.1,
      min: t,
      max: t,
      times: [t],
      exit_codes: [0],
      parameters: { threads },
    })
    const reading = read({ results: [run('1', 12.5), run('4', 4.0)] })
    expect(reading.warnings).toEqual([])
    const primary = reading.benchmarks.filter((b) => b.name.startsWith('make') && b.samples)
    expect(primary).toEqual([
      {
        name: 'make -j 1',
        unit: 's',
        direction: 'lower',
        samples: [12.5],
        summary: { n: 1, mean: 12.5, median: 12.5, min: 12.5, max: 12.5 },
        group: { threads: '1' },
      },
      {
        name: 'make -j 4',
        unit: 's',
        direction: 'lower',
        samples: [4.0],
        summary: { n: 1, mean: 4.0, median: 4.0, min: 4.0, max: 4.0 },
        group: { threads: '4' },
      },
    ])
    expect(reading.benchmarks.find((b) => b.name === 'make -j 4 user')?.group).toEqual({
      threads: '4',
    })
  })

  it('warns about runs that exited non-zero but keeps their times', () => {
    // hyperfine -i 'grep -r TODO src': grep exits 1 when nothing matched.
    const reading = read({
      results: [
        {
          command: 'grep -r TODO src',
          mean: 0.004,
          stddev: 0.0005,
          median: 0.004,
          user: 0.001,
          system: 0.002,
          min: 0.0035,
          max: 0.0045,
          times: [0.0035, 0.004, 0.0045],
          exit_codes: [1, 0, null],
        },
      ],
    })
    expect(reading.warnings).toEqual(['"grep -r TODO src": 2 run(s) exited non-zero'])
    expect(reading.benchmarks[0]!.samples).toEqual([0.0035, 0.004, 0.0045])
  })

  it('keeps what it can of a broken file and says what was wrong', () => {
    const reading = read({
      results: [
        { mean: 1.0, times: [1.0] },
        { command: 'a', mean: 0.5, times: [0.5, 'x', 0.6], user: 'n/a' },
        { command: 'b', times: [] },
        'junk',
        { command: 'a', mean: 0.7, times: [0.7] },
      ],
    })
    expect(reading.records).toBe(5)
    expect(reading.benchmarks).toEqual([
      { name: 'a', unit: 's', direction: 'lower', samples: [0.5, 0.6, 0.7] },
    ])
    expect(reading.warnings).toEqual([
      'results[0] has no command; skipped',
      '"a": 1 of 3 times are not numbers; dropped',
      '"a": user is not a number; dropped',
      '"b" has no times and no mean; dropped',
      'results[3] has no command; skipped',
      '"a" appears more than once; its runs were merged',
    ])
  })

  it('never throws on hostile input', () => {
    const hostile: unknown[] = [
      null,
      [],
      { benchmarks: 5 },
      { results: 5 },
      { results: [null, [], 5, { command: 5 }] },
      { results: [{ command: 'x', mean: 1, times: 'many', parameters: [1, 2] }] },
      { results: [{ command: 'x'.repeat(1_000_000), mean: 1, exit_codes: 'none' }] },
      { results: [{ command: 'p', mean: 1, parameters: JSON.parse('{"__proto__": "x"}') }] },
      { results: new Array(100_000).fill({ command: 'same', mean: 1, times: [1] }) },
    ]
    for (const input of hostile) {
      expect(() => matches(input)).not.toThrow()
      expect(() => read(input)).not.toThrow()
    }
    expect(read({ results: 5 }).warnings).toEqual(['no results array'])
    const huge = read(hostile[6])
    expect(huge.warnings).toEqual([])
    const same = read(hostile[8])
    expect(same.benchmarks[0]!.samples).toHaveLength(100_000)
    expect(same.warnings.length).toBeLessThanOrEqual(51)
  })
})
