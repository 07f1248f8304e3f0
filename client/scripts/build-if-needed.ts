/**
 * `pnpm start` serves client/dist; rebuilding on every start would cost ~10 s for nothing,
 * while serving a stale build after a `git pull` shows an old UI against a new server.
 * So: build only when the bundle is missing or older than any of its inputs.
 */
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'
// One list of inputs for this and `pnpm start` (scripts/start.mjs).
import { PARTS, staleReason } from '../../scripts/staleness.mjs'

const clientDir = fileURLToPath(new URL('..', import.meta.url))
const repoDir = join(clientDir, '..')
const client = PARTS.find((part) => part.name === 'client')!
const bundle = client.output
const show = (path: string): string => relative(repoDir, path)
const reason = staleReason(client)

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
