/**
 * `pnpm start`: runs the built server (server/dist, bundled for plain Node) with the built
 * client (client/dist), building either first only when it is missing or older than one of
 * its inputs. Plain JavaScript on purpose: starting an up-to-date build needs neither tsx nor
 * any development dependency, only `node`.
 */
import { spawnSync } from 'node:child_process'
import { PARTS, repo, staleReason } from './staleness.mjs'

for (const part of PARTS) {
  const reason = staleReason(part)
  if (reason === null) continue
  console.log(`[${part.name}] building: ${reason}`)
  const built = spawnSync('pnpm', ['--silent', '--filter', `@consenso/${part.name}`, 'run', 'build'], {
    cwd: repo,
    stdio: 'inherit',
    // Vite keeps an inherited NODE_ENV; a production bundle must not be React's development one.
    env: { ...process.env, NODE_ENV: 'production' },
  })
  if (built.status !== 0) {
    console.error(`consenso: building the ${part.name} failed (see above); nothing was started`)
    process.exit(1)
  }
}

await import('../server/dist/main.js')
