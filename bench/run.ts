// `npm run bench`: the pre-model pipeline on artifact sets of growing size, beside the floor of
// reading and parsing the same bytes with nothing else. Prints figures; asserts nothing.
import { spawnSync } from 'node:child_process'
import * as path from 'node:path'

const SETS: [files: number, bytesPerFile: number][] = [
  [100, 10_000],
  [1_000, 10_000],
  [2_000, 50_000],
]

function measure(files: number, perFile: number, mode: string): Record<string, number> {
  const script = path.join(import.meta.dirname, 'one.ts')
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', script, String(files), String(perFile), mode],
    {
      encoding: 'utf8',
    },
  )
  if (run.status !== 0) throw new Error(run.stderr)
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as Record<string, number>
}

const f = (n: number | undefined): string => (n === undefined ? '—' : n.toFixed(0).padStart(7))
console.log(
  'files      MB  collect   parse   facts  render  total ms  MB/s  peak RSS MB | floor ms  floor RSS MB  ×floor',
)
for (const [files, perFile] of SETS) {
  const r = measure(files, perFile, 'pipeline')
  const floor = measure(files, perFile, 'floor')
  const mb = r.bytes! / 1e6
  console.log(
    [
      String(files).padStart(5),
      mb.toFixed(1).padStart(7),
      f(r.collectMs),
      f(r.parseMs),
      f(r.factsMs),
      f(r.renderMs),
      f(r.totalMs).padStart(9),
      (mb / (r.totalMs! / 1000)).toFixed(1).padStart(5),
      f(r.peakRssMb).padStart(12),
      '|',
      f(floor.totalMs).padStart(8),
      f(floor.peakRssMb).padStart(13),
      (r.totalMs! / floor.totalMs!).toFixed(1).padStart(7),
      f(r.promptTokens).padStart(14),
    ].join(' '),
  )
}

// The model's side, on the example artifacts: what one call costs, against the seed agent's
// pipeline (two free-text calls, 2,300 tokens generated for 101 files, 56 s at 43 tok/s).
const examples = spawnSync(
  process.execPath,
  ['--import', 'tsx', path.join(import.meta.dirname, 'prompt.ts')],
  {
    encoding: 'utf8',
  },
)
if (examples.status !== 0) throw new Error(examples.stderr)
process.stdout.write(
  examples.stdout
    .split('\n')
    .filter((l) => !l.startsWith('::'))
    .join('\n'),
)
