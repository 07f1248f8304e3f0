/**
 * Server configuration: one object built from the environment by `main.ts`, or by tests
 * directly. Every variable is listed in README.md's configuration table.
 */
import { resolve } from 'node:path'
import { DEFAULT_MAX_CONNECTIONS_PER_PERSON, DEFAULT_MAX_STRUCTS_PER_UPDATE, type RateLimits } from './collab/rate-budget.ts'

export type StorageChoice = { kind: 'sqlite'; dataDir: string } | { kind: 'memory' } | { kind: 'postgres'; url: string }

export interface ServerConfig {
  host: string
  port: number
  storage: StorageChoice
  /** Browser origins allowed to open websockets; empty means "same host as the request". */
  publicOrigins: string[]
  /** Folder of the built client, or null to serve the API only. */
  clientDist: string | null
  maxFrameBytes: number
  compactAfterUpdates: number
  /** Seconds without a change after which an open draft keeps only its encoded state (PERF-5); 0 never. */
  idleDraftSeconds: number
  /** Days a deleted draft waits in the trash, restorable, before it is purged (DOC-3). */
  trashDays: number
  rateLimits: RateLimits
  logLevel: string
  /** `json` lines, `pretty` lines, or `auto`: pretty exactly when stdout is a terminal. */
  logFormat: 'json' | 'pretty' | 'auto'
  /** Redis for fan-out across instances, or null for a single instance. */
  redisUrl: string | null
  /** Limits of the worker threads that convert files ([CONV-15]). */
  convert: ConvertLimits
  /** Fastify's trustProxy: which proxies' X-Forwarded-For / -Proto / -Host to believe. */
  trustProxy: TrustProxy
  /** SMTP server for notification and invitation e-mails (NOTIFY-5), or null: the inbox only. */
  smtpUrl: string | null
  /** The From of those e-mails. */
  mailFrom: string
  /** Websocket ping interval and idle timeout (KEEP-1). */
  keepalive: KeepaliveConfig
  /** Drafts one person may create (new or imported) per hour on an instance (ABUSE-6). */
  draftsPerHour: number
  /** How often open websockets' sessions are read again from storage (REVOKE-2). */
  sessionRecheckMs: number
  /** Largest file the repository accepts, in bytes (FILES-2). */
  filesMaxBytes: number
}

/** Milliseconds between pings, and of silence (no frame, no pong) after which a websocket is closed. */
export interface KeepaliveConfig {
  pingMs: number
  idleMs: number
}

/** false (the default: believe no header), true (any proxy), a number of hops, or addresses/CIDRs. */
export type TrustProxy = boolean | number | string

export interface ConvertLimits {
  workers: number
  memoryMb: number
  timeoutMs: number
  /** The worker's entry file, for a bundled server; null uses @consenso/convert's own. */
  workerFile: string | null
}

export const DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024

export const DEFAULTS = {
  host: '127.0.0.1',
  port: 3000,
  dataDir: './data',
  maxFrameBytes: DEFAULT_MAX_FRAME_BYTES,
  compactAfterUpdates: 500,
  idleDraftSeconds: 10,
  trashDays: 30,
  logLevel: 'info',
  convertWorkers: 2,
  // A 50,000-paragraph Word file needs about 300 MB while it is read.
  convertMemoryMb: 512,
  convertTimeoutMs: 60_000,
  // Under the 60 s idle timeout of common proxies (nginx's proxy_read_timeout), so a quiet
  // draft's websocket is not cut by the proxy in front.
  wsPingSeconds: 25,
  // Two missed pings and some: a peer on a slow link is not closed for one late pong.
  wsIdleSeconds: 70,
  // Far above what a person creates by hand; a script creating drafts in a loop stops here.
  draftsPerHour: 60,
  // Only for what the fan-out cannot announce (a command-line disable without Redis).
  sessionRecheckSeconds: 10,
  mailFrom: 'Consenso <consenso@localhost>',
  // Reports and presentations with images fit; the bytes live in the database.
  filesMaxBytes: 25 * 1024 * 1024,
} as const

export function defaultRateLimits(maxFrameBytes: number): RateLimits {
  return {
    messageBurst: 2000,
    messagesPerSecond: 500,
    // One maximal frame must always fit, or a large offline resync could never pass.
    byteBurst: 2 * maxFrameBytes,
    bytesPerSecond: 4 * 1024 * 1024,
  }
}

export class ConfigError extends Error {}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max} (got ${JSON.stringify(raw)})`)
  }
  return value
}

/**
 * The folder a relative `DATA_DIR` (and the default `./data`) is taken from: the directory the
 * person ran the command in. Through pnpm that is INIT_CWD (pnpm runs `pnpm consenso` inside
 * server/ but `pnpm start` at the root; both set INIT_CWD to where the user typed); run
 * directly (`node server/dist/main.js`, systemd) it is the process's working directory.
 */
export function invocationDir(env: NodeJS.ProcessEnv): string {
  return env.INIT_CWD || process.cwd()
}

export function resolveDataDir(env: NodeJS.ProcessEnv): string {
  return resolve(invocationDir(env), env.DATA_DIR || DEFAULTS.dataDir)
}

/**
 * TRUST_PROXY: unset or `false`, nothing is believed (each request's address is the TCP peer);
 * `true`, every peer is a trusted proxy (only when nothing else can reach the port); a number,
 * that many proxies in front; otherwise a comma-separated list of proxy addresses or CIDR
 * ranges, e.g. `127.0.0.1` or `10.0.0.0/8,192.168.1.2`.
 */
export function parseTrustProxy(raw: string | undefined): TrustProxy {
  const value = (raw ?? '').trim()
  if (value === '' || value === 'false') return false
  if (value === 'true') return true
  if (/^\d+$/.test(value)) {
    const hops = Number(value)
    if (hops < 1 || hops > 10) throw new ConfigError(`TRUST_PROXY as a number counts proxies in front of the server, from 1 to 10 (got ${JSON.stringify(raw)})`)
    return hops
  }
  const entries = value.split(',').map((entry) => entry.trim())
  const address = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-fA-F:]*:[0-9a-fA-F:.]*)(\/\d{1,3})?$/
  const named = new Set(['loopback', 'linklocal', 'uniquelocal'])
  const bad = entries.filter((entry) => !address.test(entry) && !named.has(entry))
  if (bad.length > 0) {
    throw new ConfigError(
      `TRUST_PROXY must be true, false, a number of proxies, or proxy addresses/CIDR ranges separated by commas (e.g. 127.0.0.1 or 10.0.0.0/8); not ${JSON.stringify(bad.join(','))}`,
    )
  }
  return entries.join(',')
}

function parseLogFormat(raw: string | undefined): 'json' | 'pretty' | 'auto' {
  if (raw === undefined || raw === '') return 'auto'
  if (raw === 'json' || raw === 'pretty') return raw
  throw new ConfigError(`LOG_FORMAT must be "json" or "pretty" (unset: pretty on a terminal, JSON otherwise); got ${JSON.stringify(raw)}`)
}

export function configFromEnv(env: NodeJS.ProcessEnv, repoRoot: string): ServerConfig {
  const redisUrl = env.REDIS_URL || null
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) {
    throw new ConfigError(`REDIS_URL must start with redis:// or rediss:// (got ${JSON.stringify(redisUrl)})`)
  }
  const databaseUrl = env.DATABASE_URL || null
  if (databaseUrl !== null && env.STORAGE) {
    // Either would silently win over the other; an operator who set both meant one of them.
    throw new ConfigError(`DATABASE_URL selects Postgres, but STORAGE is also set (${JSON.stringify(env.STORAGE)}); unset one of them`)
  }
  if (databaseUrl !== null && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must be a postgres:// or postgresql:// URL, e.g. postgres://consenso:secret@db.example.org:5432/consenso')
  }
  const storageKind = env.STORAGE ?? 'sqlite'
  if (storageKind !== 'sqlite' && storageKind !== 'memory') {
    throw new ConfigError(`STORAGE must be "sqlite" or "memory" (got ${JSON.stringify(storageKind)}); set DATABASE_URL for Postgres`)
  }
  const maxFrameBytes = integer(env, 'MAX_FRAME_BYTES', DEFAULTS.maxFrameBytes, 64 * 1024, 256 * 1024 * 1024)
  return {
    host: env.HOST || DEFAULTS.host,
    port: integer(env, 'PORT', DEFAULTS.port, 0, 65535),
    storage:
      databaseUrl !== null
        ? { kind: 'postgres', url: databaseUrl }
        : storageKind === 'memory'
          ? { kind: 'memory' }
          : { kind: 'sqlite', dataDir: resolveDataDir(env) },
    publicOrigins: (env.PUBLIC_ORIGIN ?? '')
      .split(',')
      .map((origin) => origin.trim().replace(/\/$/, ''))
      .filter(Boolean),
    clientDist: resolve(repoRoot, 'client/dist'),
    maxFrameBytes,
    compactAfterUpdates: integer(env, 'COMPACT_AFTER_UPDATES', DEFAULTS.compactAfterUpdates, 2, 1_000_000),
    idleDraftSeconds: integer(env, 'IDLE_DRAFT_SECONDS', DEFAULTS.idleDraftSeconds, 0, 86_400),
    trashDays: integer(env, 'TRASH_DAYS', DEFAULTS.trashDays, 1, 3650),
    rateLimits: {
      ...defaultRateLimits(maxFrameBytes),
      maxConnectionsPerPerson: integer(env, 'MAX_CONNECTIONS_PER_PERSON', DEFAULT_MAX_CONNECTIONS_PER_PERSON, 1, 1_000_000),
      maxStructsPerUpdate: integer(env, 'MAX_STRUCTS_PER_UPDATE', DEFAULT_MAX_STRUCTS_PER_UPDATE, 1_000, 100_000_000),
    },
    draftsPerHour: integer(env, 'DRAFTS_PER_HOUR', DEFAULTS.draftsPerHour, 1, 1_000_000),
    sessionRecheckMs: integer(env, 'SESSION_RECHECK_SECONDS', DEFAULTS.sessionRecheckSeconds, 1, 3600) * 1000,
    filesMaxBytes: integer(env, 'FILES_MAX_BYTES', DEFAULTS.filesMaxBytes, 1024, 1024 * 1024 * 1024),
    logLevel: env.LOG_LEVEL || DEFAULTS.logLevel,
    logFormat: parseLogFormat(env.LOG_FORMAT),
    redisUrl,
    convert: {
      workers: integer(env, 'CONVERT_WORKERS', DEFAULTS.convertWorkers, 1, 64),
      memoryMb: integer(env, 'CONVERT_MEMORY_MB', DEFAULTS.convertMemoryMb, 64, 16_384),
      timeoutMs: integer(env, 'CONVERT_TIMEOUT_MS', DEFAULTS.convertTimeoutMs, 1000, 3_600_000),
      workerFile: env.CONVERT_WORKER_FILE ? resolve(env.CONVERT_WORKER_FILE) : null,
    },
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    keepalive: parseKeepalive(env),
    smtpUrl: parseSmtpUrl(env.SMTP_URL),
    mailFrom: env.MAIL_FROM || DEFAULTS.mailFrom,
  }
}

function parseSmtpUrl(raw: string | undefined): string | null {
  if (raw === undefined || raw === '') return null
  if (!/^smtps?:\/\/[^/]/.test(raw)) {
    throw new ConfigError('SMTP_URL must be an smtp:// or smtps:// URL, e.g. smtps://user:password@mail.example.org:465')
  }
  return raw
}

function parseKeepalive(env: NodeJS.ProcessEnv): KeepaliveConfig {
  const pingSeconds = integer(env, 'WS_PING_SECONDS', DEFAULTS.wsPingSeconds, 1, 3600)
  const idleSeconds = integer(env, 'WS_IDLE_SECONDS', DEFAULTS.wsIdleSeconds, 2, 86_400)
  // A timeout shorter than the ping interval would close healthy connections between pings.
  if (idleSeconds <= pingSeconds) {
    throw new ConfigError(`WS_IDLE_SECONDS (${idleSeconds}) must be longer than WS_PING_SECONDS (${pingSeconds}), or healthy connections are closed between two pings`)
  }
  return { pingMs: pingSeconds * 1000, idleMs: idleSeconds * 1000 }
}

/** Where the data lives, for log lines: the folder, or the Postgres URL without its password. */
export function describeStorage(choice: StorageChoice): string {
  switch (choice.kind) {
    case 'sqlite':
      return choice.dataDir
    case 'memory':
      return 'memory (nothing is kept)'
    case 'postgres': {
      try {
        const url = new URL(choice.url)
        if (url.password) url.password = '***'
        return `postgres ${url.toString()}`
      } catch {
        return 'postgres'
      }
    }
  }
}
