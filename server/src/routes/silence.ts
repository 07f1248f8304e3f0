/**
 * The silence procedure and adoption of a draft (SILENCE-*, ADOPT-* in server/SPEC.md):
 *   GET  /api/documents/:id/silence            the running (else latest) procedure and the adoption
 *   POST /api/documents/:id/silence            {deadline, timeZone, paragraphIds?}  owners start one
 *   POST /api/documents/:id/silence/break      {objection}  a member of a party delegation breaks it
 *   POST /api/documents/:id/silence/extend     {deadline, timeZone}  owners move the deadline later
 *   POST /api/documents/:id/silence/withdraw   owners end it without adoption
 *   POST /api/documents/:id/adopt              owners adopt a text every party agreed, at once
 */
import type { FastifyInstance, FastifyReply } from 'fastify'
import fp from 'fastify-plugin'
import {
  BreakSilenceRequest,
  ExtendSilenceRequest,
  StartSilenceRequest,
  isTimeZone,
  silenceHolds,
  utcToZoned,
  zonedToUtc,
  type SilenceProcedure,
  type SilenceResponse,
} from '@consenso/protocol'
import { yDocToJSON } from '@consenso/schema'
import { linkableBlocks } from '../register/block-labels.ts'
import { newId } from '../auth/tokens.ts'
import { sendError } from '../errors.ts'
import { draftNotice } from '../notify/notices.ts'
import { SilenceService } from '../silence/service.ts'
import { partiesOf } from './consensus.ts'
import { authorOf, draftAccess } from './draft-access.ts'

declare module 'fastify' {
  interface FastifyInstance {
    silence: SilenceService
  }
}

type Params = { id: string }

export const silenceRoutes = fp(async (app: FastifyInstance, options: { now?: () => Date; sweepEveryMs?: number }): Promise<void> => {
  const now = options.now ?? (() => new Date())
  const service = new SilenceService(app, now)
  app.decorate('silence', service)
  app.addHook('onReady', async () => service.start(options.sweepEveryMs))
  app.addHook('preClose', async () => service.stop())
  const access = draftAccess(app)

  const holding = async (documentId: string): Promise<SilenceProcedure | undefined> =>
    (await app.storage.silence.list(documentId)).find((p) => silenceHolds(p.status))

  /** The deadline as an instant, or null once a 400 is sent. */
  const deadlineOf = (reply: FastifyReply, local: string, timeZone: string): Date | null => {
    if (!isTimeZone(timeZone)) {
      void sendError(reply, 400, 'invalid_time', `${timeZone} is not a time zone this server knows (use an IANA name such as America/Panama).`)
      return null
    }
    const at = zonedToUtc(local, timeZone)
    if (!at) {
      void sendError(reply, 400, 'invalid_time', `${local.replace('T', ' ')} does not exist in ${timeZone} (a day or an hour the clocks skip).`)
      return null
    }
    if (at.getTime() <= now().getTime()) {
      void sendError(reply, 400, 'deadline_past', 'The deadline must be in the future.')
      return null
    }
    return at
  }

  app.get<{ Params: Params }>('/api/documents/:id/silence', async (request, reply): Promise<SilenceResponse | undefined> => {
    if (!(await access(request, reply, 'read'))) return
    const [latest] = await app.storage.silence.list(request.params.id)
    return { silence: latest ?? null, adoption: await service.adoption(request.params.id) }
  })

  app.post<{ Params: Params; Body: StartSilenceRequest }>('/api/documents/:id/silence', { schema: { body: StartSilenceRequest } }, async (request, reply) => {
    const caller = await access(request, reply, 'manage')
    if (!caller) return
    const documentId = request.params.id
    const at = deadlineOf(reply, request.body.deadline, request.body.timeZone)
    if (!at) return
    const parties = await app.collab.read({ documentId, name: 'meta' }, partiesOf)
    if (parties.length === 0) return sendError(reply, 409, 'no_parties', 'Name the parties first: a silence procedure is addressed to them.')
    const paragraphIds = request.body.paragraphIds ?? null
    if (paragraphIds) {
      const known = new Set(linkableBlocks(await app.collab.read({ documentId, name: 'body' }, yDocToJSON)).map((b) => b.id))
      const unknown = paragraphIds.filter((id) => !known.has(id))
      if (unknown.length > 0) return sendError(reply, 400, 'unknown_paragraph', `No paragraph with the id ${unknown[0]} in this draft.`)
    }
    const procedure: SilenceProcedure = {
      id: newId(),
      documentId,
      paragraphIds,
      deadline: at.toISOString(),
      timeZone: request.body.timeZone,
      localDeadline: utcToZoned(at, request.body.timeZone),
      parties,
      status: 'running',
      startedBy: caller.user.id,
      startedAt: now().toISOString(),
      endedAt: null,
      endedBy: null,
      brokenBy: null,
      objection: null,
      versionId: null,
    }
    if (!(await app.storage.silence.create(procedure))) {
      return sendError(reply, 409, 'silence_running', 'This draft is already under a silence procedure.')
    }
    await service.mirror(documentId, procedure)
    await app.audit(request, {
      action: 'silence.started',
      documentId,
      target: procedure.id,
      details: { deadline: procedure.deadline, timeZone: procedure.timeZone, paragraphs: paragraphIds?.length ?? 'all' },
    })
    app.notifier.later(
      draftNotice(app, 'silence_started', documentId, authorOf(caller), { deadline: procedure.deadline, timeZone: procedure.timeZone, localDeadline: procedure.localDeadline }),
    )
    return reply.code(201).send(procedure)
  })

  app.post<{ Params: Params; Body: BreakSilenceRequest }>('/api/documents/:id/silence/break', { schema: { body: BreakSilenceRequest } }, async (request, reply) => {
    const caller = await access(request, reply, 'read')
    if (!caller) return
    const documentId = request.params.id
    const objection = request.body.objection.trim()
    if (!objection) return sendError(reply, 400, 'objection_required', 'Breaking silence needs a written objection.')
    const running = await holding(documentId)
    if (!running) return sendError(reply, 409, 'silence_not_running', 'No silence procedure is running on this draft.')
    if (!running.parties.includes(caller.user.delegation)) {
      return sendError(reply, 403, 'not_a_party', `${caller.user.delegation} is not among the parties the procedure is addressed to.`)
    }
    const broken = await app.storage.silence.breakSilence(running.id, { by: caller.user.id, delegation: caller.user.delegation, objection, at: now().toISOString() })
    // The deadline came first (or another party broke it a moment before): the database decided.
    if (!broken) return sendError(reply, 409, 'silence_ended', 'The silence procedure has already ended.')
    await service.mirror(documentId, null)
    await app.audit(request, { action: 'silence.broken', documentId, target: running.id, details: { delegation: caller.user.delegation } })
    app.notifier.later(draftNotice(app, 'silence_broken', documentId, authorOf(caller), { excerpt: objection.length > 200 ? `${objection.slice(0, 199)}…` : objection }))
    return broken
  })

  app.post<{ Params: Params; Body: ExtendSilenceRequest }>('/api/documents/:id/silence/extend', { schema: { body: ExtendSilenceRequest } }, async (request, reply) => {
    const caller = await access(request, reply, 'manage')
    if (!caller) return
    const documentId = request.params.id
    const at = deadlineOf(reply, request.body.deadline, request.body.timeZone)
    if (!at) return
    const running = await holding(documentId)
    if (!running) return sendError(reply, 409, 'silence_not_running', 'No silence procedure is running on this draft.')
    if (at.toISOString() <= running.deadline) return sendError(reply, 400, 'deadline_not_later', 'An extension moves the deadline later.')
    const extended = await app.storage.silence.extend(running.id, {
      deadline: at.toISOString(),
      timeZone: request.body.timeZone,
      localDeadline: utcToZoned(at, request.body.timeZone),
      at: now().toISOString(),
    })
    if (!extended) return sendError(reply, 409, 'silence_ended', 'The silence procedure has already ended.')
    await service.mirror(documentId, extended)
    await app.audit(request, { action: 'silence.extended', documentId, target: running.id, details: { from: running.deadline, to: extended.deadline } })
    app.notifier.later(
      draftNotice(app, 'silence_extended', documentId, authorOf(caller), { deadline: extended.deadline, timeZone: extended.timeZone, localDeadline: extended.localDeadline }),
    )
    return extended
  })

  app.post<{ Params: Params }>('/api/documents/:id/silence/withdraw', async (request, reply) => {
    const caller = await access(request, reply, 'manage')
    if (!caller) return
    const documentId = request.params.id
    const running = await holding(documentId)
    const withdrawn = running && (await app.storage.silence.withdraw(running.id, { by: caller.user.id, at: now().toISOString() }))
    if (!withdrawn) return sendError(reply, 409, 'silence_not_running', 'No silence procedure is running on this draft.')
    await service.mirror(documentId, null)
    await app.audit(request, { action: 'silence.withdrawn', documentId, target: withdrawn.id, details: {} })
    app.notifier.later(draftNotice(app, 'silence_ended', documentId, authorOf(caller)))
    return withdrawn
  })

  app.post<{ Params: Params }>('/api/documents/:id/adopt', async (request, reply) => {
    const caller = await access(request, reply, 'manage')
    if (!caller) return
    const documentId = request.params.id
    if (await holding(documentId)) return sendError(reply, 409, 'silence_running', 'The text is under silence procedure: it is adopted when the deadline passes.')
    const state = await service.allAgreed(documentId)
    if (!state.ok) {
      return sendError(reply, 409, 'not_agreed', `Every paragraph must be agreed by every party before adoption (${state.open} still open).`)
    }
    const at = now()
    const version = await service.freeze(documentId, state.parties, at, authorOf(caller))
    const adoption = { documentId, versionId: version.id, adoptedAt: at.toISOString(), adoptedBy: caller.user.id, parties: state.parties, silenceId: null }
    await app.storage.silence.recordAdoption(adoption)
    await app.audit(request, { action: 'document.adopted', documentId, target: version.id, details: { parties: state.parties.join(' ') } })
    app.collab.announce({ kind: 'silence', documentId })
    app.notifier.later(draftNotice(app, 'adopted', documentId, authorOf(caller), { versionName: version.name }))
    return reply.code(201).send(adoption)
  })
}, { name: 'consenso-silence', dependencies: ['consenso-versions'] })
