import type { Timings } from '../report.js'
import { ms } from './format.js'
import { table } from './table.js'

// Publishing happens after this text is made, so its time is in report.json and the log only.
export function timingSection(timings: Timings, modelRan: boolean): string[] {
  const header = ['collect', 'parse', 'facts']
  const cells = [ms(timings.collectMs), ms(timings.parseMs), ms(timings.factsMs)]
  if (modelRan) {
    header.push('model')
    cells.push(ms(timings.analysisMs))
  }
  header.push('render', 'total before publishing')
  cells.push(
    ms(timings.renderMs),
    ms(
      timings.collectMs + timings.parseMs + timings.factsMs + timings.analysisMs + timings.renderMs,
    ),
  )
  return [
    '### Timing',
    '',
    table(
      header,
      [cells],
      header.map(() => 'r'),
    ),
  ]
}
