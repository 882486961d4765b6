// What the format readers share: reading fields out of a parsed JSON value, the bounded list of
// warnings every reading returns, and the two rules by which a benchmark met more than once in one
// file (runs appended, files concatenated) becomes one benchmark. Each reader keeps its own
// wording for what it warns about; only the mechanics live here.
import type { Direction } from '../../report.js'
import type { Benchmark, FormatReading, Summary } from './format.js'

export type Fields = Record<string, unknown>

// Bounds that keep a hostile file (a million entries, a megabyte-long name) cheap to read.
export const ENTRY_LIMIT = 100_000
export const SAMPLE_LIMIT = 1_000_000
export const NAME_LIMIT = 1000
export const VOCABULARY_LIMIT = 200
export const WORD_LIMIT = 100

// ---- JSON shapes ----

export function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** A finite number; anything else (a string, null, NaN written as "NaN") is missing. */
export function finite(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined
}

/** The finite numbers among the first `end` items of `list`, in order; the rest are skipped. */
export function finiteNumbers(list: readonly unknown[], end = list.length): number[] {
  const numbers: number[] = []
  for (let i = 0; i < end; i++) {
    const v = finite(list[i])
    if (v !== undefined) numbers.push(v)
  }
  return numbers
}

/** A string with something in it besides spaces. */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined
}

/**
 * Adds `value` to a vocabulary, trimmed, when it is a word (a string, not blank, at most
 * WORD_LIMIT long) and the vocabulary has room for it.
 */
export function addWord(words: Set<string>, value: unknown): void {
  if (words.size >= VOCABULARY_LIMIT) return
  if (typeof value === 'string' && value.trim() !== '' && value.length <= WORD_LIMIT) {
    words.add(value.trim())
  }
}

export function clip(message: string, limit: number): string {
  return message.length > limit ? `${message.slice(0, limit)}…` : message
}

/**
 * A name as a warning quotes it: bounded, since names come from the file. The JSON readers clip
 * at 80 characters; the text readers pass 60 (see text-lines.ts).
 */
export function quote(name: string, limit = 80): string {
  return JSON.stringify(clip(name, limit))
}

// ---- Warnings ----

/** How the line that ends an overflowing list is worded: the JSON readers' way. */
export const AND_MORE = (unsaid: number): string => `…and ${unsaid} more warnings`
/** The text readers' (and llama-bench's) way. */
export const NOT_SHOWN = (unsaid: number): string => `${unsaid} more warning(s) not shown`

/**
 * A file can break every rule a million times; the first 50 warnings say enough, and one line
 * at the end says how many more there were.
 */
export class Warnings {
  static readonly LIMIT = 50
  private readonly list: string[] = []
  private unsaid = 0

  constructor(private readonly more: (unsaid: number) => string = AND_MORE) {}

  add(warning: string): void {
    if (this.list.length < Warnings.LIMIT) this.list.push(warning)
    else this.unsaid++
  }

  /** The warnings, ended by the count of those left out, if any: call once, at the end. */
  close(): string[] {
    if (this.unsaid > 0) this.list.push(this.more(this.unsaid))
    this.unsaid = 0
    return this.list
  }
}

// ---- The same benchmark met twice ----

/** What tells benchmarks apart: their table, name and whatever else a format adds. */
export function keyOf(table: string | undefined, name: string, ...more: string[]): string {
  return [table ?? '', name, ...more].join('\u0000')
}

/**
 * Benchmarks in the order the file gives them, by key. A key met again is one benchmark run twice
 * (two runs written into one file): `merge` joins the later samples to the first's, whose
 * statistics then describe only part of them, so they go. When either side has no samples there
 * is nothing to join and the first stays as it was. What to warn is the reader's to say.
 */
export class Found {
  readonly benchmarks: Benchmark[] = []
  private readonly byKey = new Map<string, Benchmark>()

  get(key: string): Benchmark | undefined {
    return this.byKey.get(key)
  }

  add(key: string, benchmark: Benchmark): void {
    this.byKey.set(key, benchmark)
    this.benchmarks.push(benchmark)
  }

  /** Whether `key` was met before; if it was, `samples` are merged into it as above. */
  merge(key: string, samples: number[] | undefined): boolean {
    const first = this.byKey.get(key)
    if (!first) return false
    if (!first.samples || !samples) return true
    // One push at a time: a spread of a million samples would overflow the stack.
    for (const v of samples) first.samples.push(v)
    delete first.summary
    return true
  }

  /** The reading of the file: these benchmarks, and `warnings`, closed. */
  reading(warnings: Warnings, vocabulary: string[], records: number): FormatReading {
    return { benchmarks: this.benchmarks, warnings: warnings.close(), vocabulary, records }
  }
}

/**
 * Benchmarks of a log that prints statistics, not samples, with every run's figures kept. Logs are
 * often appended run after run, so one benchmark can be printed several times: one run is read
 * with its own statistics, several as one sample per run, since no single run's statistics
 * describe them all.
 */
export class Runs<R> {
  private readonly entries = new Map<string, { benchmark: Benchmark; runs: R[] }>()

  /** The benchmark and its runs so far; the first run met gives its unit and direction. */
  of(
    table: string | undefined,
    name: string,
    unit: string,
    direction: Direction,
  ): { benchmark: Benchmark; runs: R[] } {
    const key = keyOf(table, name)
    let entry = this.entries.get(key)
    if (!entry) {
      const benchmark: Benchmark = { name, unit, direction }
      if (table !== undefined) benchmark.table = table
      entry = { benchmark, runs: [] }
      this.entries.set(key, entry)
    }
    return entry
  }

  /** Each benchmark: with `summary` of its one run, or `value` of each run as its samples. */
  benchmarks(value: (run: R) => number, summary: (run: R) => Summary): Benchmark[] {
    return [...this.entries.values()].map(({ benchmark, runs }) =>
      runs.length > 1
        ? { ...benchmark, samples: runs.map(value) }
        : { ...benchmark, summary: summary(runs[0]!) },
    )
  }
}
