/**
 * Bundles the server for plain Node (`node server/dist/main.js`): one ES module per entry
 * point plus shared chunks, our workspace packages (which export TypeScript source) and most
 * npm dependencies inside. Without tsx the process starts in about half the time and memory.
 *
 * Entry points: add a file that must run on its own (a worker_threads script, say) to
 * ENTRY_POINTS, and find it at run time with `entryPointUrl(name, sourceUrl)` from
 * server/src/entry-points.ts; see CONTRIBUTING.md ("Production build").
 */
import { readFileSync, rmSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build, type Plugin } from 'esbuild'

const serverDir = fileURLToPath(new URL('..', import.meta.url))
const repoDir = join(serverDir, '..')
const outdir = join(serverDir, 'dist')

/** Output name → source file. */
export const ENTRY_POINTS: Record<string, string> = {
  main: join(serverDir, 'src/main.ts'),
  cli: join(serverDir, 'src/cli.ts'),
  // The conversion pool's worker thread (packages/convert, CONV-15): found by app.ts through
  // entryPointUrl('convert-worker', …) when the server runs built.
  'convert-worker': join(serverDir, '../packages/convert/src/worker.ts'),
}

/**
 * Left as ordinary imports, found in server/node_modules at run time: native addons
 * (better-sqlite3) and clients with optional native parts or large lazy trees (pg, ioredis),
 * which only load when their storage or fan-out is chosen.
 */
const EXTERNAL = ['better-sqlite3', 'pg', 'pg-native', 'ioredis']

/**
 * Our sources find files next to themselves through `import.meta.url` (server/package.json for
 * the version, the repository root for client/dist, a package's fonts through createRequire).
 * In a bundle every module would share the bundle's URL; keeping each source file's own URL
 * makes the built server read exactly what the source one reads.
 */
const sourceUrls: Plugin = {
  name: 'source-import-meta-url',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      if (args.path.includes(`${'/'}node_modules${'/'}`)) return undefined
      const source = readFileSync(args.path, 'utf8')
      if (!source.includes('import.meta.url')) return undefined
      const url = JSON.stringify(pathToFileURL(args.path).href)
      return { contents: source.replaceAll('import.meta.url', url), loader: 'ts', resolveDir: dirname(args.path) }
    })
  },
}

export async function buildServer(): Promise<void> {
  const started = Date.now()
  rmSync(outdir, { recursive: true, force: true })
  const result = await build({
    entryPoints: ENTRY_POINTS,
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: EXTERNAL,
    plugins: [sourceUrls],
    // CommonJS dependencies inside an ES module bundle still call require(); entry-points.ts
    // finds the other entry points next to this file (every output file sits in dist/).
    banner: {
      js: "import { createRequire as __consensoRequire } from 'node:module'; const require = __consensoRequire(import.meta.url); const __consensoBundleDir = new URL('.', import.meta.url);",
    },
    // Maps stay on the server's disk (node --enable-source-maps reads them); nothing serves them.
    sourcemap: 'linked',
    legalComments: 'linked',
    chunkNames: 'chunk-[hash]',
    metafile: true,
    logLevel: 'warning',
  })
  const bytes = Object.entries(result.metafile.outputs)
    .filter(([file]) => file.endsWith('.js'))
    .reduce((sum, [, output]) => sum + output.bytes, 0)
  console.log(`[server] bundled ${relative(repoDir, outdir)} (${(bytes / 1024 / 1024).toFixed(1)} MB of JavaScript) in ${((Date.now() - started) / 1000).toFixed(1)} s`)
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await buildServer()
