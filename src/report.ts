// The shape of report.json (shared/DESIGN.md). Every stage after `facts` speaks in these types,
// and the file a run writes is exactly a `Report`, so a later run can read it back as a baseline.

export type FileType = 'csv' | 'json' | 'md' | 'other'
export type FileStatus = 'parsed' | 'unreadable' | 'skipped'
export type Direction = 'higher' | 'lower' | 'unknown'

export interface TypeTotals {
  files: number
  bytes: number
  /** ISO time of the newest file, or null when there are none. */
  latestModified: string | null
}

export interface DirectoryTotals extends TypeTotals {
  directory: string
  byType: Record<FileType, number>
}

export interface PatternMatch {
  pattern: string
  matched: number
}

export interface InventoryFile {
  /** Workspace-relative, with '/' separators. */
  path: string
  type: FileType
  bytes: number
  modified: string
  status: FileStatus
  problem?: string
  /** Data rows read (CSV rows, JSON records, Markdown table rows). */
  rows?: number
  /** Rows whose error/status column says the run failed; kept out of every statistic. */
  failedRows?: number
  /** Things read past rather than failed on: ragged rows, NaN in JSON, bad quoting. */
  warnings?: string[]
  /** The benchmark tool's output the file was read as (`go test -bench`, `pytest-benchmark`). */
  format?: string
  /** The uploaded artifact the file came from, when the step downloaded it (`artifacts` input). */
  artifact?: string
}

export type ArtifactStatus = 'downloaded' | 'expired' | 'too-large' | 'refused' | 'failed'

/** One artifact of the run that an `artifacts` pattern matched. */
export interface ArtifactEntry {
  name: string
  id: number
  /** The zip's size as GitHub lists it. */
  bytes: number
  digest?: string
  createdAt?: string
  expiresAt?: string
  status: ArtifactStatus
  /** Files extracted from it. */
  files: number
  /** Why it was not downloaded or kept, when it was not. */
  problem?: string
  /** Entries of its zip that were not extracted, and why (a path leaving its folder, a link). */
  refused?: { entry: string; reason: string }[]
  /** Time to download and extract it. */
  seconds?: number
}

export interface ArtifactInventory {
  /** The workflow run the artifacts were listed from. */
  runId?: string
  patterns: PatternMatch[]
  items: ArtifactEntry[]
}

export interface Inventory {
  totalFiles: number
  totalBytes: number
  latestModified: string | null
  byType: Record<FileType, TypeTotals>
  byDirectory: DirectoryTotals[]
  patterns: PatternMatch[]
  files: InventoryFile[]
  /** The run's uploaded artifacts, when the `artifacts` input asked for them. */
  artifacts?: ArtifactInventory
}

export interface Stats {
  n: number
  mean: number
  /**
   * Median, min and max are always there for values the code read one by one; a harness that
   * reports only its own summary (Catch2's mean and std dev) may not give them.
   */
  median?: number
  min?: number
  max?: number
  /**
   * Sample standard deviation (n − 1); 0 for a single sample. Absent only where a harness gave a
   * run count and a figure but no spread.
   */
  stddev?: number
  /** Linear-interpolated 95th percentile; only with two samples or more. */
  p95?: number
}

/** What a metric is: where it was measured, what, in which unit, under which configuration. */
export interface MetricId {
  file: string
  /** The table inside the file, when it has several (a JSON path, a Markdown heading). */
  table?: string
  name: string
  unit?: string
  direction: Direction
  group?: Record<string, string>
}

export interface Metric extends Stats, MetricId {
  /** On a whole-file entry of a directional metric split by configuration: the best group. */
  best?: { group: Record<string, string>; mean: number }
  /**
   * Every value the statistics are over, when a benchmark format kept them (repetitions, rounds)
   * and there are at most MAX_SAMPLES: what a comparison judges noise by, from a folder or from
   * a report.json alike.
   */
  samples?: number[]
  /** A range the benchmark tool printed around its figure: a confidence interval, a spread. */
  interval?: { low: number; high: number; what: string }
}

/**
 * The metrics a reader counts and sees first: every whole-file entry, and the configurations of a
 * metric that has no whole-file entry. A CSV column split by `batch` has both, and its groups are
 * detail; a llama-bench `pp512` exists only per model and ngl, and each of those is the metric.
 */
export function standaloneMetrics(metrics: readonly Metric[]): readonly Metric[] {
  // Each rendering of each fitting level asks again for the same list: it is worked out once.
  const known = standalone.get(metrics)
  if (known && known.length === metrics.length) return known.result
  const result = findStandalone(metrics)
  standalone.set(metrics, { length: metrics.length, result })
  return result
}

const standalone = new WeakMap<readonly Metric[], { length: number; result: Metric[] }>()

function findStandalone(metrics: readonly Metric[]): Metric[] {
  // By file, then table, then name: no key string per metric (ten thousand files make 100,000).
  const whole = new Map<string, Map<string, Set<string>>>()
  for (const m of metrics) {
    if (m.group) continue
    let tables = whole.get(m.file)
    if (!tables) whole.set(m.file, (tables = new Map()))
    let names = tables.get(m.table ?? '')
    if (!names) tables.set(m.table ?? '', (names = new Set()))
    names.add(m.name)
  }
  return metrics.filter(
    (m) =>
      !m.group ||
      !whole
        .get(m.file)
        ?.get(m.table ?? '')
        ?.has(m.name),
  )
}

/**
 * Every file's most telling metric first (lowest rank, then file order), then every file's
 * second, and so on: a list cut short leaves each file represented, rather than the file with
 * a hundred columns alone. Used by the report's table and the model's digest alike.
 */
export function inTurnByFile(metrics: readonly Metric[], rank: (m: Metric) => number): Metric[] {
  const byFile = new Map<string, Metric[]>()
  for (const m of metrics) {
    const list = byFile.get(m.file)
    if (list) list.push(m)
    else byFile.set(m.file, [m])
  }
  const queues = [...byFile.values()].map((list) =>
    list
      .map((m, i) => ({ m, i }))
      .sort((a, b) => rank(a.m) - rank(b.m) || a.i - b.i)
      .map(({ m }) => m),
  )
  queues.sort((a, b) => rank(a[0]!) - rank(b[0]!))
  const out: Metric[] = []
  for (let turn = 0; out.length < metrics.length; turn++) {
    for (const queue of queues) if (queue[turn]) out.push(queue[turn]!)
  }
  return out
}

/** Samples kept per metric; beyond this the statistics stand alone. */
export const MAX_SAMPLES = 1000

/** Every kind of gap; a report.json read back keeps only these. */
export const GAP_KINDS = [
  'unreadable',
  'skipped',
  'unmatched-pattern',
  'no-files',
  'failed-runs',
  'all-runs-failed',
  'single-sample',
  'no-environment',
  'no-timing',
  'parse-warnings',
  'prompt-truncated',
  'no-baseline',
  'missing-artifact',
  'artifact-not-read',
] as const

export interface Gap {
  kind: (typeof GAP_KINDS)[number]
  file?: string
  detail: string
}

export interface Side {
  file: string
  n: number
  mean: number
  stddev?: number
  /** The unit the side was measured in, when it was converted to the change's unit (µs → ns). */
  convertedFrom?: string
}

/** One metric (per configuration) that moved beyond the threshold, against the baseline. */
export interface Change extends MetricId {
  base: Side
  head: Side
  /** (head − base) / |base| × 100. */
  changePct: number
  /** The two-sided p-value of the test named by `evidence`. */
  p?: number
  /**
   * Mann–Whitney U on the samples when both sides kept enough of them; Welch's t-test on n, mean
   * and sd when both have two runs or more; otherwise the threshold alone.
   */
  evidence: 'mann-whitney' | 'welch' | 'threshold-only'
}

export interface Comparison {
  /** What was compared against, as the baseline input named it. */
  baseline: string
  thresholdPct: number
  /** The p-value below which a change beyond the threshold is beyond the noise. */
  alpha: number
  test: string
  regressions: Change[]
  improvements: Change[]
  /** Matched metrics that did not move beyond the threshold and the noise (or have no direction). */
  unchanged: number
  /** Beyond the threshold, but within the noise by Welch's test: counted in unchanged. */
  withinNoise: number
  appeared: string[]
  disappeared: string[]
}

export interface Analysis {
  summary: string
  /** Each finding with the ids of the facts (M3, G1) it rests on. */
  findings: { text: string; facts: string[] }[]
  recommendations: string[]
  gapsToCheck: string[]
  /** What the model wrote that was not published, and why. */
  rejected: { text: string; reason: string }[]
}

export interface LlmCall {
  stage: string
  /** The context window the call ran in. */
  numCtx: number
  ttftMs: number | null
  tokensPerSecond: number | null
  promptTokens: number
  generatedTokens: number
  promptEvalMs: number
  evalMs: number
  loadMs: number
  totalMs: number
}

export interface LlmReport {
  status: 'ok' | 'skipped' | 'failed'
  model: string | null
  host: string | null
  options: Record<string, number | string>
  error?: string
  /** Why the model did not run, when status is 'skipped'. */
  reason?: string
  calls: LlmCall[]
}

export interface Timings {
  collectMs: number
  parseMs: number
  factsMs: number
  analysisMs: number
  renderMs: number
  publishMs: number
  totalMs: number
}

export interface Report {
  schemaVersion: 1
  generatedAt: string
  inventory: Inventory
  metrics: Metric[]
  gaps: Gap[]
  comparison?: Comparison
  analysis: Analysis
  llm: LlmReport
  timings: Timings
}
