// The run's uploaded artifacts: listed and downloaded with the official client
// (@actions/artifact), each zip extracted, safely, into a folder named after its artifact, so that
// collect reads them like any other files. An artifact is untrusted: too large, expired, a zip
// bomb or a path leaving its folder is listed with the reason, never fatal.
import * as fs from 'node:fs/promises'
import * as path from 'node:path'
import { DefaultArtifactClient, type Artifact, type FindOptions } from '@actions/artifact'
import type { ArtifactSettings, GitHubSettings } from '../../inputs.js'
import { makeOctokit } from '../../github-client.js'
import type { Log } from '../../log.js'
import type { ArtifactEntry, ArtifactInventory } from '../../report.js'
import { extractZip } from './extract.js'
import { folderFor, selectNames } from './names.js'

/** An entry expanding more than this many times over is a zip bomb; real results stay far below. */
const MAX_RATIO = 200
const MAX_ENTRIES = 100_000
/** Each download is bounded: the client retries a failing blob itself, five times. */
const DOWNLOAD_TIMEOUT_MS = 10 * 60 * 1000

export interface FetchedArtifacts {
  inventory: ArtifactInventory
  /** Where the downloaded artifacts were extracted, one folder each. */
  dir: string
  /** Folder name → artifact name, for the inventory's files. */
  folders: Map<string, string>
}

export class ArtifactListError extends Error {}

export async function fetchArtifacts(
  settings: ArtifactSettings,
  github: GitHubSettings,
  log: Log,
): Promise<FetchedArtifacts> {
  const client = new DefaultArtifactClient()
  const find = findOptions(settings, github)
  let listed: Artifact[]
  try {
    listed = (await client.listArtifacts({ latest: true, ...find })).artifacts
  } catch (error) {
    throw new ArtifactListError(
      `Could not list the artifacts of ${settings.runId ? `run ${settings.runId}` : 'this run'}: ${(error as Error).message}. ` +
        (settings.runId
          ? 'Another run is read with `github-token`: it needs `actions: read` on that repository.'
          : 'Give the job `permissions: actions: read`, and run the step after the jobs that upload.'),
    )
  }
  const expiry = await expiryOf(settings, github, log)
  // The client lists what can still be downloaded; an artifact that expired is only in the REST
  // listing, and is listed here too, so that the report says it existed and why it was not read.
  const known = new Set(listed.map((a) => a.id))
  for (const [id, meta] of expiry) {
    if (meta.expired && !known.has(id)) listed.push({ id, name: meta.name, size: meta.size })
  }
  const selection = selectNames(
    listed.map((a) => a.name),
    settings.patterns,
  )
  const chosen = listed
    .filter((a) => selection.chosen.has(a.name))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id))
  log.info(
    `${listed.length} artifact(s) in the run, ${chosen.length} matching: ${chosen.map((a) => a.name).join(', ') || 'none'}`,
  )
  await fs.mkdir(settings.dir, { recursive: true })
  const folders = new Map<string, string>()
  const items: ArtifactEntry[] = []
  for (const artifact of chosen) {
    let folder = folderFor(artifact.name)
    if (folders.has(folder)) folder = `${folder}-${artifact.id}`
    folders.set(folder, artifact.name)
    const entry: ArtifactEntry = {
      name: artifact.name,
      id: artifact.id,
      bytes: artifact.size,
      ...(artifact.digest ? { digest: artifact.digest } : {}),
      ...(artifact.createdAt ? { createdAt: new Date(artifact.createdAt).toISOString() } : {}),
      ...(expiry.get(artifact.id)?.expiresAt
        ? { expiresAt: expiry.get(artifact.id)!.expiresAt }
        : {}),
      status: 'downloaded',
      files: 0,
    }
    items.push(entry)
    if (expiry.get(artifact.id)?.expired) {
      entry.status = 'expired'
      entry.problem = `expired${entry.expiresAt ? ` on ${entry.expiresAt}` : ''}: not downloaded`
      continue
    }
    if (artifact.size > settings.maxBytes) {
      entry.status = 'too-large'
      entry.problem = `${artifact.size} bytes, over artifact-max-size (${settings.maxBytes}): not downloaded`
      continue
    }
    await download(client, artifact, path.join(settings.dir, folder), settings, find, entry, log)
  }
  return {
    inventory: {
      ...(settings.runId
        ? { runId: String(settings.runId) }
        : github.runId
          ? { runId: github.runId }
          : {}),
      patterns: selection.patterns,
      items,
    },
    dir: settings.dir,
    folders,
  }
}

function findOptions(settings: ArtifactSettings, github: GitHubSettings): FindOptions {
  if (!settings.runId) return {}
  const [owner, repo] = (github.repository ?? '').split('/')
  if (!owner || !repo || !github.token) {
    throw new ArtifactListError(
      'Reading another run’s artifacts (`run-id`) needs GITHUB_REPOSITORY and `github-token`.',
    )
  }
  return {
    findBy: {
      token: github.token,
      workflowRunId: settings.runId,
      repositoryOwner: owner,
      repositoryName: repo,
    },
  }
}

async function download(
  client: DefaultArtifactClient,
  artifact: Artifact,
  into: string,
  settings: ArtifactSettings,
  find: FindOptions,
  entry: ArtifactEntry,
  log: Log,
): Promise<void> {
  const started = performance.now()
  const zipDir = `${into}.zip.d`
  await fs.rm(into, { recursive: true, force: true })
  await fs.rm(zipDir, { recursive: true, force: true })
  try {
    await fs.mkdir(zipDir, { recursive: true })
    // The raw zip is kept and extracted here, not by the client: an artifact is untrusted, and
    // extraction must refuse what leaves its folder and stop at a zip bomb.
    const response = await withTimeout(
      client.downloadArtifact(artifact.id, {
        path: zipDir,
        skipDecompress: true,
        ...(artifact.digest ? { expectedHash: artifact.digest } : {}),
        ...find,
      }),
      DOWNLOAD_TIMEOUT_MS,
      `the download did not finish in ${DOWNLOAD_TIMEOUT_MS / 60_000} minutes`,
    )
    if (response.digestMismatch) {
      entry.status = 'refused'
      entry.problem = `its content does not match its digest ${artifact.digest}: not read`
      return
    }
    const [zipName] = await fs.readdir(zipDir)
    if (!zipName) throw new Error('the download wrote no file')
    const extracted = await extractZip(path.join(zipDir, zipName), into, {
      maxBytes: settings.maxBytes,
      maxRatio: MAX_RATIO,
      maxEntries: MAX_ENTRIES,
    })
    if (extracted.refused.length > 0) entry.refused = extracted.refused.slice(0, 20)
    if (extracted.stopped) {
      entry.status = 'refused'
      entry.problem = extracted.stopped
    }
    entry.files = extracted.files.length
  } catch (error) {
    entry.status = 'failed'
    entry.problem = `download failed: ${(error as Error).message}`
  } finally {
    await fs.rm(zipDir, { recursive: true, force: true })
    entry.seconds = Math.round((performance.now() - started) / 100) / 10
    log.info(
      `artifact ${artifact.name}: ${artifact.size} bytes, ${entry.seconds} s, ${entry.status}` +
        (entry.status === 'downloaded' ? `, ${entry.files} file(s)` : `: ${entry.problem}`),
    )
  }
}

interface Listed {
  name: string
  size: number
  expired: boolean
  expiresAt?: string
}

/**
 * The REST API says which artifacts expired and when each will; the artifact client does not.
 * Best effort: without a token or the permission, artifacts are simply listed without it.
 */
async function expiryOf(
  settings: ArtifactSettings,
  github: GitHubSettings,
  log: Log,
): Promise<Map<number, Listed>> {
  const out = new Map<number, Listed>()
  const runId = settings.runId ?? (github.runId ? Number(github.runId) : undefined)
  const [owner, repo] = (github.repository ?? '').split('/')
  if (!runId || !owner || !repo || !github.token) return out
  try {
    const octokit = makeOctokit(github.token, github.apiUrl)
    const all = await octokit.paginate(octokit.rest.actions.listWorkflowRunArtifacts, {
      owner,
      repo,
      run_id: runId,
      per_page: 100,
    })
    for (const a of all) {
      out.set(a.id, {
        name: a.name,
        size: a.size_in_bytes,
        expired: a.expired,
        ...(a.expires_at ? { expiresAt: a.expires_at } : {}),
      })
    }
  } catch (error) {
    log.debug(`artifact expiry times not read: ${(error as Error).message}`)
  }
  return out
}

function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms)
    timer.unref()
  })
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer))
}
