// Which of the run's artifacts the `artifacts` patterns ask for: shell-style names (`bench-*`),
// `!` to exclude, matched against the whole name, as actions/download-artifact matches them.
import { minimatch } from 'minimatch'
import type { PatternMatch } from '../../report.js'

export interface Selection {
  chosen: Set<string>
  /** Per pattern: how many names an include matched, or an exclude took away. */
  patterns: PatternMatch[]
}

export function selectNames(names: readonly string[], patterns: readonly string[]): Selection {
  const test = (name: string, pattern: string) => minimatch(name, pattern, { dot: true })
  const includes = patterns.filter((p) => !p.startsWith('!'))
  const excludes = patterns.filter((p) => p.startsWith('!')).map((p) => p.slice(1))
  const included = names.filter((n) => includes.some((p) => test(n, p)))
  const chosen = new Set(included.filter((n) => !excludes.some((p) => test(n, p))))
  return {
    chosen,
    patterns: patterns.map((pattern) => ({
      pattern,
      matched: pattern.startsWith('!')
        ? included.filter((n) => test(n, pattern.slice(1))).length
        : names.filter((n) => test(n, pattern)).length,
    })),
  }
}

/** A folder name for an artifact: its name, with anything a path could misread replaced. */
export function folderFor(name: string): string {
  const safe = name.replace(/[^\w.@+=-]/g, '_')
  return safe === '' || /^\.+$/.test(safe) ? `artifact_${safe.length}` : safe
}
