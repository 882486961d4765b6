// One measurement in a process of its own, so that its peak RSS is its own (worker threads
// included): the pipeline's stages on a folder made beforehand, or the floor, which reads the
// same bytes and runs plain papaparse / JSON.parse over them with nothing else, in one thread.
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import Papa from 'papaparse'
import { parseConfig } from '../src/inputs.js'
import { silentLog } from '../src/log.js'
import { buildPrompt } from '../src/analyst/prompt.js'
import { PROMPT_BUDGET_TOKENS } from '../src/model-stage.js'
import { keepHeapSmall } from '../src/heap.js'
import { runWith } from '../src/main.js'

const [workspace, mode] = process.argv.slice(2) as [string, string]
// As parse-file.ts: a CSV past this is streamed, smaller files are read whole.
const STREAM_ABOVE = 1024 * 1024

function walk(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]))
}

async function floor(): Promise<Record<string, number>> {
  const started = performance.now()
  for (const file of walk(workspace)) {
    if (file.endsWith('.csv') && fs.statSync(file).size > STREAM_ABOVE) {
      await new Promise<void>((resolve, reject) =>
        Papa.parse(fs.createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 }), {
          chunk: () => {},
          complete: () => resolve(),
          error: reject,
        }),
      )
      continue
    }
    const text = fs.readFileSync(file, 'utf8')
    if (file.endsWith('.csv')) Papa.parse(text, { header: false })
    else if (file.endsWith('.json')) JSON.parse(text)
  }
  return { totalMs: performance.now() - started }
}

async function pipeline(): Promise<Record<string, number>> {
  // As the action's entry point does.
  keepHeapSmall()
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-out-'))
  const inputs: Record<string, string> = {
    'report-dir': out,
    llm: 'false',
    'max-file-size': '2GB',
  }
  const config = parseConfig((name) => inputs[name] ?? '', { GITHUB_WORKSPACE: workspace })
  const started = performance.now()
  // The whole run as the action makes it, report.md and report.json written: that is where a
  // run's memory peaked before they were written a piece at a time.
  const { report, markdown } = await runWith(config, silentLog)
  const totalMs = performance.now() - started
  fs.rmSync(out, { recursive: true, force: true })
  const t = report.timings
  return {
    collectMs: t.collectMs,
    parseMs: t.parseMs,
    factsMs: t.factsMs,
    renderMs: t.renderMs,
    publishMs: t.publishMs,
    totalMs,
    metrics: report.metrics.length,
    parsed: report.inventory.files.filter((f) => f.status === 'parsed').length,
    markdownChars: markdown.length,
    promptTokens: buildPrompt(report, PROMPT_BUDGET_TOKENS).estimatedTokens,
    promptBudget: PROMPT_BUDGET_TOKENS,
    ...(process.env.BENCH_DEBUG
      ? { problem: report.inventory.files[0]!.problem as unknown as number }
      : {}),
  }
}

const result = mode === 'floor' ? await floor() : await pipeline()
process.stdout.write(
  JSON.stringify({ ...result, peakRssMb: process.resourceUsage().maxRSS / 1024 }) + '\n',
)
