import { describe, expect, it } from '@jest/globals'
import { folderFor, selectNames } from '../../src/collect/artifacts/names.js'

describe('choosing artifacts by name', () => {
  const names = ['bench-ubuntu', 'bench-macos', 'bench-debug', 'coverage', '.hidden-bench']

  it('takes the includes less the excludes, and counts what each pattern did', () => {
    const s = selectNames(names, ['bench-*', '!bench-debug', 'nothing-*'])
    expect([...s.chosen].sort()).toEqual(['bench-macos', 'bench-ubuntu'])
    expect(s.patterns).toEqual([
      { pattern: 'bench-*', matched: 3 },
      { pattern: '!bench-debug', matched: 1 },
      { pattern: 'nothing-*', matched: 0 },
    ])
  })

  it('matches whole names, dots included', () => {
    expect([...selectNames(names, ['*bench*']).chosen]).toContain('.hidden-bench')
    expect(selectNames(names, ['bench']).chosen.size).toBe(0)
  })

  it('makes a folder name no path can misread', () => {
    expect(folderFor('bench-ubuntu-py3.11')).toBe('bench-ubuntu-py3.11')
    expect(folderFor('../../etc')).toBe('.._.._etc')
    expect(folderFor('a/b\\c d')).toBe('a_b_c_d')
    expect(folderFor('..')).not.toMatch(/^\.+$/)
  })
})
