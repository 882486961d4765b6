import { describe, expect, it } from '@jest/globals'
import { metricsFromFinal } from '../../src/ollama/chat.js'
import { makeClient, normaliseHost } from '../../src/ollama/client.js'
import { classify, OllamaError } from '../../src/ollama/errors.js'
import { formatBytes, PullProgress } from '../../src/ollama/progress.js'
import { startFakeOllama } from '../servers/ollama-server.js'
import { recorder, timed } from './helpers.js'

describe('normaliseHost', () => {
  it.each([
    ['localhost:11434', 'http://localhost:11434'],
    ['localhost', 'http://localhost:11434'],
    [':11500', 'http://127.0.0.1:11500'],
    ['http://ollama:11434/', 'http://ollama:11434'],
    ['https://ollama.example.com', 'https://ollama.example.com'],
    ['  10.0.0.5:8080//  ', 'http://10.0.0.5:8080'],
    ['[::1]:11434', 'http://[::1]:11434'],
    ['example.com/ollama/', 'http://example.com:11434/ollama'],
  ])('%s → %s', (input, expected) => {
    expect(normaliseHost(input)).toBe(expected)
  })
})

describe('makeClient requestTimeoutMs', () => {
  it('bounds the wait for response headers', async () => {
    const fake = await startFakeOllama({ failure: 'hang' })
    try {
      const { ms, error } = await timed(makeClient(fake.url, { requestTimeoutMs: 300 }).list())
      expect((error as Error).name).toBe('TimeoutError')
      // The fake never answers, so any bound proves the timeout; 800 ms was too tight for a
      // loaded 2-core CI run (1.2 s seen), where timers fire late.
      expect(ms).toBeLessThan(3000)
      expect(classify(error, { host: fake.url, action: 'list' }).kind).toBe('timeout')
    } finally {
      await fake.close()
    }
  })
})

describe('metricsFromFinal', () => {
  it('converts nanoseconds to milliseconds and derives tokens per second', () => {
    const m = metricsFromFinal(
      {
        total_duration: 2_500_000_000,
        load_duration: 400_000_000,
        prompt_eval_count: 812,
        prompt_eval_duration: 900_000_000,
        eval_count: 120,
        eval_duration: 1_200_000_000,
      },
      1350.5,
      2600,
    )
    expect(m).toEqual({
      ttftMs: 1350.5,
      tokensPerSecond: 100,
      promptTokens: 812,
      generatedTokens: 120,
      promptEvalMs: 900,
      evalMs: 1200,
      loadMs: 400,
      totalMs: 2500,
      wallMs: 2600,
    })
  })

  it('has no rate without generated tokens, and reads omitted counters as 0', () => {
    // Ollama omits prompt_eval_count when the whole prompt came from its cache.
    const m = metricsFromFinal({ total_duration: 1000, eval_count: 0, eval_duration: 0 }, null, 1)
    expect(m.tokensPerSecond).toBeNull()
    expect(m.promptTokens).toBe(0)
    expect(m.ttftMs).toBeNull()
    expect(m.totalMs).toBe(0.001)
  })
})

describe('PullProgress', () => {
  const layer = (completed: number, total = 1000) => ({
    status: 'pulling aaaa',
    digest: 'sha256:aaaa',
    total,
    completed,
  })

  it('logs per 10% step, not per chunk, and the end once', () => {
    const log = recorder()
    const progress = new PullProgress('gemma3:1b', log, () => 0)
    for (let c = 0; c <= 1000; c += 5) progress.update(layer(c))
    progress.update({ status: 'success' })
    expect(log.infos()).toHaveLength(11)
    expect(log.infos()[4]).toBe('pulling gemma3:1b: 40% (400 B of 1.0 KB)')
    expect(log.infos().at(-1)).toBe('pulling gemma3:1b: 100% (1.0 KB of 1.0 KB)')
  })

  it('logs every 5 s while a slow download moves less than 10%', () => {
    const log = recorder()
    let now = 0
    const progress = new PullProgress('gemma3:1b', log, () => now)
    for (let second = 0; second <= 30; second++) {
      now = second * 1000
      progress.update(layer(second, 10_000)) // 0.01% a second
    }
    // 0 s, then 5, 10, ... 30 s
    expect(log.infos()).toHaveLength(7)
    expect(log.infos()[1]).toBe('pulling gemma3:1b: 0% (5 B of 10.0 KB)')
  })

  it('adds the end when the last step was not logged', () => {
    const log = recorder()
    const progress = new PullProgress('m', log, () => 0)
    progress.update(layer(0))
    progress.update(layer(950))
    progress.update(layer(1000))
    progress.update({ status: 'verifying sha256 digest' })
    progress.update({ status: 'success' })
    expect(log.infos()).toEqual([
      'pulling m: 0% (0 B of 1.0 KB)',
      'pulling m: 95% (950 B of 1.0 KB)',
      'pulling m: 100% (1.0 KB of 1.0 KB)',
    ])
  })

  it('formats decimal units', () => {
    expect(formatBytes(815_319_791)).toBe('815.3 MB')
    expect(formatBytes(3_338_801_280)).toBe('3.3 GB')
    expect(formatBytes(12)).toBe('12 B')
  })
})

describe('classify', () => {
  it('keeps an OllamaError as it is', () => {
    const e = new OllamaError('timeout', 'x', 'y')
    expect(classify(e, { host: 'h', action: 'chat' })).toBe(e)
  })
})
