// Against the base branch: the verdict sentence for the top of the report, the table of what got
// worse or better and by how much, with its evidence, and a chart GitHub draws itself (Mermaid).
import type { Change, Comparison } from '../report.js'
import { cell, code } from './escape.js'
import { num, plural, thousands } from './format.js'
import { groupLabel } from './metrics-table.js'
import { table } from './table.js'

const ROWS = 30
const CHART_BARS = 12

export function pct(change: number): string {
  const sign = change > 0 ? '+' : change < 0 ? '−' : ''
  return `${sign}${Math.abs(change).toFixed(1)} %`
}

const TEST_LABEL = { 'mann-whitney': 'Mann–Whitney', welch: 'Welch' } as const

function evidence(c: Change): string {
  if (c.p === undefined || c.evidence === 'threshold-only') {
    return c.base.n > 1 && c.head.n > 1
      ? 'threshold only (no spread given)'
      : 'threshold only (a single sample)'
  }
  return `${TEST_LABEL[c.evidence]} p = ${c.p < 0.001 ? c.p.toExponential(1) : c.p.toFixed(3)}`
}

function side(s: Change['base']): string {
  const spread = s.n > 1 && s.stddev !== undefined ? ` ± ${num(s.stddev)}` : ''
  const converted = s.convertedFrom ? `, from ${cell(s.convertedFrom)}` : ''
  return `${num(s.mean)}${spread} (n=${thousands(s.n)}${converted})`
}

/** The one sentence a reviewer needs: the worst change, or that nothing moved. */
export function verdictLine(comparison: Comparison): string {
  const worst = comparison.regressions[0]
  if (!worst) {
    return `Nothing got worse than ${code(comparison.baseline)}: ${plural(comparison.improvements.length, 'improvement')}, ${thousands(comparison.unchanged)} unchanged (threshold ${comparison.thresholdPct} %, ${comparison.test}).`
  }
  const where = worst.group ? ` at ${code(groupLabel(worst.group))}` : ''
  const unit = worst.unit ? ` ${code(worst.unit)}` : ''
  return `**${code(worst.name)}** in ${code(worst.file)}${where} got worse by **${pct(worst.changePct)}** (${num(worst.base.mean)} → ${num(worst.head.mean)}${unit}, ${evidence(worst)}).`
}

export function comparisonSection(comparison: Comparison): string[] {
  const lines = [`### Against ${code(comparison.baseline)}`, '']
  const changed = [
    ...comparison.regressions.map((c) => ['🔴', c] as const),
    ...comparison.improvements.map((c) => ['🟢', c] as const),
  ]
  if (changed.length === 0) {
    lines.push(`No metric moved beyond ${comparison.thresholdPct} % and the noise.`)
  } else {
    const rows = changed
      .slice(0, ROWS)
      .map(([mark, c]) => [
        mark,
        cell(c.name) + (c.unit ? ` (${cell(c.unit)})` : ''),
        cell(c.file) + (c.group ? ` · ${cell(groupLabel(c.group))}` : ''),
        side(c.base),
        side(c.head),
        pct(c.changePct),
        evidence(c),
      ])
    lines.push(
      table(['', 'metric', 'file · configuration', 'base', 'head', 'change', 'evidence'], rows, [
        'l',
        'l',
        'l',
        'r',
        'r',
        'r',
        'l',
      ]),
    )
    if (changed.length > ROWS)
      lines.push('', `<sub>${thousands(changed.length - ROWS)} more changes in report.json</sub>`)
    lines.push('', ...chart(changed.map(([, c]) => c)))
  }
  const notes = [
    `a change counts beyond ${comparison.thresholdPct} % in the bad (🔴) or good (🟢) direction and, where both sides have several samples, at ${comparison.test} p < ${comparison.alpha}`,
  ]
  if (comparison.withinNoise > 0)
    notes.push(
      `${plural(comparison.withinNoise, 'change')} beyond the threshold but within the noise`,
    )
  if (comparison.appeared.length > 0)
    notes.push(`${plural(comparison.appeared.length, 'metric')} new`)
  if (comparison.disappeared.length > 0)
    notes.push(`${plural(comparison.disappeared.length, 'metric')} gone`)
  lines.push('', `<sub>${notes.join(' · ')} (listed in report.json)</sub>`)
  return lines
}

// Mermaid labels come from artifact names: only plain characters reach the chart's source.
const label = (s: string): string => s.replace(/[^\w.=/ -]/g, '').slice(0, 24) || '?'

/** Base and head means of the changed metrics, each as a share of its base (base = 100). */
function chart(changes: Change[]): string[] {
  const shown = changes.slice(0, CHART_BARS)
  const labels = shown.map(
    (c) => `"${label(c.group ? `${c.name} ${groupLabel(c.group)}` : c.name)}"`,
  )
  const head = shown.map((c) => Number(((c.head.mean / Math.abs(c.base.mean)) * 100).toFixed(1)))
  const top = Math.ceil(Math.max(110, ...head) / 10) * 10
  return [
    '```mermaid',
    'xychart-beta',
    '  title "Head against base (base = 100)"',
    `  x-axis [${labels.join(', ')}]`,
    `  y-axis "% of base" 0 --> ${top}`,
    `  bar [${head.join(', ')}]`,
    `  line [${shown.map(() => 100).join(', ')}]`,
    '```',
  ]
}
