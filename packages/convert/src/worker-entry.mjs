// The file a conversion worker thread starts from (ConversionPool's default). From the
// TypeScript sources (pnpm start, the tests) it loads worker.ts through tsx's loader, registered
// for this thread only; a build that compiles worker.ts to worker.js beside this file is used
// as it is. The built server (server/scripts/build.ts) bundles worker.ts as convert-worker.js and
// starts that instead (app.ts, entryPointUrl); CONVERT_WORKER_FILE overrides both.
import { existsSync } from 'node:fs'

const built = new URL('./worker.js', import.meta.url)
if (existsSync(built)) await import(built.href)
else {
  const { register } = await import('tsx/esm/api')
  const api = register({ namespace: 'consenso-convert-worker' })
  await api.import('./worker.ts', import.meta.url)
}
