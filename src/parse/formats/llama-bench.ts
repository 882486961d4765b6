// llama.cpp's llama-bench, in the three shapes `-o` writes: `json`/`jsonl` (one record per test),
// `csv` (the same fields as columns) and `md`, the default (a pipe table with `test` and `t/s`
// columns and a `build: <commit> (<number>)` line under it). Every test is one benchmark named as
// llama-bench's table names it (`pp512`, `tg128`, `pp512+tg128 @ d512`), in tokens/s.
//
// Only tokens/s is read, even where JSON also carries avg_ns/samples_ns: ns is the same
// measurement inverted (ns for the whole test, not per token), and a second metric per test would
// count every test twice.
import type { Cell, RowTable } from '../parsed.js'
import type { Benchmark, Format, FormatReading, Summary } from './format.js'
import {
  type Fields,
  finite,
  finiteNumbers,
  isObject,
  NOT_SHOWN,
  VOCABULARY_LIMIT,
  Warnings,
  WORD_LIMIT,
} from './reading.js'
import { textFormat } from './text-lines.js'

const UNIT = 'tokens/s'
// A record is a few dozen fields; a hostile one with a million keys is read only this far.
const MAX_KEYS = 100
const MAX_SETTINGS = 200

// Fields that are results, or already in the test name, rather than settings rows can differ in.
const NOT_SETTINGS = new Set([
  'test_time',
  'avg_ns',
  'stddev_ns',
  'avg_ts',
  'stddev_ts',
  'samples_ns',
  'samples_ts',
  'n_prompt',
  'n_gen',
  'n_depth',
])

// JSON and CSV field → the column name the Markdown table prints, so the three shapes of one run
// give the same groups.
const DISPLAY: Record<string, string> = {
  model_type: 'model',
  model_size: 'size',
  model_n_params: 'params',
  backends: 'backend',
  n_gpu_layers: 'ngl',
  n_threads: 'threads',
  split_mode: 'sm',
  no_kv_offload: 'nkvo',
  flash_attn: 'fa',
  use_mmap: 'mmap',
  embeddings: 'embd',
  tensor_split: 'ts',
  no_op_offload: 'nopo',
  tensor_buft_overrides: 'ot',
}

// These describe the model rather than configure the run: they differ whenever the model does, so
// they enter a group only when two rows of one model disagree on them (two files of one type).
const MODEL_DESCRIPTORS = new Set(['size', 'params', 'model_filename'])

const VOCABULARY_FIELDS = ['cpu_info', 'gpu_info', 'backends', 'build_commit']

/** One test as read from any of the shapes, before rows are grouped into benchmarks. */
interface Row {
  where: string
  name: string
  settings: Map<string, string>
  mean?: number
  stddev?: number
  samples?: number[]
}

class Reading {
  private readonly warnings = new Warnings(NOT_SHOWN)
  private readonly words = new Set<string>()

  warn(message: string): void {
    this.warnings.add(message)
  }

  word(value: string): void {
    const word = value.trim().slice(0, WORD_LIMIT)
    if (word !== '' && this.words.size < VOCABULARY_LIMIT) this.words.add(word)
  }

  finish(rows: Row[]): FormatReading {
    const benchmarks = assemble(rows, this)
    return {
      benchmarks,
      warnings: this.warnings.close(),
      vocabulary: [...this.words],
      records: rows.length,
    }
  }
}

/**
 * A number, or a string that spells one: llama-bench's fields come from CSV cells as well as from
 * JSON. (reading.ts's `finite` takes numbers only.)
 */
function numeric(value: unknown): number | undefined {
  if (typeof value === 'string' && /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/.test(value)) {
    return finite(Number(value))
  }
  return finite(value)
}

function tokenCount(value: unknown): number | undefined {
  const n = numeric(value)
  return n !== undefined && n >= 0 ? n : undefined
}

/** The name llama-bench's Markdown table gives a test. */
function testName(nPrompt: number, nGen: number, nDepth: number): string {
  let name: string
  if (nPrompt > 0 && nGen === 0) name = `pp${nPrompt}`
  else if (nGen > 0 && nPrompt === 0) name = `tg${nGen}`
  else name = `pp${nPrompt}+tg${nGen}`
  return nDepth > 0 ? `${name} @ d${nDepth}` : name
}

function settingValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim().slice(0, WORD_LIMIT)
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined
  // JSON writes true/false where CSV and Markdown write 1/0; one spelling keeps the groups equal.
  if (typeof value === 'boolean') return value ? '1' : '0'
  return undefined
}

function looksLikeRecord(value: unknown): boolean {
  return (
    isObject(value) &&
    'n_prompt' in value &&
    'n_gen' in value &&
    'avg_ts' in value &&
    typeof value.model_type === 'string'
  )
}

// ---- JSON and CSV: one record per test ----

function readRecords(records: unknown[], kind: string): FormatReading {
  const reading = new Reading()
  const rows: Row[] = []
  for (let i = 0; i < records.length; i++) {
    const record = records[i]
    const where = `${kind} ${i + 1}`
    if (!isObject(record)) {
      reading.warn(`${where}: not a llama-bench record`)
      continue
    }
    const row = fromRecord(record, where, reading)
    if (row) rows.push(row)
  }
  if (records.length === 0) reading.warn('no llama-bench records')
  return reading.finish(rows)
}

function fromRecord(record: Fields, where: string, reading: Reading): Row | null {
  const nPrompt = tokenCount(record.n_prompt)
  const nGen = tokenCount(record.n_gen)
  if (nPrompt === undefined || nGen === undefined) {
    reading.warn(`${where}: no n_prompt or n_gen, so the test has no name`)
    return null
  }
  const name = testName(nPrompt, nGen, tokenCount(record.n_depth) ?? 0)
  const samples = sampleList(record.samples_ts, where, name, reading)
  const mean = numeric(record.avg_ts)
  if (mean === undefined && samples === undefined) {
    reading.warn(`${where}: "${name}" has no avg_ts value`)
    return null
  }
  for (const field of VOCABULARY_FIELDS) {
    const value = record[field]
    if (typeof value === 'string' && value.trim() !== '') {
      reading.word(field)
      reading.word(value)
    }
  }
  const row: Row = { where, name, settings: recordSettings(record) }
  if (mean !== undefined) row.mean = mean
  const stddev = numeric(record.stddev_ts)
  if (stddev !== undefined) row.stddev = stddev
  if (samples) row.samples = samples
  return row
}

function recordSettings(record: Fields): Map<string, string> {
  const settings = new Map<string, string>()
  let seen = 0
  for (const key in record) {
    if (++seen > MAX_KEYS) break
    if (NOT_SETTINGS.has(key) || key === '__proto__') continue
    const value = settingValue(record[key])
    // Own keys only: a field named `constructor` must not pick up Object.prototype's.
    const name = Object.hasOwn(DISPLAY, key) ? DISPLAY[key]! : key
    if (value !== undefined) settings.set(name, value)
  }
  return settings
}

function sampleList(value: unknown, where: string, name: string, reading: Reading) {
  if (value === undefined || value === null) return undefined
  if (!Array.isArray(value)) {
    reading.warn(`${where}: "${name}" has samples_ts that is not a list`)
    return undefined
  }
  const samples = finiteNumbers(value)
  if (samples.length < value.length) {
    reading.warn(
      `${where}: "${name}" has ${value.length - samples.length} samples_ts entries that are not numbers`,
    )
  }
  return samples.length > 0 ? samples : undefined
}

function tableRecords(table: RowTable): Record<string, Cell>[] {
  return table.rows.map((row) => {
    // No prototype: a column named `__proto__` is then just a column.
    const record = Object.create(null) as Record<string, Cell>
    table.columns.forEach(
      (column, i) => (record[column] = Array.isArray(row) ? (row[i] ?? null) : null),
    )
    return record
  })
}

// ---- Markdown: the table llama-bench prints by default ----

function cellsOf(line: string): string[] | null {
  const trimmed = line.trim()
  if (!trimmed.startsWith('|')) return null
  const inner =
    trimmed.endsWith('|') && trimmed.length > 1 ? trimmed.slice(1, -1) : trimmed.slice(1)
  return inner.split('|').map((cell) => cell.trim())
}

function isHeader(cells: string[]): boolean {
  return cells.includes('model') && cells.includes('test') && cells.includes('t/s')
}

function isSeparator(cells: string[] | null): boolean {
  return cells !== null && cells.length > 0 && cells.every((cell) => /^:?-+:?$/.test(cell))
}

// `4512.37 ± 21.15`: llama-bench's mean and (sample, n − 1) standard deviation of the repetitions.
const TS_CELL = /^(\d+(?:\.\d+)?)(?:\s*±\s*(\d+(?:\.\d+)?))?$/
const BUILD_LINE = /^build: ([0-9a-f]{4,40}) \((\d+)\)$/
// ggml's CUDA/ROCm start-up log, when stderr went to the same file: `  Device 0: NVIDIA ..., `.
const DEVICE_LINE = /^Device \d+: ([^,]{1,100}),/

function readMarkdown(text: string): FormatReading {
  const reading = new Reading()
  const rows: Row[] = []
  const lines = text.split(/\r?\n/)
  let columns: string[] | null = null
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    const cells = cellsOf(line)
    if (cells === null) {
      noteLine(line.trim(), reading)
      continue
    }
    if (isSeparator(cells)) continue
    // A header is the row above a separator; another tool's table ends llama-bench's.
    if (isSeparator(cellsOf(lines[i + 1] ?? ''))) {
      columns = isHeader(cells) ? cells : null
      continue
    }
    if (isHeader(cells)) {
      reading.warn(`line ${i + 1}: table header has no | --- | row under it`)
      columns = cells
      continue
    }
    if (columns === null) continue
    if (cells.length !== columns.length) {
      reading.warn(`line ${i + 1}: ${cells.length} cells where the header has ${columns.length}`)
      continue
    }
    const row = fromCells(columns, cells, `line ${i + 1}`, reading)
    if (row) rows.push(row)
  }
  if (rows.length === 0)
    reading.warn('no llama-bench result rows under a | model | ... | test | t/s | header')
  return reading.finish(rows)
}

function noteLine(line: string, reading: Reading): void {
  const build = BUILD_LINE.exec(line)
  if (build) {
    reading.word('build_commit')
    reading.word(build[1]!)
    return
  }
  const device = DEVICE_LINE.exec(line)
  if (device) reading.word(device[1]!)
}

function fromCells(
  columns: string[],
  cells: string[],
  where: string,
  reading: Reading,
): Row | null {
  const name = cells[columns.indexOf('test')] ?? ''
  const ts = cells[columns.indexOf('t/s')] ?? ''
  if (name === '') {
    reading.warn(`${where}: no test name`)
    return null
  }
  const match = TS_CELL.exec(ts)
  if (!match) {
    reading.warn(`${where}: "${name.slice(0, 60)}" has no t/s value ("${ts.slice(0, 40)}")`)
    return null
  }
  const settings = new Map<string, string>()
  columns.forEach((column, i) => {
    if (column === 'test' || column === 't/s' || column === '__proto__') return
    settings.set(column, (cells[i] ?? '').slice(0, WORD_LIMIT))
  })
  const backend = settings.get('backend')
  if (backend) {
    reading.word('backend')
    reading.word(backend)
  }
  const row: Row = { where, name, settings, mean: Number(match[1]) }
  if (match[2] !== undefined) row.stddev = Number(match[2])
  return row
}

// ---- From rows to benchmarks ----

/** The settings that tell rows apart: the model always, others only where rows differ. */
function varyingSettings(rows: Row[]): Set<string> {
  const keys = new Set<string>()
  for (const row of rows) {
    for (const key of row.settings.keys()) if (keys.size < MAX_SETTINGS) keys.add(key)
  }
  const varying = new Set<string>(['model'])
  for (const key of keys) {
    if (MODEL_DESCRIPTORS.has(key) ? differsWithinModel(rows, key) : differs(rows, key)) {
      varying.add(key)
    }
  }
  return varying
}

function differs(rows: Row[], key: string): boolean {
  const first = rows[0]?.settings.get(key)
  return rows.some((row) => row.settings.get(key) !== first)
}

function differsWithinModel(rows: Row[], key: string): boolean {
  const byModel = new Map<string | undefined, string | undefined>()
  for (const row of rows) {
    const model = row.settings.get('model')
    const value = row.settings.get(key)
    if (!byModel.has(model)) byModel.set(model, value)
    else if (byModel.get(model) !== value) return true
  }
  return false
}

function assemble(rows: Row[], reading: Reading): Benchmark[] {
  const varying = varyingSettings(rows)
  const found = new Map<string, { benchmark: Benchmark; values: number[] }>()
  for (const row of rows) {
    const group: Record<string, string> = {}
    const model = row.settings.get('model')
    if (model !== undefined) group.model = model
    for (const [key, value] of row.settings) if (varying.has(key)) group[key] = value
    const id = JSON.stringify([
      row.name,
      Object.entries(group).sort(([a], [b]) => (a < b ? -1 : 1)),
    ])
    // A repeat of the same test under the same settings (jsonl appended run after run) is more
    // repetitions of one benchmark; each row's statistics cover only its own part, so they go.
    const values = row.samples ?? (row.mean !== undefined ? [row.mean] : [])
    const earlier = found.get(id)
    if (earlier) {
      reading.warn(
        `${row.where}: "${row.name}" repeats an earlier test with the same settings; samples merged, per-test statistics dropped`,
      )
      earlier.values.push(...values)
      earlier.benchmark.samples = earlier.values
      delete earlier.benchmark.summary
      continue
    }
    found.set(id, { benchmark: benchmarkOf(row, group), values: [...values] })
  }
  return [...found.values()].map((entry) => entry.benchmark)
}

function benchmarkOf(row: Row, group: Record<string, string>): Benchmark {
  const summary: Summary = {}
  if (row.mean !== undefined) summary.mean = row.mean
  if (row.stddev !== undefined) summary.stddev = row.stddev
  // The -r repetitions are not in the file; only the samples say how many there were.
  if (row.samples) summary.n = row.samples.length
  const benchmark: Benchmark = { name: row.name, unit: UNIT, direction: 'higher', group, summary }
  if (row.samples) benchmark.samples = row.samples
  return benchmark
}

export const llamaBench: Format = {
  id: 'llama-bench',
  label: 'llama-bench',
  json: {
    matches(value) {
      return looksLikeRecord(Array.isArray(value) ? value[0] : value)
    },
    read(value) {
      return readRecords(Array.isArray(value) ? value : [value], 'record')
    },
  },
  table: {
    matches(columns) {
      return (
        Array.isArray(columns) &&
        columns.includes('n_prompt') &&
        columns.includes('n_gen') &&
        columns.includes('avg_ts')
      )
    },
    read(table) {
      const valid = isObject(table) && Array.isArray(table.columns) && Array.isArray(table.rows)
      return readRecords(valid ? tableRecords(table) : [], 'row')
    },
  },
  text: textFormat((head) => {
    for (const line of head.split('\n')) {
      if (!line.includes('t/s')) continue
      const cells = cellsOf(line)
      if (cells && isHeader(cells)) return true
    }
    return false
  }, readMarkdown),
}
