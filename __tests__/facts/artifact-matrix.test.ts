import { describe, expect, it } from '@jest/globals'
import { missingCombinations } from '../../src/facts/artifact-matrix.js'

describe('matrix combinations that uploaded nothing', () => {
  it('finds the one hole in an os × python matrix', () => {
    const names = [
      'bench-ubuntu-py3.11',
      'bench-ubuntu-py3.12',
      'bench-macos-py3.11',
      'bench-windows-py3.11',
      'bench-windows-py3.12',
    ]
    expect(missingCombinations(names)).toEqual([
      { name: 'bench-macos-py3.12', values: ['macos', 'py3.12'] },
    ])
  })

  it('treats parts that always change together as one axis', () => {
    // `ubuntu-latest` and `macos-14` are runner labels: 14 never goes with ubuntu.
    const names = [
      'bench-ubuntu-latest-py3.11',
      'bench-ubuntu-latest-py3.12',
      'bench-macos-14-py3.11',
      'bench-macos-14-py3.12',
    ]
    expect(missingCombinations(names)).toEqual([])
    expect(missingCombinations(names.slice(0, 3))).toEqual([
      { name: 'bench-macos-14-py3.12', values: ['macos-14', 'py3.12'] },
    ])
  })

  it('says nothing of names that only differ in one part, or follow no grid', () => {
    expect(missingCombinations(['bench-a', 'bench-b', 'bench-c'])).toEqual([])
    expect(missingCombinations(['results', 'logs', 'coverage-report'])).toEqual([])
    // Two of nine: a list of runs, not a matrix with seven holes.
    expect(missingCombinations(['x-a-1', 'x-b-2', 'x-c-3'])).toEqual([])
  })

  it('does not read a hand-named list as a sparse matrix', () => {
    // gpu × {a100, l4, x86} would be half empty: these are three machines, not a grid.
    expect(missingCombinations(['bench-gpu_a100', 'bench-gpu_l4', 'bench-cpu_x86'])).toEqual([])
  })

  it('keeps names of another shape out of the matrix', () => {
    const names = [
      'bench-ubuntu-py3.11',
      'bench-ubuntu-py3.12',
      'bench-macos-py3.11',
      'lint-report',
    ]
    expect(missingCombinations(names)).toEqual([
      { name: 'bench-macos-py3.12', values: ['macos', 'py3.12'] },
    ])
  })
})
