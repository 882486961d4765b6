// render: the report as Markdown for the job summary and report.md. Every artifact-derived string
// goes through escape.ts; the layout follows shared/REPORT.md (answer first, long lists folded).
import type { Report } from '../report.js'
import { analysisSection } from './analysis-section.js'
import { gapsSection } from './gaps-list.js'
import { headline } from './headline.js'
import { fileList, inventorySection } from './inventory-table.js'
import { metricsSection } from './metrics-table.js'
import { timingSection } from './timing-table.js'

export const VERSION = '0.1.0'

export interface Rendered {
  markdown: string
  renderMs: number
}

/** Renders the report; the time it took is measured here and shown in the report's own table. */
export function renderMarkdown(report: Report): Rendered {
  const started = performance.now()
  const sections = [
    headline(report),
    analysisSection(report.analysis, report.llm),
    metricsSection(report.metrics),
    gapsSection(report.gaps),
    inventorySection(report.inventory),
  ]
  const tail = [fileList(report.inventory), footer()]
  const renderMs = performance.now() - started
  const timing = timingSection({ ...report.timings, renderMs }, report.llm)
  const markdown = [...sections, timing, ...tail]
    .filter((lines) => lines.length > 0)
    .map((lines) => lines.join('\n'))
    .join('\n\n')
  return { markdown: markdown + '\n', renderMs }
}

function footer(): string[] {
  return [
    `<sub>benchmark-analyst ${VERSION} · full report: report.md and report.json in the step's report-dir</sub>`,
  ]
}
