// The only place that reads the action's inputs (as actions/checkout's input-helper does): it turns
// them into one typed, validated `Config`, and every other module takes that object.
import * as os from 'node:os'
import * as path from 'node:path'
import * as core from '@actions/core'

export const DEFAULT_PATTERNS = ['reports/**', 'csv_data/**', 'artifacts/**']
export const DEFAULT_MAX_FILE_SIZE = 256 * 1024 * 1024

export type FailOn = 'error'

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
  const patterns = parsePatterns(get('path'), workspace)
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
  }
}

export function parsePatterns(raw: string, workspace: string): string[] {
  const lines = raw
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
  for (const line of lines) confine(line, workspace)
  return lines.length > 0 ? lines : [...DEFAULT_PATTERNS]
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

// The design lists llm-error and regression too; until the model stage and the baseline comparison
// exist, accepting them would promise a failure the step could never raise.
const NOT_YET: Record<string, string> = {
  'llm-error': 'the model stage',
  regression: 'the baseline comparison',
}

export function parseFailOn(raw: string): Set<FailOn> {
  const result = new Set<FailOn>()
  for (const item of raw.split(',').map((part) => part.trim().toLowerCase())) {
    if (item === '' || item === 'never') continue
    if (item === 'error') {
      result.add('error')
      continue
    }
    const missing = NOT_YET[item]
    throw new InputError(
      'fail-on',
      missing
        ? `"${item}" needs ${missing}, which this version of benchmark-analyst does not have yet; use never or error.`
        : `"${item}" is not one of: never, error (a comma-separated list).`,
    )
  }
  return result
}
