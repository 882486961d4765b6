// `ollama run MODEL --verbose`: after each answer ollama prints a timing block, one `label: value`
// line per measure, in a fixed order, leaving out any measure that is zero:
//
//   total duration:       4.870254583s
//   load duration:        28.125µs
//   prompt eval count:    26 token(s)
//   prompt eval duration: 139.493ms
//   prompt eval rate:     186.39 tokens/s
//   eval count:           290 token(s)
//   eval duration:        4.729624s
//   eval rate:            61.32 tokens/s
//
// Each block is one sample of every measure. The answers between blocks are the model's text,
// which can say anything, even `eval rate: fake`: a block is only a run of two or more adjacent
// lines in ollama's order whose values have the shape ollama prints, and everything else is skipped.
import type { Direction } from '../../report.js'
import type { Benchmark, Format, FormatReading } from './format.js'
import { NOT_SHOWN, Warnings } from './reading.js'
import { NS_PER, textFormat } from './text-lines.js'

type Kind = 'duration' | 'count' | 'rate'

// In the order ollama prints them.
const LABELS = [
  'total duration',
  'load duration',
  'prompt eval count',
  'prompt eval duration',
  'prompt eval rate',
  'eval count',
  'eval duration',
  'eval rate',
] as const
type Label = (typeof LABELS)[number]

// In the order the reading lists them: the headline rates first.
const MEASURES: { label: Label; kind: Kind }[] = [
  { label: 'eval rate', kind: 'rate' },
  { label: 'prompt eval rate', kind: 'rate' },
  { label: 'total duration', kind: 'duration' },
  { label: 'load duration', kind: 'duration' },
  { label: 'prompt eval duration', kind: 'duration' },
  { label: 'eval duration', kind: 'duration' },
  { label: 'eval count', kind: 'count' },
  { label: 'prompt eval count', kind: 'count' },
]

const UNITS: Record<Kind, { unit: string; direction: Direction }> = {
  duration: { unit: 'ms', direction: 'lower' },
  count: { unit: 'tokens', direction: 'unknown' },
  rate: { unit: 'tokens/s', direction: 'higher' },
}

// The longest real line is ~40 characters; longer ones are answer text and never matched.
const MAX_LINE = 200
const STAT_LINE =
  /^[ \t]*(total duration|load duration|prompt eval count|prompt eval duration|prompt eval rate|eval count|eval duration|eval rate):[ \t]*(\S+(?: \S+)?)[ \t]*$/
// Only the codes ollama's own spinner writes (final byte a letter): the shared, wider pattern
// of text-lines.ts would also strip codes this reader has never stripped.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[a-zA-Z]/g
const COUNT = /^(\d+) token\(s\)$/
const RATE = /^(\d+(?:\.\d+)?) tokens\/s$/

// Go's time.Duration.String(): `1h2m3.5s`, `4.870254583s`, `139.493ms`, `28.125µs`, `800ns`, `0s`.
const DURATION =
  /^(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h)(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))*$/
const DURATION_PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g

/** A Go duration string in milliseconds; undefined when it is not one. */
function durationMs(text: string): number | undefined {
  if (text === '0s') return 0
  if (!DURATION.test(text)) return undefined
  // Go durations are whole nanoseconds: summing in ns and dividing once gives 4.870254583s as
  // exactly 4870.254583 ms rather than a float product's 4870.254583000001.
  let ns = 0
  for (const [, amount, unit] of text.matchAll(DURATION_PART)) {
    ns += Math.round(Number(amount) * NS_PER[unit!]!)
  }
  return Number.isFinite(ns) ? ns / 1e6 : undefined
}

function valueOf(label: Label, text: string): number | undefined {
  if (label.endsWith('duration')) return durationMs(text)
  const match = (label.endsWith('count') ? COUNT : RATE).exec(text)
  return match ? Number(match[1]) : undefined
}

interface Line {
  label: Label
  value?: number
  raw: string
}

/** A line with a timing label, or null; the value is absent when it is not in ollama's shape. */
function statLine(raw: string): Line | null {
  // Captured from a terminal: keep what the last carriage return left, without colour codes.
  let line = raw.slice(raw.lastIndexOf('\r') + 1)
  if (line.length > MAX_LINE) return null
  if (line.includes('\u001b')) line = line.replace(ANSI, '')
  const match = STAT_LINE.exec(line)
  if (!match) return null
  const label = match[1] as Label
  const value = valueOf(label, match[2]!)
  return value === undefined || !Number.isFinite(value)
    ? { label, raw: match[2]! }
    : { label, value, raw: match[2]! }
}

interface Block {
  values: Map<Label, number>
  malformed: Set<Label>
  notes: string[]
  lastIndex: number
  firstLine: number
}

class Reader {
  readonly warnings = new Warnings(NOT_SHOWN)
  readonly blocks: Block[] = []
  private run: Block | null = null

  line(raw: string, number: number): void {
    const stat = statLine(raw)
    const index = stat ? LABELS.indexOf(stat.label) : -1
    if (!stat || (this.run !== null && index <= this.run.lastIndex)) this.close()
    if (!stat) return
    if (this.run === null) {
      // A run starts only at a well-formed line: `eval rate: fake` in an answer starts nothing.
      if (stat.value === undefined) return
      this.run = {
        values: new Map(),
        malformed: new Set(),
        notes: [],
        lastIndex: -1,
        firstLine: number,
      }
    }
    this.run.lastIndex = index
    if (stat.value !== undefined) this.run.values.set(stat.label, stat.value)
    else {
      this.run.malformed.add(stat.label)
      this.run.notes.push(
        `line ${number}: "${stat.label}" value "${stat.raw.slice(0, 40)}" is not in ollama's shape`,
      )
    }
  }

  close(): void {
    const run = this.run
    this.run = null
    // One lone line is answer text that happens to look like a timing; a block has two or more.
    if (run === null || run.values.size < 2) return
    this.blocks.push(run)
    const number = this.blocks.length
    for (const note of run.notes) this.warnings.add(note)
    for (const label of LABELS) {
      if (!run.values.has(label) && !run.malformed.has(label)) {
        this.warnings.add(`block ${number}: no ${label}`)
      }
    }
  }

  finish(): FormatReading {
    this.close()
    if (this.blocks.length === 0) {
      this.warnings.add('no `ollama run --verbose` timing block found')
    }
    const benchmarks: Benchmark[] = []
    for (const { label, kind } of MEASURES) {
      const samples = this.blocks.flatMap((block) => {
        const value = block.values.get(label)
        return value === undefined ? [] : [value]
      })
      if (samples.length > 0) benchmarks.push({ name: label, ...UNITS[kind], samples })
    }
    return {
      benchmarks,
      warnings: this.warnings.close(),
      vocabulary: [],
      records: this.blocks.length,
    }
  }
}

// Not text-lines.ts's eachLine: here a line too long to be a timing is still read, as answer
// text, and ends the block it interrupts; the length is checked in statLine.
function readText(text: string): FormatReading {
  const reader = new Reader()
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) reader.line(lines[i]!.replace(/\r$/, ''), i + 1)
  return reader.finish()
}

function matches(head: string): boolean {
  return (
    /^[ \t]*eval rate:[ \t]+\d+(?:\.\d+)? tokens\/s/m.test(head) &&
    /^[ \t]*total duration:[ \t]+[\d.]/m.test(head)
  )
}

export const ollamaVerbose: Format = {
  id: 'ollama-verbose',
  label: 'ollama run --verbose',
  text: textFormat(matches, readText),
}
