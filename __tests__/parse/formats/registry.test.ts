// Which tool wrote a file, by its content, through the real parse path: every fixture (one per
// format, shaped as each tool's documentation shows its output) is read as its own tool and no
// other, whatever the file is called, and the generic example artifacts are read as generic data.
import { describe, expect, it } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import Papa from 'papaparse'
import { fileTypeOf } from '../../../src/collect/file-type.js'
import { FORMATS, HEAD_BYTES } from '../../../src/parse/formats/registry.js'
import { parseFile } from '../../../src/parse/parse-file.js'
import type { ParsedDocument } from '../../../src/parse/parsed.js'
import { ROOT } from '../../fixtures/runner.js'

const FIXTURES = path.join(ROOT, '__tests__', 'fixtures', 'formats')

// Fixture file → the format it must be read as.
const EXPECTED: Record<string, string> = {
  'pytest-benchmark.json': 'pytest-benchmark',
  'google-benchmark.json': 'google-benchmark',
  'benchmarkdotnet.json': 'benchmarkdotnet',
  'jmh.json': 'jmh',
  'julia-benchmarktools.json': 'julia-benchmarktools',
  'hyperfine.json': 'hyperfine',
  'custom.json': 'custom',
  'vllm-serving.json': 'vllm-benchmark-serving',
  'llama-bench.json': 'llama-bench',
  'llama-bench.csv': 'llama-bench',
  'llama-bench.md': 'llama-bench',
  'ollama-verbose.log': 'ollama-verbose',
  'go-test-bench.txt': 'go-test-bench',
  'cargo-bench.txt': 'cargo-bench',
  'criterion.txt': 'criterion',
  'catch2.txt': 'catch2',
  'benchmark-js.txt': 'benchmark.js',
}

async function read(file: string, as = path.basename(file)): Promise<ParsedDocument | undefined> {
  const stats = fs.statSync(file)
  const outcome = await parseFile({
    absolutePath: file,
    path: as,
    type: fileTypeOf(as),
    bytes: stats.size,
    modified: stats.mtime,
  })
  if (outcome && !outcome.ok) throw new Error(`${as}: ${outcome.problem}`)
  return outcome?.document
}

/** Every format whose test claims the file, asked the way the parser asks it. */
function claimants(name: string, text: string): string[] {
  const ext = path.extname(name)
  return FORMATS.filter((format) => {
    if (ext === '.json') return format.json?.matches(JSON.parse(text)) ?? false
    if (ext === '.csv') {
      const columns = Papa.parse<string[]>(text.trim()).data[0]!
      return format.table?.matches(columns) ?? false
    }
    return format.text?.matches(text.slice(0, HEAD_BYTES)) ?? false
  }).map((f) => f.id)
}

describe('recognising benchmark tools by content', () => {
  it('has a fixture for every format', () => {
    expect(new Set(Object.values(EXPECTED))).toEqual(new Set(FORMATS.map((f) => f.id)))
    expect(fs.readdirSync(FIXTURES).sort()).toEqual(Object.keys(EXPECTED).sort())
  })

  it.each(Object.entries(EXPECTED))('%s is claimed by %s alone', (name, id) => {
    expect(claimants(name, fs.readFileSync(path.join(FIXTURES, name), 'utf8'))).toEqual([id])
  })

  it.each(Object.entries(EXPECTED))(
    '%s is read as %s with benchmarks and no warnings',
    async (name, id) => {
      const document = (await read(path.join(FIXTURES, name)))!
      expect(document.format?.id).toBe(id)
      expect(document.format!.benchmarks.length).toBeGreaterThan(0)
      expect(document.warnings).toEqual([])
      expect(document.tables).toEqual([])
    },
  )

  it('reads a tool’s output whatever the file is called', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'formats-'))
    const go = fs.readFileSync(path.join(FIXTURES, 'go-test-bench.txt'))
    for (const name of ['bench-output', 'results.log', 'bench.md']) {
      fs.writeFileSync(path.join(dir, name), go)
      const document = await read(path.join(dir, name), name)
      expect([name, document?.format?.label]).toEqual([name, 'go test -bench'])
    }
  })

  it('leaves a text file that is no tool’s output unopened', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'formats-'))
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'ran the sweep twice; second run slower\n')
    fs.writeFileSync(path.join(dir, 'plot.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1]))
    expect(await read(path.join(dir, 'notes.txt'))).toBeUndefined()
    expect(await read(path.join(dir, 'plot.png'))).toBeUndefined()
  })

  it('reads the generic example artifacts as generic data, and the tools’ ones as their tools', async () => {
    const examples = path.join(ROOT, 'examples', 'artifacts')
    const formats: Record<string, string> = {}
    const walk = (dir: string): string[] =>
      fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]))
    for (const file of walk(examples)) {
      const rel = path.relative(examples, file).split(path.sep).join('/')
      let document: ParsedDocument | undefined
      try {
        document = await read(file, rel)
      } catch {
        continue // the examples broken on purpose
      }
      if (document?.format) formats[rel] = document.format.id
    }
    expect(formats).toEqual({
      'artifacts/compile/hyperfine.json': 'hyperfine',
      'artifacts/go/tokenizer_bench.txt': 'go-test-bench',
      'artifacts/llama/llama-bench.md': 'llama-bench',
      'artifacts/llama/ollama-verbose.log': 'ollama-verbose',
      'artifacts/python_bench/tokenizer_bench.json': 'pytest-benchmark',
      'artifacts/rust/cargo-bench.txt': 'cargo-bench',
    })
  })
})
