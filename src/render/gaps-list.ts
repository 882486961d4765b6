import type { Gap } from '../report.js'
import { code, text } from './escape.js'
import { plural } from './format.js'

// Most urgent first: runs that measured nothing, then what could not be read, then what is
// missing from otherwise good data.
const KINDS: { kind: Gap['kind']; title: (n: number) => string }[] = [
  { kind: 'no-files', title: () => 'No files to analyse' },
  { kind: 'prompt-truncated', title: () => "The model's prompt was cut" },
  { kind: 'no-baseline', title: () => 'No baseline to compare against' },
  {
    kind: 'missing-artifact',
    title: (n) => `${plural(n, 'matrix combination')} uploaded no artifact`,
  },
  { kind: 'artifact-not-read', title: (n) => `${plural(n, 'artifact')} not read in full` },
  { kind: 'all-runs-failed', title: (n) => `${plural(n, 'run log')} where every run failed` },
  { kind: 'failed-runs', title: (n) => `${plural(n, 'file')} with failed runs` },
  { kind: 'unreadable', title: (n) => `${plural(n, 'unreadable file')}` },
  { kind: 'skipped', title: (n) => `${plural(n, 'file')} not read` },
  { kind: 'unmatched-pattern', title: (n) => `${plural(n, 'pattern')} matched no file` },
  { kind: 'no-environment', title: () => 'No hardware or software description' },
  { kind: 'no-timing', title: (n) => `${plural(n, 'run file')} without a timing metric` },
  { kind: 'single-sample', title: (n) => `${plural(n, 'file')} with single-sample figures` },
  { kind: 'parse-warnings', title: (n) => `${plural(n, 'file')} read with warnings` },
]

export function gapsSection(gaps: Gap[], perKind: number): string[] {
  if (gaps.length === 0) return []
  const lines = ['### Gaps', '']
  for (const { kind, title } of KINDS) {
    const ofKind = gaps.filter((g) => g.kind === kind)
    if (ofKind.length === 0) continue
    if (ofKind.length === 1 && !ofKind[0]!.file) {
      lines.push(`- ⚠️ **${title(1)}**: ${text(ofKind[0]!.detail)}`)
      continue
    }
    lines.push(`- ⚠️ **${title(ofKind.length)}**`)
    for (const gap of ofKind.slice(0, perKind)) {
      lines.push(`  - ${gap.file ? code(gap.file) + ': ' : ''}${text(gap.detail)}`)
    }
    if (ofKind.length > perKind)
      lines.push(`  - and ${ofKind.length - perKind} more, listed in report.json`)
  }
  return lines
}
