// publish: the report where people look (the job summary, the sticky PR comment) and on disk
// (report.md, report.json). Each is attempted whatever happened to the others, and none of them
// failing fails the step: the caller decides that, after everything is out. Step outputs are set
// by main.ts: the local command has none.
import type { Config } from '../inputs.js'
import type { Log } from '../log.js'
import type { Renders } from '../pipeline.js'
import type { Report } from '../report.js'
import { upsertComment, type Posted } from './comment.js'
import { reportPaths, writeJson, writeMarkdown, type ReportPaths } from './files.js'
import { describe, makeOctokit, statusOf, type RetryOptions } from '../github-client.js'
import { findPullRequest } from './pull-request.js'
import { writeSummary } from './summary.js'

export interface Published {
  paths?: ReportPaths
  summary: boolean
  comment?: Posted
  problems: string[]
}

export interface PublishOptions {
  /** For tests: how soon a failed GitHub call is tried again. */
  retry?: RetryOptions
}

export async function publish(
  config: Config,
  report: Report,
  renders: Renders,
  log: Log,
  started: number,
  options: PublishOptions = {},
): Promise<Published> {
  const begun = performance.now()
  const problems: string[] = []
  const paths = reportPaths(config.reportDir)
  let filesWritten = true
  try {
    await writeMarkdown(paths, renders.markdown)
  } catch (error) {
    filesWritten = false
    problems.push(
      `report.md could not be written to ${config.reportDir} (${(error as Error).message}): set report-dir to a writable folder`,
    )
  }

  let summary = false
  if (config.summary) {
    try {
      const result = await writeSummary(renders.summary)
      summary = result.written
      if (!result.written) log.info(`No job summary: ${result.reason}.`)
    } catch (error) {
      problems.push(`the job summary could not be written (${(error as Error).message})`)
    }
  }

  let comment: Posted | undefined
  if (config.github.comment) {
    try {
      comment = await log.group('Pull request comment', () =>
        postComment(config, renders.comment, log, options.retry ?? {}),
      )
    } catch (error) {
      problems.push(commentProblem(error))
    }
  }

  report.timings.publishMs = performance.now() - begun
  report.timings.totalMs = performance.now() - started
  try {
    await writeJson(paths, report)
  } catch (error) {
    filesWritten = false
    problems.push(
      `report.json could not be written to ${config.reportDir} (${(error as Error).message}): set report-dir to a writable folder`,
    )
  }
  for (const problem of problems) log.warning(problem)
  return { ...(filesWritten ? { paths } : {}), summary, ...(comment ? { comment } : {}), problems }
}

async function postComment(
  config: Config,
  body: string,
  log: Log,
  retry: RetryOptions,
): Promise<Posted | undefined> {
  const settings = config.github
  if (!settings.token) {
    log.info('No comment: github-token is empty.')
    return undefined
  }
  const octokit = makeOctokit(settings.token, settings.apiUrl)
  const target = await findPullRequest(settings, octokit, log)
  if ('none' in target) {
    log.info(`No comment: ${target.none}. The report is in the job summary and report-dir.`)
    return undefined
  }
  const posted = await upsertComment(
    octokit,
    { ...target, tag: settings.commentTag },
    body,
    log,
    retry,
  )
  log.info(
    `${posted.created ? 'Created' : 'Updated'} the comment on #${target.number}: ${posted.url}`,
  )
  return posted
}

function commentProblem(error: unknown): string {
  const status = statusOf(error)
  if (status === 403 && /not accessible by integration/i.test((error as Error).message ?? '')) {
    return `The pull request comment could not be posted (${describe(error as Error)}): this token may not write to the pull request. A pull request from a fork gets a read-only token: publish from a workflow_run workflow with the from-report input (see the README); for a pull request in this repository, give the job "permissions: pull-requests: write". The summary, outputs and files are written.`
  }
  if (status === 401)
    return `The pull request comment could not be posted (${describe(error as Error)}): check the github-token input.`
  if (status === 422)
    return `GitHub refused the comment (${describe(error as Error)}). The summary, outputs and files are written.`
  return `The pull request comment could not be posted (${describe(error as Error)}). The summary, outputs and files are written.`
}
