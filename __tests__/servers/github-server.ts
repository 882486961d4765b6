// A fake GitHub REST API: a real HTTP server on 127.0.0.1 that @actions/github's Octokit reaches
// with getOctokit(token, { baseUrl: fake.url }). It speaks issue comments (list, create, update),
// GET /user, pulls by head and commits/{sha}/pulls, with failures selectable per test.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export type Login = { login: string; id?: number; type: 'User' | 'Bot' }
export type User = Required<Login>
type Where = { owner: string; repo: string }

export interface Account extends Login {
  /** GET /user answers: true for a PAT, false for an installation token like GITHUB_TOKEN. */
  canGetUser: boolean
  /** A fork's GITHUB_TOKEN: every write answers 403. */
  readOnly?: boolean
}

export interface FakeGitHubOptions {
  port: number
  /** Token → the account it authenticates. */
  tokens: Record<string, Account>
  /** commits/{sha}/pulls also lists pulls whose head is in a fork (GitHub doesn't). */
  forkPullsByCommit: boolean
  /** The next N requests answer 502 with the load balancer's HTML page. */
  badGateway: number
  /** The next N requests answer 403 "secondary rate limit" with a retry-after header. */
  secondaryRateLimit: number
  retryAfterSeconds: number
}

export interface RecordedRequest {
  method: string
  path: string
  query: Record<string, string>
  body: unknown
  authorization: string | undefined
}

export interface StoredComment extends Where {
  id: number
  issue: number
  body: string
  user: User
  author_association: string
  created_at: string
  updated_at: string
}

export interface StoredPull extends Where {
  number: number
  headRef: string
  headSha: string
  /** The head branch lives in `headOwner`'s fork (default owner "contributor"). */
  fork: boolean
  headOwner: string
  baseRef: string
  state: 'open' | 'closed'
}
type PullSeed = Omit<StoredPull, 'fork' | 'headOwner' | 'baseRef' | 'state'> & Partial<StoredPull>
type Author = Partial<Login> & { bodyPrefix?: string; association?: string }

export interface FakeGitHub {
  url: string
  requests: RecordedRequest[]
  comments: StoredComment[]
  pulls: StoredPull[]
  setBehaviour(patch: Partial<FakeGitHubOptions>): void
  addIssue(owner: string, repo: string, issue: number): void
  /** n comments with bodies `${bodyPrefix} 1`… by `login` (default "someone", a User). */
  addComments(owner: string, repo: string, issue: number, n: number, a?: Author): StoredComment[]
  addPull(pull: PullSeed): StoredPull
  close(): Promise<void>
}

export const GITHUB_ACTIONS_BOT: User = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' }
export const TOKENS = { default: 'ghs_default', fork: 'ghs_fork', pat: 'ghp_personal' } as const
export const MAX_BODY = 65536

const DEFAULTS: FakeGitHubOptions = {
  port: 0,
  tokens: {
    [TOKENS.default]: { ...GITHUB_ACTIONS_BOT, canGetUser: false },
    [TOKENS.fork]: { ...GITHUB_ACTIONS_BOT, canGetUser: false, readOnly: true },
    [TOKENS.pat]: { login: 'octocat', id: 583231, type: 'User', canGetUser: true },
  },
  forkPullsByCommit: false,
  badGateway: 0,
  secondaryRateLimit: 0,
  retryAfterSeconds: 1,
}

const DOCS = 'https://docs.github.com/rest'
const BAD_GATEWAY_HTML =
  '<html><body><h1>502 Bad Gateway</h1>\nThe server returned an invalid or incomplete response.\n</body></html>\n'
const NOT_ALLOWED = 'Resource not accessible by integration'

const idFor = (text: string) => [...text].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7)
const toUser = (a: Login): User => ({ login: a.login, id: a.id ?? idFor(a.login), type: a.type })
const nodeId = (prefix: string, id: number) =>
  `${prefix}_kgDO${Buffer.from(String(id)).toString('base64url')}`
const key = (owner: string, repo: string) => `${owner}/${repo}`.toLowerCase()

export async function startFakeGitHub(
  options: Partial<FakeGitHubOptions> = {},
): Promise<FakeGitHub> {
  const s: FakeGitHubOptions = { ...DEFAULTS, ...options }
  const requests: RecordedRequest[] = []
  const comments: StoredComment[] = []
  const pulls: StoredPull[] = []
  const repos = new Map<string, { owner: string; repo: string; id: number }>()
  const issues = new Set<string>()
  let base = ''
  let nextCommentId = 2_100_000_000
  // A clock that ticks a second per event, so created_at and updated_at are distinct and ordered.
  let clock = Date.parse('2026-03-02T09:00:00Z')
  const now = () => new Date((clock += 1000)).toISOString().replace('.000Z', 'Z')

  function addIssue(owner: string, repo: string, issue: number) {
    const r = repos.get(key(owner, repo)) ?? { owner, repo, id: 880_000_000 + repos.size }
    repos.set(key(owner, repo), r)
    issues.add(`${key(owner, repo)}#${issue}`)
    return r
  }
  const same = (a: Where, b: Where) => key(a.owner, a.repo) === key(b.owner, b.repo)

  function addComment(at: Where, issue: number, body: string, user: User, association = 'NONE') {
    const { owner, repo } = addIssue(at.owner, at.repo, issue)
    const created_at = now()
    const c: StoredComment = {
      id: nextCommentId++,
      owner,
      repo,
      issue,
      body,
      user,
      author_association: association,
      created_at,
      updated_at: created_at,
    }
    comments.push(c)
    return c
  }

  const userJson = ({ login, id, type }: User) => {
    const node_id = nodeId(type === 'Bot' ? 'BOT' : 'U', id)
    return { login, id, node_id, type, site_admin: false }
  }
  function commentJson(c: StoredComment) {
    const kind = pulls.some((p) => same(p, c) && p.number === c.issue) ? 'pull' : 'issues'
    const { id, owner, repo, issue, body, user, author_association, created_at, updated_at } = c
    return {
      url: `${base}/repos/${owner}/${repo}/issues/comments/${id}`,
      html_url: `https://github.com/${owner}/${repo}/${kind}/${issue}#issuecomment-${id}`,
      issue_url: `${base}/repos/${owner}/${repo}/issues/${issue}`,
      id,
      node_id: nodeId('IC', id),
      user: userJson(user),
      created_at,
      updated_at,
      author_association,
      body,
    }
  }
  function pullJson(p: StoredPull) {
    const side = (owner: string, ref: string, sha: string, fork: boolean) => {
      const full_name = `${owner}/${p.repo}`
      const id = fork ? idFor(full_name) : repos.get(key(p.owner, p.repo))?.id
      const repo = { id, name: p.repo, full_name, owner: { login: owner }, fork }
      return { label: `${owner}:${ref}`, ref, sha, repo }
    }
    return {
      url: `${base}/repos/${p.owner}/${p.repo}/pulls/${p.number}`,
      html_url: `https://github.com/${p.owner}/${p.repo}/pull/${p.number}`,
      number: p.number,
      state: p.state,
      user: { login: p.headOwner },
      head: side(p.headOwner, p.headRef, p.headSha, p.fork),
      base: side(p.owner, p.baseRef, '0'.repeat(40), false),
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy())
  })

  async function handle(req: IncomingMessage, res: ServerResponse) {
    let raw = ''
    for await (const chunk of req) raw += chunk
    const url = new URL(req.url ?? '/', base)
    const method = req.method ?? ''
    const body: unknown = raw ? JSON.parse(raw) : undefined
    const authorization = req.headers.authorization
    const query = Object.fromEntries(url.searchParams)
    requests.push({ method, path: url.pathname, query, body, authorization })
    const send = (status: number, data: unknown, headers: Record<string, string> = {}) =>
      res
        .writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers })
        .end(JSON.stringify(data))
    const fail = (status: number, message: string, doc = DOCS, extra = {}) =>
      send(status, { message, ...extra, documentation_url: doc, status: String(status) })

    if (s.badGateway > 0) {
      s.badGateway--
      return res.writeHead(502, { 'content-type': 'text/html' }).end(BAD_GATEWAY_HTML)
    }
    const token = /^(?:token|bearer) +(\S+)$/i.exec(authorization ?? '')?.[1]
    const account = token === undefined ? undefined : s.tokens[token]
    // GitHub lets anonymous reads of public repos through; the fake treats every repo as private.
    if (!authorization) return fail(401, 'Requires authentication')
    if (!account) return fail(401, 'Bad credentials')
    if (s.secondaryRateLimit > 0) {
      s.secondaryRateLimit--
      const message =
        'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID C0DE:F00D:1234567:89ABCDE:6600AA00.'
      const doc = `https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits`
      const headers = { 'retry-after': String(s.retryAfterSeconds) }
      return send(403, { message, documentation_url: doc }, headers)
    }

    // The URLs in link headers name the repository by its id.
    const path = url.pathname.replace(/^\/repositories\/(\d+)(?=\/)/, (whole, id: string) => {
      const r = [...repos.values()].find((x) => x.id === Number(id))
      return r ? `/repos/${r.owner}/${r.repo}` : whole
    })
    if (method === 'GET' && path === '/user') {
      if (account.canGetUser) return send(200, userJson(toUser(account)))
      return fail(403, NOT_ALLOWED, `${DOCS}/users/users#get-the-authenticated-user`)
    }
    const m = /^\/repos\/([^/]+)\/([^/]+)\/(.+)$/.exec(path)
    const repo = m && repos.get(key(m[1]!, m[2]!))
    if (!m || !repo) return fail(404, 'Not Found')
    const rest = m[3]!
    const linkPath = `/repositories/${repo.id}/${rest}`
    const text = (body as { body?: unknown } | undefined)?.body

    let r: RegExpExecArray | null
    if ((r = /^issues\/(\d+)\/comments$/.exec(rest)) && (method === 'GET' || method === 'POST')) {
      const issue = Number(r[1])
      const doc = `${DOCS}/issues/comments#${method === 'GET' ? 'list-issue-comments' : 'create-an-issue-comment'}`
      if (!issues.has(`${key(repo.owner, repo.repo)}#${issue}`)) return fail(404, 'Not Found', doc)
      if (method === 'GET')
        return paginate(comments.filter((c) => same(c, repo) && c.issue === issue).map(commentJson))
      const refusal = refuse(doc)
      if (refusal) return refusal
      const c = addComment(repo, issue, text as string, toUser(account))
      return send(201, commentJson(c), { location: commentJson(c).url })
    }
    if ((r = /^issues\/comments\/(\d+)$/.exec(rest)) && method === 'PATCH') {
      const doc = `${DOCS}/issues/comments#update-an-issue-comment`
      const c = comments.find((x) => x.id === Number(r![1]) && same(x, repo))
      if (!c) return fail(404, 'Not Found', doc)
      // An integration token may edit only its own comments.
      if (c.user.login !== account.login) return fail(403, NOT_ALLOWED, doc)
      const refusal = refuse(doc)
      if (refusal) return refusal
      Object.assign(c, { body: text, updated_at: now() })
      return send(200, commentJson(c))
    }
    if (rest === 'pulls' && method === 'GET') {
      const state = url.searchParams.get('state') ?? 'open'
      const head = url.searchParams.get('head')
      const baseRef = url.searchParams.get('base')
      const list = pulls.filter(
        (p) =>
          same(p, repo) &&
          (state === 'all' || p.state === state) &&
          // Without the "owner:" prefix GitHub ignores head altogether and lists every pull.
          (!head?.includes(':') || `${p.headOwner}:${p.headRef}` === head) &&
          (!baseRef || p.baseRef === baseRef),
      )
      return paginate(list.map(pullJson))
    }
    if ((r = /^commits\/([^/]+)\/pulls$/.exec(rest)) && method === 'GET') {
      const sha = r[1]
      const fits = (p: StoredPull) => same(p, repo) && p.headSha === sha
      return paginate(
        pulls.filter((p) => fits(p) && (!p.fork || s.forkPullsByCommit)).map(pullJson),
      )
    }
    return fail(404, 'Not Found')

    /** The answer to a write that must not happen, if any. */
    function refuse(doc: string) {
      if (account!.readOnly) return fail(403, NOT_ALLOWED, doc)
      if (typeof text !== 'string')
        return fail(422, `Invalid request.\n\n"body" wasn't supplied.`, doc)
      // GitHub counts characters (code points), not UTF-16 units.
      if ([...text].length <= MAX_BODY) return undefined
      const message = `body is too long (maximum is ${MAX_BODY} characters)`
      const errors = [{ resource: 'IssueComment', code: 'custom', field: 'body', message }]
      return fail(422, 'Validation Failed', doc, { errors })
    }

    // GitHub's link header: prev, next, last, first; the other query parameters are kept.
    function paginate(items: unknown[]) {
      const perPage = Math.min(Number(url.searchParams.get('per_page')) || 30, 100)
      const page = Math.max(Number(url.searchParams.get('page')) || 1, 1)
      const last = Math.max(Math.ceil(items.length / perPage), 1)
      const link = (n: number, rel: string) => {
        const q = new URLSearchParams(url.searchParams)
        q.delete('page')
        q.append('page', String(n))
        return `<${base}${linkPath}?${q}>; rel="${rel}"`
      }
      const rels = [
        ...(page > 1 ? [link(page - 1, 'prev')] : []),
        ...(page < last ? [link(page + 1, 'next'), link(last, 'last')] : []),
        ...(page > 1 ? [link(1, 'first')] : []),
      ]
      const slice = items.slice((page - 1) * perPage, page * perPage)
      return send(200, slice, rels.length > 0 ? { link: rels.join(', ') } : {})
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(s.port, '127.0.0.1', () => resolve())
  })
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  return {
    url: base,
    requests,
    comments,
    pulls,
    setBehaviour: (patch) => void Object.assign(s, patch),
    addIssue: (owner, repo, issue) => void addIssue(owner, repo, issue),
    addComments(owner, repo, issue, n, a = {}) {
      const user = toUser({ login: a.login ?? 'someone', type: a.type ?? 'User', id: a.id })
      const body = (i: number) => `${a.bodyPrefix ?? 'comment'} ${i + 1}`
      return Array.from({ length: n }, (_, i) =>
        addComment({ owner, repo }, issue, body(i), user, a.association),
      )
    },
    addPull(seed) {
      const r = addIssue(seed.owner, seed.repo, seed.number)
      const fork = seed.fork ?? false
      const headOwner = seed.headOwner ?? (fork ? 'contributor' : r.owner)
      const { baseRef = 'main', state = 'open' } = seed
      const pull = { ...seed, owner: r.owner, repo: r.repo, fork, headOwner, baseRef, state }
      pulls.push(pull)
      return pull
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
