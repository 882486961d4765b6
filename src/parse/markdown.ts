// Markdown reports: their headings (kept as vocabulary and as the names of the tables under them)
// and their GitHub pipe tables, read as tables. Prose is kept only as a bounded sample, for the
// search for a hardware or software description.
import { uniqueNames } from './csv.js'
import { toDecoratedCell, unwrap } from './cells.js'
import type { Cell, ParseOutcome } from './parsed.js'
import { tableOf, type Table } from './table.js'

// Headings and delimiter rows are read by hand: the regexes that said the same in one line
// backtracked for minutes on a crafted line of spaces (a pull request controls these files).
const HEADING_START = /^ {0,3}(#{1,6})[ \t]/
const DELIMITER_CELL = /^:?-+:?$/
const FENCE = /^\s{0,3}(`{3,}|~{3,})/
const PROSE_SAMPLE = 4000

export function parseMarkdown(text: string): ParseOutcome {
  if (text.trim() === '') return { ok: false, problem: 'empty file' }
  const lines = text.split(/\r?\n/)
  const tables: Table[] = []
  const vocabulary: string[] = []
  let heading: string | undefined
  let fence: string | undefined
  let prose = ''

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    const fenceMatch = FENCE.exec(line)
    if (fenceMatch) {
      const marker = fenceMatch[1]!
      if (!fence) fence = marker
      else if (marker[0] === fence[0] && marker.length >= fence.length) fence = undefined
      continue
    }
    if (fence) continue
    const headingText = headingOf(line)
    if (headingText !== undefined) {
      heading = headingText
      vocabulary.push(heading)
      continue
    }
    const next = lines[i + 1]
    if (line.includes('|') && next !== undefined && isDelimiterRow(next) && next.includes('-')) {
      const header = splitRow(line)
      const body: string[][] = []
      let j = i + 2
      for (; j < lines.length && lines[j]!.includes('|') && lines[j]!.trim() !== ''; j++) {
        body.push(splitRow(lines[j]!))
      }
      tables.push(toTable(header, body, heading))
      vocabulary.push(...header)
      i = j - 1
      continue
    }
    if (prose.length < PROSE_SAMPLE) prose += line + '\n'
  }
  if (prose.trim() !== '') vocabulary.push(prose.slice(0, PROSE_SAMPLE))
  return { ok: true, document: { tables, vocabulary, warnings: [] } }
}

/** Splits `| a | b \| c |` into cells, honouring escaped pipes and an optional outer pipe. */
function splitRow(line: string): string[] {
  let body = line.trim()
  if (body.startsWith('|')) body = body.slice(1)
  if (body.endsWith('|') && !body.endsWith('\\|')) body = body.slice(0, -1)
  // Cells are cut between pipes, not built a character at a time: a report of thousands of rows
  // spent most of its reading in that.
  const cells: string[] = []
  let start = 0
  let escaped = false
  for (let i = body.indexOf('|'); i !== -1; i = body.indexOf('|', i + 1)) {
    if (i > 0 && body.charCodeAt(i - 1) === 92) {
      escaped = true
      continue
    }
    cells.push(cellText(body.slice(start, i), escaped))
    start = i + 1
    escaped = false
  }
  cells.push(cellText(body.slice(start), escaped))
  return cells
}

function cellText(raw: string, escaped: boolean): string {
  return (escaped ? raw.replaceAll('\\|', '|') : raw).trim()
}

// A header "TTFT (ms)" names its unit; so does a column whose cells all read "812 ms". The unit
// found in the cells is appended to the name in the same parenthesised form, so that facts reads
// every table's units one way.
function toTable(header: string[], body: string[][], heading: string | undefined): Table {
  const columns = uniqueNames(header.map(unwrap))
  const units: (string | undefined)[] = columns.map(() => undefined)
  const rows: Cell[][] = body.map((fields) =>
    columns.map((_, c) => {
      const { cell, unit } = toDecoratedCell(fields[c] ?? '')
      if (unit && units[c] === undefined) units[c] = unit
      return cell
    }),
  )
  const named = columns.map((name, c) =>
    units[c] && !/[([]/.test(name) ? `${name} (${units[c]})` : name,
  )
  return tableOf(named, rows, heading ? { name: heading } : {})
}

/** A heading's text: `## Results ##` → `Results`; undefined for a line that is no heading. */
function headingOf(line: string): string | undefined {
  const start = HEADING_START.exec(line)
  if (!start) return undefined
  let text = line.slice(start[0].length).trim()
  // A closing run of #s is decoration when a space sets it apart (CommonMark), or is all there is.
  let end = text.length
  while (end > 0 && text[end - 1] === '#') end--
  if (end === 0 || text[end - 1] === ' ' || text[end - 1] === '\t') text = text.slice(0, end).trim()
  return text
}

/** `| --- | :---: |`: a table's second line, every cell dashes with optional colons. */
function isDelimiterRow(line: string): boolean {
  const cells = line.trim().split('|')
  if (cells.length > 0 && cells[0]!.trim() === '') cells.shift()
  if (cells.length > 0 && cells[cells.length - 1]!.trim() === '') cells.pop()
  return cells.length > 0 && cells.every((c) => DELIMITER_CELL.test(c.trim()))
}
