// The facts as the model reads them: compact lines, the most telling first, within a budget of
// characters however large the artifact set. Every fact carries an id (M3, G2) that the model's
// findings must cite, and every number in it is one the code computed.
import type { Facts } from '../facts/facts.js'
import { inTurnByFile, standaloneMetrics, type Metric } from '../report.js'

export interface Digest {
  text: string
  /** Ids the model may cite. */
  ids: Set<string>
  /** Metrics and gaps left out for the budget, so the prompt can say how many. */
  omittedMetrics: number
  omittedGaps: number
}

const round = (n: number): string => {
  const abs = Math.abs(n)
  const digits = abs >= 1000 ? 0 : abs >= 100 ? 1 : abs >= 1 ? 2 : 4
  return String(Number(n.toFixed(digits)))
}

// Strings from the artifacts stay on one line and cannot close the data fence.
const flat = (s: string, max = 120): string =>
  s
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/<\/?facts>/gi, '')
    .slice(0, max)

export function group(g: Record<string, string>): string {
  return Object.entries(g)
    .map(([k, v]) => `${flat(k)}=${flat(v)}`)
    .join(' ')
}

function metricLine(id: string, m: Metric, groups: Metric[]): string {
  const parts = [
    `${id} ${flat(m.file)}${m.table ? ` › ${flat(m.table)}` : ''} | ${flat(m.name)}${m.group ? ` [${group(m.group)}]` : ''}`,
    m.unit ? `unit ${m.unit}` : 'no unit',
    `${m.direction === 'unknown' ? 'direction unknown' : `${m.direction} is better`}`,
    statsText(m),
  ]
  if (m.interval) {
    parts.push(`${flat(m.interval.what)} ${round(m.interval.low)} to ${round(m.interval.high)}`)
  }
  if (m.best) parts.push(`best: ${group(m.best.group)} (mean ${round(m.best.mean)})`)
  let line = parts.join(' | ')
  if (groups.length > 0) {
    const shown = groups
      .slice(0, 8)
      .map((g) => `${group(g.group!)}: mean ${round(g.mean)} n=${g.n}`)
    line += `\n   by configuration: ${shown.join('; ')}${groups.length > GROUPS ? `; ${groups.length - GROUPS} more` : ''}`
  }
  return line
}

const GROUPS = 6

// Only the statistics the metric has: a harness that reports mean and sd gives no median.
function statsText(m: Metric): string {
  const named: [string, number | undefined][] = [
    ['mean', m.mean],
    ['median', m.median],
    ['min', m.min],
    ['max', m.max],
    ['sd', m.stddev],
    ['p95', m.p95],
  ]
  return [
    `n=${m.n}`,
    ...named.filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${round(v!)}`),
  ].join(' ')
}

/** Series with a direction first, then single values, then the rest. */
function importance(m: Metric): number {
  return (m.direction === 'unknown' ? 2 : 0) + (m.n > 1 ? 0 : 1) - (m.best ? 0.5 : 0)
}

const CHANGES = 20

/** The comparison with the base branch, when there is one: the changes the code judged. */
function compareLines(facts: Facts, ids: Set<string>): string[] {
  const c = facts.comparison
  if (!c) return []
  const lines = [
    `C0 against ${flat(c.baseline)}: ${c.regressions.length} regressions, ${c.improvements.length} improvements, ${c.unchanged} unchanged (threshold ${c.thresholdPct}%, ${c.test}, p < ${c.alpha})`,
  ]
  ids.add('C0')
  const changes = [
    ...c.regressions.map((x) => ['regression', x] as const),
    ...c.improvements.map((x) => ['improvement', x] as const),
  ]
  changes.slice(0, CHANGES).forEach(([kind, x], i) => {
    const id = `C${i + 1}`
    ids.add(id)
    lines.push(
      `${id} ${kind} ${flat(x.file)} | ${flat(x.name)}${x.group ? ` | ${group(x.group)}` : ''} | base mean ${round(x.base.mean)} n=${x.base.n} → head mean ${round(x.head.mean)} n=${x.head.n} | change ${round(x.changePct)}% | ${x.p === undefined ? 'threshold only' : `p=${x.p.toPrecision(2)}`}`,
    )
  })
  if (changes.length > CHANGES) lines.push(`(${changes.length - CHANGES} more changes not shown)`)
  return lines
}

export function digest(facts: Facts, budgetChars: number): Digest {
  const inv = facts.inventory
  const ids = new Set<string>()
  const head: string[] = []
  const unreadable = inv.files.filter((f) => f.status === 'unreadable').length
  const skipped = inv.files.filter((f) => f.status === 'skipped' && f.type !== 'other').length
  const failedRuns = inv.files.reduce((s, f) => s + (f.failedRows ?? 0), 0)
  head.push(
    `I1 inventory: ${inv.totalFiles} files, ${inv.totalBytes} bytes; ${inv.byType.csv.files} CSV, ${inv.byType.json.files} JSON, ${inv.byType.md.files} Markdown, ${inv.byType.other.files} other; ${unreadable} unreadable, ${skipped} not read; ${failedRuns} failed runs left out of every figure`,
  )
  ids.add('I1')
  head.push(
    `I2 patterns: ${inv.patterns.map((p) => `"${flat(p.pattern)}" matched ${p.matched}`).join('; ')}`,
  )
  ids.add('I2')

  const whole = standaloneMetrics(facts.metrics)
  const key = (m: Metric): string => `${m.file}\u0000${m.table ?? ''}\u0000${m.name}`
  const groupsOf = new Map<string, Metric[]>()
  for (const m of facts.metrics) {
    if (m.group) groupsOf.set(key(m), [...(groupsOf.get(key(m)) ?? []), m])
  }
  // A budget that runs out leaves each file represented.
  const ranked = inTurnByFile(whole, importance)

  const gapLines = facts.gaps.map(
    (g, i) => `G${i + 1} ${g.kind}${g.file ? ` ${flat(g.file)}` : ''}: ${flat(g.detail, 240)}`,
  )
  // The two section headers are written last, with counts: room is kept for them now.
  let used = head.join('\n').length + 160
  const metricLines: string[] = []
  let omittedMetrics = 0
  // Gaps get a third of the budget at most, metrics the rest.
  const gapBudget = Math.floor(budgetChars / 3)
  const shownGaps: string[] = []
  let gapChars = 0
  for (const [i, line] of gapLines.entries()) {
    if (gapChars + line.length > gapBudget) break
    shownGaps.push(line)
    ids.add(`G${i + 1}`)
    gapChars += line.length + 1
  }
  used += gapChars
  ranked.forEach((m, k) => {
    const id = `M${k + 1}`
    const line = metricLine(id, m, groupsOf.get(key(m)) ?? [])
    if (used + line.length + 1 > budgetChars) {
      omittedMetrics++
      return
    }
    metricLines.push(line)
    ids.add(id)
    used += line.length + 1
  })
  const omittedGaps = gapLines.length - shownGaps.length
  const comparisonLines = compareLines(facts, ids)
  const text = [
    ...head,
    ...comparisonLines,
    `metrics (${whole.length} in all${omittedMetrics ? `, ${omittedMetrics} not shown for space` : ''}):`,
    ...metricLines,
    `gaps (${facts.gaps.length} in all${omittedGaps ? `, ${omittedGaps} not shown for space` : ''}):`,
    ...shownGaps,
  ].join('\n')
  return { text, ids, omittedMetrics, omittedGaps }
}
