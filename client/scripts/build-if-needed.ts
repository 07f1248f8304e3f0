/**
 * `pnpm start` serves client/dist; rebuilding on every start would cost ~10 s for nothing,
 * while serving a stale build after a `git pull` shows an old UI against a new server.
 * So: build only when the bundle is missing or older than any of its inputs.
 */
import { readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'

const clientDir = fileURLToPath(new URL('..', import.meta.url))
const repoDir = join(clientDir, '..')
const bundle = join(clientDir, 'dist', 'index.html')

const inputs = [
  join(clientDir, 'src'),
  join(clientDir, 'public'),
  join(clientDir, 'index.html'),
  join(clientDir, 'vite.config.ts'),
  join(clientDir, 'precompress.ts'),
  join(clientDir, 'package.json'),
  join(repoDir, 'packages', 'schema', 'src'),
  join(repoDir, 'packages', 'protocol', 'src'),
]

interface Newest {
  path: string
  mtimeMs: number
}

function newestFile(path: string, best: Newest | null): Newest | null {
  let stats
  try {
    stats = statSync(path)
  } catch {
    return best
  }
  if (stats.isDirectory()) {
    for (const entry of readdirSync(path)) {
      if (entry === 'node_modules' || entry.startsWith('.')) continue
      best = newestFile(join(path, entry), best)
    }
    return best
  }
  return best === null || stats.mtimeMs > best.mtimeMs ? { path, mtimeMs: stats.mtimeMs } : best
}

function bundleTime(): number | null {
  try {
    return statSync(bundle).mtimeMs
  } catch {
    return null
  }
}

const builtAt = bundleTime()
const newest = inputs.reduce<Newest | null>((best, input) => newestFile(input, best), null)
const show = (path: string): string => relative(repoDir, path)

let reason: string | null = null
if (builtAt === null) reason = `${show(bundle)} does not exist`
else if (newest && newest.mtimeMs > builtAt) reason = `${show(newest.path)} changed after the last build`

if (reason === null) {
  console.log(`[client] ${show(bundle)} is up to date; not rebuilding`)
} else {
  console.log(`[client] building the web client: ${reason}`)
  const started = Date.now()
  // Vite keeps an inherited NODE_ENV: run from vitest (NODE_ENV=test) it would bundle React's
  // development build, with its double effects and warnings, into what the server serves.
  process.env.NODE_ENV = 'production'
  await build({ configFile: join(clientDir, 'vite.config.ts'), root: clientDir, mode: 'production', logLevel: 'warn' })
  console.log(`[client] built ${show(bundle)} in ${((Date.now() - started) / 1000).toFixed(1)} s`)
}
