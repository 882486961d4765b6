// The plain list github-action-benchmark reads as `customBiggerIsBetter` / `customSmallerIsBetter`:
// a JSON array of `{name, unit, value, range?, extra?}`, one figure per entry. The list itself
// does not say which way is better (that is the action's tool setting), so the direction comes
// from the unit, or failing that from the name. `extra` is free text for humans: not read.
import type { Direction } from '../../report.js'
import type { Benchmark, Format, FormatReading } from './format.js'
import { isObject, quote, Warnings } from './reading.js'

/** `matches` checks this many entries from the start, and as many spread over the rest. */
const CHECKED = 1000

function isEntry(value: unknown): boolean {
  return (
    isObject(value) &&
    typeof value.name === 'string' &&
    typeof value.unit === 'string' &&
    typeof value.value === 'number'
  )
}

function matches(value: unknown): boolean {
  if (!Array.isArray(value) || value.length === 0) return false
  const head = Math.min(value.length, CHECKED)
  for (let i = 0; i < head; i++) if (!isEntry(value[i])) return false
  const rest = value.length - head
  if (rest === 0) return true
  const step = Math.max(1, Math.floor(rest / CHECKED))
  for (let i = head; i < value.length; i += step) if (!isEntry(value[i])) return false
  return isEntry(value[value.length - 1])
}

const RATE_UNITS = new Set(['hz', 'khz', 'mhz', 'ghz', 'fps', 'qps', 'tps', 'rps', 'iops'])
const TIME_UNITS = new Set([
  ...['ns', 'us', 'µs', 'μs', 'ms', 's', 'sec', 'secs', 'second', 'seconds'],
  ...['min', 'mins', 'minute', 'minutes', 'h', 'hour', 'hours'],
])
const SIZE_UNITS = new Set([
  ...['b', 'byte', 'bytes', 'kb', 'mb', 'gb', 'tb', 'kib', 'mib', 'gib', 'tib'],
])
/** `tok/s`, `MB/s`, `ops/sec`, and JMH-style `ops/ms`. */
const PER_TIME = ['/s', '/sec', '/second', '/ms', '/us', '/µs', '/ns', '/min', '/minute', '/h']
const HIGHER_NAMES = ['throughput', 'bandwidth', 'speedup', 'score']

/**
 * A rate is higher-is-better and a time lower, whatever the name says. A size is lower unless the
 * name says bandwidth or throughput (`"bandwidth", unit "MB"` is a sloppy MB/s).
 */
function directionOf(name: string, unit: string): Direction {
  const u = unit.trim().toLowerCase()
  const perTime = PER_TIME.some((end) => u.endsWith(end))
  if (perTime || u.includes('per second') || u.includes('per sec') || RATE_UNITS.has(u)) {
    return 'higher'
  }
  const perOp = ['/op', '/iter', '/iteration'].some((end) => u.endsWith(end))
  if (TIME_UNITS.has(u) || perOp) return 'lower'
  const lower = name.toLowerCase()
  if (HIGHER_NAMES.some((word) => lower.includes(word))) return 'higher'
  if (SIZE_UNITS.has(u)) return 'lower'
  return 'unknown'
}

/**
 * `"± 0.3"`, `"+/- 3"`, `"3"`, `"±1.5%"` (relative to the value), optionally followed by the
 * unit → the half-width d; undefined when the text is something else.
 */
function halfWidth(range: unknown, value: number, unit: string): number | undefined {
  if (typeof range === 'number') return Number.isFinite(range) && range >= 0 ? range : undefined
  if (typeof range !== 'string' || range.length > 100) return undefined
  let text = range.trim()
  for (const sign of ['±', '+/-', '+-']) {
    if (text.startsWith(sign)) {
      text = text.slice(sign.length).trim()
      break
    }
  }
  const unitText = unit.trim()
  if (unitText !== '' && text.endsWith(unitText)) text = text.slice(0, -unitText.length).trim()
  const percent = text.endsWith('%')
  if (percent) text = text.slice(0, -1).trim()
  if (!/^\d+(\.\d+)?([eE][+-]?\d+)?$|^\.\d+$/.test(text)) return undefined
  const d = Number(text)
  return percent ? (Math.abs(value) * d) / 100 : d
}

interface Entry {
  name: string
  unit: string
  values: number[]
  d?: number
}

function read(value: unknown): FormatReading {
  const warnings = new Warnings()
  if (!Array.isArray(value)) {
    return { benchmarks: [], warnings: ['not a list of benchmarks'], vocabulary: [], records: 0 }
  }
  const entries = new Map<string, Entry>()
  for (let i = 0; i < value.length; i++) {
    const item: unknown = value[i]
    if (!isObject(item) || typeof item.name !== 'string' || item.name === '') {
      warnings.add(`[${i}] has no name; skipped`)
      continue
    }
    const name = item.name
    const unit = typeof item.unit === 'string' ? item.unit : ''
    if (typeof item.unit !== 'string') warnings.add(`[${i}] ${quote(name)} has no unit`)
    if (typeof item.value !== 'number' || !Number.isFinite(item.value)) {
      warnings.add(`[${i}] ${quote(name)}: value is not a number; dropped`)
      continue
    }
    const figure = item.value
    const seen = entries.get(name)
    if (seen) {
      if (seen.unit !== unit) {
        warnings.add(
          `[${i}] ${quote(name)}: unit ${quote(unit)} differs from ${quote(seen.unit)}; dropped`,
        )
      } else seen.values.push(figure)
      continue
    }
    const entry: Entry = { name, unit, values: [figure] }
    if (item.range !== undefined && item.range !== null && item.range !== '') {
      const d = halfWidth(item.range, figure, unit)
      if (d === undefined) warnings.add(`[${i}] ${quote(name)}: range is not "± number"; ignored`)
      else entry.d = d
    }
    entries.set(name, entry)
  }
  const benchmarks: Benchmark[] = []
  for (const entry of entries.values()) benchmarks.push(toBenchmark(entry))
  if (benchmarks.length === 0) warnings.add('no entry with a numeric value')
  return { benchmarks, warnings: warnings.close(), vocabulary: [], records: value.length }
}

/** One entry is the figure; a name listed several times is a series of runs, all samples. */
function toBenchmark(entry: Entry): Benchmark {
  const { name, unit, values } = entry
  const benchmark: Benchmark = { name, unit, direction: directionOf(name, unit) }
  if (values.length > 1) {
    benchmark.samples = values
    return benchmark
  }
  const mean = values[0]!
  benchmark.summary = { mean }
  if (entry.d !== undefined) {
    benchmark.summary.interval = { low: mean - entry.d, high: mean + entry.d, what: '± range' }
  }
  return benchmark
}

export const customList: Format = {
  id: 'custom',
  label: 'custom benchmark list',
  json: { matches, read },
}
