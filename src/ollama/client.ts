import { AsyncLocalStorage } from 'node:async_hooks'
import { Ollama } from 'ollama'

export interface ClientOptions {
  /**
   * Longest wait for the response headers of any request. Only the headers: a streamed body may
   * rightly last many minutes. Real Ollama sends a chat's headers with its first token, so for a chat
   * client this also bounds the time to first token.
   */
  requestTimeoutMs?: number
}

/**
 * `localhost:11434` → `http://localhost:11434`, no trailing slash. Without a scheme, a missing port
 * means Ollama's 11434 (as OLLAMA_HOST reads it); with a scheme, the scheme's port as in any URL.
 */
export function normaliseHost(host: string): string {
  let h = host.trim().replace(/\/+$/, '')
  if (h.startsWith(':')) h = `127.0.0.1${h}`
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(h)) {
    const [authority = '', ...path] = h.split('/')
    const withPort = /:\d+$/.test(authority) ? authority : `${authority}:11434`
    h = [`http://${withPort}`, ...path].join('/')
  }
  return h
}

// The client cannot cancel a request before its headers arrive: it hands out the stream's abort()
// only after `await fetch(...)` resolved, and its non-streamed calls take no signal at all
// (ollama/src/browser.ts, processStreamableRequest). So a per-call signal travels to our fetch
// through async context instead of through the client.
const requestSignal = new AsyncLocalStorage<AbortSignal>()

/** Runs `call` so that every request it makes through a makeClient client is cancelled by `signal`. */
export function withRequestSignal<T>(signal: AbortSignal, call: () => Promise<T>): Promise<T> {
  return requestSignal.run(signal, call)
}

export function makeClient(host: string, options: ClientOptions = {}): Ollama {
  const { requestTimeoutMs } = options
  const boundedFetch: typeof fetch = async (input, init = {}) => {
    const signals = [init.signal, requestSignal.getStore()].filter((s): s is AbortSignal => !!s)
    let timer: NodeJS.Timeout | undefined
    if (requestTimeoutMs !== undefined) {
      const headers = new AbortController()
      timer = setTimeout(
        () => headers.abort(new DOMException('no response headers in time', 'TimeoutError')),
        requestTimeoutMs,
      )
      signals.push(headers.signal)
    }
    try {
      return await fetch(input, {
        ...init,
        signal: signals.length ? AbortSignal.any(signals) : null,
      })
    } finally {
      clearTimeout(timer)
    }
  }
  return new Ollama({ host: normaliseHost(host), fetch: boundedFetch })
}

/** The host a client talks to, for messages. The client keeps it in a protected field. */
export function hostOf(client: Ollama): string {
  return (client as unknown as { config?: { host?: string } }).config?.host ?? 'the Ollama server'
}
