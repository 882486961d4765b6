// The inventory: every file with its size, time and status, and the totals by type and folder.
import type {
  DirectoryTotals,
  FileType,
  Inventory,
  InventoryFile,
  PatternMatch,
  TypeTotals,
} from '../report.js'

const TYPES: FileType[] = ['csv', 'json', 'md', 'other']

export function summarise(files: InventoryFile[], patterns: PatternMatch[]): Inventory {
  const byType = Object.fromEntries(TYPES.map((t) => [t, totals()])) as Record<FileType, TypeTotals>
  const directories = new Map<string, DirectoryTotals>()
  const all = totals()
  for (const file of files) {
    add(all, file)
    add(byType[file.type], file)
    const name = directoryOf(file.path)
    let directory = directories.get(name)
    if (!directory) {
      directory = { directory: name, ...totals(), byType: { csv: 0, json: 0, md: 0, other: 0 } }
      directories.set(name, directory)
    }
    add(directory, file)
    directory.byType[file.type]++
  }
  return {
    totalFiles: all.files,
    totalBytes: all.bytes,
    latestModified: all.latestModified,
    byType,
    byDirectory: [...directories.values()].sort((a, b) => (a.directory < b.directory ? -1 : 1)),
    patterns,
    files,
  }
}

function totals(): TypeTotals {
  return { files: 0, bytes: 0, latestModified: null }
}

function add(target: TypeTotals, file: InventoryFile): void {
  target.files++
  target.bytes += file.bytes
  // ISO strings of one format compare as the times they name.
  if (target.latestModified === null || file.modified > target.latestModified) {
    target.latestModified = file.modified
  }
}

export function directoryOf(filePath: string): string {
  const slash = filePath.lastIndexOf('/')
  return slash < 0 ? '.' : filePath.slice(0, slash)
}
