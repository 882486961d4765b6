// `npm run bench`: the pre-model pipeline on artifact sets of growing size, beside the floor of
// reading and parsing the same bytes with nothing else. Prints figures; asserts nothing. Each set
// is made first, in this process, and measured in a child of its own, so that neither making it
// nor the previous set counts in a measurement's memory.
import { spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { generateBigCsv, generateSet } from './generate.js'

// `npm run bench -- quick` skips the two largest sets.
const quick = process.argv.includes('quick')
// This machine's timings vary by a third from run to run (a shared VM): the smaller sets are
// measured three times, pipeline and floor in turn, and the median of each is printed.
const SETS: { label: string; make: (dir: string) => number; files: number; runs: number }[] = [
  { label: '100 files', files: 100, runs: 3, make: (dir) => generateSet(dir, 100, 10_000) },
  { label: '1,000 files', files: 1_000, runs: 3, make: (dir) => generateSet(dir, 1_000, 10_000) },
  { label: '2,000 files', files: 2_000, runs: 3, make: (dir) => generateSet(dir, 2_000, 50_000) },
  ...(quick
    ? []
    : [
        {
          label: '10,000 files',
          files: 10_000,
          runs: 1,
          make: (dir: string) => generateSet(dir, 10_000, 20_000),
        },
        {
          label: 'one CSV',
          files: 1,
          runs: 1,
          make: (dir: string) => generateBigCsv(path.join(dir, 'reports', 'load-test.csv'), 500e6),
        },
      ]),
]

function measure(dir: string, mode: 'pipeline' | 'floor'): Record<string, number> {
  const script = path.join(import.meta.dirname, 'one.ts')
  const run = spawnSync(process.execPath, ['--import', 'tsx', script, dir, mode], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  })
  if (run.status !== 0) throw new Error(run.stderr)
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as Record<string, number>
}

const cpus = os.cpus()
console.log(
  `Node ${process.version}, ${cpus.length} × ${cpus[0]?.model.trim() ?? 'CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
)
const columns = [
  'set',
  'files',
  'MB',
  'collect',
  'parse',
  'facts',
  'render',
  'publish',
  'total ms',
  'MB/s',
  'ms/MB',
  'peak RSS MB',
  'floor ms',
  'floor RSS MB',
  '×floor',
  'prompt tokens',
]
const rows: string[][] = []
for (const set of SETS) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-set-'))
  try {
    const bytes = set.make(path.join(dir, 'ws'))
    const runs: Record<string, number>[] = []
    const floors: Record<string, number>[] = []
    for (let i = 0; i < set.runs; i++) {
      runs.push(measure(path.join(dir, 'ws'), 'pipeline'))
      floors.push(measure(path.join(dir, 'ws'), 'floor'))
    }
    const median = (list: Record<string, number>[]) =>
      [...list].sort((a, b) => a.totalMs! - b.totalMs!)[Math.floor(list.length / 2)]!
    const r = median(runs)
    const floor = median(floors)
    const mb = bytes / 1e6
    const n = (x: number | undefined) =>
      x === undefined ? '—' : Math.round(x).toLocaleString('en-US')
    rows.push([
      set.label,
      set.files.toLocaleString('en-US'),
      mb.toFixed(1),
      n(r.collectMs),
      n(r.parseMs),
      n(r.factsMs),
      n(r.renderMs),
      n(r.publishMs),
      n(r.totalMs),
      (mb / (r.totalMs! / 1000)).toFixed(1),
      (r.totalMs! / mb).toFixed(1),
      n(r.peakRssMb),
      n(floor.totalMs),
      n(floor.peakRssMb),
      (r.totalMs! / floor.totalMs!).toFixed(2),
      `${n(r.promptTokens)} / ${n(r.promptBudget)}`,
    ])
    console.log(`| ${rows[rows.length - 1]!.join(' | ')} |`)
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}
console.log()
console.log(`| ${columns.join(' | ')} |`)
console.log(`|${columns.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`)
for (const row of rows) console.log(`| ${row.join(' | ')} |`)

// The model's side, on the example artifacts: what one call costs, against the seed agent's
// pipeline (two free-text calls, 2,300 tokens generated for 101 files, 56 s at 43 tok/s).
const examples = spawnSync(
  process.execPath,
  ['--import', 'tsx', path.join(import.meta.dirname, 'prompt.ts')],
  { encoding: 'utf8' },
)
if (examples.status !== 0) throw new Error(examples.stderr)
process.stdout.write(
  '\n' +
    examples.stdout
      .split('\n')
      .filter((l) => !l.startsWith('::'))
      .join('\n'),
)
