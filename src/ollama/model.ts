import type { Ollama } from 'ollama'
import { hostOf, withRequestSignal } from './client.js'
import { classify, hints, OllamaError } from './errors.js'
import { actionsLog, type Log } from './log.js'
import { PullProgress } from './progress.js'
import { openStream } from './stream.js'

export type PullPolicy = 'if-missing' | 'always' | 'never'

export interface EnsureModelOptions {
  model: string
  pull: PullPolicy
  /** Bounds the whole check-and-pull. */
  timeoutMs: number
  log?: Log
}

export interface EnsureModelResult {
  pulled: boolean
  pullMs?: number
}

/** Canonical form of a model name: `gemma3` and `library/gemma3:latest` are the same model. */
export function modelKey(name: string): string {
  let key = name.trim().toLowerCase()
  key = key.replace(/^registry\.ollama\.ai\//, '').replace(/^library\//, '')
  const lastSegment = key.slice(key.lastIndexOf('/') + 1)
  return lastSegment.includes(':') ? key : `${key}:latest`
}

/** Makes sure `model` is installed on the server, pulling it as the policy says. */
export async function ensureModel(
  client: Ollama,
  options: EnsureModelOptions,
): Promise<EnsureModelResult> {
  const { model, pull, timeoutMs, log = actionsLog } = options
  const host = hostOf(client)
  const deadline = new AbortController()
  const timer = setTimeout(() => deadline.abort(), timeoutMs)
  try {
    const installed = await withRequestSignal(deadline.signal, () => client.list()).catch(
      (err: unknown) => {
        throw deadline.signal.aborted
          ? timedOut(model, timeoutMs, 'listing models')
          : classify(err, { host, action: 'list', model })
      },
    )
    const wanted = modelKey(model)
    const present = installed.models.some(
      (m) => modelKey(m.name) === wanted || modelKey(m.model ?? '') === wanted,
    )
    if (present && pull !== 'always') {
      log.info(`${model} is installed on ${host}`)
      return { pulled: false }
    }
    if (!present && pull === 'never') {
      throw new OllamaError(
        'model-missing',
        `Model \`${model}\` is not installed on ${host} and pull is 'never'`,
        hints.notInstalled(model),
      )
    }
    log.info(`Pulling ${model} on ${host} (${present ? 'pull: always' : 'not installed'})`)
    const started = performance.now()
    await pullModel(client, model, deadline.signal, log).catch((err: unknown) => {
      throw deadline.signal.aborted
        ? timedOut(model, timeoutMs, 'pulling')
        : classify(err, { host, action: 'pull', model })
    })
    const pullMs = performance.now() - started
    log.info(`Pulled ${model} in ${(pullMs / 1000).toFixed(1)} s`)
    return { pulled: true, pullMs }
  } finally {
    clearTimeout(timer)
  }
}

async function pullModel(client: Ollama, model: string, signal: AbortSignal, log: Log) {
  const progress = new PullProgress(model, log)
  const stream = await openStream(signal, () => client.pull({ model, stream: true }))
  // The client's iterator throws on an {"error"} line and on a stream that ends before "success".
  for await (const update of stream) progress.update(update)
}

function timedOut(model: string, timeoutMs: number, doing: string): OllamaError {
  return new OllamaError(
    'timeout',
    `Gave up ${doing} \`${model}\` after ${(timeoutMs / 1000).toFixed(1)} s`,
    hints.timeout({ host: '', action: 'pull', model }),
  )
}

/** The model's trained context window from /api/show, e.g. `gemma3.context_length`. */
export async function contextLength(client: Ollama, model: string): Promise<number | undefined> {
  const shown = await client.show({ model }).catch((err: unknown) => {
    throw classify(err, { host: hostOf(client), action: 'show', model })
  })
  // Typed as a Map by the client, but it is the parsed JSON object.
  const info = (shown.model_info ?? {}) as unknown as Record<string, unknown>
  const arch = info['general.architecture']
  const value =
    typeof arch === 'string'
      ? info[`${arch}.context_length`]
      : Object.entries(info).find(([key]) => key.endsWith('.context_length'))?.[1]
  return typeof value === 'number' && value > 0 ? value : undefined
}
