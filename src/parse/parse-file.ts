// parse: one collected file → a parsed document or the reason it could not be read. Nothing a
// file holds can throw out of here: every failure becomes `{ ok: false, problem }`.
import * as fs from 'node:fs/promises'
import { constants } from 'node:fs'
import type { CollectedFile } from '../collect/collected-file.js'
import { parseCsv } from './csv.js'
import { claimsText, HEAD_BYTES, recogniseText } from './formats/registry.js'
import { parseJson } from './json.js'
import { parseMarkdown } from './markdown.js'
import type { ParseOutcome } from './parsed.js'
import { decode, looksBinary } from './text.js'

/**
 * Undefined for a file of no type we read whose content is no benchmark tool's output either (an
 * image, a log of something else): it stays in the inventory, unopened beyond its first bytes.
 */
export async function parseFile(file: CollectedFile): Promise<ParseOutcome | undefined> {
  let bytes: Uint8Array
  try {
    if (file.type === 'other') {
      // A `.txt` of `go test -bench` or a `.log` of `ollama run --verbose` is recognised by its
      // first bytes; only then is the whole file read.
      const head = await readRegularFile(file.absolutePath, HEAD_BYTES)
      if (looksBinary(head)) return undefined
      const headText = decode(head)
      if (!headText.ok || !claimsText(headText.text)) return undefined
    }
    bytes = await readRegularFile(file.absolutePath)
  } catch (error) {
    return { ok: false, problem: `could not be read: ${(error as Error).message}` }
  }
  const decoded = decode(bytes)
  if (!decoded.ok) return decoded
  try {
    const outcome = parseText(file, decoded.text)
    if (outcome?.ok && decoded.warnings.length > 0) {
      outcome.document.warnings.unshift(...decoded.warnings)
    }
    return outcome
  } catch (error) {
    return { ok: false, problem: `could not be parsed: ${(error as Error).message}` }
  }
}

function parseText(file: CollectedFile, text: string): ParseOutcome | undefined {
  switch (file.type) {
    case 'csv':
      return parseCsv(text, file.path)
    case 'json':
      return parseJson(text, file.path)
    case 'md': {
      // llama-bench's default output is a Markdown table; a `.md` may hold an Ollama timing block.
      const known = recogniseText(text)
      return known ? { ok: true, document: known } : parseMarkdown(text)
    }
    case 'other': {
      const known = recogniseText(text)
      return known ? { ok: true, document: known } : undefined
    }
  }
}

// Opened without blocking and checked again on the handle: a file swapped for a FIFO after collect
// stat'ed it must not hang the step.
async function readRegularFile(filePath: string, limit?: number): Promise<Uint8Array> {
  const handle = await fs.open(filePath, constants.O_RDONLY | constants.O_NONBLOCK)
  try {
    const stats = await handle.stat()
    if (!stats.isFile()) throw new Error('no longer a regular file')
    if (limit === undefined) return await handle.readFile()
    const buffer = new Uint8Array(Math.min(limit, stats.size))
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0)
    return buffer.subarray(0, bytesRead)
  } finally {
    await handle.close()
  }
}
