// Artifact sets of a given size (sizes are counted as the text grows: re-joining it each row
// made a 50 KB file cost seconds) for the benchmark: sweeps (CSV), run summaries (JSON), reports
// (Markdown) and logs, in the proportions a nightly benchmark job leaves them.
import * as fs from 'node:fs'
import * as path from 'node:path'

export function generateSet(root: string, files: number, bytesPerFile: number): number {
  let total = 0
  let seed = files
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed / 2147483648
  }
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
      const lines = ['model,quant,batch,run,tokens_per_sec,ttft_ms,total_ms,vram_mb,error']
      for (let r = 0, size = lines[0]!.length; size < bytesPerFile; r++) {
        const batch = [1, 4, 8, 16][r % 4]!
        const line = `gemma3:1b,q4_K_M,${batch},${r},${(20 * batch + random() * 5).toFixed(2)},${(200 + random() * 50).toFixed(1)},${(900 + random() * 100).toFixed(1)},${1200 + batch * 10},`
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
