// CSV and TSV through papaparse. Header row first; every later row is a record. Rows with too few
// or too many fields, and broken quoting, are counted as warnings: a benchmark log with one bad
// line still has a hundred good ones.
import Papa from 'papaparse'
import { toCell } from './cells.js'
import { recogniseTable } from './formats/registry.js'
import type { Cell, ParseOutcome } from './parsed.js'

export function parseCsv(text: string, fileName: string): ParseOutcome {
  if (text.trim() === '') return { ok: false, problem: 'empty file: no header and no rows' }
  const result = Papa.parse<string[]>(text, {
    header: false,
    dynamicTyping: false,
    skipEmptyLines: 'greedy',
    delimiter: fileName.toLowerCase().endsWith('.tsv') ? '\t' : '',
    delimitersToGuess: [',', '\t', ';', '|'],
  })
  const [header, ...body] = result.data
  if (!header || header.every((name) => name.trim() === '')) {
    return { ok: false, problem: 'no header row' }
  }
  if (body.length === 0) return { ok: false, problem: 'header only: no data rows' }

  const columns = uniqueNames(header)
  const warnings: string[] = []
  let ragged = 0
  const rows: Cell[][] = []
  for (const fields of body) {
    if (fields.length !== columns.length) ragged++
    const row: Cell[] = new Array(columns.length)
    for (let i = 0; i < columns.length; i++) row[i] = toCell(fields[i] ?? '')
    rows.push(row)
  }
  if (ragged > 0) {
    warnings.push(
      `${ragged} of ${body.length} rows do not have ${columns.length} fields (extra fields dropped, missing ones empty)`,
    )
  }
  const quoting = result.errors.filter((e) => e.type === 'Quotes')
  if (quoting.length > 0) {
    const at = quoting[0]!.row
    warnings.push(
      `${quoting.length} quoting error(s)${at === undefined ? '' : `, first in data row ${at}`}`,
    )
  }
  const table = { columns, rows }
  const known = recogniseTable(table)
  if (known) {
    known.warnings.unshift(...warnings)
    return { ok: true, document: known }
  }
  return { ok: true, document: { tables: [table], vocabulary: columns, warnings } }
}

/** Blank or repeated header names get a suffix, so every column can be told apart. */
export function uniqueNames(header: string[]): string[] {
  // Fix: a suffix used to be given blindly (`tps,tps,tps_2` → tps, tps_2, tps_2), so a repeat
  // could take a real column's name and the two merge. Real names now keep their first place,
  // and a repeat or a blank gets the first suffix no real or given name holds.
  const real = new Set(header.map((raw) => raw.trim()).filter((name) => name !== ''))
  const taken = new Set<string>()
  // Where each name's search for a free suffix stopped last time: a header repeating one name
  // ten thousand times (a pull request's CSV) must not search from _2 again for every repeat.
  const nextSuffix = new Map<string, number>()
  return header.map((raw, i) => {
    const name = raw.trim()
    let unique = name !== '' && !taken.has(name) ? name : ''
    const base = name || `column_${i + 1}`
    let n = nextSuffix.get(base) ?? (name ? 2 : 1)
    for (; unique === ''; n++) {
      const candidate = n === 1 ? base : `${base}_${n}`
      if (!taken.has(candidate) && !real.has(candidate)) unique = candidate
    }
    nextSuffix.set(base, n)
    taken.add(unique)
    return unique
  })
}
