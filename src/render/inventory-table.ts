import type { Inventory } from '../report.js'
import { cell, code } from './escape.js'
import { thousands, when } from './format.js'
import { table } from './table.js'

export function inventorySection(inventory: Inventory, directories: number): string[] {
  if (inventory.totalFiles === 0 || directories === 0) return patternsLine(inventory)
  const dirs = inventory.byDirectory.slice(0, directories)
  const rows = dirs.map((d) => [
    cell(d.directory),
    thousands(d.byType.csv),
    thousands(d.byType.json),
    thousands(d.byType.md),
    thousands(d.byType.other),
    thousands(d.bytes),
    when(d.latestModified),
  ])
  if (inventory.byDirectory.length > directories) {
    rows.push([
      `${thousands(inventory.byDirectory.length - directories)} more directories (report.json)`,
      '',
      '',
      '',
      '',
      '',
      '',
    ])
  }
  const t = inventory.byType
  rows.push(
    ['**total**', t.csv.files, t.json.files, t.md.files, t.other.files, inventory.totalBytes]
      .map((v) => (typeof v === 'number' ? `**${thousands(v)}**` : v))
      .concat(`**${when(inventory.latestModified)}**`),
  )
  return [
    '### Inventory',
    '',
    table(['directory', 'CSV', 'JSON', 'MD', 'other', 'bytes', 'latest modified'], rows, [
      'l',
      'r',
      'r',
      'r',
      'r',
      'r',
      'l',
    ]),
    '',
    ...patternsLine(inventory),
  ]
}

function patternsLine(inventory: Inventory): string[] {
  const parts = inventory.patterns.map((p) => `${code(p.pattern)} ${thousands(p.matched)}`)
  return [`<sub>files matched per pattern: ${parts.join(' · ')}</sub>`]
}

export function fileList(inventory: Inventory, files: number): string[] {
  if (inventory.totalFiles === 0 || files === 0) return []
  const shown = inventory.files.slice(0, files)
  const rows = shown.map((f) => {
    let status: string = f.status
    if (f.status === 'parsed') status += ` · ${thousands(f.rows ?? 0)} rows`
    if (f.failedRows) status += ` · ${thousands(f.failedRows)} failed`
    if (f.problem) status += ` · ${cell(f.problem)}`
    if (f.warnings?.length)
      status += ` · ${f.warnings.length} warning${f.warnings.length > 1 ? 's' : ''}`
    // The tool a file was read as tells a reviewer why its metrics are named as they are.
    const type = f.format ? `${f.type} · ${cell(f.format)}` : f.type
    // Said only where the folder's name had to differ from the artifact's.
    const from =
      f.artifact && !f.path.startsWith(`${f.artifact}/`) ? ` (artifact ${cell(f.artifact)})` : ''
    return [cell(f.path) + from, type, thousands(f.bytes), when(f.modified), status]
  })
  if (inventory.files.length > files) {
    rows.push([
      `${thousands(inventory.files.length - files)} more files (report.json)`,
      '',
      '',
      '',
      '',
    ])
  }
  return [
    `<details><summary>All ${thousands(inventory.totalFiles)} files</summary>`,
    '',
    table(['file', 'type', 'bytes', 'modified', 'status'], rows, ['l', 'l', 'r', 'l', 'l']),
    '',
    '</details>',
  ]
}
