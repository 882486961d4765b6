import type { LlmReport, Timings } from '../report.js'
import { code } from './escape.js'
import { ms, thousands } from './format.js'
import { table } from './table.js'

// Publishing happens after this text is made, so its time is in report.json and the log only.
export function timingSection(timings: Timings, llm: LlmReport): string[] {
  const modelRan = llm.status !== 'skipped'
  const header = ['collect', 'parse', 'facts']
  const cells = [ms(timings.collectMs), ms(timings.parseMs), ms(timings.factsMs)]
  if (modelRan) {
    header.push('model')
    cells.push(ms(timings.analysisMs))
  }
  header.push('render', 'total before publishing')
  const before =
    timings.collectMs + timings.parseMs + timings.factsMs + timings.analysisMs + timings.renderMs
  cells.push(ms(timings.renderMs), ms(before))
  const lines = [
    '### Timing',
    '',
    table(
      header,
      [cells],
      header.map(() => 'r'),
    ),
  ]
  if (llm.calls.length > 0) {
    const rows = llm.calls.map((c) => [
      `${c.stage} · ${code(llm.model ?? '')} · num_ctx ${thousands(c.numCtx)}`,
      c.ttftMs === null ? '—' : ms(c.ttftMs),
      c.tokensPerSecond === null ? '—' : c.tokensPerSecond.toFixed(1),
      `${thousands(c.promptTokens)} (${Math.round((100 * c.promptTokens) / c.numCtx)} %)`,
      thousands(c.generatedTokens),
      ms(c.promptEvalMs),
      ms(c.evalMs),
      ms(c.loadMs),
      ms(c.totalMs),
    ])
    const callHeader = [
      'model call',
      'TTFT',
      'tokens/s',
      'prompt tokens (context)',
      'generated',
      'prompt eval',
      'eval',
      'load',
      'total',
    ]
    lines.push(
      '',
      table(
        callHeader,
        rows,
        callHeader.map((_, i) => (i === 0 ? 'l' : 'r')),
      ),
    )
  }
  return lines
}
