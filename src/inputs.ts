// The only place that reads the action's inputs (as actions/checkout's input-helper does): it turns
// them into one typed, validated `Config`, and every other module takes that object.
import * as os from 'node:os'
import * as path from 'node:path'
import * as core from '@actions/core'

export const DEFAULT_PATTERNS = ['reports/**', 'csv_data/**', 'artifacts/**']
export const DEFAULT_MAX_FILE_SIZE = 256 * 1024 * 1024
export const DEFAULT_ARTIFACT_MAX_SIZE = 2 * 1024 * 1024 * 1024

export type FailOn = 'error' | 'llm-error' | 'regression'
export type PullPolicy = 'if-missing' | 'always' | 'never'
export type StartServer = 'auto' | 'true' | 'false'

/** The Ollama options the inputs may set; unset ones are left to the server. */
export interface ModelOptions {
  num_gpu?: number
  num_ctx?: number
  temperature?: number
  top_p?: number
  top_k?: number
  repeat_penalty?: number
  seed?: number
  num_predict?: number
}

export interface ModelSettings {
  host: string
  model: string
  pull: PullPolicy
  startServer: StartServer
  waitSeconds: number
  options: ModelOptions
  keepAlive?: string
  /** Bounds the whole analyst stage, pulls excluded. */
  timeoutSeconds: number
}

export interface Config {
  /** Absolute path every pattern is relative to and no file may leave. */
  workspace: string
  patterns: string[]
  llm: boolean
  summary: boolean
  /** Absolute path of the folder report.md and report.json are written to. */
  reportDir: string
  maxFileSize: number
  failOn: Set<FailOn>
  model: ModelSettings
  /** The repository's web address: the only place model text may link to. */
  repoUrl?: string
  github: GitHubSettings
  /** A report.json to publish instead of analysing (the fork-safe workflow_run mode). */
  fromReport?: string
  /** A folder of the base branch's artifacts, or a report.json, to compare against. */
  baseline?: string
  /** A change in the bad direction beyond this many percent (and the noise) is a regression. */
  regressionThresholdPct: number
  artifacts?: ArtifactSettings
}

/** The run's uploaded artifacts to download and read (the `artifacts` input), when asked for. */
export interface ArtifactSettings {
  /** Artifact name patterns: `*` and `?` wildcards, `!` to exclude. */
  patterns: string[]
  /** Another workflow run's id; absent: this run. */
  runId?: number
  /** Absolute path each artifact is extracted under, in a folder of its name. */
  dir: string
  /** Larger artifacts are not downloaded; contents expanding beyond it are a zip bomb. */
  maxBytes: number
}

export interface GitHubSettings {
  comment: boolean
  /** Tells apart several uses of the action in one PR: each keeps its own sticky comment. */
  commentTag: string
  token: string
  apiUrl: string
  eventName: string
  eventPath?: string
  /** owner/repo of the workflow's repository. */
  repository?: string
  runId?: string
  serverUrl: string
}

/** An input with a value it cannot take: the step fails at once with this message. */
export class InputError extends Error {
  constructor(
    readonly input: string,
    message: string,
  ) {
    super(`Input \`${input}\`: ${message}`)
    this.name = 'InputError'
  }
}

type Getter = (name: string) => string

/** Reads the inputs the runner passes as INPUT_* variables. */
export function getConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return parseConfig((name) => core.getInput(name), env)
}

/** Builds the Config from any source of raw strings: the runner's inputs, or the local command. */
export function parseConfig(get: Getter, env: NodeJS.ProcessEnv = process.env): Config {
  const workspace = path.resolve(env.GITHUB_WORKSPACE || process.cwd())
  const artifacts = parseArtifacts(get, env)
  // With artifacts to fetch, an empty `path` means those alone, not the default folders.
  const patterns = parsePatterns(get('path'), workspace, artifacts ? [] : DEFAULT_PATTERNS)
  const reportDirRaw = get('report-dir').trim()
  const reportDir = reportDirRaw
    ? path.resolve(workspace, reportDirRaw)
    : path.join(env.RUNNER_TEMP || os.tmpdir(), 'benchmark-analyst')
  return {
    workspace,
    patterns,
    llm: parseBoolean('llm', get('llm'), true),
    summary: parseBoolean('summary', get('summary'), true),
    reportDir,
    maxFileSize: parseSize('max-file-size', get('max-file-size'), DEFAULT_MAX_FILE_SIZE),
    failOn: parseFailOn(get('fail-on')),
    model: parseModelSettings(get),
    ...(env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY
      ? { repoUrl: `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}` }
      : {}),
    github: parseGitHub(get, env),
    ...fromReport(get('from-report'), workspace),
    ...(get('baseline').trim()
      ? { baseline: path.resolve(workspace, get('baseline').trim()) }
      : {}),
    regressionThresholdPct: parseThreshold(get('regression-threshold')),
    ...(artifacts ? { artifacts } : {}),
  }
}

function parseArtifacts(get: Getter, env: NodeJS.ProcessEnv): ArtifactSettings | undefined {
  const patterns = get('artifacts')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
  const runRaw = get('run-id').trim()
  if (patterns.length === 0) {
    if (runRaw !== '') {
      throw new InputError('run-id', 'is set but `artifacts` is empty: name the artifacts to read.')
    }
    return undefined
  }
  if (!patterns.some((p) => !p.startsWith('!'))) {
    throw new InputError(
      'artifacts',
      'has only `!` exclusions: add a pattern to include, e.g. bench-*.',
    )
  }
  const runId = parseNumber('run-id', runRaw, { integer: true, min: 1 })
  const dirRaw = get('artifacts-dir').trim()
  return {
    patterns,
    ...(runId !== undefined ? { runId } : {}),
    dir: dirRaw
      ? path.resolve(env.GITHUB_WORKSPACE || process.cwd(), dirRaw)
      : path.join(env.RUNNER_TEMP || os.tmpdir(), 'benchmark-analyst-artifacts'),
    maxBytes: parseSize('artifact-max-size', get('artifact-max-size'), DEFAULT_ARTIFACT_MAX_SIZE),
  }
}

function parseThreshold(raw: string): number {
  const value = raw.trim()
  if (value === '') return 10
  const match = /^(\d+(?:\.\d+)?)\s*%?$/.exec(value)
  const n = match ? Number(match[1]) : NaN
  if (!(n > 0 && n < 1000)) {
    throw new InputError(
      'regression-threshold',
      `"${value}" is not a percentage: use e.g. 10% (more than 0, less than 1000).`,
    )
  }
  return n
}

function parseGitHub(get: Getter, env: NodeJS.ProcessEnv): GitHubSettings {
  const tag = get('comment-tag').trim() || 'benchmark-analyst'
  // The tag goes into the hidden marker: nothing that could end an HTML comment or a line.
  if (!/^[\w.\-/ ]{1,64}$/.test(tag)) {
    throw new InputError(
      'comment-tag',
      `"${tag}" may hold only letters, digits, spaces and . _ - / (at most 64).`,
    )
  }
  return {
    comment: parseBoolean('comment', get('comment'), true),
    commentTag: tag,
    token: get('github-token').trim(),
    apiUrl: env.GITHUB_API_URL || 'https://api.github.com',
    eventName: env.GITHUB_EVENT_NAME || '',
    ...(env.GITHUB_EVENT_PATH ? { eventPath: env.GITHUB_EVENT_PATH } : {}),
    ...(env.GITHUB_REPOSITORY ? { repository: env.GITHUB_REPOSITORY } : {}),
    ...(env.GITHUB_RUN_ID ? { runId: env.GITHUB_RUN_ID } : {}),
    serverUrl: env.GITHUB_SERVER_URL || 'https://github.com',
  }
}

function fromReport(raw: string, workspace: string): { fromReport?: string } {
  const value = raw.trim()
  return value ? { fromReport: path.resolve(workspace, value) } : {}
}

export function parseModelSettings(get: Getter): ModelSettings {
  const options: ModelOptions = {}
  const set = (key: keyof ModelOptions, value: number | undefined): void => {
    if (value !== undefined) options[key] = value
  }
  set('num_gpu', parseNumber('num-gpu', get('num-gpu'), { integer: true, min: -1 }))
  set(
    'num_ctx',
    parseNumber('num-ctx', get('num-ctx'), { integer: true, min: 256, max: 1_048_576 }),
  )
  set('temperature', parseNumber('temperature', get('temperature'), { min: 0, max: 2 }))
  set('top_p', parseNumber('top-p', get('top-p'), { min: 0, max: 1 }))
  set('top_k', parseNumber('top-k', get('top-k'), { integer: true, min: 0 }))
  set('repeat_penalty', parseNumber('repeat-penalty', get('repeat-penalty'), { min: 0 }))
  set('seed', parseNumber('seed', get('seed'), { integer: true }))
  set(
    'num_predict',
    parseNumber('num-predict', get('num-predict'), { integer: true, min: 16, max: 32_768 }),
  )
  const keepAlive = get('keep-alive').trim()
  if (keepAlive !== '' && !/^-?\d+(\.\d+)?(ms|s|m|h)?$/.test(keepAlive)) {
    throw new InputError(
      'keep-alive',
      `"${keepAlive}" is not a duration: use seconds (300), a duration (5m, 1h), 0 to unload or -1 to keep loaded.`,
    )
  }
  return {
    host: parseHost(get('ollama-host')),
    model: parseModel(get('model')),
    pull: parseChoice('pull', get('pull'), ['if-missing', 'always', 'never'], 'if-missing'),
    startServer: parseChoice(
      'start-server',
      get('start-server'),
      ['auto', 'true', 'false'],
      'auto',
    ),
    waitSeconds:
      parseNumber('ollama-wait', get('ollama-wait'), { integer: true, min: 0, max: 3600 }) ?? 120,
    options,
    ...(keepAlive ? { keepAlive } : {}),
    timeoutSeconds: parseNumber('llm-timeout', get('llm-timeout'), { min: 1, max: 21_600 }) ?? 300,
  }
}

export const DEFAULT_HOST = 'http://localhost:11434'
export const DEFAULT_MODEL = 'gemma3:latest'

function parseHost(raw: string): string {
  const value = raw.trim() || DEFAULT_HOST
  // Ollama's own convention: a bare host:port means http, and no port means 11434.
  const withScheme = /^[a-z]+:\/\//i.test(value) ? value : `http://${value}`
  let url: URL
  try {
    url = new URL(withScheme)
  } catch {
    throw new InputError('ollama-host', `"${value}" is not a URL: use e.g. http://localhost:11434.`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InputError(
      'ollama-host',
      `"${value}" must be an http:// or https:// URL, e.g. http://localhost:11434.`,
    )
  }
  if (!/^[a-z]+:\/\//i.test(value) && url.port === '') url.port = '11434'
  return url.toString().replace(/\/$/, '')
}

function parseModel(raw: string): string {
  const value = raw.trim() || DEFAULT_MODEL
  if (!/^[A-Za-z0-9][\w.\-/]*(:[\w.-]+)?$/.test(value)) {
    throw new InputError(
      'model',
      `"${value}" is not a model tag: use e.g. gemma3:1b or gemma3:270m.`,
    )
  }
  return value
}

function parseChoice<T extends string>(
  input: string,
  raw: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const value = raw.trim().toLowerCase()
  if (value === '') return fallback
  if ((allowed as readonly string[]).includes(value)) return value as T
  throw new InputError(input, `"${raw.trim()}" is not one of: ${allowed.join(', ')}.`)
}

function parseNumber(
  input: string,
  raw: string,
  rules: { integer?: boolean; min?: number; max?: number },
): number | undefined {
  const value = raw.trim()
  if (value === '') return undefined
  const n = Number(value)
  const kind = rules.integer ? 'a whole number' : 'a number'
  const range =
    rules.min !== undefined && rules.max !== undefined
      ? ` from ${rules.min} to ${rules.max}`
      : rules.min !== undefined
        ? ` of at least ${rules.min}`
        : ''
  if (
    !/^-?\d+(\.\d+)?$/.test(value) ||
    !Number.isFinite(n) ||
    (rules.integer && !Number.isInteger(n))
  ) {
    throw new InputError(input, `"${value}" is not ${kind}: use ${kind}${range}.`)
  }
  if ((rules.min !== undefined && n < rules.min) || (rules.max !== undefined && n > rules.max)) {
    throw new InputError(input, `${value} is out of range: use ${kind}${range}.`)
  }
  return n
}

export function parsePatterns(
  raw: string,
  workspace: string,
  fallback: readonly string[] = DEFAULT_PATTERNS,
): string[] {
  const lines = raw
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
  for (const line of lines) confine(line, workspace)
  return lines.length > 0 ? lines : [...fallback]
}

// Globs never leave the workspace: a pattern that starts above it or elsewhere is refused here,
// before anything is searched.
function confine(line: string, workspace: string): void {
  const pattern = line.startsWith('!') ? line.slice(1) : line
  const target = path.resolve(workspace, pattern)
  const rel = path.relative(workspace, target)
  if (rel === '..' || rel.startsWith('..' + path.sep) || path.isAbsolute(rel)) {
    throw new InputError(
      'path',
      `"${line}" reaches outside the workspace (${workspace}); patterns are relative to it, e.g. reports/**.`,
    )
  }
}

const TRUE = ['true', 'True', 'TRUE']
const FALSE = ['false', 'False', 'FALSE']

// The YAML 1.2 core schema's booleans, as core.getBooleanInput accepts them; anything else is a
// mistake worth stopping for rather than guessing.
export function parseBoolean(input: string, raw: string, fallback: boolean): boolean {
  const value = raw.trim()
  if (value === '') return fallback
  if (TRUE.includes(value)) return true
  if (FALSE.includes(value)) return false
  throw new InputError(input, `"${value}" is not a boolean: use true or false.`)
}

const SIZE_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
}

/** "256MB", "1.5 GiB", "4096": sizes in binary units, as the runner's disk tools print them. */
export function parseSize(input: string, raw: string, fallback: number): number {
  const value = raw.trim()
  if (value === '') return fallback
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(value)
  const factor = match ? SIZE_UNITS[match[2]!.toLowerCase()] : undefined
  if (!match || factor === undefined) {
    throw new InputError(
      input,
      `"${value}" is not a size: write a number of bytes with an optional unit (KB, MB, GB), e.g. 256MB.`,
    )
  }
  const bytes = Math.floor(Number(match[1]) * factor)
  if (bytes < 1) throw new InputError(input, `"${value}" must be at least 1 byte.`)
  return bytes
}

export function parseFailOn(raw: string): Set<FailOn> {
  const result = new Set<FailOn>()
  const allowed: FailOn[] = ['error', 'llm-error', 'regression']
  for (const item of raw.split(',').map((part) => part.trim().toLowerCase())) {
    if (item === '' || item === 'never') continue
    if (!(allowed as string[]).includes(item)) {
      throw new InputError(
        'fail-on',
        `"${item}" is not one of: never, error, llm-error, regression (a comma-separated list).`,
      )
    }
    result.add(item as FailOn)
  }
  return result
}
