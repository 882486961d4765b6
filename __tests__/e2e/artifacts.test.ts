// The run's uploaded artifacts, fetched by name, through the bundled action and @actions/artifact
// against a loopback server of the artifact API: matrix artifacts with the same file names stay
// apart, a missing combination is a gap, and a zip with a `../` entry and a zip bomb are refused
// with the reason while the rest of the run goes on.
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Report } from '../../src/report.js'
import { runActionAsync, type RunnerResult } from '../fixtures/runner.js'
import { bomb, zip } from '../fixtures/zip.js'
import {
  startArtifactServer,
  type ArtifactServer,
  type FakeArtifact,
} from '../servers/artifact-server.js'

const reportOf = (run: RunnerResult): Report =>
  JSON.parse(fs.readFileSync(run.outputs['report-json']!, 'utf8')) as Report

const RUN = 4242
const OTHER_RUN = 4100
const TOKEN = 'ghs_actions_read'

const results = (tps: number[]) =>
  zip([
    {
      name: 'results.csv',
      data: `batch,tokens_per_sec\n${tps.map((t, i) => `${i + 1},${t}`).join('\n')}\n`,
    },
  ])

const ARTIFACTS: FakeArtifact[] = [
  { id: 11, name: 'bench-ubuntu-py3.11', zip: results([41, 42, 43]) },
  { id: 12, name: 'bench-ubuntu-py3.12', zip: results([51, 52, 53]) },
  { id: 13, name: 'bench-macos-py3.11', zip: results([31, 32, 33]) },
  { id: 14, name: 'bench-windows-py3.11', zip: results([21, 22, 23]) },
  // Uploaded, then expired before this step ran.
  { id: 15, name: 'bench-windows-py3.12', zip: results([1]), expired: true },
  { id: 16, name: 'bench-debug-logs', zip: zip([{ name: 'debug.csv', data: 'a\n1\n' }]) },
  {
    id: 17,
    name: 'bench-evil',
    zip: zip([
      { name: '../escape.csv', data: 'stolen,1\n' },
      { name: 'good/kept.csv', data: 'latency_ms\n10\n12\n' },
    ]),
  },
  { id: 18, name: 'bench-bomb', zip: bomb(8 * 1024 * 1024, 'huge.csv') },
  { id: 21, name: 'bench-ubuntu-py3.11', zip: results([7, 8, 9]), runId: OTHER_RUN },
]

let server: ArtifactServer
let workspace: string
beforeAll(async () => {
  server = await startArtifactServer({
    artifacts: ARTIFACTS,
    runId: RUN,
    owner: 'octo',
    repo: 'bench',
    token: TOKEN,
    forkToken: 'ghs_fork',
  })
  workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'artifacts-ws-'))
})
afterAll(() => server.close())

const run = (inputs: Record<string, string>) =>
  runActionAsync(
    workspace,
    {
      llm: 'false',
      comment: 'false',
      'github-token': TOKEN,
      'artifact-max-size': '1MB',
      ...inputs,
    },
    server.env,
  )

describe('fetching this run’s artifacts by name', () => {
  let result: RunnerResult
  let report: Report
  beforeAll(async () => {
    result = await run({ artifacts: 'bench-*\n!bench-debug-*' })
    report = reportOf(result)
  }, 60_000)

  it('keeps two matrix jobs’ results.csv apart, each under its artifact’s name', () => {
    expect(result.status).toBe(0)
    const files = report.inventory.files.map((f) => [f.path, f.artifact, f.status])
    expect(files).toEqual(
      expect.arrayContaining([
        ['bench-ubuntu-py3.11/results.csv', 'bench-ubuntu-py3.11', 'parsed'],
        ['bench-ubuntu-py3.12/results.csv', 'bench-ubuntu-py3.12', 'parsed'],
        ['bench-evil/good/kept.csv', 'bench-evil', 'parsed'],
      ]),
    )
    const means = report.metrics
      .filter((m) => m.name === 'tokens_per_sec' && !m.group)
      .map((m) => [m.file, m.mean])
    expect(means).toEqual(
      expect.arrayContaining([
        ['bench-ubuntu-py3.11/results.csv', 42],
        ['bench-ubuntu-py3.12/results.csv', 52],
      ]),
    )
    // The other run's artifact of the same name was not read.
    expect(means.map(([, mean]) => mean)).not.toContain(8)
  })

  it('lists every matching artifact with its status, and leaves out the excluded ones', () => {
    const items = report.inventory.artifacts!.items
    const status = Object.fromEntries(items.map((a) => [a.name, a.status]))
    expect(status).toEqual({
      'bench-ubuntu-py3.11': 'downloaded',
      'bench-ubuntu-py3.12': 'downloaded',
      'bench-macos-py3.11': 'downloaded',
      'bench-windows-py3.11': 'downloaded',
      'bench-windows-py3.12': 'expired',
      'bench-evil': 'downloaded',
      'bench-bomb': 'refused',
    })
    const ubuntu = items.find((a) => a.name === 'bench-ubuntu-py3.11')!
    expect(ubuntu).toMatchObject({ id: 11, files: 1 })
    expect(ubuntu.digest).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(ubuntu.expiresAt).toMatch(/^\d{4}-\d{2}-\d{2}T/)
    expect(report.inventory.artifacts!.patterns).toEqual([
      { pattern: 'bench-*', matched: 8 },
      { pattern: '!bench-debug-*', matched: 1 },
    ])
    expect(result.summary).toContain('### Artifacts')
  })

  it('names the matrix combination that uploaded nothing', () => {
    const missing = report.gaps.filter((g) => g.kind === 'missing-artifact')
    expect(missing).toHaveLength(1)
    expect(missing[0]!.detail).toContain('"bench-macos-py3.12"')
  })

  it('refuses a `../` entry and a zip bomb with the reason, writing nothing outside', () => {
    const gaps = Object.fromEntries(
      report.gaps.filter((g) => g.kind === 'artifact-not-read').map((g) => [g.file, g.detail]),
    )
    expect(gaps['bench-evil']).toMatch(/"\.\.\/escape\.csv"/)
    expect(gaps['bench-bomb']).toMatch(/zip bomb|cap/i)
    expect(gaps['bench-windows-py3.12']).toMatch(/expired/)
    const bombItem = report.inventory.artifacts!.items.find((a) => a.name === 'bench-bomb')!
    expect(bombItem.files).toBe(0)
    const extracted = path.join(result.temp, 'benchmark-analyst-artifacts')
    expect(fs.existsSync(path.join(extracted, 'bench-bomb'))).toBe(false)
    expect(fs.existsSync(path.join(extracted, 'escape.csv'))).toBe(false)
    expect(fs.existsSync(path.join(result.temp, 'escape.csv'))).toBe(false)
    expect(fs.readdirSync(extracted).sort()).toEqual([
      'bench-evil',
      'bench-macos-py3.11',
      'bench-ubuntu-py3.11',
      'bench-ubuntu-py3.12',
      'bench-windows-py3.11',
    ])
  })

  it('logs each artifact’s name, bytes and seconds', () => {
    expect(result.stdout).toMatch(
      /artifact bench-ubuntu-py3\.11: \d+ bytes, [\d.]+ s, downloaded, 1 file/,
    )
  })
})

describe('fail-on: error with artifacts', () => {
  it('fails the step after publishing, naming the artifacts not read', async () => {
    const result = await run({ artifacts: 'bench-*\n!bench-debug-*', 'fail-on': 'error' })
    expect(result.status).toBe(1)
    const error = /::error::fail-on: error: 2 artifact\(s\) not read: (.*)/.exec(result.stdout)
    expect(error?.[1]?.split(', ').sort()).toEqual([
      'bench-bomb (refused)',
      'bench-windows-py3.12 (expired)',
    ])
    expect(fs.existsSync(result.outputs['report-json']!)).toBe(true)
  }, 60_000)
})

describe('another run’s artifacts', () => {
  it('are read with the token, through the REST API’s redirect to the blob', async () => {
    const result = await run({ artifacts: 'bench-*', 'run-id': String(OTHER_RUN) })
    expect(result.status).toBe(0)
    const report = reportOf(result)
    expect(report.inventory.artifacts!.runId).toBe(String(OTHER_RUN))
    expect(report.inventory.artifacts!.items.map((a) => [a.name, a.status])).toEqual([
      ['bench-ubuntu-py3.11', 'downloaded'],
    ])
    const tps = report.metrics.find((m) => m.name === 'tokens_per_sec' && !m.group)!
    expect(tps.mean).toBe(8)
    expect(
      server.requests.some((r) => r.path.startsWith(`/repos/octo/bench/actions/artifacts/21/zip`)),
    ).toBe(true)
  }, 60_000)

  it('a token without actions: read still publishes the report, with the fix in a gap', async () => {
    const result = await run({
      artifacts: 'bench-*',
      'run-id': String(OTHER_RUN),
      'github-token': 'ghs_fork',
    })
    expect(result.status).toBe(0)
    const report = reportOf(result)
    const gap = report.gaps.find((g) => g.kind === 'artifact-not-read')!
    expect(gap.detail).toMatch(/actions: read/)
    expect(result.stdout).toMatch(/::warning::.*actions: read/)
  }, 60_000)
})
