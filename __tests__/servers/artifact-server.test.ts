import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DefaultArtifactClient } from '@actions/artifact'
import {
  startArtifactServer,
  type ArtifactServer,
  type ArtifactServerOptions,
  type FakeArtifact,
} from './artifact-server.js'

const owner = 'octo-org'
const repo = 'benchmarks'
const token = 'ghs_reader'
const forkToken = 'ghs_fork'
const runId = 7001
const otherRun = 6990
const TWIRP = '/twirp/github.actions.results.api.v1.ArtifactService/'

const zipOf = (name: string) => Buffer.from(`PK\x03\x04fake ${name}`)
const artifact = (id: number, name: string, extra: Partial<FakeArtifact> = {}): FakeArtifact => ({
  id,
  name,
  zip: zipOf(name),
  ...extra,
})
const findBy = (t = token) => ({
  token: t,
  workflowRunId: otherRun,
  repositoryOwner: owner,
  repositoryName: repo,
})
// What @octokit/request throws.
type Failure = { status?: number; message: string; name: string }
const rejection = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a failure')
    },
    (e: unknown) => e as Failure,
  )

describe('the fake artifact services, through @actions/artifact', () => {
  const saved = { ...process.env }
  let port = 0
  let Client: typeof DefaultArtifactClient
  let server: ArtifactServer | undefined
  let dir = ''

  // @actions/github reads GITHUB_API_URL once, when it is first imported: so every server in
  // this file listens on one port, and @actions/artifact is imported once that is in the env.
  beforeAll(async () => {
    port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number }
        probe.close(() => resolve(port))
      })
    })
    process.env.GITHUB_API_URL = `http://127.0.0.1:${port}`
    ;({ DefaultArtifactClient: Client } = await import('@actions/artifact'))
  })
  afterEach(async () => {
    await server?.close()
    server = undefined
    if (dir) await rm(dir, { recursive: true, force: true })
    dir = ''
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k]
    Object.assign(process.env, saved)
  })
  afterAll(() => {
    delete process.env.GITHUB_API_URL
    Object.assign(process.env, saved)
  })

  async function start(options: Partial<ArtifactServerOptions>) {
    server = await startArtifactServer({
      artifacts: [],
      runId,
      owner,
      repo,
      token,
      forkToken,
      port,
      ...options,
    })
    Object.assign(process.env, server.env)
    dir = await mkdtemp(join(tmpdir(), 'artifact-server-'))
    return server
  }

  it("lists this run's live artifacts over Twirp", async () => {
    const mine = [artifact(101, 'bench-linux'), artifact(102, 'bench-macos')]
    const s = await start({
      artifacts: [
        ...mine,
        artifact(103, 'bench-old', { expired: true }),
        artifact(900, 'elsewhere', { runId: otherRun }),
      ],
    })
    const { artifacts } = await new Client().listArtifacts()
    expect(artifacts).toEqual(
      mine.map((a) => ({
        id: a.id,
        name: a.name,
        size: a.zip.length,
        createdAt: new Date('2026-03-02T09:00:00Z'),
        digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      })),
    )
    expect(s.requests).toHaveLength(1)
    const [list] = s.requests
    expect(list).toMatchObject({ method: 'POST', path: `${TWIRP}ListArtifacts` })
    // Protobuf field names, as the client sends them.
    expect(Object.keys(list!.body as object).sort()).toEqual([
      'workflow_job_run_backend_id',
      'workflow_run_backend_id',
    ])
  })

  it("lists another run's artifacts over REST, by total_count rather than link headers", async () => {
    const five = [1, 2, 3, 4, 5].map((i) => artifact(200 + i, `bench-${i}`, { runId: otherRun }))
    const s = await start({ artifacts: five, perPage: 2 })

    // The fake really pages (perPage 2: three pages, with link rel="next"/"last")...
    const auth = { authorization: `token ${token}` }
    const page1 = await fetch(
      `${s.env.GITHUB_API_URL}/repos/${owner}/${repo}/actions/runs/${otherRun}/artifacts?per_page=100`,
      { headers: auth },
    )
    const body = (await page1.json()) as { total_count: number; artifacts: { id: number }[] }
    expect(body.total_count).toBe(5)
    expect(body.artifacts.map((a) => a.id)).toEqual([201, 202])
    const link = page1.headers.get('link') ?? ''
    expect(link).toMatch(/[?&]page=2>; rel="next"/)
    expect(link).toMatch(/[?&]page=3>; rel="last"/)
    const next = /<([^>]+)>; rel="next"/.exec(link)![1]!
    const page2 = (await (await fetch(next, { headers: auth })).json()) as typeof body
    expect(page2.artifacts.map((a) => a.id)).toEqual([203, 204])
    s.requests.length = 0

    // ...but the client asks per_page=100 and counts pages as ceil(total_count / 100): it never
    // reads link, so a server answering fewer than 100 a page loses the rest.
    const { artifacts } = await new Client().listArtifacts({ findBy: findBy() })
    expect(artifacts.map((a) => a.id)).toEqual([201, 202])
    expect(s.requests.map((r) => r.path)).toEqual([
      `/repos/${owner}/${repo}/actions/runs/${otherRun}/artifacts?per_page=100&page=1`,
    ])
  })

  it('follows pages 2 and 3 when total_count says there are more than 100', async () => {
    const many = Array.from({ length: 250 }, (_, i) =>
      artifact(1000 + i, `bench-${i}`, { runId: otherRun }),
    )
    const s = await start({ artifacts: many })
    const { artifacts } = await new Client().listArtifacts({ findBy: findBy() })
    expect(artifacts.map((a) => a.id)).toEqual(many.map((a) => a.id))
    expect(artifacts[0]).toEqual({
      id: 1000,
      name: 'bench-0',
      size: many[0]!.zip.length,
      createdAt: new Date('2026-03-02T09:00:00Z'),
      digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
    })
    const pages = s.requests.map((r) => new URL(r.path, 'http://x').searchParams.get('page'))
    expect(pages).toEqual(['1', '2', '3'])
  })

  it('keeps the highest id per name with latest, sorted by id descending', async () => {
    await start({
      artifacts: [
        artifact(301, 'bench-linux', { runId: otherRun }),
        artifact(305, 'bench-linux', { runId: otherRun }),
        artifact(302, 'bench-macos', { runId: otherRun }),
        artifact(303, 'bench-old', { runId: otherRun, expired: true }),
      ],
    })
    const client = new Client()
    const all = await client.listArtifacts({ findBy: findBy() })
    // REST lists expired artifacts too, and the client passes them on.
    expect(all.artifacts.map((a) => a.id)).toEqual([301, 305, 302, 303])
    const latest = await client.listArtifacts({ findBy: findBy(), latest: true })
    expect(latest.artifacts.map((a) => a.id)).toEqual([305, 303, 302])
  })

  it("downloads one of this run's artifacts raw, named by content-disposition", async () => {
    const wanted = artifact(102, 'bench-macos')
    const s = await start({ artifacts: [artifact(101, 'bench-linux'), wanted] })
    const client = new Client()
    const { artifacts } = await client.listArtifacts()
    const digest = artifacts.find((a) => a.id === 102)!.digest
    const result = await client.downloadArtifact(102, {
      path: dir,
      skipDecompress: true,
      expectedHash: digest,
    })
    expect(result).toEqual({ downloadPath: dir, digestMismatch: false })
    expect(await readdir(dir)).toEqual(['bench-macos.zip'])
    expect(await readFile(join(dir, 'bench-macos.zip'))).toEqual(wanted.zip)

    const [, byId, signed, blob] = s.requests
    expect(byId).toMatchObject({ method: 'POST', path: `${TWIRP}ListArtifacts` })
    expect(byId!.body).toMatchObject({ id_filter: '102' })
    expect(signed).toMatchObject({ path: `${TWIRP}GetSignedArtifactURL` })
    expect(signed!.body).toMatchObject({ name: 'bench-macos' })
    expect(blob).toMatchObject({ method: 'GET', path: expect.stringMatching(/\/102\.zip\?.*sig=/) })
    expect(s.requests).toHaveLength(4)
  })

  it("downloads another run's artifact through the 302 redirect", async () => {
    const wanted = artifact(401, 'bench-linux', { runId: otherRun })
    const s = await start({ artifacts: [wanted] })
    const result = await new Client().downloadArtifact(401, {
      path: dir,
      skipDecompress: true,
      findBy: findBy(),
    })
    expect(result.digestMismatch).toBe(false)
    expect(await readFile(join(dir, 'bench-linux.zip'))).toEqual(wanted.zip)
    expect(s.requests.map((r) => r.method + ' ' + r.path.split('?')[0])).toEqual([
      `GET /repos/${owner}/${repo}/actions/artifacts/401/zip`,
      expect.stringMatching(/^GET \/actions-results\/.+\/artifacts\/401\.zip$/),
    ])
  })

  it('retries a blob download that answered 503, five seconds later', async () => {
    const wanted = artifact(101, 'bench-linux')
    const s = await start({ artifacts: [wanted], blobFailures: 1 })
    const started = Date.now()
    await new Client().downloadArtifact(101, { path: dir, skipDecompress: true })
    expect(Date.now() - started).toBeGreaterThanOrEqual(5000)
    expect(await readFile(join(dir, 'bench-linux.zip'))).toEqual(wanted.zip)
    expect(s.requests.filter((r) => r.path.startsWith('/actions-results/'))).toHaveLength(2)
  }, 20_000)

  // Before the headers only @actions/http-client's 3-minute socket timeout applies; the client's
  // own 30 s timer starts with the body.
  it('waits on a blob that stalls before its headers, until it answers', async () => {
    const wanted = artifact(101, 'bench-linux')
    const s = await start({ artifacts: [wanted], stallBlob: true })
    let settled = false
    const download = new Client()
      .downloadArtifact(101, { path: dir, skipDecompress: true })
      .finally(() => (settled = true))
    while (!s.requests.some((r) => r.path.startsWith('/actions-results/')))
      await new Promise((r) => setTimeout(r, 20))
    await new Promise((r) => setTimeout(r, 1000))
    expect(settled).toBe(false)
    s.release()
    await download
    expect(await readFile(join(dir, 'bench-linux.zip'))).toEqual(wanted.zip)
  })

  it('surfaces the 403 for a token without actions: read', async () => {
    await start({ artifacts: [artifact(401, 'bench-linux', { runId: otherRun })] })
    const client = new Client()
    const download = await rejection(
      client.downloadArtifact(401, { path: dir, findBy: findBy(forkToken) }),
    )
    expect(download).toMatchObject({ name: 'HttpError', status: 403 })
    expect(download.message).toMatch(/^Resource not accessible by integration/)
    const list = await rejection(client.listArtifacts({ findBy: findBy(forkToken) }))
    expect(list).toMatchObject({ name: 'HttpError', status: 403 })
  })

  it('fails to download an expired artifact, either way', async () => {
    await start({
      artifacts: [
        artifact(103, 'bench-old', { expired: true }),
        artifact(402, 'bench-gone', { runId: otherRun, expired: true }),
      ],
    })
    const client = new Client()
    const other = await rejection(client.downloadArtifact(402, { path: dir, findBy: findBy() }))
    expect(other).toMatchObject({ name: 'HttpError', status: 410 })
    expect(other.message).toMatch(/^Artifact has expired/)
    const mine = await rejection(client.downloadArtifact(103, { path: dir }))
    expect(mine).toMatchObject({ name: 'ArtifactNotFoundError' })
    expect(mine.message).toMatch(/^No artifacts found for ID: 103/)
    const unknown = await rejection(client.downloadArtifact(999, { path: dir, findBy: findBy() }))
    expect(unknown).toMatchObject({ name: 'HttpError', status: 404 })
  })
})
