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
    [{ 'fail-on': 'error,sometimes' }, 'fail-on', 'not one of: never, error'],
    [{ 'fail-on': 'regression' }, 'fail-on', 'needs the baseline comparison'],
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
