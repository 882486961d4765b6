// vLLM's benchmark_serving.py --save-result: throughputs as single figures, latencies in ms with
// vLLM's statistics (population sd turned into sample sd), per-request ttft and itl as samples.
import { describe, expect, it } from '@jest/globals'
import { vllmServing } from '../../../src/parse/formats/vllm-serving.js'

const { matches, read } = vllmServing.json!

const SECRET_ERROR = 'ServerDisconnectedError: token=sk-live-123'
const SECRET_TEXT = 'The capital of France is Paris'

// python benchmarks/benchmark_serving.py --backend vllm --model meta-llama/Llama-3.1-8B-Instruct
//   --num-prompts 5 --request-rate 4 --max-concurrency 8 --goodput ttft:100
//   --percentile-metrics ttft,tpot,itl,e2el --metric-percentiles 50,95,99 --save-result
// One of the five requests failed (the server dropped it).
const result = {
  date: '20250312-101530',
  backend: 'vllm',
  model_id: 'meta-llama/Llama-3.1-8B-Instruct',
  tokenizer_id: 'meta-llama/Llama-3.1-8B-Instruct',
  best_of: 1,
  num_prompts: 5,
  request_rate: 4.0,
  burstiness: 1.0,
  max_concurrency: 8,
  duration: 1.5213,
  completed: 4,
  total_input_tokens: 812,
  total_output_tokens: 14,
  request_throughput: 2.6293,
  'request_goodput:': 2.6293,
  output_throughput: 9.2027,
  total_token_throughput: 542.9563,
  input_lens: [201, 198, 210, 207, 206],
  output_lens: [4, 3, 0, 5, 2],
  ttfts: [0.0512, 0.0634, 0.0, 0.0588, 0.0701],
  itls: [[0.012, 0.013, 0.0125], [0.0141, 0.0139], [], [0.0122, 0.0131, 0.0127, 0.0119], [0.015]],
  generated_texts: [SECRET_TEXT, ' Berlin.', '', ' 42 is the answer', ' Yes'],
  errors: ['', '', SECRET_ERROR, '', ''],
  mean_ttft_ms: 60.875,
  median_ttft_ms: 61.1,
  std_ttft_ms: 6.880906553645381,
  p50_ttft_ms: 61.1,
  p95_ttft_ms: 69.095,
  p99_ttft_ms: 69.895,
  mean_tpot_ms: 13.05,
  median_tpot_ms: 12.95,
  std_tpot_ms: 0.41,
  p50_tpot_ms: 12.95,
  p95_tpot_ms: 13.6,
  p99_tpot_ms: 13.7,
  mean_itl_ms: 13.05,
  median_itl_ms: 12.9,
  std_itl_ms: 0.93,
  p50_itl_ms: 12.9,
  p95_itl_ms: 14.6,
  p99_itl_ms: 14.98,
  mean_e2el_ms: 99.4,
  median_e2el_ms: 98.7,
  std_e2el_ms: 12.2,
  p50_e2el_ms: 98.7,
  p95_e2el_ms: 117.3,
  p99_e2el_ms: 119.1,
}

const group = { model: 'meta-llama/Llama-3.1-8B-Instruct', request_rate: '4', max_concurrency: '8' }

describe('vllmServing.matches', () => {
  it('recognises a --save-result file', () => {
    expect(matches(result)).toBe(true)
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
      [{ Julia: '1.10.0', BenchmarkTools: '1.4.0' }, []],
      { results: [{ command: 'sleep 0.1', mean: 0.1, times: [0.1] }] },
      // vLLM's offline benchmark_throughput.py: a different file.
      { elapsed_time: 12.1, num_requests: 1000, requests_per_second: 82.6, tokens_per_second: 1e4 },
      { model_id: 'm', request_throughput: 1 },
      null,
    ]
    for (const other of others) expect(matches(other)).toBe(false)
  })
})

describe('vllmServing.read', () => {
  it('reads the throughputs, the latencies with samples of successful requests, and the run', () => {
    const reading = read(result)
    expect(reading.records).toBe(1)
    expect(reading.warnings).toEqual(['1 of 5 requests failed'])
    expect(reading.vocabulary).toEqual([
      'backend',
      'vllm',
      'model_id',
      'meta-llama/Llama-3.1-8B-Instruct',
      'tokenizer_id',
      'meta-llama/Llama-3.1-8B-Instruct',
    ])
    const byName = Object.fromEntries(reading.benchmarks.map((b) => [b.name, b]))
    expect(reading.benchmarks.map((b) => [b.name, b.unit, b.direction])).toEqual([
      ['request_throughput', 'req/s', 'higher'],
      ['request_goodput', 'req/s', 'higher'],
      ['output_throughput', 'tok/s', 'higher'],
      ['total_token_throughput', 'tok/s', 'higher'],
      ['duration', 's', 'lower'],
      ['ttft', 'ms', 'lower'],
      ['tpot', 'ms', 'lower'],
      ['itl', 'ms', 'lower'],
      ['e2el', 'ms', 'lower'],
    ])
    for (const b of reading.benchmarks) expect(b.group).toEqual(group)
    expect(byName['request_throughput']!.summary).toEqual({ mean: 2.6293 })
    expect(byName['request_goodput']!.summary).toEqual({ mean: 2.6293 })
    expect(byName['output_throughput']!.summary).toEqual({ mean: 9.2027 })
    expect(byName['total_token_throughput']!.summary).toEqual({ mean: 542.9563 })
    expect(byName['duration']!.summary).toEqual({ mean: 1.5213 })

    const ttft = byName['ttft']!
    expect(ttft.samples).toHaveLength(4)
    expect(ttft.samples![0]).toBeCloseTo(51.2)
    expect(ttft.samples![3]).toBeCloseTo(70.1)
    expect(ttft.summary).toMatchObject({ n: 4, mean: 60.875, median: 61.1, p95: 69.095 })
    // population sd 6.8809 over 4 requests → sample sd 7.9454
    expect(ttft.summary!.stddev).toBeCloseTo(7.9454, 3)

    expect(byName['tpot']!.samples).toBeUndefined()
    expect(byName['tpot']!.summary).toMatchObject({ n: 4, mean: 13.05, median: 12.95, p95: 13.6 })
    expect(byName['tpot']!.summary!.stddev).toBeCloseTo(0.41 * Math.sqrt(4 / 3))

    const itl = byName['itl']!
    expect(itl.samples!.map((v) => Math.round(v * 10) / 10)).toEqual([
      12, 13, 12.5, 14.1, 13.9, 12.2, 13.1, 12.7, 11.9, 15,
    ])
    expect(itl.summary).toMatchObject({ n: 10, mean: 13.05, median: 12.9, p95: 14.6 })
    expect(itl.summary!.stddev).toBeCloseTo(0.93 * Math.sqrt(10 / 9))

    expect(byName['e2el']!.summary).toMatchObject({ n: 4, mean: 99.4, median: 98.7, p95: 117.3 })
    expect(byName['e2el']!.summary!.stddev).toBeCloseTo(12.2 * Math.sqrt(4 / 3))
  })

  it('never copies generated texts or errors', () => {
    const text = JSON.stringify(read(result))
    expect(text).not.toContain('Paris')
    expect(text).not.toContain('sk-live')
    expect(text).not.toContain('Berlin')
  })

  it('reads a `vllm bench serve` result without per-request detail or goodput', () => {
    const reading = read({
      date: '20250601-080000',
      endpoint_type: 'openai-chat',
      label: null,
      model_id: 'Qwen/Qwen2.5-7B-Instruct',
      tokenizer_id: 'Qwen/Qwen2.5-7B-Instruct',
      num_prompts: 1000,
      request_rate: 'inf',
      burstiness: 1.0,
      max_concurrency: null,
      duration: 61.2,
      completed: 1000,
      total_input_tokens: 1024000,
      total_output_tokens: 128000,
      request_throughput: 16.34,
      request_goodput: null,
      output_throughput: 2091.5,
      total_token_throughput: 18823.5,
      mean_ttft_ms: 4321.7,
      median_ttft_ms: 4102.3,
      std_ttft_ms: 1200.5,
      p99_ttft_ms: 9120.4,
      mean_tpot_ms: 41.2,
      median_tpot_ms: 40.8,
      std_tpot_ms: 3.1,
      p99_tpot_ms: 52.3,
      mean_itl_ms: 41.0,
      median_itl_ms: 38.2,
      std_itl_ms: 12.4,
      p99_itl_ms: 88.9,
    })
    expect(reading.warnings).toEqual([])
    expect(reading.vocabulary).toEqual([
      'endpoint_type',
      'openai-chat',
      'model_id',
      'Qwen/Qwen2.5-7B-Instruct',
      'tokenizer_id',
      'Qwen/Qwen2.5-7B-Instruct',
    ])
    expect(reading.benchmarks.map((b) => b.name)).toEqual([
      'request_throughput',
      'output_throughput',
      'total_token_throughput',
      'duration',
      'ttft',
      'tpot',
      'itl',
    ])
    const byName = Object.fromEntries(reading.benchmarks.map((b) => [b.name, b]))
    expect(byName['ttft']!.group).toEqual({
      model: 'Qwen/Qwen2.5-7B-Instruct',
      request_rate: 'inf',
    })
    expect(byName['ttft']!.samples).toBeUndefined()
    expect(byName['ttft']!.summary!.n).toBe(1000)
    expect(byName['ttft']!.summary!.stddev).toBeCloseTo(1200.5 * Math.sqrt(1000 / 999))
    // Without output_lens or itls the counts behind tpot and itl are unknown: no sd, no n.
    expect(byName['tpot']!.summary).toEqual({ mean: 41.2, median: 40.8 })
    expect(byName['itl']!.summary).toEqual({ mean: 41.0, median: 38.2 })
  })

  it('caps inter-token latency samples at 100,000 with a warning, counting them all', () => {
    const itls = Array.from({ length: 1000 }, () => new Array(150).fill(0.02))
    const reading = read({ ...result, itls, errors: undefined, num_prompts: 4 })
    const itl = reading.benchmarks.find((b) => b.name === 'itl')!
    expect(itl.samples).toHaveLength(100_000)
    expect(itl.summary!.n).toBe(150_000)
    expect(reading.warnings).toContain('itls: 150000 values; only the first 100000 kept as samples')
  })

  it('keeps what it can of a broken file and says what was wrong', () => {
    const reading = read({
      ...result,
      output_throughput: 'fast',
      total_token_throughput: undefined,
      mean_tpot_ms: null,
      ttfts: [0.0512, 'x', 0.0, 0.0588, 0.0701],
    })
    expect(reading.benchmarks.map((b) => b.name)).toEqual([
      'request_throughput',
      'request_goodput',
      'duration',
      'ttft',
      'tpot',
      'itl',
      'e2el',
    ])
    const tpot = reading.benchmarks.find((b) => b.name === 'tpot')!
    expect(tpot.summary!.mean).toBeUndefined()
    expect(tpot.summary!.median).toBe(12.95)
    expect(reading.benchmarks.find((b) => b.name === 'ttft')!.samples).toHaveLength(3)
    expect(reading.warnings).toEqual([
      'output_throughput is not a number; dropped',
      'total_token_throughput is not a number; dropped',
      'ttfts: 1 of 5 values are not numbers; dropped',
      'ttfts: 3 successful requests, but completed is 4',
      'mean_tpot_ms is not a number; ignored',
      '1 of 5 requests failed',
    ])
  })

  it('never throws on hostile input', () => {
    let deep: unknown = [0.1]
    for (let i = 0; i < 100_000; i++) deep = [deep]
    const hostile: unknown[] = [
      null,
      [],
      { benchmarks: 5 },
      { model_id: 'x' },
      { ...result, ttfts: 5, itls: [5, [null, 'x'], deep], errors: 5, output_lens: 'many' },
      { ...result, errors: new Array(1_000_000).fill('boom'), model_id: 'm'.repeat(1_000_000) },
      { ...result, request_rate: { rate: 1 }, max_concurrency: [8] },
    ]
    for (const input of hostile) {
      expect(() => matches(input)).not.toThrow()
      expect(() => read(input)).not.toThrow()
    }
    expect(read({ model_id: 'x' }).warnings).toContain(
      'no throughput or latency figure in the file',
    )
    const long = read(hostile[5])
    expect(long.vocabulary).not.toContain('m'.repeat(1_000_000))
    expect(long.benchmarks[0]!.group).toEqual({ request_rate: '4', max_concurrency: '8' })
  })
})
