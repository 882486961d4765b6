// The local command: `benchmark-analyst [DIR]` runs the action's own pipeline on a folder, prints
// the report on stdout and writes report.md and report.json, for a report on a laptop.
import * as path from 'node:path'
import { parseArgs } from 'node:util'
import { InputError, parseConfig } from './inputs.js'
import { consoleLog } from './log.js'
import { keepHeapSmall } from './heap.js'
import { runWith } from './main.js'

const USAGE = `Usage: benchmark-analyst [DIR] [options]

Reads the benchmark artifacts under DIR (default: the current folder), prints the report and
writes report.md and report.json.

Options:
  --path PATTERN        a glob relative to DIR, repeatable; ! excludes (default: **)
  --report-dir DIR      where report.md and report.json go (default: ./benchmark-analyst-report)
  --max-file-size SIZE  larger files are listed, not parsed (default: 256MB)
  --fail-on LIST        exit 1 on: error (an unreadable file, a pattern that matched nothing)
  --no-llm              the facts alone, no model call
  --ollama-host URL     the Ollama server (default: http://localhost:11434)
  --model TAG           a gemma3 tag (default: gemma3:latest; gemma3:1b suits a laptop CPU)
  --ollama-wait SECONDS how long to wait for the server to answer (default: 2)
  --pull POLICY         if-missing (default), always or never
  --num-ctx N           the context window (default: sized to the prompt)
  -h, --help            this text`

// Beside the caller, not inside the folder read (a second run would read the first's report).
// Joined by hand: ncc copies into dist/ any folder that path.resolve() names with a literal.
const REPORT_DIR = 'benchmark-analyst-report'

export async function main(argv: string[]): Promise<number> {
  let args
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        path: { type: 'string', multiple: true },
        'report-dir': { type: 'string' },
        'max-file-size': { type: 'string' },
        'fail-on': { type: 'string' },
        'no-llm': { type: 'boolean' },
        'ollama-host': { type: 'string' },
        model: { type: 'string' },
        'ollama-wait': { type: 'string' },
        pull: { type: 'string' },
        'num-ctx': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    })
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`)
    return 2
  }
  if (args.values.help) {
    process.stdout.write(USAGE + '\n')
    return 0
  }
  const workspace = path.resolve(args.positionals[0] ?? '.')
  const inputs: Record<string, string> = {
    path: (args.values.path ?? ['**']).join('\n'),
    'report-dir': path.resolve(
      args.values['report-dir'] ?? [process.cwd(), REPORT_DIR].join(path.sep),
    ),
    'max-file-size': args.values['max-file-size'] ?? '',
    'fail-on': args.values['fail-on'] ?? '',
    llm: args.values['no-llm'] ? 'false' : 'true',
    summary: 'false',
    'ollama-host': args.values['ollama-host'] ?? process.env.OLLAMA_HOST ?? '',
    model: args.values.model ?? '',
    // On a laptop nothing is still starting: a server is there or it is not.
    'ollama-wait': args.values['ollama-wait'] ?? '2',
    pull: args.values.pull ?? '',
    'num-ctx': args.values['num-ctx'] ?? '',
  }
  let config
  try {
    config = parseConfig((name) => inputs[name] ?? '', {
      ...process.env,
      GITHUB_WORKSPACE: workspace,
    })
  } catch (error) {
    if (!(error instanceof InputError)) throw error
    process.stderr.write(`${error.message.replace(/^Input `([^`]+)`/, 'Option --$1')}\n`)
    return 2
  }
  const outcome = await quietToolkit(() => runWith(config, consoleLog))
  process.stdout.write(outcome.markdown)
  if (outcome.report.llm.status === 'failed') {
    process.stderr.write(
      `\nThe report above is the facts alone. To add the analyst's reading: run \`ollama serve\` and \`ollama pull gemma3:1b\`, then add --model gemma3:1b (or --ollama-host URL for a server elsewhere).\n`,
    )
  }
  for (const failure of outcome.failures) process.stderr.write(`${failure}\n`)
  return outcome.failures.length > 0 ? 1 : 0
}

// The toolkit writes its workflow commands (::debug::, ::group::) to stdout; on a terminal they
// are noise, and stdout is the report's. While the pipeline runs they go to stderr, debug dropped.
async function quietToolkit<T>(work: () => Promise<T>): Promise<T> {
  const write = process.stdout.write.bind(process.stdout)
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    const line = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString()
    if (line.startsWith('::debug::')) return true
    return process.stderr.write(chunk, ...rest)
  }) as typeof process.stdout.write
  try {
    return await work()
  } finally {
    process.stdout.write = write
  }
}

keepHeapSmall()
process.exitCode = await main(process.argv.slice(2))
