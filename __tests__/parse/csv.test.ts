// CSV and TSV as benchmark jobs write them: a header row, numbers typed, the missing markers of
// pandas and Python read as missing, and broken rows counted as warnings, not failing the file.
import { describe, expect, it } from '@jest/globals'
import { parseCsv } from '../../src/parse/csv.js'
import type { ParseOutcome } from '../../src/parse/parsed.js'
import { asRows } from '../fixtures/tables.js'

function read(text: string, name = 'runs.csv'): ReturnType<typeof asRows> {
  const outcome: ParseOutcome = parseCsv(text, name)
  if (!outcome.ok) throw new Error(`expected ${name} to parse, got: ${outcome.problem}`)
  return asRows(outcome.document)
}

describe('parseCsv', () => {
  it('reads the header row as the columns and every later row as a record', () => {
    const doc = read('model,tokens_per_sec,ttft_ms\ngemma3:1b,41.2,812\ngemma3:4b,18.9,1450\n')
    expect(doc.tables).toEqual([
      {
        columns: ['model', 'tokens_per_sec', 'ttft_ms'],
        rows: [
          ['gemma3:1b', 41.2, 812],
          ['gemma3:4b', 18.9, 1450],
        ],
      },
    ])
    expect(doc.vocabulary).toEqual(['model', 'tokens_per_sec', 'ttft_ms'])
    expect(doc.warnings).toEqual([])
  })

  it('types integers, floats, exponents and negatives as numbers, and keeps text as text', () => {
    const doc = read('v\n42\n3.25\n1e3\n-7\n-0.5\n+2\n.5\n2.5E-2\nv1.2\n0x10\n12 ms\n')
    expect(doc.tables[0]!.rows.map((r) => r[0])).toEqual([
      42,
      3.25,
      1000,
      -7,
      -0.5,
      2,
      0.5,
      0.025,
      'v1.2',
      '0x10',
      '12 ms',
    ])
  })

  it('reads the missing markers pandas and Python write (empty, NaN, None, N/A) as missing', () => {
    const doc = read('a,b,c,d,e\n1,,NaN,None,N/A\n2,nan,null,NA,#N/A\n3, ,NULL,n/a,inf\n')
    expect(doc.tables[0]!.rows).toEqual([
      [1, null, null, null, null],
      [2, null, null, null, null],
      [3, null, null, null, 'inf'],
    ])
  })

  it.each([
    ['comma', 'runs.csv', 'model,tps\na,1\nb,2\n'],
    ['tab', 'runs.csv', 'model\ttps\na\t1\nb\t2\n'],
    ['tab, in a .tsv', 'runs.tsv', 'model\ttps\na\t1\nb\t2\n'],
    ['semicolon', 'runs.csv', 'model;tps\na;1\nb;2\n'],
    ['pipe', 'runs.csv', 'model|tps\na|1\nb|2\n'],
  ])('detects the %s delimiter', (_label, name, text) => {
    expect(read(text, name).tables[0]).toEqual({
      columns: ['model', 'tps'],
      rows: [
        ['a', 1],
        ['b', 2],
      ],
    })
  })

  it('keeps a comma inside a .tsv field, and a decimal comma in a semicolon file, as text', () => {
    expect(read('name\tv\na, b\t1\n', 'x.tsv').tables[0]!.rows).toEqual([['a, b', 1]])
    expect(read('name;v\na;1,5\nb;2,5\n').tables[0]!.rows).toEqual([
      ['a', '1,5'],
      ['b', '2,5'],
    ])
  })

  it('reads quoted fields holding commas, newlines and doubled quotes', () => {
    const doc = read(
      'prompt,tps\n"Summarise, briefly",41.2\n"two\nlines",40.1\n"say ""hi""",39\n"",38\n',
    )
    expect(doc.tables[0]!.rows).toEqual([
      ['Summarise, briefly', 41.2],
      ['two\nlines', 40.1],
      ['say "hi"', 39],
      [null, 38],
    ])
    expect(doc.warnings).toEqual([])
  })

  it('reads CRLF line endings and skips blank lines', () => {
    const doc = read('a,b\r\n1,2\r\n\r\n   \r\n3,4\r\n')
    expect(doc.tables[0]!.rows).toEqual([
      [1, 2],
      [3, 4],
    ])
    expect(doc.warnings).toEqual([])
  })

  it('reads ragged rows with a warning: missing fields empty, extra ones dropped', () => {
    const doc = read('a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n')
    expect(doc.tables[0]!.rows).toEqual([
      [1, 2, 3],
      [4, 5, null],
      [6, 7, 8],
      [10, 11, 12],
    ])
    expect(doc.warnings).toEqual([
      '2 of 4 rows do not have 3 fields (extra fields dropped, missing ones empty)',
    ])
  })

  it('reads a file with broken quoting, counting the quoting errors in a warning', () => {
    const doc = read('a,b\n1,2\n3,"4\n5,6\n')
    expect(doc.tables[0]!.rows[0]).toEqual([1, 2])
    expect(doc.warnings).toContainEqual('1 quoting error(s), first in data row 2')

    const stray = read('a,b\n1,"2"x\n5,6\n')
    expect(
      stray.warnings.some((w) => /^\d+ quoting error\(s\), first in data row 1$/.test(w)),
    ).toBe(true)
  })

  it.each([
    ['an empty file', '', 'empty file: no header and no rows'],
    ['a file of blank lines', '\n \n\t\n', 'empty file: no header and no rows'],
    ['a header with no rows', 'model,tps\n', 'header only: no data rows'],
    ['a header followed by blank lines', 'model,tps\r\n\r\n  \r\n', 'header only: no data rows'],
  ])('says %s is unreadable, with the reason', (_label, text, problem) => {
    expect(parseCsv(text, 'runs.csv')).toEqual({ ok: false, problem })
  })

  it('makes repeated and blank header names unique, so every column can be told apart', () => {
    const doc = read('tps,tps, ,tps,model\n1,2,3,4,a\n')
    expect(doc.tables[0]!.columns).toEqual(['tps', 'tps_2', 'column_3', 'tps_3', 'model'])
    expect(doc.tables[0]!.rows).toEqual([[1, 2, 3, 4, 'a']])
  })

  it('never gives a repeated or blank column the name of another real column', () => {
    // The file's own `tps_2` and `column_4` keep their names; the repeat and the blank don't
    // take them.
    const columns = read('tps,tps,tps_2,,column_4\n1,2,3,4,5\n').tables[0]!.columns
    expect(columns).toEqual(['tps', 'tps_3', 'tps_2', 'column_4_2', 'column_4'])
  })

  it('trims spaces around header names and fields', () => {
    const doc = read(' model , tps \n gemma3 , 41.2 \n')
    expect(doc.tables[0]).toEqual({ columns: ['model', 'tps'], rows: [['gemma3', 41.2]] })
  })
})
