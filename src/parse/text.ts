// Turns a file's bytes into text, or says why it is not text. The parsers only ever see strings.

const SAMPLE = 8192

export type Decoded =
  { ok: true; text: string; warnings: string[] } | { ok: false; problem: string }

export function decode(bytes: Uint8Array): Decoded {
  if (looksBinary(bytes)) return { ok: false, problem: 'binary content, not text' }
  let body = bytes
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) body = body.subarray(3)
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(body), warnings: [] }
  } catch {
    // Old Windows tools still write Latin-1; every byte is a character there, so nothing is lost.
    return {
      ok: true,
      text: new TextDecoder('latin1').decode(body),
      warnings: ['not valid UTF-8: read as Latin-1'],
    }
  }
}

/** A NUL byte, or many control characters, in the first 8 KiB: what git and grep call binary. */
export function looksBinary(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, SAMPLE)
  let control = 0
  for (let i = 0; i < end; i++) {
    const b = bytes[i]!
    if (b === 0) return true
    if (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 12) control++
  }
  return end > 0 && control / end > 0.1
}
