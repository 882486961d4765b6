import * as core from '@actions/core'

// GitHub refuses a step summary over 1 MiB. The renderer caps every list, so a report this large
// means something unexpected: say where the full one is instead of losing the summary.
export const SUMMARY_LIMIT = 1024 * 1024

export type SummaryResult = { written: true } | { written: false; reason: string }

export async function writeSummary(
  markdown: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<SummaryResult> {
  if (!env.GITHUB_STEP_SUMMARY) {
    return {
      written: false,
      reason: 'GITHUB_STEP_SUMMARY is not set (not running in GitHub Actions)',
    }
  }
  let body = markdown
  if (Buffer.byteLength(body) > SUMMARY_LIMIT) {
    body =
      markdown.slice(0, markdown.indexOf('\n### ') > 0 ? markdown.indexOf('\n### ') : 2000) +
      '\n\nThe full report is larger than a job summary may be (1 MiB): see report.md in the report directory.\n'
  }
  await core.summary.addRaw(body).write()
  return { written: true }
}
