// The analysis stage: the analyst (pure: prompt, schema, checks) around the Ollama layer (network:
// connect, start, pull, stream). Whatever fails here, the caller still publishes the facts: the
// stage returns a failed LlmReport with the cause and the fix instead of throwing.
import { buildPrompt } from './analyst/prompt.js'
import { checkAnswer } from './analyst/check.js'
import { sizeContext, wasTruncated } from './analyst/context.js'
import { knownNumbers } from './analyst/known.js'
import { ANSWER_SCHEMA, parseAnswer, type Answer } from './analyst/schema.js'
import type { Facts } from './facts/facts.js'
import type { Config } from './inputs.js'
import type { Log } from './log.js'
import {
  contextLength,
  ensureModel,
  findOllama,
  makeClient,
  OllamaError,
  startServer,
  streamChat,
  waitForServer,
} from './ollama/index.js'
import type { CallMetrics } from './ollama/index.js'
import type { Analysis, Gap, LlmCall, LlmReport } from './report.js'
import { plural } from './render/format.js'

export const DEFAULT_NUM_PREDICT = 1024
// The prompt stays within this many tokens however large the artifact set: gemma3:1b reads 32K,
// but on a CPU runner prompt evaluation runs at a few hundred tokens a second, and the most
// telling facts come first, so what is left out is the least of it.
export const PROMPT_BUDGET_TOKENS = 3000
const PULL_TIMEOUT_MS = 30 * 60 * 1000

export interface ModelStage {
  analysis: Analysis
  llm: LlmReport
  /** Problems with the call itself that belong with the other gaps (a prompt the server cut). */
  gaps: Gap[]
}

export const EMPTY_ANALYSIS: Analysis = {
  summary: '',
  findings: [],
  recommendations: [],
  gapsToCheck: [],
  rejected: [],
}

export async function runModelStage(config: Config, facts: Facts, log: Log): Promise<ModelStage> {
  const settings = config.model
  const base = {
    model: settings.model,
    host: settings.host,
    options: { ...settings.options } as Record<string, number | string>,
  }
  if (!config.llm) {
    return {
      analysis: EMPTY_ANALYSIS,
      llm: {
        status: 'skipped',
        ...base,
        calls: [],
        reason:
          'The model was not asked (llm: false): this report is the facts alone, all computed from the files.',
      },
      gaps: [],
    }
  }
  const calls: LlmCall[] = []
  let stop: (() => Promise<void>) | undefined
  try {
    stop = await log.group(`Connecting to Ollama at ${settings.host}`, () => connect(config, log))
    const client = makeClient(settings.host)
    await log.group(`Model ${settings.model}`, () =>
      ensureModel(client, {
        model: settings.model,
        pull: settings.pull,
        timeoutMs: PULL_TIMEOUT_MS,
        log,
      }),
    )
    return await log.group('Asking the analyst', async () => {
      const numPredict = settings.options.num_predict ?? DEFAULT_NUM_PREDICT
      const limit = await contextLength(client, settings.model).catch(() => undefined)
      const budget = Math.min(
        PROMPT_BUDGET_TOKENS,
        limit ? Math.max(512, limit - numPredict - 256) : PROMPT_BUDGET_TOKENS,
      )
      const prompt = buildPrompt(facts, budget)
      const numCtx =
        settings.options.num_ctx ?? sizeContext(prompt.estimatedTokens, numPredict, limit)
      const options = { ...settings.options, num_ctx: numCtx, num_predict: numPredict }
      base.options = { ...options }
      log.info(
        `Prompt: ~${prompt.estimatedTokens} tokens (${plural(prompt.digest.ids.size, 'fact')}, ${prompt.digest.omittedMetrics} metrics left out for space); num_ctx ${numCtx}, num_predict ${numPredict}`,
      )
      const deadline = Date.now() + settings.timeoutSeconds * 1000
      const gaps: Gap[] = []
      let answer: Answer | undefined
      let problem = ''
      // Structured output mostly holds; a malformed answer gets one more try, then the report
      // goes out without the narrative.
      for (let attempt = 1; attempt <= 2 && !answer; attempt++) {
        const remaining = deadline - Date.now()
        if (remaining <= 0) break
        const messages =
          attempt === 1
            ? prompt.messages
            : [
                ...prompt.messages,
                {
                  role: 'user' as const,
                  content: `Your last answer was ${problem}. Answer with one JSON object in the schema, nothing else.`,
                },
              ]
        const result = await streamChat(client, {
          model: settings.model,
          messages,
          format: ANSWER_SCHEMA,
          options,
          ...(settings.keepAlive ? { keepAlive: settings.keepAlive } : {}),
          timeoutMs: remaining,
        })
        calls.push(toCall(attempt === 1 ? 'analysis' : 'analysis (retry)', numCtx, result.metrics))
        log.info(describeCall(result.metrics, numCtx))
        if (
          wasTruncated(result.metrics.promptTokens, prompt.estimatedTokens, numCtx) &&
          gaps.length === 0
        ) {
          gaps.push({
            kind: 'prompt-truncated',
            detail: `The server evaluated ${result.metrics.promptTokens} prompt tokens in a ${numCtx}-token context for a prompt of about ${prompt.estimatedTokens}: it cut the start of the facts. Set num-ctx to at least ${sizeContext(prompt.estimatedTokens, numPredict)} (or leave it unset to size it to the prompt).`,
          })
          log.warning(gaps[0]!.detail)
        }
        const parsed = parseAnswer(result.content)
        if (parsed.ok) answer = parsed.answer
        else problem = parsed.problem
      }
      if (!answer) {
        return failed(
          base,
          calls,
          `the model's answer was ${problem || 'not finished in time'}, twice`,
          'Try a larger model (gemma3:4b) or a lower temperature.',
          gaps,
        )
      }
      const analysis = checkAnswer(answer, {
        known: knownNumbers(facts, prompt.digest.text),
        digest: prompt.digest,
        ...(facts.comparison ? { comparison: facts.comparison } : {}),
      })
      if (analysis.rejected.length > 0)
        log.info(
          `${plural(analysis.rejected.length, 'statement')} withheld: ${analysis.rejected.map((r) => r.reason).join('; ')}`,
        )
      return { analysis, llm: { status: 'ok', ...base, calls }, gaps }
    })
  } catch (error) {
    if (error instanceof OllamaError) return failed(base, calls, error.message, error.hint, [])
    return failed(
      base,
      calls,
      (error as Error).message,
      'This is a bug in benchmark-analyst: please report it with the log.',
      [],
    )
  } finally {
    await stop?.()
  }
}

/** Waits for the server; starts `ollama serve` when allowed and it stays down. Returns its stop. */
async function connect(config: Config, log: Log): Promise<(() => Promise<void>) | undefined> {
  const { host, waitSeconds, startServer: start } = config.model
  const executable = start === 'false' ? undefined : findOllama()
  if (start === 'true' && !executable) {
    throw new OllamaError(
      'unreachable',
      'start-server is true but no `ollama` executable is on PATH',
      'Install Ollama in an earlier step, or use an Ollama service container and set start-server: false.',
    )
  }
  try {
    // With a server of our own to start, a short wait tells whether one is already there.
    await waitForServer({
      host,
      waitSeconds: start === 'true' ? 1 : executable ? Math.min(waitSeconds, 5) : waitSeconds,
      log,
    })
    return undefined
  } catch (error) {
    if (!executable || !(error instanceof OllamaError) || error.kind !== 'unreachable') throw error
  }
  log.info(`Starting ${executable} serve on ${host}`)
  const server = await startServer({ host, executable, waitSeconds, log })
  return () => server.stop()
}

function failed(
  base: Omit<LlmReport, 'status' | 'calls'>,
  calls: LlmCall[],
  message: string,
  hint: string,
  gaps: Gap[],
): ModelStage {
  return {
    analysis: EMPTY_ANALYSIS,
    llm: { status: 'failed', ...base, calls, error: `${message}. ${hint}` },
    gaps,
  }
}

function toCall(stage: string, numCtx: number, metrics: CallMetrics): LlmCall {
  const { wallMs: _wall, ...timing } = metrics
  return { stage, numCtx, ...timing }
}

function describeCall(m: CallMetrics, numCtx: number): string {
  const tps = m.tokensPerSecond === null ? '—' : m.tokensPerSecond.toFixed(1)
  return `TTFT ${m.ttftMs === null ? '—' : Math.round(m.ttftMs) + ' ms'}, ${m.promptTokens} prompt tokens of ${numCtx}, ${m.generatedTokens} generated at ${tps} tok/s, total ${Math.round(m.totalMs)} ms`
}
