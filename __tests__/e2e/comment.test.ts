// The sticky comment, end to end: the bundled action against a loopback server that speaks
// GitHub's REST API, reached through @actions/github with GITHUB_API_URL.
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { runActionAsync, type RunnerResult } from '../fixtures/runner.js'
import {
  GITHUB_ACTIONS_BOT,
  startFakeGitHub,
  TOKENS,
  type FakeGitHub,
} from '../servers/github-server.js'

const OWNER = 'octo'
const REPO = 'bench'
const PR = 7
let gh: FakeGitHub
let workspace: string
let temp: string

beforeAll(async () => {
  gh = await startFakeGitHub()
  temp = fs.mkdtempSync(path.join(os.tmpdir(), 'comment-'))
  workspace = path.join(temp, 'ws')
  fs.mkdirSync(path.join(workspace, 'reports'), { recursive: true })
  fs.writeFileSync(
    path.join(workspace, 'reports', 'sweep.csv'),
    'batch,run,tokens_per_sec\n1,1,40\n1,2,42\n8,1,98\n8,2,100\n',
  )
})

afterAll(async () => {
  await gh.close()
  fs.rmSync(temp, { recursive: true, force: true })
})

function event(name: string, payload: object): NodeJS.ProcessEnv {
  const file = path.join(temp, `${name}-${Math.random().toString(36).slice(2)}.json`)
  fs.writeFileSync(file, JSON.stringify(payload))
  return {
    GITHUB_EVENT_NAME: name,
    GITHUB_EVENT_PATH: file,
    GITHUB_API_URL: gh.url,
    GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
  }
}

const onPullRequest = () => event('pull_request', { pull_request: { number: PR } })

function run(inputs: Record<string, string>, env: NodeJS.ProcessEnv): Promise<RunnerResult> {
  return runActionAsync(workspace, { llm: 'false', 'github-token': TOKENS.default, ...inputs }, env)
}

const ours = (tag = 'benchmark-analyst') =>
  gh.comments.filter(
    (c) => c.issue === PR && c.body.startsWith(`<!-- benchmark-analyst: ${tag} -->`),
  )

describe('the sticky comment on a busy pull request', () => {
  beforeAll(() => {
    // More than two pages of other people's comments, and one that imitates our marker.
    gh.addPull({ owner: OWNER, repo: REPO, number: PR, headRef: 'faster', headSha: 'f00d' })
    gh.addComments(OWNER, REPO, PR, 250)
    gh.addComments(OWNER, REPO, PR, 1, {
      bodyPrefix: '<!-- benchmark-analyst: benchmark-analyst --> fake',
      login: 'mallory',
    })
  })

  it('creates the comment on the first run and sets the outputs', async () => {
    const result = await run({}, onPullRequest())
    expect(result.status).toBe(0)
    const mine = ours().filter((c) => c.user.login === GITHUB_ACTIONS_BOT.login)
    expect(mine).toHaveLength(1)
    expect(mine[0]!.body).toContain('## Benchmark analyst · 1 file')
    expect(result.outputs['comment-id']).toBe(String(mine[0]!.id))
    expect(result.outputs['comment-url']).toBe(
      `https://github.com/${OWNER}/${REPO}/pull/${PR}#issuecomment-${mine[0]!.id}`,
    )
    // The whole list was read, page by page, before deciding to create.
    expect(
      gh.requests.filter((r) => r.method === 'GET' && r.path.includes('/comments')).length,
    ).toBeGreaterThanOrEqual(3)
  })

  it('updates the same comment on the second run', async () => {
    const before = ours()
      .filter((c) => c.user.login === GITHUB_ACTIONS_BOT.login)
      .map((c) => ({ ...c }))
    const result = await run({}, onPullRequest())
    const after = ours().filter((c) => c.user.login === GITHUB_ACTIONS_BOT.login)
    expect(after).toHaveLength(1)
    expect(after[0]!.id).toBe(before[0]!.id)
    expect(after[0]!.updated_at > before[0]!.updated_at).toBe(true)
    expect(result.outputs['comment-id']).toBe(String(before[0]!.id))
    expect(gh.comments.find((c) => c.user.login === 'mallory')!.body).toContain('fake')
  })

  it('keeps a second comment for another comment-tag', async () => {
    await run({ 'comment-tag': 'gpu runners' }, onPullRequest())
    expect(ours('gpu runners')).toHaveLength(1)
    expect(ours().filter((c) => c.user.login === GITHUB_ACTIONS_BOT.login)).toHaveLength(1)
  })

  it('masks the token: it appears only in the add-mask command', async () => {
    const result = await run({}, onPullRequest())
    const lines = result.stdout.split('\n').filter((l) => l.includes(TOKENS.default))
    expect(lines).toEqual([`::add-mask::${TOKENS.default}`])
  })
})

describe('when GitHub says no', () => {
  beforeEach(() => gh.setBehaviour({ badGateway: 0, secondaryRateLimit: 0 }))

  it('leaves the step green with a warning naming the cause and the fix for a fork token', async () => {
    const result = await run({ 'github-token': TOKENS.fork }, onPullRequest())
    expect(result.status).toBe(0)
    expect(result.stdout).toMatch(
      /::warning::The pull request comment could not be posted \(HTTP 403: Resource not accessible by integration/,
    )
    expect(result.stdout).toContain('from-report')
    expect(result.summary).toContain('## Benchmark analyst')
    expect(fs.existsSync(result.outputs['report-json']!)).toBe(true)
    expect(result.outputs['comment-url']).toBeUndefined()
  })

  it('retries a 502 and a secondary rate limit, then posts', async () => {
    gh.setBehaviour({ badGateway: 1, secondaryRateLimit: 1 })
    const result = await run({ 'comment-tag': 'retried' }, onPullRequest())
    expect(result.status).toBe(0)
    expect(result.stdout).toMatch(/HTTP 502.*trying again/)
    expect(result.stdout).toMatch(/secondary rate limit.*trying again in 1\.0 s/)
    expect(ours('retried')).toHaveLength(1)
  })

  it('does not retry a 401, and says to check the token', async () => {
    const before = gh.requests.length
    const result = await run({ 'github-token': 'not-a-token' }, onPullRequest())
    expect(result.status).toBe(0)
    expect(result.stdout).toContain('check the github-token input')
    expect(gh.requests.length - before).toBeLessThanOrEqual(2)
  })
})

describe('a very large artifact set', () => {
  it('still fits one comment, which GitHub accepts', async () => {
    const big = path.join(temp, 'big')
    for (let i = 0; i < 1500; i++) {
      const dir = path.join(big, 'reports', `night_${i % 40}`)
      fs.mkdirSync(dir, { recursive: true })
      fs.writeFileSync(
        path.join(dir, `${'sweep_with_a_long_descriptive_name_'.repeat(3)}${i}.csv`),
        `batch,latency_ms\n1,${i}\n8,${i + 1}\n`,
      )
    }
    const result = await runActionAsync(
      big,
      { llm: 'false', 'github-token': TOKENS.default, 'comment-tag': 'big' },
      onPullRequest(),
    )
    expect(result.status).toBe(0)
    expect(result.stdout).not.toContain('::warning::')
    const body = ours('big')[0]!.body
    expect(body.length).toBeLessThanOrEqual(65_536)
    expect(body).toContain('## Benchmark analyst · 1,500 files')
    expect(body).toMatch(/Left out to fit: .*report\.md/)
  })
})

describe('events without a pull request, and workflow_run', () => {
  it('on push writes the summary and says why there is no comment', async () => {
    const before = gh.comments.length
    const result = await run({}, event('push', { ref: 'refs/heads/main' }))
    expect(result.status).toBe(0)
    expect(result.stdout).toContain('No comment: a push run has no pull request to comment on')
    expect(gh.comments.length).toBe(before)
    expect(result.summary).toContain('## Benchmark analyst')
  })

  it("finds a fork's pull request from the triggering run's head commit", async () => {
    gh.addPull({
      owner: OWNER,
      repo: REPO,
      number: 21,
      headRef: 'faster-kernels',
      headSha: 'a1b2c3d4e5f6',
      fork: true,
      headOwner: 'contributor',
    })
    const result = await run(
      {},
      event('workflow_run', {
        workflow_run: {
          pull_requests: [],
          head_sha: 'a1b2c3d4e5f6',
          head_branch: 'faster-kernels',
          head_repository: { owner: { login: 'contributor' } },
        },
      }),
    )
    expect(result.status).toBe(0)
    expect(gh.comments.filter((c) => c.issue === 21)).toHaveLength(1)
  })
})

describe('from-report: publishing a report.json from an untrusted job', () => {
  it('renders it with every string escaped and every model statement checked again', async () => {
    const first = await run({ comment: 'false' }, event('push', {}))
    const report = JSON.parse(fs.readFileSync(first.outputs['report-json']!, 'utf8'))
    report.inventory.files[0].path = 'reports/<img src=x onerror=alert(1)>@octocat.csv'
    report.analysis = {
      summary: 'Throughput reached 100 tok/s at batch 8. Throughput reached 512 tok/s on Friday.',
      findings: [
        {
          text: '<script>alert(1)</script> ping @octocat, see ![x](http://evil.example/x.png)',
          facts: ['M1'],
        },
      ],
      recommendations: [],
      gapsToCheck: [],
      rejected: [],
    }
    report.llm = { status: 'ok', model: 'gemma3:1b', host: 'x', options: {}, calls: [] }
    report.extra = { injected: true }
    const file = path.join(workspace, 'report-from-fork.json')
    fs.writeFileSync(file, JSON.stringify(report))
    const result = await run(
      { 'from-report': 'report-from-fork.json', 'comment-tag': 'from-fork' },
      onPullRequest(),
    )
    fs.rmSync(file)
    expect(result.status).toBe(0)
    const body = ours('from-fork')[0]!.body
    expect(body).toContain('Throughput reached 100 tok/s at batch 8.')
    expect(body).not.toContain('512')
    const live = body.replace(/(`+)[^`]*?\1/g, '')
    expect(live).not.toMatch(/<img|<script/i)
    expect(live).not.toMatch(/(^|[^\w\u2060])@octocat/)
    expect(live).not.toContain('![')
    const republished = JSON.parse(fs.readFileSync(result.outputs['report-json']!, 'utf8'))
    expect(republished.extra).toBeUndefined()
    expect(republished.analysis.rejected.map((r: { text: string }) => r.text)).toContain(
      'Throughput reached 512 tok/s on Friday.',
    )
  })

  it('fails at once, naming the input, when the file is not a report', async () => {
    fs.writeFileSync(path.join(workspace, 'not-a-report.json'), '{"hello": 1}')
    const result = await run({ 'from-report': 'not-a-report.json' }, onPullRequest())
    expect(result.status).toBe(1)
    expect(result.stdout).toContain('::error::from-report: not a benchmark-analyst report.json')
  })
})
