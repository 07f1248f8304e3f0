/**
 * Import (Consenso only; the peers have no import): Word and Markdown files of 1,000, 5,000
 * and 25,000 paragraphs (tests/helpers/large-files.ts) sent to a real Consenso server, in
 * process, through its HTTP route. For each: the wall time of the request (file in, draft
 * stored, 201 out) and the server's event-loop delay meanwhile (Node's monitorEventLoopDelay,
 * 10 ms resolution): the conversion runs in a worker thread ([CONV-15]), so the loop should
 * stay free whatever the size. Time per 1,000 paragraphs shows whether growth is linear.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { buildApp } from '@consenso/server/app'
import { SqliteStorage } from '@consenso/server/storage'
import { longDocx, longMarkdown } from '../../helpers/large-files.ts'
import { setupAdmin } from '../../helpers/session.ts'
import { median } from '../lib/stats.ts'

export const IMPORT_SIZES = [1_000, 5_000, 25_000] as const
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'

export interface ImportRow {
  format: 'docx' | 'md'
  paragraphs: number
  bytes: number
  /** Median wall time of the import request. */
  wallMs: number
  msPer1000: number
  /** Worst and 99th-percentile event-loop delay during the imports of this size. */
  loopMaxMs: number
  loopP99Ms: number
}

export async function runImport(options: { reps: number; sizes?: readonly number[] }): Promise<ImportRow[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'consenso-bench-import-'))
  const app = await buildApp({ storage: new SqliteStorage(dataDir) })
  try {
    const url = await app.listen({ host: '127.0.0.1', port: 0 })
    const admin = await setupAdmin(url)
    const upload = async (bytes: Uint8Array, format: 'docx' | 'md'): Promise<void> => {
      const response = await fetch(`${url}/api/documents/import?format=${format}&filename=informe.${format}`, {
        method: 'POST',
        headers: { 'content-type': format === 'docx' ? DOCX : 'text/markdown; charset=utf-8', origin: url, cookie: admin.cookie },
        body: Buffer.from(bytes),
      })
      if (response.status !== 201) throw new Error(`import answered ${response.status}: ${await response.text()}`)
    }
    // The first job starts the worker (under tsx, compiling the converters): not part of any size.
    await upload(longMarkdown(10), 'md')
    const rows: ImportRow[] = []
    for (const paragraphs of options.sizes ?? IMPORT_SIZES) {
      for (const format of ['docx', 'md'] as const) {
        const bytes = format === 'docx' ? longDocx(paragraphs) : longMarkdown(paragraphs)
        const times: number[] = []
        const loop = monitorEventLoopDelay({ resolution: 10 })
        loop.enable()
        for (let rep = 0; rep < options.reps; rep++) {
          const started = performance.now()
          await upload(bytes, format)
          times.push(performance.now() - started)
        }
        loop.disable()
        const wallMs = median(times)
        rows.push({
          format,
          paragraphs,
          bytes: bytes.byteLength,
          wallMs,
          msPer1000: (wallMs / paragraphs) * 1000,
          loopMaxMs: loop.max / 1e6,
          loopP99Ms: loop.percentile(99) / 1e6,
        })
      }
    }
    return rows
  } finally {
    await app.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}
