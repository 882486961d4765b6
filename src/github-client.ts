// The GitHub client, shared by publish and the artifact listing, and the retry policy around each
// call: a 5xx or a secondary rate limit is worth a few more tries with backoff; any other 4xx is
// an answer, not a hiccup.
import { getOctokit } from '@actions/github'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Log } from './log.js'

export type Octokit = ReturnType<typeof getOctokit>

export function makeOctokit(token: string, apiUrl: string): Octokit {
  return getOctokit(token, { baseUrl: apiUrl.replace(/\/$/, '') })
}

interface HttpError {
  status?: number
  message?: string
  response?: { headers?: Record<string, string | number | undefined> }
}

export interface RetryOptions {
  tries?: number
  /** The first wait; it doubles each time, unless the server says how long (retry-after). */
  baseDelayMs?: number
}

const MAX_WAIT_MS = 30_000

export async function withRetry<T>(
  what: string,
  call: () => Promise<T>,
  log: Log,
  options: RetryOptions = {},
): Promise<T> {
  const tries = options.tries ?? 4
  let delay = options.baseDelayMs ?? 1000
  for (let attempt = 1; ; attempt++) {
    try {
      return await call()
    } catch (error) {
      const wait = retryDelay(error as HttpError, delay)
      if (wait === undefined || attempt >= tries) throw error
      log.info(
        `${what}: ${describe(error as HttpError)}; trying again in ${(wait / 1000).toFixed(1)} s (${attempt} of ${tries - 1} retries)`,
      )
      await sleep(wait)
      delay *= 2
    }
  }
}

function retryDelay(error: HttpError, delay: number): number | undefined {
  const status = error.status ?? 0
  const headers = error.response?.headers ?? {}
  const after = Number(headers['retry-after'])
  const limited =
    (status === 403 || status === 429) &&
    (/rate limit/i.test(error.message ?? '') || Number.isFinite(after))
  if (status < 500 && !limited) return undefined
  return Math.min(MAX_WAIT_MS, Number.isFinite(after) && after > 0 ? after * 1000 : delay)
}

export function describe(error: HttpError): string {
  const message = (error.message ?? String(error)).split('\n')[0]!.slice(0, 200)
  return error.status ? `HTTP ${error.status}: ${message}` : message
}

export function statusOf(error: unknown): number | undefined {
  return (error as HttpError)?.status
}
