// What the readers of text logs share: a log read line by line as a terminal showed it (without
// colour codes, and, where a tool redraws a progress line, only what the last carriage return
// left), figures printed with thousands separators, and time units as nanoseconds.
import type { Format, FormatReading } from './format.js'
import { quote } from './reading.js'

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]/g

/** `text` without ANSI colour and cursor codes. */
export function stripAnsi(text: string): string {
  return text.includes('\u001b') ? text.replace(ANSI, '') : text
}

/** Real result lines are a few hundred characters even with many custom metrics. */
export const MAX_LINE = 4096

/**
 * Calls `visit` with every line of `text` and its number (from 1): without its `\r\n` ending or
 * colour codes, and with `overwrites`, only what follows the last carriage return in it. A line
 * longer than MAX_LINE is passed over unread (it still counts). Returns the number of lines.
 */
export function eachLine(
  text: string,
  visit: (line: string, at: number) => void,
  overwrites = false,
): number {
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!
    if (raw.length > MAX_LINE) continue
    let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw
    if (overwrites) line = line.slice(line.lastIndexOf('\r') + 1)
    visit(stripAnsi(line), i + 1)
  }
  return lines.length
}

/** Text readers quote names and pieces of lines clipped at 60 characters (JSON readers at 80). */
export function quoteText(text: string): string {
  return quote(text, 60)
}

/** `1,234,567.89`: a figure as benchmark.js and libtest print it, with thousands separators. */
export const FIGURE = String.raw`\d[\d,]*(?:\.\d+)?`

export function figure(text: string | undefined): number | undefined {
  if (text === undefined) return undefined
  const value = Number(text.replace(/,/g, ''))
  return Number.isFinite(value) ? value : undefined
}

/**
 * Nanoseconds in each time unit the logs print, the micro sign and the Greek mu alike. Each reader
 * accepts only its own tool's units (its patterns say which); this only says what they are worth.
 */
export const NS_PER: Readonly<Record<string, number>> = {
  ps: 1e-3,
  ns: 1,
  us: 1e3,
  µs: 1e3,
  μs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
}

/**
 * A Format's `text` reader, safe against input that is not a string: it matches nothing and reads
 * as an empty file.
 */
export function textFormat(
  matches: (head: string) => boolean,
  read: (text: string) => FormatReading,
): NonNullable<Format['text']> {
  return {
    matches(head) {
      return typeof head === 'string' && matches(head)
    },
    read(text) {
      return read(typeof text === 'string' ? text : '')
    },
  }
}
