// report.json is written a piece at a time; it must be byte for byte what JSON.stringify(report,
// null, 2) would have written, for any report, since later runs and other tools read it back.
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterAll, describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { writeJsonFile } from '../../src/publish/json-writer.js'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'json-writer-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))
const file = path.join(dir, 'report.json')

describe('report.json written in pieces', () => {
  it('is exactly what JSON.stringify with two-space indent writes, plus a newline', () => {
    const odd = fc.oneof(
      fc.constant(undefined),
      fc.constant(new Date(0)),
      fc.constant(Number.NaN),
      fc.constant(-0),
      fc.constant(() => 1),
    )
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.jsonValue(),
        odd,
        fc.array(tie('node'), { maxLength: 4 }),
        fc.dictionary(fc.string({ maxLength: 5 }), tie('node'), { maxKeys: 4 }),
      ),
    })).node
    fc.assert(
      fc.property(value, (report) => {
        writeJsonFile(file, report)
        expect(fs.readFileSync(file, 'utf8')).toBe(
          (JSON.stringify(report, null, 2) ?? 'null') + '\n',
        )
      }),
      { numRuns: 500 },
    )
  })

  it('writes a report of a hundred thousand metrics the same way', () => {
    const report = {
      schemaVersion: 1,
      metrics: Array.from({ length: 100_000 }, (_, i) => ({
        file: `csv_data/run_${i % 50}/sweep.csv`,
        name: 'tokens_per_sec',
        group: { batch: String(i % 4) },
        n: 10,
        mean: i / 7,
      })),
    }
    writeJsonFile(file, report)
    expect(fs.readFileSync(file, 'utf8')).toBe(JSON.stringify(report, null, 2) + '\n')
  })
})
