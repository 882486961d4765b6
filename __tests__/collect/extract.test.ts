// extractZip on real files: a downloaded artifact is written by a pull request, so these archives
// are the hostile ones no zip library would make (see fixtures/zip.ts). What matters is what
// lands on disk, what never lands anywhere else, and what the refusals and stops tell the user.
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  extractZip,
  type Extracted,
  type ExtractLimits,
} from '../../src/collect/artifacts/extract.js'
import { rng } from '../fixtures/random.js'
import { bomb, zip, type ZipEntry } from '../fixtures/zip.js'

const MiB = 1024 * 1024
const LIMITS: ExtractLimits = { maxBytes: 16 * MiB, maxRatio: 100, maxEntries: 100 }
const made: string[] = []

afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true })
})

interface Scene {
  /** The temp folder holding the archive and, two levels down, `into`. */
  parent: string
  zipPath: string
  into: string
}

/** archive.zip in a fresh temp folder; `into` is work/out, so `../..` would land in `parent`. */
function scene(archive: Buffer | ZipEntry[]): Scene {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'extract-'))
  made.push(parent)
  const zipPath = path.join(parent, 'archive.zip')
  fs.writeFileSync(zipPath, Buffer.isBuffer(archive) ? archive : zip(archive))
  return { parent, zipPath, into: path.join(parent, 'work', 'out') }
}

/** Every path under `dir`, '/'-separated and sorted: folders end in '/', links show their target. */
function tree(dir: string): string[] {
  const out: string[] = []
  const walk = (rel: string): void => {
    for (const name of fs.readdirSync(path.join(dir, rel))) {
      const child = rel === '' ? name : `${rel}/${name}`
      const stat = fs.lstatSync(path.join(dir, child))
      if (stat.isSymbolicLink()) out.push(`${child} -> ${fs.readlinkSync(path.join(dir, child))}`)
      else if (stat.isDirectory()) {
        out.push(`${child}/`)
        walk(child)
      } else out.push(child)
    }
  }
  walk('')
  return out.sort()
}

/** Seeded, so the "random" archive is the same on every run. */
function randomBytes(n: number): Buffer {
  const random = rng(7)
  return Buffer.from(Array.from({ length: n }, () => Math.floor(random() * 256)))
}

const read = (s: Scene, rel: string): string => fs.readFileSync(path.join(s.into, rel), 'utf8')

describe('a normal archive', () => {
  const entries: ZipEntry[] = [
    { name: 'results/', directory: true },
    { name: 'results/run-1/', directory: true },
    { name: 'results/run-1/tps.csv', data: 'model,tps\ngemma3,41.2\ngemma3,40.8\n' },
    { name: 'results/summary.json', data: '{"runs": 1, "name": "Résumé"}', method: 'store' },
    { name: 'results/empty/', directory: true },
    { name: 'results/bench.sh', data: '#!/bin/sh\necho hi\n', mode: 0o100755 },
  ]

  it('extracts exactly its files and folders, contents equal, in archive order', async () => {
    const s = scene(entries)
    const result = await extractZip(s.zipPath, s.into, LIMITS)

    expect(result).toEqual({
      files: ['results/run-1/tps.csv', 'results/summary.json', 'results/bench.sh'],
      bytes: 34 + Buffer.byteLength('{"runs": 1, "name": "Résumé"}') + 18,
      refused: [],
    })
    expect(tree(s.into)).toEqual([
      'results/',
      'results/bench.sh',
      'results/empty/',
      'results/run-1/',
      'results/run-1/tps.csv',
      'results/summary.json',
    ])
    expect(read(s, 'results/run-1/tps.csv')).toBe('model,tps\ngemma3,41.2\ngemma3,40.8\n')
    expect(read(s, 'results/summary.json')).toBe('{"runs": 1, "name": "Résumé"}')
    expect(read(s, 'results/bench.sh')).toBe('#!/bin/sh\necho hi\n')
  })

  it('never writes an executable file, whatever mode the archive asks for', async () => {
    const s = scene(entries)
    await extractZip(s.zipPath, s.into, LIMITS)
    const mode = fs.statSync(path.join(s.into, 'results/bench.sh')).mode
    expect(mode & 0o111).toBe(0)
  })

  it('makes the parent folders of files the archive lists without folder entries', async () => {
    const s = scene([{ name: 'deep/er/still/x.csv', data: 'a\n1\n' }])
    const result = await extractZip(s.zipPath, s.into, LIMITS)
    expect(result.files).toEqual(['deep/er/still/x.csv'])
    expect(tree(s.into)).toEqual(['deep/', 'deep/er/', 'deep/er/still/', 'deep/er/still/x.csv'])
  })
})

describe('hostile entries are refused, the good ones beside them extracted', () => {
  const s = scene([])
  const absolute = path.join(s.parent, 'absolute.csv')
  const archive: ZipEntry[] = [
    { name: 'good/first.csv', data: 'a\n1\n' },
    { name: '../escape.csv', data: 'ESCAPED' },
    { name: 'a/../../escape.csv', data: 'ESCAPED' },
    { name: '../../escape.csv', data: 'ESCAPED' },
    { name: absolute, data: 'ESCAPED' },
    { name: 'C:\\x.csv', data: 'ESCAPED' },
    { name: '\\\\server\\share\\x.csv', data: 'ESCAPED' },
    { name: '.. /dots.csv', data: 'ESCAPED' },
    { name: 'link.csv', data: '/etc/passwd', mode: 0o120777 },
    { name: 'up', data: '../..', mode: 0o120777 },
    { name: 'up/owned.csv', data: 'inside after all' },
    { name: 'tty', mode: 0o020644 },
    { name: 'pipe.csv', mode: 0o010644 },
    { name: '', data: 'nameless' },
    { name: 'nul\0.csv', data: 'x' },
    { name: 'good/second.csv', data: 'b\n2\n' },
  ]
  let result: Extracted

  beforeAll(async () => {
    fs.writeFileSync(s.zipPath, zip(archive))
    result = await extractZip(s.zipPath, s.into, LIMITS)
  })

  it('refuses each with a reason, naming the entry as the archive spells it', async () => {
    expect(result.refused).toEqual([
      { entry: '../escape.csv', reason: expect.stringMatching(/leaves the folder/) },
      { entry: 'a/../../escape.csv', reason: expect.stringMatching(/leaves the folder/) },
      { entry: '../../escape.csv', reason: expect.stringMatching(/leaves the folder/) },
      { entry: absolute, reason: 'absolute path' },
      { entry: 'C:\\x.csv', reason: 'absolute path' },
      { entry: '\\\\server\\share\\x.csv', reason: 'absolute path' },
      { entry: '.. /dots.csv', reason: expect.stringMatching(/leaves the folder/) },
      { entry: 'link.csv', reason: expect.stringMatching(/symbolic link/) },
      { entry: 'up', reason: expect.stringMatching(/symbolic link/) },
      { entry: 'tty', reason: 'a character device' },
      { entry: 'pipe.csv', reason: expect.stringMatching(/FIFO/) },
      { entry: '', reason: 'empty name' },
      { entry: 'nul\0.csv', reason: expect.stringMatching(/NUL/) },
    ])
  })

  it('extracts the good entries, and an entry under a refused link lands in a real folder', async () => {
    const { files, stopped } = result
    expect(stopped).toBeUndefined()
    expect(files).toEqual(['good/first.csv', 'up/owned.csv', 'good/second.csv'])
    expect(tree(s.into)).toEqual([
      'good/',
      'good/first.csv',
      'good/second.csv',
      'up/',
      'up/owned.csv',
    ])
    expect(read(s, 'up/owned.csv')).toBe('inside after all')
  })

  it('writes nothing outside `into`', () => {
    expect(tree(s.parent).filter((p) => p === 'work/out/' || !p.startsWith('work/out/'))).toEqual([
      'archive.zip',
      'work/',
      'work/out/',
    ])
    expect(fs.existsSync(absolute)).toBe(false)
  })
})

describe('names that meet on disk', () => {
  it('keeps the first of two entries with the same path, however it is spelt', async () => {
    const s = scene([
      { name: 'a.csv', data: 'first' },
      { name: 'a.csv', data: 'second' },
      { name: './a.csv', data: 'third' },
      { name: 'b//c.csv', data: 'fourth' },
      { name: 'b/c.csv', data: 'fifth' },
    ])
    const result = await extractZip(s.zipPath, s.into, LIMITS)
    expect(result.files).toEqual(['a.csv', 'b/c.csv'])
    expect(result.refused).toEqual([
      { entry: 'a.csv', reason: expect.stringMatching(/duplicate/) },
      { entry: './a.csv', reason: expect.stringMatching(/duplicate/) },
      { entry: 'b/c.csv', reason: expect.stringMatching(/duplicate/) },
    ])
    expect(read(s, 'a.csv')).toBe('first')
    expect(read(s, 'b/c.csv')).toBe('fourth')
  })

  it('refuses a file under a path that is already a file, and a file where a folder is', async () => {
    const s = scene([
      { name: 'x', data: 'a file' },
      { name: 'x/y.csv', data: 'under a file' },
      { name: 'd/z.csv', data: 'in d' },
      { name: 'd', data: 'a file over folder d' },
    ])
    const result = await extractZip(s.zipPath, s.into, LIMITS)
    expect(result.files).toEqual(['x', 'd/z.csv'])
    expect(result.refused).toEqual([
      { entry: 'x/y.csv', reason: expect.stringMatching(/"x" is already a file/) },
      { entry: 'd', reason: expect.stringMatching(/EEXIST/) },
    ])
    expect(read(s, 'x')).toBe('a file')
  })
})

describe('zip bombs stop the whole archive and keep nothing', () => {
  it('stops at an entry whose size would pass the cap, before writing it', async () => {
    const s = scene(bomb(64 * MiB))
    const result = await extractZip(s.zipPath, s.into, LIMITS)
    expect(result.files).toEqual([])
    expect(result.bytes).toBe(0)
    expect(result.stopped).toMatch(/^zip bomb: extracted size would pass the 16\.0 MB cap/)
    expect(result.stopped).toContain('"bomb.bin"')
    expect(result.stopped).toContain('declares 64.0 MB')
    expect(fs.existsSync(s.into)).toBe(false)
  })

  it('counts the total across entries, and removes the ones already extracted', async () => {
    const eight = Buffer.alloc(8 * MiB, 'x')
    const s = scene([
      { name: 'link', data: '/etc/passwd', mode: 0o120777 },
      { name: 'a.bin', data: eight },
      { name: 'b.bin', data: eight },
      { name: 'c.bin', data: eight },
    ])
    const limits = { ...LIMITS, maxRatio: 1e9 }
    const result = await extractZip(s.zipPath, s.into, limits)
    expect(result.stopped).toBe(
      'zip bomb: extracted size would pass the 16.0 MB cap at "c.bin" ' +
        '(16.0 MB extracted so far, this entry declares 8.0 MB)',
    )
    expect(result.files).toEqual([])
    // What was refused before the stop is still reported.
    expect(result.refused).toEqual([{ entry: 'link', reason: expect.stringMatching(/link/) }])
    expect(fs.existsSync(s.into)).toBe(false)
    expect(tree(s.parent)).toEqual(['archive.zip', 'work/'])
  })

  it('extracts up to the cap exactly', async () => {
    const s = scene([{ name: 'a.bin', data: Buffer.alloc(2 * MiB, 'x') }])
    const result = await extractZip(s.zipPath, s.into, {
      ...LIMITS,
      maxBytes: 2 * MiB,
      maxRatio: 1e9,
    })
    expect(result.stopped).toBeUndefined()
    expect(result.bytes).toBe(2 * MiB)
    expect(fs.statSync(path.join(s.into, 'a.bin')).size).toBe(2 * MiB)
  })

  it('stops at an entry that expands more than maxRatio, with the numbers', async () => {
    const s = scene([
      { name: 'ok.csv', data: 'a\n1\n' },
      { name: 'big.csv', data: Buffer.alloc(4 * MiB) },
    ])
    const result = await extractZip(s.zipPath, s.into, LIMITS)
    expect(result.stopped).toMatch(
      /^zip bomb: entry "big\.csv" expands more than 100× \(declares 4\.0 MB from [\d.]+ KB, \d{3,}×\)$/,
    )
    expect(result.files).toEqual([])
    expect(fs.existsSync(s.into)).toBe(false)
  })

  it('lets the same entry through under a looser ratio, and never judges entries of 1 MiB or less', async () => {
    const loose = scene([{ name: 'big.csv', data: Buffer.alloc(4 * MiB) }])
    expect(
      (await extractZip(loose.zipPath, loose.into, { ...LIMITS, maxRatio: 5000 })).files,
    ).toEqual(['big.csv'])
    const small = scene([{ name: 'zeros.csv', data: Buffer.alloc(MiB) }])
    const result = await extractZip(small.zipPath, small.into, LIMITS)
    expect(result.stopped).toBeUndefined()
    expect(fs.statSync(path.join(small.into, 'zeros.csv')).size).toBe(MiB)
  })

  it('catches an entry holding more than its declared size while streaming', async () => {
    // Declares 10 bytes (well inside every limit), holds 5 MiB.
    const s = scene([
      { name: 'ok.csv', data: 'a\n1\n' },
      { name: 'liar.csv', data: Buffer.alloc(5 * MiB), declaredSize: 10 },
    ])
    const result = await extractZip(s.zipPath, s.into, LIMITS)
    expect(result.stopped).toMatch(
      /^zip bomb: entry "liar\.csv" holds more than the 10 B it declares/,
    )
    expect(result.files).toEqual([])
    expect(fs.existsSync(s.into)).toBe(false)
  })
})

describe('a corrupt archive stops with a reason and does not throw', () => {
  const good: ZipEntry[] = [
    { name: 'a.csv', data: 'model,tps\ngemma3,41.2\n' },
    { name: 'b.csv', data: 'model,tps\nllama,12.5\n', method: 'store' },
  ]

  it.each([
    ['cut in half', (z: Buffer) => z.subarray(0, z.length >> 1)],
    ['random bytes', () => randomBytes(4096)],
    ['empty', () => Buffer.alloc(0)],
  ])('%s', async (_label, make) => {
    const s = scene(make(zip(good)))
    const result = await extractZip(s.zipPath, s.into, LIMITS)
    expect(result).toEqual({
      files: [],
      bytes: 0,
      refused: [],
      stopped: expect.stringMatching(/^corrupt archive: .*(not a zip file|truncated)/),
    })
    expect(fs.existsSync(s.into)).toBe(false)
  })

  it('a flipped byte in stored data fails the CRC, and the entries before it are removed', async () => {
    const bytes = zip(good)
    const dataOfB = bytes.indexOf('llama')
    bytes[dataOfB] = bytes[dataOfB]! ^ 0x20 // 'l' → 'L': same length, wrong CRC
    const s = scene(bytes)
    const result = await extractZip(s.zipPath, s.into, LIMITS)
    expect(result.stopped).toMatch(
      /^corrupt archive at "b\.csv": CRC-32 is 0x[0-9a-f]{8}, the archive says/,
    )
    expect(result.files).toEqual([])
    expect(fs.existsSync(s.into)).toBe(false)
  })

  it('garbled deflate data stops with zlib’s reason', async () => {
    const bytes = zip([{ name: 'c.csv', data: 'x'.repeat(1000) }])
    bytes.fill(0xff, 30 + 'c.csv'.length, 30 + 'c.csv'.length + 4)
    const s = scene(bytes)
    const result = await extractZip(s.zipPath, s.into, LIMITS)
    expect(result.stopped).toMatch(/^corrupt archive at "c\.csv": invalid/)
    expect(fs.existsSync(s.into)).toBe(false)
  })
})

describe('too many entries', () => {
  const five: ZipEntry[] = ['a', 'b', 'c', 'd', 'e'].map((n) => ({ name: `${n}.csv`, data: n }))

  it('stops an archive listing more than maxEntries before extracting any', async () => {
    const s = scene(five)
    const result = await extractZip(s.zipPath, s.into, { ...LIMITS, maxEntries: 3 })
    expect(result).toEqual({
      files: [],
      bytes: 0,
      refused: [],
      stopped: 'too many entries: the archive lists 5, the limit is 3',
    })
    expect(fs.existsSync(s.into)).toBe(false)
  })

  it('extracts an archive of exactly maxEntries', async () => {
    const s = scene(five)
    const result = await extractZip(s.zipPath, s.into, { ...LIMITS, maxEntries: 5 })
    expect(result.files).toEqual(['a.csv', 'b.csv', 'c.csv', 'd.csv', 'e.csv'])
  })
})

describe('our own failures', () => {
  it('rejects when `into` cannot be created', async () => {
    const s = scene([{ name: 'a.csv', data: 'a' }])
    const blocker = path.join(s.parent, 'a-file')
    fs.writeFileSync(blocker, 'in the way')
    await expect(extractZip(s.zipPath, path.join(blocker, 'out'), LIMITS)).rejects.toThrow(
      /ENOTDIR|EEXIST/,
    )
  })

  it('rejects when the zip itself is missing, and leaves no `into` behind', async () => {
    const s = scene([])
    await expect(extractZip(path.join(s.parent, 'nope.zip'), s.into, LIMITS)).rejects.toThrow(
      /ENOENT/,
    )
    expect(fs.existsSync(s.into)).toBe(false)
  })
})

// Linux shows a process's open descriptors in /proc; elsewhere this cannot be observed cheaply.
const procFd = fs.existsSync('/proc/self/fd') ? it : it.skip

describe('file handles', () => {
  const openOn = (file: string): number =>
    fs.readdirSync('/proc/self/fd').filter((fd) => {
      try {
        return fs.readlinkSync(`/proc/self/fd/${fd}`) === file
      } catch {
        return false // the descriptor readdir itself used, closed by now
      }
    }).length

  procFd('leaves no descriptor open on the zip after success, a stop, or corruption', async () => {
    const archives: Buffer[] = [
      zip([{ name: 'a.csv', data: 'a' }]),
      bomb(64 * MiB),
      zip([{ name: 'liar.csv', data: Buffer.alloc(5 * MiB), declaredSize: 10 }]),
      zip([{ name: 'a.csv', data: 'a' }]).subarray(0, 40),
    ]
    for (const archive of archives) {
      const s = scene(archive)
      await extractZip(s.zipPath, s.into, LIMITS)
      expect(openOn(s.zipPath)).toBe(0)
    }
  })
})
