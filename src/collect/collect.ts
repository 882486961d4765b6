// collect: Config → the files the patterns match, each stat'ed, none opened. Confinement lives
// here: a file is only ever read by a later stage if this stage found it inside the workspace.
import * as fs from 'node:fs/promises'
import * as path from 'node:path'
import * as glob from '@actions/glob'
import type { Config } from '../inputs.js'
import { fileTypeOf } from './file-type.js'
import type { CollectedFile, Collection } from './collected-file.js'

type CollectSettings = Pick<Config, 'workspace' | 'patterns' | 'maxFileSize'>

export async function collect(config: CollectSettings): Promise<Collection> {
  const includes = config.patterns.filter((p) => !p.startsWith('!'))
  const excludes = config.patterns.filter((p) => p.startsWith('!'))
  const rooted = (p: string): string =>
    p.startsWith('!')
      ? '!' + rootPattern(config.workspace, p.slice(1))
      : rootPattern(config.workspace, p)

  const matched = new Set<string>()
  const counts = new Map<string, number>()
  for (const include of includes) {
    const found = await find([include, ...excludes].map(rooted))
    counts.set(include, found.length)
    for (const file of found) matched.add(file)
  }
  // An exclude's count is what it took away from the includes, so a stale `!` line shows as 0.
  if (excludes.length > 0) {
    const unfiltered = await find(includes.map(rooted))
    for (const exclude of excludes) {
      const kept = new Set(await find([...includes, exclude].map(rooted)))
      counts.set(exclude, unfiltered.filter((file) => !kept.has(file)).length)
    }
  }

  const realWorkspace = await fs.realpath(config.workspace)
  const realDirs = new Map<string, Promise<string>>()
  const realDir = (dir: string): Promise<string> => {
    let real = realDirs.get(dir)
    if (!real) {
      real = fs.realpath(dir).catch(() => dir)
      realDirs.set(dir, real)
    }
    return real
  }
  const files: CollectedFile[] = []
  for (const absolute of [...matched].sort()) {
    try {
      files.push(
        await describe(absolute, config.workspace, realWorkspace, realDir, config.maxFileSize),
      )
    } catch (error) {
      // Deleted or made unreadable between the glob and the stat: listed, never fatal.
      files.push({
        path: path.relative(config.workspace, absolute).split(path.sep).join('/'),
        type: fileTypeOf(absolute),
        absolutePath: absolute,
        bytes: 0,
        modified: new Date(),
        skip: `could not be inspected: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      })
    }
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  return {
    files,
    patterns: config.patterns.map((pattern) => ({ pattern, matched: counts.get(pattern) ?? 0 })),
  }
}

async function find(patterns: string[]): Promise<string[]> {
  // Links are not followed while walking: a link to a folder outside the workspace must not
  // pull that folder in. Each link found is judged on its own in `describe`.
  const globber = await glob.create(patterns.join('\n'), {
    followSymbolicLinks: false,
    matchDirectories: false,
    omitBrokenSymbolicLinks: false,
  })
  return globber.glob()
}

function rootPattern(workspace: string, pattern: string): string {
  return path.isAbsolute(pattern) ? pattern : path.join(workspace, pattern)
}

async function describe(
  absolute: string,
  workspace: string,
  realWorkspace: string,
  realDir: (dir: string) => Promise<string>,
  maxFileSize: number,
): Promise<CollectedFile> {
  const rel = path.relative(workspace, absolute).split(path.sep).join('/')
  const base = { path: rel, type: fileTypeOf(rel), absolutePath: absolute }
  let stats = await fs.lstat(absolute)
  const listed = (skip?: string): CollectedFile => ({
    ...base,
    bytes: stats.isFile() ? stats.size : 0,
    modified: stats.mtime,
    ...(skip ? { skip } : {}),
  })

  // Every file in a folder shares the folder's real path: resolved once per folder.
  if (isOutside(realWorkspace, await realDir(path.dirname(absolute)))) {
    // Reached through a linked folder that leads out: not even its size is reported.
    return { ...listed('inside a linked folder outside the workspace: not read'), bytes: 0 }
  }
  if (stats.isSymbolicLink()) {
    let target: string
    try {
      target = await fs.realpath(absolute)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      return listed(
        code === 'ELOOP'
          ? 'symlink loop: not followed'
          : 'broken symlink: its target does not exist',
      )
    }
    if (isOutside(realWorkspace, target))
      return listed('symlink to a path outside the workspace: not followed')
    stats = await fs.stat(target)
    if (stats.isDirectory()) return listed('symlink to a directory: not followed')
    base.absolutePath = target
  }
  if (!stats.isFile()) return listed(`not a regular file (${kindOf(stats)}): never opened`)
  if (stats.size > maxFileSize) {
    // A CSV is streamed, so for one the cap is a matter of time, not memory: say so.
    const hint =
      base.type === 'csv'
        ? '; a CSV is streamed, so a larger max-file-size costs time, not memory'
        : ''
    return listed(
      `larger than max-file-size (${stats.size} > ${maxFileSize} bytes): inventoried, not parsed${hint}`,
    )
  }
  return listed()
}

function isOutside(root: string, target: string): boolean {
  const rel = path.relative(root, target)
  return rel === '..' || rel.startsWith('..' + path.sep) || path.isAbsolute(rel)
}

function kindOf(stats: import('node:fs').Stats): string {
  if (stats.isFIFO()) return 'FIFO'
  if (stats.isSocket()) return 'socket'
  if (stats.isCharacterDevice()) return 'character device'
  if (stats.isBlockDevice()) return 'block device'
  if (stats.isDirectory()) return 'directory'
  return 'special file'
}
