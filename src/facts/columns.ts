// What each column of a table is: a measurement, a configuration the rows were run under, a
// label that only identifies a row, or the run's outcome. Names decide first, values second.
import { cellAt, type Cell, type ChunkView, type Table } from '../parse/table.js'
import { normaliseName, readMetricName } from './units.js'

export type Role = 'metric' | 'config' | 'id' | 'status' | 'other'

const CONFIG = new Set([
  'model',
  'model_name',
  'model_id',
  'quant',
  'quantization',
  'quant_type',
  'dtype',
  'precision',
  'batch',
  'batch_size',
  'bs',
  'ubatch',
  'ubatch_size',
  'num_gpu',
  'n_gpu_layers',
  'ngl',
  'gpu_layers',
  'num_ctx',
  'n_ctx',
  'ctx',
  'ctx_size',
  'context',
  'context_length',
  'context_size',
  'temperature',
  'temp',
  'top_p',
  'top_k',
  'min_p',
  'repeat_penalty',
  'num_predict',
  'n_predict',
  'max_tokens',
  'max_new_tokens',
  'threads',
  'num_thread',
  'n_threads',
  'concurrency',
  'workers',
  'users',
  'clients',
  'parallel',
  'num_parallel',
  'backend',
  'engine',
  'device',
  'kernel',
  'block_size',
  'tile',
  'tile_size',
  'input_len',
  'output_len',
  'prompt_len',
  'seq_len',
  'sequence_length',
  'input_tokens',
  'output_tokens',
  'variant',
  'config',
  'configuration',
  'mode',
  'impl',
  'implementation',
  'compiler',
  'opt',
  'opt_level',
  'flags',
  'target',
  'dataset',
  'scenario',
  'benchmark',
  'bench',
  'suite',
  'case',
  'size',
  'problem_size',
  'flash_attn',
  'kv_cache_type',
  'mmap',
  'num_batch',
  'keep_alive',
  'request_rate',
  'rate',
  'qps_target',
  'gpu',
  'cpu',
  'os',
  'platform',
  'runner',
  'arch',
  'version',
])

const IDENTIFIER = new Set([
  'run',
  'run_id',
  'runid',
  'run_index',
  'run_no',
  'iteration',
  'iter',
  'rep',
  'repeat',
  'repetition',
  'trial',
  'sample',
  'index',
  'idx',
  'id',
  'seq',
  'step',
  'attempt',
  'timestamp',
  'time_stamp',
  'ts',
  'date',
  'datetime',
  'started_at',
  'start_time',
  'end_time',
  'finished_at',
  'created_at',
  'prompt',
  'prompt_id',
  'prompt_text',
  'question',
  'request_id',
  'uuid',
  'hash',
  'commit',
  'sha',
  'name',
  'label',
  'description',
  'notes',
  'note',
  'comment',
  'host',
  'hostname',
  'job',
  'job_id',
  'seed',
  'file',
  'path',
  'url',
])

const ERROR = new Set([
  'error',
  'errors',
  'err',
  'error_message',
  'error_msg',
  'exception',
  'failure_reason',
])
const STATE = new Set(['status', 'state', 'result', 'outcome'])
const HTTP = new Set(['status_code', 'http_status', 'http_code'])
const SUCCESS = new Set(['success', 'succeeded', 'ok', 'passed', 'pass'])
const FAILED = new Set(['failed', 'failure', 'is_error'])
const EXIT = new Set(['exit_code', 'returncode', 'return_code', 'exitcode', 'rc'])

export type StatusKind = 'error' | 'state' | 'success' | 'failed' | 'exit' | 'http'

export interface ColumnRole {
  name: string
  role: Role
  status?: StatusKind
}

/** The last part of a flattened JSON path is what a column is named after. */
function leaf(name: string): string {
  const unbracketed = name.replace(/\s*[([][^)\]]*[)\]]\s*$/, '')
  const dot = unbracketed.lastIndexOf('.')
  return normaliseName(dot >= 0 ? unbracketed.slice(dot + 1) : unbracketed)
}

function statusKind(key: string, numeric: boolean): StatusKind | undefined {
  if (ERROR.has(key)) return 'error'
  if (STATE.has(key)) return 'state'
  if (HTTP.has(key) && numeric) return 'http'
  if (SUCCESS.has(key)) return 'success'
  if (FAILED.has(key)) return 'failed'
  if (EXIT.has(key) && numeric) return 'exit'
  return undefined
}

/** What classifying a column needs to know of its values, gathered in one pass over the table. */
interface Profile {
  present: number
  numbers: number
  /** Distinct values, counted only as far as the rule below needs (21). */
  distinct: Set<string | number>
  long: boolean
  /** 0, 1, 2, … or 1, 2, 3, … in row order so far. */
  counter: boolean
  start: Cell
}

function profile(table: Table): Profile[] {
  const profiles: Profile[] = table.columns.map(() => ({
    present: 0,
    numbers: 0,
    distinct: new Set(),
    long: false,
    counter: table.rowCount >= 3,
    start: null,
  }))
  table.scanChunks(
    table.columns.map((_, c) => c),
    (chunk) => {
      for (let c = 0; c < profiles.length; c++) {
        const p = profiles[c]!
        const numbers = chunk.numbers(c)
        const texts = chunk.texts(c)
        for (let r = 0; r < chunk.rows; r++) {
          const text = texts?.[r]
          const n = numbers ? numbers[r]! : NaN
          const value: Cell = text !== undefined ? text : Number.isNaN(n) ? null : n
          if (p.counter) {
            const row = chunk.start + r
            if (row === 0) p.start = value
            p.counter = row === 0 ? value === 0 || value === 1 : value === (p.start as number) + row
          }
          if (value === null) continue
          p.present++
          if (typeof value === 'number') p.numbers++
          else if (!p.long && value.length > 40) p.long = true
          if (p.distinct.size <= 20) p.distinct.add(value)
        }
      }
    },
  )
  return profiles
}

export function classifyColumns(table: Table): ColumnRole[] {
  const profiles = profile(table)
  return table.columns.map((name, c) => {
    const p = profiles[c]!
    const key = leaf(name)
    const status = statusKind(key, p.numbers === p.present)
    if (status) return { name, role: 'status', status }
    const numeric = p.present > 0 && p.numbers / p.present >= 0.5
    const dotted =
      name.includes('.') && /(^|\.)(config|params|parameters|settings|options)\./i.test(name)
    if (CONFIG.has(key) || dotted) return { name, role: 'config' }
    if (IDENTIFIER.has(key) || /_(id|at|timestamp|uuid)$/.test(key)) return { name, role: 'id' }
    if (key === 'time' && !numeric) return { name, role: 'id' }
    if (numeric)
      return {
        name,
        role: p.counter && readMetricName(name).direction === 'unknown' ? 'id' : 'metric',
      }
    if (p.present === 0) return { name, role: 'other' }
    // A text column that repeats a few short values is a setting; one that is different on every
    // row, or long, labels the row (a prompt, a message).
    const labels = p.distinct.size > 20 || (p.present > 4 && p.distinct.size === p.present)
    return { name, role: p.long || labels ? 'id' : 'config' }
  })
}

const FAILED_STATE =
  /^(fail|failed|failure|error|errored|err|timeout|timed[ _-]?out|crash|crashed|aborted|cancel+ed|oom|killed|exception)\b/i
const NO_ERROR = new Set([
  '',
  'none',
  'null',
  'nil',
  'ok',
  'false',
  '0',
  'no',
  'n/a',
  '-',
  'success',
])

/**
 * Marks the rows of a chunk whose status columns say the run failed; such a row's zeros are not
 * a measurement. Only the status columns are looked at: the scan must load `statusColumns`.
 */
export function markFailed(columns: ColumnRole[], chunk: ChunkView, failed: Uint8Array): void {
  failed.fill(0, 0, chunk.rows)
  columns.forEach((role, c) => {
    if (!role.status) return
    for (let r = 0; r < chunk.rows; r++) {
      if (!failed[r] && failedBy(role.status, cellAt(chunk, c, r))) failed[r] = 1
    }
  })
}

/** The status columns' indexes: what a scan must load for `markFailed`. */
export function statusColumns(columns: ColumnRole[]): number[] {
  return columns.flatMap((role, c) => (role.status ? [c] : []))
}

function failedBy(kind: StatusKind, value: Cell): boolean {
  if (value === null) return false
  const text = String(value).trim().toLowerCase()
  switch (kind) {
    case 'error':
      return typeof value === 'number' ? value !== 0 : !NO_ERROR.has(text)
    case 'state':
      return FAILED_STATE.test(text)
    case 'success':
      return ['false', '0', 'no', 'n', 'fail', 'failed'].includes(text)
    case 'failed':
      return ['true', '1', 'yes', 'y'].includes(text)
    case 'exit':
      return typeof value === 'number' && value !== 0
    case 'http':
      return typeof value === 'number' && value >= 400
  }
}
