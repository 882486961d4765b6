// llama-bench's three output shapes (-o json/jsonl, -o csv, -o md), written as llama-bench prints
// them: each test is one tokens/s benchmark named pp512 / tg128 / pp512+tg128, grouped by the
// model and whatever setting the run swept.
import { describe, expect, it } from '@jest/globals'
import { llamaBench } from '../../../src/parse/formats/llama-bench.js'
import type { RowTable } from '../../../src/parse/parsed.js'

const json = llamaBench.json!
const table = llamaBench.table!
const text = llamaBench.text!

const PP_SAMPLES = [4530.12, 4490.71, 4525.33, 4489.2, 4526.49]
const TG_SAMPLES = [131.42, 130.85, 131.27, 130.79, 131.17]

/** One record as `llama-bench -o json` writes it (build 3302, one CUDA GPU). */
function record(fields: Record<string, unknown>): Record<string, unknown> {
  return {
    build_commit: '1c641e6a',
    build_number: 3302,
    cpu_info: 'AMD Ryzen 9 7950X 16-Core Processor',
    gpu_info: 'NVIDIA GeForce RTX 4090',
    backends: 'CUDA',
    model_filename: 'models/7B/ggml-model-q4_0.gguf',
    model_type: 'llama 7B Q4_0',
    model_size: 3825065984,
    model_n_params: 6738415616,
    n_batch: 2048,
    n_ubatch: 512,
    n_threads: 16,
    cpu_mask: '0x0',
    cpu_strict: false,
    poll: 50,
    type_k: 'f16',
    type_v: 'f16',
    n_gpu_layers: 99,
    split_mode: 'layer',
    main_gpu: 0,
    no_kv_offload: false,
    flash_attn: false,
    tensor_split: '0.00',
    use_mmap: true,
    embeddings: false,
    n_prompt: 512,
    n_gen: 0,
    n_depth: 0,
    test_time: '2024-07-03T10:21:44Z',
    avg_ns: 113467012,
    stddev_ns: 530213,
    avg_ts: 4512.37,
    stddev_ts: 21.15,
    samples_ns: [113021443, 114010398, 113142031, 114053287, 113107901],
    samples_ts: PP_SAMPLES,
    ...fields,
  }
}

const TG_RECORD = {
  n_prompt: 0,
  n_gen: 128,
  test_time: '2024-07-03T10:21:47Z',
  avg_ns: 976366534,
  stddev_ns: 2101775,
  avg_ts: 131.1,
  stddev_ts: 0.28,
  samples_ns: [973972360, 978208220, 975072870, 978659540, 975919680],
  samples_ts: TG_SAMPLES,
}

describe('llama-bench -o json / jsonl', () => {
  it('reads each test as a tokens/s benchmark with its samples and statistics', () => {
    const value = [record({}), record(TG_RECORD)]
    expect(json.matches(value)).toBe(true)
    const reading = json.read(value)
    expect(reading.warnings).toEqual([])
    expect(reading.records).toBe(2)
    expect(reading.benchmarks).toEqual([
      {
        name: 'pp512',
        unit: 'tokens/s',
        direction: 'higher',
        group: { model: 'llama 7B Q4_0' },
        samples: PP_SAMPLES,
        summary: { mean: 4512.37, stddev: 21.15, n: 5 },
      },
      {
        name: 'tg128',
        unit: 'tokens/s',
        direction: 'higher',
        group: { model: 'llama 7B Q4_0' },
        samples: TG_SAMPLES,
        summary: { mean: 131.1, stddev: 0.28, n: 5 },
      },
    ])
    expect(reading.vocabulary).toEqual(
      expect.arrayContaining([
        'cpu_info',
        'AMD Ryzen 9 7950X 16-Core Processor',
        'gpu_info',
        'NVIDIA GeForce RTX 4090',
        'backends',
        'CUDA',
        'build_commit',
        '1c641e6a',
      ]),
    )
  })

  it('names combined and deep-context tests as the Markdown table does', () => {
    const value = [
      record({ n_prompt: 512, n_gen: 128, avg_ts: 1020.5, stddev_ts: 3.1, samples_ts: undefined }),
      record({ n_prompt: 512, n_gen: 0, n_depth: 4096, avg_ts: 3110.2, stddev_ts: 9.9 }),
      record({ n_prompt: 0, n_gen: 128, n_depth: 4096, avg_ts: 118.4, stddev_ts: 0.4 }),
    ]
    const reading = json.read(value)
    expect(reading.benchmarks.map((b) => b.name)).toEqual([
      'pp512+tg128',
      'pp512 @ d4096',
      'tg128 @ d4096',
    ])
    // No samples_ts: the repetitions are not in the record, so n stays unknown.
    expect(reading.benchmarks[0]!.samples).toBeUndefined()
    expect(reading.benchmarks[0]!.summary).toEqual({ mean: 1020.5, stddev: 3.1 })
  })

  it('splits a sweep over ngl into one benchmark per setting, keyed as llama-bench prints it', () => {
    const value = [
      record({ n_gpu_layers: 0, avg_ts: 161.2, stddev_ts: 1.4 }),
      record({ ...TG_RECORD, n_gpu_layers: 0, avg_ts: 11.8, stddev_ts: 0.05 }),
      record({ n_gpu_layers: 99 }),
      record({ ...TG_RECORD, n_gpu_layers: 99 }),
    ]
    const reading = json.read(value)
    expect(reading.warnings).toEqual([])
    expect(reading.benchmarks.map((b) => [b.name, b.group, b.summary?.mean])).toEqual([
      ['pp512', { model: 'llama 7B Q4_0', ngl: '0' }, 161.2],
      ['tg128', { model: 'llama 7B Q4_0', ngl: '0' }, 11.8],
      ['pp512', { model: 'llama 7B Q4_0', ngl: '99' }, 4512.37],
      ['tg128', { model: 'llama 7B Q4_0', ngl: '99' }, 131.1],
    ])
  })

  it('groups by model and by flash attention when both vary, spelling booleans as 0/1', () => {
    const value = [
      record({ flash_attn: false }),
      record({ flash_attn: true, avg_ts: 4890.02, stddev_ts: 12.5 }),
      record({
        model_type: 'qwen2 7B Q4_K - Medium',
        model_filename: 'models/qwen2-7b-q4_k_m.gguf',
        model_size: 4677120000,
        model_n_params: 7615616512,
        flash_attn: false,
        avg_ts: 4102.9,
      }),
    ]
    const groups = json.read(value).benchmarks.map((b) => b.group)
    // Size, params and file follow the model, so they add nothing to the group.
    expect(groups).toEqual([
      { model: 'llama 7B Q4_0', fa: '0' },
      { model: 'llama 7B Q4_0', fa: '1' },
      { model: 'qwen2 7B Q4_K - Medium', fa: '0' },
    ])
  })

  it('merges a test repeated under the same settings (jsonl appended twice) into one', () => {
    const lines = [
      record({}),
      record({ test_time: '2024-07-04T09:00:00Z', avg_ts: 4500, samples_ts: [4501, 4499] }),
    ]
    const reading = json.read(lines)
    expect(reading.benchmarks).toHaveLength(1)
    expect(reading.benchmarks[0]!.name).toBe('pp512')
    expect(reading.benchmarks[0]!.samples).toEqual([...PP_SAMPLES, 4501, 4499])
    expect(reading.benchmarks[0]!.summary).toBeUndefined()
    expect(reading.warnings).toEqual([
      'record 2: "pp512" repeats an earlier test with the same settings; samples merged, per-test statistics dropped',
    ])
  })

  it('keeps the good records of a broken file and says what was wrong with the others', () => {
    const value = [
      record({}),
      record({ ...TG_RECORD, avg_ts: undefined, samples_ts: undefined }),
      'llama_model_load: error loading model',
      record({ n_prompt: undefined }),
      record({ n_prompt: 1024, samples_ts: [4400.5, 'x', null, 4410.5], avg_ts: 4405.5 }),
    ]
    const reading = json.read(value)
    expect(reading.benchmarks.map((b) => [b.name, b.samples])).toEqual([
      ['pp512', PP_SAMPLES],
      ['pp1024', [4400.5, 4410.5]],
    ])
    expect(reading.records).toBe(2)
    expect(reading.warnings).toEqual([
      'record 2: "tg128" has no avg_ts value',
      'record 3: not a llama-bench record',
      'record 4: no n_prompt or n_gen, so the test has no name',
      'record 5: "pp1024" has 2 samples_ts entries that are not numbers',
    ])
  })
})

describe('llama-bench -o csv', () => {
  const columns = Object.keys(record({})).filter((c) => !c.startsWith('samples_'))

  function row(fields: Record<string, unknown>): (string | number | null)[] {
    // As the CSV reader types them: numbers are numbers, 0/1 for booleans, text is text.
    const values = record(fields)
    return columns.map((c) => {
      const v = values[c]
      if (typeof v === 'boolean') return v ? 1 : 0
      if (v === '') return null
      return typeof v === 'number' || typeof v === 'string' ? v : null
    })
  }

  it('reads a thread sweep from the header and typed rows', () => {
    const csv: RowTable = {
      columns,
      rows: [
        row({ backends: 'CPU', gpu_info: '', n_gpu_layers: 0, n_threads: 8, avg_ts: 61.04 }),
        row({ backends: 'CPU', gpu_info: '', n_gpu_layers: 0, n_threads: 16, avg_ts: 98.77 }),
        row({ ...TG_RECORD, backends: 'CPU', gpu_info: '', n_gpu_layers: 0, n_threads: 8 }),
        row({ ...TG_RECORD, backends: 'CPU', gpu_info: '', n_gpu_layers: 0, n_threads: 16 }),
      ],
    }
    expect(table.matches(csv.columns)).toBe(true)
    const reading = table.read(csv)
    expect(reading.warnings).toEqual([])
    expect(reading.records).toBe(4)
    expect(
      reading.benchmarks.map((b) => [b.name, b.group, b.summary, b.samples, b.unit, b.direction]),
    ).toEqual([
      [
        'pp512',
        { model: 'llama 7B Q4_0', threads: '8' },
        { mean: 61.04, stddev: 21.15 },
        undefined,
        'tokens/s',
        'higher',
      ],
      [
        'pp512',
        { model: 'llama 7B Q4_0', threads: '16' },
        { mean: 98.77, stddev: 21.15 },
        undefined,
        'tokens/s',
        'higher',
      ],
      [
        'tg128',
        { model: 'llama 7B Q4_0', threads: '8' },
        { mean: 131.1, stddev: 0.28 },
        undefined,
        'tokens/s',
        'higher',
      ],
      [
        'tg128',
        { model: 'llama 7B Q4_0', threads: '16' },
        { mean: 131.1, stddev: 0.28 },
        undefined,
        'tokens/s',
        'higher',
      ],
    ])
    expect(reading.vocabulary).toEqual(expect.arrayContaining(['CPU', '1c641e6a']))
  })

  it('drops a row with an empty avg_ts, with a warning, and keeps the rest', () => {
    const csv: RowTable = { columns, rows: [row({ avg_ts: null }), row(TG_RECORD)] }
    const reading = table.read(csv)
    expect(reading.benchmarks.map((b) => b.name)).toEqual(['tg128'])
    expect(reading.warnings).toEqual(['row 1: "pp512" has no avg_ts value'])
  })
})

const MARKDOWN = [
  'ggml_cuda_init: GGML_CUDA_FORCE_MMQ:    no',
  'ggml_cuda_init: GGML_CUDA_FORCE_CUBLAS: no',
  'ggml_cuda_init: found 1 CUDA devices:',
  '  Device 0: NVIDIA GeForce RTX 4090, compute capability 8.9, VMM: yes',
  '| model                          |       size |     params | backend    | ngl |          test |                  t/s |',
  '| ------------------------------ | ---------: | ---------: | ---------- | --: | ------------: | -------------------: |',
  '| llama 7B Q4_0                  |   3.56 GiB |     6.74 B | CUDA       |  99 |         pp512 |      4512.37 ± 21.15 |',
  '| llama 7B Q4_0                  |   3.56 GiB |     6.74 B | CUDA       |  99 |         tg128 |        131.10 ± 0.28 |',
  '',
  'build: 1c641e6a (3302)',
  '',
].join('\n')

describe('llama-bench -o md', () => {
  it('reads the default table: test names, mean ± standard deviation, build line', () => {
    expect(text.matches(MARKDOWN)).toBe(true)
    const reading = text.read(MARKDOWN)
    expect(reading.warnings).toEqual([])
    expect(reading.records).toBe(2)
    expect(reading.benchmarks).toEqual([
      {
        name: 'pp512',
        unit: 'tokens/s',
        direction: 'higher',
        group: { model: 'llama 7B Q4_0' },
        summary: { mean: 4512.37, stddev: 21.15 },
      },
      {
        name: 'tg128',
        unit: 'tokens/s',
        direction: 'higher',
        group: { model: 'llama 7B Q4_0' },
        summary: { mean: 131.1, stddev: 0.28 },
      },
    ])
    expect(reading.vocabulary).toEqual(
      expect.arrayContaining(['CUDA', 'build_commit', '1c641e6a', 'NVIDIA GeForce RTX 4090']),
    )
  })

  it('groups a CPU sweep by the columns that vary (threads, fa), not by those that do not', () => {
    const md = [
      '| model                          |       size |     params | backend    | threads | fa |          test |                  t/s |',
      '| ------------------------------ | ---------: | ---------: | ---------- | ------: | -: | ------------: | -------------------: |',
      '| llama 7B Q4_0                  |   3.56 GiB |     6.74 B | CPU        |       8 |  0 |         pp512 |         61.04 ± 0.51 |',
      '| llama 7B Q4_0                  |   3.56 GiB |     6.74 B | CPU        |       8 |  0 |         tg128 |         11.02 ± 0.03 |',
      '| llama 7B Q4_0                  |   3.56 GiB |     6.74 B | CPU        |      16 |  0 |         pp512 |         98.77 ± 0.84 |',
      '| llama 7B Q4_0                  |   3.56 GiB |     6.74 B | CPU        |      16 |  0 |         tg128 |         13.90 ± 0.12 |',
      '| llama 7B Q4_0                  |   3.56 GiB |     6.74 B | CPU        |      16 |  1 |   pp512+tg128 |         53.31 ± 0.20 |',
      '| llama 7B Q4_0                  |   3.56 GiB |     6.74 B | CPU        |      16 |  1 | pp512 @ d4096 |         71.60 ± 1.05 |',
      '',
      'build: 1c641e6a (3302)',
    ].join('\n')
    expect(text.matches(md)).toBe(true)
    const reading = text.read(md)
    expect(reading.warnings).toEqual([])
    expect(reading.benchmarks.map((b) => [b.name, b.group, b.summary])).toEqual([
      ['pp512', { model: 'llama 7B Q4_0', threads: '8', fa: '0' }, { mean: 61.04, stddev: 0.51 }],
      ['tg128', { model: 'llama 7B Q4_0', threads: '8', fa: '0' }, { mean: 11.02, stddev: 0.03 }],
      ['pp512', { model: 'llama 7B Q4_0', threads: '16', fa: '0' }, { mean: 98.77, stddev: 0.84 }],
      ['tg128', { model: 'llama 7B Q4_0', threads: '16', fa: '0' }, { mean: 13.9, stddev: 0.12 }],
      [
        'pp512+tg128',
        { model: 'llama 7B Q4_0', threads: '16', fa: '1' },
        { mean: 53.31, stddev: 0.2 },
      ],
      [
        'pp512 @ d4096',
        { model: 'llama 7B Q4_0', threads: '16', fa: '1' },
        { mean: 71.6, stddev: 1.05 },
      ],
    ])
  })

  it('keeps the rows around a truncated row and an unreadable t/s, with warnings', () => {
    const md = [
      '| model                          |       size |     params | backend    | ngl |          test |                  t/s |',
      '| ------------------------------ | ---------: | ---------: | ---------- | --: | ------------: | -------------------: |',
      '| llama 7B Q4_0                  |   3.56 GiB |     6.74 B | CUDA       |  99 |         pp512 |      4512.37 ± 21.15 |',
      '| llama 7B Q4_0                  |   3.56 GiB |     6.74 B | CUDA       |  99 |        pp1024 |            nan ± nan |',
      '| llama 7B Q4_0                  |   3.56 GiB |     6.74 B | CUDA       |  99 |         tg1',
    ].join('\n')
    const reading = text.read(md)
    expect(reading.benchmarks.map((b) => [b.name, b.summary])).toEqual([
      ['pp512', { mean: 4512.37, stddev: 21.15 }],
    ])
    expect(reading.warnings).toEqual([
      'line 4: "pp1024" has no t/s value ("nan ± nan")',
      'line 5: 6 cells where the header has 7',
    ])
  })

  it('does not read another pipe table in the same file as llama-bench rows', () => {
    const md = `${MARKDOWN}\n| model | tokens_per_sec |\n|---|---|\n| a | 3 |\n`
    const reading = text.read(md)
    expect(reading.benchmarks.map((b) => b.name)).toEqual(['pp512', 'tg128'])
    expect(reading.warnings).toEqual([])
  })
})

describe('llama-bench matches', () => {
  it("rejects generic files and neighbouring tools' output", () => {
    expect(text.matches('| model | tokens_per_sec |\n|---|---|\n| a | 3 |\n')).toBe(false)
    expect(
      text.matches('BenchmarkFib10-8   \t 3000000\t       412 ns/op\nPASS\nok  \tfib\t1.2s\n'),
    ).toBe(false)
    expect(text.matches('2024-07-03 10:21:44 request done time: 12ms\n')).toBe(false)
    expect(text.matches('eval rate:            61.32 tokens/s\ntotal duration:       4.8s\n')).toBe(
      false,
    )
    expect(table.matches(['model', 'batch', 'tokens_per_sec'])).toBe(false)
    expect(json.matches([{ model: 'a', tokens_per_sec: 3 }])).toBe(false)
    expect(
      json.matches({
        backend: 'vllm',
        model_id: 'meta-llama/Llama-3.1-8B-Instruct',
        ttfts: [0.021, 0.034],
        mean_ttft_ms: 27.5,
      }),
    ).toBe(false)
  })

  it('accepts a single record (a one-line jsonl read as an object)', () => {
    expect(json.matches(record({}))).toBe(true)
    expect(json.read(record({})).benchmarks.map((b) => b.name)).toEqual(['pp512'])
  })
})

describe('llama-bench hostile input', () => {
  it('never throws on odd shapes, deep nesting or huge lines', () => {
    let nested: unknown = []
    for (let i = 0; i < 100_000; i++) nested = [nested]
    const odd: unknown[] = [null, undefined, 5, 'x', [], {}, { benchmarks: 5 }, [5, null], nested]
    for (const value of odd) {
      expect(() => json.matches(value)).not.toThrow()
      expect(json.matches(value)).toBe(false)
      expect(() => json.read(value)).not.toThrow()
      expect(json.read(value).benchmarks).toEqual([])
    }
    const huge = `| model | test | t/s |\n|---|---|---|\n${'|'.repeat(1_000_000)}\n${'x'.repeat(2_000_000)}`
    expect(() => text.matches(huge)).not.toThrow()
    expect(() => text.read(huge)).not.toThrow()
    expect(() => table.matches(null as unknown as string[])).not.toThrow()
    const badTable = { columns: ['n_prompt', 'n_gen', 'avg_ts'], rows: [null, 5, [512, 0, 'fast']] }
    expect(() => table.read(badTable as unknown as RowTable)).not.toThrow()
    expect(() => table.read(null as unknown as RowTable)).not.toThrow()
  })

  it('reads fields named like Object.prototype members as plain settings', () => {
    const value = [
      record({ constructor: 'a', ['__proto__']: 'b', toString: 1 }),
      record({ constructor: 'c', toString: 2 }),
    ]
    const reading = json.read(JSON.parse(JSON.stringify(value)))
    expect(reading.benchmarks.map((b) => b.group)).toEqual([
      { model: 'llama 7B Q4_0', constructor: 'a', toString: '1' },
      { model: 'llama 7B Q4_0', constructor: 'c', toString: '2' },
    ])
  })
})
