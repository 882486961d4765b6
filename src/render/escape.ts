// Names and texts from the artifacts, made safe to print in GitHub Markdown. A pull request
// controls every file name and column name, so none is printed as it came: each becomes either a
// code span (names) or escaped text (sentences), never live Markdown, HTML, a mention or a link.

// eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g
const MAX_NAME = 120

function clean(value: string, max: number): string {
  const flat = value.replace(CONTROL, ' ').trim()
  return flat.length > max ? flat.slice(0, max - 1) + '…' : flat
}

/**
 * A name as an inline code span: Markdown, HTML and mentions inside it are shown, not obeyed.
 * In a table cell a `|` would still end the cell, so `cell` escapes it (GitHub shows `\|` as `|`).
 */
export function code(value: string, options: { cell?: boolean; max?: number } = {}): string {
  let body = clean(value, options.max ?? MAX_NAME)
  if (body === '') return '""'
  // Nothing printed may read as the report's hidden marker when the raw body is searched.
  body = body.replace(/<!--/g, '<!-\u2060-')
  if (options.cell) body = body.replace(/\|/g, '\\|')
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length))
  const fence = '`'.repeat(longest + 1)
  const pad = body.startsWith('`') || body.endsWith('`') || body.startsWith(' ') ? ' ' : ''
  return `${fence}${pad}${body}${pad}${fence}`
}

/** A name in a table cell. */
export function cell(value: string): string {
  return code(value, { cell: true })
}

/**
 * A sentence that may carry artifact text, as plain text: every Markdown character escaped,
 * mentions, issue references and bare links broken with an invisible word joiner.
 */
export function text(value: string, max = 2000): string {
  // Fix: `\<!-- benchmark-analyst` still holds the marker when the raw body is searched (a column
  // named after it, listed in a gap), so `<!--` is broken first, as `code` breaks it.
  return clean(value, max)
    .replace(/<!--/g, '<!-\u2060-')
    .replace(/[\\`*_[\]<>#|~]/g, (c) => '\\' + c)
    .replace(/&/g, '&amp;')
    .replace(/@(?=[\w-])/g, '@\u2060')
    .replace(/#(?=\d)/g, '#\u2060')
    .replace(/:\/\//g, ':\u2060//')
    .replace(/\bwww\./gi, (m) => m.slice(0, 3) + '\u2060.')
}
