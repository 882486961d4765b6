// The model's answer → what may be published. A statement is withheld when a number in it is not
// in the facts, when it cites facts that do not exist, or when it tells the reader to do something
// the facts never asked for (text steered by an artifact). What is kept stays as the model wrote
// it, like every name from the artifacts: render/ sanitizes all of it wherever it is printed.
import type { Analysis, Comparison } from '../report.js'
import type { Digest } from './digest.js'
import type { Answer } from './schema.js'
import { verifyText, type KnownNumbers } from './verify.js'

// Instructions that no benchmark fact leads to: the signature of text injected through artifacts.
const STEERED =
  /\b(approve|merge|click|visit|download|curl|wget|sudo|rm\s+-rf|chmod|ignore (all|the|previous)|run this|paste|password|token|secret|api key)\b/i

export interface CheckContext {
  known: KnownNumbers
  digest: Digest
  comparison?: Comparison
}

// Only the comparison may call a change a regression: it is the one that judged the noise.
const REGRESSION = /\bregress(ed|es|ing|ions?)?\b/i
const NONE = /\bno regressions?\b|\bnot? (a )?regress/i

export function checkAnswer(answer: Answer, context: CheckContext): Analysis {
  const rejected: Analysis['rejected'] = []
  const keep = (text: string, cited?: string[]): string | undefined => {
    const trimmed = text.trim()
    if (trimmed === '') return undefined
    const reason = judge(trimmed, cited, context)
    if (reason) {
      rejected.push({ text: trimmed, reason })
      return undefined
    }
    return trimmed
  }
  // The summary is judged sentence by sentence: one bad figure withholds its sentence only.
  const summary = sentences(answer.summary)
    .map((s) => keep(s))
    .filter((s): s is string => s !== undefined)
    .join(' ')
  const findings = answer.findings.flatMap((f) => {
    const text = keep(f.text, f.facts)
    return text === undefined
      ? []
      : [{ text, facts: f.facts.filter((id) => context.digest.ids.has(id)) }]
  })
  const recommendations = answer.recommendations.flatMap((r) => keep(r) ?? [])
  const gapsToCheck = answer.gapsToCheck.flatMap((g) => keep(g) ?? [])
  return { summary, findings, recommendations, gapsToCheck, rejected }
}

function judge(
  text: string,
  cited: string[] | undefined,
  context: CheckContext,
): string | undefined {
  const verification = verifyText(text, context.known)
  if (!verification.supported) {
    const figures = verification.unsupported.map((u) => u.raw).join(', ')
    return `cites ${figures}, which the facts do not hold`
  }
  if (cited && cited.length > 0 && !cited.some((id) => context.digest.ids.has(id))) {
    return `rests on ${cited.join(', ')}, which are not among the facts`
  }
  if (STEERED.test(text)) return 'tells the reader to do something no fact calls for'
  if (REGRESSION.test(text) && !NONE.test(text)) {
    const regressions = context.comparison?.regressions ?? []
    if (!context.comparison) return 'calls something a regression, with no baseline to compare with'
    const named = regressions.some((r) => text.toLowerCase().includes(r.name.toLowerCase()))
    if (!named) return 'calls a change a regression that the comparison did not'
  }
  return undefined
}

export function sentences(text: string): string[] {
  // A full stop ends a sentence only before a space and a capital: "41.4 tok/s" and "e.g." stay.
  return text
    .split(/(?<=[.!?])\s+(?=[A-Z])/)
    .map((s) => s.trim())
    .filter((s) => s !== '')
}
