// The analyst's narrative, made safe to publish. The model read artifacts that a pull request
// controls, so its text is untrusted: it may try to ping people, close issues, inject HTML,
// imitate the report's hidden marker, link elsewhere or break the report's layout.
//
// Approach: do not hunt for bad patterns (Markdown has too many ways to say the same thing).
// Parse the few constructs worth keeping (emphasis, code spans, links into the repository),
// and write everything else back as escaped text, so whatever the input, the output renders as
// one inert paragraph. The rules, per character of text:
//   @ and # are followed by an invisible word joiner (U+2060): GitHub's mention and issue
//     reference filters run on the rendered text, so only a character between them and the
//     name/number breaks them (a backslash or an entity would be decoded first).
//   < > & become entities, so no tag, comment, autolink or entity survives.
//   [ ] ` | $ ! \ are backslash-escaped, so no link, image, code span, cell break or math
//     starts from text; * _ ~ stay live (emphasis reads well and cannot do harm), except in
//     sanitizeInline, where names should print as written.
//   http(s):// and www. not under the repository are defanged (hxxps://evil[.]example).
// Newlines become spaces: the text is always one paragraph (callers that want paragraphs call
// this once per paragraph), so block syntax can only start at the very beginning, where a
// leading #, =, ~, list marker, thematic break or "1." is escaped.

/** Options for {@link sanitizeModelText} and {@link sanitizeInline}. */
export interface SanitizeOptions {
  /** The repository's web address, e.g. https://github.com/octo/repo: links under it survive. */
  repoUrl?: string
  /** The report's hidden marker, `<!-- benchmark-analyst`; default 'benchmark-analyst'. */
  markerPrefix?: string
  /** Longest output, in UTF-16 units, ellipsis included (default 2,000; 120 for inline). */
  maxLength?: number
}

const WJ = '\u2060'
const ELLIPSIS = '…'
const DEFAULT_MAX = 2000
const INLINE_MAX = 120
const DEFAULT_MARKER = 'benchmark-analyst'
// Nested brackets deeper than this are printed literally: links in links are not links anyway,
// and the limit keeps a hostile `[[[[…` from costing quadratic time.
const MAX_DEPTH = 3
// How far to look for a link's closing bracket or parenthesis, for the same reason.
const SCAN_WINDOW = 1000

/**
 * Model text → one paragraph of GitHub Markdown that cannot ping, link outside the repository,
 * close issues, carry HTML or images, imitate the report's marker or break the report's layout.
 */
export function sanitizeModelText(text: string, opts: SanitizeOptions = {}): string {
  return sanitize(text, opts, false, opts.maxLength ?? DEFAULT_MAX)
}

/**
 * A short artifact string (file name, column name) for a table cell: the same guarantees, and
 * no `|` that would end the cell, no emphasis (names print as written), capped at ~120 chars.
 */
export function sanitizeInline(text: string, opts: SanitizeOptions = {}): string {
  return sanitize(text, opts, true, opts.maxLength ?? INLINE_MAX)
}

interface RepoScope {
  protocol: string
  host: string
  /** '/owner/repo', lower case: GitHub owners and repositories are case-insensitive. */
  path: string
}

interface Ctx {
  scope: RepoScope | undefined
  marker: string
  /** Table-cell mode: emphasis escaped, `|` escaped inside code spans too. */
  inline: boolean
  /** Inside a link's text: no nested links. */
  inLink: boolean
}

type Piece =
  | { kind: 'text'; text: string }
  | { kind: 'code'; text: string }
  | { kind: 'link'; children: Piece[]; href: string }

function sanitize(text: string, opts: SanitizeOptions, inline: boolean, maxLength: number): string {
  const max = Number.isFinite(maxLength) ? Math.max(1, Math.floor(maxLength)) : DEFAULT_MAX
  // Anything past a generous multiple of the cap cannot reach the output; cutting it first
  // bounds the work on huge inputs. The ellipsis then says something was left out.
  const inputCap = max * 4 + 256
  let raw = String(text ?? '')
  let cut = raw.length > inputCap * 4
  if (cut) raw = raw.slice(0, inputCap * 4)
  let s = collapse(stripDefinitions(normalise(raw)))
  if (s.length > inputCap) {
    cut = true
    s = dropLoneSurrogate(s.slice(0, inputCap))
  }
  const ctx: Ctx = {
    scope: repoScope(opts.repoUrl),
    marker: opts.markerPrefix || DEFAULT_MARKER,
    inline,
    inLink: false,
  }
  const tokens = tidySpaces(render(parseInline(s, 0, ctx), ctx, false))
  escapeBlockStart(tokens)
  return fit(tokens, max, cut)
}

// ---------------------------------------------------------------------------------------------
// Input clean-up

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g
// C0/C1 controls, and the invisible format characters that can hide or reorder text (bidi
// overrides, zero-width spaces, soft hyphen, our own word joiner: it is re-added where needed),
// and the three private-use characters that stand for escaped emphasis marks (see LITERAL).
// The zero-width joiner U+200D stays: emoji sequences need it.
const INVISIBLE =
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  /[\u0000-\u0008\u000E-\u001F\u007F-\u0084\u0086-\u009F\u00AD\u061C\u180E\u200B\u200C\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uE000-\uE002\uFEFF\uFFF9-\uFFFB]/g

function normalise(text: string): string {
  return text
    .replace(LONE_SURROGATE, '\uFFFD')
    .replace(/\r\n?|[\u0085\u2028\u2029]/g, '\n')
    .replace(/[\t\v\f]/g, ' ')
    .replace(INVISIBLE, '')
}

// Reference definitions (`[1]: https://…`) render as nothing, so they are dropped: what remains
// is what a reader would have seen, minus the link. Only whole lines qualify, as in CommonMark.
const DEFINITION =
  /^ {0,3}\[(?:[^\]\\\n]|\\.){1,999}\]:[ ]*(?:<[^>\n]*>|\S+)(?:[ ]+(?:"[^"\n]*"|'[^'\n]*'|\([^)\n]*\)))?[ ]*$/gm

function stripDefinitions(text: string): string {
  return text.replace(DEFINITION, '')
}

// Line by line rather than with /\s*\n\s*/, which backtracks quadratically on long blank runs.
function collapse(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join(' ')
    .replace(/ {2,}/g, ' ')
}

function dropLoneSurrogate(s: string): string {
  return /[\uD800-\uDBFF]$/.test(s) ? s.slice(0, -1) : s
}

// ---------------------------------------------------------------------------------------------
// Links: only the repository's own pages

function repoScope(repoUrl: string | undefined): RepoScope | undefined {
  if (!repoUrl) return undefined
  let url: URL
  try {
    url = new URL(repoUrl)
  } catch {
    return undefined
  }
  const path = url.pathname
    .replace(/\/+$/, '')
    .replace(/\.git$/i, '')
    .toLowerCase()
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined
  // Exactly /owner/repo: a bare host would allow every repository on it.
  if (url.username || url.password || !/^\/[^/]+\/[^/]+$/.test(path)) return undefined
  return { protocol: url.protocol, host: url.host.toLowerCase(), path }
}

// Issue, pull request and discussion pages create cross-references (and, after a closing
// keyword, close the issue), so even the repository's own are not linked.
const REFERENCE_PATH = /^\/(?:issues|pull|pulls|discussions)\/\d/

/** The normalised address when `raw` is a page of the repository, else undefined. */
function vetUrl(raw: string, scope: RepoScope | undefined): string | undefined {
  if (!scope) return undefined
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return undefined
  }
  if (url.protocol !== scope.protocol || url.host.toLowerCase() !== scope.host) return undefined
  if (url.username || url.password) return undefined
  // The WHATWG parser has already resolved `..`, `%2e%2e` and backslashes, so this is the path
  // the browser will ask for; the href returned is the same string, never the raw one.
  const path = url.pathname.toLowerCase()
  if (path !== scope.path && !path.startsWith(scope.path + '/')) return undefined
  if (REFERENCE_PATH.test(path.slice(scope.path.length))) return undefined
  return url.href
}

/**
 * A link destination: only unreserved characters stay; `@` is encoded so no mention is seen, and
 * a `://` past the scheme (…/blob/x?u=https://…) so the raw body names no other address.
 */
function encodeDest(href: string): string {
  const sep = href.indexOf('://') + 3
  const rest = href
    .slice(sep)
    .replace(/:\/\//g, '%3A//')
    .replace(/[^A-Za-z0-9\-._~/?#=%+:,;]/g, (c) => {
      if (c === '&') return '&amp;'
      const hex = c.charCodeAt(0).toString(16).toUpperCase()
      return c.charCodeAt(0) < 0x80 ? '%' + hex.padStart(2, '0') : encodeURIComponent(c)
    })
  return href.slice(0, sep) + rest
}

// ---------------------------------------------------------------------------------------------
// Parsing: a CommonMark-shaped reading of the inline constructs; anything else is text.

// A backslash-escaped * _ ~ must stay literal even where emphasis is kept, so between parsing
// and escaping it travels as a private-use character (removed from the input beforehand).
const LITERAL: Record<string, string> = { '*': '\uE000', _: '\uE001', '~': '\uE002' }
const UNLITERAL: Record<string, string> = { '\uE000': '\\*', '\uE001': '\\_', '\uE002': '\\~' }

const ASCII_PUNCT = new Set('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~')
const URI_AUTOLINK = /<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)>/y
const EMAIL_AUTOLINK =
  /<([A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*)>/y

/** Backtick runs of a string, indexed by length, so finding a code span's closer is a lookup. */
class Backticks {
  private readonly byLength = new Map<number, number[]>()

  constructor(private readonly s: string) {
    for (const m of s.matchAll(/`+/g)) {
      const starts = this.byLength.get(m[0].length) ?? []
      starts.push(m.index)
      this.byLength.set(m[0].length, starts)
    }
  }

  runLength(i: number): number {
    let j = i
    while (this.s[j] === '`') j++
    return j - i
  }

  /** Start of the first run of exactly `n` backticks at or after `from`, or -1. */
  closer(from: number, n: number): number {
    const starts = this.byLength.get(n)
    if (!starts) return -1
    let lo = 0
    let hi = starts.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if ((starts[mid] as number) < from) lo = mid + 1
      else hi = mid
    }
    return lo < starts.length ? (starts[lo] as number) : -1
  }
}

function parseInline(s: string, depth: number, ctx: Ctx): Piece[] {
  const out: Piece[] = []
  const ticks = new Backticks(s)
  let buf = ''
  const flush = (): void => {
    if (buf) out.push({ kind: 'text', text: buf })
    buf = ''
  }
  let i = 0
  while (i < s.length) {
    const c = s[i] as string
    if (c === '\\' && ASCII_PUNCT.has(s[i + 1] ?? '')) {
      const escaped = s[i + 1] as string
      buf += LITERAL[escaped] ?? escaped
      i += 2
      continue
    }
    if (c === '`') {
      const n = ticks.runLength(i)
      const close = ticks.closer(i + n, n)
      if (close < 0) {
        buf += s.slice(i, i + n)
        i += n
        continue
      }
      const code = stripCodePadding(s.slice(i + n, close))
      // A code span may hold anything, but the raw body must never carry `<` (the marker, and
      // anything that looks like a tag) nor `![`, for whoever searches it: such a span is
      // printed as escaped text instead, which reads the same.
      if (/[<>]|!\[/.test(code)) buf += code
      else {
        flush()
        out.push({ kind: 'code', text: code })
      }
      i = close + n
      continue
    }
    const image = c === '!' && s[i + 1] === '['
    if ((c === '[' || image) && depth < MAX_DEPTH) {
      const link = parseLinkAt(s, image ? i + 1 : i, ticks)
      if (link) {
        flush()
        // Images become their alt text; links outside the repository become their text.
        const children = parseInline(link.label, depth + 1, { ...ctx, inLink: true })
        const href =
          image || ctx.inLink || link.dest === undefined ? undefined : vetUrl(link.dest, ctx.scope)
        if (href !== undefined) out.push({ kind: 'link', children, href })
        else out.push(...children)
        i = link.end
        continue
      }
    }
    if (c === '<') {
      const auto = matchAt(URI_AUTOLINK, s, i) ?? matchAt(EMAIL_AUTOLINK, s, i)
      if (auto) {
        const target = auto[1] as string
        const href = ctx.inLink ? undefined : vetUrl(target, ctx.scope)
        if (href !== undefined) {
          flush()
          out.push({ kind: 'link', children: [{ kind: 'text', text: target }], href })
        } else buf += target // the text escaper defangs it
        i += auto[0].length
        continue
      }
    }
    buf += c
    i++
  }
  flush()
  return out
}

function matchAt(re: RegExp, s: string, i: number): RegExpExecArray | null {
  re.lastIndex = i
  return re.exec(s)
}

function stripCodePadding(code: string): string {
  return code.length >= 2 && code.startsWith(' ') && code.endsWith(' ') && code.trim() !== ''
    ? code.slice(1, -1)
    : code
}

interface LinkSyntax {
  label: string
  /** undefined for reference links `[text][ref]`, which cannot be resolved here */
  dest?: string
  end: number
}

/** `[label](dest "title")`, `[label][ref]` or `[label][]` at `open`, else undefined. */
function parseLinkAt(s: string, open: number, ticks: Backticks): LinkSyntax | undefined {
  const limit = Math.min(s.length, open + SCAN_WINDOW)
  let depth = 0
  let j = open + 1
  for (; j < limit; j++) {
    const ch = s[j]
    if (ch === '\\') j++
    else if (ch === '`') {
      // Code spans bind tighter than brackets: a `]` inside one does not close the label.
      const n = ticks.runLength(j)
      const close = ticks.closer(j + n, n)
      j = (close >= 0 ? close + n : j + n) - 1
    } else if (ch === '[') depth++
    else if (ch === ']') {
      if (depth === 0) break
      depth--
    }
  }
  if (j >= limit || s[j] !== ']') return undefined
  const label = s.slice(open + 1, j)
  if (s[j + 1] === '(') {
    const dest = parseDestination(s, j + 2)
    return dest && { label, dest: dest.dest, end: dest.end }
  }
  if (s[j + 1] === '[') {
    const close = s.indexOf(']', j + 2)
    if (close < 0 || close - j > SCAN_WINDOW || s.slice(j + 2, close).includes('['))
      return undefined
    return { label, end: close + 1 }
  }
  return undefined
}

function parseDestination(s: string, from: number): { dest: string; end: number } | undefined {
  const limit = Math.min(s.length, from + SCAN_WINDOW)
  let p = from
  while (s[p] === ' ') p++
  let dest = ''
  if (s[p] === '<') {
    const close = s.indexOf('>', p + 1)
    if (close < 0 || close > limit) return undefined
    dest = s.slice(p + 1, close)
    if (dest.includes('<')) return undefined
    p = close + 1
  } else {
    let depth = 0
    while (p < limit) {
      const ch = s[p] as string
      if (ch === '\\' && ASCII_PUNCT.has(s[p + 1] ?? '')) {
        dest += s[p + 1]
        p += 2
        continue
      }
      if (ch === ' ') break
      if (ch === '(') depth++
      else if (ch === ')') {
        if (depth === 0) break
        depth--
      }
      dest += ch
      p++
    }
    if (depth !== 0) return undefined
  }
  while (s[p] === ' ') p++
  const quote = s[p]
  if (quote === '"' || quote === "'" || quote === '(') {
    const closing = quote === '(' ? ')' : quote
    let k = p + 1
    while (k < limit && s[k] !== closing) k += s[k] === '\\' ? 2 : 1
    if (k >= limit) return undefined
    p = k + 1
    while (s[p] === ' ') p++
  }
  if (s[p] !== ')') return undefined
  return { dest, end: p + 1 }
}

// ---------------------------------------------------------------------------------------------
// Rendering: pieces → tokens. A token is a self-contained piece of Markdown (one escaped
// character, a code span, a whole link), so cutting the list anywhere leaves valid output.

function render(pieces: Piece[], ctx: Ctx, inLinkText: boolean): string[] {
  const tokens: string[] = []
  for (let k = 0; k < pieces.length; k++) {
    const piece = pieces[k] as Piece
    if (piece.kind === 'text') {
      // Adjacent text (e.g. around a dropped image) is escaped as one, so a mention or a link
      // split across pieces is still seen.
      let text = piece.text
      for (let next = pieces[k + 1]; next?.kind === 'text'; next = pieces[k + 1]) {
        text += next.text
        k++
      }
      tokens.push(...escapeText(text, ctx, inLinkText, ctx.inline))
    } else if (piece.kind === 'code') {
      const code = renderCode(piece.text, ctx)
      // Two code spans back to back would read as one run of backticks: keep them apart.
      if (code && tokens.at(-1)?.endsWith('`')) tokens.push(WJ)
      if (code) tokens.push(code)
    } else {
      pushLink(tokens, render(piece.children, ctx, true), piece.href, ctx)
    }
  }
  return tokens
}

function pushLink(tokens: string[], textTokens: string[], href: string, ctx: Ctx): void {
  let label = tidySpaces(textTokens).join('')
  if (label === '') label = escapeText(href, ctx, true, true).join('')
  // `\!` followed by a link reads, in the raw body, like an image: keep them apart.
  if (tokens.at(-1) === '\\!') tokens.push(WJ)
  tokens.push(`[${label}](${encodeDest(href)})`)
}

function renderCode(content: string, ctx: Ctx): string {
  let body = defangInCode(content, ctx.scope)
  // In a table, GitHub splits cells before it reads code spans, and un-escapes `\|` for them.
  if (ctx.inline) body = body.replace(/\|/g, '\\|')
  if (body === '') return ''
  // A fence longer than any run inside, so the span ends exactly where it should.
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length))
  const fence = '`'.repeat(longest + 1)
  const padded =
    body.startsWith('`') ||
    body.endsWith('`') ||
    (body.length >= 2 && body.startsWith(' ') && body.endsWith(' ') && body.trim() !== '')
  const pad = padded ? ' ' : ''
  return fence + pad + body + pad + fence
}

// Code spans are not autolinked, but a reader may copy the address: outside ones are defanged.
// Each scheme is judged with everything after it up to a space (no autolink trims it here), so
// `https://github.com/octo/repohttps://…` is not taken for the repository.
function defangInCode(code: string, scope: RepoScope | undefined): string {
  let out = ''
  let last = 0
  for (const m of code.matchAll(/(?:https?|ftp):\/\//gi)) {
    const run = /^[^\s`]*/.exec(code.slice(m.index)) as RegExpExecArray
    if (vetUrl(run[0], scope) !== undefined) continue
    const hostStart = m.index + m[0].length
    let hostEnd = hostStart
    while (
      hostEnd < code.length &&
      !/[\s`/?#]/.test(code[hostEnd] as string) &&
      !matchAt(SCHEME, code, hostEnd)
    )
      hostEnd++
    out += code.slice(last, m.index) + defangScheme(m[0].slice(0, -3)) + '://'
    out += code.slice(hostStart, hostEnd).replace(/\./g, '[.]')
    last = hostEnd
  }
  out += code.slice(last)
  return out.replace(
    /(^|[^A-Za-z0-9])(www)\.([^\s/?#`]*)/gi,
    (_m, lead: string, www: string, host) =>
      [lead, www, '[.]', String(host).replace(/\./g, '[.]')].join(''),
  )
}

function defangScheme(scheme: string): string {
  return scheme
    .toLowerCase()
    .replace(/^htt(ps?)$/, 'hxx$1')
    .replace(/^ftp$/, 'fxp')
}

// Characters of a URL (RFC 3986), for finding where a bare address ends.
const URL_CHAR = /[A-Za-z0-9\-._~:/?#@!$&'()*+,;=%]/
const HOST_CHAR = /[A-Za-z0-9\-._~%:@]/
const SCHEME = /(?:https?|ftp):\/\//iy
const WWW = /www\./iy

interface BareUrl {
  text: string
  end: number
  schemeEnd: number
  hostEnd: number
  www: boolean
}

function startsAddress(t: string, i: number): boolean {
  return !!matchAt(SCHEME, t, i) || (!!matchAt(WWW, t, i) && !/[A-Za-z0-9]/.test(t[i - 1] ?? ''))
}

/** A bare address starting at `i` (what GitHub would autolink, and a little more). */
function bareUrlAt(t: string, i: number): BareUrl | undefined {
  if (!startsAddress(t, i)) return undefined
  const scheme = matchAt(SCHEME, t, i)
  const www = !scheme
  const schemeEnd = scheme ? i + scheme[0].length : i
  // An address ends at the next one (https://a.example/https://b.example is two to defang),
  // and after SCAN_WINDOW characters, so a run of addresses costs linear time.
  const limit = Math.min(t.length, i + SCAN_WINDOW)
  let end = schemeEnd
  while (end < limit && URL_CHAR.test(t[end] as string) && (end === i || !startsAddress(t, end)))
    end++
  end = i + trimUrl(t.slice(i, end)).length
  // The host runs to the end of the address, and for www. at least over the `www.` itself.
  const hostLimit = Math.max(end, www ? i + 4 : end)
  let hostEnd = schemeEnd
  // Another address right after (http://https://…, www._www.) is defanged in its turn.
  while (
    hostEnd < hostLimit &&
    HOST_CHAR.test(t[hostEnd] as string) &&
    (hostEnd === i || !startsAddress(t, hostEnd))
  )
    hostEnd++
  return { text: t.slice(i, end), end, schemeEnd, hostEnd, www }
}

/** GitHub's rule: trailing punctuation and unbalanced `)` are not part of an autolink. */
function trimUrl(url: string): string {
  let end = url.length
  for (;;) {
    const last = url[end - 1]
    if (last !== undefined && '.,:;!?\'"*_~'.includes(last)) end--
    else if (last === ')') {
      const body = url.slice(0, end)
      if ((body.match(/\(/g) ?? []).length < (body.match(/\)/g) ?? []).length) end--
      else break
    } else break
  }
  return url.slice(0, end)
}

function escapeText(t: string, ctx: Ctx, inLinkText: boolean, literal: boolean): string[] {
  const out: string[] = []
  let i = 0
  while (i < t.length) {
    const url = bareUrlAt(t, i)
    if (url) {
      const href = url.www ? undefined : vetUrl(url.text, ctx.scope)
      if (href !== undefined && !inLinkText) {
        pushLink(out, escapeText(url.text, ctx, true, true), href, ctx)
        i = url.end
        continue
      }
      if (href === undefined) {
        // hxxps://evil[.]example: the scheme and the host's dots are what GitHub autolinks on;
        // the path after them is ordinary text.
        if (!url.www) out.push(defangScheme(t.slice(i, url.schemeEnd - 3)), ':', '/', '/')
        for (let h = url.schemeEnd; h < url.hostEnd; h++) {
          if (t[h] === '.') out.push('\\[', '.', '\\]')
          else out.push(escapeCharAt(t, h, ctx, literal))
        }
        i = url.hostEnd
        continue
      }
      // An allowed address inside a link's text: plain text, links do not nest.
    }
    const token = escapeCharAt(t, i, ctx, literal)
    out.push(token)
    i += (t.codePointAt(i) as number) > 0xffff ? 2 : 1
  }
  return out
}

/** The token for the character at `i`, with the rules that need its neighbours. */
function escapeCharAt(t: string, i: number, ctx: Ctx, literal: boolean): string {
  const ch = String.fromCodePoint(t.codePointAt(i) as number)
  if (isMarkerAt(t, i, ctx.marker)) return escapeChar(ch, literal) + WJ
  // GH-123 is an issue reference too.
  if (ch === '-' && /gh$/i.test(t.slice(i - 2, i)) && /\d/.test(t[i + 1] ?? '')) return '-' + WJ
  return escapeChar(ch, literal)
}

/** `<!--` then the marker: even escaped, a joiner inside the word keeps any search off it. */
function isMarkerAt(t: string, i: number, marker: string): boolean {
  return (
    t.slice(i, i + marker.length).toLowerCase() === marker.toLowerCase() &&
    /<!--\s*$/.test(t.slice(Math.max(0, i - 12), i))
  )
}

function escapeChar(ch: string, literal: boolean): string {
  switch (ch) {
    case '@':
    case '#':
      return ch + WJ
    case '&':
      return '&amp;'
    case '<':
      return '&lt;'
    case '>':
      return '&gt;'
    case '\\':
    case '[':
    case ']':
    case '`':
    case '|':
    case '$':
    case '!':
      return '\\' + ch
    case '*':
    case '_':
    case '~':
      return literal ? '\\' + ch : ch
    default:
      return UNLITERAL[ch] ?? ch
  }
}

// ---------------------------------------------------------------------------------------------
// Finishing: spaces, the start of the block, the length cap.

function tidySpaces(tokens: string[]): string[] {
  const out: string[] = []
  for (const token of tokens) {
    if (token === ' ' && (out.length === 0 || out.at(-1) === ' ')) continue
    out.push(token)
  }
  while (out.at(-1) === ' ') out.pop()
  return out
}

/** Only the first characters can open a block (heading, list, quote, rule, fence, setext). */
function escapeBlockStart(tokens: string[]): void {
  const first = tokens[0]
  if (first === undefined) return
  const c = first[0]
  const next = tokens[1]
  const fence = c === '~' && next === '~' && tokens[2] === '~'
  if (c === '#' || c === '=' || fence) {
    tokens[0] = '\\' + first
    return
  }
  if ((c === '-' || c === '*' || c === '+') && (next === undefined || next === ' ')) {
    tokens[0] = '\\' + first
    return
  }
  if (c === '-' || c === '*' || c === '_') {
    if (/^([-*_])(?: *\1){2,} *$/.test(tokens.join(''))) tokens[0] = '\\' + first
    return
  }
  let k = 0
  while (k < 9 && /^\d$/.test(tokens[k] ?? '')) k++
  const after = tokens[k + 1]
  if (k > 0 && (tokens[k] === '.' || tokens[k] === ')') && (after === undefined || after === ' '))
    tokens[k] = '\\' + tokens[k]
}

function fit(tokens: string[], max: number, cut: boolean): string {
  const total = tokens.reduce((n, token) => n + token.length, 0)
  if (total <= max && !cut) return tokens.join('')
  const budget = max - ELLIPSIS.length
  const kept: string[] = []
  let length = 0
  for (const token of tokens) {
    if (length + token.length > budget) break
    kept.push(token)
    length += token.length
  }
  while (kept.at(-1) === ' ') kept.pop()
  return kept.join('') + ELLIPSIS
}
