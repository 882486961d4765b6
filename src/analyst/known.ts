// Every figure the model could honestly write: the numbers of the digest it read, and the full
// precision values behind them, so that a writer's rounding of either is recognised.
import type { Facts } from '../facts/facts.js'
import { extractNumbers } from './numbers.js'
import { buildKnown, type KnownNumbers } from './verify.js'

export function knownNumbers(facts: Facts, digestText: string): KnownNumbers {
  const values: number[] = []
  for (const claim of extractNumbers(digestText)) values.push(claim.value)
  for (const m of facts.metrics) {
    values.push(m.n, m.mean, m.median, m.min, m.max, m.stddev)
    if (m.p95 !== undefined) values.push(m.p95)
    for (const v of Object.values(m.group ?? {}))
      if (v.trim() !== '' && Number.isFinite(Number(v))) values.push(Number(v))
  }
  const inv = facts.inventory
  values.push(inv.totalFiles, inv.totalBytes, facts.metrics.length, facts.gaps.length)
  for (const t of Object.values(inv.byType)) values.push(t.files, t.bytes)
  for (const f of inv.files) values.push(f.rows ?? 0, f.failedRows ?? 0)
  return buildKnown(values)
}
