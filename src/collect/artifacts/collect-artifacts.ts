// The extracted artifacts, collected like the workspace: each file under its artifact's folder,
// its path prefixed by the artifact's name, so that two matrix jobs' results.csv stay apart.
import type { CollectedFile } from '../collected-file.js'
import { collect } from '../collect.js'
import type { FetchedArtifacts } from './fetch.js'

export async function collectArtifacts(
  fetched: FetchedArtifacts,
  maxFileSize: number,
): Promise<CollectedFile[]> {
  const read = new Set(
    fetched.inventory.items.filter((a) => a.status === 'downloaded').map((a) => a.name),
  )
  const folders = [...fetched.folders].filter(([, name]) => read.has(name)).map(([f]) => f)
  if (folders.length === 0) return []
  // The artifacts folder is the root no file may leave, as the workspace is for `path`.
  const { files } = await collect({
    workspace: fetched.dir,
    patterns: folders.map((folder) => `${folder}/**`),
    maxFileSize,
  })
  return files.map((file) => ({
    ...file,
    artifact: fetched.folders.get(file.path.split('/')[0]!) ?? file.path.split('/')[0]!,
  }))
}
