/**
 * Keystroke cost in real Chromium (Consenso only; issue 14): the main-thread time one
 * keystroke costs the page of the person typing, in a 10-paragraph and a 400-paragraph draft
 * with a second editor connected, beside a bare Tiptap editor (StarterKit + Collaboration,
 * nothing else; keystroke/bare.ts) on the same Yjs and the same Consenso websocket, measured
 * the same way in the same run.
 *
 * Main-thread time is Chromium's own account (CDP Performance.getMetrics), read before and
 * after typing 200 characters with 25 ms between keys and once the other editor has the text,
 * divided by 200. The headline is `ThreadTime`, the CPU time of the page's main thread: every
 * task (input handling, the browser's own text insertion, our plugins, React, style, layout,
 * paint, the websocket's messages). `TaskDuration`, the wall time of those tasks, is kept
 * beside it: on a shared machine it also counts the time the thread waited for a core, which
 * varied twofold between runs where the CPU time stayed within 10 %.
 *
 * Fairness: both pages run in the same browser with the same flags and viewport, type the
 * same text at the same place (the end of the middle paragraph), and only the typing page is
 * measured (each page has its own renderer process). The bare editor is a stock y-websocket
 * client and does not announce Consenso's protocol, so it is not sent the `saved`
 * acknowledgements it cannot read (it logged one console error per keystroke).
 *
 * BENCH_KEYSTROKE_PROFILE_DIR writes a V8 CPU profile of the typing (profile-summary.ts),
 * BENCH_KEYSTROKE_TRACE_DIR a Chromium trace (trace-summary.ts: style, layout, paint, input).
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { extname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type Page } from 'playwright-core'
import type { BenchServer } from '../lib/servers.ts'
import { median } from '../lib/stats.ts'

const keystrokeDir = fileURLToPath(new URL('../keystroke/', import.meta.url))
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))
const TYPED = 200
const KEY_DELAY_MS = 25
const WORDS = 'los puntos focales de la conferencia regional acuerdan promover la migración ordenada segura y regular '

export interface KeystrokeResult {
  paragraphs: number
  /** Main-thread CPU milliseconds per keystroke. */
  consensoMs: number
  bareMs: number
  ratio: number
  /** Main-thread task wall time per keystroke (waiting for a core included). */
  consensoWallMs: number
  bareWallMs: number
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

/** The main thread's counters that a keystroke moves (Chromium's CDP Performance metrics, in ms). */
export interface MainThread {
  /** Wall time of the main thread's tasks (includes time the thread waited for a CPU). */
  taskMs: number
  /** CPU time of the main thread. */
  cpuMs: number
  scriptMs: number
  styleMs: number
  layoutMs: number
}

/** Reads the page's main-thread counters so far; the metrics count from `Performance.enable`. */
async function mainThreadClock(page: Page): Promise<() => Promise<MainThread>> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Performance.enable')
  return async () => {
    const { metrics } = await cdp.send('Performance.getMetrics')
    const get = (name: string): number => (metrics.find((metric) => metric.name === name)?.value ?? 0) * 1000
    return { taskMs: get('TaskDuration'), cpuMs: get('ThreadTime'), scriptMs: get('ScriptDuration'), styleMs: get('RecalcStyleDuration'), layoutMs: get('LayoutDuration') }
  }
}

async function waitUntil(page: Page, predicate: string, arg: unknown, timeoutMs = 60_000): Promise<void> {
  await page.waitForFunction(predicate, arg, { timeout: timeoutMs, polling: 50 })
}

/** The text both editors must show once the 200 characters arrived. */
const editorTextJs = (handle: string) => `(() => { const e = ${handle}; return e ? e.getText() : '' })()`

export async function measure(browser: Browser, server: BenchServer, kind: 'consenso' | 'bare', paragraphs: number, bareDir: string): Promise<MainThread> {
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
    // The bare editor is a stock y-websocket client: it does not announce Consenso's protocol,
    // so the server sends it no `saved` acknowledgements (it would log each as an unknown
    // message, a console error per keystroke that Consenso's editor does not pay).
    const url = kind === 'bare' ? `${base}/__bench-bare/bare.html#${documentId}` : `${base}/d/${documentId}`
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
    const traceDir = process.env.BENCH_KEYSTROKE_TRACE_DIR
    if (traceDir) await browser.startTracing(typist, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel', 'v8.execute', 'blink.user_timing'] })
    const before = await mainThreadMs()
    await typist.keyboard.type(text, { delay: KEY_DELAY_MS })
    if (traceDir) {
      // BENCH_KEYSTROKE_TRACE_DIR=<folder>: a Chromium trace of the typing (style, layout, paint, scripts); trace-summary.ts reads it.
      writeFileSync(join(traceDir, `keystroke-${kind}-${paragraphs}.json`), await browser.stopTracing())
    }
    if (profiler && profileDir) {
      // BENCH_KEYSTROKE_PROFILE_DIR=<folder>: a CPU profile of the typing page (open it in Chromium's DevTools).
      const { profile } = await profiler.send('Profiler.stop')
      writeFileSync(join(profileDir, `keystroke-${kind}-${paragraphs}.cpuprofile`), JSON.stringify(profile))
    }
    await waitUntil(other, `${editorTextJs(handle)}.includes(${JSON.stringify(marker)})`, null)
    const after = await mainThreadMs()
    const per = (key: keyof MainThread): number => (after[key] - before[key]) / text.length
    return { taskMs: per('taskMs'), cpuMs: per('cpuMs'), scriptMs: per('scriptMs'), styleMs: per('styleMs'), layoutMs: per('layoutMs') }
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

/**
 * BENCH_KEYSTROKE_REPS (default 3) pairs per size, interleaved: each pair measures Consenso and
 * the bare editor back to back, the first of the two alternating from pair to pair, so a change
 * of machine load (up to eight other jobs on two cores) weighs on both alike. The figures
 * reported are the medians of each editor's times and the median of the pairs' ratios.
 */
export async function runKeystroke(server: BenchServer, paragraphCounts: readonly number[], bareDir: string): Promise<KeystrokeResult[]> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    // The bare page is served by request interception: without this, Chromium's local-network checks refuse its websocket to 127.0.0.1.
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-features=LocalNetworkAccessChecks'],
  })
  const pairs = Number(process.env.BENCH_KEYSTROKE_REPS ?? 3)
  if (!Number.isInteger(pairs) || pairs < 1) throw new Error('BENCH_KEYSTROKE_REPS must be a whole number ≥ 1')
  try {
    const samples = new Map<number, { consenso: MainThread; bare: MainThread }[]>(paragraphCounts.map((n) => [n, []]))
    for (let pair = 0; pair < pairs; pair++) {
      for (const paragraphs of paragraphCounts) {
        const order: ('consenso' | 'bare')[] = pair % 2 === 0 ? ['consenso', 'bare'] : ['bare', 'consenso']
        const got: Partial<Record<'consenso' | 'bare', MainThread>> = {}
        for (const kind of order) got[kind] = await measure(browser, server, kind, paragraphs, bareDir)
        const sample = { consenso: got.consenso!, bare: got.bare! }
        samples.get(paragraphs)!.push(sample)
        console.log(
          `  keystroke pair ${pair + 1}/${pairs}, ${paragraphs} paragraphs: Consenso ${sample.consenso.cpuMs.toFixed(2)} ms (script ${sample.consenso.scriptMs.toFixed(2)}, style ${sample.consenso.styleMs.toFixed(2)}, layout ${sample.consenso.layoutMs.toFixed(2)}), bare ${sample.bare.cpuMs.toFixed(2)} ms (script ${sample.bare.scriptMs.toFixed(2)}, style ${sample.bare.styleMs.toFixed(2)}, layout ${sample.bare.layoutMs.toFixed(2)}), ×${(sample.consenso.cpuMs / sample.bare.cpuMs).toFixed(2)}`,
        )
      }
    }
    return paragraphCounts.map((paragraphs) => {
      const runs = samples.get(paragraphs)!
      return {
        paragraphs,
        consensoMs: median(runs.map((r) => r.consenso.cpuMs)),
        bareMs: median(runs.map((r) => r.bare.cpuMs)),
        ratio: median(runs.map((r) => r.consenso.cpuMs / r.bare.cpuMs)),
        consensoWallMs: median(runs.map((r) => r.consenso.taskMs)),
        bareWallMs: median(runs.map((r) => r.bare.taskMs)),
      }
    })
  } finally {
    await browser.close()
  }
}
