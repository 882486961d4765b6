// A fake Ollama: a real HTTP server on 127.0.0.1 speaking the wire protocol of /api/version,
// /api/tags, /api/show, /api/pull and /api/chat, with failures selectable per test.
import { createHash } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'

export type Failure =
  | 'none'
  | 'refuse' // stop listening: connections are refused
  | 'hang' // accept every request and never answer
  | 'http-500' // every endpoint answers 500 {"error": errorMessage}
  | 'cut-stream' // a chat stream ends halfway, without its done chunk
  | 'error-mid-stream' // a chat stream sends {"error": errorMessage} halfway
  | 'garbage-line' // a chat stream carries one non-JSON line halfway

export interface FakeOllamaOptions {
  port: number
  version: string
  installed: string[]
  /** What /api/pull can fetch: tag → layer sizes in bytes. */
  registry: Record<string, number[]>
  /** Progress lines per layer bigger than 1 MB. */
  pullSteps: number
  pullStepDelayMs: number
  /** Sent as an {"error"} line right after "pulling manifest" (a registry failure, a 412...). */
  pullError?: string
  contextLength: number
  reply: string
  /** Answers for the next chats, one each, in order; `reply` once they are used up. */
  replies: string[]
  loadMs: number
  /** Prompt evaluation: the wait between the request and the first chunk (after loadMs). */
  firstTokenDelayMs: number
  tokenDelayMs: number
  failure: Failure
  errorMessage: string
}

export interface RecordedRequest {
  method: string
  path: string
  body: unknown
  /** Every JSON object the fake sent back, in order. */
  sent: Record<string, unknown>[]
  /** The client went away before the answer was complete. */
  aborted: boolean
}

export interface FakeOllama {
  url: string
  port: number
  requests: RecordedRequest[]
  setBehaviour(patch: Partial<FakeOllamaOptions>): Promise<void>
  close(): Promise<void>
}

interface Io {
  json(status: number, obj: Record<string, unknown>): void
  line(obj: Record<string, unknown>): void
  raw(text: string): void
  end(): void
  wait(ms: number): Promise<unknown>
}

export const TOO_OLD_412 = 'pull model manifest: 412: this model requires a newer version of Ollama'
export const NO_SUCH_TAG = 'pull model manifest: file does not exist'

const DEFAULTS: FakeOllamaOptions = {
  port: 0,
  version: '0.12.3',
  installed: ['gemma3:1b'],
  registry: {
    'gemma3:1b': [815_310_592, 358, 8_432, 77, 492],
    'gemma3:270m': [291_548_800, 358, 8_432, 77, 490],
    'gemma3:latest': [3_338_801_280, 358, 8_432, 77, 492],
  },
  pullSteps: 40,
  pullStepDelayMs: 0,
  contextLength: 32768,
  reply: 'The benchmark got faster by twelve percent on average.',
  replies: [],
  loadMs: 0,
  firstTokenDelayMs: 0,
  tokenDelayMs: 0,
  failure: 'none',
  errorMessage: 'llama runner process has terminated: exit status 2',
}

/** `gemma3` means `gemma3:latest`, as on a real server. */
const key = (name: string) => (name.split('/').pop()?.includes(':') ? name : `${name}:latest`)
const hex = (text: string) => createHash('sha256').update(text).digest('hex')

/** The fake's prompt size: ~4 characters a token, plus the chat template's tokens. */
export function estimatePromptTokens(messages: { content?: string }[]): number {
  return messages.reduce((n, m) => n + Math.ceil((m.content ?? '').length / 4) + 4, 0) + 2
}

export async function startFakeOllama(
  options: Partial<FakeOllamaOptions> = {},
): Promise<FakeOllama> {
  const s: FakeOllamaOptions = {
    ...DEFAULTS,
    ...options,
    installed: [...(options.installed ?? DEFAULTS.installed)],
    replies: [...(options.replies ?? [])],
  }
  const requests: RecordedRequest[] = []

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy())
  })

  async function handle(req: IncomingMessage, res: ServerResponse) {
    let raw = ''
    for await (const chunk of req) raw += chunk
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {}
    const rec: RecordedRequest = {
      method: req.method ?? '',
      path: req.url ?? '',
      body,
      sent: [],
      aborted: false,
    }
    requests.push(rec)
    // Each request's waits end when its connection goes (a client abort, or close()).
    const gone = new AbortController()
    res.on('close', () => {
      rec.aborted = !res.writableFinished
      gone.abort()
    })
    const io: Io = {
      json(status, obj) {
        rec.sent.push(obj)
        res
          .writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' })
          .end(JSON.stringify(obj))
      },
      // Like the real server, headers go out with the first line (Node holds them until a write).
      line(obj) {
        if (!res.headersSent) res.writeHead(200, { 'Content-Type': 'application/x-ndjson' })
        rec.sent.push(obj)
        res.write(`${JSON.stringify(obj)}\n`)
      },
      raw: (text) => res.write(text),
      end: () => res.end(),
      wait: (ms) => sleep(ms, undefined, { signal: gone.signal }),
    }

    if (s.failure === 'hang') return
    if (s.failure === 'http-500') return io.json(500, { error: s.errorMessage })
    const route = `${req.method} ${req.url}`
    const name = String(body.model ?? body.name) // the client sends `name` to /api/pull
    if (route === 'GET /api/version') return io.json(200, { version: s.version })
    if (route === 'GET /api/tags') return io.json(200, { models: s.installed.map(tagEntry) })
    if (route === 'POST /api/show') return show(name, io)
    if (route === 'POST /api/pull') return pull(name, body.stream !== false, io)
    if (route === 'POST /api/chat') return chat(body, io)
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('404 page not found')
  }

  function tagEntry(name: string) {
    const size = (s.registry[key(name)] ?? [1000]).reduce((a, b) => a + b, 0)
    return {
      name,
      model: name,
      modified_at: '2026-11-30T10:00:00Z',
      size,
      digest: hex(name),
      details: {
        parent_model: '',
        format: 'gguf',
        family: 'gemma3',
        families: ['gemma3'],
        parameter_size: '999.89M',
        quantization_level: 'Q4_K_M',
      },
    }
  }

  const isInstalled = (name: string) => s.installed.some((m) => key(m) === key(name))

  function show(name: string, io: Io) {
    if (!isInstalled(name)) return io.json(404, { error: `model '${name}' not found` })
    io.json(200, {
      modelfile: `FROM ${name}\n`,
      parameters: 'stop "<end_of_turn>"\ntemperature 1\ntop_k 64\ntop_p 0.95',
      template:
        '{{- range .Messages }}<start_of_turn>{{ .Role }}\n{{ .Content }}<end_of_turn>\n{{ end }}',
      details: tagEntry(name).details,
      model_info: {
        'general.architecture': 'gemma3',
        'general.parameter_count': 999885952,
        'gemma3.context_length': s.contextLength,
        'gemma3.embedding_length': 1152,
        'gemma3.block_count': 26,
      },
      capabilities: ['completion'],
      modified_at: '2026-11-30T10:00:00Z',
    })
  }

  async function pull(name: string, stream: boolean, io: Io) {
    const layers = s.registry[key(name)]
    const error = s.pullError ?? (layers ? undefined : NO_SUCH_TAG)
    // Without streaming the server reports only the outcome: 500 {"error"} or {"status":"success"}.
    if (!stream) {
      if (error) return io.json(500, { error })
      s.installed.push(name)
      return io.json(200, { status: 'success' })
    }
    io.line({ status: 'pulling manifest' })
    if (error || !layers) {
      io.line({ error })
      return io.end()
    }
    for (const [i, size] of layers.entries()) {
      const digest = hex(`${key(name)}#${i}`)
      const steps = size > 1_000_000 ? s.pullSteps : 1
      for (let k = 1; k <= steps; k++) {
        const completed = Math.round((size * k) / steps)
        io.line({
          status: `pulling ${digest.slice(0, 12)}`,
          digest: `sha256:${digest}`,
          total: size,
          completed,
        })
        await io.wait(s.pullStepDelayMs)
      }
    }
    for (const status of ['verifying sha256 digest', 'writing manifest']) io.line({ status })
    if (!isInstalled(name)) s.installed.push(name)
    io.line({ status: 'success' })
    io.end()
  }

  async function chat(body: Record<string, unknown>, io: Io) {
    const model = String(body.model)
    if (!isInstalled(model))
      return io.json(404, { error: `model "${model}" not found, try pulling it first` })
    const options = (body.options ?? {}) as { num_ctx?: number; num_predict?: number }
    const messages = (body.messages ?? []) as { content?: string }[]
    const stream = body.stream !== false
    const t0 = process.hrtime.bigint()
    await io.wait(s.loadMs)
    const tLoaded = process.hrtime.bigint()
    await io.wait(s.firstTokenDelayMs)
    const tFirst = process.hrtime.bigint()

    // A prompt longer than the context is cut to fit: prompt_eval_count shows it.
    const promptTokens = Math.min(estimatePromptTokens(messages), options.num_ctx ?? 4096)
    const text = s.replies.length > 0 ? s.replies.shift()! : s.reply
    const all = text.match(/\s*\S+/g) ?? []
    const limit =
      options.num_predict !== undefined && options.num_predict >= 0
        ? options.num_predict
        : all.length
    const pieces = all.slice(0, limit)
    const half = Math.floor(pieces.length / 2)
    const created_at = () => new Date().toISOString()
    for (const [i, content] of pieces.entries()) {
      if (i > 0) await io.wait(s.tokenDelayMs)
      if (!stream) continue
      if (i === half && s.failure === 'cut-stream') return io.end()
      if (i === half && s.failure === 'error-mid-stream') {
        io.line({ error: s.errorMessage })
        return io.end()
      }
      if (i === half && s.failure === 'garbage-line') io.raw('<html>not json</html>\n')
      io.line({
        model,
        created_at: created_at(),
        message: { role: 'assistant', content },
        done: false,
      })
    }
    const tEnd = process.hrtime.bigint()
    const final = {
      model,
      created_at: created_at(),
      message: { role: 'assistant', content: stream ? '' : pieces.join('') },
      done: true,
      done_reason: limit < all.length ? 'length' : 'stop',
      total_duration: Number(tEnd - t0),
      load_duration: Number(tLoaded - t0),
      prompt_eval_count: promptTokens,
      prompt_eval_duration: Number(tFirst - tLoaded),
      eval_count: pieces.length,
      eval_duration: Math.max(1, Number(tEnd - tFirst)),
    }
    if (!stream) return io.json(200, final)
    io.line(final)
    io.end()
  }

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(s.port, '127.0.0.1', () => {
        server.off('error', reject)
        s.port = (server.address() as AddressInfo).port
        resolve()
      })
    })
  const unlisten = () =>
    new Promise<void>((resolve) => {
      if (!server.listening) return resolve()
      server.close(() => resolve())
      server.closeAllConnections()
    })

  await listen()
  return {
    url: `http://127.0.0.1:${s.port}`,
    port: s.port,
    requests,
    async setBehaviour(patch) {
      Object.assign(s, patch)
      if (s.failure === 'refuse') await unlisten()
      else if (!server.listening) await listen()
    },
    close: unlisten,
  }
}
