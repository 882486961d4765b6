import type { CollectedFile } from '../collect/collected-file.js'
import type { FileResult } from '../facts/facts.js'
import { parseFile } from './parse-file.js'

const PARALLEL_READS = 8

/** Parses every collected file, a few at a time; files collect skipped are never opened. */
export async function parseAll(files: CollectedFile[]): Promise<FileResult[]> {
  const results: FileResult[] = new Array(files.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const i = next++
      const file = files[i]!
      const outcome = file.skip ? undefined : await parseFile(file)
      results[i] = outcome ? { file, outcome } : { file }
    }
  }
  await Promise.all(Array.from({ length: PARALLEL_READS }, worker))
  return results
}
