// Python's json module writes NaN, Infinity and -Infinity, which JSON does not allow. They are
// replaced, outside strings only, by null (a missing value), and counted so the report can say so.

export function replaceNonFinite(text: string): { text: string; replaced: number } {
  let out = ''
  let replaced = 0
  let last = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 92 /* \ */) i++
      else if (c === 34 /* " */) inString = false
      continue
    }
    if (c === 34) {
      inString = true
      continue
    }
    const word = literalAt(text, i)
    if (word) {
      out += text.slice(last, i) + 'null'
      i += word - 1
      last = i + 1
      replaced++
    }
  }
  return { text: replaced === 0 ? text : out + text.slice(last), replaced }
}

function literalAt(text: string, i: number): number {
  for (const word of ['NaN', 'Infinity', '-Infinity']) {
    if (text.startsWith(word, i) && !/[\w$]/.test(text[i + word.length] ?? '')) return word.length
  }
  return 0
}
