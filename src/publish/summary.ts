import * as core from '@actions/core'

export type SummaryResult = { written: true } | { written: false; reason: string }

/** Appends the report (already fitted to GitHub's 1 MiB by the renderer) to the job summary. */
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
  await core.summary.addRaw(markdown).write()
  return { written: true }
}
