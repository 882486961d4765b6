import * as os from 'node:os'
import * as path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { DEFAULT_PATTERNS, InputError, parseConfig } from '../src/inputs.js'

const workspace = path.join(os.tmpdir(), 'ws')
const config = (inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}) =>
  parseConfig((name) => inputs[name] ?? '', { GITHUB_WORKSPACE: workspace, ...env })

function failure(inputs: Record<string, string>): InputError {
  try {
    config(inputs)
  } catch (error) {
    if (error instanceof InputError) return error
    throw error
  }
  throw new Error('expected an InputError')
}

describe('inputs', () => {
  it('applies the design defaults when inputs are empty', () => {
    const c = config({}, { RUNNER_TEMP: '/runner/tmp' })
    expect(c.workspace).toBe(workspace)
    expect(c.patterns).toEqual(DEFAULT_PATTERNS)
    expect(c.llm).toBe(true)
    expect(c.summary).toBe(true)
    expect(c.reportDir).toBe(path.join('/runner/tmp', 'benchmark-analyst'))
    expect(c.maxFileSize).toBe(256 * 1024 * 1024)
    expect([...c.failOn]).toEqual([])
  })

  it('reads one pattern per line, keeping excludes and dropping blanks and comments', () => {
    const c = config({ path: 'results/**/*.csv\n\n  # old runs\n!results/old/**\n' })
    expect(c.patterns).toEqual(['results/**/*.csv', '!results/old/**'])
  })

  it('refuses a pattern that reaches outside the workspace', () => {
    expect(failure({ path: '../secrets/**' }).input).toBe('path')
    expect(failure({ path: '/etc/**' }).message).toContain('reaches outside the workspace')
  })

  it('reads sizes in binary units', () => {
    expect(config({ 'max-file-size': '1.5 GB' }).maxFileSize).toBe(1.5 * 1024 ** 3)
    expect(config({ 'max-file-size': '4096' }).maxFileSize).toBe(4096)
    expect(config({ 'max-file-size': '10kib' }).maxFileSize).toBe(10240)
  })

  it('resolves a relative report-dir against the workspace', () => {
    expect(config({ 'report-dir': 'out' }).reportDir).toBe(path.join(workspace, 'out'))
  })

  it.each([
    [{ llm: 'yes' }, 'llm', 'use true or false'],
    [{ summary: 'on' }, 'summary', 'use true or false'],
    [{ 'max-file-size': '12XB' }, 'max-file-size', 'e.g. 256MB'],
    [{ 'max-file-size': '0' }, 'max-file-size', 'at least 1 byte'],
    [
      { 'fail-on': 'error,sometimes' },
      'fail-on',
      'not one of: never, error, llm-error, regression',
    ],
    [{ 'regression-threshold': 'ten' }, 'regression-threshold', 'e.g. 10%'],
  ])('names the input and what it accepts: %j', (inputs, input, hint) => {
    const error = failure(inputs)
    expect(error.input).toBe(input)
    expect(error.message).toMatch(new RegExp(`^Input \`${input}\`: `))
    expect(error.message).toContain(hint)
  })

  it('accepts never and error in fail-on, in any case and spacing', () => {
    expect([...config({ 'fail-on': ' never , ERROR ' }).failOn]).toEqual(['error'])
  })
})

describe('the model inputs', () => {
  it('default to a local server, gemma3 and the server’s own options', () => {
    const m = config({}).model
    expect(m).toEqual({
      host: 'http://localhost:11434',
      model: 'gemma3:latest',
      pull: 'if-missing',
      startServer: 'auto',
      waitSeconds: 120,
      options: {},
      timeoutSeconds: 300,
    })
  })

  it('read host:port as Ollama does, and every option with its Ollama name', () => {
    const m = config({
      'ollama-host': 'ollama:11434',
      model: 'gemma3:1b',
      pull: 'never',
      'start-server': 'false',
      'ollama-wait': '30',
      'num-gpu': '0',
      'num-ctx': '8192',
      temperature: '0.2',
      'top-p': '0.9',
      'top-k': '40',
      'repeat-penalty': '1.1',
      seed: '7',
      'num-predict': '512',
      'keep-alive': '5m',
      'llm-timeout': '90',
    }).model
    expect(m.host).toBe('http://ollama:11434')
    expect(m.options).toEqual({
      num_gpu: 0,
      num_ctx: 8192,
      temperature: 0.2,
      top_p: 0.9,
      top_k: 40,
      repeat_penalty: 1.1,
      seed: 7,
      num_predict: 512,
    })
    expect(m.keepAlive).toBe('5m')
    expect([m.pull, m.startServer, m.waitSeconds, m.timeoutSeconds]).toEqual([
      'never',
      'false',
      30,
      90,
    ])
    expect(config({ 'ollama-host': 'http://gpu-box' }).model.host).toBe('http://gpu-box')
  })

  it.each([
    [{ 'ollama-host': 'ftp://x' }, 'ollama-host', 'http:// or https://'],
    [{ model: 'gemma 3' }, 'model', 'gemma3:1b'],
    [{ pull: 'sometimes' }, 'pull', 'if-missing, always, never'],
    [{ 'start-server': 'yes' }, 'start-server', 'auto, true, false'],
    [{ 'num-ctx': '100' }, 'num-ctx', 'from 256 to 1048576'],
    [{ 'num-ctx': '4k' }, 'num-ctx', 'a whole number'],
    [{ temperature: '3' }, 'temperature', 'from 0 to 2'],
    [{ 'keep-alive': 'forever' }, 'keep-alive', '5m'],
    [{ 'llm-timeout': '0' }, 'llm-timeout', 'from 1 to'],
    [{ 'comment-tag': 'a -->b' }, 'comment-tag', 'letters, digits'],
    [{ comment: 'maybe' }, 'comment', 'use true or false'],
  ])('name the input and what it accepts: %j', (inputs, input, hint) => {
    const error = failure(inputs)
    expect(error.input).toBe(input)
    expect(error.message).toContain(hint)
  })
})

describe('the artifacts inputs', () => {
  it('reads the patterns, the run, the folder and the size cap', () => {
    const c = config(
      { artifacts: 'bench-*\n!bench-debug\n', 'run-id': '4100', 'artifact-max-size': '512MB' },
      { RUNNER_TEMP: '/runner/tmp' },
    )
    expect(c.artifacts).toEqual({
      patterns: ['bench-*', '!bench-debug'],
      runId: 4100,
      dir: '/runner/tmp/benchmark-analyst-artifacts',
      maxBytes: 512 * 1024 * 1024,
    })
    // With artifacts to fetch, an empty path reads them alone, not the default folders.
    expect(c.patterns).toEqual([])
    expect(config({}).patterns).toEqual(DEFAULT_PATTERNS)
    expect(config({}).artifacts).toBeUndefined()
  })

  it('names the input and the fix for what cannot work', () => {
    expect(() => config({ 'run-id': '12' })).toThrow(
      'Input `run-id`: is set but `artifacts` is empty: name the artifacts to read.',
    )
    expect(() => config({ artifacts: '!bench-debug' })).toThrow(/Input `artifacts`: has only `!`/)
    expect(() => config({ artifacts: 'bench-*', 'run-id': 'latest' })).toThrow(/Input `run-id`/)
    expect(() => config({ artifacts: 'bench-*', 'artifact-max-size': 'big' })).toThrow(
      /Input `artifact-max-size`/,
    )
  })
})
