// The run's uploaded artifacts the step downloaded: which jobs uploaded what, how big, when they
// expire, how many files each held, and what was not read and why.
import type { ArtifactInventory } from '../report.js'
import { cell, code } from './escape.js'
import { bytes, plural, thousands, when } from './format.js'
import { table } from './table.js'

export function artifactsSection(
  artifacts: ArtifactInventory | undefined,
  shown: number,
): string[] {
  if (!artifacts) return []
  const rows = artifacts.items.slice(0, shown).map((a) => {
    let status: string = a.status
    if (a.problem) status += ` · ${cell(a.problem)}`
    if (a.refused?.length) status += ` · ${plural(a.refused.length, 'entry', 'entries')} refused`
    return [
      code(a.name),
      status,
      thousands(a.files),
      bytes(a.bytes),
      a.createdAt ? when(a.createdAt) : '—',
      a.expiresAt ? when(a.expiresAt) : '—',
      a.digest ? code(a.digest.slice(0, 19)) : '—',
    ]
  })
  if (artifacts.items.length > shown) {
    rows.push([
      `${thousands(artifacts.items.length - shown)} more (report.json)`,
      '',
      '',
      '',
      '',
      '',
      '',
    ])
  }
  const patterns = artifacts.patterns.map((p) => `${code(p.pattern)} ${thousands(p.matched)}`)
  const run = artifacts.runId ? ` of run ${code(artifacts.runId)}` : ''
  return [
    `### Artifacts${run}`,
    '',
    ...(rows.length > 0
      ? [
          table(['artifact', 'status', 'files', 'size', 'created', 'expires', 'digest'], rows, [
            'l',
            'l',
            'r',
            'r',
            'l',
            'l',
            'l',
          ]),
          '',
        ]
      : []),
    `<sub>artifacts matched per pattern: ${patterns.join(' · ')}</sub>`,
  ]
}
