import type { ChatResponse, Message, Ollama, Options } from 'ollama'
import type { LlmCall } from '../report.js'
import { hostOf } from './client.js'
import { classify, hints, OllamaError } from './errors.js'
import { openStream } from './stream.js'

export interface ChatOptions {
  model: string
  messages: Message[]
  /** 'json' or a JSON schema. */
  format?: string | object
  options?: Partial<Options>
  /** How long the server keeps the model loaded afterwards: seconds or a duration like '5m'. */
  keepAlive?: string | number
  /** Bounds the whole call, first token included. */
  timeoutMs: number
  signal?: AbortSignal
}

/**
 * One call's timing: report.json's fields (TTFT is ours, from just before the request to the first
 * chunk with text; the rest is the server's) and the whole call as the caller waited for it.
 */
export type CallMetrics = Omit<LlmCall, 'stage' | 'numCtx'> & { wallMs: number }

export interface ChatResult {
  content: string
  doneReason?: string
  metrics: CallMetrics
}

export type FinalChunk = Partial<
  Pick<
    ChatResponse,
    | 'total_duration'
    | 'load_duration'
    | 'prompt_eval_count'
    | 'prompt_eval_duration'
    | 'eval_count'
    | 'eval_duration'
  >
>

const nsToMs = (ns: number | undefined) => (ns ?? 0) / 1e6

/** The server's counters (nanoseconds) as CallMetrics; Ollama omits a counter that is zero. */
export function metricsFromFinal(
  final: FinalChunk,
  ttftMs: number | null,
  wallMs: number,
): CallMetrics {
  const generatedTokens = final.eval_count ?? 0
  const evalNs = final.eval_duration ?? 0
  return {
    ttftMs,
    tokensPerSecond: generatedTokens > 0 && evalNs > 0 ? generatedTokens / (evalNs / 1e9) : null,
    promptTokens: final.prompt_eval_count ?? 0,
    generatedTokens,
    promptEvalMs: nsToMs(final.prompt_eval_duration),
    evalMs: nsToMs(evalNs),
    loadMs: nsToMs(final.load_duration),
    totalMs: nsToMs(final.total_duration),
    wallMs,
  }
}

/**
 * One chat call, always streamed: a non-streamed call sends nothing until the whole answer is
 * ready and dies on Node's 300 s header timeout.
 */
export async function streamChat(client: Ollama, options: ChatOptions): Promise<ChatResult> {
  const { model, messages, format, keepAlive, timeoutMs } = options
  const host = hostOf(client)
  const deadline = new AbortController()
  const timer = setTimeout(() => deadline.abort(), timeoutMs)
  const signal = options.signal
    ? AbortSignal.any([deadline.signal, options.signal])
    : deadline.signal
  let content = ''
  let ttftMs: number | null = null
  let final: ChatResponse | undefined
  const started = performance.now()
  try {
    const stream = await openStream(signal, () =>
      client.chat({
        model,
        messages,
        stream: true,
        format,
        options: options.options,
        keep_alive: keepAlive,
      }),
    )
    for await (const chunk of stream) {
      const piece = chunk.message?.content ?? ''
      if (piece && ttftMs === null) ttftMs = performance.now() - started
      content += piece
      if (chunk.done) final = chunk
    }
  } catch (err) {
    if (options.signal?.aborted) throw options.signal.reason
    const got = `${content.length} characters received`
    if (deadline.signal.aborted) {
      throw new OllamaError(
        'timeout',
        `Chat with \`${model}\` did not finish within ${(timeoutMs / 1000).toFixed(1)} s (${ttftMs === null ? 'no token yet' : got})`,
        hints.timeout({ host, action: 'chat', model }),
        { cause: err },
      )
    }
    const classified = classify(err, { host, action: 'chat', model })
    if (classified.kind !== 'stream-cut') throw classified
    throw new OllamaError('stream-cut', `${classified.message} (${got})`, classified.hint, {
      cause: err,
    })
  } finally {
    clearTimeout(timer)
  }
  const wallMs = performance.now() - started
  if (!final) {
    // The client's iterator already throws on this; kept so a change there cannot pass silently.
    throw new OllamaError(
      'stream-cut',
      `The chat stream from ${host} ended without its final message (${content.length} characters received)`,
      hints.streamCut(),
    )
  }
  return {
    content,
    doneReason: final.done_reason,
    metrics: metricsFromFinal(final, ttftMs, wallMs),
  }
}
