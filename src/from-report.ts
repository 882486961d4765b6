// The fork-safe mode: publish a report.json that another job wrote (a pull request from a fork
// analyses with a read-only token and uploads the file; a workflow_run job publishes it). The file
// came from the pull request, so it is untrusted: every field is read back as the type it should
// have, lists and strings are capped, and rendering escapes and sanitizes all of it as usual.
import * as fs from 'node:fs/promises'
import { checkAnswer } from './analyst/check.js'
import { knownNumbers } from './analyst/known.js'
import { buildPrompt } from './analyst/prompt.js'
import type { Config } from './inputs.js'
import { PROMPT_BUDGET_TOKENS } from './model-stage.js'
import type { Log } from './log.js'
import { render, type Analysed } from './pipeline.js'
import type {
  Analysis,
  ArtifactEntry,
  ArtifactInventory,
  ArtifactStatus,
  Change,
  Comparison,
  Side,
  Direction,
  FileStatus,
  FileType,
  Gap,
  Inventory,
  InventoryFile,
  LlmCall,
  LlmReport,
  Metric,
  MetricId,
  Report,
} from './report.js'
import { GAP_KINDS, MAX_SAMPLES } from './report.js'

const MAX_ITEMS = 100_000

export class ReportFileError extends Error {}

export async function fromReport(config: Config, log: Log): Promise<Analysed> {
  const file = config.fromReport!
  const started = performance.now()
  const report = await log.group(`Reading ${file}`, async () => {
    const stats = await fs.stat(file).catch(() => undefined)
    if (!stats?.isFile())
      throw new ReportFileError(
        `from-report: ${file} is not a file: point it at the report.json the analysis job uploaded.`,
      )
    if (stats.size > config.maxFileSize)
      throw new ReportFileError(
        `from-report: ${file} is larger than max-file-size (${stats.size} bytes).`,
      )
    let raw: unknown
    try {
      raw = JSON.parse(await fs.readFile(file, 'utf8'))
    } catch (error) {
      throw new ReportFileError(`from-report: ${file} is not JSON (${(error as Error).message}).`)
    }
    const read = readReport(raw)
    recheck(read)
    log.info(
      `${read.inventory.totalFiles} files, ${read.metrics.length} metrics, ${read.gaps.length} gaps, model ${read.llm.status}`,
    )
    return read
  })
  const rendered = render(report, config)
  report.timings.renderMs = rendered.renderMs
  report.timings.totalMs += performance.now() - started
  return { report, ...rendered }
}

/**
 * The file's model statements are checked again against the file's own facts: whatever produced
 * the file, nothing is published that those facts do not hold.
 */
function recheck(report: Report): void {
  const prompt = buildPrompt(report, PROMPT_BUDGET_TOKENS)
  const { rejected, ...answer } = report.analysis
  const checked = checkAnswer(answer, {
    known: knownNumbers(report, prompt.digest.text),
    digest: prompt.digest,
    ...(report.comparison ? { comparison: report.comparison } : {}),
  })
  report.analysis = { ...checked, rejected: [...rejected, ...checked.rejected] }
}

type Obj = Record<string, unknown>
const obj = (v: unknown): Obj =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {}
const str = (v: unknown, max = 2000): string => (typeof v === 'string' ? v.slice(0, max) : '')
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0)
const optNum = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : undefined
const nullNum = (v: unknown): number | null => optNum(v) ?? null
const list = <T>(v: unknown, item: (x: unknown) => T): T[] =>
  Array.isArray(v) ? v.slice(0, MAX_ITEMS).map(item) : []
const oneOf = <T extends string>(v: unknown, allowed: readonly T[], fallback: T): T =>
  (allowed as readonly unknown[]).includes(v) ? (v as T) : fallback
const iso = (v: unknown): string | null =>
  typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? new Date(v).toISOString() : null
const record = (v: unknown): Record<string, string> =>
  Object.fromEntries(
    Object.entries(obj(v))
      .slice(0, 20)
      .map(([k, x]) => [k.slice(0, 120), str(x, 120)]),
  )

const TYPES: FileType[] = ['csv', 'json', 'md', 'other']

export function readReport(raw: unknown): Report {
  const r = obj(raw)
  if (r.schemaVersion !== 1) {
    throw new ReportFileError(
      'from-report: not a benchmark-analyst report.json (schemaVersion 1 expected).',
    )
  }
  return {
    schemaVersion: 1,
    generatedAt: iso(r.generatedAt) ?? new Date(0).toISOString(),
    inventory: readInventory(obj(r.inventory)),
    metrics: list(r.metrics, readMetric),
    gaps: list(r.gaps, readGap),
    ...(r.comparison !== undefined ? { comparison: readComparison(obj(r.comparison)) } : {}),
    analysis: readAnalysis(obj(r.analysis)),
    llm: readLlm(obj(r.llm)),
    timings: Object.fromEntries(
      ['collectMs', 'parseMs', 'factsMs', 'analysisMs', 'renderMs', 'publishMs', 'totalMs'].map(
        (k) => [k, num(obj(r.timings)[k])],
      ),
    ) as unknown as Report['timings'],
  }
}

function totals(v: unknown) {
  const t = obj(v)
  return { files: num(t.files), bytes: num(t.bytes), latestModified: iso(t.latestModified) }
}

function readInventory(i: Obj): Inventory {
  const byType = Object.fromEntries(
    TYPES.map((t) => [t, totals(obj(i.byType)[t])]),
  ) as Inventory['byType']
  return {
    totalFiles: num(i.totalFiles),
    totalBytes: num(i.totalBytes),
    latestModified: iso(i.latestModified),
    byType,
    byDirectory: list(i.byDirectory, (d) => {
      const o = obj(d)
      const counts = obj(o.byType)
      return {
        directory: str(o.directory, 500),
        ...totals(o),
        byType: {
          csv: num(counts.csv),
          json: num(counts.json),
          md: num(counts.md),
          other: num(counts.other),
        },
      }
    }),
    patterns: list(i.patterns, (p) => ({
      pattern: str(obj(p).pattern, 500),
      matched: num(obj(p).matched),
    })),
    files: list(i.files, readFile),
    ...(i.artifacts !== undefined ? { artifacts: readArtifacts(obj(i.artifacts)) } : {}),
  }
}

function readArtifacts(a: Obj): ArtifactInventory {
  return {
    ...(typeof a.runId === 'string' ? { runId: str(a.runId, 40) } : {}),
    patterns: list(a.patterns, (p) => ({
      pattern: str(obj(p).pattern, 500),
      matched: num(obj(p).matched),
    })),
    items: list(a.items, (v) => {
      const o = obj(v)
      const entry: ArtifactEntry = {
        name: str(o.name, 300),
        id: num(o.id),
        bytes: num(o.bytes),
        status: oneOf<ArtifactStatus>(
          o.status,
          ['downloaded', 'expired', 'too-large', 'refused', 'failed'],
          'failed',
        ),
        files: num(o.files),
      }
      if (typeof o.digest === 'string') entry.digest = str(o.digest, 100)
      const created = iso(o.createdAt)
      if (created) entry.createdAt = created
      const expires = iso(o.expiresAt)
      if (expires) entry.expiresAt = expires
      if (typeof o.problem === 'string') entry.problem = str(o.problem, 500)
      if (Array.isArray(o.refused)) {
        entry.refused = list(o.refused, (r) => ({
          entry: str(obj(r).entry, 300),
          reason: str(obj(r).reason, 300),
        })).slice(0, 20)
      }
      if (optNum(o.seconds) !== undefined) entry.seconds = num(o.seconds)
      return entry
    }),
  }
}

function readFile(v: unknown): InventoryFile {
  const f = obj(v)
  const file: InventoryFile = {
    path: str(f.path, 1000),
    type: oneOf(f.type, TYPES, 'other'),
    bytes: num(f.bytes),
    modified: iso(f.modified) ?? new Date(0).toISOString(),
    status: oneOf<FileStatus>(f.status, ['parsed', 'unreadable', 'skipped'], 'skipped'),
  }
  if (typeof f.problem === 'string') file.problem = str(f.problem, 500)
  if (optNum(f.rows) !== undefined) file.rows = num(f.rows)
  if (optNum(f.failedRows) !== undefined) file.failedRows = num(f.failedRows)
  if (Array.isArray(f.warnings)) file.warnings = list(f.warnings, (w) => str(w, 500)).slice(0, 20)
  if (typeof f.format === 'string') file.format = str(f.format, 60)
  if (typeof f.artifact === 'string') file.artifact = str(f.artifact, 300)
  return file
}

/** What a metric or a change is about: shared by both readers. */
function readMetricId(o: Obj): MetricId {
  const id: MetricId = {
    file: str(o.file, 1000),
    name: str(o.name, 500),
    direction: oneOf<Direction>(o.direction, ['higher', 'lower', 'unknown'], 'unknown'),
  }
  if (typeof o.table === 'string') id.table = str(o.table, 500)
  if (typeof o.unit === 'string') id.unit = str(o.unit, 40)
  if (o.group !== undefined) id.group = record(o.group)
  return id
}

function readMetric(v: unknown): Metric {
  const m = obj(v)
  const metric: Metric = {
    ...readMetricId(m),
    n: num(m.n),
    mean: num(m.mean),
  }
  for (const key of ['median', 'min', 'max', 'stddev', 'p95'] as const) {
    if (optNum(m[key]) !== undefined) metric[key] = num(m[key])
  }
  if (Array.isArray(m.samples) && m.samples.length <= MAX_SAMPLES) {
    const samples = m.samples.filter(
      (x): x is number => typeof x === 'number' && Number.isFinite(x),
    )
    if (samples.length === m.samples.length) metric.samples = samples
  }
  const interval = obj(m.interval)
  if (
    m.interval !== undefined &&
    optNum(interval.low) !== undefined &&
    optNum(interval.high) !== undefined
  ) {
    metric.interval = {
      low: num(interval.low),
      high: num(interval.high),
      what: str(interval.what, 60),
    }
  }
  const best = obj(m.best)
  if (m.best !== undefined) metric.best = { group: record(best.group), mean: num(best.mean) }
  return metric
}

function readGap(v: unknown): Gap {
  const g = obj(v)
  return {
    kind: oneOf<Gap['kind']>(g.kind, GAP_KINDS, 'parse-warnings'),
    ...(typeof g.file === 'string' ? { file: str(g.file, 1000) } : {}),
    detail: str(g.detail, 1000),
  }
}

function readSide(v: unknown): Side {
  const o = obj(v)
  const side: Side = { file: str(o.file, 1000), n: num(o.n), mean: num(o.mean) }
  if (optNum(o.stddev) !== undefined) side.stddev = num(o.stddev)
  if (typeof o.convertedFrom === 'string') side.convertedFrom = str(o.convertedFrom, 40)
  return side
}

function readChange(v: unknown): Change {
  const c = obj(v)
  const change: Change = {
    ...readMetricId(c),
    base: readSide(c.base),
    head: readSide(c.head),
    changePct: num(c.changePct),
    evidence: oneOf(c.evidence, ['mann-whitney', 'welch', 'threshold-only'], 'threshold-only'),
  }
  if (optNum(c.p) !== undefined) change.p = num(c.p)
  return change
}

function readComparison(c: Obj): Comparison {
  return {
    baseline: str(c.baseline, 500),
    thresholdPct: num(c.thresholdPct),
    alpha: num(c.alpha),
    test: str(c.test, 100),
    regressions: list(c.regressions, readChange),
    improvements: list(c.improvements, readChange),
    unchanged: num(c.unchanged),
    withinNoise: num(c.withinNoise),
    appeared: list(c.appeared, (x) => str(x, 1000)),
    disappeared: list(c.disappeared, (x) => str(x, 1000)),
  }
}

function readAnalysis(a: Obj): Analysis {
  return {
    summary: str(a.summary),
    findings: list(a.findings, (f) => ({
      text: str(obj(f).text),
      facts: list(obj(f).facts, (x) => str(x, 20)),
    })).slice(0, 20),
    recommendations: list(a.recommendations, (x) => str(x)).slice(0, 20),
    gapsToCheck: list(a.gapsToCheck, (x) => str(x)).slice(0, 20),
    rejected: list(a.rejected, (x) => ({
      text: str(obj(x).text),
      reason: str(obj(x).reason, 500),
    })).slice(0, 100),
  }
}

function readLlm(l: Obj): LlmReport {
  const llm: LlmReport = {
    status: oneOf(l.status, ['ok', 'skipped', 'failed'], 'skipped'),
    model: typeof l.model === 'string' ? str(l.model, 100) : null,
    host: typeof l.host === 'string' ? str(l.host, 200) : null,
    options: Object.fromEntries(
      Object.entries(obj(l.options))
        .slice(0, 20)
        .map(([k, v]) => [k.slice(0, 40), typeof v === 'number' ? num(v) : str(v, 40)]),
    ),
    calls: list(l.calls, readCall).slice(0, 10),
  }
  if (typeof l.error === 'string') llm.error = str(l.error, 1000)
  if (typeof l.reason === 'string') llm.reason = str(l.reason, 1000)
  return llm
}

function readCall(v: unknown): LlmCall {
  const c = obj(v)
  return {
    stage: str(c.stage, 40),
    numCtx: num(c.numCtx) || 1,
    ttftMs: nullNum(c.ttftMs),
    tokensPerSecond: nullNum(c.tokensPerSecond),
    promptTokens: num(c.promptTokens),
    generatedTokens: num(c.generatedTokens),
    promptEvalMs: num(c.promptEvalMs),
    evalMs: num(c.evalMs),
    loadMs: num(c.loadMs),
    totalMs: num(c.totalMs),
  }
}
