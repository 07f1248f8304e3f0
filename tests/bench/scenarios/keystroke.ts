/**
 * Keystroke cost in real Chromium (Consenso only; issue 14): the main-thread time one
 * keystroke costs the page of the person typing, in a 10-paragraph and a 400-paragraph draft
 * with a second editor connected, beside a bare Tiptap editor (StarterKit + Collaboration,
 * nothing else; keystroke/bare.ts) on the same Yjs and the same Consenso websocket, measured
 * the same way in the same run.
 *
 * Main-thread time is Chromium's own account (CDP Performance.getMetrics `TaskDuration`: every
 * task of the page's main thread — input handling, our plugins, React, style, layout, paint
 * scheduling, the websocket's messages), read before and after typing 200 characters with
 * 25 ms between keys and once the other editor has the text, divided by 200.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { extname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type Page } from 'playwright-core'
import { PROTOCOL_QUERY_PARAM, PROTOCOL_VERSION } from '@consenso/protocol'
import type { BenchServer } from '../lib/servers.ts'

const keystrokeDir = fileURLToPath(new URL('../keystroke/', import.meta.url))
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))
const TYPED = 200
const KEY_DELAY_MS = 25
const WORDS = 'los puntos focales de la conferencia regional acuerdan promover la migración ordenada segura y regular '

export interface KeystrokeResult {
  paragraphs: number
  /** Main-thread milliseconds per keystroke. */
  consensoMs: number
  bareMs: number
  ratio: number
}

/** The bare editor, bundled once per run by Vite (the client's bundler). */
async function buildBare(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'consenso-bench-bare-'))
  const { build } = await import('vite')
  await build({ root: keystrokeDir, base: './', logLevel: 'warn', configFile: false, build: { outDir, emptyOutDir: true, rollupOptions: { input: join(keystrokeDir, 'bare.html') } } })
  return outDir
}

function paragraphsJSON(count: number, numbered: boolean): unknown {
  const content = Array.from({ length: count }, (_, i) => ({
    type: 'paragraph',
    ...(numbered ? { attrs: { kind: i < count / 3 ? 'preamble' : 'operative' } } : {}),
    content: [{ type: 'text', text: `${i + 1}. ${WORDS}${WORDS}`.trim() }],
  }))
  return { type: 'doc', content }
}

/** Reads the page's main-thread time so far (ms); the metrics count from `Performance.enable`. */
async function mainThreadClock(page: Page): Promise<() => Promise<number>> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Performance.enable')
  return async () => {
    const { metrics } = await cdp.send('Performance.getMetrics')
    return (metrics.find((metric) => metric.name === 'TaskDuration')?.value ?? 0) * 1000
  }
}

async function waitUntil(page: Page, predicate: string, arg: unknown, timeoutMs = 60_000): Promise<void> {
  await page.waitForFunction(predicate, arg, { timeout: timeoutMs, polling: 50 })
}

/** The text both editors must show once the 200 characters arrived. */
const editorTextJs = (handle: string) => `(() => { const e = ${handle}; return e ? e.getText() : '' })()`

async function measure(browser: Browser, server: BenchServer, kind: 'consenso' | 'bare', paragraphs: number, bareDir: string): Promise<number> {
  const base = `http://127.0.0.1:${server.port}`
  const documentId = await server.newDocument()
  const contexts = await Promise.all([0, 1].map(() => browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true })))
  const pages: Page[] = []
  try {
    for (const context of contexts) {
      const at = server.cookie.indexOf('=')
      const [name, value] = [server.cookie.slice(0, at), server.cookie.slice(at + 1)]
      await context.addCookies([{ name, value, url: base }])
      if (kind === 'bare') {
        await context.route(`${base}/__bench-bare/**`, async (route) => {
          const file = new URL(route.request().url()).pathname.replace('/__bench-bare/', '') || 'bare.html'
          const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' }
          await route.fulfill({ body: readFileSync(join(bareDir, file)), contentType: types[extname(file)] ?? 'application/octet-stream' })
        })
      }
      const page = await context.newPage()
      page.on('pageerror', (error) => console.error(`[keystroke ${kind}] page error: ${error.stack ?? error.message}`))
      page.on('console', (message) => {
        if (message.type() === 'error') console.error(`[keystroke ${kind}] console: ${message.text()}`)
      })
      page.setDefaultTimeout(60_000)
      pages.push(page)
    }
    const handle = kind === 'bare' ? 'window.benchEditor' : "document.querySelector('.ProseMirror')?.editor"
    const url = kind === 'bare' ? `${base}/__bench-bare/bare.html?${PROTOCOL_QUERY_PARAM}=${PROTOCOL_VERSION}#${documentId}` : `${base}/d/${documentId}`
    const [typist, other] = pages as [Page, Page]
    await typist.goto(url)
    await waitUntil(typist, `!!(${handle})`, null)
    await typist.evaluate(
      ([h, json]) => (new Function('json', `${h}.commands.setContent(json)`) as (json: unknown) => void)(json),
      [handle, paragraphsJSON(paragraphs, kind === 'consenso')] as const,
    )
    await other.goto(url)
    const lastWords = `${paragraphs}. ${WORDS}`.slice(0, 12)
    await waitUntil(other, `${editorTextJs(handle)}.includes(${JSON.stringify(lastWords)})`, null)

    // The caret at the end of the middle paragraph, as in the middle of a negotiation.
    await typist.evaluate(
      ([h, index]) =>
        (new Function('index', `const e = ${h}; let pos = 0, n = 0; e.state.doc.forEach((node, offset) => { if (n++ === index) pos = offset + node.nodeSize - 1 }); e.commands.focus(); e.commands.setTextSelection(pos)`) as (i: number) => void)(index),
      [handle, Math.floor(paragraphs / 2)] as const,
    )
    await typist.keyboard.type('calentamiento ', { delay: KEY_DELAY_MS })
    const marker = 'fin-de-prueba'
    const text = `${'negociamos el texto '.repeat(20)}`.slice(0, TYPED - marker.length) + marker
    const mainThreadMs = await mainThreadClock(typist)
    const profileDir = process.env.BENCH_KEYSTROKE_PROFILE_DIR
    const profiler = profileDir ? await typist.context().newCDPSession(typist) : null
    if (profiler) {
      await profiler.send('Profiler.enable')
      await profiler.send('Profiler.start')
    }
    const before = await mainThreadMs()
    await typist.keyboard.type(text, { delay: KEY_DELAY_MS })
    if (profiler && profileDir) {
      // BENCH_KEYSTROKE_PROFILE_DIR=<folder>: a CPU profile of the typing page (open it in Chromium's DevTools).
      const { profile } = await profiler.send('Profiler.stop')
      writeFileSync(join(profileDir, `keystroke-${kind}-${paragraphs}.cpuprofile`), JSON.stringify(profile))
    }
    await waitUntil(other, `${editorTextJs(handle)}.includes(${JSON.stringify(marker)})`, null)
    const after = await mainThreadMs()
    return (after - before) / text.length
  } catch (error) {
    for (const [i, page] of pages.entries()) await page.screenshot({ path: join(tmpdir(), `bench-keystroke-${kind}-${paragraphs}-${i}.png`) }).catch(() => {})
    throw error
  } finally {
    for (const context of contexts) await context.close()
  }
}

/**
 * Builds Consenso's client (if its sources changed) and the bare editor: before the server
 * starts, which reads the client's files when it starts. Returns the bare editor's folder.
 */
export async function prepareKeystroke(): Promise<string> {
  const built = spawnSync('pnpm', ['--silent', '--filter', '@consenso/client', 'run', 'build:if-needed'], { cwd: repoRoot, encoding: 'utf8' })
  if (built.status !== 0) throw new Error(`client build failed:\n${built.stdout}\n${built.stderr}`)
  return buildBare()
}

export async function runKeystroke(server: BenchServer, paragraphCounts: readonly number[], bareDir: string): Promise<KeystrokeResult[]> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    // The bare page is served by request interception: without this, Chromium's local-network checks refuse its websocket to 127.0.0.1.
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-features=LocalNetworkAccessChecks'],
  })
  try {
    const results: KeystrokeResult[] = []
    for (const paragraphs of paragraphCounts) {
      // Alternated, so a change of machine load weighs on both alike.
      const consensoMs = await measure(browser, server, 'consenso', paragraphs, bareDir)
      const bareMs = await measure(browser, server, 'bare', paragraphs, bareDir)
      results.push({ paragraphs, consensoMs, bareMs, ratio: consensoMs / bareMs })
    }
    return results
  } finally {
    await browser.close()
  }
}
