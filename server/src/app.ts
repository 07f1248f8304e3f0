/**
 * Builds the Fastify application from a configuration object. It never listens: main.ts
 * does, and tests listen on port 0.
 */
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import fastifyWebsocket from '@fastify/websocket'
import type { Storage } from './storage/storage.ts'
import { DocumentRegistry } from './collab/registry.ts'
import { endRefusedUpgrades } from './collab/upgrade-guard.ts'
import { ReopenWatcher } from './consensus/reopen.ts'
import { TranslationAligner } from './bilingual/aligner.ts'
import { bilingualRoutes } from './bilingual/routes.ts'
import type { RateLimits } from './collab/rate-budget.ts'
import { installErrorHandler } from './errors.ts'
import { healthRoutes } from './routes/health.ts'
import { documentRoutes } from './routes/documents.ts'
import { collabRoutes } from './routes/collab.ts'
import { consensusRoutes } from './routes/consensus.ts'
import { clientRoutes } from './routes/client.ts'
import { authRoutes } from './routes/auth.ts'
import { adminRoutes } from './routes/admin.ts'
import { directoryRoutes } from './routes/directory.ts'
import { reviewRoutes } from './routes/review.ts'
import { versionRoutes } from './routes/versions.ts'
import { historyRoutes } from './routes/history.ts'
import { plenaryRoutes } from './routes/plenary.ts'
import { partyGroupRoutes } from './routes/party-groups.ts'
import { practiceRoutes } from './routes/practices.ts'
import { convertRoutes } from './routes/convert.ts'
import { registerRoutes } from './routes/register.ts'
import { minutesReviewRoutes } from './routes/minutes-review.ts'
import { glossaryRoutes } from './routes/glossary.ts'
import { focalPointRoutes } from './routes/focal-points.ts'
import { authPlugin } from './auth/plugin.ts'
import { LoginThrottle, type ThrottleLimits } from './auth/login-throttle.ts'
import fastifyHelmet from '@fastify/helmet'
import type { Fanout } from './fanout/fanout.ts'
import { LocalFanout } from './fanout/local.ts'
import { RedisFanout } from './fanout/redis.ts'
import { isAllowedOrigin } from './origin.ts'
import { DEFAULTS, defaultRateLimits, type ConvertLimits, type KeepaliveConfig, type TrustProxy } from './config.ts'
import { Keepalive } from './collab/keepalive.ts'
import { SessionRecheck } from './collab/session-recheck.ts'
import { HourlyQuota } from './auth/hourly-quota.ts'
import type { StorageBackoffLimits } from './collab/storage-backoff.ts'
import { Metrics } from './metrics.ts'
import { ConversionPool, DEFAULT_WORKER_FILE } from '@consenso/convert'
import { entryPointUrl } from './entry-points.ts'
import { Notifier } from './notify/notifier.ts'
import { Mailer } from './notify/mailer.ts'
import { reopenedNotices } from './notify/notices.ts'
import { notificationRoutes } from './routes/notifications.ts'
import { agreementsDue } from './notify/agreements-due.ts'
import { silenceRoutes } from './routes/silence.ts'
import { questionnaireRoutes } from './routes/questionnaires.ts'
import { SearchIndexer } from './search/indexer.ts'
import { searchRoutes } from './routes/search.ts'

export interface AppOptions {
  storage: Storage
  /** Allowed browser origins for websockets; empty means same host as the request. */
  publicOrigins?: string[]
  clientDist?: string | null
  maxFrameBytes?: number
  compactAfterUpdates?: number
  /** Seconds without a change after which an open draft keeps only its encoded state (PERF-5); 0 never. */
  idleDraftSeconds?: number
  /** How long after a change a draft is read again into the search index (SEARCH-4); 1500 ms by default. */
  searchIndexDelayMs?: number
  /** Days a deleted draft stays restorable in the trash (DOC-3); 30 by default. */
  trashDays?: number
  rateLimits?: RateLimits
  logger?: FastifyServerOptions['logger']
  /** Failed sign-ins allowed per account and per address (tests lower them). */
  loginThrottle?: ThrottleLimits
  /** How instances share updates; a single instance by default. */
  fanout?: Fanout
  /** Redis for fan-out across instances (used when `fanout` is not given). */
  redisUrl?: string | null
  /** The clock of commits and checkpoints (tests move it forward). */
  now?: () => Date
  /** Which reverse proxies' X-Forwarded-* headers to believe (TRUST_PROXY); none by default. */
  trustProxy?: TrustProxy
  /** Websocket ping interval and idle timeout (KEEP-1); WS_PING_SECONDS / WS_IDLE_SECONDS's defaults otherwise. */
  keepalive?: KeepaliveConfig
  /** How often open websockets' sessions are read again from storage (REVOKE-2); 10 s by default. */
  sessionRecheckMs?: number
  /** Drafts one person may create per hour on this instance (ABUSE-6); 60 by default. */
  draftsPerHour?: number
  /** The wait told to clients closed by a storage failure, doubling up to a maximum (BACKOFF-1); 1 s to 60 s by default. */
  storageBackoff?: StorageBackoffLimits
  /** Limits of the conversion workers ([CONV-15]); the defaults of config.ts otherwise. */
  convert?: Partial<ConvertLimits>
  /** SMTP for notification and invitation e-mails (SMTP_URL); none: the inbox only (NOTIFY-5). */
  smtpUrl?: string | null
  mailFrom?: string
  /** How often the silence deadlines are checked (SILENCE-5), 1 s by default; 0: only at start and when asked. */
  silenceSweepMs?: number
  /** How often agreements coming due are looked for (NOTIFY-21), hourly by default; 0: only at start and when asked. */
  agreementDueCheckMs?: number
}

export interface ResolvedAppConfig {
  publicOrigins: string[]
  maxFrameBytes: number
  compactAfterUpdates: number
  rateLimits: RateLimits
}

declare module 'fastify' {
  interface FastifyInstance {
    storage: Storage
    collab: DocumentRegistry
    consensus: ReopenWatcher
    config: ResolvedAppConfig
    metrics: Metrics
    fanout: Fanout
    /** Worker threads for imports and exports: no conversion runs on the event loop. */
    conversions: ConversionPool
    /** Drafts created per person per hour (ABUSE-6). */
    draftQuota: HourlyQuota
    /** Makes notifications: inbox, live signal, e-mail (NOTIFY-*). */
    notifier: Notifier
    /** The SMTP mailer, or null without SMTP_URL. */
    mailer: Mailer | null
    /** Keeps the search index current (SEARCH-4). */
    searchIndex: SearchIndexer
  }
}

function listeningOrigin(app: FastifyInstance): string {
  const address = app.server.address()
  if (address === null || typeof address === 'string') return 'http://localhost'
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address
  return `http://${host}:${address.port}`
}

/** The nearest `hops` proxies are trusted (what Fastify does with a number, which its types omit). */
function trustHops(hops: number): (address: string, hop: number) => boolean {
  return (_address, hop) => hop < hops
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const maxFrameBytes = options.maxFrameBytes ?? DEFAULTS.maxFrameBytes
  const config: ResolvedAppConfig = {
    publicOrigins: options.publicOrigins ?? [],
    maxFrameBytes,
    compactAfterUpdates: options.compactAfterUpdates ?? DEFAULTS.compactAfterUpdates,
    rateLimits: options.rateLimits ?? defaultRateLimits(maxFrameBytes),
  }
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 1024 * 1024,
    // Behind a proxy, request.ip (the audit log, the per-address sign-in limit) is the
    // browser's address only if the proxy is trusted to say so.
    trustProxy: typeof options.trustProxy === 'number' ? trustHops(options.trustProxy) : (options.trustProxy ?? false),
    // Refuse unknown fields instead of silently dropping them: a typo must not pass unseen.
    ajv: { customOptions: { removeAdditional: false } },
  })
  app.decorate('storage', options.storage)
  app.decorate('draftQuota', new HourlyQuota(options.draftsPerHour ?? DEFAULTS.draftsPerHour))
  app.decorate('config', config)
  // Gauges read the registry when scraped; it exists by then.
  const metrics = new Metrics({ connections: () => app.collab.connectionCount, openDrafts: () => app.collab.size })
  app.decorate('metrics', metrics)
  const fanout = options.fanout ?? (options.redisUrl ? new RedisFanout(options.redisUrl, app.log) : new LocalFanout())
  app.decorate('fanout', fanout)
  app.decorate(
    'collab',
    new DocumentRegistry({
      storage: options.storage,
      metrics,
      compactAfterUpdates: config.compactAfterUpdates,
      storageBackoff: options.storageBackoff,
      idleDraftMs: (options.idleDraftSeconds ?? DEFAULTS.idleDraftSeconds) * 1000,
      now: options.now,
      log: app.log,
      fanout,
      onBodyCommitted: (documentId, writer) => {
        app.consensus.bodyCommitted(documentId, { id: writer.user.id, name: writer.user.name, delegation: writer.user.delegation })
        aligner.bodyCommitted(documentId)
        app.searchIndex.touchDraft(documentId)
      },
      onServerWrite: (key) => app.searchIndex.touchDraft(key.documentId),
      onWriteDenied: (conn, reason) => {
        metrics.refused('permission_denied')
        // Once per connection: a misbehaving client retrying must not flood the log.
        if (conn.deniedAudited) return
        conn.deniedAudited = true
        void app
          .audit(null, {
            action: 'write.denied',
            actorId: conn.user.id,
            actorDelegation: conn.user.delegation,
            documentId: conn.documentId,
            details: { channel: conn.channel, role: conn.role, reason },
          })
          .catch((error: unknown) => app.log.error({ err: error }, 'could not audit a denied write'))
      },
    }),
  )
  const aligner = new TranslationAligner(app.collab, app.log)
  app.decorate('searchIndex', new SearchIndexer({ storage: options.storage, registry: app.collab, log: app.log, delayMs: options.searchIndexDelayMs ?? 1500, now: options.now }))
  app.collab.onRegister(() => app.searchIndex.touchRegister())
  app.addHook('onReady', async () => {
    // In the background: a large workspace's first indexing must not hold the start.
    void app.searchIndex.catchUp().catch((error: unknown) => app.log.warn({ err: error }, 'search: could not index the drafts not indexed yet'))
  })
  const notifier = new Notifier({ storage: options.storage, registry: app.collab, log: app.log, now: options.now })
  app.decorate('notifier', notifier)
  const publicOrigin = config.publicOrigins[0] ?? null
  const mailer = options.smtpUrl
    ? new Mailer({
        smtpUrl: options.smtpUrl,
        from: options.mailFrom ?? DEFAULTS.mailFrom,
        // Without PUBLIC_ORIGIN, links point at the address the server listens on.
        origin: () => publicOrigin ?? listeningOrigin(app),
        storage: options.storage,
        log: app.log,
        now: options.now,
      })
    : null
  notifier.mailer = mailer
  app.decorate('mailer', mailer)
  app.decorate(
    'consensus',
    new ReopenWatcher(app.collab, app.log, options.now, (documentId, reopened, author) => {
      void reopenedNotices(app, documentId, reopened, author)
        .then((notices) => notices.forEach((notice) => notifier.later(notice)))
        .catch((error: unknown) => app.log.error({ err: error }, 'could not notify reopened paragraphs'))
    }),
  )
  const convert = options.convert ?? {}
  app.decorate(
    'conversions',
    new ConversionPool({
      workers: convert.workers ?? DEFAULTS.convertWorkers,
      memoryMb: convert.memoryMb ?? DEFAULTS.convertMemoryMb,
      timeoutMs: convert.timeoutMs ?? DEFAULTS.convertTimeoutMs,
      // Under tsx the package's own entry loads worker.ts; a built server has it bundled beside itself.
      workerFile: convert.workerFile ?? entryPointUrl('convert-worker', DEFAULT_WORKER_FILE),
    }),
  )
  installErrorHandler(app)
  await app.collab.start()

  // A strict policy: everything from our own origin, nothing inline but style attributes
  // (the editor positions carets and colours with them).
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        styleSrcAttr: ["'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    // The app is same-origin only; cross-origin isolation headers would add nothing.
    crossOriginEmbedderPolicy: false,
  })
  await app.register(authPlugin)

  // Commit what was accepted and say goodbye to clients before the sockets are torn down
  // (added before the websocket plugin, whose own preClose closes sockets without a code).
  app.addHook('preClose', async () => {
    await app.searchIndex.close()
    await app.collab.close()
  })

  await app.register(fastifyWebsocket, {
    options: {
      maxPayload: maxFrameBytes,
      // Browsers send Origin; a page on another site must not open a negotiating text.
      verifyClient: ({ origin, req }, callback) => {
        const allowed = isAllowedOrigin(origin, req.headers.host, config.publicOrigins)
        if (!allowed) app.log.warn({ origin }, 'websocket refused: origin not allowed')
        callback(allowed, 403, 'origin not allowed')
      },
    },
  })

  endRefusedUpgrades(app.server)

  const keepalive = new Keepalive({
    pingMs: options.keepalive?.pingMs ?? DEFAULTS.wsPingSeconds * 1000,
    idleMs: options.keepalive?.idleMs ?? DEFAULTS.wsIdleSeconds * 1000,
    connections: () => app.collab.allConnections(),
  })
  const sessionRecheck = new SessionRecheck({
    storage: options.storage,
    intervalMs: options.sessionRecheckMs ?? DEFAULTS.sessionRecheckSeconds * 1000,
    connections: () => app.collab.allConnections(),
    now: options.now,
    onError: (error) => app.log.error({ err: error }, 'could not read open connections\' sessions again'),
  })

  app.addHook('onClose', async () => {
    keepalive.stop()
    sessionRecheck.stop()
    await mailer?.close()
    metrics.close()
    await app.conversions.close()
    await options.storage.close()
  })

  mailer?.start()
  await app.register(healthRoutes)
  await app.register(authRoutes, {
    secureCookies: publicOrigin?.startsWith('https:') ?? false,
    throttle: new LoginThrottle(options.loginThrottle),
  })
  await app.register(adminRoutes, { publicOrigin })
  await app.register(directoryRoutes)
  await app.register(partyGroupRoutes)
  await app.register(documentRoutes, { trashDays: options.trashDays ?? DEFAULTS.trashDays, now: options.now })
  await app.register(reviewRoutes)
  await app.register(convertRoutes)
  await app.register(registerRoutes)
  await app.register(searchRoutes)
  await app.register(minutesReviewRoutes)
  await app.register(glossaryRoutes)
  await app.register(focalPointRoutes)
  await app.register(consensusRoutes)
  await app.register(bilingualRoutes)
  await app.register(versionRoutes, { now: options.now })
  await app.register(historyRoutes)
  await app.register(plenaryRoutes, { now: options.now })
  await app.register(notificationRoutes, { now: options.now })
  await app.register(agreementsDue, { now: options.now, everyMs: options.agreementDueCheckMs })
  await app.register(practiceRoutes, { now: options.now })
  await app.register(silenceRoutes, { now: options.now, sweepEveryMs: options.silenceSweepMs })
  await app.register(questionnaireRoutes, { now: options.now })
  await app.register(collabRoutes)
  await app.register(clientRoutes, { dist: options.clientDist ?? null })
  return app
}
