/**
 * The conversion limits ([CONV-13]–[CONV-15] in packages/convert/SPEC.md): hostile Word files
 * are refused with their reason, long ones are read whole, and the worker pool refuses a job
 * that breaks its memory or time limit and goes on serving the next one. The pool runs real
 * worker threads from the package's own entry file (through tsx, as under `pnpm start`).
 */
import { afterEach, describe, expect, it } from 'vitest'
import { ConversionLimitError, ConversionPool, ConvertError, importDocx, importMarkdown, runJob } from '@consenso/convert'
import { blocksOf, longDocx, longMarkdown, lyingZip, nestedContentControls, nestedTables, paragraphText, shortParagraphs } from '../helpers/large-files.ts'

function refusal(run: () => unknown): ConvertError {
  try {
    run()
  } catch (error) {
    if (error instanceof ConvertError) return error
    throw error
  }
  throw new Error('the file was accepted')
}

describe('[CONV-13][CONV-14] hostile Word files are refused with their reason', () => {
  it('[CONV-13] a zip whose headers say 1 KB but inflates to 80 MB stops at the cap as too large', () => {
    const error = refusal(() => importDocx(lyingZip(80)))
    expect(error.code).toBe('too_large')
    expect(error.message).toMatch(/expands to more text than a draft may hold/u)
  })
  it('[CONV-13] a zip whose compressed size lies (cut short) is damaged, not a crash', () => {
    const zip = lyingZip(1)
    // The central directory's compressed size of the main part, halved.
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength)
    for (let at = zip.byteLength - 22; at >= 0; at--) {
      if (view.getUint32(at, true) !== 0x02014b50) continue
      if (new TextDecoder().decode(zip.subarray(at + 46, at + 46 + view.getUint16(at + 28, true))) === 'word/document.xml') view.setUint32(at + 20, Math.floor(view.getUint32(at + 20, true) / 2), true)
    }
    expect(refusal(() => importDocx(zip)).code).toBe('corrupt')
  })
  it('[CONV-14] 100,000 nested content controls: 422-class refusal naming content controls', () => {
    const error = refusal(() => importDocx(nestedContentControls(100_000)))
    expect(error.code).toBe('unsupported')
    expect(error.message).toMatch(/nests content controls more than 200 levels deep/u)
  })
  it('[CONV-14] 3,000 nested tables: refusal naming tables', () => {
    const error = refusal(() => importDocx(nestedTables(3_000)))
    expect(error.code).toBe('unsupported')
    expect(error.message).toMatch(/nests tables more than 200 levels deep/u)
  })
  it('[CONV-14] a few nested tables and content controls are read, their text kept', () => {
    expect(JSON.stringify(importDocx(nestedTables(5)).doc)).toContain('centro')
    expect(JSON.stringify(importDocx(nestedContentControls(20)).doc)).toContain('centro')
  })
  it('[CONV-14] 25,000 short paragraphs (a 7 KB file) are a legitimate draft of 25,000 paragraphs', () => {
    const file = shortParagraphs(25_000)
    expect(file.byteLength).toBeLessThan(64 * 1024)
    expect(importDocx(file).doc.content).toHaveLength(25_000)
  }, 60_000)
  it('[CONV-14] a long body read in slices gives every paragraph in order', () => {
    const content = importDocx(longDocx(1_234)).doc.content!
    expect(content).toHaveLength(blocksOf(1_234))
    expect(JSON.stringify(content.at(-1))).toContain(paragraphText(1_233))
  })
  it('[CONV-14] Markdown nested too deeply is refused with its reason', () => {
    const error = refusal(() => importMarkdown('> '.repeat(5_000) + 'hondo'))
    expect(error.message).toMatch(/nested too deeply/u)
  })
})

describe('[CONV-15] the conversion pool: worker threads with memory and time limits', () => {
  const pools: ConversionPool[] = []
  afterEach(async () => {
    await Promise.all(pools.splice(0).map((pool) => pool.close()))
  })
  const pool = (options: Partial<ConstructorParameters<typeof ConversionPool>[0]> = {}) => {
    const created = new ConversionPool({ workers: 1, memoryMb: 512, timeoutMs: 60_000, ...options })
    pools.push(created)
    return created
  }
  const importJob = (bytes: Uint8Array, format: 'docx' | 'md' = 'docx') => ({ kind: 'import' as const, format, bytes, fallbackTitle: 'Largo' })

  it('gives the same draft as reading the file in process, and a refusal as data', async () => {
    const p = pool()
    const file = longDocx(300)
    const answer = await p.run(importJob(file))
    const local = await runJob(importJob(file))
    if (answer.kind !== 'import' || local.kind !== 'import') throw new Error(`unexpected ${answer.kind}`)
    expect(answer.draft.doc.content).toHaveLength(blocksOf(300))
    expect(answer.draft.title).toBe(local.draft.title)
    expect(await p.run(importJob(nestedTables(3_000)))).toMatchObject({ kind: 'refused', code: 'unsupported' })
  })
  it('a job over the memory limit is refused as such, and the next job runs in a fresh worker', async () => {
    // A generous clock: near its limit V8 collects hard, slowly on a loaded machine, and memory must be what stops it.
    const p = pool({ memoryMb: 64, timeoutMs: 600_000 })
    const error = await p.run(importJob(longDocx(50_000))).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ConversionLimitError)
    expect((error as ConversionLimitError).limit).toBe('memory')
    expect((error as Error).message).toMatch(/more than the 64 MB a conversion may use/u)
    const next = await p.run(importJob(longMarkdown(50), 'md'))
    expect(next.kind).toBe('import')
  }, 600_000)
  it('a job over the time limit is stopped and refused as such; the pool goes on', async () => {
    const p = pool({ timeoutMs: 300 })
    // Start the worker first: the clock counts the job, not the worker's start.
    await p.run(importJob(longMarkdown(10), 'md'))
    const error = await p.run(importJob(longDocx(50_000))).catch((e: unknown) => e)
    expect((error as ConversionLimitError).limit).toBe('time')
    expect((error as Error).message).toMatch(/took longer than/u)
    expect((await p.run(importJob(longMarkdown(10), 'md'))).kind).toBe('import')
  }, 60_000)
  it('a cancelled job is dropped and its worker stopped', async () => {
    const p = pool()
    const abort = new AbortController()
    const running = p.run(importJob(longDocx(20_000)), { signal: abort.signal })
    abort.abort()
    await expect(running).rejects.toMatchObject({ limit: 'closed' })
    expect((await p.run(importJob(longMarkdown(10), 'md'))).kind).toBe('import')
  })
  it('jobs beyond the queue are refused as busy', async () => {
    const p = pool({ maxQueue: 1 })
    const first = p.run(importJob(longMarkdown(2_000), 'md'))
    const second = p.run(importJob(longMarkdown(2_000), 'md')).catch((e: unknown) => e)
    await expect(second).resolves.toMatchObject({ limit: 'busy' })
    expect((await first).kind).toBe('import')
  })
})
