// Every failure of the Ollama layer surfaces as an OllamaError: a `kind` the caller can branch on
// and a one-sentence `hint` the report can show the user verbatim.

export type OllamaErrorKind =
  | 'unreachable'
  | 'timeout'
  | 'model-missing'
  | 'pull-failed'
  | 'server-too-old'
  | 'server-error'
  | 'stream-cut'
  | 'bad-response'

export class OllamaError extends Error {
  override readonly name = 'OllamaError'
  readonly kind: OllamaErrorKind
  readonly hint: string
  /** HTTP status, when the server answered with one. */
  readonly status?: number

  constructor(
    kind: OllamaErrorKind,
    message: string,
    hint: string,
    options: { cause?: unknown; status?: number } = {},
  ) {
    super(message, { cause: options.cause })
    this.kind = kind
    this.hint = hint
    this.status = options.status
  }
}

/** What we were doing when the error happened; it picks the message and the hint. */
export interface ErrorContext {
  host: string
  action: 'probe' | 'list' | 'show' | 'pull' | 'chat'
  model?: string
}

const SMALL_MODELS = 'gemma3:1b or gemma3:270m'

export const hints = {
  unreachable: (host: string) =>
    `Start Ollama (a service container \`ollama/ollama\` on port 11434, or \`ollama serve\`) or set the \`ollama-host\` input (it is ${host}).`,
  notInstalled: (model: string) =>
    `Pull \`${model}\` first: set \`pull: if-missing\` or pull the model in an earlier step.`,
  noSuchTag: (model: string) =>
    `The tag \`${model}\` does not exist in the Ollama library; check its spelling (on CPU runners use ${SMALL_MODELS}).`,
  pullFailed: (model: string) =>
    `The Ollama server could not download \`${model}\`: check that it can reach registry.ollama.ai (proxy, firewall) or pull the model in an earlier step.`,
  tooOld: (model: string) =>
    `\`${model}\` needs a newer Ollama: use a newer \`ollama/ollama\` image or release, or pick an older model.`,
  serverError: () =>
    `Check the Ollama server log; on small runners this is often memory: try ${SMALL_MODELS} or a smaller context.`,
  streamCut: () =>
    `The Ollama server closed the stream early (a crash or out of memory is likely): check its log or try ${SMALL_MODELS}.`,
  badResponse: (host: string) =>
    `Check that the \`ollama-host\` input (${host}) points at an Ollama server and not at something else.`,
  timeout: (ctx: ErrorContext) =>
    ctx.action === 'pull'
      ? 'Raise the pull timeout, or pull the model in an earlier step (caching ~/.ollama between runs helps).'
      : `The model answered too slowly for this timeout: raise the timeout or use a smaller model (${SMALL_MODELS} on CPU runners).`,
}

// Connection-phase error codes: the server was never reached.
const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
])

/** What is under a failed fetch: an errno-style code (ECONNREFUSED) or undici's words ("bad port"). */
export function causeDetail(err: unknown): { code?: string; detail?: string } {
  const cause = (
    err as { cause?: { code?: unknown; message?: unknown; errors?: { code?: unknown }[] } }
  )?.cause
  // Node may report a host with several addresses (::1 and 127.0.0.1) as an AggregateError.
  const code = cause?.code ?? cause?.errors?.[0]?.code
  if (typeof code === 'string') return { code, detail: code }
  return { detail: typeof cause?.message === 'string' ? cause.message : undefined }
}

/** Turns whatever the `ollama` client (or fetch under it) threw into an OllamaError. */
export function classify(err: unknown, ctx: ErrorContext): OllamaError {
  if (err instanceof OllamaError) return err
  const e = err as { name?: unknown; message?: unknown; status_code?: unknown }
  const name = typeof e?.name === 'string' ? e.name : ''
  const message = typeof e?.message === 'string' ? e.message : String(err)
  const model = ctx.model ?? 'the model'
  const make = (kind: OllamaErrorKind, text: string, hint: string, status?: number) =>
    new OllamaError(kind, text, hint, { cause: err, status })

  if (name === 'TimeoutError' || name === 'AbortError') {
    return make(
      'timeout',
      `Ollama at ${ctx.host} did not answer in time (${ctx.action})`,
      hints.timeout(ctx),
    )
  }

  // The client throws its (unexported) ResponseError for every non-2xx answer.
  if (name === 'ResponseError' && typeof e.status_code === 'number') {
    const status = e.status_code
    const text = `Ollama answered HTTP ${status} to ${ctx.action}: ${message}`
    if (status === 412 || /newer version/i.test(message)) {
      return make('server-too-old', text, hints.tooOld(model), status)
    }
    if (status === 404 && /not found/i.test(message)) {
      return make(
        'model-missing',
        `Model \`${model}\` is not installed on ${ctx.host}: ${message}`,
        hints.notInstalled(model),
        status,
      )
    }
    if (status === 404) return make('bad-response', text, hints.badResponse(ctx.host), status)
    return make('server-error', text, hints.serverError(), status)
  }

  // Undici: `TypeError: fetch failed` before any answer, `TypeError: terminated` when a body is cut.
  if (name === 'TypeError' && message === 'fetch failed') {
    const { code, detail = 'unknown cause' } = causeDetail(err)
    // No code: undici refused the URL itself ("bad port"), a configuration problem too.
    if (!code || CONNECT_CODES.has(code)) {
      return make(
        'unreachable',
        `Cannot reach Ollama at ${ctx.host} (${detail})`,
        hints.unreachable(ctx.host),
      )
    }
    return make(
      'server-error',
      `Connection to Ollama at ${ctx.host} failed (${detail})`,
      hints.serverError(),
    )
  }
  if (name === 'TypeError' && message === 'terminated') {
    return make(
      'stream-cut',
      `Ollama at ${ctx.host} dropped the connection during ${ctx.action}`,
      hints.streamCut(),
    )
  }
  if (name === 'SyntaxError' || message === 'Missing body') {
    return make(
      'bad-response',
      `Ollama at ${ctx.host} sent a malformed answer to ${ctx.action}: ${message}`,
      hints.badResponse(ctx.host),
    )
  }

  // Everything below is a plain Error: the client rethrows an {"error": ...} line of a stream so.
  if (message.startsWith('Did not receive done or success response')) {
    return make(
      'stream-cut',
      `The ${ctx.action} stream from ${ctx.host} ended without its final message`,
      hints.streamCut(),
    )
  }
  if (/newer version/i.test(message) || /manifest: 412\b/.test(message)) {
    return make('server-too-old', `Ollama cannot use \`${model}\`: ${message}`, hints.tooOld(model))
  }
  if (ctx.action === 'pull' && /file does not exist|manifest unknown/i.test(message)) {
    return make(
      'model-missing',
      `No model \`${model}\` in the Ollama library: ${message}`,
      hints.noSuchTag(model),
    )
  }
  if (ctx.action === 'pull') {
    return make('pull-failed', `Pulling \`${model}\` failed: ${message}`, hints.pullFailed(model))
  }
  return make(
    'server-error',
    `Ollama reported an error during ${ctx.action}: ${message}`,
    hints.serverError(),
  )
}
