// Lines a pull request can craft to make a backtracking regex run for minutes: each of these took
// from seconds to half an hour before the readers were rewritten to scan them in linear time. The
// test's bound is jest's own timeout: a reader that backtracks again does not finish in it.
import { describe, expect, it } from '@jest/globals'
import { parseCsv } from '../../src/parse/csv.js'
import { recogniseText } from '../../src/parse/formats/registry.js'
import { parseMarkdown } from '../../src/parse/markdown.js'

const N = 200_000

describe('crafted lines do not hang the readers', () => {
  it('a heading padded with spaces', () => {
    const outcome = parseMarkdown(`# a${' '.repeat(N)}x\n\n| v |\n|---|\n| 1 |\n`)
    expect(outcome.ok && outcome.document.tables[0]!.name).toBe(`a${' '.repeat(N)}x`)
  })

  it('a table line followed by a long line of spaces', () => {
    const outcome = parseMarkdown(`a|b\n${' '.repeat(N)}x\n`)
    expect(outcome.ok && outcome.document.tables).toEqual([])
  })

  it('a cell of backticks', () => {
    const outcome = parseMarkdown(`| a |\n|---|\n| ${'`'.repeat(N)}x |\n`)
    expect(outcome.ok && outcome.document.tables[0]!.rows()[0]![0]).toBe(`${'`'.repeat(N)}x`)
  })

  it('a CSV cell of digits that is not a number', () => {
    const outcome = parseCsv(`v\n${'1'.repeat(N)}x\n1\n`, 'x.csv')
    expect(outcome.ok && outcome.document.tables[0]!.rows()[1]).toEqual([1])
  })

  it('a CSV header repeating one name ten thousand times', () => {
    const header = Array.from({ length: 10_000 }, () => 'ms').join(',')
    const outcome = parseCsv(`${header}\n${header.replace(/ms/g, '1')}\n`, 'x.csv')
    const columns = outcome.ok ? outcome.document.tables[0]!.columns : []
    expect(new Set(columns).size).toBe(10_000)
    expect(columns.slice(0, 3)).toEqual(['ms', 'ms_2', 'ms_3'])
  })

  it('benchmark-looking text of every tool', () => {
    for (const line of ['Benchmark\t', 'test  ... bench:', 'x ops/sec ±', 'time:   [', '\t1']) {
      expect(recogniseText(line.repeat(N / line.length))).toBeUndefined()
    }
  })
})

describe('headings keep what they say', () => {
  it('keeps a # that is part of the name, and drops a closing run', () => {
    const names = parseMarkdown('## C#\n| a |\n|---|\n| 1 |\n## Totals ##\n| b |\n|---|\n| 2 |\n')
    expect(names.ok && names.document.tables.map((t) => t.name)).toEqual(['C#', 'Totals'])
  })
})
