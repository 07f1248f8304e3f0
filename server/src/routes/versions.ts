/**
 * Named versions and checkpoints of a draft ([VERSION-*] in server/SPEC.md). Everyone who may
 * read the draft lists, opens and compares versions; owners save and restore them. Hourly
 * checkpoints are taken by a sweep that runs while the server does.
 */
import { draftNotice } from '../notify/notices.ts'
import { authorOfUser } from '../notify/recipients.ts'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import {
  CompareVersionsQuery,
  CreateVersionRequest,
  CURRENT_VERSION,
  VersionParams,
  type Author,
  type RestoreVersionResponse,
  type VersionContentResponse,
  type VersionSummary,
  type VersionsResponse,
} from '@consenso/protocol'
import { compareVersions, reviewStateFromDoc, type ComparableVersion, type CompareVersionsResponse } from '@consenso/schema'
import { sendError } from '../errors.ts'
import { VersionService, reviewOf, summaryOf } from '../versions/service.ts'
import { draftAccess } from './draft-access.ts'

type Params = { id: string; versionId?: string }

declare module 'fastify' {
  interface FastifyInstance {
    versions: VersionService
  }
}

export interface VersionRoutesOptions {
  /** How often the hourly-checkpoint sweep looks at the drafts; 0 turns it off. */
  sweepEveryMs?: number
  /** The clock of versions and checkpoints. */
  now?: () => Date
}

/** Five minutes: a checkpoint is at most this late after its hour of activity. */
const SWEEP_EVERY_MS = 5 * 60 * 1000

export const versionRoutes = fp(
  async (app: FastifyInstance, options: VersionRoutesOptions) => {
    const service = new VersionService(app.storage, app.collab, app.log, options.now)
    app.decorate('versions', service)
    const access = draftAccess(app)

    const sweepEvery = options.sweepEveryMs ?? SWEEP_EVERY_MS
    if (sweepEvery > 0) {
      let running = false
      const timer = setInterval(() => {
        if (running) return
        running = true
        service
          .sweep()
          .catch((error: unknown) => app.log.error({ err: error }, 'checkpoint sweep failed'))
          .finally(() => {
            running = false
          })
      }, sweepEvery)
      timer.unref()
      app.addHook('preClose', async () => clearInterval(timer))
    }

    app.get<{ Params: Params }>('/api/documents/:id/versions', async (request, reply): Promise<VersionsResponse | undefined> => {
      if (!(await access(request, reply, 'read'))) return
      const people = new Map<string, Author | null>()
      const all: VersionSummary[] = []
      for (const record of await app.storage.versions.listVersions(request.params.id)) all.push(await summaryOf(app.storage, record, people))
      return { named: all.filter((v) => v.kind === 'named'), checkpoints: all.filter((v) => v.kind === 'checkpoint') }
    })

    app.post<{ Params: Params; Body: CreateVersionRequest }>('/api/documents/:id/versions', { schema: { body: CreateVersionRequest } }, async (request, reply) => {
      const caller = await access(request, reply, 'manage')
      if (!caller) return
      const name = request.body.name.trim()
      if (!name) return sendError(reply, 400, 'invalid_request', 'A version needs a name, such as "Rev.1".')
      const record = await service.capture(request.params.id, {
        kind: 'named',
        name,
        note: (request.body.note ?? '').trim(),
        reason: null,
        restoring: null,
        createdBy: caller.user.id,
      })
      await app.audit(request, { action: 'version.created', documentId: record.documentId, target: record.id, details: { name: record.name } })
      app.notifier.later(draftNotice(app, 'version_saved', record.documentId, authorOfUser(caller.user), { versionName: record.name }))
      return reply.code(201).send(await summaryOf(app.storage, record))
    })

    /**
     * Who changed which paragraph between two versions (AUTHOR-3): the authorship records
     * stored between their times (`current` is now), each person once per paragraph.
     */
    const authorsBetween = async (documentId: string, a: VersionSummary | null, b: VersionSummary | null): Promise<CompareVersionsResponse['authors']> => {
      const now = (options.now?.() ?? new Date()).toISOString()
      const [since, until] = [a?.createdAt ?? now, b?.createdAt ?? now].sort() as [string, string]
      const names = new Map<string, string>()
      const authors: CompareVersionsResponse['authors'] = {}
      for (const record of await app.storage.listAuthorship(documentId, { since, until })) {
        if (!names.has(record.userId)) names.set(record.userId, (await app.storage.accounts.getUser(record.userId))?.name ?? record.userId)
        const list = (authors[record.paragraphId] ??= [])
        const name = names.get(record.userId)!
        if (!list.some((p) => p.name === name && p.delegation === record.delegation)) list.push({ name, delegation: record.delegation })
      }
      return authors
    }

    // Registered before `/:versionId` so "compare" is never read as a version id.
    app.get<{ Params: Params; Querystring: CompareVersionsQuery }>(
      '/api/documents/:id/versions/compare',
      { schema: { querystring: CompareVersionsQuery } },
      async (request, reply): Promise<CompareVersionsResponse | undefined> => {
        if (!(await access(request, reply, 'read'))) return
        const documentId = request.params.id
        const sides: { summary: VersionSummary | null; version: ComparableVersion }[] = []
        for (const which of [request.query.from, request.query.to]) {
          if (which === CURRENT_VERSION) {
            sides.push({ summary: null, version: await service.current(documentId) })
            continue
          }
          const record = await app.storage.versions.getVersion(documentId, which)
          const opened = record && (await service.open(documentId, which))
          if (!record || !opened) return sendError(reply, 404, 'not_found', `This draft has no version ${which}.`)
          sides.push({ summary: await summaryOf(app.storage, record), version: { body: opened.body, review: reviewStateFromDoc(opened.meta) } })
          opened.meta.destroy()
        }
        const [from, to] = sides as [(typeof sides)[0], (typeof sides)[0]]
        // Pending suggestions are left aside unless asked for (COMPARE-12, VERSION-*).
        const suggestions = request.query.suggestions ?? 'aside'
        return { from: from.summary, to: to.summary, comparison: compareVersions(from.version, to.version, { suggestions }), suggestions, authors: await authorsBetween(documentId, from.summary, to.summary) }
      },
    )

    app.get<{ Params: Params }>(
      '/api/documents/:id/versions/:versionId',
      { schema: { params: VersionParams } },
      async (request, reply): Promise<VersionContentResponse | undefined> => {
        if (!(await access(request, reply, 'read'))) return
        const { id, versionId: which = '' } = request.params
        const record = await app.storage.versions.getVersion(id, which)
        const opened = record && (await service.open(id, which))
        if (!record || !opened) return sendError(reply, 404, 'not_found', 'This draft has no such version.')
        const review = reviewOf(opened.meta)
        opened.meta.destroy()
        return { version: await summaryOf(app.storage, record), body: opened.body, review }
      },
    )

    app.post<{ Params: Params }>(
      '/api/documents/:id/versions/:versionId/restore',
      { schema: { params: VersionParams } },
      async (request, reply): Promise<RestoreVersionResponse | undefined> => {
        const caller = await access(request, reply, 'manage')
        if (!caller) return
        const { id, versionId: which = '' } = request.params
        const record = await app.storage.versions.getVersion(id, which)
        const restored = record && (await service.restore(id, which, caller.user.id))
        if (!record || !restored) return sendError(reply, 404, 'not_found', 'This draft has no such version.')
        await app.audit(request, {
          action: 'version.restored',
          documentId: id,
          target: record.id,
          details: { name: record.name, kind: record.kind, checkpoint: restored.checkpoint.id },
        })
        app.notifier.later(draftNotice(app, 'restored', id, authorOfUser(caller.user), { versionName: record.name || record.createdAt }))
        const people = new Map<string, Author | null>()
        return { restored: await summaryOf(app.storage, record, people), checkpoint: await summaryOf(app.storage, restored.checkpoint, people) }
      },
    )
  },
  { name: 'consenso-versions' },
)
