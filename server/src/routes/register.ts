/**
 * The register of agreements and the meetings calendar of this instance (server/SPEC.md,
 * REGISTER-*). Every signed-in person reads them; secretariats (delegations of kind
 * `secretariat`) and instance administrators change them. Every change is stored, audited
 * (`agreement.*`, `meeting.*`) and announced through the fan-out to every instance, whose
 * `GET /api/register/events` streams tell the open register pages to reload.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import {
  AgreementListQuery,
  CreateAgreementRequest,
  CreateMeetingRequest,
  FromMinutesRequest,
  REGISTER_EVENT_NAME,
  RegisterDownloadQuery,
  UpdateAgreementRequest,
  UpdateMeetingRequest,
  isCalendarDate,
  isTimeZone,
  type Agreement,
  type AgreementQuery,
  type AgreementsResponse,
  type FromMinutesResponse,
  type Meeting,
  type MeetingsResponse,
  type RegisterEvent,
} from '@consenso/protocol'
import { yDocToJSON } from '@consenso/schema'
import { requireUser } from '../auth/plugin.ts'
import { effectiveRole, managesWorkspace } from '../auth/document-access.ts'
import type { AuthenticatedUser } from '../auth/sessions.ts'
import { newId } from '../auth/tokens.ts'
import { isDocumentId } from '../document-id.ts'
import { Refused, sendError } from '../errors.ts'
import { agreementsFromMinutes } from '../register/minutes.ts'
import { storeMinutesAgreements } from '../register/store-minutes.ts'
import { agreementsCsv, agreementsXlsx, downloadName, registerCalendar, type LinkedDrafts } from '../register/exports.ts'
import { blockLabels } from '../register/block-labels.ts'
import { eventStreams } from './event-stream.ts'

type IdParams = { Params: { id: string } }

/** Today in UTC, for callers that do not say what day it is where they are. */
const utcToday = (): string => new Date().toISOString().slice(0, 10)

export async function registerRoutes(app: FastifyInstance): Promise<void> {
  /** Secretariats and administrators manage the register (REGISTER-2). */
  const mayManage = async (auth: AuthenticatedUser): Promise<boolean> =>
    managesWorkspace(app.storage, auth.user)

  const requireManager = async (request: FastifyRequest, reply: FastifyReply): Promise<AuthenticatedUser | null> => {
    const auth = requireUser(request, reply)
    if (!auth) return null
    if (await mayManage(auth)) return auth
    void sendError(reply, 403, 'forbidden', 'Only technical secretariats and administrators may change the register.')
    return null
  }

  /** A draft the caller may read, or why not (the same answer whether it exists or not). */
  const readableDraft = async (auth: AuthenticatedUser, documentId: string, field: string): Promise<void> => {
    const readable = isDocumentId(documentId) && (await app.storage.getDocument(documentId)) && (await effectiveRole(app.storage, auth.user, documentId))
    if (!readable) throw new Refused(400, 'unknown_document', `${field}: no draft with this id exists, or it has not been shared with you.`)
  }

  const checkCodes = async (list: readonly string[] | undefined, field: string): Promise<void> => {
    for (const code of list ?? []) {
      if (!(await app.storage.delegations.getDelegation(code))) throw new Refused(400, 'unknown_delegation', `${field}: there is no delegation ${code}.`)
    }
  }

  const checkDate = (value: string | null | undefined, field: string): void => {
    if (value !== undefined && value !== null && !isCalendarDate(value)) throw new Refused(400, 'invalid_date', `${field}: ${value} is not a day of the calendar.`)
  }

  /** Checks what a body refers to; `merged` is the agreement as it would be stored. */
  const checkAgreement = async (auth: AuthenticatedUser, body: UpdateAgreementRequest, merged: Pick<Agreement, 'documentId' | 'blockId'>): Promise<void> => {
    if (body.text !== undefined && !body.text.trim()) throw new Refused(400, 'invalid_request', 'text: the agreement must not be blank.')
    checkDate(body.dueDate, 'dueDate')
    await checkCodes(body.responsible, 'responsible')
    if (body.meetingId && !(await app.storage.register.getMeeting(body.meetingId))) throw new Refused(400, 'unknown_meeting', 'meetingId: there is no such meeting.')
    if (body.documentId) await readableDraft(auth, body.documentId, 'documentId')
    if (merged.blockId !== null && merged.documentId === null) throw new Refused(400, 'invalid_request', 'blockId: a paragraph can only be linked together with its draft.')
  }

  type MeetingTimes = Pick<Meeting, 'startsOn' | 'endsOn' | 'startTime' | 'endTime' | 'timeZone'>
  const checkMeeting = async (auth: AuthenticatedUser, body: UpdateMeetingRequest, merged: MeetingTimes): Promise<void> => {
    if (body.title !== undefined && !body.title.trim()) throw new Refused(400, 'invalid_request', 'title: the meeting needs a title.')
    checkDate(body.startsOn, 'startsOn')
    checkDate(body.endsOn, 'endsOn')
    if (merged.endsOn !== null && merged.endsOn < merged.startsOn) throw new Refused(400, 'invalid_date', 'endsOn: a meeting cannot end before it starts.')
    // A timed meeting has both times and the zone they are read in; an all-day one none (REGISTER-11).
    const given = [merged.startTime, merged.endTime, merged.timeZone].filter((v) => v !== null).length
    if (given !== 0 && given !== 3) throw new Refused(400, 'invalid_time', 'startTime, endTime, timeZone: a timed meeting needs its start, its end and its time zone; an all-day meeting none of them.')
    if (merged.timeZone !== null && !isTimeZone(merged.timeZone)) throw new Refused(400, 'invalid_time', `timeZone: ${merged.timeZone} is not a time zone (use a name such as America/Panama).`)
    if (given === 3 && (merged.endsOn ?? merged.startsOn) === merged.startsOn && merged.endTime! <= merged.startTime!) {
      throw new Refused(400, 'invalid_time', 'endTime: a meeting cannot end before it starts.')
    }
    await checkCodes(body.delegations, 'delegations')
    if (body.minutesDocumentId) await readableDraft(auth, body.minutesDocumentId, 'minutesDocumentId')
  }

  const announce = (event: RegisterEvent): void => app.collab.announceRegister(event)

  /**
   * A meeting that names its minutes claims the agreements sent from them before it existed
   * (they have no meeting yet); agreements already linked to a meeting keep it.
   */
  const claimMinutesAgreements = async (request: FastifyRequest, auth: AuthenticatedUser, meeting: Meeting): Promise<void> => {
    if (!meeting.minutesDocumentId) return
    const orphans = (await app.storage.register.listAgreements({ documentId: meeting.minutesDocumentId })).filter((a) => a.meetingId === null)
    const now = new Date().toISOString()
    for (const agreement of orphans) {
      await app.storage.register.updateAgreement(agreement.id, { meetingId: meeting.id, updatedBy: auth.user.id, updatedAt: now })
      await app.audit(request, { action: 'agreement.updated', target: agreement.id, documentId: agreement.documentId, details: { fields: 'meetingId', status: agreement.status } })
    }
    if (orphans.length > 0) announce({ type: 'agreement', op: 'updated', ids: orphans.map((a) => a.id) })
  }

  const agreementQuery = (query: AgreementListQuery): AgreementQuery => ({
    ...(query.responsible === undefined ? {} : { responsible: query.responsible }),
    ...(query.status === undefined ? {} : { status: query.status }),
    ...(query.meetingId === undefined ? {} : { meetingId: query.meetingId }),
    ...(query.documentId === undefined ? {} : { documentId: query.documentId }),
    ...(query.overdue ? { overdueOn: query.today ?? utcToday() } : {}),
  })

  // --- agreements --------------------------------------------------------------------

  app.get<{ Querystring: AgreementListQuery }>('/api/register/agreements', { schema: { querystring: AgreementListQuery } }, async (request, reply): Promise<AgreementsResponse | undefined> => {
    if (!requireUser(request, reply)) return
    return { agreements: await app.storage.register.listAgreements(agreementQuery(request.query)) }
  })

  /**
   * The drafts the agreements link to, as the caller may see them: titles only of drafts they
   * can read, and each linked block's number or first words (REGISTER-8).
   */
  const linkedDrafts = async (auth: AuthenticatedUser, agreements: readonly Agreement[]): Promise<LinkedDrafts> => {
    const drafts = new Map<string, { title: string; paragraphs: Map<string, string> }>()
    for (const id of new Set(agreements.map((a) => a.documentId).filter((d): d is string => d !== null))) {
      const record = await app.storage.getDocument(id)
      if (!record || !(await effectiveRole(app.storage, auth.user, id))) continue
      const body = await app.collab.read({ documentId: id, name: 'body' }, (doc) => yDocToJSON(doc))
      drafts.set(id, { title: record.title, paragraphs: blockLabels(body) })
    }
    return {
      title: (documentId) => drafts.get(documentId)?.title ?? null,
      paragraph: (documentId, blockId) => drafts.get(documentId)?.paragraphs.get(blockId) ?? null,
    }
  }

  const download = (reply: FastifyReply, type: string, name: string, content: string | Buffer): FastifyReply =>
    reply
      .type(type)
      .header('content-disposition', `attachment; filename="${name}"`)
      .header('cache-control', 'no-store')
      .send(content)

  app.get<{ Querystring: AgreementListQuery }>('/api/register/agreements.csv', { schema: { querystring: AgreementListQuery } }, async (request, reply) => {
    const auth = requireUser(request, reply)
    if (!auth) return
    const lang = request.query.lang ?? 'es'
    const agreements = await app.storage.register.listAgreements(agreementQuery(request.query))
    const csv = agreementsCsv(agreements, await app.storage.register.listMeetings(), await linkedDrafts(auth, agreements), request.query.today ?? utcToday(), lang)
    return download(reply, 'text/csv; charset=utf-8', downloadName('csv', lang), csv)
  })

  app.get<{ Querystring: AgreementListQuery }>('/api/register/agreements.xlsx', { schema: { querystring: AgreementListQuery } }, async (request, reply) => {
    const auth = requireUser(request, reply)
    if (!auth) return
    const lang = request.query.lang ?? 'es'
    const agreements = await app.storage.register.listAgreements(agreementQuery(request.query))
    const sheet = await agreementsXlsx(agreements, await app.storage.register.listMeetings(), await linkedDrafts(auth, agreements), request.query.today ?? utcToday(), lang)
    return download(reply, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', downloadName('xlsx', lang), sheet)
  })

  app.post<{ Body: CreateAgreementRequest }>('/api/register/agreements', { schema: { body: CreateAgreementRequest } }, async (request, reply) => {
    const auth = await requireManager(request, reply)
    if (!auth) return
    const body = request.body
    const now = new Date().toISOString()
    const agreement: Agreement = {
      id: newId(),
      text: body.text.trim(),
      responsible: body.responsible ?? [],
      dueDate: body.dueDate ?? null,
      status: body.status ?? 'pending',
      meetingId: body.meetingId ?? null,
      documentId: body.documentId ?? null,
      blockId: body.blockId ?? null,
      createdBy: auth.user.id,
      createdAt: now,
      updatedBy: auth.user.id,
      updatedAt: now,
    }
    await checkAgreement(auth, body, agreement)
    await app.storage.register.createAgreement(agreement)
    const stored = (await app.storage.register.getAgreement(agreement.id))!
    await app.audit(request, { action: 'agreement.created', target: stored.id, documentId: stored.documentId, details: { status: stored.status } })
    announce({ type: 'agreement', op: 'created', ids: [stored.id] })
    return reply.code(201).send(stored)
  })

  app.patch<IdParams & { Body: UpdateAgreementRequest }>('/api/register/agreements/:id', { schema: { body: UpdateAgreementRequest } }, async (request, reply) => {
    const auth = await requireManager(request, reply)
    if (!auth) return
    const current = await app.storage.register.getAgreement(request.params.id)
    if (!current) return sendError(reply, 404, 'not_found', 'There is no such agreement in the register.')
    const body = request.body
    await checkAgreement(auth, body, {
      documentId: body.documentId === undefined ? current.documentId : body.documentId,
      blockId: body.blockId === undefined ? current.blockId : body.blockId,
    })
    const updated = await app.storage.register.updateAgreement(current.id, {
      ...body,
      ...(body.text === undefined ? {} : { text: body.text.trim() }),
      updatedBy: auth.user.id,
      updatedAt: new Date().toISOString(),
    })
    if (!updated) return sendError(reply, 404, 'not_found', 'There is no such agreement in the register.')
    await app.audit(request, {
      action: 'agreement.updated',
      target: updated.id,
      documentId: updated.documentId,
      details: { fields: Object.keys(body).sort().join(','), status: updated.status },
    })
    announce({ type: 'agreement', op: 'updated', ids: [updated.id] })
    return updated
  })

  app.delete<IdParams>('/api/register/agreements/:id', async (request, reply) => {
    if (!(await requireManager(request, reply))) return
    const current = await app.storage.register.getAgreement(request.params.id)
    if (!current || !(await app.storage.register.deleteAgreement(current.id))) {
      return sendError(reply, 404, 'not_found', 'There is no such agreement in the register.')
    }
    await app.audit(request, { action: 'agreement.deleted', target: current.id, documentId: current.documentId })
    announce({ type: 'agreement', op: 'deleted', ids: [current.id] })
    return reply.code(204).send()
  })

  /** The "Agreements" section of a minutes draft becomes agreements, once per item (REGISTER-5). */
  app.post<{ Body: FromMinutesRequest }>('/api/register/from-minutes', { schema: { body: FromMinutesRequest } }, async (request, reply): Promise<FromMinutesResponse | undefined> => {
    const auth = requireUser(request, reply)
    if (!auth) return
    const { documentId } = request.body
    const record = isDocumentId(documentId) ? await app.storage.getDocument(documentId) : undefined
    if (!record || !(await effectiveRole(app.storage, auth.user, documentId))) {
      void sendError(reply, 404, 'not_found', 'No draft with this id exists, or it has not been shared with you.')
      return
    }
    if (!(await mayManage(auth))) {
      void sendError(reply, 403, 'forbidden', 'Only technical secretariats and administrators may change the register.')
      return
    }
    let meetingId = request.body.meetingId ?? null
    if (meetingId !== null && !(await app.storage.register.getMeeting(meetingId))) {
      void sendError(reply, 400, 'unknown_meeting', 'meetingId: there is no such meeting.')
      return
    }
    // By default, the meeting whose minutes this draft is.
    if (request.body.meetingId === undefined) {
      meetingId = (await app.storage.register.listMeetings()).find((m) => m.minutesDocumentId === documentId)?.id ?? null
    }
    const known = new Set((await app.storage.delegations.listDelegations()).map((d) => d.code))
    const body = await app.collab.read({ documentId, name: 'body' }, (doc) => yDocToJSON(doc))
    const items = agreementsFromMinutes(body, known)
    if (items === null) {
      void sendError(reply, 400, 'no_agreements_section', 'This draft has no "Acuerdos" or "Agreements" heading; add one with the agreements under it.')
      return
    }
    const created = await storeMinutesAgreements(app, request, auth.user.id, documentId, meetingId, items)
    if (created.length > 0) announce({ type: 'agreement', op: 'created', ids: created.map((a) => a.id) })
    // Items the reader found neither a responsible delegation nor a date in (REGISTER-5).
    const createdBlocks = new Set(created.map((a) => a.blockId))
    const unread = items.filter((item) => createdBlocks.has(item.blockId) && item.responsible.length === 0 && item.dueDate === null).map((item) => ({ blockId: item.blockId, text: item.source }))
    return { created, existing: items.length - created.length, meetingId, unread }
  })

  // --- meetings ----------------------------------------------------------------------

  app.get('/api/register/meetings', async (request, reply): Promise<MeetingsResponse | undefined> => {
    if (!requireUser(request, reply)) return
    return { meetings: await app.storage.register.listMeetings() }
  })

  app.post<{ Body: CreateMeetingRequest }>('/api/register/meetings', { schema: { body: CreateMeetingRequest } }, async (request, reply) => {
    const auth = await requireManager(request, reply)
    if (!auth) return
    const body = request.body
    const now = new Date().toISOString()
    const meeting: Meeting = {
      id: newId(),
      title: body.title.trim(),
      startsOn: body.startsOn,
      endsOn: body.endsOn ?? null,
      startTime: body.startTime ?? null,
      endTime: body.endTime ?? null,
      timeZone: body.timeZone ?? null,
      place: (body.place ?? '').trim(),
      delegations: body.delegations ?? [],
      minutesDocumentId: body.minutesDocumentId ?? null,
      createdBy: auth.user.id,
      createdAt: now,
      updatedBy: auth.user.id,
      updatedAt: now,
    }
    await checkMeeting(auth, body, meeting)
    await app.storage.register.createMeeting(meeting)
    const stored = (await app.storage.register.getMeeting(meeting.id))!
    await app.audit(request, { action: 'meeting.created', target: stored.id, documentId: stored.minutesDocumentId })
    announce({ type: 'meeting', op: 'created', ids: [stored.id] })
    await claimMinutesAgreements(request, auth, stored)
    return reply.code(201).send(stored)
  })

  app.patch<IdParams & { Body: UpdateMeetingRequest }>('/api/register/meetings/:id', { schema: { body: UpdateMeetingRequest } }, async (request, reply) => {
    const auth = await requireManager(request, reply)
    if (!auth) return
    const current = await app.storage.register.getMeeting(request.params.id)
    if (!current) return sendError(reply, 404, 'not_found', 'There is no such meeting.')
    const body = request.body
    const keep = <K extends keyof MeetingTimes>(key: K): MeetingTimes[K] => (body[key] === undefined ? current[key] : (body[key] as MeetingTimes[K]))
    await checkMeeting(auth, body, {
      startsOn: keep('startsOn'),
      endsOn: keep('endsOn'),
      startTime: keep('startTime'),
      endTime: keep('endTime'),
      timeZone: keep('timeZone'),
    })
    const updated = await app.storage.register.updateMeeting(current.id, {
      ...body,
      ...(body.title === undefined ? {} : { title: body.title.trim() }),
      ...(body.place === undefined ? {} : { place: body.place.trim() }),
      updatedBy: auth.user.id,
      updatedAt: new Date().toISOString(),
    })
    if (!updated) return sendError(reply, 404, 'not_found', 'There is no such meeting.')
    await app.audit(request, {
      action: 'meeting.updated',
      target: updated.id,
      documentId: updated.minutesDocumentId,
      details: { fields: Object.keys(body).sort().join(',') },
    })
    announce({ type: 'meeting', op: 'updated', ids: [updated.id] })
    if (body.minutesDocumentId) await claimMinutesAgreements(request, auth, updated)
    return updated
  })

  app.delete<IdParams>('/api/register/meetings/:id', async (request, reply) => {
    if (!(await requireManager(request, reply))) return
    const current = await app.storage.register.getMeeting(request.params.id)
    const unlinked = current ? (await app.storage.register.listAgreements({ meetingId: current.id })).map((a) => a.id) : []
    if (!current || !(await app.storage.register.deleteMeeting(current.id))) return sendError(reply, 404, 'not_found', 'There is no such meeting.')
    await app.audit(request, { action: 'meeting.deleted', target: current.id, documentId: current.minutesDocumentId })
    announce({ type: 'meeting', op: 'deleted', ids: [current.id] })
    if (unlinked.length > 0) announce({ type: 'agreement', op: 'updated', ids: unlinked })
    return reply.code(204).send()
  })

  app.get<{ Querystring: RegisterDownloadQuery }>('/api/register/calendar.ics', { schema: { querystring: RegisterDownloadQuery } }, async (request, reply) => {
    if (!requireUser(request, reply)) return
    const origin = app.config.publicOrigins[0] ?? `${request.protocol}://${request.host}`
    const lang = request.query.lang ?? 'es'
    const ics = registerCalendar(await app.storage.register.listAgreements({}), await app.storage.register.listMeetings(), {
      lang,
      origin,
      host: new URL(origin).hostname || 'consenso',
    })
    return download(reply, 'text/calendar; charset=utf-8', downloadName('ics', lang), ics)
  })

  // --- live changes ------------------------------------------------------------------

  const streams = eventStreams(app)

  /**
   * Server-sent events: one `register` event per change, from this instance or another
   * (REGISTER-7). Only what changed is said (type, operation, ids); the page reloads the list
   * through the authorised routes above. The session is checked again before each write
   * (event-stream.ts): one ended meanwhile ends the stream.
   */
  app.get('/api/register/events', async (request, reply) => {
    const auth = requireUser(request, reply)
    if (!auth) return
    streams.open(request, reply, auth, (sink) => app.collab.onRegister((event) => sink.send(REGISTER_EVENT_NAME, event)))
  })
}
