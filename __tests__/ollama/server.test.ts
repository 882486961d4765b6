import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { OllamaError } from '../../src/ollama/errors.js'
import { findOllama, startServer } from '../../src/ollama/server.js'
import { freePort, isListening, recorder, timed } from './helpers.js'

// A stand-in for the `ollama` binary: `serve` listens where OLLAMA_HOST says and answers
// /api/version; the mode picks how it misbehaves.
const script = (mode: 'ok' | 'busy' | 'stubborn' | 'silent') => `#!${process.execPath}
const http = require('node:http')
if (process.argv[2] !== 'serve') { console.error('usage: ollama serve'); process.exit(2) }
const [host, port] = (process.env.OLLAMA_HOST || '').split(':')
const mode = ${JSON.stringify(mode)}
console.error('time=2026-12-01 level=INFO msg="starting" OLLAMA_HOST=' + process.env.OLLAMA_HOST)
if (mode === 'busy') {
  console.error('Error: listen tcp ' + host + ':' + port + ': bind: address already in use')
  process.exit(1)
}
if (mode === 'silent') setInterval(() => {}, 1000)
else setTimeout(() => {
  const server = http.createServer((req, res) => {
    res.writeHead(req.url === '/api/version' ? 200 : 404, { 'Content-Type': 'application/json' })
    res.end(JSON.stringify({ version: '0.0.0-fake' }))
  })
  server.listen(Number(port), host, () => console.error('msg="Listening on ' + host + ':' + port + '"'))
  process.on('SIGTERM', () => {
    if (mode === 'stubborn') return console.error('ignoring SIGTERM')
    server.close()
    server.closeAllConnections()
  })
}, 300)
`

describe('startServer and findOllama', () => {
  let dir: string
  const exe = (mode: string) => join(dir, mode, 'ollama')

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fake-ollama-'))
    for (const mode of ['ok', 'busy', 'stubborn', 'silent'] as const) {
      await mkdir(join(dir, mode))
      await writeFile(exe(mode), script(mode))
      await chmod(exe(mode), 0o755)
    }
    await mkdir(join(dir, 'not-executable'))
    await writeFile(join(dir, 'not-executable', 'ollama'), 'not a program')
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('finds the first executable ollama on a PATH list, skipping files that are not executable', () => {
    const path = [
      join(dir, 'nowhere'),
      join(dir, 'not-executable'),
      join(dir, 'ok'),
      join(dir, 'busy'),
    ].join(delimiter)
    expect(findOllama(path)).toBe(exe('ok'))
    expect(
      findOllama([join(dir, 'nowhere'), join(dir, 'not-executable')].join(delimiter)),
    ).toBeUndefined()
    expect(findOllama('')).toBeUndefined()
  })

  it('starts `ollama serve` on the host port, waits until it answers, and stop() closes it', async () => {
    const port = await freePort()
    const log = recorder()
    const server = await startServer({
      host: `127.0.0.1:${port}`,
      executable: exe('ok'),
      waitSeconds: 10,
      log,
    })
    try {
      expect(server.version).toBe('0.0.0-fake')
      expect(await isListening(port)).toBe(true)
      // The child's own output is kept, at debug level.
      expect(log.lines).toContainEqual({
        level: 'debug',
        message: expect.stringContaining(`OLLAMA_HOST=127.0.0.1:${port}`),
      })
    } finally {
      await server.stop()
    }
    expect(await isListening(port)).toBe(false)
    await server.stop() // a second stop is harmless
  })

  it('kills a server that ignores SIGTERM once the grace period is over', async () => {
    const port = await freePort()
    const server = await startServer({
      host: `http://127.0.0.1:${port}`,
      executable: exe('stubborn'),
      waitSeconds: 10,
      stopGraceMs: 500,
      log: recorder(),
    })
    const { ms } = await timed(server.stop())
    expect(ms).toBeGreaterThanOrEqual(400)
    expect(ms).toBeLessThan(3000)
    expect(await isListening(port)).toBe(false)
  })

  it('reports the last lines of a server that exits before answering, without waiting it out', async () => {
    const port = await freePort()
    const { ms, error } = await timed(
      startServer({
        host: `127.0.0.1:${port}`,
        executable: exe('busy'),
        waitSeconds: 20,
        log: recorder(),
      }),
    )
    expect(error).toBeInstanceOf(OllamaError)
    const e = error as OllamaError
    expect(e.kind).toBe('unreachable')
    expect(e.message).toContain('exited (code 1) before answering')
    expect(e.message).toContain(`listen tcp 127.0.0.1:${port}: bind: address already in use`)
    expect(e.hint).toContain('already listens')
    expect(ms).toBeLessThan(5000)
  })

  it('stops a server that never answers within waitSeconds and quotes what it printed', async () => {
    const port = await freePort()
    const { error } = await timed(
      startServer({
        host: `127.0.0.1:${port}`,
        executable: exe('silent'),
        waitSeconds: 1,
        log: recorder(),
      }),
    )
    const e = error as OllamaError
    expect(e.kind).toBe('unreachable')
    expect(e.message).toContain('did not answer within 1 s')
    expect(e.message).toContain('msg="starting"')
  })

  it('explains an executable that cannot be started', async () => {
    const { error } = await timed(
      startServer({
        host: '127.0.0.1:1',
        executable: join(dir, 'nowhere', 'ollama'),
        waitSeconds: 5,
        log: recorder(),
      }),
    )
    expect((error as OllamaError).kind).toBe('unreachable')
    expect((error as OllamaError).message).toMatch(/could not be started \(.*ENOENT\)/)
  })
})
