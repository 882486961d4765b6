import { inTurnByFile, standaloneMetrics, type Metric } from '../report.js'
import { cell } from './escape.js'
import { num, thousands } from './format.js'
import { table } from './table.js'

const ARROW = { higher: ' ↑', lower: ' ↓', unknown: '' } as const

/** The key metrics: one row per measured column, directional ones first, with its best group. */
export function metricsSection(metrics: Metric[], shownRows: number): string[] {
  const whole = standaloneMetrics(metrics)
  if (whole.length === 0) return []
  // Series before single values, measurements with a known good direction before the rest.
  const rank = (m: Metric): number => (m.n > 1 ? 0 : 2) + (m.direction === 'unknown' ? 1 : 0)
  // In turn by file: one file of a hundred columns must not push every other file off the table.
  const ordered = inTurnByFile(whole, rank)
  const shown = ordered.slice(0, shownRows)
  const rows = shown.map((m) => [
    cell(m.table ? `${m.file} › ${m.table}` : m.file),
    cell(m.name) +
      ARROW[m.direction] +
      (m.unit ? ` (${cell(m.unit)})` : '') +
      (m.group ? ` · ${cell(groupLabel(m.group))}` : ''),
    thousands(m.n),
    num(m.mean),
    m.median === undefined ? '—' : num(m.median),
    m.p95 === undefined ? '—' : num(m.p95),
    m.best ? `${cell(groupLabel(m.best.group))} (${num(m.best.mean)})` : '—',
  ])
  const notes = ['↑ higher is better · ↓ lower is better']
  if (ordered.length > shownRows)
    notes.push(`${thousands(ordered.length - shownRows)} more metrics in report.json`)
  return [
    '### What was measured',
    '',
    table(['file', 'metric', 'n', 'mean', 'median', 'p95', 'best configuration'], rows, [
      'l',
      'l',
      'r',
      'r',
      'r',
      'r',
      'l',
    ]),
    '',
    `<sub>${notes.join(' · ')}</sub>`,
  ]
}

export function groupLabel(group: Record<string, string>): string {
  return Object.entries(group)
    .map(([key, value]) => `${key}=${value}`)
    .join(' ')
}
