import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { accessSync, constants, statSync } from 'node:fs'
import { delimiter, join } from 'node:path'
import { normaliseHost } from './client.js'
import { waitForServer } from './connect.js'
import { OllamaError } from './errors.js'
import { actionsLog, type Log } from './log.js'

/** The first executable `ollama` on a PATH-style list (the process's PATH when not given). */
export function findOllama(pathEnv: string | undefined = process.env.PATH): string | undefined {
  const names = process.platform === 'win32' ? ['ollama.exe', 'ollama'] : ['ollama']
  for (const dir of (pathEnv ?? '').split(delimiter).filter(Boolean)) {
    for (const name of names) {
      const candidate = join(dir, name)
      try {
        accessSync(candidate, constants.X_OK)
        if (statSync(candidate).isFile()) return candidate
      } catch {
        // not here; keep looking
      }
    }
  }
  return undefined
}

export interface StartOptions {
  host: string
  executable: string
  waitSeconds: number
  log?: Log
  /** Time between SIGTERM and SIGKILL in stop(). */
  stopGraceMs?: number
}

export interface StartedServer {
  version: string
  stop(): Promise<void>
}

const KEEP_LINES = 20

/** Runs `<executable> serve` on `host` and resolves once it answers; call stop() in a finally. */
export async function startServer(options: StartOptions): Promise<StartedServer> {
  const { executable, waitSeconds, log = actionsLog, stopGraceMs = 5000 } = options
  const host = normaliseHost(options.host)
  const url = new URL(host)
  const bind = `${url.hostname}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`
  log.info(`Starting ${executable} serve on ${bind}`)
  const child = spawn(executable, ['serve'], {
    env: { ...process.env, OLLAMA_HOST: bind },
    stdio: ['ignore', 'pipe', 'pipe'],
  })

  // Ollama logs to stderr; the last lines explain a failed start ("address already in use").
  const lines: string[] = []
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split(/\r?\n/)) {
      if (!line.trim()) continue
      log.debug(`ollama serve: ${line}`)
      lines.push(line)
      if (lines.length > KEEP_LINES) lines.shift()
    }
  }
  child.stdout.on('data', collect)
  child.stderr.on('data', collect)

  const exited = new Promise<string>((resolve) => {
    child.once('error', (err) => resolve(`could not be started (${err.message})`))
    child.once('exit', (code, sig) => resolve(`exited (${sig ? `signal ${sig}` : `code ${code}`})`))
  })
  const stopWaiting = new AbortController()
  const died = exited.then((how) => {
    stopWaiting.abort()
    return how
  })

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return
    const gone = once(child, 'exit')
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), stopGraceMs)
    await gone
    clearTimeout(timer)
  }

  const printed = () =>
    lines.length ? `; its last lines:\n${lines.join('\n')}` : ' without printing anything'
  try {
    const answered = waitForServer({ host, waitSeconds, log, signal: stopWaiting.signal })
    answered.catch(() => {}) // if the exit wins the race, the aborted wait rejects unobserved
    const info = await Promise.race([answered, died.then(() => undefined)])
    if (info) return { version: info.version, stop }
  } catch (err) {
    // An abort of the wait means the process died: reported below. Anything else: it never answered.
    if (!stopWaiting.signal.aborted) {
      await stop()
      if (!(err instanceof OllamaError)) throw err
      throw new OllamaError(err.kind, `${err.message}${printed()}`, err.hint, { cause: err })
    }
  }

  const how = await died
  const busy = lines.some((l) => /address already in use/i.test(l))
  throw new OllamaError(
    'unreachable',
    `\`${executable} serve\` ${how} before answering on ${bind}${printed()}`,
    busy
      ? `Something already listens on ${bind}: use that server (do not start one) or set \`ollama-host\` to a free port.`
      : `Check that ${executable} is a working Ollama install (run \`${executable} serve\` by hand to see why it stops).`,
  )
}
