// The first lines of the report: what was looked at and what is wrong, for a reviewer who reads
// nothing else.
import { standaloneMetrics, type Report } from '../report.js'
import { verdictLine } from './comparison-section.js'
import { code } from './escape.js'
import { bytes, plural, thousands } from './format.js'

const TYPE_LABELS = { csv: 'CSV', json: 'JSON', md: 'Markdown', other: 'other' } as const

export function headline(report: Report): string[] {
  const { inventory, gaps, metrics } = report
  const unreadable = inventory.files.filter((f) => f.status === 'unreadable').length
  const skipped = inventory.files.filter((f) => f.status === 'skipped' && f.type !== 'other').length
  const failedLogs = gaps.filter((g) => g.kind === 'all-runs-failed').length
  const measured = new Set(metrics.map((m) => m.file)).size
  const wholeMetrics = standaloneMetrics(metrics).length

  const title = [`## Benchmark analyst`]
  const comparison = report.comparison
  if (comparison) {
    title.push(
      plural(comparison.regressions.length, 'regression'),
      plural(comparison.improvements.length, 'improvement'),
      `${thousands(comparison.unchanged)} unchanged`,
    )
  } else {
    title.push(plural(inventory.totalFiles, 'file'), plural(wholeMetrics, 'metric'))
    const attention = gaps.filter((g) => g.kind !== 'parse-warnings').length
    title.push(attention === 0 ? 'no gaps' : plural(attention, 'gap'))
  }

  const types = (Object.keys(TYPE_LABELS) as (keyof typeof TYPE_LABELS)[])
    .filter((t) => inventory.byType[t].files > 0)
    .map((t) => `${thousands(inventory.byType[t].files)} ${TYPE_LABELS[t]}`)
  const parts = [
    `${plural(inventory.totalFiles, 'file')} (${bytes(inventory.totalBytes)})`,
    ...types,
  ]
  if (unreadable > 0) parts.push(`**${thousands(unreadable)} unreadable**`)
  if (skipped > 0) parts.push(`**${thousands(skipped)} skipped**`)
  if (failedLogs > 0) parts.push(`**${plural(failedLogs, 'run log')} where every run failed**`)
  parts.push(`${plural(wholeMetrics, 'metric')} from ${plural(measured, 'file')}`)
  if (report.llm.status === 'ok') {
    parts.push(
      `read by ${code(report.llm.model ?? 'the model')} in ${(report.timings.analysisMs / 1000).toFixed(1)} s`,
    )
  } else if (report.llm.status === 'failed') {
    parts.push("**the analyst's reading failed** (see below)")
  }
  const lines = [title.join(' · '), '']
  if (comparison) lines.push(verdictLine(comparison))
  lines.push(parts.join(' · ') + '.')
  return lines
}
