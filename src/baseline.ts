// The base branch's side of the comparison: a folder of its artifacts (read with the same patterns
// and parsers as the head's) or a report.json this action wrote on the base branch. Both come down
// to the same metrics, so either gives the same comparison. A baseline that is not there yet (the
// first run on a branch) is a notice, not a failure.
import * as fs from 'node:fs/promises'
import * as path from 'node:path'
import { collect } from './collect/collect.js'
import { fileFacts, gatherFacts } from './facts/facts.js'
import { readReport, ReportFileError } from './from-report.js'
import type { Config } from './inputs.js'
import type { Log } from './log.js'
import { parseAll } from './parse/parse-all.js'
import type { Metric } from './report.js'

export type Baseline = { metrics: Metric[]; name: string } | { missing: string }

export async function loadBaseline(config: Config, log: Log): Promise<Baseline | undefined> {
  const where = config.baseline
  if (!where) return undefined
  const name = path.relative(config.workspace, where) || where
  const stats = await fs.stat(where).catch(() => undefined)
  if (!stats)
    return {
      missing: `the baseline ${name} does not exist (a first run on this branch?): nothing was compared`,
    }
  if (stats.isDirectory()) {
    // With artifacts fetched by name there are no path patterns: a base folder is read whole (the
    // base branch's artifacts, downloaded into it, one folder each).
    const patterns = config.patterns.length > 0 ? config.patterns : ['**']
    const collection = await collect({ ...config, patterns, workspace: where })
    const facts = gatherFacts(await parseAll(collection.files, fileFacts), collection.patterns)
    log.info(
      `Baseline ${name}: ${facts.inventory.totalFiles} files, ${facts.metrics.length} metrics`,
    )
    return { metrics: facts.metrics, name }
  }
  if (stats.size > config.maxFileSize)
    return { missing: `the baseline ${name} is larger than max-file-size: nothing was compared` }
  try {
    const report = readReport(JSON.parse(await fs.readFile(where, 'utf8')))
    log.info(
      `Baseline ${name}: a report.json of ${report.generatedAt}, ${report.metrics.length} metrics`,
    )
    return { metrics: report.metrics, name }
  } catch (error) {
    const why =
      error instanceof ReportFileError
        ? error.message.replace(/^from-report: /, '')
        : `not JSON (${(error as Error).message})`
    return { missing: `the baseline ${name} could not be read: ${why}` }
  }
}
