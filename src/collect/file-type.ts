import type { FileType } from '../report.js'

// By name: a benchmark job names what it writes. Content sniffing belongs to the parsers, which
// mark a `.csv` full of binary as unreadable rather than guessing another type for it.
const BY_EXTENSION: Record<string, FileType> = {
  '.csv': 'csv',
  '.tsv': 'csv',
  '.json': 'json',
  '.jsonl': 'json',
  '.ndjson': 'json',
  '.md': 'md',
  '.markdown': 'md',
}

export function fileTypeOf(name: string): FileType {
  const dot = name.lastIndexOf('.')
  if (dot <= name.lastIndexOf('/')) return 'other'
  return BY_EXTENSION[name.slice(dot).toLowerCase()] ?? 'other'
}
