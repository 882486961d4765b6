// parse: one collected file → a parsed document or the reason it could not be read. Nothing a
// file holds can throw out of here: every failure becomes `{ ok: false, problem }`.
import { closeSync, constants, createReadStream, fstatSync, openSync, readSync } from 'node:fs'
import type { CollectedFile } from '../collect/collected-file.js'
import { parseCsv, parseCsvStream } from './csv.js'
import { claimsText, HEAD_BYTES, recogniseText } from './formats/registry.js'
import { parseJson } from './json.js'
import { parseJsonStream } from './json-stream.js'
import { parseMarkdown } from './markdown.js'
import type { ParseOutcome } from './parsed.js'
import { decode, looksBinary } from './text.js'

/** A CSV past this is streamed rather than read whole; the chunk each read hands over. */
export const STREAM_ABOVE = 1024 * 1024
// Small enough that papaparse's rows for one read die young, instead of being promoted.
const STREAM_CHUNK = 256 * 1024
/**
 * A JSON file past this is streamed, its big arrays read an element at a time. Below it, it is
 * parsed whole, which is what recognising a benchmark tool's JSON needs: no tool writes this much.
 */
export const JSON_STREAM_ABOVE = 16 * 1024 * 1024

/**
 * Undefined for a file of no type we read whose content is no benchmark tool's output either (an
 * image, a log of something else): it stays in the inventory, unopened beyond its first bytes.
 */
export async function parseFile(file: CollectedFile): Promise<ParseOutcome | undefined> {
  if (file.type === 'csv' && file.bytes > STREAM_ABOVE) {
    return streamText(file, (text) => parseCsvStream(text, file.path))
  }
  if (file.type === 'json' && file.bytes > JSON_STREAM_ABOVE) {
    const lines = /\.(jsonl|ndjson)$/i.test(file.path)
    return streamText(file, (text) => parseJsonStream(text, lines))
  }
  let bytes: Uint8Array
  try {
    if (file.type === 'other') {
      // A `.txt` of `go test -bench` or a `.log` of `ollama run --verbose` is recognised by its
      // first bytes; only then is the whole file read.
      const head = readRegularFile(file.absolutePath, HEAD_BYTES)
      if (looksBinary(head)) return undefined
      const headText = decode(head)
      if (!headText.ok || !claimsText(headText.text)) return undefined
    }
    bytes = readRegularFile(file.absolutePath)
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

/**
 * A large file, read a chunk at a time. Its text is taken as UTF-8; should a byte later in the file
 * prove it is not, it is read again from the start as Latin-1, as a small file would have been.
 */
async function streamText(
  file: CollectedFile,
  read: (text: AsyncIterable<string>) => Promise<ParseOutcome>,
): Promise<ParseOutcome> {
  let fd: number
  try {
    fd = openRegularFile(file.absolutePath).fd
  } catch (error) {
    return { ok: false, problem: `could not be read: ${(error as Error).message}` }
  }
  try {
    const head = new Uint8Array(8192)
    const bytesRead = readSync(fd, head, 0, head.length, 0)
    if (looksBinary(head.subarray(0, bytesRead))) {
      return { ok: false, problem: 'binary content, not text' }
    }
    try {
      return await read(decodeChunks(fd, 'utf-8'))
    } catch (error) {
      if ((error as { code?: string }).code !== 'ERR_ENCODING_INVALID_ENCODED_DATA') throw error
    }
    const outcome = await read(decodeChunks(fd, 'latin1'))
    if (outcome.ok) outcome.document.warnings.unshift('not valid UTF-8: read as Latin-1')
    return outcome
  } catch (error) {
    return { ok: false, problem: `could not be parsed: ${(error as Error).message}` }
  } finally {
    closeSync(fd)
  }
}

async function* decodeChunks(fd: number, encoding: 'utf-8' | 'latin1') {
  // A multi-byte character split between two reads is held back until the next (stream: true).
  const decoder = new TextDecoder(encoding, { fatal: true })
  const stream = createReadStream('', {
    fd,
    start: 0,
    highWaterMark: STREAM_CHUNK,
    autoClose: false,
  })
  for await (const chunk of stream) yield decoder.decode(chunk as Buffer, { stream: true })
  const rest = decoder.decode()
  if (rest !== '') yield rest
}

// Opened without blocking and checked again on the descriptor: a file swapped for a FIFO after
// collect stat'ed it must not hang the step.
function openRegularFile(filePath: string): { fd: number; size: number } {
  const fd = openSync(filePath, constants.O_RDONLY | constants.O_NONBLOCK)
  try {
    const stats = fstatSync(fd)
    if (!stats.isFile()) throw new Error('no longer a regular file')
    return { fd, size: stats.size }
  } catch (error) {
    closeSync(fd)
    throw error
  }
}

// A file read whole is read synchronously: reading a regular file cannot wait on a writer, and
// four trips to the thread pool for each of ten thousand small files cost more than the reads.
function readRegularFile(filePath: string, limit = Infinity): Uint8Array {
  const { fd, size: whole } = openRegularFile(filePath)
  try {
    // As much as there is when it is opened: a file still being written is read as it stood.
    const size = Math.min(limit, whole)
    const buffer = Buffer.allocUnsafe(size)
    let done = 0
    while (done < size) {
      const n = readSync(fd, buffer, done, size - done, done)
      if (n === 0) break
      done += n
    }
    return buffer.subarray(0, done)
  } finally {
    closeSync(fd)
  }
}
