// A fake of what @actions/artifact 6 talks to, on one HTTP server on 127.0.0.1:
// - the Actions results service (Twirp, JSON): ListArtifacts and GetSignedArtifactURL, used for
//   the current run and authorised by the job's ACTIONS_RUNTIME_TOKEN;
// - the public REST API, used with `findBy` (another run): list a run's artifacts, and
//   actions/artifacts/{id}/zip, which answers 302 to a signed blob URL;
// - the blob storage (Azure, in reality) that both signed URLs point at.
import { createHash, createHmac, randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface FakeArtifact {
  id: number
  name: string
  zip: Buffer
  createdAt?: string
  expiresAt?: string
  expired?: boolean
  /** Default: the sha256 of zip, as 'sha256:<hex>'. */
  digest?: string
  /** Default: the server's runId. */
  runId?: number
}

export interface ArtifactServerOptions {
  artifacts: FakeArtifact[]
  /** The run the job (ACTIONS_RUNTIME_TOKEN) belongs to. */
  runId: number
  owner: string
  repo: string
  /** The token the REST API accepts with actions: read. */
  token: string
  /** A token the REST API knows but refuses with 403 (no actions: read, like a fork's). */
  forkToken?: string
  /** The most the REST API puts in a page (GitHub: 100, whatever per_page asks). */
  perPage?: number
  /** The first N blob downloads answer 503, as Azure does when busy. */
  blobFailures?: number
  /** Blob downloads are accepted and never answered, until release(). */
  stallBlob?: boolean
  /** Default 0 (any free port). */
  port?: number
}

export interface ArtifactServer {
  env: Record<string, string>
  /** path is the request target, query included; body is a Twirp request's JSON. */
  requests: { method: string; path: string; body?: unknown }[]
  /** Stop stalling, and answer the blob requests held so far. */
  release(): void
  close(): Promise<void>
}

const TWIRP = '/twirp/github.actions.results.api.v1.ArtifactService/'
const REST = 'https://docs.github.com/rest'
const DOCS = `${REST}/actions/artifacts`
const REPOSITORY_ID = 880_000_001
const DAY = 86_400_000

// The results service knows runs and jobs by UUIDs ("backend ids"); the fake derives them from
// the run id. The job's runtime token names them in its scp claim.
const uuid = (kind: number, n: number) =>
  `${kind.toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`
const backendIds = (runId: number) => ({ run: uuid(0xa1, runId), job: uuid(0xb2, runId) })
const b64url = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url')
const sha1 = (text: string) => createHash('sha1').update(text).digest('hex')
const parse = (raw: string): unknown => {
  try {
    return JSON.parse(raw)
  } catch {
    return undefined
  }
}
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z')

export async function startArtifactServer(o: ArtifactServerOptions): Promise<ArtifactServer> {
  const requests: ArtifactServer['requests'] = []
  const secret = randomBytes(16)
  const held: { res: ServerResponse; a: FakeArtifact; rscd: string }[] = []
  let failures = o.blobFailures ?? 0
  let stall = o.stallBlob ?? false
  let base = ''

  const ids = backendIds(o.runId)
  // Unsigned (alg none): the client only decodes the token, it never verifies it.
  const scp = `Actions.GenericRead:${ids.run} Actions.Results:${ids.run}:${ids.job}`
  const exp = Math.floor(Date.now() / 1000) + 3600
  const runtimeToken = `${b64url({ typ: 'JWT', alg: 'none' })}.${b64url({ scp, exp })}.`

  const runOf = (a: FakeArtifact) => a.runId ?? o.runId
  const digestOf = (a: FakeArtifact) =>
    a.digest ?? `sha256:${createHash('sha256').update(a.zip).digest('hex')}`
  const createdOf = (a: FakeArtifact) => a.createdAt ?? iso(Date.parse('2026-03-02T09:00:00Z'))
  const expiresOf = (a: FakeArtifact) => a.expiresAt ?? iso(Date.parse(createdOf(a)) + 90 * DAY)
  const sign = (path: string, rscd: string) =>
    createHmac('sha256', secret).update(`${path}\n${rscd}`).digest('base64url')

  // A SAS URL: rscd makes the storage answer with that content-disposition, sig signs it all.
  function blobUrl(a: FakeArtifact) {
    const { run, job } = backendIds(runOf(a))
    const path = `/actions-results/${run}/workflow-job-run-${job}/artifacts/${a.id}.zip`
    const rscd = `attachment; filename="${a.name}.zip"`
    const se = iso(Date.now() + 600_000)
    const q = new URLSearchParams({ rscd, se, sp: 'r', sv: '2021-12-02' })
    q.set('sig', sign(path, rscd))
    return `${base}${path}?${q}`
  }
  const sendBlob = (res: ServerResponse, a: FakeArtifact, rscd: string) =>
    res
      .writeHead(200, {
        'content-type': 'application/zip',
        'content-length': String(a.zip.length),
        'content-disposition': rscd,
        'x-ms-blob-type': 'BlockBlob',
      })
      .end(a.zip)

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy())
  })

  async function handle(req: IncomingMessage, res: ServerResponse) {
    let raw = ''
    for await (const chunk of req) raw += chunk
    const url = new URL(req.url ?? '/', base)
    const method = req.method ?? ''
    const twirp = url.pathname.startsWith(TWIRP)
    const body = (twirp ? parse(raw) : undefined) as Record<string, unknown> | null | undefined
    requests.push({ method, path: url.pathname + url.search, ...(twirp ? { body } : {}) })
    const json = (status: number, data: unknown, headers: Record<string, string> = {}) =>
      res
        .writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers })
        .end(JSON.stringify(data))

    // Twirp: POST, JSON in and out, protobuf field names (snake_case), int64 as strings,
    // Timestamps as RFC 3339; errors are { code, msg } with the code's HTTP status.
    if (twirp) {
      const rpc = url.pathname.slice(TWIRP.length)
      if (method !== 'POST' || !req.headers['content-type']?.startsWith('application/json'))
        return json(404, { code: 'bad_route', msg: `no handler for ${method} ${url.pathname}` })
      if (req.headers.authorization !== `Bearer ${runtimeToken}`)
        return json(401, { code: 'unauthenticated', msg: 'invalid runtime token' })
      if (typeof body !== 'object' || body === null)
        return json(400, { code: 'malformed', msg: 'the request body is not a JSON object' })
      // The token only opens its own run.
      if (body.workflow_run_backend_id !== ids.run || body.workflow_job_run_backend_id !== ids.job)
        return json(403, { code: 'permission_denied', msg: 'backend ids do not match the token' })
      // Assumed: the results service answers only for artifacts that have not expired.
      const live = o.artifacts.filter((a) => runOf(a) === o.runId && !a.expired)
      if (rpc === 'ListArtifacts') {
        const { name_filter: name, id_filter: id } = body
        const found = live.filter(
          (a) => (name === undefined || a.name === name) && (id === undefined || `${a.id}` === id),
        )
        const artifacts = found.map((a) => ({
          workflow_run_backend_id: ids.run,
          workflow_job_run_backend_id: ids.job,
          database_id: String(a.id),
          name: a.name,
          size: String(a.zip.length),
          created_at: createdOf(a),
          digest: digestOf(a),
        }))
        return json(200, { artifacts })
      }
      if (rpc === 'GetSignedArtifactURL') {
        const a = live.find((x) => x.name === body.name)
        if (!a) return json(404, { code: 'not_found', msg: 'artifact not found' })
        return json(200, { signed_url: blobUrl(a) })
      }
      return json(404, { code: 'bad_route', msg: `no handler for ${url.pathname}` })
    }

    // Blob storage: GET on a signed URL; a wrong signature is Azure's 403 AuthenticationFailed.
    const blob = /^\/actions-results\/[^/]+\/[^/]+\/artifacts\/(\d+)\.zip$/.exec(url.pathname)
    if (blob && method === 'GET') {
      const rscd = url.searchParams.get('rscd') ?? ''
      const a = o.artifacts.find((x) => x.id === Number(blob[1]))
      const azure = (status: number, code: string) =>
        res
          .writeHead(status, { 'content-type': 'application/xml' })
          .end(`<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code></Error>`)
      if (url.searchParams.get('sig') !== sign(url.pathname, rscd))
        return azure(403, 'AuthenticationFailed')
      if (!a) return azure(404, 'BlobNotFound')
      if (stall) return void held.push({ res, a, rscd })
      if (failures > 0) {
        failures--
        return azure(503, 'ServerBusy')
      }
      return sendBlob(res, a, rscd)
    }

    // The REST API: "token <t>" or "Bearer <t>"; link headers name the repository by its id.
    const fail = (status: number, message: string, doc = DOCS) =>
      json(status, { message, documentation_url: doc, status: String(status) })
    const token = /^(?:token|bearer) +(\S+)$/i.exec(req.headers.authorization ?? '')?.[1]
    if (!token) return fail(401, 'Requires authentication', REST)
    if (token !== o.token && token !== o.forkToken) return fail(401, 'Bad credentials', REST)
    const repoPath = `/repos/${o.owner}/${o.repo}/`.toLowerCase()
    const path = url.pathname.replace(`/repositories/${REPOSITORY_ID}/`, repoPath)
    if (!path.toLowerCase().startsWith(repoPath) || method !== 'GET') return fail(404, 'Not Found')
    const rest = path.slice(repoPath.length)
    const list = /^actions\/runs\/(\d+)\/artifacts$/.exec(rest)
    const zip = /^actions\/artifacts\/(\d+)\/zip$/.exec(rest)
    if (!list && !zip) return fail(404, 'Not Found')
    // Without actions: read (a fork's token on a private repository) both are refused.
    if (token === o.forkToken) return fail(403, 'Resource not accessible by integration')

    if (list) {
      const name = url.searchParams.get('name')
      const all = o.artifacts.filter(
        (a) => runOf(a) === Number(list[1]) && (name === null || a.name === name),
      )
      const size = Math.min(Number(url.searchParams.get('per_page')) || 30, o.perPage ?? 100)
      const page = Math.max(Number(url.searchParams.get('page')) || 1, 1)
      const last = Math.max(Math.ceil(all.length / size), 1)
      const link = (n: number, rel: string) => {
        const q = new URLSearchParams(url.searchParams)
        q.set('page', String(n))
        return `<${base}/repositories/${REPOSITORY_ID}/${rest}?${q}>; rel="${rel}"`
      }
      const rels = [
        ...(page > 1 ? [link(page - 1, 'prev')] : []),
        ...(page < last ? [link(page + 1, 'next'), link(last, 'last')] : []),
        ...(page > 1 ? [link(1, 'first')] : []),
      ]
      const artifacts = all.slice((page - 1) * size, page * size).map((a) => {
        const self = `${base}/repos/${o.owner}/${o.repo}/actions/artifacts/${a.id}`
        return {
          id: a.id,
          node_id: Buffer.from(`08:Artifact${a.id}`).toString('base64'),
          name: a.name,
          size_in_bytes: a.zip.length,
          url: self,
          archive_download_url: `${self}/zip`,
          expired: a.expired ?? false,
          digest: digestOf(a),
          created_at: createdOf(a),
          updated_at: createdOf(a),
          expires_at: expiresOf(a),
          workflow_run: {
            id: runOf(a),
            repository_id: REPOSITORY_ID,
            head_repository_id: REPOSITORY_ID,
            head_branch: 'main',
            head_sha: sha1(String(runOf(a))),
          },
        }
      })
      const headers = rels.length ? { link: rels.join(', ') } : undefined
      return json(200, { total_count: all.length, artifacts }, headers)
    }
    const a = o.artifacts.find((x) => x.id === Number(zip![1]))
    const doc = `${DOCS}#download-an-artifact`
    if (!a) return fail(404, 'Not Found', doc)
    if (a.expired) return fail(410, 'Artifact has expired', doc)
    return res.writeHead(302, { location: blobUrl(a), 'content-length': '0' }).end()
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(o.port ?? 0, '127.0.0.1', () => resolve())
  })
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  return {
    env: {
      ACTIONS_RUNTIME_TOKEN: runtimeToken,
      ACTIONS_RESULTS_URL: `${base}/`,
      GITHUB_API_URL: base,
      // The client refuses anything but github.com, *.ghe.com and *.localhost as GHES.
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: `${o.owner}/${o.repo}`,
      GITHUB_RUN_ID: String(o.runId),
    },
    requests,
    release() {
      stall = false
      for (const { res, a, rscd } of held.splice(0)) sendBlob(res, a, rscd)
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
