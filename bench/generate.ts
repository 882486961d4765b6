// Artifact sets of a given size for the benchmark: sweeps (CSV), run summaries (JSON), reports
// (Markdown) and logs, in the proportions a nightly benchmark job leaves them; and one load
// test's CSV of any size, written a block at a time so that making it costs no memory.
import * as fs from 'node:fs'
import * as path from 'node:path'

function lcg(seed: number): () => number {
  return () => {
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed / 2147483648
  }
}

const SWEEP_HEADER = 'model,quant,batch,run,tokens_per_sec,ttft_ms,total_ms,vram_mb,error'

function sweepRow(r: number, random: () => number): string {
  const batch = [1, 4, 8, 16][r % 4]!
  // One run in 200 fails, as real sweeps do: its figures are zeros and it must be left out.
  if (r % 200 === 199) return `gemma3:1b,q4_K_M,${batch},${r},0,0,0,0,timeout`
  return `gemma3:1b,q4_K_M,${batch},${r},${(20 * batch + random() * 5).toFixed(2)},${(200 + random() * 50).toFixed(1)},${(900 + random() * 100).toFixed(1)},${1200 + batch * 10},`
}

export function generateSet(root: string, files: number, bytesPerFile: number): number {
  let total = 0
  const random = lcg(files)
  for (let i = 0; i < files; i++) {
    const kind = i % 20
    const dir = path.join(
      root,
      ['csv_data', 'reports', 'artifacts'][i % 3]!,
      `run_${Math.floor(i / 50)}`,
    )
    fs.mkdirSync(dir, { recursive: true })
    let file: string
    let body: string
    if (kind < 12) {
      file = path.join(dir, `sweep_${i}.csv`)
      const lines = [SWEEP_HEADER]
      // Sizes are counted as the text grows: re-joining it each row made a 50 KB file cost seconds.
      for (let r = 0, size = lines[0]!.length; size < bytesPerFile; r++) {
        const line = sweepRow(r, random)
        lines.push(line)
        size += line.length + 1
      }
      body = lines.join('\n') + '\n'
    } else if (kind < 17) {
      file = path.join(dir, `summary_${i}.json`)
      const records: object[] = []
      for (let size = 0; size < bytesPerFile;) {
        const record = {
          concurrency: 8,
          latency_ms: random() * 900,
          ttft_ms: random() * 200,
          status: 'ok',
        }
        records.push(record)
        size += JSON.stringify(record).length + 1
      }
      body = JSON.stringify({ gpu: 'NVIDIA L4', results: records })
    } else if (kind < 19) {
      file = path.join(dir, `report_${i}.md`)
      const rows = ['# Sweep', '', '| batch | tokens/s | TTFT (ms) |', '| ---: | ---: | ---: |']
      for (let size = 0; size < bytesPerFile;) {
        const row = `| ${[1, 8, 32][rows.length % 3]} | ${(random() * 100).toFixed(1)} | ${(random() * 300).toFixed(0)} |`
        rows.push(row)
        size += row.length + 1
      }
      body = rows.join('\n') + '\n'
    } else {
      file = path.join(dir, `job_${i}.log`)
      body = 'step ok\n'.repeat(Math.ceil(bytesPerFile / 8))
    }
    fs.writeFileSync(file, body)
    total += Buffer.byteLength(body)
  }
  return total
}

/** One CSV of about `bytes`, in the sweep's shape, written 1 MB at a time. */
export function generateBigCsv(file: string, bytes: number): number {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  const fd = fs.openSync(file, 'w')
  const random = lcg(7)
  let written = 0
  let block = SWEEP_HEADER + '\n'
  for (let r = 0; written + block.length < bytes; r++) {
    block += sweepRow(r, random) + '\n'
    if (block.length >= 1 << 20) {
      written += fs.writeSync(fd, block)
      block = ''
    }
  }
  written += fs.writeSync(fd, block)
  fs.closeSync(fd)
  return written
}
