import * as fs from 'node:fs/promises'
import * as path from 'node:path'
import { writeJsonFile } from './json-writer.js'

export interface ReportPaths {
  markdown: string
  json: string
}

export function reportPaths(reportDir: string): ReportPaths {
  return { markdown: path.join(reportDir, 'report.md'), json: path.join(reportDir, 'report.json') }
}

export async function writeMarkdown(paths: ReportPaths, markdown: string): Promise<void> {
  await fs.mkdir(path.dirname(paths.markdown), { recursive: true })
  await fs.writeFile(paths.markdown, markdown)
}

export async function writeJson(paths: ReportPaths, report: unknown): Promise<void> {
  await fs.mkdir(path.dirname(paths.json), { recursive: true })
  writeJsonFile(paths.json, report)
}
