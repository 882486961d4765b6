import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Message } from 'ollama'
import { streamChat, type ChatOptions, type FinalChunk } from '../../src/ollama/chat.js'
import { makeClient } from '../../src/ollama/client.js'
import { OllamaError } from '../../src/ollama/errors.js'
import { estimatePromptTokens, startFakeOllama, type FakeOllama } from '../servers/ollama-server.js'
import { freePort, timed } from './helpers.js'

/** The final chunk's counters, every one present. */
type Counter = keyof FinalChunk

const REPLY = 'Median latency fell from 41 ms to 36 ms across all nine runs.'
const messages: Message[] = [
  { role: 'system', content: 'You write short, factual benchmark narratives.' },
  { role: 'user', content: 'Facts: p50 41 ms → 36 ms over 9 runs.' },
]

describe('streamChat', () => {
  let fake: FakeOllama
  beforeEach(async () => {
    fake = await startFakeOllama({ reply: REPLY })
  })
  afterEach(async () => {
    await fake.close()
  })
  const chat = (extra: Partial<ChatOptions> = {}) =>
    streamChat(makeClient(fake.url), { model: 'gemma3:1b', messages, timeoutMs: 5000, ...extra })
  const chatRequest = () => fake.requests.filter((r) => r.path === '/api/chat').at(-1)
  const failure = async (p: Promise<unknown>) => {
    const { ms, error } = await timed(p)
    expect(error).toBeInstanceOf(OllamaError)
    return { ms, error: error as OllamaError }
  }

  it('streams the reply and passes the request through', async () => {
    const result = await chat({
      format: 'json',
      options: { temperature: 0.2, num_ctx: 8192 },
      keepAlive: '10m',
    })
    expect(result.content).toBe(REPLY)
    expect(result.doneReason).toBe('stop')
    expect(chatRequest()?.body).toEqual({
      model: 'gemma3:1b',
      messages,
      stream: true,
      format: 'json',
      options: { temperature: 0.2, num_ctx: 8192 },
      keep_alive: '10m',
    })
    // One chunk per piece, then the done chunk.
    expect(chatRequest()?.sent.length).toBe(REPLY.split(' ').length + 1)
  })

  it('measures TTFT itself, close to the delay before the first token', async () => {
    await fake.setBehaviour({ firstTokenDelayMs: 300 })
    const { metrics } = await chat()
    expect(metrics.ttftMs).not.toBeNull()
    expect(metrics.ttftMs).toBeGreaterThanOrEqual(280)
    expect(metrics.ttftMs).toBeLessThan(1200) // a loaded runner's timers fire late
    expect(metrics.wallMs).toBeGreaterThanOrEqual(metrics.ttftMs ?? Infinity)
  })

  it("converts the server's nanosecond counters to milliseconds", async () => {
    await fake.setBehaviour({ loadMs: 120, firstTokenDelayMs: 80, tokenDelayMs: 10 })
    const { metrics } = await chat()
    const final = chatRequest()?.sent.at(-1) as { done: boolean } & Record<Counter, number>
    expect(final.done).toBe(true)
    expect(metrics.loadMs).toBe(final.load_duration / 1e6)
    expect(metrics.promptEvalMs).toBe(final.prompt_eval_duration / 1e6)
    expect(metrics.evalMs).toBe(final.eval_duration / 1e6)
    expect(metrics.totalMs).toBe(final.total_duration / 1e6)
    expect(metrics.promptTokens).toBe(final.prompt_eval_count)
    expect(metrics.generatedTokens).toBe(final.eval_count)
    expect(metrics.tokensPerSecond).toBeCloseTo(final.eval_count / (final.eval_duration / 1e9), 6)
    // And the counters agree with the delays the fake was given.
    expect(metrics.loadMs).toBeGreaterThanOrEqual(110)
    expect(metrics.promptEvalMs).toBeGreaterThanOrEqual(70)
    expect(metrics.evalMs).toBeGreaterThanOrEqual((final.eval_count - 1) * 8)
    expect(metrics.wallMs).toBeGreaterThanOrEqual(metrics.totalMs)
  })

  it('shows a prompt cut at num_ctx: prompt_eval_count equals num_ctx', async () => {
    const long: Message[] = [{ role: 'user', content: 'run 1: 41 ms; '.repeat(300) }]
    expect(estimatePromptTokens(long)).toBeGreaterThan(512)
    const cut = await chat({ messages: long, options: { num_ctx: 512 } })
    expect(cut.metrics.promptTokens).toBe(512)
    const fits = await chat({ options: { num_ctx: 512 } })
    expect(fits.metrics.promptTokens).toBe(estimatePromptTokens(messages))
    expect(fits.metrics.promptTokens).toBeLessThan(512)
  })

  it("stops at num_predict with done_reason 'length'", async () => {
    const result = await chat({ options: { num_predict: 3 } })
    expect(result.metrics.generatedTokens).toBe(3)
    expect(result.doneReason).toBe('length')
    expect(result.content).toBe('Median latency fell')
  })

  it("reports a model that is not installed as 'model-missing'", async () => {
    const { error } = await failure(chat({ model: 'gemma3:4b' }))
    expect(error.kind).toBe('model-missing')
    expect(error.status).toBe(404)
    expect(error.message).toContain('gemma3:4b')
  })

  it("reports an error line in the middle of the stream as 'server-error'", async () => {
    await fake.setBehaviour({
      failure: 'error-mid-stream',
      errorMessage: 'an error was encountered while running the model: CUDA error',
    })
    const { error } = await failure(chat())
    expect(error.kind).toBe('server-error')
    expect(error.message).toContain('CUDA error')
  })

  it("reports HTTP 500 as 'server-error' with the server's message", async () => {
    await fake.setBehaviour({ failure: 'http-500' })
    const { error } = await failure(chat())
    expect(error.kind).toBe('server-error')
    expect(error.status).toBe(500)
    expect(error.message).toContain('llama runner process has terminated')
  })

  it("reports a stream that ends without its done chunk as 'stream-cut', with what arrived", async () => {
    await fake.setBehaviour({ failure: 'cut-stream' })
    const { error } = await failure(chat())
    expect(error.kind).toBe('stream-cut')
    const sent =
      chatRequest()
        ?.sent.map((l) => (l.message as { content: string }).content)
        .join('') ?? ''
    expect(sent.length).toBeGreaterThan(0)
    expect(error.message).toContain(`(${sent.length} characters received)`)
  })

  it("reports a connection dropped mid-stream as 'stream-cut'", async () => {
    // Not a fake-server mode: a socket destroyed after one chunk, as when a proxy or the server dies.
    const dropper = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/x-ndjson' })
      res.write(
        `${JSON.stringify({ model: 'gemma3:1b', message: { role: 'assistant', content: 'Median' }, done: false })}\n`,
      )
      setTimeout(() => res.destroy(), 50)
    })
    await new Promise<void>((resolve) => dropper.listen(0, '127.0.0.1', resolve))
    try {
      const { port } = dropper.address() as AddressInfo
      const { error } = await failure(
        streamChat(makeClient(`127.0.0.1:${port}`), {
          model: 'gemma3:1b',
          messages,
          timeoutMs: 2000,
        }),
      )
      expect(error.kind).toBe('stream-cut')
      expect(error.message).toContain('dropped the connection')
      expect(error.message).toContain('(6 characters received)')
    } finally {
      await new Promise((resolve) => dropper.close(resolve))
    }
  })

  it('skips a line that is not JSON, as the client does (with a console warning)', async () => {
    await fake.setBehaviour({ failure: 'garbage-line' })
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {})
    try {
      expect((await chat()).content).toBe(REPLY)
      expect(warn).toHaveBeenCalledWith('invalid json: ', '<html>not json</html>')
    } finally {
      warn.mockRestore()
    }
  })

  it('ends promptly with a timeout when the first token comes after timeoutMs, and closes the request', async () => {
    await fake.setBehaviour({ firstTokenDelayMs: 5000 })
    const { ms, error } = await failure(chat({ timeoutMs: 500 }))
    expect(error.kind).toBe('timeout')
    expect(error.message).toContain('within 0.5 s (no token yet)')
    expect(ms).toBeGreaterThanOrEqual(450) // libuv timers may fire a little early
    // Far below the 5 s token, with room for a loaded 2-core runner, where timers fire late.
    expect(ms).toBeLessThan(2500)
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(chatRequest()?.aborted).toBe(true)
  })

  it('times out a reply that is too slow once it has started', async () => {
    // Nine words 400 ms apart would take 3.2 s: the cut at 0.5 s shows well below that.
    await fake.setBehaviour({ tokenDelayMs: 400 })
    const { ms, error } = await failure(chat({ timeoutMs: 500 }))
    expect(error.kind).toBe('timeout')
    expect(error.message).toMatch(/within 0\.5 s \(\d+ characters received\)/)
    expect(ms).toBeLessThan(2000)
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(chatRequest()?.aborted).toBe(true)
  })

  it("rejects with the caller's reason when the caller aborts", async () => {
    await fake.setBehaviour({ firstTokenDelayMs: 5000 })
    const reason = new Error('job cancelled')
    const { ms, error } = await timed(chat({ signal: AbortSignal.timeout(200) }))
    expect((error as Error).name).toBe('TimeoutError')
    expect(ms).toBeLessThan(2500)
    const controller = new AbortController()
    setTimeout(() => controller.abort(reason), 100)
    expect((await timed(chat({ signal: controller.signal }))).error).toBe(reason)
  })

  it("reports a server that is not there as 'unreachable'", async () => {
    const port = await freePort()
    const { error } = await failure(
      streamChat(makeClient(`127.0.0.1:${port}`), {
        model: 'gemma3:1b',
        messages,
        timeoutMs: 2000,
      }),
    )
    expect(error.kind).toBe('unreachable')
    expect(error.message).toContain('ECONNREFUSED')
  })

  it('the fake honours stream:false with one JSON body', async () => {
    const response = await makeClient(fake.url).chat({
      model: 'gemma3:1b',
      messages,
      stream: false,
    })
    expect(response.message.content).toBe(REPLY)
    expect(response.done).toBe(true)
    expect(response.eval_count).toBe(REPLY.split(' ').length)
  })
})
