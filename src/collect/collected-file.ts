import type { FileType } from '../report.js'

/** A file the patterns matched, as collect found it on disk; nothing has been read from it yet. */
export interface CollectedFile {
  /** Absolute path to open: the real file, after any symlink inside the workspace. */
  absolutePath: string
  /** Workspace-relative path as matched, with '/' separators. */
  path: string
  type: FileType
  bytes: number
  modified: Date
  /** Set when the file is listed but must not be opened, with the reason. */
  skip?: string
  /** The downloaded artifact it was extracted from. */
  artifact?: string
}

export interface Collection {
  files: CollectedFile[]
  patterns: { pattern: string; matched: number }[]
}
