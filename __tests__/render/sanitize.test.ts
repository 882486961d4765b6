import { describe, expect, it } from '@jest/globals'
import { sanitizeInline, sanitizeModelText } from '../../src/render/sanitize.js'

const repoUrl = 'https://github.com/octo/repo'
const WJ = '\u2060'
const clean = (text: string): string => sanitizeModelText(text, { repoUrl })
// What a reader sees, roughly: entities and escapes undone (word joiners are still there).
const decoded = (md: string): string =>
  md
    .replace(/\\([!-/:-@[-`{-~])/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
const shown = (md: string): string => decoded(md).replaceAll(WJ, '')

describe('sanitizeModelText: mentions', () => {
  it.each([
    ['@user', `@${WJ}user`],
    ['@@user', `@${WJ}@${WJ}user`],
    ['thanks @user.', `thanks @${WJ}user.`],
    ['(@user)', `(@${WJ}user)`],
    ['ask @org/team', `ask @${WJ}org/team`],
    ['\\@user', `@${WJ}user`],
  ])('%j → %j', (input, expected) => {
    expect(clean(input)).toBe(expected)
  })

  it('keeps e-mail addresses readable but not linked', () => {
    const out = clean('write to a@b.com')
    expect(shown(out)).toBe('write to a@b.com')
    expect(out).not.toMatch(/[\w.]@[A-Za-z0-9]/)
  })

  it('sees a mention through a dropped image or an entity', () => {
    expect(clean('@![](https://evil.example/x.png)user')).toBe(`@${WJ}user`)
    expect(clean('&#64;user')).toBe(`&amp;#${WJ}64;user`)
  })
})

describe('sanitizeModelText: HTML and the marker', () => {
  it.each([
    ['<img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert(1)&gt;'],
    [
      '<details><summary>x</summary></details>',
      '&lt;details&gt;&lt;summary&gt;x&lt;/summary&gt;&lt;/details&gt;',
    ],
    ['<scr<script>ipt>alert(1)</script>', '&lt;scr&lt;script&gt;ipt&gt;alert(1)&lt;/script&gt;'],
    ['&#60;img&#62;', `&amp;#${WJ}60;img&amp;#${WJ}62;`],
    ['&lt;b&gt;', '&amp;lt;b&amp;gt;'],
  ])('%j renders as text', (input, expected) => {
    expect(clean(input)).toBe(expected)
  })

  it('cannot imitate the hidden marker, even escaped', () => {
    const out = clean('<!-- benchmark-analyst: sticky -->')
    expect(out).not.toContain('<!--')
    expect(decoded(out)).not.toContain('<!-- benchmark-analyst')
    expect(shown(out)).toBe('<!-- benchmark-analyst: sticky -->')
    const custom = sanitizeModelText('<!--MY-bot-->', { markerPrefix: 'my-bot' })
    expect(decoded(custom).toLowerCase()).not.toContain('<!--my-bot')
  })

  it('prints a code span holding < as escaped text', () => {
    expect(clean('`<!-- benchmark-analyst -->`')).not.toContain('<')
    expect(clean('use `a<b`')).toBe('use a&lt;b')
  })
})

describe('sanitizeModelText: images and links', () => {
  it('keeps the alt text of images', () => {
    expect(clean('![chart of tok/s](https://evil.example/p.png)')).toBe('chart of tok/s')
    expect(clean('![logo][img]')).toBe('logo')
  })

  it('keeps only the text of outside links', () => {
    expect(clean('[x](javascript:alert(1))')).toBe('x')
    expect(clean('[click](https://evil.example/a "title")')).toBe('click')
    expect(clean('[a [b] c](https://evil.example)')).toBe('a \\[b\\] c')
    expect(clean('[text][1]\n\n[1]: http://evil.example')).toBe('text')
    expect(clean('[text]')).toBe('\\[text\\]')
  })

  it('keeps links to the repository, normalised', () => {
    expect(clean('[results](https://github.com/octo/repo/blob/main/r.csv)')).toBe(
      '[results](https://github.com/octo/repo/blob/main/r.csv)',
    )
    expect(clean('[r](https://github.com/OCTO/Repo/tree/main)')).toBe(
      '[r](https://github.com/OCTO/Repo/tree/main)',
    )
    expect(clean('see <https://github.com/octo/repo/actions>')).toBe(
      'see [https://github.com/octo/repo/actions](https://github.com/octo/repo/actions)',
    )
  })

  it.each([
    'https://github.com/octo/repo/../../evil/repo',
    'https://github.com/octo/repo/%2e%2e/%2e%2e/evil',
    'https://github.com/octo/repo-evil',
    'https://github.com/octo/repo.evil.com/x',
    'https://github.com.evil.com/octo/repo',
    'https://user@github.com/octo/repo',
    'http://github.com/octo/repo',
    'https://github.com/octo/repo/issues/3',
    'https://github.com/octo/repo/pull/4',
  ])('does not link %s', (url) => {
    const out = clean(`[x](${url})`)
    expect(out).toBe('x')
  })

  it('links nothing without a repoUrl', () => {
    expect(sanitizeModelText('[x](https://github.com/octo/repo)')).toBe('x')
  })

  it('turns an image inside a link into the link text', () => {
    expect(clean('[![alt](https://evil.example/i.png)](https://evil.example)')).toBe('alt')
    expect(clean('[![alt](https://evil.example/i.png)](https://github.com/octo/repo)')).toBe(
      '[alt](https://github.com/octo/repo)',
    )
  })

  it('does not let "!" before a kept link read as an image', () => {
    expect(clean('wow![r](https://github.com/octo/repo/blob/x)')).toBe('wowr') // an image
    const out = clean('wow\\![r](https://github.com/octo/repo/blob/x)')
    expect(out).toBe(`wow\\!${WJ}[r](https://github.com/octo/repo/blob/x)`)
  })

  it('defangs bare addresses outside the repository', () => {
    expect(clean('see https://evil.example/x?a=1')).toBe('see hxxps://evil\\[.\\]example/x?a=1')
    expect(clean('see www.evil.example')).toBe('see www\\[.\\]evil\\[.\\]example')
    expect(clean('HTTP://EVIL.example.')).toBe('hxxp://EVIL\\[.\\]example.')
    expect(clean('(https://evil.example)')).toBe('(hxxps://evil\\[.\\]example)')
    expect(clean('`curl https://evil.example/x`')).toBe('`curl hxxps://evil[.]example/x`')
  })

  it('links bare addresses inside the repository', () => {
    expect(clean('see https://github.com/octo/repo/actions/runs/1.')).toBe(
      `see [https://github.com/octo/repo/actions/runs/1](https://github.com/octo/repo/actions/runs/1).`,
    )
  })
})

describe('sanitizeModelText: issue references and closing keywords', () => {
  it.each([
    ['fixes #1', `fixes #${WJ}1`],
    ['FIXES #1', `FIXES #${WJ}1`],
    ['fixes: #1', `fixes: #${WJ}1`],
    ['Closes octo/repo#2', `Closes octo/repo#${WJ}2`],
    ['resolved GH-7', `resolved GH-${WJ}7`],
    ['see #123', `see #${WJ}123`],
  ])('%j → %j', (input, expected) => {
    expect(clean(input)).toBe(expected)
  })

  it('does not link a full issue address after a keyword', () => {
    const out = clean('Fixes https://github.com/octo/repo/issues/3')
    expect(out).toBe('Fixes hxxps://github\\[.\\]com/octo/repo/issues/3')
  })
})

describe('sanitizeModelText: structure', () => {
  it.each([
    ['# Heading', `\\#${WJ} Heading`],
    ['> quote', '&gt; quote'],
    ['| a | b |\n|---|---|', '\\| a \\| b \\| \\|---\\|---\\|'],
    ['- item', '\\- item'],
    ['* item', '\\* item'],
    ['+ item', '\\+ item'],
    ['1. item', '1\\. item'],
    ['2) item', '2\\) item'],
    ['---', '\\---'],
    ['***', '\\***'],
    ['===', '\\==='],
    ['~~~', '\\~~~'],
    ['    indented', 'indented'],
    ['$$x$$', '\\$\\$x\\$\\$'],
  ])('%j → %j', (input, expected) => {
    expect(clean(input)).toBe(expected)
  })

  it('makes one paragraph of several lines', () => {
    expect(clean('First line.\n\n## Second\n- third\r\n4. fourth')).toBe(
      `First line. #${WJ}#${WJ} Second - third 4. fourth`,
    )
  })

  it('keeps emphasis and inline code', () => {
    expect(clean('**bold**, _italics_ and `p95_ms`')).toBe('**bold**, _italics_ and `p95_ms`')
    expect(clean('~~old~~ 2\\*3\\*4')).toBe('~~old~~ 2\\*3\\*4')
    expect(clean('+1 for this')).toBe('+1 for this')
  })

  it('balances or escapes backticks', () => {
    expect(clean('`unclosed and the rest')).toBe('\\`unclosed and the rest')
    expect(clean('``a`b``')).toBe('``a`b``')
    expect(clean('```js\nconst x = 1\n```')).toBe('`js const x = 1 `')
    expect(clean('`a`![](x)`b`')).toBe(`\`a\`${WJ}\`b\``)
  })

  it('removes control and invisible characters', () => {
    expect(clean('a\u0000b\u202Ec\u200Bd\u0007e')).toBe('abcde')
    expect(clean('@\u200Buser')).toBe(`@${WJ}user`)
  })

  it('caps the length with an ellipsis, never inside an escape', () => {
    const out = sanitizeModelText('<'.repeat(100), { maxLength: 50 })
    expect(out.length).toBeLessThanOrEqual(50)
    expect(out.endsWith('&lt;…')).toBe(true)
    expect(sanitizeModelText('x'.repeat(5000)).length).toBe(2000)
    expect(sanitizeModelText('short', { maxLength: 50 })).toBe('short')
  })

  it('reads well on an ordinary narrative', () => {
    const text =
      'Throughput rose **12.4%** on `gemma3:1b` (see [the runs](https://github.com/octo/repo/actions)).\nNo regressions.'
    expect(clean(text)).toBe(
      'Throughput rose **12.4%** on `gemma3:1b` (see [the runs](https://github.com/octo/repo/actions)). No regressions.',
    )
  })
})

describe('sanitizeInline', () => {
  it('escapes pipes, emphasis and newlines for a table cell', () => {
    expect(sanitizeInline('a|b\nc')).toBe('a\\|b c')
    expect(sanitizeInline('`x|y`')).toBe('`x\\|y`')
    expect(sanitizeInline('__init__.py')).toBe('\\_\\_init\\_\\_.py')
    expect(sanitizeInline('run_2.csv')).toBe('run\\_2.csv')
  })

  it('caps at 120 characters', () => {
    const out = sanitizeInline('n'.repeat(500))
    expect(out.length).toBe(120)
    expect(out.endsWith('…')).toBe(true)
  })

  it('has the same guarantees', () => {
    expect(sanitizeInline('@user <b> #1 https://evil.example')).toBe(
      `@${WJ}user &lt;b&gt; #${WJ}1 hxxps://evil\\[.\\]example`,
    )
  })
})
