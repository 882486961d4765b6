import { afterEach, describe, expect, it, jest } from '@jest/globals'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { waitForServer } from '../../src/ollama/connect.js'
import { OllamaError } from '../../src/ollama/errors.js'
import { startFakeOllama, type FakeOllama } from '../servers/ollama-server.js'
import { freePort, recorder, timed } from './helpers.js'

describe('waitForServer', () => {
  let fake: FakeOllama | undefined
  let other: Server | undefined
  afterEach(async () => {
    await fake?.close()
    fake = undefined
    other?.closeAllConnections()
    await new Promise((resolve) => (other ? other.close(resolve) : resolve(undefined)))
    other = undefined
  })

  it('answers at once when the server is up, and logs its version', async () => {
    fake = await startFakeOllama({ version: '0.12.3' })
    const log = recorder()
    const info = await waitForServer({ host: fake.url, waitSeconds: 5, log })
    expect(info.version).toBe('0.12.3')
    expect(info.waitedMs).toBeLessThan(1000)
    expect(log.infos()).toEqual([
      expect.stringMatching(/^Ollama 0\.12\.3 is answering at http:\/\/127\.0\.0\.1:\d+/),
    ])
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/version'])
  })

  it('keeps probing with growing waits until a late server starts', async () => {
    const port = await freePort()
    const log = recorder()
    const late = new Promise<void>((resolve) =>
      setTimeout(async () => {
        fake = await startFakeOllama({ port })
        resolve()
      }, 1000),
    )
    // No scheme, as users write it: it means http.
    const info = await waitForServer({ host: `127.0.0.1:${port}`, waitSeconds: 10, log })
    await late
    expect(info.version).toBe('0.12.3')
    expect(info.waitedMs).toBeGreaterThanOrEqual(900)
    const waits = log.infos().filter((l) => l.includes('not answering yet'))
    expect(waits[0]).toMatch(
      new RegExp(
        `^Ollama at http://127\\.0\\.0\\.1:${port} not answering yet \\(ECONNREFUSED\\); retrying in 0\\.3 s, 10 s left$`,
      ),
    )
    // Exponential from 250 ms: the server comes after ~1 s, so 0.25 + 0.5 + 1 s of waiting at most.
    const delays = waits.map((l) => l.match(/retrying in ([\d.]+) s/)?.[1])
    expect(delays.length).toBeGreaterThanOrEqual(2)
    expect(delays).toEqual(['0.3', '0.5', '1.0'].slice(0, delays.length))
  })

  it('waits through a server that went away (refusing connections) until it is back', async () => {
    fake = await startFakeOllama()
    await fake.setBehaviour({ failure: 'refuse' })
    const back = setTimeout(() => void fake?.setBehaviour({ failure: 'none' }), 600)
    const log = recorder()
    const info = await waitForServer({ host: fake.url, waitSeconds: 5, log }).finally(() =>
      clearTimeout(back),
    )
    expect(info.waitedMs).toBeGreaterThanOrEqual(550)
    expect(log.infos().filter((l) => l.includes('(ECONNREFUSED)')).length).toBeGreaterThanOrEqual(2)
  })

  it("gives up after waitSeconds with 'unreachable' and a hint", async () => {
    const port = await freePort()
    const { ms, error } = await timed(
      waitForServer({ host: `http://127.0.0.1:${port}`, waitSeconds: 1, log: recorder() }),
    )
    expect(error).toBeInstanceOf(OllamaError)
    const e = error as OllamaError
    expect(e.kind).toBe('unreachable')
    expect(e.message).toContain('did not answer within 1 s (ECONNREFUSED)')
    expect(e.hint).toContain('ollama serve')
    expect(e.hint).toContain('`ollama-host`')
    expect(ms).toBeGreaterThanOrEqual(900)
    expect(ms).toBeLessThan(2500)
  })

  it('does not hang on a server that accepts connections and never answers', async () => {
    fake = await startFakeOllama({ failure: 'hang' })
    const { ms, error } = await timed(
      waitForServer({ host: fake.url, waitSeconds: 1, probeTimeoutMs: 300, log: recorder() }),
    )
    expect((error as OllamaError).kind).toBe('unreachable')
    expect((error as OllamaError).message).toContain('no answer within 0.3 s')
    expect(ms).toBeLessThan(2500)
    expect(fake.requests.length).toBeGreaterThanOrEqual(2)
  })

  it('fails fast, without retrying, when something that is not Ollama answers', async () => {
    other = createServer((_req, res) =>
      res.writeHead(404, { 'Content-Type': 'text/html' }).end('<h1>nope</h1>'),
    )
    await new Promise<void>((resolve) => other?.listen(0, '127.0.0.1', resolve))
    const { port } = other.address() as AddressInfo
    // The client logs on console for an error body that is not JSON (utils.ts, checkOk).
    const consoleLog = jest.spyOn(console, 'log').mockImplementation(() => {})
    let logged: unknown[][] = []
    const { ms, error } = await timed(
      waitForServer({ host: `http://127.0.0.1:${port}`, waitSeconds: 10, log: recorder() }),
    ).finally(() => {
      logged = [...consoleLog.mock.calls] // mockRestore() forgets the calls
      consoleLog.mockRestore()
    })
    expect(logged).toEqual([['Getting text from response']])
    expect((error as OllamaError).kind).toBe('bad-response')
    expect((error as OllamaError).status).toBe(404)
    expect(ms).toBeLessThan(1000)
  })
})
