/**
 * Reading real minutes into the register (server/SPEC.md REGISTER-30..): the reader's findings
 * for each agreement item, reviewed by a secretariat, and only then confirmed into agreements
 * and calendar meetings; and the delegations' aliases administrators teach the reader.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import {
  ConfirmMinutesRequest,
  CreateDelegationAliasRequest,
  IdParams,
  isCalendarDate,
  ReadMinutesRequest,
  type ConfirmMinutesResponse,
  type ConfirmedMeeting,
  type DelegationAlias,
  type DelegationAliasesResponse,
  type Meeting,
  type ReadMinutesResponse,
} from '@consenso/protocol'
import { yDocToJSON } from '@consenso/schema'
import { requireAdmin, requireUser } from '../auth/plugin.ts'
import { effectiveRole, managesWorkspace } from '../auth/document-access.ts'
import type { AuthenticatedUser } from '../auth/sessions.ts'
import { newId } from '../auth/tokens.ts'
import { isDocumentId } from '../document-id.ts'
import { Refused, sendError } from '../errors.ts'
import { storeMinutesAgreements } from '../register/store-minutes.ts'
import { agreementsFromMinutes, openingLines, type MinutesItem } from '../register/minutes.ts'
import { readAgreement, readerContext, readMinutesMeeting } from '../minutes-reader/index.ts'

const utcToday = (): string => new Date().toISOString().slice(0, 10)

export async function minutesReviewRoutes(app: FastifyInstance): Promise<void> {
  // --- aliases ---------------------------------------------------------------------------

  app.get('/api/delegation-aliases', async (request, reply): Promise<DelegationAliasesResponse | undefined> => {
    if (!requireUser(request, reply)) return
    return { aliases: await app.storage.aliases.list() }
  })

  app.post<{ Body: CreateDelegationAliasRequest }>('/api/admin/delegation-aliases', { schema: { body: CreateDelegationAliasRequest } }, async (request, reply) => {
    const auth = requireAdmin(request, reply)
    if (!auth) return
    const code = request.body.code
    if (!(await app.storage.delegations.getDelegation(code))) return sendError(reply, 400, 'unknown_delegation', `code: there is no delegation ${code}.`)
    const alias: DelegationAlias = { id: newId(), code, alias: request.body.alias.replace(/\s+/gu, ' ').trim(), createdBy: auth.user.id, createdAt: new Date().toISOString() }
    if (!(await app.storage.aliases.create(alias))) return sendError(reply, 409, 'alias_taken', `alias: "${alias.alias}" already names a delegation.`)
    await app.audit(request, { action: 'delegation_alias.created', target: alias.id, details: { code } })
    return reply.code(201).send(alias)
  })

  app.delete<{ Params: IdParams }>(
    '/api/admin/delegation-aliases/:id',
    { schema: { params: IdParams } },
    async (request, reply) => {
      if (!requireAdmin(request, reply)) return
      if (!(await app.storage.aliases.delete(request.params.id))) return sendError(reply, 404, 'not_found', 'No such alias.')
      await app.audit(request, { action: 'delegation_alias.deleted', target: request.params.id })
      return reply.code(204).send()
    },
  )

  // --- reading and confirming minutes -----------------------------------------------------

  /** The caller, when the draft is theirs to read and the register theirs to change (REGISTER-2). */
  const managerOfDraft = async (request: FastifyRequest, reply: FastifyReply, documentId: string): Promise<AuthenticatedUser | null> => {
    const auth = requireUser(request, reply)
    if (!auth) return null
    if (!isDocumentId(documentId) || !(await app.storage.getDocument(documentId)) || !(await effectiveRole(app.storage, auth.user, documentId))) {
      void sendError(reply, 404, 'not_found', 'No draft with this id exists, or it has not been shared with you.')
      return null
    }
    const manages = await managesWorkspace(app.storage, auth.user)
    if (!manages) {
      void sendError(reply, 403, 'forbidden', 'Only technical secretariats and administrators may change the register.')
      return null
    }
    return auth
  }

  /** The draft's items and what the reader makes of them, or null without an agreements section. */
  const readDraft = async (documentId: string) => {
    const record = (await app.storage.getDocument(documentId))!
    const body = await app.collab.read({ documentId, name: 'body' }, (doc) => yDocToJSON(doc))
    const [delegations, groups, aliases] = await Promise.all([app.storage.delegations.listDelegations(), app.storage.partyGroups.listPartyGroups(), app.storage.aliases.list()])
    const directory = { delegations, groups, aliases }
    const lines = openingLines(body, record.title)
    const own = readMinutesMeeting(lines, readerContext(directory, utcToday()), utcToday())
    const context = readerContext(directory, own?.date ?? utcToday())
    const items = agreementsFromMinutes(body, context.knownCodes)
    return { items, own, context }
  }

  const existingBlocks = async (documentId: string): Promise<Set<string | null>> =>
    new Set((await app.storage.register.listAgreements({ documentId })).map((a) => a.blockId))

  app.post<{ Body: ReadMinutesRequest }>('/api/register/from-minutes/read', { schema: { body: ReadMinutesRequest } }, async (request, reply): Promise<ReadMinutesResponse | undefined> => {
    const { documentId } = request.body
    if (!(await managerOfDraft(request, reply, documentId))) return
    const { items, own, context } = await readDraft(documentId)
    if (items === null) {
      void sendError(reply, 400, 'no_agreements_section', 'This draft has no "Acuerdos" or "Agreements" heading; add one with the agreements under it.')
      return
    }
    const sent = await existingBlocks(documentId)
    const fresh = items.filter((item) => !sent.has(item.blockId))
    const hasMeeting = (await app.storage.register.listMeetings()).some((m) => m.minutesDocumentId === documentId)
    return {
      items: fresh.map((item) => ({ blockId: item.blockId, ...readAgreement(item.source, context) })),
      existing: items.length - fresh.length,
      meetingDate: own?.date ?? null,
      minutesMeeting: hasMeeting ? null : (own?.meeting ?? null),
    }
  })

  app.post<{ Body: ConfirmMinutesRequest }>('/api/register/from-minutes/confirm', { schema: { body: ConfirmMinutesRequest } }, async (request, reply): Promise<ConfirmMinutesResponse | undefined> => {
    const { documentId, items, minutesMeeting } = request.body
    const auth = await managerOfDraft(request, reply, documentId)
    if (!auth) return
    const known = new Set((await app.storage.delegations.listDelegations()).map((d) => d.code))
    const body = await app.collab.read({ documentId, name: 'body' }, (doc) => yDocToJSON(doc))
    const section = agreementsFromMinutes(body, known)
    if (section === null) throw new Refused(400, 'no_agreements_section', 'This draft has no "Acuerdos" or "Agreements" heading; add one with the agreements under it.')
    const blocks = new Map<string, MinutesItem>(section.map((item) => [item.blockId, item]))
    const seen = new Set<string>()
    const checkMeeting = (m: ConfirmedMeeting | null | undefined, field: string): void => {
      if (!m) return
      for (const [value, name] of [[m.startsOn, 'startsOn'], [m.endsOn, 'endsOn']] as const) {
        if (value != null && !isCalendarDate(value)) throw new Refused(400, 'invalid_date', `${field}.${name}: ${value} is not a day of the calendar.`)
      }
      if (m.endsOn != null && m.endsOn < m.startsOn) throw new Refused(400, 'invalid_date', `${field}.endsOn: a meeting cannot end before it starts.`)
      for (const code of m.delegations ?? []) if (!known.has(code)) throw new Refused(400, 'unknown_delegation', `${field}.delegations: there is no delegation ${code}.`)
    }
    items.forEach((item, i) => {
      if (!blocks.has(item.blockId)) throw new Refused(400, 'unknown_item', `items[${i}].blockId: no item of this draft's agreements section has this id.`)
      if (seen.has(item.blockId)) throw new Refused(400, 'invalid_request', `items[${i}].blockId: the item is given twice.`)
      seen.add(item.blockId)
      if (item.dueDate !== null && !isCalendarDate(item.dueDate)) throw new Refused(400, 'invalid_date', `items[${i}].dueDate: ${item.dueDate} is not a day of the calendar.`)
      for (const code of item.responsible) if (!known.has(code)) throw new Refused(400, 'unknown_delegation', `items[${i}].responsible: there is no delegation ${code}.`)
      checkMeeting(item.meeting, `items[${i}].meeting`)
    })
    checkMeeting(minutesMeeting, 'minutesMeeting')

    const now = new Date().toISOString()
    const created: Meeting[] = []
    const addMeeting = async (m: ConfirmedMeeting, minutes: string | null): Promise<Meeting> => {
      const record: Meeting = {
        id: newId(),
        title: m.title.trim(),
        startsOn: m.startsOn,
        endsOn: m.endsOn && m.endsOn !== m.startsOn ? m.endsOn : null,
        startTime: null,
        endTime: null,
        timeZone: null,
        place: (m.place ?? '').trim(),
        delegations: [...new Set(m.delegations ?? [])],
        minutesDocumentId: minutes,
        createdBy: auth.user.id,
        createdAt: now,
        updatedBy: auth.user.id,
        updatedAt: now,
      }
      await app.storage.register.createMeeting(record)
      await app.audit(request, { action: 'meeting.created', target: record.id, documentId: minutes, details: { from: 'minutes' } })
      created.push(record)
      return record
    }
    // The agreements are made at the minutes' own meeting: the one already in the calendar, or the confirmed one.
    let meetingId = (await app.storage.register.listMeetings()).find((m) => m.minutesDocumentId === documentId)?.id ?? null
    if (meetingId === null && minutesMeeting) meetingId = (await addMeeting(minutesMeeting, documentId)).id
    const sent = await existingBlocks(documentId)
    const fresh = items.filter((item) => !sent.has(item.blockId))
    for (const item of fresh) if (item.meeting) await addMeeting(item.meeting, null)
    const agreements = await storeMinutesAgreements(app, request, auth.user.id, documentId, meetingId, fresh)
    if (created.length > 0) app.collab.announceRegister({ type: 'meeting', op: 'created', ids: created.map((m) => m.id) })
    return { created: agreements, existing: items.length - fresh.length, meetings: created, meetingId }
  })
}
