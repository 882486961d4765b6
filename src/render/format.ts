// Numbers, sizes and times as a reader wants them: few digits, thousands separated, UTC.

export function thousands(n: number): string {
  const [whole, fraction] = Math.abs(n).toString().split('.')
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return (n < 0 ? '−' : '') + grouped + (fraction ? '.' + fraction : '')
}

/** A statistic: three significant figures or so, never exponent notation for everyday values. */
export function num(n: number): string {
  if (!Number.isFinite(n)) return String(n)
  const abs = Math.abs(n)
  if (abs === 0) return '0'
  let digits: number
  if (abs >= 1000) digits = 0
  else if (abs >= 100) digits = 1
  else if (abs >= 1) digits = 2
  else if (abs >= 0.001) digits = 3 - Math.floor(Math.log10(abs))
  else return n.toExponential(2)
  const fixed = Number(n.toFixed(digits))
  return thousands(fixed)
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`
  const units = ['KB', 'MB', 'GB', 'TB']
  let value = n / 1024
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ${units[unit]}`
}

/** "2026-12-01 10:53 UTC" from an ISO time. */
export function when(iso: string | null): string {
  if (!iso) return '—'
  return iso.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC')
}

export function ms(n: number): string {
  return `${thousands(Math.round(n))} ms`
}

export function plural(n: number, one: string, many = one + 's'): string {
  return `${thousands(n)} ${n === 1 ? one : many}`
}
