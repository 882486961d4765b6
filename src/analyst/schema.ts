// What the model must answer: JSON that Ollama's structured outputs hold it to (`format`), and the
// check that what came back has that shape.

export const ANSWER_SCHEMA = {
  type: 'object',
  properties: {
    summary: {
      type: 'string',
      description: 'Two to four sentences: what changed, what is noisy, what is missing.',
    },
    findings: {
      type: 'array',
      maxItems: 6,
      items: {
        type: 'object',
        properties: {
          text: { type: 'string', description: 'One sentence, figures copied from the facts.' },
          facts: {
            type: 'array',
            items: { type: 'string' },
            description: 'Ids of the facts it rests on, e.g. M3, G1.',
          },
        },
        required: ['text', 'facts'],
      },
    },
    recommendations: { type: 'array', maxItems: 5, items: { type: 'string' } },
    gaps_to_check: { type: 'array', maxItems: 5, items: { type: 'string' } },
  },
  required: ['summary', 'findings', 'recommendations', 'gaps_to_check'],
} as const

export interface Answer {
  summary: string
  findings: { text: string; facts: string[] }[]
  recommendations: string[]
  gapsToCheck: string[]
}

export type Parsed = { ok: true; answer: Answer } | { ok: false; problem: string }

export function parseAnswer(content: string): Parsed {
  let value: unknown
  try {
    value = JSON.parse(content)
  } catch (error) {
    return { ok: false, problem: `not JSON (${(error as Error).message})` }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, problem: 'not a JSON object' }
  }
  const v = value as Record<string, unknown>
  if (typeof v.summary !== 'string') return { ok: false, problem: 'no "summary" string' }
  const strings = (x: unknown): string[] =>
    Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : []
  const findings = Array.isArray(v.findings)
    ? v.findings.flatMap((f) => {
        if (typeof f === 'string') return [{ text: f, facts: [] }]
        if (typeof f !== 'object' || f === null) return []
        const r = f as Record<string, unknown>
        return typeof r.text === 'string' ? [{ text: r.text, facts: strings(r.facts) }] : []
      })
    : []
  return {
    ok: true,
    answer: {
      summary: v.summary,
      findings,
      recommendations: strings(v.recommendations),
      gapsToCheck: strings(v.gaps_to_check),
    },
  }
}
