// Markdown reports as people write them: pipe tables under headings, numbers with separators,
// units and emphasis, and code blocks that only show a table rather than hold one.
import { describe, expect, it } from '@jest/globals'
import { parseMarkdown } from '../../src/parse/markdown.js'
import { asRows } from '../fixtures/tables.js'

function read(text: string): ReturnType<typeof asRows> {
  const outcome = parseMarkdown(text)
  if (!outcome.ok) throw new Error(`expected the Markdown to parse, got: ${outcome.problem}`)
  return asRows(outcome.document)
}

describe('parseMarkdown', () => {
  it('reads each pipe table, named by the heading above it', () => {
    const doc = read(
      [
        '# Nightly run',
        '',
        'Some prose about the run.',
        '',
        '## Throughput',
        '',
        '| model | tps |',
        '|---|---|',
        '| a | 41 |',
        '| b | 38 |',
        '',
        '## Latency',
        '',
        '| model | ttft_ms |',
        '| --- | --- |',
        '| a | 812 |',
      ].join('\n'),
    )
    expect(doc.tables).toEqual([
      {
        name: 'Throughput',
        columns: ['model', 'tps'],
        rows: [
          ['a', 41],
          ['b', 38],
        ],
      },
      { name: 'Latency', columns: ['model', 'ttft_ms'], rows: [['a', 812]] },
    ])
    expect(doc.warnings).toEqual([])
  })

  it('reads a table before any heading without a name', () => {
    expect(read('| a | b |\n|---|---|\n| 1 | 2 |\n').tables).toEqual([
      { columns: ['a', 'b'], rows: [[1, 2]] },
    ])
  })

  it('reads tables without outer pipes, and rows that end the table at a blank line', () => {
    const doc = read('## Runs\n\nmodel | tps\n--- | ---\na | 41\nb | 38\n\nnot | a row\n')
    expect(doc.tables).toEqual([
      {
        name: 'Runs',
        columns: ['model', 'tps'],
        rows: [
          ['a', 41],
          ['b', 38],
        ],
      },
    ])
  })

  it('keeps an escaped \\| inside a cell as a pipe in one cell', () => {
    const doc = read('| config | tps |\n|---|---|\n| a \\| b | 41 |\n| c\\|d | 38 |\n')
    expect(doc.tables[0]!.rows).toEqual([
      ['a | b', 41],
      ['c|d', 38],
    ])
  })

  it('reads alignment colons in the delimiter row', () => {
    const doc = read('| left | centre | right |\n|:---|:---:|---:|\n| x | 1 | 2 |\n')
    expect(doc.tables).toEqual([{ columns: ['left', 'centre', 'right'], rows: [['x', 1, 2]] }])
  })

  it('types numbers written for people, carrying a unit into the column name', () => {
    const doc = read(
      [
        '## Results',
        '',
        '| model | prompts | speed | accuracy | share | TTFT (ms) |',
        '|---|---:|---:|---:|---:|---:|',
        '| **gemma3:4b** | 1,234 | 41.2 tok/s | **98.0** | 12.5% | 812 ms |',
        '| gemma3:1b | 12,345,678 | 98 tok/s | _97.5_ | 7% | 640 ms |',
      ].join('\n'),
    )
    expect(doc.tables).toEqual([
      {
        name: 'Results',
        columns: ['model', 'prompts', 'speed (tok/s)', 'accuracy', 'share (%)', 'TTFT (ms)'],
        rows: [
          ['gemma3:4b', 1234, 41.2, 98, 12.5, 812],
          ['gemma3:1b', 12345678, 98, 97.5, 7, 640],
        ],
      },
    ])
  })

  it('keeps text that only looks like a number as text, and missing markers as missing', () => {
    const doc = read('| v |\n|---|\n| v1.2 |\n| 2026-12-01 |\n| N/A |\n|  |\n| 1,23 |\n')
    expect(doc.tables[0]!.rows).toEqual([['v1.2'], ['2026-12-01'], [null], [null], ['1,23']])
  })

  it.each([
    ['```', '```'],
    ['~~~', '~~~'],
    ['```markdown', '```'],
    ['````', '````'],
  ])('does not read a table inside a %s fenced code block', (open, close) => {
    const doc = read(
      [
        '## Example',
        '',
        open,
        '## Not a heading',
        '| a | b |',
        '|---|---|',
        '| 1 | 2 |',
        close,
        '',
        '## Real',
        '',
        '| c |',
        '|---|',
        '| 3 |',
      ].join('\n'),
    )
    expect(doc.tables).toEqual([{ name: 'Real', columns: ['c'], rows: [[3]] }])
    expect(doc.vocabulary).not.toContain('Not a heading')
  })

  it('keeps a 4-backtick fence open across a 3-backtick line inside it', () => {
    const doc = read(
      ['````', '```', '| a | b |', '|---|---|', '| 1 | 2 |', '```', '````', 'after'].join('\n'),
    )
    expect(doc.tables).toEqual([])
  })

  it('lists headings, and the header names of its tables, in the vocabulary', () => {
    const doc = read(
      [
        '# Benchmark on NVIDIA L4',
        '### Ollama 0.6.4 ###',
        'Driver 550.54 on Ubuntu 22.04.',
        '',
        '| gpu | tps |',
        '|---|---|',
        '| L4 | 41 |',
      ].join('\n'),
    )
    expect(doc.vocabulary.slice(0, 4)).toEqual([
      'Benchmark on NVIDIA L4',
      'Ollama 0.6.4',
      'gpu',
      'tps',
    ])
    // Prose is kept as one sample, for the search for a hardware or software description.
    expect(doc.vocabulary.at(-1)).toContain('Driver 550.54 on Ubuntu 22.04.')
  })

  it('makes repeated header names unique', () => {
    expect(read('| tps | tps |\n|---|---|\n| 1 | 2 |\n').tables[0]!.columns).toEqual([
      'tps',
      'tps_2',
    ])
  })

  it('reads a document with no table as no table, and an empty one as unreadable', () => {
    expect(read('# Notes\n\nNothing measured today.\n').tables).toEqual([])
    expect(parseMarkdown('')).toEqual({ ok: false, problem: 'empty file' })
    expect(parseMarkdown('\n  \n')).toEqual({ ok: false, problem: 'empty file' })
  })
})
