import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { makeClient } from '../../src/ollama/client.js'
import { OllamaError } from '../../src/ollama/errors.js'
import { contextLength, ensureModel, modelKey } from '../../src/ollama/model.js'
import {
  NO_SUCH_TAG,
  startFakeOllama,
  TOO_OLD_412,
  type FakeOllama,
} from '../servers/ollama-server.js'
import { recorder, timed } from './helpers.js'

describe('modelKey', () => {
  it('treats a bare name as :latest and ignores the default registry prefix', () => {
    expect(modelKey('gemma3')).toBe('gemma3:latest')
    expect(modelKey('Gemma3:1B')).toBe('gemma3:1b')
    expect(modelKey('registry.ollama.ai/library/gemma3:1b')).toBe('gemma3:1b')
    expect(modelKey('hf.co/unsloth/gemma-3-1b-it-GGUF')).toBe(
      'hf.co/unsloth/gemma-3-1b-it-gguf:latest',
    )
    expect(modelKey('localhost:5000/gemma3')).toBe('localhost:5000/gemma3:latest')
  })
})

describe('ensureModel', () => {
  let fake: FakeOllama
  beforeEach(async () => {
    fake = await startFakeOllama({ installed: ['gemma3:1b', 'gemma3:latest'] })
  })
  afterEach(async () => {
    await fake.close()
  })
  const pulls = () => fake.requests.filter((r) => r.path === '/api/pull')

  it('pulls a missing model, logging a bounded number of progress lines', async () => {
    const log = recorder()
    const result = await ensureModel(makeClient(fake.url), {
      model: 'gemma3:270m',
      pull: 'if-missing',
      timeoutMs: 10_000,
      log,
    })
    expect(result.pulled).toBe(true)
    expect(result.pullMs).toBeGreaterThan(0)
    expect(pulls()).toHaveLength(1)
    // The client sends the deprecated `name` field, not `model`.
    expect(pulls()[0]?.body).toMatchObject({ name: 'gemma3:270m', stream: true })
    const sentProgress = pulls()[0]?.sent.filter((l) => 'completed' in l) ?? []
    expect(sentProgress.length).toBeGreaterThan(40)
    const progress = log.infos().filter((l) => l.includes('%'))
    expect(progress.length).toBeGreaterThanOrEqual(3)
    expect(progress.length).toBeLessThanOrEqual(12)
    for (const line of progress)
      expect(line).toMatch(
        /^pulling gemma3:270m: \d{1,3}% \(\d+(\.\d)? [KMG]?B of \d+\.\d [KMG]B\)$/,
      )
    expect(progress.at(-1)).toBe('pulling gemma3:270m: 100% (291.6 MB of 291.6 MB)')
    // Now installed: a second call does not pull.
    expect(
      await ensureModel(makeClient(fake.url), {
        model: 'gemma3:270m',
        pull: 'if-missing',
        timeoutMs: 10_000,
        log,
      }),
    ).toEqual({ pulled: false })
    expect(pulls()).toHaveLength(1)
  })

  it('does not pull an installed model; `gemma3` means `gemma3:latest`', async () => {
    const log = recorder()
    expect(
      await ensureModel(makeClient(fake.url), {
        model: 'gemma3:1b',
        pull: 'if-missing',
        timeoutMs: 5000,
        log,
      }),
    ).toEqual({ pulled: false })
    expect(
      await ensureModel(makeClient(fake.url), {
        model: 'gemma3',
        pull: 'never',
        timeoutMs: 5000,
        log,
      }),
    ).toEqual({ pulled: false })
    expect(pulls()).toHaveLength(0)
    expect(log.infos()).toContain(`gemma3:1b is installed on ${fake.url}`)
  })

  it("pulls an installed model again under 'always'", async () => {
    const result = await ensureModel(makeClient(fake.url), {
      model: 'gemma3:1b',
      pull: 'always',
      timeoutMs: 10_000,
      log: recorder(),
    })
    expect(result.pulled).toBe(true)
    expect(pulls()).toHaveLength(1)
  })

  it("fails with 'model-missing' under 'never' without pulling", async () => {
    const { error } = await timed(
      ensureModel(makeClient(fake.url), {
        model: 'gemma3:270m',
        pull: 'never',
        timeoutMs: 5000,
        log: recorder(),
      }),
    )
    expect(error).toBeInstanceOf(OllamaError)
    expect((error as OllamaError).kind).toBe('model-missing')
    expect((error as OllamaError).message).toContain('gemma3:270m')
    expect((error as OllamaError).hint).toContain('pull: if-missing')
    expect(pulls()).toHaveLength(0)
  })

  it('names a tag that does not exist and suggests small models', async () => {
    const { error } = await timed(
      ensureModel(makeClient(fake.url), {
        model: 'gemma3:13x',
        pull: 'if-missing',
        timeoutMs: 5000,
        log: recorder(),
      }),
    )
    const e = error as OllamaError
    expect(e.kind).toBe('model-missing')
    expect(e.message).toContain('gemma3:13x')
    expect(e.message).toContain(NO_SUCH_TAG)
    expect(e.hint).toContain('`gemma3:13x` does not exist')
    expect(e.hint).toContain('gemma3:1b or gemma3:270m')
  })

  it("reports 'server-too-old' when the registry answers 412", async () => {
    await fake.setBehaviour({ pullError: TOO_OLD_412 })
    const { error } = await timed(
      ensureModel(makeClient(fake.url), {
        model: 'gemma3:270m',
        pull: 'if-missing',
        timeoutMs: 5000,
        log: recorder(),
      }),
    )
    expect((error as OllamaError).kind).toBe('server-too-old')
    expect((error as OllamaError).message).toContain('requires a newer version of Ollama')
    expect((error as OllamaError).hint).toContain('newer `ollama/ollama`')
  })

  it("reports 'pull-failed' when the server cannot reach the registry", async () => {
    await fake.setBehaviour({
      pullError:
        'pull model manifest: Get "https://registry.ollama.ai/v2/library/gemma3/manifests/270m": dial tcp: lookup registry.ollama.ai: no such host',
    })
    const { error } = await timed(
      ensureModel(makeClient(fake.url), {
        model: 'gemma3:270m',
        pull: 'if-missing',
        timeoutMs: 5000,
        log: recorder(),
      }),
    )
    expect((error as OllamaError).kind).toBe('pull-failed')
    expect((error as OllamaError).message).toContain('no such host')
    expect((error as OllamaError).hint).toContain('registry.ollama.ai')
  })

  it('gives up a pull that outlasts timeoutMs, and closes the stream', async () => {
    await fake.setBehaviour({ pullStepDelayMs: 150 }) // ~40 steps × 150 ms for the big layer alone
    const { ms, error } = await timed(
      ensureModel(makeClient(fake.url), {
        model: 'gemma3:270m',
        pull: 'if-missing',
        timeoutMs: 400,
        log: recorder(),
      }),
    )
    expect((error as OllamaError).kind).toBe('timeout')
    expect((error as OllamaError).message).toContain('gemma3:270m')
    expect(ms).toBeLessThan(3000)
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(pulls()[0]?.aborted).toBe(true)
  })

  it("reports an HTTP 500 while listing as 'server-error'", async () => {
    await fake.setBehaviour({ failure: 'http-500', errorMessage: 'something broke' })
    const { error } = await timed(
      ensureModel(makeClient(fake.url), {
        model: 'gemma3:1b',
        pull: 'if-missing',
        timeoutMs: 5000,
        log: recorder(),
      }),
    )
    expect((error as OllamaError).kind).toBe('server-error')
    expect((error as OllamaError).status).toBe(500)
    expect((error as OllamaError).message).toContain('something broke')
  })
})

describe('contextLength', () => {
  let fake: FakeOllama
  beforeEach(async () => {
    fake = await startFakeOllama({ contextLength: 8192 })
  })
  afterEach(async () => {
    await fake.close()
  })

  it('reads <architecture>.context_length from /api/show', async () => {
    expect(await contextLength(makeClient(fake.url), 'gemma3:1b')).toBe(8192)
    expect(fake.requests.at(-1)?.body).toEqual({ model: 'gemma3:1b' })
  })

  it("reports a model the server does not have as 'model-missing'", async () => {
    const { error } = await timed(contextLength(makeClient(fake.url), 'gemma3:27b'))
    expect((error as OllamaError).kind).toBe('model-missing')
    expect((error as OllamaError).status).toBe(404)
  })
})
