// facts: collected and parsed files → the inventory, the metrics and the gaps. Pure: everything it
// knows came in through its arguments, so a test can hand it any set of files.
import type { FileResult } from '../parse/parsed.js'
import type {
  ArtifactInventory,
  Comparison,
  Gap,
  Inventory,
  InventoryFile,
  Metric,
  PatternMatch,
} from '../report.js'
import { artifactGaps } from './artifact-gaps.js'
import { benchmarkMetrics } from './benchmarks.js'
import { describesEnvironment } from './environment.js'
import { findGaps, type FileFindings } from './gaps.js'
import { summarise } from './inventory.js'
import { tableMetrics } from './metrics.js'
import { isTiming } from './units.js'

export type { FileResult } from '../parse/parsed.js'

export interface Facts {
  inventory: Inventory
  metrics: Metric[]
  gaps: Gap[]
  /** Against the baseline, when one was given and found. */
  comparison?: Comparison
}

export const OTHER_TYPE = 'inventoried only: not CSV, JSON, Markdown or known benchmark output'

/** What one file contributes, computed as soon as it is parsed so that its tables can go. */
export interface FileFacts {
  entry: InventoryFile
  metrics: Metric[]
  findings?: FileFindings
  environment: boolean
}

/** Inventory, metrics and gaps of files already parsed: for tests, and the baseline folder. */
export function buildFacts(
  results: FileResult[],
  patterns: PatternMatch[],
  artifacts?: ArtifactInventory,
): Facts {
  return gatherFacts(results.map(fileFacts), patterns, artifacts)
}

/** One file's inventory entry and metrics. Its tables are disposed of once read. */
export function fileFacts({ file, outcome }: FileResult): FileFacts {
  const entry: InventoryFile = {
    path: file.path,
    type: file.type,
    bytes: file.bytes,
    modified: file.modified.toISOString(),
    status: 'skipped',
    ...(file.artifact ? { artifact: file.artifact } : {}),
  }
  if (file.skip) {
    entry.problem = file.skip
    return { entry, metrics: [], environment: false }
  }
  if (!outcome) {
    entry.problem = OTHER_TYPE
    return { entry, metrics: [], environment: false }
  }
  if (!outcome.ok) {
    entry.status = 'unreadable'
    entry.problem = outcome.problem
    return { entry, metrics: [], environment: false }
  }
  entry.status = 'parsed'
  const document = outcome.document
  let environment = describesEnvironment(document.vocabulary)
  let rows = 0
  let failedRows = 0
  const fileMetrics: Metric[] = []
  const runTables: { timed: boolean; rows: number }[] = []
  try {
    for (const table of document.tables) {
      const result = tableMetrics(file.path, table)
      if (!table.values) rows += result.rows
      failedRows += result.failedRows
      fileMetrics.push(...result.metrics)
      if (describesEnvironment(table.columns)) environment = true
      const measured = result.metrics.filter((m) => !m.group)
      if (!table.values && result.rows > 1 && measured.length > 0) {
        runTables.push({ timed: measured.some((m) => isTiming(m.name, m.unit)), rows: result.rows })
      }
    }
  } finally {
    for (const table of document.tables) table.dispose()
  }
  const warnings = [...document.warnings]
  if (document.format) {
    // A benchmark tool's output: its benchmarks are the metrics, named as the tool names them.
    entry.format = document.format.label
    const read = benchmarkMetrics(file.path, document.format.benchmarks)
    fileMetrics.push(...read.metrics)
    warnings.push(...read.warnings)
    rows += document.format.records
  }
  entry.rows = rows
  if (failedRows > 0) entry.failedRows = failedRows
  if (warnings.length > 0) entry.warnings = warnings
  // A name cut from the file's text (a column, a heading) keeps the whole text alive for as long
  // as the name lives: ten thousand files' facts held every file. The facts are copied free of it.
  return structuredClone({
    entry,
    metrics: fileMetrics,
    findings: { file: entry, metrics: fileMetrics, runTables },
    environment,
  })
}

export function gatherFacts(
  perFile: FileFacts[],
  patterns: PatternMatch[],
  artifacts?: ArtifactInventory,
): Facts {
  const files = perFile.map((f) => f.entry)
  const metrics = perFile.flatMap((f) => f.metrics)
  const findings = perFile.flatMap((f) => (f.findings ? [f.findings] : []))
  const environment = perFile.some((f) => f.environment)
  const inventory = summarise(files, patterns)
  if (artifacts) inventory.artifacts = artifacts
  const gaps = [
    ...(artifacts ? artifactGaps(artifacts) : []),
    ...findGaps(inventory, findings, environment),
  ]
  return { inventory, metrics, gaps }
}
