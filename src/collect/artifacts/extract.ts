// Extracts one downloaded artifact zip. The zip was uploaded by another job, so a pull request
// controls every byte of it: names, types, sizes and the data itself are hostile until checked.
// An entry that is merely unsafe (a path out of the folder, a link, a device, a duplicate) is
// skipped and reported, and the rest is still extracted; an archive that is a zip bomb, corrupt
// or too big stops as a whole, and then nothing of it is kept: a half-extracted bomb or a
// truncated file must never be read as benchmark data.
import * as fs from 'node:fs/promises'
import * as path from 'node:path'
import type { Readable } from 'node:stream'
import * as zlib from 'node:zlib'
import * as yauzl from 'yauzl'
import { bytes } from '../../render/format.js'

export interface ExtractLimits {
  /** Total bytes all entries may extract to; beyond this the archive is a zip bomb. */
  maxBytes: number
  /** Uncompressed ÷ compressed size of an entry above which it is a bomb (only judged for entries over 1 MiB uncompressed). */
  maxRatio: number
  /** Entries at most. */
  maxEntries: number
}

export interface Refusal {
  entry: string
  reason: string
}

export interface Extracted {
  /** Files written, as paths relative to `into`, '/'-separated, in archive order. */
  files: string[]
  bytes: number
  /** Entries not written, each with why (path leaves the folder, absolute path, a link, a device, a duplicate name...). */
  refused: Refusal[]
  /** Set when extraction stopped for the whole archive (a zip bomb, a corrupt archive, too many entries): then NOTHING of it is kept — `into` is removed — and files is []. */
  stopped?: string
}

/** Below this, a high ratio is just a small, repetitive file (a CSV of zeros), not a bomb. */
const RATIO_FLOOR = 1024 * 1024

const S_IFMT = 0o170000
const S_IFREG = 0o100000
const S_IFDIR = 0o040000
const S_IFLNK = 0o120000
const SPECIAL: Record<number, string> = {
  0o010000: 'a FIFO (named pipe)',
  0o020000: 'a character device',
  0o060000: 'a block device',
  0o140000: 'a socket',
}

/**
 * Write errors that come from the entry's name meeting what is already on disk (a file where a
 * folder should be, a name too long or not valid here): the archive's doing, so the entry is
 * refused. Anything else (a full disk, no permission) is our own failure and is thrown.
 */
const NAME_ERRORS = new Set(['EEXIST', 'ENOTDIR', 'EISDIR', 'ENAMETOOLONG', 'EINVAL', 'EILSEQ'])

/** Extraction of the whole archive stops: a zip bomb, a corrupt archive, too many entries. */
class Stop extends Error {}

/** Our own I/O failed (not the archive's fault): the caller hears of it as a rejection. */
class OwnFailure extends Error {
  constructor(readonly original: unknown) {
    super(messageOf(original))
  }
}

/**
 * Extracts `zipPath` into `into` (created if need be). `into` should be a folder for this archive
 * alone: when the archive is stopped, `into` is removed whole. Resolves for anything the archive
 * holds, however hostile; rejects only when our own I/O fails (`into` not creatable, the zip not
 * readable, the disk full), after removing what was extracted.
 */
export async function extractZip(
  zipPath: string,
  into: string,
  limits: ExtractLimits,
): Promise<Extracted> {
  const root = path.resolve(into)
  // Not creatable is our failure, not the archive's: let it throw before anything is opened.
  await fs.mkdir(root, { recursive: true, mode: 0o755 })

  const files: string[] = []
  const refused: Refusal[] = []
  let zipfile: yauzl.ZipFile | undefined
  let closed: Promise<void> = Promise.resolve()
  try {
    try {
      zipfile = await yauzl.openPromise(zipPath, {
        lazyEntries: true, // one entry at a time, only when we ask
        validateEntrySizes: true, // yauzl fails a stream that yields more than its declared size
        // yauzl's own name check (decodeStrings: true) fails the WHOLE archive at the first
        // `../x` or `/x`, and stops listing entries; we want to skip that entry and go on, so we
        // decode the names ourselves with yauzl's own decoder and judge them in `checkName`.
        decodeStrings: false,
        strictFileNames: false, // (only read when yauzl decodes; we pass our own choice below)
        autoClose: false, // we close it, once every stream of it is done
      })
    } catch (error) {
      throw classify(error, 'corrupt archive')
    }
    closed = closeEvent(zipfile)
    const total = await extractEntries(zipfile, root, limits, files, refused)
    return { files, bytes: total, refused }
  } catch (error) {
    if (zipfile) zipfile.close()
    await closed
    // Nothing of a stopped archive is kept, nor of one our own I/O failed on half-way.
    await fs.rm(root, { recursive: true, force: true })
    if (error instanceof Stop) return { files: [], bytes: 0, refused, stopped: error.message }
    throw error instanceof OwnFailure ? error.original : error
  } finally {
    // Every return path waits for the archive's file descriptor to really close.
    if (zipfile) zipfile.close()
    await closed
  }
}

async function extractEntries(
  zipfile: yauzl.ZipFile,
  root: string,
  limits: ExtractLimits,
  files: string[],
  refused: Refusal[],
): Promise<number> {
  // The count comes from the end-of-central-directory record and yauzl reads exactly that many
  // entries, so judging it up front is exact and costs nothing.
  if (zipfile.entryCount > limits.maxEntries) {
    throw new Stop(
      `too many entries: the archive lists ${zipfile.entryCount}, the limit is ${limits.maxEntries}`,
    )
  }
  const next = entryReader(zipfile)
  const seen = new Set<string>()
  const madeDirs = new Set<string>([''])
  let total = 0

  for (let entry = await next(); entry; entry = await next()) {
    // strictFileNames: true here only means "leave backslashes alone", so a refusal names the
    // entry exactly as the archive spells it; checkName does the `\` → `/` itself.
    const name = yauzl.getFileNameLowLevel(
      entry.generalPurposeBitFlag,
      entry.fileNameRaw,
      entry.extraFields,
      true,
    )
    const refuse = (reason: string): void => {
      refused.push({ entry: name, reason })
    }

    const checked = checkName(name)
    if ('reason' in checked) {
      refuse(checked.reason)
      continue
    }
    const kind = kindOf(entry, checked.folderName)
    if (kind !== 'file' && kind !== 'directory') {
      refuse(kind)
      continue
    }
    // Two entries for one path: different tools keep different ones, which is how a reviewed
    // file gets swapped for an unreviewed one. Keep the first; a refused first still counts.
    if (seen.has(checked.path)) {
      refuse('duplicate name: an earlier entry has the same path; the first is kept')
      continue
    }
    seen.add(checked.path)

    // Belt and braces: checkName already rules out escapes, but the resolved path is what the
    // file system will be handed, so it is checked too. `join`, never `resolve`: on Windows
    // resolve would read a segment like `D:x` as a jump to another drive.
    const target = path.join(root, ...checked.path.split('/'))
    const relative = path.relative(root, target)
    if (
      relative === '' ||
      relative === '..' ||
      relative.startsWith(`..${path.sep}`) ||
      path.isAbsolute(relative)
    ) {
      refuse('path leaves the folder')
      continue
    }

    const segments = checked.path.split('/')
    if (kind === 'directory') {
      const problem = await makeDirs(root, segments, madeDirs)
      if (problem) refuse(problem)
      continue
    }

    if (entry.isEncrypted()) {
      refuse('encrypted: it cannot be read without the password')
      continue
    }
    if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
      refuse(`compressed with method ${entry.compressionMethod}; only stored and deflate are read`)
      continue
    }

    // Judge the declared sizes before a byte is written: most bombs are honest about their size.
    if (total + entry.uncompressedSize > limits.maxBytes) {
      throw new Stop(
        `zip bomb: extracted size would pass the ${bytes(limits.maxBytes)} cap at "${name}" ` +
          `(${bytes(total)} extracted so far, this entry declares ${bytes(entry.uncompressedSize)})`,
      )
    }
    if (
      entry.uncompressedSize > RATIO_FLOOR &&
      entry.uncompressedSize / entry.compressedSize > limits.maxRatio
    ) {
      throw new Stop(
        `zip bomb: entry "${name}" expands more than ${limits.maxRatio}× ` +
          `(declares ${bytes(entry.uncompressedSize)} from ${bytes(entry.compressedSize)}, ` +
          `${ratio(entry.uncompressedSize, entry.compressedSize)}×)`,
      )
    }

    const parentProblem = await makeDirs(root, segments.slice(0, -1), madeDirs)
    if (parentProblem) {
      refuse(parentProblem)
      continue
    }
    const written = await writeEntry(zipfile, entry, name, target, limits, total)
    if (typeof written === 'string') {
      refuse(written)
      continue
    }
    total += written
    files.push(checked.path)
  }
  return total
}

/**
 * Streams one entry into a new file, counting as it goes: the declared sizes were judged
 * already, but they are the archive's word, so the real bytes are judged again as they arrive.
 * Returns the bytes written, or why the entry was refused before anything was read.
 */
async function writeEntry(
  zipfile: yauzl.ZipFile,
  entry: yauzl.Entry,
  name: string,
  target: string,
  limits: ExtractLimits,
  before: number,
): Promise<number | string> {
  let file: fs.FileHandle
  try {
    // 'wx': O_CREAT|O_EXCL never overwrites and never follows a link already at that path.
    // 0o644: nothing extracted is ever executable (and the umask can only take bits away).
    file = await fs.open(target, 'wx', 0o644)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code && NAME_ERRORS.has(code)) return `cannot be written here (${code}): ${hint(code)}`
    throw new OwnFailure(error)
  }
  try {
    let stream: Readable
    try {
      stream = await zipfile.openReadStreamPromise(entry)
    } catch (error) {
      throw classify(error, `corrupt archive at "${name}"`)
    }
    let count = 0
    let crc = 0
    try {
      // for await pulls one chunk at a time (never the whole entry), and leaving the loop by a
      // throw destroys the stream, which hands its hold on the zip's descriptor back to yauzl.
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        count += chunk.length
        if (before + count > limits.maxBytes) {
          throw new Stop(
            `zip bomb: extracted size passed the ${bytes(limits.maxBytes)} cap while extracting ` +
              `"${name}" (it declared ${bytes(entry.uncompressedSize)}, already gave ${bytes(count)})`,
          )
        }
        if (count > RATIO_FLOOR && count / entry.compressedSize > limits.maxRatio) {
          throw new Stop(
            `zip bomb: entry "${name}" expands more than ${limits.maxRatio}× ` +
              `(already ${bytes(count)} from ${bytes(entry.compressedSize)}, ` +
              `${ratio(count, entry.compressedSize)}×)`,
          )
        }
        crc = zlib.crc32(chunk, crc)
        await writeAll(file, chunk)
      }
    } catch (error) {
      if (error instanceof Stop || error instanceof OwnFailure) throw error
      const message = messageOf(error)
      // yauzl's words when validateEntrySizes catches more data than the headers declared.
      if (message.startsWith('too many bytes in the stream')) {
        throw new Stop(
          `zip bomb: entry "${name}" holds more than the ${bytes(entry.uncompressedSize)} ` +
            `it declares (${message})`,
        )
      }
      throw classify(error, `corrupt archive at "${name}"`)
    }
    // yauzl never checks CRC-32; a flipped byte in stored data would otherwise pass as data.
    if (crc >>> 0 !== entry.crc32 >>> 0) {
      throw new Stop(
        `corrupt archive at "${name}": CRC-32 is ${hex(crc)}, the archive says ${hex(entry.crc32)}`,
      )
    }
    return count
  } finally {
    await file.close()
  }
}

async function writeAll(file: fs.FileHandle, chunk: Buffer): Promise<void> {
  let offset = 0
  try {
    // A write may take fewer bytes than offered; loop until the chunk is all on disk.
    while (offset < chunk.length) {
      const { bytesWritten } = await file.write(chunk, offset, chunk.length - offset)
      offset += bytesWritten
    }
  } catch (error) {
    throw new OwnFailure(error)
  }
}

/**
 * Creates the folders of `segments` under root one at a time, never following a link: mkdir
 * with `recursive` would walk through a symlinked parent, this checks each existing part with
 * lstat. Returns why not, when a part of the path is already a file or a link.
 */
async function makeDirs(
  root: string,
  segments: string[],
  made: Set<string>,
): Promise<string | undefined> {
  for (let i = 1; i <= segments.length; i++) {
    const rel = segments.slice(0, i).join('/')
    if (made.has(rel)) continue
    const dir = path.join(root, ...segments.slice(0, i))
    try {
      await fs.mkdir(dir, { mode: 0o755 })
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'EEXIST') {
        const stat = await fs.lstat(dir).catch((e: unknown) => {
          throw new OwnFailure(e)
        })
        if (!stat.isDirectory()) {
          return `"${rel}" is already ${stat.isSymbolicLink() ? 'a link' : 'a file'}, not a folder`
        }
      } else if (code && NAME_ERRORS.has(code)) {
        return `folder "${rel}" cannot be made here (${code}): ${hint(code)}`
      } else {
        throw new OwnFailure(error)
      }
    }
    made.add(rel)
  }
  return undefined
}

type Checked = { path: string; folderName: boolean } | { reason: string }

/** Judges an entry's name alone; returns the '/'-separated path to write it at, or why not. */
function checkName(raw: string): Checked {
  // Zips made on Windows may use `\`; every later check must see the same separators.
  const name = raw.replace(/\\/g, '/')
  if (name === '') return { reason: 'empty name' }
  // C truncates at NUL: `a.csv\0.exe` means different files to different tools.
  if (name.includes('\0')) return { reason: 'name contains a NUL character' }
  // `/x`, `//server/share` (a UNC path once `\\` became `//`), `C:/x` and drive-relative `C:x`.
  if (name.startsWith('/') || /^[a-zA-Z]:/.test(name)) return { reason: 'absolute path' }
  const segments = name.split('/')
  // Windows drops trailing dots and spaces, so there `.. ` and `...` can mean `..` too.
  if (segments.some((s) => s === '..' || (s !== '.' && s !== '' && /^[. ]+$/.test(s)))) {
    return { reason: 'path leaves the folder (a ".." segment)' }
  }
  // `./a` and `a//b` are the same file as `a` and `a/b`: normalise so duplicates are seen.
  const kept = segments.filter((s) => s !== '' && s !== '.')
  if (kept.length === 0) return { reason: 'empty name' }
  return { path: kept.join('/'), folderName: name.endsWith('/') }
}

/** 'file', 'directory', or why the entry is neither. */
function kindOf(entry: yauzl.Entry, folderName: boolean): string {
  // The Unix mode sits in the high 16 bits. It is judged whatever system the archive claims to
  // be made on: other makers leave those bits 0, and refusing a stray link beats writing one.
  const mode = entry.externalFileAttributes >>> 16
  const type = mode & S_IFMT
  if (type === S_IFLNK) return 'a symbolic link: a link could point outside the folder'
  if (type === S_IFDIR) return 'directory'
  if (type !== 0 && type !== S_IFREG) {
    return SPECIAL[type] ?? `not a regular file or folder (mode 0o${mode.toString(8)})`
  }
  // With no type bits (or a plain file's), a trailing '/' is how zips mark a folder.
  return folderName ? 'directory' : 'file'
}

/** Resolves with each next entry, or undefined at the end; rejects on the archive's error. */
function entryReader(zipfile: yauzl.ZipFile): () => Promise<yauzl.Entry | undefined> {
  let waiting: { resolve: (e?: yauzl.Entry) => void; reject: (e: unknown) => void } | undefined
  let failed: unknown
  let ended = false
  const settle = (): typeof waiting => {
    const w = waiting
    waiting = undefined
    return w
  }
  zipfile.on('entry', (entry: yauzl.Entry) => settle()?.resolve(entry))
  zipfile.on('end', () => {
    ended = true
    settle()?.resolve(undefined)
  })
  // Always listening: an 'error' with no listener would crash the process. One that comes
  // while no entry is awaited (closing the descriptor failed) is kept for the next call.
  zipfile.on('error', (error: unknown) => {
    failed ??= error
    settle()?.reject(error)
  })
  return async () => {
    if (failed !== undefined) throw classify(failed, 'corrupt archive')
    if (ended) return undefined
    try {
      return await new Promise<yauzl.Entry | undefined>((resolve, reject) => {
        waiting = { resolve, reject }
        zipfile.readEntry()
      })
    } catch (error) {
      throw classify(error, 'corrupt archive')
    }
  }
}

/**
 * Resolves once yauzl has closed the zip's descriptor, which it does when the zipfile is closed
 * and every stream it opened has ended or been destroyed. The timer is a guard against a yauzl
 * path that keeps a reference forever: a leaked descriptor is better than a hung action.
 */
function closeEvent(zipfile: yauzl.ZipFile): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 5000)
    timer.unref()
    const done = (): void => {
      clearTimeout(timer)
      resolve()
    }
    zipfile.once('close', done)
    // Closing the descriptor failed: it will not close later either.
    zipfile.on('error', () => {
      if (!zipfile.isOpen) done()
    })
  })
}

/**
 * An error from a system call on our side (reading our own download, say) is ours to throw;
 * anything else yauzl or zlib says is the archive's fault and stops it.
 */
function classify(error: unknown, what: string): Error {
  if (error instanceof Stop || error instanceof OwnFailure) return error
  if (typeof error === 'object' && error !== null && 'syscall' in error) {
    return new OwnFailure(error)
  }
  return new Stop(`${what}: ${messageOf(error)}`)
}

/**
 * Duck-typed, not `instanceof Error`: errors from Node's own modules can come from another realm
 * (a vm context, as under Jest), where `instanceof` says no to a perfectly good Error.
 */
function messageOf(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'message' in error) {
    return String(error.message)
  }
  return String(error)
}

function hint(code: string): string {
  switch (code) {
    case 'EEXIST':
      return 'something by that name (perhaps differing only in case) is already there'
    case 'ENOTDIR':
      return 'a part of its path is a file'
    case 'EISDIR':
      return 'a folder by that name is already there'
    case 'ENAMETOOLONG':
      return 'the name is too long'
    default:
      return 'the name is not valid on this file system'
  }
}

function ratio(big: number, small: number): string {
  return small === 0 ? '∞' : Math.round(big / small).toString()
}

function hex(n: number): string {
  return `0x${(n >>> 0).toString(16).padStart(8, '0')}`
}
