/**
 * Good practices (PRACT-* in server/SPEC.md): the catalogue each delegation submits to, the
 * themes the secretariats keep, their review, prioritisation rounds with ranked ballots, and
 * the compilation draft. Secretariats (delegations of kind `secretariat`, the `ST-…` codes)
 * and administrators manage; every signed-in person reads what PRACT-2 lets them. Every change
 * is stored, audited (`practice.*`) and announced (`practices` on the notifications stream).
 */
import { managesWorkspace } from '../auth/document-access.ts'
import { randomBytes } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import {
  BallotRequest,
  CompilePracticesRequest,
  IdParams,
  REVIEW_SETTINGS_KEY,
  PRACTICE_ATTACHMENT_MAX_BYTES,
  PRACTICE_ATTACHMENT_NAME_MAX_LENGTH,
  PRACTICE_MAX_ATTACHMENTS,
  PracticeChange,
  PracticeRequest,
  PracticeReviewRequest,
  RoundRequest,
  ThemeChange,
  ThemeRequest,
  type CompileResponse,
  type Practice,
  type PracticeRound,
  type PracticeTheme,
  type PracticeWithAttachments,
  type PracticesResponse,
  type RoundView,
  type RoundsResponse,
} from '@consenso/protocol'
import { jsonToYUpdate } from '@consenso/schema'
import { requireUser } from '../auth/plugin.ts'
import type { AuthenticatedUser } from '../auth/sessions.ts'
import { newId } from '../auth/tokens.ts'
import { Refused, refuseOverDraftQuota, sendError } from '../errors.ts'
import { acceptRawBodies, cleanFileName, sendDownload, uploadedBytes } from './raw-upload.ts'
import type { DocumentRecord } from '../storage/storage.ts'
import { countBallots } from '../practices/count.ts'
import { compilationDocument, type CompiledPractice } from '../practices/compile.ts'

const EDITABLE = ['draft', 'changes_requested'] as const
const MB = PRACTICE_ATTACHMENT_MAX_BYTES / 1024 / 1024
const TOO_LARGE = { error: 'attachment_too_large', message: `The file is larger than ${MB} MB; attach a smaller one, or give a link to it.` }

export interface PracticeRoutesOptions {
  now?: () => Date
}

export async function practiceRoutes(app: FastifyInstance, options: PracticeRoutesOptions): Promise<void> {
  const now = options.now ?? (() => new Date())

  /** Secretariats and administrators review, keep themes and run rounds (PRACT-3). */
  const manages = async (auth: AuthenticatedUser): Promise<boolean> =>
    managesWorkspace(app.storage, auth.user)

  /**
   * PRACT-2: its own delegation always; a secretariat once it has been submitted; everyone
   * once accepted. Anything else is answered as if it did not exist.
   */
  const mayRead = (auth: AuthenticatedUser, manager: boolean, p: Practice): boolean =>
    p.delegation === auth.user.delegation || p.status === 'accepted' || (manager && p.submittedAt !== null)

  const announce = (): void => app.collab.announce({ kind: 'practices' })

  const notFound = (): Refused => new Refused(404, 'not_found', 'No such practice, or it is not yours to see.')

  /** The practice, when the caller may read it. */
  const readable = async (auth: AuthenticatedUser, id: string): Promise<{ practice: Practice; manager: boolean }> => {
    const practice = await app.storage.practices.getPractice(id)
    const manager = await manages(auth)
    if (!practice || !mayRead(auth, manager, practice)) throw notFound()
    return { practice, manager }
  }

  /** The practice, when the caller's delegation owns it and may still change it (PRACT-4). */
  const editable = async (auth: AuthenticatedUser, id: string): Promise<Practice> => {
    const { practice } = await readable(auth, id)
    if (practice.delegation !== auth.user.delegation) throw new Refused(403, 'forbidden', 'Only the delegation that wrote a practice may change it.')
    if (!(EDITABLE as readonly string[]).includes(practice.status)) {
      throw new Refused(409, 'practice_not_editable', practice.status === 'accepted' ? 'This practice has been accepted and can no longer be changed.' : 'This practice is with the secretariat for review; it can be changed again if they ask for changes.')
    }
    return practice
  }

  const checkTheme = async (themeId: string | undefined, allowArchivedId?: string): Promise<void> => {
    if (themeId === undefined) return
    const theme = (await app.storage.practices.listThemes()).find((t) => t.id === themeId)
    if (!theme || (theme.archived && theme.id !== allowArchivedId)) throw new Refused(400, 'unknown_theme', 'themeId: there is no such theme, or it is no longer offered.')
  }

  const withAttachments = async (list: Practice[]): Promise<PracticeWithAttachments[]> => {
    const attachments = await app.storage.practices.listAttachments()
    return list.map((p) => ({ ...p, attachments: attachments.filter((a) => a.practiceId === p.id) }))
  }

  // --- the catalogue --------------------------------------------------------------------

  app.get('/api/practices', async (request, reply): Promise<PracticesResponse | undefined> => {
    const auth = requireUser(request, reply)
    if (!auth) return
    const manager = await manages(auth)
    const practices = (await app.storage.practices.listPractices()).filter((p) => mayRead(auth, manager, p))
    return { practices: await withAttachments(practices), themes: await app.storage.practices.listThemes(), manages: manager }
  })

  app.get<{ Params: IdParams }>('/api/practices/:id', { schema: { params: IdParams } }, async (request, reply) => {
    const auth = requireUser(request, reply)
    if (!auth) return
    return (await withAttachments([(await readable(auth, request.params.id)).practice]))[0]
  })

  app.post<{ Body: PracticeRequest }>('/api/practices', { schema: { body: PracticeRequest }, bodyLimit: 128 * 1024 }, async (request, reply) => {
    const auth = requireUser(request, reply)
    if (!auth) return
    await checkTheme(request.body.themeId)
    const delegation = await app.storage.delegations.getDelegation(auth.user.delegation)
    const at = now().toISOString()
    const b = request.body
    const practice: Practice = {
      id: newId(),
      delegation: auth.user.delegation,
      status: 'draft',
      title: b.title.trim(),
      country: b.country?.trim() || delegation?.nameEs || auth.user.delegation,
      themeId: b.themeId,
      description: b.description ?? '',
      why: b.why ?? '',
      how: b.how ?? '',
      contact: b.contact ?? '',
      links: b.links ?? [],
      reviewComment: null,
      createdBy: auth.user.id,
      createdAt: at,
      updatedAt: at,
      submittedAt: null,
      reviewedBy: null,
      reviewedAt: null,
    }
    await app.storage.practices.createPractice(practice)
    await app.audit(request, { action: 'practice.created', target: practice.id, details: { delegation: practice.delegation } })
    announce()
    return reply.code(201).send({ ...practice, attachments: [] })
  })

  app.patch<{ Params: IdParams; Body: PracticeChange }>(
    '/api/practices/:id',
    { schema: { params: IdParams, body: PracticeChange }, bodyLimit: 128 * 1024 },
    async (request, reply) => {
      const auth = requireUser(request, reply)
      if (!auth) return
      const current = await editable(auth, request.params.id)
      await checkTheme(request.body.themeId, current.themeId)
      const patch = { ...request.body, ...(request.body.title !== undefined ? { title: request.body.title.trim() } : {}), updatedAt: now().toISOString() }
      const updated = await app.storage.practices.updatePractice(current.id, patch, EDITABLE)
      if (!updated) throw new Refused(409, 'practice_not_editable', 'This practice changed status meanwhile; read it again.')
      await app.audit(request, { action: 'practice.updated', target: updated.id, details: { fields: Object.keys(request.body).join(' ') } })
      announce()
      return (await withAttachments([updated]))[0]
    },
  )

  app.delete<{ Params: IdParams }>('/api/practices/:id', { schema: { params: IdParams } }, async (request, reply) => {
    const auth = requireUser(request, reply)
    if (!auth) return
    const current = await editable(auth, request.params.id)
    if (current.submittedAt !== null) throw new Refused(409, 'practice_submitted', 'A practice once submitted stays in the catalogue; change it instead.')
    await app.storage.practices.deletePractice(current.id)
    await app.audit(request, { action: 'practice.deleted', target: current.id })
    announce()
    return reply.code(204).send()
  })

  app.post<{ Params: IdParams }>('/api/practices/:id/submit', { schema: { params: IdParams } }, async (request, reply) => {
    const auth = requireUser(request, reply)
    if (!auth) return
    const current = await editable(auth, request.params.id)
    const missing = (['title', 'description', 'why', 'how'] as const).filter((f) => !current[f].trim())
    if (missing.length) throw new Refused(400, 'practice_incomplete', `Fill in ${missing.join(', ')} before submitting.`)
    const at = now().toISOString()
    const updated = await app.storage.practices.updatePractice(current.id, { status: 'submitted', submittedAt: at, updatedAt: at }, EDITABLE)
    if (!updated) throw new Refused(409, 'practice_not_editable', 'This practice changed status meanwhile; read it again.')
    await app.audit(request, { action: 'practice.submitted', target: updated.id })
    announce()
    return (await withAttachments([updated]))[0]
  })

  app.post<{ Params: IdParams; Body: PracticeReviewRequest }>(
    '/api/practices/:id/review',
    { schema: { params: IdParams, body: PracticeReviewRequest }, bodyLimit: 64 * 1024 },
    async (request, reply) => {
      const auth = requireUser(request, reply)
      if (!auth) return
      const { practice, manager } = await readable(auth, request.params.id)
      if (!manager) throw new Refused(403, 'forbidden', 'Only technical secretariats and administrators review practices.')
      const comment = request.body.comment?.trim() ?? ''
      if (request.body.decision === 'changes' && !comment) throw new Refused(400, 'comment_required', 'comment: say what should change.')
      const at = now().toISOString()
      const updated = await app.storage.practices.updatePractice(
        practice.id,
        { status: request.body.decision === 'accept' ? 'accepted' : 'changes_requested', reviewComment: comment || null, reviewedBy: auth.user.id, reviewedAt: at, updatedAt: at },
        ['submitted'],
      )
      if (!updated) throw new Refused(409, 'practice_not_submitted', 'Only a submitted practice can be reviewed; it may have been reviewed meanwhile.')
      await app.audit(request, { action: 'practice.reviewed', target: updated.id, details: { decision: request.body.decision } })
      announce()
      return (await withAttachments([updated]))[0]
    },
  )

  // --- attachments (PRACT-6) -------------------------------------------------------------

  await app.register(async (scoped) => {
    acceptRawBodies(scoped, PRACTICE_ATTACHMENT_MAX_BYTES, TOO_LARGE)
    scoped.post<{ Params: IdParams; Querystring: { name: string }; Body: Buffer }>(
      '/api/practices/:id/attachments',
      {
        schema: {
          params: IdParams,
          querystring: { type: 'object', additionalProperties: false, required: ['name'], properties: { name: { type: 'string', minLength: 1, maxLength: PRACTICE_ATTACHMENT_NAME_MAX_LENGTH } } },
        },
        bodyLimit: PRACTICE_ATTACHMENT_MAX_BYTES + 1,
      },
      async (request, reply) => {
        const auth = requireUser(request, reply)
        if (!auth) return
        const practice = await editable(auth, request.params.id)
        const body = uploadedBytes(request.body, PRACTICE_ATTACHMENT_MAX_BYTES, TOO_LARGE)
        const name = cleanFileName(request.query.name)
        const type = (request.headers['content-type'] ?? 'application/octet-stream').split(';')[0]!.trim().toLowerCase().slice(0, 100) || 'application/octet-stream'
        const info = { id: newId(), practiceId: practice.id, name, type, size: body.byteLength, createdAt: now().toISOString(), createdBy: auth.user.id }
        const stored = await app.storage.practices.addAttachment(info, body, PRACTICE_MAX_ATTACHMENTS)
        if (!stored) throw new Refused(409, 'too_many_attachments', `A practice has at most ${PRACTICE_MAX_ATTACHMENTS} attachments; remove one first.`)
        await app.audit(request, { action: 'practice.attachment_added', target: practice.id, details: { attachment: info.id, bytes: info.size } })
        announce()
        return reply.code(201).send(info)
      },
    )
  })

  app.get<{ Params: IdParams }>('/api/practices/attachments/:id', { schema: { params: IdParams } }, async (request, reply) => {
    const auth = requireUser(request, reply)
    if (!auth) return
    const found = await app.storage.practices.getAttachment(request.params.id)
    if (!found) throw new Refused(404, 'not_found', 'No such attachment.')
    await readable(auth, found.info.practiceId).catch(() => {
      throw new Refused(404, 'not_found', 'No such attachment.')
    })
    // Downloaded, never shown in our origin: an attached HTML file must not run as our page.
    return sendDownload(reply, { name: found.info.name, type: 'application/octet-stream', data: found.data })
  })

  app.delete<{ Params: IdParams }>('/api/practices/attachments/:id', { schema: { params: IdParams } }, async (request, reply) => {
    const auth = requireUser(request, reply)
    if (!auth) return
    const found = await app.storage.practices.getAttachment(request.params.id)
    if (!found) throw new Refused(404, 'not_found', 'No such attachment.')
    await editable(auth, found.info.practiceId)
    await app.storage.practices.deleteAttachment(found.info.id)
    await app.audit(request, { action: 'practice.attachment_deleted', target: found.info.practiceId, details: { attachment: found.info.id } })
    announce()
    return reply.code(204).send()
  })

  // --- themes (PRACT-5) ------------------------------------------------------------------

  const requireManager = async (request: FastifyRequest, reply: FastifyReply): Promise<AuthenticatedUser | null> => {
    const auth = requireUser(request, reply)
    if (!auth) return null
    if (await manages(auth)) return auth
    void sendError(reply, 403, 'forbidden', 'Only technical secretariats and administrators may do this.')
    return null
  }

  app.post<{ Body: ThemeRequest }>('/api/practices/themes', { schema: { body: ThemeRequest } }, async (request, reply) => {
    if (!(await requireManager(request, reply))) return
    const themes = await app.storage.practices.listThemes()
    const theme: PracticeTheme = { id: newId(), nameEs: request.body.nameEs.trim(), nameEn: request.body.nameEn.trim(), position: Math.max(0, ...themes.map((t) => t.position)) + 1, archived: false }
    await app.storage.practices.createTheme(theme)
    await app.audit(request, { action: 'practice_theme.created', target: theme.id })
    announce()
    return reply.code(201).send(theme)
  })

  app.patch<{ Params: IdParams; Body: ThemeChange }>('/api/practices/themes/:id', { schema: { params: IdParams, body: ThemeChange } }, async (request, reply) => {
    if (!(await requireManager(request, reply))) return
    const b = request.body
    const theme = await app.storage.practices.updateTheme(request.params.id, { ...b, ...(b.nameEs ? { nameEs: b.nameEs.trim() } : {}), ...(b.nameEn ? { nameEn: b.nameEn.trim() } : {}) })
    if (!theme) return sendError(reply, 404, 'not_found', 'No such theme.')
    await app.audit(request, { action: 'practice_theme.updated', target: theme.id, details: { fields: Object.keys(b).join(' ') } })
    announce()
    return theme
  })

  // --- prioritisation rounds (PRACT-10..14) -----------------------------------------------

  const isClosed = (round: PracticeRound): boolean => round.closedAt !== null || round.deadline <= now().toISOString()

  const view = async (auth: AuthenticatedUser, round: PracticeRound): Promise<RoundView> => {
    const ballots = await app.storage.practices.listBallots(round.id)
    const closed = isClosed(round)
    const mine = ballots.find((b) => b.delegation === auth.user.delegation)
    return {
      ...round,
      closed,
      voted: ballots.map((b) => b.delegation),
      myBallot: mine ? mine.ranking : null,
      mayVote: !closed && !mine && round.voters.includes(auth.user.delegation),
      // PRACT-13: how each delegation voted is nobody's business (its own aside) until the round closes.
      ballots: closed ? ballots : null,
      ranking: closed ? countBallots(round.practiceIds, round.priorities, ballots) : null,
    }
  }

  app.get('/api/practices/rounds', async (request, reply): Promise<RoundsResponse | undefined> => {
    const auth = requireUser(request, reply)
    if (!auth) return
    const rounds: RoundView[] = []
    for (const round of await app.storage.practices.listRounds()) rounds.push(await view(auth, round))
    return { rounds }
  })

  app.post<{ Body: RoundRequest }>('/api/practices/rounds', { schema: { body: RoundRequest }, bodyLimit: 64 * 1024 }, async (request, reply) => {
    const auth = await requireManager(request, reply)
    if (!auth) return
    const b = request.body
    for (const id of b.practiceIds) {
      const p = await app.storage.practices.getPractice(id)
      if (!p || p.status !== 'accepted') throw new Refused(400, 'practice_not_accepted', `practiceIds: ${id} is not an accepted practice; only accepted practices are prioritised.`)
    }
    for (const code of b.voters) {
      if (!(await app.storage.delegations.getDelegation(code))) throw new Refused(400, 'unknown_delegation', `voters: there is no delegation ${code}.`)
    }
    if (b.priorities > b.practiceIds.length) throw new Refused(400, 'invalid_request', 'priorities: a ballot cannot rank more priorities than the round has practices.')
    if (new Date(b.deadline).getTime() <= now().getTime()) throw new Refused(400, 'invalid_date', 'deadline: the deadline must be in the future.')
    const round: PracticeRound = {
      id: newId(),
      title: b.title.trim(),
      practiceIds: b.practiceIds,
      voters: b.voters,
      priorities: b.priorities,
      deadline: new Date(b.deadline).toISOString(),
      createdBy: auth.user.id,
      createdAt: now().toISOString(),
      closedAt: null,
      documentId: null,
    }
    await app.storage.practices.createRound(round)
    await app.audit(request, { action: 'practice_round.created', target: round.id, details: { practices: round.practiceIds.length, voters: round.voters.join(' ') } })
    announce()
    return reply.code(201).send(await view(auth, round))
  })

  app.post<{ Params: IdParams; Body: BallotRequest }>(
    '/api/practices/rounds/:id/ballot',
    { schema: { params: IdParams, body: BallotRequest } },
    async (request, reply) => {
      const auth = requireUser(request, reply)
      if (!auth) return
      const round = await app.storage.practices.getRound(request.params.id)
      if (!round) throw new Refused(404, 'not_found', 'No such round.')
      if (!round.voters.includes(auth.user.delegation)) throw new Refused(403, 'not_invited', 'Your delegation is not invited to vote in this round.')
      if (isClosed(round)) throw new Refused(409, 'round_closed', 'This round is closed; no more votes are taken.')
      const ranking = request.body.ranking
      if (ranking.length > round.priorities) throw new Refused(400, 'too_many_priorities', `ranking: rank at most ${round.priorities} practices.`)
      const stray = ranking.find((id) => !round.practiceIds.includes(id))
      if (stray) throw new Refused(400, 'not_in_round', `ranking: ${stray} is not one of this round's practices.`)
      const cast = await app.storage.practices.castBallot({ roundId: round.id, delegation: auth.user.delegation, ranking, castBy: auth.user.id, castAt: now().toISOString() })
      if (!cast) throw new Refused(409, 'already_voted', 'Your delegation has already voted in this round; a ballot is cast once.')
      // Who voted, not how: the ranking stays secret until the round closes (PRACT-13).
      await app.audit(request, { action: 'practice_round.voted', target: round.id, details: { delegation: auth.user.delegation } })
      announce()
      return reply.code(201).send(await view(auth, round))
    },
  )

  app.post<{ Params: IdParams }>('/api/practices/rounds/:id/close', { schema: { params: IdParams } }, async (request, reply) => {
    const auth = await requireManager(request, reply)
    if (!auth) return
    const round = await app.storage.practices.getRound(request.params.id)
    if (!round) return sendError(reply, 404, 'not_found', 'No such round.')
    if (isClosed(round)) return sendError(reply, 409, 'round_closed', 'This round is already closed.')
    const closed = await app.storage.practices.updateRound(round.id, { closedAt: now().toISOString() })
    await app.audit(request, { action: 'practice_round.closed', target: round.id })
    announce()
    return view(auth, closed!)
  })

  // --- the compilation draft (PRACT-20) ----------------------------------------------------

  app.post<{ Body: CompilePracticesRequest }>('/api/practices/compile', { schema: { body: CompilePracticesRequest }, bodyLimit: 64 * 1024 }, async (request, reply): Promise<CompileResponse | undefined> => {
    const auth = await requireManager(request, reply)
    if (!auth) return
    const b = request.body
    const language = b.language
    const round = b.roundId ? await app.storage.practices.getRound(b.roundId) : undefined
    if (b.roundId && !round) throw new Refused(400, 'unknown_round', 'roundId: there is no such round.')
    if (round && !isClosed(round)) throw new Refused(409, 'round_open', 'roundId: compile from a round once it is closed.')
    const ranking = round ? countBallots(round.practiceIds, round.priorities, await app.storage.practices.listBallots(round.id)) : []
    const chosen: CompiledPractice[] = []
    for (const id of b.practiceIds) {
      const p = await app.storage.practices.getPractice(id)
      if (!p || p.status !== 'accepted') throw new Refused(400, 'practice_not_accepted', `practiceIds: ${id} is not an accepted practice.`)
      const delegation = await app.storage.delegations.getDelegation(p.delegation)
      const entry = ranking.find((r) => r.practiceId === id)
      chosen.push({
        title: p.title,
        country: p.country,
        delegationName: delegation ? (language === 'es' ? delegation.nameEs : delegation.nameEn) : p.delegation,
        themeId: p.themeId,
        description: p.description,
        why: p.why,
        how: p.how,
        contact: p.contact,
        links: p.links,
        standing: entry
          ? language === 'es'
            ? `${entry.rank}.º${entry.tied ? ' (empate)' : ''}, ${entry.points} ${entry.points === 1 ? 'punto' : 'puntos'}`
            : `#${entry.rank}${entry.tied ? ' (tie)' : ''}, ${entry.points} ${entry.points === 1 ? 'point' : 'points'}`
          : null,
      })
    }
    if (refuseOverDraftQuota(app, auth.user.id, reply)) return
    const at = now().toISOString()
    const record: DocumentRecord = { id: randomBytes(12).toString('base64url'), title: b.title.trim(), template: 'good-practices', createdBy: auth.user.id, createdAt: at, updatedAt: at }
    const doc = compilationDocument(record.title, language, await app.storage.practices.listThemes(), chosen)
    await app.storage.createDocument(record, jsonToYUpdate(doc))
    await app.collab.write({ documentId: record.id, name: 'meta' }, (d) => d.getMap(REVIEW_SETTINGS_KEY).set('language', language))
    if (round) await app.storage.practices.updateRound(round.id, { documentId: record.id })
    await app.audit(request, { action: 'practice.compiled', documentId: record.id, details: { practices: chosen.length, round: round?.id ?? null } })
    announce()
    return reply.code(201).send({ id: record.id })
  })
}
