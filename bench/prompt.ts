// The analyst's prompt for the example artifacts: its size, the generation cap, the calls, and
// the worst case at the seed's measured 43 tok/s.
import * as os from 'node:os'
import * as path from 'node:path'
import { buildPrompt } from '../src/analyst/prompt.js'
import { sizeContext } from '../src/analyst/context.js'
import { parseConfig } from '../src/inputs.js'
import { silentLog } from '../src/log.js'
import { DEFAULT_NUM_PREDICT, PROMPT_BUDGET_TOKENS } from '../src/model-stage.js'
import { analyse } from '../src/pipeline.js'

const examples = path.resolve(import.meta.dirname, '..', 'examples', 'artifacts')
const config = parseConfig(
  (name) =>
    ({ llm: 'false', summary: 'false', 'report-dir': path.join(os.tmpdir(), 'bench-prompt') })[
      name
    ] ?? '',
  { GITHUB_WORKSPACE: examples },
)
const { report } = await analyse(config, silentLog)
const prompt = buildPrompt(report, PROMPT_BUDGET_TOKENS)
const numCtx = sizeContext(prompt.estimatedTokens, DEFAULT_NUM_PREDICT, 32768)
const SEED_RATE = 43
const rows = [
  [
    '',
    'seed agent (101 files)',
    `benchmark-analyst (${report.inventory.totalFiles} example files)`,
  ],
  ['calls', '2 free-text', '1 structured (a 2nd only if the JSON is malformed)'],
  [
    'prompt tokens',
    'cut at 512 unseen',
    `~${prompt.estimatedTokens} (budget ${PROMPT_BUDGET_TOKENS}), num_ctx ${numCtx}`,
  ],
  [
    'facts in the prompt',
    'file names only',
    `${prompt.digest.ids.size} (${prompt.digest.omittedMetrics} metrics, ${prompt.digest.omittedGaps} gaps left out)`,
  ],
  ['generation', '2,300 tokens', `at most ${DEFAULT_NUM_PREDICT} tokens (num_predict)`],
  [
    'generation time at 43 tok/s',
    '56 s',
    `at most ${(DEFAULT_NUM_PREDICT / SEED_RATE).toFixed(0)} s`,
  ],
]
console.log('\nThe model call on the example artifacts')
for (const row of rows) console.log(`  ${row[0]!.padEnd(28)} ${row[1]!.padEnd(24)} ${row[2]}`)
