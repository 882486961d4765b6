// parse: one collected file → a parsed document or the reason it could not be read. Nothing a
// file holds can throw out of here: every failure becomes `{ ok: false, problem }`.
import * as fs from 'node:fs/promises'
import { constants } from 'node:fs'
import type { CollectedFile } from '../collect/collected-file.js'
import { parseCsv } from './csv.js'
import { parseJson } from './json.js'
import { parseMarkdown } from './markdown.js'
import type { ParseOutcome } from './parsed.js'
import { decode } from './text.js'

export async function parseFile(file: CollectedFile): Promise<ParseOutcome> {
  let bytes: Uint8Array
  try {
    bytes = await readRegularFile(file.absolutePath)
  } catch (error) {
    return { ok: false, problem: `could not be read: ${(error as Error).message}` }
  }
  const decoded = decode(bytes)
  if (!decoded.ok) return decoded
  try {
    const outcome = parseText(file, decoded.text)
    if (outcome.ok && decoded.warnings.length > 0) {
      outcome.document.warnings.unshift(...decoded.warnings)
    }
    return outcome
  } catch (error) {
    return { ok: false, problem: `could not be parsed: ${(error as Error).message}` }
  }
}

function parseText(file: CollectedFile, text: string): ParseOutcome {
  switch (file.type) {
    case 'csv':
      return parseCsv(text, file.path)
    case 'json':
      return parseJson(text, file.path)
    case 'md':
      return parseMarkdown(text)
    case 'other':
      return { ok: true, document: { tables: [], vocabulary: [], warnings: [] } }
  }
}

// Opened without blocking and checked again on the handle: a file swapped for a FIFO after collect
// stat'ed it must not hang the step.
async function readRegularFile(filePath: string): Promise<Uint8Array> {
  const handle = await fs.open(filePath, constants.O_RDONLY | constants.O_NONBLOCK)
  try {
    const stats = await handle.stat()
    if (!stats.isFile()) throw new Error('no longer a regular file')
    return await handle.readFile()
  } finally {
    await handle.close()
  }
}
