// The model's section, labelled as the model's. Its statements were checked against the facts in
// analyst/check.ts; here each is sanitized as it is printed (report.json keeps them as written,
// and a report.json from elsewhere is untrusted), and what was withheld is counted.
import type { Analysis, LlmReport } from '../report.js'
import { code, text } from './escape.js'
import { plural } from './format.js'
import { sanitizeModelText } from './sanitize.js'

export function analysisSection(analysis: Analysis, llm: LlmReport, repoUrl?: string): string[] {
  const safe = (s: string): string => sanitizeModelText(s, repoUrl ? { repoUrl } : {})
  if (llm.status === 'skipped')
    return [`<sub>${text(llm.reason ?? 'The model was not asked.')}</sub>`]
  if (llm.status === 'failed') {
    return [
      '> [!WARNING]',
      `> **The analyst's reading is missing.** ${text(llm.error ?? 'The model stage failed.')} The facts below are complete: every figure was computed from the files.`,
    ]
  }
  const withheld = analysis.rejected.length
  const note = [
    code(llm.model ?? 'the model'),
    'every figure below was checked against the data',
    ...(withheld > 0
      ? [
          `${plural(withheld, 'statement')} withheld (listed in report.json under analysis.rejected)`,
        ]
      : []),
  ].join(' · ')
  const lines = ["### The analyst's reading", `<sub>${note}</sub>`, '']
  if (analysis.summary) lines.push(safe(analysis.summary), '')
  for (const finding of analysis.findings) lines.push(`- ${safe(finding.text)}`)
  if (analysis.findings.length > 0) lines.push('')
  if (analysis.recommendations.length > 0) {
    lines.push(
      '**Recommendations**',
      '',
      ...analysis.recommendations.map((r) => `- ${safe(r)}`),
      '',
    )
  }
  if (analysis.gapsToCheck.length > 0) {
    lines.push('**Worth checking**', '', ...analysis.gapsToCheck.map((g) => `- ${safe(g)}`), '')
  }
  if (lines.length === 3) lines.push('_The model wrote nothing that the facts support._')
  while (lines[lines.length - 1] === '') lines.pop()
  return lines
}
