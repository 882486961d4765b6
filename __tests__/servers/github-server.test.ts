import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { getOctokit } from '@actions/github'
import { MAX_BODY, TOKENS, startFakeGitHub, type FakeGitHub } from './github-server.js'

const owner = 'octo-org'
const repo = 'benchmarks'

// What a RequestError from @octokit/request carries.
type Failure = {
  name: string
  status: number
  message: string
  response: { headers: Record<string, string>; data: { message?: string } }
}

describe('the fake GitHub, through @actions/github', () => {
  let fake: FakeGitHub
  const octokit = (token: string = TOKENS.default) => getOctokit(token, { baseUrl: fake.url })
  const rejection = (p: Promise<unknown>) =>
    p.then(
      () => {
        throw new Error('expected the request to fail')
      },
      (e: unknown) => e as Failure,
    )

  beforeEach(async () => {
    fake = await startFakeGitHub()
  })
  afterEach(async () => {
    await fake.close()
  })

  it('pages 250 comments in creation order with GitHub link headers', async () => {
    fake.addPull({ owner, repo, number: 7, headRef: 'perf/parse', headSha: 'a'.repeat(40) })
    fake.addComments(owner, repo, 7, 250, { login: 'alice', type: 'User', bodyPrefix: 'note' })
    const gh = octokit()
    const all = await gh.paginate(gh.rest.issues.listComments, {
      owner,
      repo,
      issue_number: 7,
      per_page: 100,
    })
    expect(all.map((c) => c.body)).toEqual(Array.from({ length: 250 }, (_, i) => `note ${i + 1}`))
    expect(all.map((c) => c.id)).toEqual([...all.map((c) => c.id)].sort((a, b) => a - b))
    const first = all[0]!
    expect(first).toMatchObject({
      node_id: expect.any(String),
      url: `${fake.url}/repos/${owner}/${repo}/issues/comments/${first.id}`,
      html_url: `https://github.com/${owner}/${repo}/pull/7#issuecomment-${first.id}`,
      user: { login: 'alice', type: 'User', id: expect.any(Number) },
      author_association: 'NONE',
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
    })

    const pages = fake.requests.filter((r) => r.path.endsWith('/issues/7/comments'))
    expect(pages.map((r) => r.query)).toEqual([
      { per_page: '100' },
      { per_page: '100', page: '2' },
      { per_page: '100', page: '3' },
    ])
    expect(pages[0]!.path).toBe(`/repos/${owner}/${repo}/issues/7/comments`)

    const links: string[] = []
    for await (const page of gh.paginate.iterator(gh.rest.issues.listComments, {
      owner,
      repo,
      issue_number: 7,
      per_page: 100,
    }))
      links.push(page.headers.link ?? '')
    const id = /\/repositories\/(\d+)\//.exec(links[0]!)![1]
    const at = (n: number, rel: string) =>
      `<${fake.url}/repositories/${id}/issues/7/comments?per_page=100&page=${n}>; rel="${rel}"`
    expect(links).toEqual([
      `${at(2, 'next')}, ${at(3, 'last')}`,
      `${at(1, 'prev')}, ${at(3, 'next')}, ${at(3, 'last')}, ${at(1, 'first')}`,
      `${at(2, 'prev')}, ${at(1, 'first')}`,
    ])
  })

  it('pages 30 by default and at most 100', async () => {
    fake.addComments(owner, repo, 3, 250)
    const gh = octokit()
    const byDefault = await gh.rest.issues.listComments({ owner, repo, issue_number: 3 })
    expect(byDefault.data).toHaveLength(30)
    expect(byDefault.headers.link).toMatch(/\?page=2>; rel="next", <[^>]*\?page=9>; rel="last"$/)
    expect(byDefault.data[0]!.html_url).toContain('/issues/3#issuecomment-')
    const capped = await gh.rest.issues.listComments({
      owner,
      repo,
      issue_number: 3,
      per_page: 500,
    })
    expect(capped.data).toHaveLength(100)
    const few = await gh.rest.issues.listComments({ owner, repo, issue_number: 3, page: 99 })
    expect(few.data).toEqual([])
  })

  it('creates and updates a comment as the token’s account, sending the token', async () => {
    fake.addIssue(owner, repo, 5)
    const gh = octokit()
    const created = await gh.rest.issues.createComment({
      owner,
      repo,
      issue_number: 5,
      body: 'first',
    })
    expect(created.status).toBe(201)
    expect(created.data).toMatchObject({
      body: 'first',
      user: { login: 'github-actions[bot]', id: 41898282, type: 'Bot' },
    })
    const updated = await gh.rest.issues.updateComment({
      owner,
      repo,
      comment_id: created.data.id,
      body: 'second',
    })
    expect(updated.status).toBe(200)
    expect(updated.data).toMatchObject({ id: created.data.id, body: 'second' })
    expect(updated.data.updated_at > updated.data.created_at).toBe(true)
    const listed = await gh.rest.issues.listComments({ owner, repo, issue_number: 5 })
    expect(listed.data.map((c) => c.body)).toEqual(['second'])
    expect(fake.comments).toHaveLength(1)

    expect(fake.requests.map((r) => [r.method, r.path, r.body, r.authorization])).toEqual([
      ['POST', `/repos/${owner}/${repo}/issues/5/comments`, { body: 'first' }, 'token ghs_default'],
      [
        'PATCH',
        `/repos/${owner}/${repo}/issues/comments/${created.data.id}`,
        { body: 'second' },
        'token ghs_default',
      ],
      ['GET', `/repos/${owner}/${repo}/issues/5/comments`, undefined, 'token ghs_default'],
    ])
  })

  it('refuses to update a missing comment (404) or someone else’s (403)', async () => {
    const [theirs] = fake.addComments(owner, repo, 5, 1, { login: 'alice' })
    const gh = octokit()
    const missing = await rejection(
      gh.rest.issues.updateComment({ owner, repo, comment_id: 1, body: 'x' }),
    )
    expect(missing.status).toBe(404)
    const others = await rejection(
      gh.rest.issues.updateComment({ owner, repo, comment_id: theirs!.id, body: 'x' }),
    )
    expect(others.status).toBe(403)
    expect(others.response.data.message).toBe('Resource not accessible by integration')
    expect(fake.comments[0]!.body).toBe('comment 1')
  })

  it('answers 422 with GitHub’s body for a body over 65536 characters', async () => {
    fake.addIssue(owner, repo, 5)
    const gh = octokit()
    const ok = await gh.rest.issues.createComment({
      owner,
      repo,
      issue_number: 5,
      body: 'x'.repeat(MAX_BODY),
    })
    expect(ok.status).toBe(201)
    const error = await rejection(
      gh.rest.issues.createComment({
        owner,
        repo,
        issue_number: 5,
        body: 'x'.repeat(MAX_BODY + 1),
      }),
    )
    expect(error).toMatchObject({ name: 'HttpError', status: 422 })
    expect(error.message).toContain('Validation Failed')
    expect(error.response.data).toEqual({
      message: 'Validation Failed',
      errors: [
        {
          resource: 'IssueComment',
          code: 'custom',
          field: 'body',
          message: 'body is too long (maximum is 65536 characters)',
        },
      ],
      documentation_url: 'https://docs.github.com/rest/issues/comments#create-an-issue-comment',
      status: '422',
    })
    const onUpdate = await rejection(
      gh.rest.issues.updateComment({
        owner,
        repo,
        comment_id: ok.data.id,
        body: 'x'.repeat(MAX_BODY + 1),
      }),
    )
    expect(onUpdate.status).toBe(422)
    expect(fake.comments).toHaveLength(1)
  })

  it('refuses writes with a fork’s read-only token', async () => {
    fake.addIssue(owner, repo, 5)
    const error = await rejection(
      octokit(TOKENS.fork).rest.issues.createComment({ owner, repo, issue_number: 5, body: 'hi' }),
    )
    expect(error.status).toBe(403)
    expect(error.response.data.message).toBe('Resource not accessible by integration')
    expect(fake.comments).toHaveLength(0)
  })

  it('answers 502 with HTML for the next N requests, without retries', async () => {
    fake.addIssue(owner, repo, 5)
    fake.setBehaviour({ badGateway: 1 })
    const gh = octokit()
    const error = await rejection(gh.rest.issues.listComments({ owner, repo, issue_number: 5 }))
    expect(error.status).toBe(502)
    expect(error.response.headers['content-type']).toBe('text/html')
    expect(error.response.data).toContain('<h1>502 Bad Gateway</h1>')
    expect(fake.requests).toHaveLength(1)
    const after = await gh.rest.issues.listComments({ owner, repo, issue_number: 5 })
    expect(after.status).toBe(200)
  })

  it('answers a secondary rate limit with retry-after for the next N requests', async () => {
    fake.addIssue(owner, repo, 5)
    fake.setBehaviour({ secondaryRateLimit: 2 })
    const gh = octokit()
    for (let i = 0; i < 2; i++) {
      const error = await rejection(
        gh.rest.issues.createComment({ owner, repo, issue_number: 5, body: 'hi' }),
      )
      expect(error.status).toBe(403)
      expect(error.response.headers['retry-after']).toBe('1')
      expect(error.response.data.message).toMatch(/^You have exceeded a secondary rate limit\./)
    }
    expect(fake.requests).toHaveLength(2)
    expect(fake.comments).toHaveLength(0)
    await gh.rest.issues.createComment({ owner, repo, issue_number: 5, body: 'hi' })
    expect(fake.comments).toHaveLength(1)
  })

  it('answers /user for a PAT and 403 for GITHUB_TOKEN', async () => {
    const me = await octokit(TOKENS.pat).rest.users.getAuthenticated()
    expect(me.data).toMatchObject({ login: 'octocat', id: 583231, type: 'User' })
    const error = await rejection(octokit().rest.users.getAuthenticated())
    expect(error.status).toBe(403)
    expect(error.response.data).toEqual({
      message: 'Resource not accessible by integration',
      documentation_url: 'https://docs.github.com/rest/users/users#get-the-authenticated-user',
      status: '403',
    })
  })

  it('answers 401 for an unknown token and 404 for an unknown repository or issue', async () => {
    fake.addIssue(owner, repo, 5)
    const bad = await rejection(octokit('ghp_nope').rest.users.getAuthenticated())
    expect(bad.status).toBe(401)
    expect(bad.response.data.message).toBe('Bad credentials')
    const gh = octokit()
    const noRepo = await rejection(
      gh.rest.issues.listComments({ owner, repo: 'nope', issue_number: 5 }),
    )
    expect(noRepo.status).toBe(404)
    expect(noRepo.response.data.message).toBe('Not Found')
    const noIssue = await rejection(
      gh.rest.issues.createComment({ owner, repo, issue_number: 6, body: 'x' }),
    )
    expect(noIssue.status).toBe(404)
  })

  it('lists open pulls by head and the pulls of a commit', async () => {
    const sha = (c: string) => c.repeat(40)
    fake.addPull({ owner, repo, number: 12, headRef: 'perf/parse', headSha: sha('1') })
    fake.addPull({ owner, repo, number: 13, headRef: 'perf/parse', headSha: sha('2'), fork: true })
    fake.addPull({
      owner,
      repo,
      number: 14,
      headRef: 'perf/parse',
      headSha: sha('3'),
      state: 'closed',
    })
    const gh = octokit()
    const numbers = async (head: string) =>
      (await gh.rest.pulls.list({ owner, repo, state: 'open', head, per_page: 100 })).data.map(
        (p) => p.number,
      )
    expect(await numbers(`${owner}:perf/parse`)).toEqual([12])
    expect(await numbers('contributor:perf/parse')).toEqual([13])
    expect(await numbers('perf/parse')).toEqual([12, 13]) // no owner: GitHub ignores head
    const [fork] = (await gh.rest.pulls.list({ owner, repo, head: 'contributor:perf/parse' })).data
    expect(fork).toMatchObject({
      number: 13,
      state: 'open',
      head: {
        ref: 'perf/parse',
        sha: sha('2'),
        label: 'contributor:perf/parse',
        repo: { full_name: `contributor/${repo}`, owner: { login: 'contributor' } },
      },
      base: { ref: 'main' },
    })

    const byCommit = async (commit_sha: string) =>
      (
        await gh.rest.repos.listPullRequestsAssociatedWithCommit({ owner, repo, commit_sha })
      ).data.map((p) => p.number)
    expect(await byCommit(sha('1'))).toEqual([12])
    expect(await byCommit(sha('2'))).toEqual([])
    fake.setBehaviour({ forkPullsByCommit: true })
    expect(await byCommit(sha('2'))).toEqual([13])
  })
})
