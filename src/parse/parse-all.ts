import type { CollectedFile } from '../collect/collected-file.js'
import { parseFile } from './parse-file.js'
import type { FileResult } from './parsed.js'

const PARALLEL_READS = 8

/**
 * Parses every collected file, a few at a time, and hands each result to `then` as soon as it is
 * ready, keeping only what `then` returns: the tables of ten thousand files are never all held.
 * Files collect skipped are never opened.
 */
export async function parseAll<T>(
  files: CollectedFile[],
  then: (result: FileResult) => T,
): Promise<T[]> {
  const results: T[] = new Array(files.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const i = next++
      const file = files[i]!
      const outcome = file.skip ? undefined : await parseFile(file)
      results[i] = then(outcome ? { file, outcome } : { file })
    }
  }
  await Promise.all(Array.from({ length: PARALLEL_READS }, worker))
  return results
}
