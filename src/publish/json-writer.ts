// report.json as JSON.stringify(report, null, 2) writes it, but a piece at a time: for 10,000
// files the text is 52 MB, and building it whole (then copying it once more to add the newline)
// was the run's peak memory, 190 MB above everything before it. Containers near the top are
// written item by item; anything deeper is small and stringified whole, re-indented.
import * as fs from 'node:fs'

/** Depth to which containers are written item by item; below, one JSON.stringify each. */
const STREAMED_DEPTH = 3
const FLUSH_AT = 1 << 20

export function writeJsonFile(file: string, value: unknown): void {
  const fd = fs.openSync(file, 'w')
  try {
    let pending: string[] = []
    let size = 0
    const write = (text: string): void => {
      pending.push(text)
      size += text.length
      if (size >= FLUSH_AT) flush()
    }
    const flush = (): void => {
      fs.writeSync(fd, pending.join(''))
      pending = []
      size = 0
    }
    writeValue(value, 0, write)
    write('\n')
    flush()
  } finally {
    fs.closeSync(fd)
  }
}

function writeValue(value: unknown, depth: number, write: (text: string) => void): void {
  const json = toJsonValue(value)
  if (depth >= STREAMED_DEPTH || json === null || typeof json !== 'object') {
    // JSON text holds no raw newline outside its own layout, so re-indenting is a replace.
    const text = JSON.stringify(json, null, 2) ?? 'null'
    write(depth === 0 ? text : text.replaceAll('\n', '\n' + '  '.repeat(depth)))
    return
  }
  const inner = '\n' + '  '.repeat(depth + 1)
  const close = '\n' + '  '.repeat(depth)
  if (Array.isArray(json)) {
    if (json.length === 0) return write('[]')
    write('[')
    json.forEach((item, i) => {
      write((i > 0 ? ',' : '') + inner)
      // As JSON.stringify: what cannot be written in an array is written as null.
      writeValue(isWritable(item) ? item : null, depth + 1, write)
    })
    write(close + ']')
    return
  }
  const entries = Object.entries(json as Record<string, unknown>).filter(([, v]) => isWritable(v))
  if (entries.length === 0) return write('{}')
  write('{')
  entries.forEach(([key, item], i) => {
    write(`${i > 0 ? ',' : ''}${inner}${JSON.stringify(key)}: `)
    writeValue(item, depth + 1, write)
  })
  write(close + '}')
}

/** What JSON.stringify leaves out of an object: undefined, functions and symbols. */
function isWritable(value: unknown): boolean {
  return value !== undefined && typeof value !== 'function' && typeof value !== 'symbol'
}

function toJsonValue(value: unknown): unknown {
  const withToJson = value as { toJSON?: () => unknown } | null
  return typeof withToJson?.toJSON === 'function' ? withToJson.toJSON() : value
}
