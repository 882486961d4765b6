// The sticky comment: one per pull request and comment-tag, found again by its hidden marker and
// its author, and updated in place on every run.
import type { Log } from '../log.js'
import { marker } from '../render/markdown.js'
import { statusOf, withRetry, type Octokit, type RetryOptions } from '../github-client.js'

export interface Posted {
  id: number
  url: string
  created: boolean
}

export interface CommentTarget {
  owner: string
  repo: string
  number: number
  tag: string
}

export async function upsertComment(
  octokit: Octokit,
  target: CommentTarget,
  body: string,
  log: Log,
  retry: RetryOptions = {},
): Promise<Posted> {
  const { owner, repo, number } = target
  const tag = marker(target.tag)
  const author = await whoAmI(octokit, log, retry)
  const comments = await withRetry(
    'Listing the pull request comments',
    () =>
      octokit.paginate(octokit.rest.issues.listComments, {
        owner,
        repo,
        issue_number: number,
        per_page: 100,
      }),
    log,
    retry,
  )
  // A marker alone could be pasted by anyone; the author must be this token's account too. A
  // GITHUB_TOKEN cannot ask who it is, and then only a bot's comment is taken for ours.
  const ours = comments.find(
    (c) =>
      (c.body ?? '').startsWith(tag) &&
      (author ? c.user?.login === author : c.user?.type === 'Bot'),
  )
  if (ours) {
    try {
      const updated = await withRetry(
        'Updating the comment',
        () => octokit.rest.issues.updateComment({ owner, repo, comment_id: ours.id, body }),
        log,
        retry,
      )
      return { id: updated.data.id, url: updated.data.html_url, created: false }
    } catch (error) {
      // Another bot's comment carrying our marker: ours is a new one.
      if (statusOf(error) !== 403 || author) throw error
    }
  }
  const created = await withRetry(
    'Creating the comment',
    () => octokit.rest.issues.createComment({ owner, repo, issue_number: number, body }),
    log,
    retry,
  )
  return { id: created.data.id, url: created.data.html_url, created: true }
}

/** The token's account; undefined for a GITHUB_TOKEN, which may not ask (403). */
async function whoAmI(
  octokit: Octokit,
  log: Log,
  retry: RetryOptions,
): Promise<string | undefined> {
  try {
    const me = await withRetry(
      'Asking who the token is',
      () => octokit.rest.users.getAuthenticated(),
      log,
      retry,
    )
    return me.data.login
  } catch (error) {
    if (statusOf(error) === 403) return undefined
    throw error
  }
}
