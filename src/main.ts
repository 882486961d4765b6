// The action's job: read the inputs, run the stages, publish, and only then decide whether the
// step fails. The error policy of shared/DESIGN.md lives here and nowhere else.
import * as core from '@actions/core'
import { getConfig, InputError, type Config } from './inputs.js'
import { actionLog, type Log } from './log.js'
import { fromReport, ReportFileError } from './from-report.js'
import { analyse } from './pipeline.js'
import { publish, type Published } from './publish/publish.js'
import type { Report } from './report.js'
import { ms } from './render/format.js'

export async function run(): Promise<void> {
  let config: Config
  try {
    config = getConfig()
    // Masked before anything is logged: the runner replaces it with *** in every line.
    if (config.github.token) core.setSecret(config.github.token)
  } catch (error) {
    // An invalid input stops the step before any work, with the input's name and allowed values.
    core.setFailed(error instanceof InputError ? error.message : String(error))
    return
  }
  try {
    const outcome = await runWith(config, actionLog)
    setOutputs(outcome)
    for (const failure of outcome.failures) core.setFailed(failure)
  } catch (error) {
    if (error instanceof ReportFileError) core.setFailed(error.message)
    else core.setFailed(`benchmark-analyst stopped: ${(error as Error).stack ?? String(error)}`)
  }
}

export interface RunOutcome {
  report: Report
  markdown: string
  published: Published
  /** Why the step fails under `fail-on`; empty when it passes. Decided after publishing. */
  failures: string[]
}

export async function runWith(config: Config, log: Log): Promise<RunOutcome> {
  const started = performance.now()
  const analysed = config.fromReport ? await fromReport(config, log) : await analyse(config, log)
  const { report, markdown } = analysed
  const published = await publish(config, report, analysed, log, started)
  if (published.paths)
    log.info(`Report written to ${published.paths.markdown} and ${published.paths.json}`)
  log.info(`Done in ${ms(report.timings.totalMs)}.`)
  return { report, markdown, published, failures: failOn(config, report) }
}

function setOutputs({ report, published }: RunOutcome): void {
  if (published.paths) {
    core.setOutput('report-path', published.paths.markdown)
    core.setOutput('report-json', published.paths.json)
  }
  core.setOutput('files', String(report.inventory.totalFiles))
  core.setOutput('llm-status', report.llm.status)
  if (report.comparison) core.setOutput('regressions', String(report.comparison.regressions.length))
  if (published.comment) {
    core.setOutput('comment-url', published.comment.url)
    core.setOutput('comment-id', String(published.comment.id))
  }
  // The call whose answer was used: the last one (a retry replaces a malformed first answer).
  const call = report.llm.calls[report.llm.calls.length - 1]
  if (call) {
    if (call.ttftMs !== null) core.setOutput('ttft-ms', String(Math.round(call.ttftMs)))
    if (call.tokensPerSecond !== null)
      core.setOutput('tokens-per-second', call.tokensPerSecond.toFixed(2))
    core.setOutput(
      'total-ms',
      String(Math.round(report.llm.calls.reduce((sum, c) => sum + c.totalMs, 0))),
    )
  }
}

export function failOn(config: Config, report: Report): string[] {
  const failures: string[] = []
  if (config.failOn.has('error')) {
    const unreadable = report.inventory.files.filter((f) => f.status === 'unreadable')
    const unmatched = report.inventory.patterns.filter(
      (p) => p.matched === 0 && !p.pattern.startsWith('!'),
    )
    if (unreadable.length > 0) {
      const names = unreadable.slice(0, 5).map((f) => f.path)
      failures.push(
        `fail-on: error: ${unreadable.length} unreadable file(s): ${names.join(', ')}${unreadable.length > 5 ? ', …' : ''}`,
      )
    }
    if (unmatched.length > 0) {
      failures.push(
        `fail-on: error: pattern(s) that matched no file: ${unmatched.map((p) => p.pattern).join(', ')}`,
      )
    }
    // Artifacts asked for by name and not read (refused, failed, too large, expired), or a name
    // pattern no artifact matched, are the same failure one step earlier.
    const artifacts = report.inventory.artifacts
    const unread = artifacts?.items.filter((a) => a.status !== 'downloaded') ?? []
    const noArtifact =
      artifacts?.patterns.filter((p) => p.matched === 0 && !p.pattern.startsWith('!')) ?? []
    if (unread.length > 0) {
      failures.push(
        `fail-on: error: ${unread.length} artifact(s) not read: ${unread
          .slice(0, 5)
          .map((a) => `${a.name} (${a.status})`)
          .join(', ')}`,
      )
    }
    if (noArtifact.length > 0) {
      failures.push(
        `fail-on: error: artifact pattern(s) that matched no artifact: ${noArtifact.map((p) => p.pattern).join(', ')}`,
      )
    }
  }
  const regressions = report.comparison?.regressions ?? []
  if (config.failOn.has('regression') && regressions.length > 0) {
    const named = regressions.slice(0, 5).map(
      (c) =>
        `${c.name} in ${c.file}${
          c.group
            ? ` (${Object.entries(c.group)
                .map(([k, v]) => `${k}=${v}`)
                .join(' ')})`
            : ''
        } ${c.changePct > 0 ? '+' : ''}${c.changePct.toFixed(1)}%`,
    )
    failures.push(
      `fail-on: regression: ${regressions.length} regression(s): ${named.join('; ')}${regressions.length > 5 ? '; …' : ''}`,
    )
  }
  if (config.failOn.has('llm-error') && report.llm.status === 'failed') {
    failures.push(`fail-on: llm-error: the model stage failed: ${report.llm.error}`)
  }
  return failures
}
