import { setTimeout as sleep } from 'node:timers/promises'
import { makeClient, normaliseHost, withRequestSignal } from './client.js'
import { causeDetail, classify, hints, OllamaError } from './errors.js'
import { actionsLog, type Log } from './log.js'

export interface WaitOptions {
  host: string
  /** Total time to keep probing; 0 probes once. */
  waitSeconds: number
  log?: Log
  /** Longest a single probe may take, so a server that accepts but never answers cannot hang us. */
  probeTimeoutMs?: number
  /** Stops the waiting early (startServer uses it when the process dies). */
  signal?: AbortSignal
}

export interface ServerInfo {
  version: string
  waitedMs: number
}

const FIRST_DELAY_MS = 250
const MAX_DELAY_MS = 5000

/** Probes GET /api/version with exponential backoff until the server answers or time runs out. */
export async function waitForServer(options: WaitOptions): Promise<ServerInfo> {
  const { waitSeconds, log = actionsLog, probeTimeoutMs = 2000, signal } = options
  const host = normaliseHost(options.host)
  const client = makeClient(host)
  const started = performance.now()
  const deadline = started + waitSeconds * 1000
  let delay = FIRST_DELAY_MS
  for (;;) {
    signal?.throwIfAborted()
    const left = deadline - performance.now()
    // A probe may outlast a nearly spent deadline a little; a 1 s floor keeps it meaningful.
    // Timers take whole milliseconds: AbortSignal.timeout throws on a fraction.
    const probeMs = Math.ceil(Math.min(probeTimeoutMs, Math.max(left, 1000)))
    const probe = signal
      ? AbortSignal.any([signal, AbortSignal.timeout(probeMs)])
      : AbortSignal.timeout(probeMs)
    try {
      const { version } = await withRequestSignal(probe, () => client.version())
      if (typeof version !== 'string') {
        throw new OllamaError(
          'bad-response',
          `${host}/api/version has no version`,
          hints.badResponse(host),
        )
      }
      const waitedMs = performance.now() - started
      log.info(`Ollama ${version} is answering at ${host} (after ${seconds(waitedMs)})`)
      return { version, waitedMs }
    } catch (err) {
      signal?.throwIfAborted()
      const why = reason(err, probeMs)
      if (!retryable(err)) throw classify(err, { host, action: 'probe' })
      const leftNow = deadline - performance.now()
      if (leftNow <= 0) {
        throw new OllamaError(
          'unreachable',
          `Ollama at ${host} did not answer within ${waitSeconds} s (${why})`,
          hints.unreachable(host),
          { cause: err },
        )
      }
      const wait = Math.ceil(Math.min(delay, leftNow))
      log.info(
        `Ollama at ${host} not answering yet (${why}); retrying in ${seconds(wait)}, ${Math.ceil(leftNow / 1000)} s left`,
      )
      await sleep(wait, undefined, { signal })
      delay = Math.min(delay * 2, MAX_DELAY_MS)
    }
  }
}

// Not up yet (refused, silent, or a proxy's 5xx while it starts) is worth waiting for; a server
// that answers something else (404, garbage) will not get better.
function retryable(err: unknown): boolean {
  const e = err as { name?: string; message?: string; status_code?: number }
  if (e?.name === 'ResponseError') return (e.status_code ?? 0) >= 500
  return e?.name === 'TimeoutError' || (e?.name === 'TypeError' && e.message === 'fetch failed')
}

function reason(err: unknown, probeMs: number): string {
  const e = err as { name?: string; status_code?: number; message?: string }
  if (e?.name === 'TimeoutError') return `no answer within ${seconds(probeMs)}`
  if (e?.name === 'ResponseError') return `HTTP ${e.status_code}`
  return causeDetail(err).detail ?? e?.message ?? String(err)
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`
