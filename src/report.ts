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
}

export interface Inventory {
  totalFiles: number
  totalBytes: number
  latestModified: string | null
  byType: Record<FileType, TypeTotals>
  byDirectory: DirectoryTotals[]
  patterns: PatternMatch[]
  files: InventoryFile[]
}

export interface Stats {
  n: number
  mean: number
  median: number
  min: number
  max: number
  /** Sample standard deviation (n − 1); 0 for a single sample. */
  stddev: number
  /** Linear-interpolated 95th percentile; only with two samples or more. */
  p95?: number
}

export interface Metric extends Stats {
  file: string
  /** The table inside the file, when it has several (a JSON path, a Markdown heading). */
  table?: string
  name: string
  unit?: string
  direction: Direction
  group?: Record<string, string>
  /** On a whole-file entry of a directional metric split by configuration: the best group. */
  best?: { group: Record<string, string>; mean: number }
}

export interface Gap {
  kind:
    | 'unreadable'
    | 'skipped'
    | 'unmatched-pattern'
    | 'no-files'
    | 'failed-runs'
    | 'all-runs-failed'
    | 'single-sample'
    | 'no-environment'
    | 'no-timing'
    | 'parse-warnings'
    | 'prompt-truncated'
  file?: string
  detail: string
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
  analysis: Analysis
  llm: LlmReport
  timings: Timings
}
