// The stages in order, data flowing one way: collect → parse → facts (and the comparison with a
// baseline) → the model → render. The action (main.ts) and the local command (cli.ts) both run
// this, then publish what it returns; from-report.ts is the other way to reach render.
import { collectArtifacts } from './collect/artifacts/collect-artifacts.js'
import { fetchArtifacts } from './collect/artifacts/fetch.js'
import { collect } from './collect/collect.js'
import { loadBaseline } from './baseline.js'
import { compare } from './facts/compare.js'
import { fileFacts, gatherFacts, type Facts } from './facts/facts.js'
import { parseAll } from './parse/parse-all.js'
import type { Config } from './inputs.js'
import type { Log } from './log.js'
import { FULL, renderMarkdown, SUMMARY } from './render/markdown.js'
import { runModelStage } from './model-stage.js'
import { standaloneMetrics, type Comparison, type Gap, type Report } from './report.js'
import { bytes, plural } from './render/format.js'

export interface Renders {
  /** report.md: every list at its longest. */
  markdown: string
  /** The job summary, fitted to 1 MiB. */
  summary: string
  /** The PR comment, with its marker, fitted to 65,536 characters. */
  comment: string
}

export interface Analysed extends Renders {
  report: Report
}

export async function analyse(config: Config, log: Log): Promise<Analysed> {
  const started = performance.now()
  const fetched = config.artifacts
    ? await log.group('Downloading the run’s artifacts', () =>
        fetchArtifacts(config.artifacts!, config.github, log).catch((error: Error) => {
          // Listing needs a permission the job may lack: the report still goes out, and says so.
          log.warning(error.message)
          return { gap: { kind: 'artifact-not-read', detail: error.message } as Gap }
        }),
      )
    : undefined
  const downloaded = fetched && 'inventory' in fetched ? fetched : undefined
  const collection = await log.group('Collecting benchmark artifacts', async () => {
    const found = await collect(config)
    if (downloaded) {
      const extracted = await collectArtifacts(downloaded, config.maxFileSize)
      found.files.push(...extracted)
      log.info(`${plural(extracted.length, 'file')} from the artifacts, under ${downloaded.dir}`)
    }
    for (const { pattern, matched } of found.patterns)
      log.info(`${pattern}: ${plural(matched, 'file')}`)
    const size = found.files.reduce((sum, f) => sum + f.bytes, 0)
    log.info(`${plural(found.files.length, 'file')}, ${bytes(size)}, under ${config.workspace}`)
    return found
  })
  const collected = performance.now()

  // Each file's facts are taken as soon as it is parsed, so its tables can go: the time spent
  // there is counted as facts, the rest of the loop as parsing.
  let perFileFactsMs = 0
  const perFile = await log.group('Parsing', async () => {
    const done = await parseAll(collection.files, (result) => {
      const start = performance.now()
      const facts = fileFacts(result)
      perFileFactsMs += performance.now() - start
      return facts
    })
    const bad = done.filter((f) => f.entry.status === 'unreadable')
    for (const f of bad) log.info(`unreadable: ${f.entry.path}: ${f.entry.problem}`)
    log.info(
      `${plural(done.filter((f) => f.entry.status === 'parsed').length, 'file')} parsed, ${bad.length} unreadable`,
    )
    return done
  })
  const parsed = performance.now()

  const facts = gatherFacts(perFile, collection.patterns, downloaded?.inventory)
  if (fetched && 'gap' in fetched) facts.gaps.unshift(fetched.gap)
  log.info(
    `${plural(standaloneMetrics(facts.metrics).length, 'metric')}, ${plural(facts.gaps.length, 'gap')}`,
  )

  const { comparison, gaps: baselineGaps } = await againstBaseline(config, facts, log)
  const factsDone = performance.now()

  const model = await runModelStage(
    config,
    { ...facts, ...(comparison ? { comparison } : {}) },
    log,
  )
  const analysed = performance.now()
  if (model.llm.status === 'failed')
    log.warning(`The analyst's reading is missing: ${model.llm.error}`)

  const report: Report = {
    schemaVersion: 1,
    generatedAt: new Date().toISOString(),
    inventory: facts.inventory,
    metrics: facts.metrics,
    gaps: [...facts.gaps, ...baselineGaps, ...model.gaps],
    ...(comparison ? { comparison } : {}),
    analysis: model.analysis,
    llm: model.llm,
    timings: {
      collectMs: collected - started,
      parseMs: parsed - collected - perFileFactsMs,
      factsMs: factsDone - parsed + perFileFactsMs,
      analysisMs: analysed - factsDone,
      renderMs: 0,
      publishMs: 0,
      totalMs: 0,
    },
  }
  const rendered = render(report, config)
  report.timings.renderMs = rendered.renderMs
  report.timings.totalMs = performance.now() - started
  return { report, ...rendered }
}

/** The comparison with the base branch, when a baseline is given; a missing one is a gap. */
async function againstBaseline(
  config: Config,
  facts: Facts,
  log: Log,
): Promise<{ comparison?: Comparison; gaps: Gap[] }> {
  if (!config.baseline) return { gaps: [] }
  const baseline = await log.group('Baseline', () => loadBaseline(config, log))
  if (!baseline) return { gaps: [] }
  if ('missing' in baseline) {
    log.warning(`No comparison: ${baseline.missing}.`)
    return { gaps: [{ kind: 'no-baseline', detail: `No comparison: ${baseline.missing}.` }] }
  }
  const comparison = compare(facts.metrics, baseline.metrics, {
    baseline: baseline.name,
    thresholdPct: config.regressionThresholdPct,
  })
  log.info(
    `Against ${baseline.name}: ${plural(comparison.regressions.length, 'regression')}, ${plural(comparison.improvements.length, 'improvement')}, ${comparison.unchanged} unchanged`,
  )
  return { comparison, gaps: [] }
}

// GitHub's limits: a comment body holds 65,536 characters, a step summary 1 MiB.
export const COMMENT_LIMIT = 65_536
export const SUMMARY_LIMIT = 1024 * 1024

/** The three Markdown forms of one report: in full (report.md), the summary and the comment. */
export function render(
  report: Report,
  config: Pick<Config, 'repoUrl' | 'github'>,
): Renders & { renderMs: number } {
  const started = performance.now()
  const common = config.repoUrl ? { repoUrl: config.repoUrl } : {}
  const full = renderMarkdown(report, { ...common, level: FULL })
  const summary = renderMarkdown(report, { ...common, level: SUMMARY, maxBytes: SUMMARY_LIMIT })
  const comment = renderMarkdown(report, {
    ...common,
    level: SUMMARY,
    maxChars: COMMENT_LIMIT,
    tag: config.github.commentTag,
  })
  return {
    markdown: full.markdown,
    summary: summary.markdown,
    comment: comment.markdown,
    renderMs: performance.now() - started,
  }
}
