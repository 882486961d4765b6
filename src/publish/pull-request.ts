// Which pull request this run reports on, from the event that started the workflow. On push,
// schedule and workflow_dispatch there is none; on workflow_run it is the triggering run's PR,
// found by head branch and commit for forks (whose run lists no pull requests).
import * as fs from 'node:fs/promises'
import type { GitHubSettings } from '../inputs.js'
import type { Log } from '../log.js'
import { withRetry, type Octokit } from '../github-client.js'

export type Target = { number: number; owner: string; repo: string } | { none: string }

interface Event {
  pull_request?: { number?: number }
  workflow_run?: {
    pull_requests?: { number?: number }[]
    head_sha?: string
    head_branch?: string
    head_repository?: { owner?: { login?: string } }
    event?: string
  }
}

export async function findPullRequest(
  settings: GitHubSettings,
  octokit: Octokit,
  log: Log,
): Promise<Target> {
  const [owner, repo] = (settings.repository ?? '').split('/')
  if (!owner || !repo)
    return { none: 'GITHUB_REPOSITORY is not set (not running in GitHub Actions)' }
  const event = await readEvent(settings.eventPath)
  const name = settings.eventName
  if (name === 'pull_request' || name === 'pull_request_target') {
    const number = event.pull_request?.number
    return number ? { number, owner, repo } : { none: `the ${name} event names no pull request` }
  }
  if (name === 'workflow_run') {
    const run = event.workflow_run
    const listed = run?.pull_requests?.find((pr) => pr.number)?.number
    if (listed) return { number: listed, owner, repo }
    const sha = run?.head_sha
    const branch = run?.head_branch
    const fork = run?.head_repository?.owner?.login
    if (!sha || !branch || !fork)
      return { none: 'the triggering run names no pull request and no head commit' }
    // A fork's run lists no pull requests: look for the open one whose head is that commit.
    const pulls = await withRetry(
      'Finding the pull request',
      () =>
        octokit.paginate(octokit.rest.pulls.list, {
          owner,
          repo,
          state: 'open',
          head: `${fork}:${branch}`,
          per_page: 100,
        }),
      log,
    )
    const match = pulls.find((pr) => pr.head.sha === sha)
    return match
      ? { number: match.number, owner, repo }
      : { none: `no open pull request has ${fork}:${branch} at ${sha.slice(0, 7)} as its head` }
  }
  return { none: `a ${name || 'local'} run has no pull request to comment on` }
}

async function readEvent(eventPath: string | undefined): Promise<Event> {
  if (!eventPath) return {}
  try {
    return JSON.parse(await fs.readFile(eventPath, 'utf8')) as Event
  } catch {
    return {}
  }
}
