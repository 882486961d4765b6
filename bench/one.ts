// One measurement in a process of its own, so that its peak RSS is its own: the pipeline's stages
// on a generated set, then the floor (reading the same bytes and parsing them with nothing else).
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import Papa from 'papaparse'
import { parseConfig } from '../src/inputs.js'
import { silentLog } from '../src/log.js'
import { buildPrompt } from '../src/analyst/prompt.js'
import { PROMPT_BUDGET_TOKENS } from '../src/model-stage.js'
import { analyse } from '../src/pipeline.js'
import { generateSet } from './generate.js'

const [files, perFile, mode] = process.argv.slice(2)
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'))
const workspace = path.join(root, 'ws')
const bytes = generateSet(workspace, Number(files), Number(perFile))
const silent = silentLog

let result: Record<string, number>
if (mode === 'floor') {
  const started = performance.now()
  const walk = (dir: string): string[] =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]))
  for (const file of walk(workspace)) {
    const text = fs.readFileSync(file, 'utf8')
    if (file.endsWith('.csv')) Papa.parse(text, { header: false })
    else if (file.endsWith('.json')) JSON.parse(text)
  }
  result = { totalMs: performance.now() - started }
} else {
  const config = parseConfig(
    (name) => (name === 'report-dir' ? path.join(root, 'out') : name === 'llm' ? 'false' : ''),
    {
      GITHUB_WORKSPACE: workspace,
    },
  )
  const started = performance.now()
  const { report, markdown } = await analyse(config, silent)
  const t = report.timings
  result = {
    collectMs: t.collectMs,
    parseMs: t.parseMs,
    factsMs: t.factsMs,
    renderMs: t.renderMs,
    totalMs: performance.now() - started,
    metrics: report.metrics.length,
    markdownChars: markdown.length,
    promptTokens: buildPrompt(report, PROMPT_BUDGET_TOKENS).estimatedTokens,
  }
}
fs.rmSync(root, { recursive: true, force: true })
process.stdout.write(
  JSON.stringify({
    files: Number(files),
    bytes,
    ...result,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  }) + '\n',
)
