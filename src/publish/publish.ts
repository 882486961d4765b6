// publish: the report where people look (the job summary) and on disk (report.md, report.json).
// Each is attempted whatever happened to the others. Step outputs are set by main.ts: the local
// command has none.
import type { Config } from '../inputs.js'
import type { Log } from '../log.js'
import type { Report } from '../report.js'
import { reportPaths, writeJson, writeMarkdown, type ReportPaths } from './files.js'
import { writeSummary } from './summary.js'

export interface Published {
  paths?: ReportPaths
  summary: boolean
  problems: string[]
}

export async function publish(
  config: Config,
  report: Report,
  markdown: string,
  log: Log,
  started: number,
): Promise<Published> {
  const begun = performance.now()
  const problems: string[] = []
  const paths = reportPaths(config.reportDir)
  let filesWritten = true
  try {
    await writeMarkdown(paths, markdown)
  } catch (error) {
    filesWritten = false
    problems.push(
      `report.md could not be written to ${config.reportDir} (${(error as Error).message}): set report-dir to a writable folder`,
    )
  }

  let summary = false
  if (config.summary) {
    try {
      const result = await writeSummary(markdown)
      summary = result.written
      if (!result.written) log.info(`No job summary: ${result.reason}.`)
    } catch (error) {
      problems.push(`the job summary could not be written (${(error as Error).message})`)
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
  return { ...(filesWritten ? { paths } : {}), summary, problems }
}
