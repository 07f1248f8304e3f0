/**
 * The production build as `pnpm start` serves it: the real client build (compressed copies,
 * no source maps, pages and languages in their own chunks) and the caching the server
 * announces for it ([OPS-2], [OPS-3]).
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureClientBuilt } from '../helpers/browser.ts'
import { startServer, type TestServer } from '../helpers/server.ts'

let server: TestServer
let dist: string

const STALE_MAP = 'stale-build.js.map'

beforeAll(async () => {
  dist = ensureClientBuilt()
  // A map an older build might have left: present when the server starts, it must still not be served.
  writeFileSync(join(dist, 'assets', STALE_MAP), '{"sources":["secret.ts"]}')
  server = await startServer({ clientDist: dist })
  // Building the client when its sources changed takes a minute on two busy cores.
}, 180_000)
afterAll(async () => {
  rmSync(join(dist, 'assets', STALE_MAP), { force: true })
  await server.close()
})

const IMMUTABLE = 'public, max-age=31536000, immutable'

function entryScript(html: string): string {
  const src = /<script type="module"[^>]*src="([^"]+)"/.exec(html)?.[1]
  if (!src) throw new Error(`no module script in index.html:\n${html}`)
  return src
}

describe('production build', () => {
  it('[OPS-2] hashed assets are sent pre-compressed and cached for a year; index.html is revalidated; no source maps are published', async () => {
    const page = await fetch(`${server.url}/`, { headers: { 'accept-encoding': 'br' } })
    expect(page.status).toBe(200)
    expect(page.headers.get('cache-control')).toBe('no-cache')
    const html = await page.text()
    const entry = entryScript(html)
    expect(entry).toMatch(/^\/assets\/index-[\w-]+\.js$/)

    // fetch decodes the body; ask with raw encodings through the headers and compare with the file.
    const onDisk = readFileSync(join(dist, entry))
    for (const [encoding, decode] of [
      ['br', brotliDecompressSync],
      ['gzip', gunzipSync],
    ] as const) {
      const response = await fetch(`${server.url}${entry}`, { headers: { 'accept-encoding': encoding } })
      expect(response.status).toBe(200)
      expect(response.headers.get('content-encoding')).toBe(encoding)
      expect(response.headers.get('cache-control')).toBe(IMMUTABLE)
      expect(response.headers.get('vary')).toMatch(/accept-encoding/i)
      expect(response.headers.get('content-type')).toMatch(/javascript/)
      // Node's fetch decompresses; the bytes read back equal the file, and the file's copy is smaller.
      expect(Buffer.from(await response.arrayBuffer()).equals(onDisk)).toBe(true)
      const copy = readFileSync(join(dist, `${entry}.${encoding === 'br' ? 'br' : 'gz'}`))
      expect(copy.length).toBeLessThan(onDisk.length / 2)
      expect(decode(copy).equals(onDisk)).toBe(true)
    }
    const plain = await fetch(`${server.url}${entry}`, { headers: { 'accept-encoding': 'identity' } })
    expect(plain.headers.get('content-encoding')).toBeNull()
    expect(plain.headers.get('cache-control')).toBe(IMMUTABLE)

    // A client route falls back to index.html, revalidated like it.
    const route = await fetch(`${server.url}/d/some-draft`)
    expect(route.status).toBe(200)
    expect(route.headers.get('cache-control')).toBe('no-cache')

    expect(readdirSync(join(dist, 'assets')).filter((name) => name.endsWith('.map') && name !== STALE_MAP)).toEqual([])
    // Even a map left by an older build is not served, and a vanished asset is a 404, not HTML.
    expect((await fetch(`${server.url}/assets/${STALE_MAP}`)).status).toBe(404)
    expect((await fetch(`${server.url}/assets/index-gone.js`)).status).toBe(404)
  })

  it('[OPS-3] the administration and register pages and each language are separate chunks, none loaded by the first page', () => {
    const html = readFileSync(join(dist, 'index.html'), 'utf8')
    const assets = readdirSync(join(dist, 'assets'))
    const chunk = (prefix: string): string => {
      const found = assets.find((name) => name.startsWith(`${prefix}-`) && name.endsWith('.js'))
      expect(found, `a ${prefix} chunk among ${assets.join(', ')}`).toBeDefined()
      return found!
    }
    const onDemand = ['AdminPage', 'RegisterPage', 'EditorPage', 'en', 'es'].map(chunk)

    // What the first page loads: the entry, the files index.html preloads, and what the entry imports statically.
    const entry = entryScript(html).replace('/assets/', '')
    const preloaded = [...html.matchAll(/href="\/assets\/([^"]+\.js)"/g)].map((m) => m[1]!)
    const entrySource = readFileSync(join(dist, 'assets', entry), 'utf8')
    // Minified static imports: `import{a as b}from"./x.js"` or `import"./x.js"` (dynamic ones have a parenthesis).
    const staticImports = [...entrySource.matchAll(/(?:from|import)\s*["']\.\/([^"']+\.js)["']/g)].map((m) => m[1]!)
    const firstLoad = new Set([entry, ...preloaded, ...staticImports])
    for (const name of onDemand) expect(firstLoad.has(name), `${name} in the first load`).toBe(false)
    // And the first load asks for them by name when needed (a boolean: the sources are megabytes).
    const firstSources = [...firstLoad].map((name) => readFileSync(join(dist, 'assets', name), 'utf8'))
    for (const name of onDemand) expect(firstSources.some((source) => source.includes(`./${name}`)), `${name} is imported on demand`).toBe(true)
    expect(existsSync(join(dist, 'index.html.br'))).toBe(true)
  })
})
