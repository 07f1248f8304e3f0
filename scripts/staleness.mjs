/**
 * Whether a build (the bundled server, the built client) is older than one of its inputs.
 * Shared by `pnpm start` (scripts/start.mjs) and the client's build:if-needed (e2e tests,
 * pnpm start:dev), so both judge staleness from one list of inputs. Plain JavaScript: `pnpm
 * start` runs it on plain node. Judged by modification times, like make: a `git pull` touches
 * what it changes.
 */
import { readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

export const repo = fileURLToPath(new URL('..', import.meta.url))
const packages = readdirSync(join(repo, 'packages')).map((name) => join(repo, 'packages', name))

export const PARTS = [
  {
    name: 'server',
    output: join(repo, 'server/dist/main.js'),
    inputs: [
      join(repo, 'server/src'),
      join(repo, 'server/scripts'),
      join(repo, 'server/package.json'),
      join(repo, 'pnpm-lock.yaml'),
      ...packages.flatMap((dir) => [join(dir, 'src'), join(dir, 'package.json')]),
    ],
  },
  {
    name: 'client',
    output: join(repo, 'client/dist/index.html'),
    inputs: [
      join(repo, 'client/src'),
      join(repo, 'client/public'),
      join(repo, 'client/index.html'),
      join(repo, 'client/vite.config.ts'),
      join(repo, 'client/precompress.ts'),
      join(repo, 'client/package.json'),
      join(repo, 'pnpm-lock.yaml'),
      join(repo, 'packages/schema/src'),
      join(repo, 'packages/protocol/src'),
    ],
  },
]

/** The newest file under `path` (skipping node_modules and dot files), or `best`. */
function newest(path, best) {
  let stats
  try {
    stats = statSync(path)
  } catch {
    return best
  }
  if (stats.isDirectory()) {
    for (const entry of readdirSync(path)) {
      if (entry === 'node_modules' || entry === 'dist' || entry.startsWith('.')) continue
      best = newest(join(path, entry), best)
    }
    return best
  }
  return best === null || stats.mtimeMs > best.mtimeMs ? { path, mtimeMs: stats.mtimeMs } : best
}

/** Why `part` must be built, or null when its build is current. */
export function staleReason(part) {
  let builtAt
  try {
    builtAt = statSync(part.output).mtimeMs
  } catch {
    return `${relative(repo, part.output)} does not exist`
  }
  const latest = part.inputs.reduce((best, input) => newest(input, best), null)
  return latest && latest.mtimeMs > builtAt ? `${relative(repo, latest.path)} changed after the last build` : null
}
