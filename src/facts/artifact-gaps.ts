// Gaps the run's artifacts leave: a pattern that matched no artifact, a matrix combination that
// uploaded nothing, and an artifact listed but not read in full (expired, too large, refused).
import type { ArtifactInventory, Gap } from '../report.js'
import { missingCombinations } from './artifact-matrix.js'

const REFUSALS_SHOWN = 3

export function artifactGaps(artifacts: ArtifactInventory): Gap[] {
  const gaps: Gap[] = []
  const run = artifacts.runId ? `run ${artifacts.runId}` : 'the run'
  for (const { pattern, matched } of artifacts.patterns) {
    if (matched === 0 && !pattern.startsWith('!')) {
      gaps.push({
        kind: 'unmatched-pattern',
        detail: `artifact pattern "${pattern}" matched no artifact of ${run}: the job that uploads it did not run or failed before uploading, or the name changed.`,
      })
    }
  }
  for (const hole of missingCombinations(artifacts.items.map((a) => a.name))) {
    gaps.push({
      kind: 'missing-artifact',
      detail: `no "${hole.name}": the matrix the other artifacts follow has no upload for ${hole.values.join(' × ')} (a job that failed, was cancelled or was excluded).`,
    })
  }
  for (const a of artifacts.items) {
    if (a.status !== 'downloaded') {
      gaps.push({ kind: 'artifact-not-read', file: a.name, detail: `${a.problem ?? a.status}.` })
    } else if (a.refused?.length) {
      const shown = a.refused
        .slice(0, REFUSALS_SHOWN)
        .map((r) => `"${r.entry}" (${r.reason})`)
        .join(', ')
      const more =
        a.refused.length > REFUSALS_SHOWN ? ` and ${a.refused.length - REFUSALS_SHOWN} more` : ''
      gaps.push({
        kind: 'artifact-not-read',
        file: a.name,
        detail: `${a.refused.length} zip entr${a.refused.length === 1 ? 'y' : 'ies'} not extracted: ${shown}${more}; the rest was read.`,
      })
    }
  }
  return gaps
}
