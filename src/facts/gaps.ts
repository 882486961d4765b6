// Gaps: what the artifacts do not let anyone judge, each with where it is and what to add.
// Details are plain text (names in double quotes): the renderer escapes them, as they carry
// names taken from the artifacts.
import type { Gap, Inventory, InventoryFile, Metric } from '../report.js'

export interface FileFindings {
  file: InventoryFile
  metrics: Metric[]
  /** Tables of several rows with measurements: runs, which should say how long they took. */
  runTables: { timed: boolean; rows: number }[]
}

const LISTED = 5

export function findGaps(
  inventory: Inventory,
  findings: FileFindings[],
  environment: boolean,
): Gap[] {
  const gaps: Gap[] = []
  for (const { pattern, matched } of inventory.patterns) {
    if (matched === 0 && !pattern.startsWith('!')) {
      gaps.push({
        kind: 'unmatched-pattern',
        detail: `"${pattern}" matched no file: the job uploaded nothing there, or the pattern is stale.`,
      })
    }
  }
  if (inventory.totalFiles === 0) {
    gaps.push({
      kind: 'no-files',
      detail:
        'No file matched any pattern: check the path input against where the benchmark job writes its results.',
    })
  }
  for (const file of inventory.files) {
    if (file.status === 'unreadable') {
      gaps.push({
        kind: 'unreadable',
        file: file.path,
        detail: `${file.problem}: nothing in it was used.`,
      })
    } else if (file.status === 'skipped' && file.type !== 'other') {
      gaps.push({ kind: 'skipped', file: file.path, detail: `${file.problem}.` })
    }
  }
  for (const { file, metrics, runTables } of findings) {
    const rows = file.rows ?? 0
    const failed = file.failedRows ?? 0
    if (failed > 0 && failed >= rows) {
      gaps.push({
        kind: 'all-runs-failed',
        file: file.path,
        detail: `every run failed (${failed} of ${rows} rows have an error or failed status): the file measures nothing; its zeros are left out of every figure.`,
      })
    } else if (failed > 0) {
      gaps.push({
        kind: 'failed-runs',
        file: file.path,
        detail: `${failed} of ${rows} runs failed (error or failed status); they are left out of every figure.`,
      })
    }
    const single = metrics.filter((m) => m.n === 1)
    if (single.length > 0) {
      const names = [...new Set(single.map((m) => m.name))]
      const grouped =
        single.length > names.length ? ` (${single.length} counting each configuration)` : ''
      gaps.push({
        kind: 'single-sample',
        file: file.path,
        detail: `${names.length} ${names.length === 1 ? 'metric rests' : 'metrics rest'} on a single value${grouped}, so no spread can be judged: ${list(names)}. Record every run, not only a summary, to measure noise.`,
      })
    }
    if (runTables.some((t) => !t.timed)) {
      gaps.push({
        kind: 'no-timing',
        file: file.path,
        detail:
          'runs are recorded without any timing metric: add a duration (e.g. total_ms, ttft_ms) to each run.',
      })
    }
    if (file.warnings && file.warnings.length > 0) {
      gaps.push({
        kind: 'parse-warnings',
        file: file.path,
        detail: `read with warnings: ${file.warnings.join('; ')}.`,
      })
    }
  }
  if (inventory.totalFiles > 0 && findings.length > 0 && !environment) {
    gaps.push({
      kind: 'no-environment',
      detail:
        'No file describes the hardware or software it ran on: add the GPU or CPU, driver and server version (e.g. Ollama) to the benchmark output, so results can be compared across runners.',
    })
  }
  return gaps
}

function list(names: string[]): string {
  const shown = names
    .slice(0, LISTED)
    .map((n) => `"${n}"`)
    .join(', ')
  return names.length > LISTED ? `${shown} and ${names.length - LISTED} more` : shown
}
