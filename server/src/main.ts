/**
 * Starts a Consenso server from the environment (see the configuration table in README.md)
 * and stops it gracefully on SIGTERM/SIGINT: stop accepting, commit what was accepted, close
 * the sockets, close storage.
 */
import { fileURLToPath } from 'node:url'
import { buildApp } from './app.ts'
import { ConfigError, configFromEnv, describeStorage } from './config.ts'
import { openStorage } from './storage/open.ts'
import { checkDataDir, DataDirError, explainStorageError } from './storage/explain.ts'
import { loggerOptions } from './logging.ts'

const repoRoot = fileURLToPath(new URL('../../', import.meta.url))

async function main(): Promise<void> {
  let config
  try {
    config = configFromEnv(process.env, repoRoot)
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`consenso: ${error.message}`)
      process.exit(2)
    }
    throw error
  }
  let storage
  try {
    if (config.storage.kind === 'sqlite') checkDataDir(config.storage.dataDir)
    storage = await openStorage(config.storage)
  } catch (error) {
    // One line naming the place and the cause; a stack trace helps nobody here.
    const message = error instanceof DataDirError ? error.message : `cannot open storage (${describeStorage(config.storage)}): ${explainStorageError(error)}`
    console.error(`consenso: ${message}`)
    process.exit(1)
  }
  const app = await buildApp({
    storage,
    redisUrl: config.redisUrl,
    publicOrigins: config.publicOrigins,
    clientDist: config.clientDist,
    maxFrameBytes: config.maxFrameBytes,
    compactAfterUpdates: config.compactAfterUpdates,
    idleDraftSeconds: config.idleDraftSeconds,
    trashDays: config.trashDays,
    rateLimits: config.rateLimits,
    trustProxy: config.trustProxy,
    keepalive: config.keepalive,
    draftsPerHour: config.draftsPerHour,
    filesMaxBytes: config.filesMaxBytes,
    sessionRecheckMs: config.sessionRecheckMs,
    smtpUrl: config.smtpUrl,
    mailFrom: config.mailFrom,
    convert: config.convert,
    logger: loggerOptions(config.logLevel, config.logFormat === 'auto' ? (process.stdout.isTTY ? 'pretty' : 'json') : config.logFormat),
  })

  let stopping = false
  const stop = (signal: string): void => {
    if (stopping) return
    stopping = true
    app.log.info({ signal }, 'shutting down')
    const force = setTimeout(() => {
      app.log.error('shutdown took over 10 s; exiting')
      process.exit(1)
    }, 10_000)
    force.unref()
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        app.log.error({ err: error }, 'error while shutting down')
        process.exit(1)
      },
    )
  }
  process.on('SIGTERM', () => stop('SIGTERM'))
  process.on('SIGINT', () => stop('SIGINT'))

  const address = await app.listen({ host: config.host, port: config.port })
  const where = describeStorage(config.storage)
  // Tests and scripts read this line to find the port when PORT=0.
  console.log(`Consenso listening on ${address} — data: ${where}`)
}

main().catch((error: unknown) => {
  console.error('consenso: could not start:', error)
  process.exit(1)
})
