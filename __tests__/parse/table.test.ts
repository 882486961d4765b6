// Tables are stored by column, in chunks, and past a memory budget on disk. Whatever the path,
// a table must give back exactly the cells it was given, and leave no file behind.
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { setMemoryBudget, tableOf, TableBuilder, type Cell } from '../../src/parse/table.js'

const cell = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ maxLength: 12 }),
  fc.constant(null),
)

describe('a table stored by column', () => {
  let temp: string
  let budget: number
  beforeEach(() => {
    temp = fs.mkdtempSync(path.join(os.tmpdir(), 'table-'))
    process.env['RUNNER_TEMP'] = temp
    budget = setMemoryBudget(16 * 1024 * 1024)
  })
  afterEach(() => {
    setMemoryBudget(budget)
    delete process.env['RUNNER_TEMP']
    fs.rmSync(temp, { recursive: true, force: true })
  })

  for (const [label, bytes] of [
    ['in memory', 16 * 1024 * 1024],
    ['spilled to disk', 0],
  ] as const) {
    it(`gives back every cell it was given, ${label}`, () => {
      setMemoryBudget(bytes)
      fc.assert(
        fc.property(
          fc
            .integer({ min: 1, max: 5 })
            .chain((width) =>
              fc.array(fc.array(cell, { minLength: width, maxLength: width }), { maxLength: 400 }),
            ),
          (rows) => {
            const columns = rows[0]?.map((_, c) => `c${c}`) ?? ['c0']
            const table = tableOf(columns, rows)
            // -0 is stored as -0; toEqual tells them apart, as it should.
            expect(table.rows()).toEqual(rows)
            expect(table.rowCount).toBe(rows.length)
            table.dispose()
          },
        ),
        { numRuns: 150 },
      )
    })
  }

  it('keeps ten thousand rows across many chunks, and spills them without leaving a file', () => {
    setMemoryBudget(0)
    const builder = new TableBuilder(['run', 'model', 'tps'])
    const expected: Cell[][] = []
    for (let r = 0; r < 10_000; r++) {
      const row: Cell[] = [r, r % 3 === 0 ? 'gemma3:1b' : null, r % 7 === 0 ? null : r / 10]
      builder.addRow(row)
      expected.push(row)
    }
    const table = builder.build()
    expect(table.column(2)).toEqual(expected.map((row) => row[2]))
    expect(table.rows()).toEqual(expected)
    table.dispose()
    expect(fs.readdirSync(temp)).toEqual([])
  })

  it('reads a column added after some rows as missing in those rows (JSON records)', () => {
    const builder = new TableBuilder(['first'])
    builder.addRow([1])
    const later = builder.addColumn('later')
    const row: Cell[] = []
    row[builder.addColumn('first')] = 2
    row[later] = 'x'
    builder.addRow(row)
    expect(builder.columns).toEqual(['first', 'later'])
    expect(builder.build().rows()).toEqual([
      [1, null],
      [2, 'x'],
    ])
  })

  it('gives a table of ten thousand columns short chunks, not ten thousand long arrays', () => {
    const columns = Array.from({ length: 10_000 }, (_, c) => `c${c}`)
    const before = process.memoryUsage().arrayBuffers
    const table = tableOf(columns, [columns.map((_, c) => c)])
    // 10,000 columns × a first chunk of 32 rows × 8 bytes, about 2.6 MB, not 10,000 × 65,536 × 8.
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * 1024 * 1024)
    expect(table.rows()[0]![9_999]).toBe(9_999)
  })
})
