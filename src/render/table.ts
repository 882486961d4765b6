/** A GitHub pipe table. Cells must already be safe (see escape.ts): this only lays them out. */
export function table(header: string[], rows: string[][], align: ('l' | 'r')[] = []): string {
  const rule = header.map((_, i) => (align[i] === 'r' ? '---:' : '---'))
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`
  return [line(header), line(rule), ...rows.map(line)].join('\n')
}
