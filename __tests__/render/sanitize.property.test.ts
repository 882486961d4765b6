import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { sanitizeInline, sanitizeModelText } from '../../src/render/sanitize.js'

const repoUrl = 'https://github.com/octo/repo'
const RUNS = Number(process.env.SANITIZE_RUNS ?? 2000)

// The output's code spans and backslash-escaped characters, blanked, CommonMark's way: what is
// left is the Markdown that is live.
function live(md: string, keepEscapes = false): string {
  let out = ''
  let i = 0
  while (i < md.length) {
    const c = md[i] as string
    if (c === '\\' && /[!-/:-@[-`{-~]/.test(md[i + 1] ?? '')) {
      out += keepEscapes ? md.slice(i, i + 2) : '  '
      i += 2
      continue
    }
    if (c === '`') {
      let n = 0
      while (md[i + n] === '`') n++
      const rest = md.slice(i + n)
      const close = [...rest.matchAll(/`+/g)].find((m) => m[0].length === n)
      if (close) {
        out += ' '
        i += n + close.index + n
        continue
      }
      out += md.slice(i, i + n)
      i += n
      continue
    }
    out += c
    i++
  }
  return out
}

const REPO = /^github\.com\/octo\/repo(?=$|[/?#)\]\s\\`\u2060])/i

/** Every violation of the guarantees, as readable strings (empty when the output is safe). */
function violations(out: string, repoAllowed = true): string[] {
  const found: string[] = []
  // Link destinations are addresses, not text: a fragment like #1 there is no reference.
  const noCode = live(out, true).replace(/\]\([^)]*\)/g, ']()')
  const bare = live(out)
  if (/(^|[^\w`])@[A-Za-z0-9]/.test(noCode)) found.push('live mention')
  if (/[\w.+-]@[A-Za-z0-9]/.test(noCode)) found.push('e-mail autolink')
  if (/#\d/.test(noCode)) found.push('issue reference')
  if (/\bGH-\d/i.test(noCode)) found.push('GH- reference')
  if (/<[A-Za-z!/]/.test(out)) found.push('HTML tag')
  if (/<!--\s*benchmark-analyst/i.test(out)) found.push('marker')
  if (out.includes('![')) found.push('image')
  if (/\n/.test(out)) found.push('newline')
  // eslint-disable-next-line no-control-regex -- looking for control characters
  if (/[\u0000-\u0008\u000B-\u001F\u007F]/.test(out)) found.push('control character')
  if (bare.includes('`')) found.push('unbalanced backticks')
  for (const m of bare.matchAll(/\]/g)) {
    const dest = bare.slice(m.index + 1)
    if (!repoAllowed || !dest.startsWith('(https://') || !REPO.test(dest.slice(9)))
      found.push(`link outside: ${dest.slice(0, 40)}`)
  }
  for (const m of out.matchAll(/(?:https?|ftp):\/\//gi)) {
    if (!repoAllowed || !REPO.test(out.slice(m.index + m[0].length)))
      found.push('bare address outside')
  }
  if (/(^|[\s*_~(])www\./i.test(out)) found.push('www autolink')
  if (/^(?: {0,3})(?:#{1,6}(?:\s|$)|[-*+](?:\s|$)|\d{1,9}[.)](?:\s|$)|>|\||=|~~~)/.test(out))
    found.push('block at start')
  // A backtick fence needs an info string without backticks; ```a``` is a code span.
  if (/^ {0,3}`{3,}[^`]*$/.test(out)) found.push('code fence at start')
  if (/^([-*_])(?: *\1){2,} *$/.test(out)) found.push('thematic break')
  return found
}

const FRAGMENTS = [
  '@',
  'user',
  'octo',
  '<',
  '>',
  'img',
  'script',
  ' src=x onerror=alert(1)',
  '](',
  '[',
  ']',
  '(',
  ')',
  '!',
  '![',
  'http://',
  'https://',
  'HTTPS://',
  'https://github.com/octo/repo',
  '/blob/x',
  '/issues/1',
  '/../evil',
  'evil.example',
  'www.',
  '#1',
  '#',
  '123',
  'fixes ',
  'Closes ',
  '<!--',
  '-->',
  ' benchmark-analyst',
  'benchmark-analyst',
  '`',
  '``',
  '```',
  '|',
  '\n',
  ' ',
  '    ',
  '\\',
  '&#60;',
  '&#64;',
  '&',
  ';',
  '*',
  '**',
  '_',
  '~',
  '~~~',
  '$',
  'GH-',
  '-',
  '1.',
  '=',
  ':',
  '.',
  'a@b.com',
  '\u202E',
  '\u200B',
  '\u2060',
  'javascript:',
  '"',
  "'",
  'mailto:',
  '<https://',
  '[1]: ',
  'x',
  '>',
]
const adversarial = fc
  .array(fc.constantFrom(...FRAGMENTS), { maxLength: 40 })
  .map((parts) => parts.join(''))
const anyText = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
)

describe('sanitizeModelText: properties', () => {
  it.each([
    ['adversarial fragments', adversarial],
    ['arbitrary strings', anyText],
  ])('never emits live Markdown from %s', (_name, arb) => {
    fc.assert(
      fc.property(arb, (text) => {
        expect(violations(sanitizeModelText(text, { repoUrl }))).toEqual([])
        expect(violations(sanitizeModelText(text), false)).toEqual([])
      }),
      { numRuns: RUNS },
    )
  })

  it('respects maxLength', () => {
    fc.assert(
      fc.property(adversarial, fc.integer({ min: 1, max: 80 }), (text, maxLength) => {
        const out = sanitizeModelText(text, { repoUrl, maxLength })
        expect(out.length).toBeLessThanOrEqual(maxLength)
        expect(violations(out)).toEqual([])
      }),
      { numRuns: RUNS },
    )
  })

  it('stays safe when sanitized twice', () => {
    fc.assert(
      fc.property(adversarial, (text) => {
        const twice = sanitizeModelText(sanitizeModelText(text, { repoUrl }), { repoUrl })
        expect(violations(twice)).toEqual([])
      }),
      { numRuns: RUNS },
    )
  })

  it('is fast on hostile input', () => {
    const hostile = ['[', '`', '](', '<a:', '![', '(', '``'].map((s) => s.repeat(20000)).join('')
    const out = sanitizeModelText(hostile, { repoUrl })
    expect(violations(out)).toEqual([])
    expect(out.length).toBeLessThanOrEqual(2000)
  })
})

describe('sanitizeInline: properties', () => {
  it('never splits a table cell or breaks a line', () => {
    fc.assert(
      fc.property(fc.oneof(adversarial, anyText), (text) => {
        const out = sanitizeInline(text, { repoUrl })
        expect(out).not.toMatch(/(^|[^\\])\|/)
        expect(out).not.toContain('\n')
        expect(out.length).toBeLessThanOrEqual(120)
        expect(violations(out)).toEqual([])
      }),
      { numRuns: RUNS },
    )
  })
})
