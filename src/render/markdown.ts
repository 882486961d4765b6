// render: the report as Markdown for report.md, the job summary and the PR comment. Every
// artifact-derived string goes through escape.ts, every model statement through sanitize.ts; the
// layout follows shared/REPORT.md (answer first, long lists folded).
//
// Size: a comment may hold 65,536 characters and a summary 1 MiB. Rather than cut text (which
// could split a table row, a <details> block or a fence), the report is rendered again with
// shorter lists, least important first (the file list, then the directories, the metrics, the
// gap details), and says what it left out and where the full report is.
import { standaloneMetrics, type Report } from '../report.js'
import { analysisSection } from './analysis-section.js'
import { artifactsSection } from './artifacts-table.js'
import { comparisonSection } from './comparison-section.js'
import { gapsSection } from './gaps-list.js'
import { headline } from './headline.js'
import { fileList, inventorySection } from './inventory-table.js'
import { metricsSection } from './metrics-table.js'
import { plural, thousands } from './format.js'
import { timingSection } from './timing-table.js'

export const VERSION = '0.1.0'

interface Level {
  files: number
  directories: number
  metrics: number
  gapsPerKind: number
}

/** From the full report (report.md) to the barest one that still answers the question. */
export const LEVELS: Level[] = [
  { files: 5000, directories: 500, metrics: 200, gapsPerKind: 50 },
  { files: 300, directories: 25, metrics: 30, gapsPerKind: 10 },
  { files: 50, directories: 10, metrics: 20, gapsPerKind: 5 },
  { files: 0, directories: 10, metrics: 10, gapsPerKind: 3 },
  { files: 0, directories: 0, metrics: 5, gapsPerKind: 1 },
]

export const FULL = 0
export const SUMMARY = 1

export interface RenderOptions {
  /** Which of LEVELS to start from. */
  level?: number
  /** Fit within this many characters (a comment) or UTF-8 bytes (a summary). */
  maxChars?: number
  maxBytes?: number
  /** The sticky comment's marker, `<!-- benchmark-analyst: TAG -->`, on the first line. */
  tag?: string
  repoUrl?: string
}

export interface Rendered {
  markdown: string
  renderMs: number
  /** The level it fitted at (see LEVELS). */
  level: number
}

export function marker(tag: string): string {
  return `<!-- benchmark-analyst: ${tag} -->`
}

export function renderMarkdown(report: Report, options: RenderOptions = {}): Rendered {
  const started = performance.now()
  const fits = (md: string): boolean =>
    (options.maxChars === undefined || md.length <= options.maxChars) &&
    (options.maxBytes === undefined || Buffer.byteLength(md) <= options.maxBytes)
  for (let level = options.level ?? SUMMARY; level < LEVELS.length; level++) {
    if (!fits(compose(report, level, options, 0))) continue
    // The timing table shows this render's own time, so the chosen level is composed once more.
    const renderMs = performance.now() - started
    const markdown = compose(report, level, options, renderMs)
    if (fits(markdown)) return { markdown, renderMs, level }
  }
  return {
    markdown: bare(report, options),
    renderMs: performance.now() - started,
    level: LEVELS.length,
  }
}

function compose(report: Report, index: number, options: RenderOptions, renderMs: number): string {
  const level = LEVELS[index]!
  const sections = [
    options.tag ? [marker(options.tag)] : [],
    headline(report),
    report.comparison ? comparisonSection(report.comparison) : [],
    analysisSection(report.analysis, report.llm, options.repoUrl),
    metricsSection(report.metrics, level.metrics),
    gapsSection(report.gaps, level.gapsPerKind),
    inventorySection(report.inventory, level.directories),
    artifactsSection(report.inventory.artifacts, level.directories),
    timingSection({ ...report.timings, renderMs }, report.llm),
    fileList(report.inventory, level.files),
    leftOut(report, level, index),
    footer(),
  ]
  return (
    sections
      .filter((lines) => lines.length > 0)
      .map((lines) => lines.join('\n'))
      .join('\n\n') + '\n'
  )
}

/** What a shortened report did not show, and where the rest is. */
function leftOut(report: Report, level: Level, index: number): string[] {
  if (index <= SUMMARY) return []
  const parts: string[] = []
  const files = report.inventory.files.length
  if (files > level.files)
    parts.push(
      level.files === 0
        ? `the list of ${plural(files, 'file')}`
        : `${thousands(files - level.files)} of the ${thousands(files)} files in the list`,
    )
  const dirs = report.inventory.byDirectory.length
  if (dirs > level.directories)
    parts.push(
      level.directories === 0
        ? 'the inventory by directory'
        : `${thousands(dirs - level.directories)} directories`,
    )
  const metrics = standaloneMetrics(report.metrics).length
  if (metrics > level.metrics)
    parts.push(`${thousands(metrics - level.metrics)} of ${plural(metrics, 'metric')}`)
  if (parts.length === 0) return []
  return [
    `<sub>Left out to fit: ${parts.join(', ')}. The full report is report.md (and report.json) in the step's report-dir: upload it as an artifact.</sub>`,
  ]
}

/** The last resort, when even the shortest level does not fit: the answer and the model's reading. */
function bare(report: Report, options: RenderOptions): string {
  const lines = [
    ...(options.tag ? [marker(options.tag)] : []),
    ...headline(report),
    '',
    "<sub>This report was too large to show here: the full report is report.md (and report.json) in the step's report-dir.</sub>",
    '',
  ]
  return lines.join('\n') + '\n'
}

function footer(): string[] {
  return [
    `<sub>benchmark-analyst ${VERSION} · full report: report.md and report.json in the step's report-dir</sub>`,
  ]
}
