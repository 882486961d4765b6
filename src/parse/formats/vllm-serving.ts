// The result file of vLLM's `benchmarks/benchmark_serving.py --save-result` (and of `vllm bench
// serve`): one JSON object for one run against a server. It holds the run's totals (duration,
// completed requests, throughputs), the latency statistics in ms (`mean_ttft_ms`, `median_…`,
// `std_…`, `p99_…` and whatever `--metric-percentiles` asked for, for ttft, tpot, itl and e2el),
// and, unless stripped, every request's ttft and inter-token latencies in seconds. The goodput key
// is written `request_goodput:` (colon included) by the script and is null without `--goodput`.
// `generated_texts` and `errors` are the model's and server's text: never copied anywhere.
import type { Benchmark, Format, FormatReading, Summary } from './format.js'
import { type Fields, finite, isObject, WORD_LIMIT } from './reading.js'

/** Inter-token latencies are one per generated token: a big run has millions. */
const ITL_SAMPLE_LIMIT = 100_000
const GROUP_VALUE_LIMIT = 200
const VOCABULARY_KEYS = ['backend', 'endpoint_type', 'model_id', 'tokenizer_id']

function matches(value: unknown): boolean {
  return (
    isObject(value) &&
    typeof value.model_id === 'string' &&
    typeof value.request_throughput === 'number' &&
    typeof value.completed === 'number' &&
    typeof value.duration === 'number' &&
    ['mean_ttft_ms', 'mean_tpot_ms', 'mean_itl_ms', 'mean_e2el_ms', 'ttfts'].some((k) => k in value)
  )
}

/** The run's totals: one figure each. */
const FIGURES: { name: string; keys: string[]; unit: string; higher: boolean; optional?: true }[] =
  [
    { name: 'request_throughput', keys: ['request_throughput'], unit: 'req/s', higher: true },
    {
      name: 'request_goodput',
      keys: ['request_goodput:', 'request_goodput'],
      unit: 'req/s',
      higher: true,
      optional: true,
    },
    { name: 'output_throughput', keys: ['output_throughput'], unit: 'tok/s', higher: true },
    {
      name: 'total_token_throughput',
      keys: ['total_token_throughput'],
      unit: 'tok/s',
      higher: true,
    },
    { name: 'duration', keys: ['duration'], unit: 's', higher: false },
  ]

const LATENCIES = ['ttft', 'tpot', 'itl', 'e2el'] as const
type Latency = (typeof LATENCIES)[number]

interface Run {
  doc: Fields
  // A plain list, not reading.ts's Warnings: one run's file can only say a few dozen things.
  warnings: string[]
  /** Per request, when `errors` says: true for a request that failed (the metrics leave it out). */
  failed?: boolean[]
}

function failures(doc: Fields): boolean[] | undefined {
  if (!Array.isArray(doc.errors)) return undefined
  // Only whether each error is empty is looked at: the text itself is the server's.
  return (doc.errors as unknown[]).map((e) => typeof e === 'string' && e !== '')
}

function figure(run: Run, spec: (typeof FIGURES)[number]): Benchmark | undefined {
  const key = spec.keys.find((k) => k in run.doc)
  const raw = key === undefined ? undefined : run.doc[key]
  // Goodput is null (or absent) when no --goodput objective was set: nothing to report.
  if (spec.optional && (raw === undefined || raw === null)) return undefined
  const mean = finite(raw)
  if (mean === undefined) {
    run.warnings.push(`${spec.name} is ${key === undefined ? 'missing' : 'not a number'}; dropped`)
    return undefined
  }
  const direction = spec.higher ? 'higher' : 'lower'
  return { name: spec.name, unit: spec.unit, direction, summary: { mean } }
}

/** Every successful request's time to first token, s → ms. */
function ttftSamples(run: Run): number[] | undefined {
  const ttfts = run.doc.ttfts
  if (!Array.isArray(ttfts)) return undefined
  const samples: number[] = []
  let bad = 0
  for (let i = 0; i < ttfts.length; i++) {
    if (run.failed?.[i]) continue
    const v = finite(ttfts[i])
    if (v === undefined) bad++
    // A request that failed before its first token keeps the default ttft of 0.
    else if (v > 0) samples.push(v * 1000)
  }
  if (bad > 0) run.warnings.push(`ttfts: ${bad} of ${ttfts.length} values are not numbers; dropped`)
  const completed = finite(run.doc.completed)
  if (completed !== undefined && samples.length > 0 && samples.length !== completed) {
    run.warnings.push(`ttfts: ${samples.length} successful requests, but completed is ${completed}`)
  }
  return samples.length > 0 ? samples : undefined
}

/** Every successful request's inter-token latencies, flattened, s → ms; n counts them all. */
function itlSamples(run: Run): { samples?: number[]; n?: number } {
  const itls = run.doc.itls
  if (!Array.isArray(itls)) return {}
  const samples: number[] = []
  let n = 0
  let bad = 0
  for (let i = 0; i < itls.length; i++) {
    const request: unknown = itls[i]
    if (run.failed?.[i] || !Array.isArray(request)) continue
    for (const t of request as unknown[]) {
      const v = finite(t)
      if (v === undefined) {
        bad++
        continue
      }
      n++
      if (samples.length < ITL_SAMPLE_LIMIT) samples.push(v * 1000)
    }
  }
  if (bad > 0) run.warnings.push(`itls: ${bad} values are not numbers; dropped`)
  if (n > ITL_SAMPLE_LIMIT) {
    run.warnings.push(`itls: ${n} values; only the first ${ITL_SAMPLE_LIMIT} kept as samples`)
  }
  return samples.length > 0 ? { samples, n } : { n }
}

/** tpot is only defined for requests that generated more than one token. */
function tpotCount(run: Run): number | undefined {
  const lens = run.doc.output_lens
  if (!Array.isArray(lens)) return undefined
  let n = 0
  for (let i = 0; i < lens.length; i++) {
    const len = finite(lens[i])
    if (!run.failed?.[i] && len !== undefined && len > 1) n++
  }
  return n
}

function latency(run: Run, metric: Latency): Benchmark | undefined {
  const { doc } = run
  let samples: number[] | undefined
  let n: number | undefined
  if (metric === 'ttft' || metric === 'e2el') n = finite(doc.completed)
  if (metric === 'ttft') samples = ttftSamples(run)
  if (metric === 'itl') ({ samples, n } = itlSamples(run))
  if (metric === 'tpot') n = tpotCount(run)

  const summary: Summary = {}
  const fields = [
    ['mean', `mean_${metric}_ms`],
    ['median', `median_${metric}_ms`],
    ['p95', `p95_${metric}_ms`],
  ] as const
  for (const [stat, key] of fields) {
    if (!(key in doc)) continue
    const v = finite(doc[key])
    if (v === undefined) run.warnings.push(`${key} is not a number; ignored`)
    else summary[stat] = v
  }
  const stdKey = `std_${metric}_ms`
  const std = finite(doc[stdKey])
  if (std === undefined && stdKey in doc) run.warnings.push(`${stdKey} is not a number; ignored`)
  // vLLM's std is numpy's np.std, the population sd (÷ n); the sample sd is sd·√(n/(n−1)), so it
  // is given only when the file says how many values it is over.
  if (std !== undefined && n !== undefined && n > 1) summary.stddev = std * Math.sqrt(n / (n - 1))
  if (n !== undefined && (Object.keys(summary).length > 0 || samples)) summary.n = n

  if (Object.keys(summary).length === 0 && !samples) return undefined
  const benchmark: Benchmark = { name: metric, unit: 'ms', direction: 'lower', summary }
  if (samples) benchmark.samples = samples
  return benchmark
}

/** What the run was under: the model, the offered request rate, the concurrency cap. */
function groupOf(doc: Fields): Record<string, string> | undefined {
  const group: Record<string, string> = {}
  const put = (key: string, value: unknown): void => {
    if (typeof value !== 'string' && finite(value) === undefined) return
    const text = String(value)
    if (text.length <= GROUP_VALUE_LIMIT) group[key] = text
  }
  put('model', doc.model_id)
  // An unlimited rate is written as the string "inf".
  put('request_rate', doc.request_rate)
  put('max_concurrency', doc.max_concurrency)
  return Object.keys(group).length > 0 ? group : undefined
}

function vocabularyOf(doc: Fields): string[] {
  const words: string[] = []
  for (const key of VOCABULARY_KEYS) {
    const value = doc[key]
    if (typeof value !== 'string') continue
    words.push(key)
    if (value.length <= WORD_LIMIT) words.push(value)
  }
  return words
}

function read(value: unknown): FormatReading {
  if (!isObject(value)) {
    return { benchmarks: [], warnings: ['not a vLLM result object'], vocabulary: [], records: 0 }
  }
  const run: Run = { doc: value, warnings: [] }
  const failed = failures(value)
  if (failed) run.failed = failed
  const found: (Benchmark | undefined)[] = []
  for (const spec of FIGURES) found.push(figure(run, spec))
  for (const metric of LATENCIES) found.push(latency(run, metric))
  const group = groupOf(value)
  const benchmarks: Benchmark[] = []
  for (const benchmark of found) {
    if (!benchmark) continue
    if (group) benchmark.group = { ...group }
    benchmarks.push(benchmark)
  }

  const prompts = finite(value.num_prompts)
  const completed = finite(value.completed)
  if (prompts !== undefined && completed !== undefined && prompts - completed > 0) {
    run.warnings.push(`${prompts - completed} of ${prompts} requests failed`)
  }
  if (benchmarks.length === 0) run.warnings.push('no throughput or latency figure in the file')
  return { benchmarks, warnings: run.warnings, vocabulary: vocabularyOf(value), records: 1 }
}

export const vllmServing: Format = {
  id: 'vllm-benchmark-serving',
  label: 'vLLM benchmark_serving',
  json: { matches, read },
}
