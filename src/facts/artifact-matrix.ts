// Which matrix combinations uploaded nothing. A benchmark matrix names its artifacts after its
// axes (`bench-ubuntu-py3.11`, `bench-macos-py3.12`); the axes are read back from the names, and
// every combination of their values that has no artifact is missing. Pure: names in, names out.

export interface MissingCombination {
  /** The name the missing artifact would have had, in the pattern the others follow. */
  name: string
  /** The axis values it lacks an artifact for, e.g. `macos` and `py3.12`. */
  values: string[]
}

const SEPARATOR = /([-_])/
// More combinations than this and the names are not a matrix anyone wrote by hand.
const MAX_COMBINATIONS = 256
// Fewer present than this share of the grid and the names are a list (`gpu_a100`, `gpu_l4`,
// `cpu_x86`), not a matrix with holes: a matrix is a full product, less a few `exclude`s or
// failures, and 2 × 2 less one is the sparsest that still reads as one.
const MIN_FILLED = 0.75

export function missingCombinations(names: readonly string[]): MissingCombination[] {
  // Names with the same shape (same count of parts, same separators) are one candidate matrix.
  const shapes = new Map<string, string[][]>()
  for (const name of new Set(names)) {
    const parts = name.split(SEPARATOR)
    const shape = parts.filter((_, i) => i % 2 === 1).join('')
    const list = shapes.get(shape) ?? []
    list.push(parts)
    shapes.set(shape, list)
  }
  const missing: MissingCombination[] = []
  for (const rows of shapes.values()) missing.push(...holes(rows))
  return missing
}

function holes(rows: string[][]): MissingCombination[] {
  if (rows.length < 3) return []
  const width = rows[0]!.length
  const varying: number[] = []
  for (let i = 0; i < width; i += 2) {
    if (new Set(rows.map((r) => r[i])).size > 1) varying.push(i)
  }
  // Parts that always change together (`ubuntu-latest`, `macos-14`) are one axis, not two.
  const axes: number[][] = []
  for (const position of varying) {
    const axis = axes.find((a) => together(rows, a[0]!, position))
    if (axis) axis.push(position)
    else axes.push([position])
  }
  if (axes.length < 2) return []
  const valuesOf = axes.map((axis) => [...new Set(rows.map((r) => key(r, axis)))])
  const total = valuesOf.reduce((n, v) => n * v.length, 1)
  if (total > MAX_COMBINATIONS || rows.length < total * MIN_FILLED) return []

  const present = new Set(rows.map((r) => axes.map((axis) => key(r, axis)).join('\u0000')))
  const template = rows[0]!
  const out: MissingCombination[] = []
  for (const combination of product(valuesOf)) {
    if (present.has(combination.join('\u0000'))) continue
    const parts = [...template]
    axes.forEach((axis, a) => {
      const values = combination[a]!.split('\u0001')
      axis.forEach((position, k) => (parts[position] = values[k]!))
    })
    out.push({ name: parts.join(''), values: combination.map((c) => c.split('\u0001').join('-')) })
  }
  return out
}

function key(row: string[], axis: number[]): string {
  return axis.map((p) => row[p]).join('\u0001')
}

/** Whether each value at one position always comes with the same value at the other, both ways. */
function together(rows: string[][], a: number, b: number): boolean {
  const ab = new Map<string, string>()
  const ba = new Map<string, string>()
  for (const r of rows) {
    const x = r[a]!
    const y = r[b]!
    if ((ab.get(x) ?? y) !== y || (ba.get(y) ?? x) !== x) return false
    ab.set(x, y)
    ba.set(y, x)
  }
  return true
}

function product(lists: string[][]): string[][] {
  return lists.reduce<string[][]>(
    (acc, values) => acc.flatMap((prefix) => values.map((v) => [...prefix, v])),
    [[]],
  )
}
