// What each column of a table is: a measurement, a configuration the rows were run under, a
// label that only identifies a row, or the run's outcome. Names decide first, values second.
import type { Cell, Table } from '../parse/parsed.js'
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

function statusKind(key: string, values: Cell[]): StatusKind | undefined {
  if (ERROR.has(key)) return 'error'
  if (STATE.has(key)) return 'state'
  const numeric = values.every((v) => v === null || typeof v === 'number')
  if (HTTP.has(key) && numeric) return 'http'
  if (SUCCESS.has(key)) return 'success'
  if (FAILED.has(key)) return 'failed'
  if (EXIT.has(key) && numeric) return 'exit'
  return undefined
}

export function classifyColumns(table: Table): ColumnRole[] {
  return table.columns.map((name, c) => {
    const values = table.rows.map((row) => row[c] ?? null)
    const key = leaf(name)
    const status = statusKind(key, values)
    if (status) return { name, role: 'status', status }
    const present = values.filter((v) => v !== null)
    const numbers = present.filter((v) => typeof v === 'number').length
    const numeric = present.length > 0 && numbers / present.length >= 0.5
    const dotted =
      name.includes('.') && /(^|\.)(config|params|parameters|settings|options)\./i.test(name)
    if (CONFIG.has(key) || dotted) return { name, role: 'config' }
    if (IDENTIFIER.has(key) || /_(id|at|timestamp|uuid)$/.test(key)) return { name, role: 'id' }
    if (key === 'time' && !numeric) return { name, role: 'id' }
    if (numeric)
      return {
        name,
        role: isCounter(values) && readMetricName(name).direction === 'unknown' ? 'id' : 'metric',
      }
    if (present.length === 0) return { name, role: 'other' }
    // A text column that repeats a few short values is a setting; one that is different on every
    // row, or long, labels the row (a prompt, a message).
    const distinct = new Set(present.map(String))
    const long = present.some((v) => String(v).length > 40)
    const labels = distinct.size > 20 || (present.length > 4 && distinct.size === present.length)
    return { name, role: long || labels ? 'id' : 'config' }
  })
}

/** 0, 1, 2, … or 1, 2, 3, … in row order: a run or request number, not a measurement. */
function isCounter(values: Cell[]): boolean {
  if (values.length < 3) return false
  const start = values[0]
  if (start !== 0 && start !== 1) return false
  return values.every((v, i) => v === start + i)
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

/** Whether a row's status columns say its run failed; such a row's zeros are not a measurement. */
export function rowFailed(row: Cell[], columns: ColumnRole[]): boolean {
  for (let c = 0; c < columns.length; c++) {
    const kind = columns[c]!.status
    if (!kind) continue
    const value = row[c] ?? null
    if (value === null) continue
    const text = String(value).trim().toLowerCase()
    switch (kind) {
      case 'error':
        if (typeof value === 'number' ? value !== 0 : !NO_ERROR.has(text)) return true
        break
      case 'state':
        if (FAILED_STATE.test(text)) return true
        break
      case 'success':
        if (['false', '0', 'no', 'n', 'fail', 'failed'].includes(text)) return true
        break
      case 'failed':
        if (['true', '1', 'yes', 'y'].includes(text)) return true
        break
      case 'exit':
        if (typeof value === 'number' && value !== 0) return true
        break
      case 'http':
        if (typeof value === 'number' && value >= 400) return true
        break
    }
  }
  return false
}
