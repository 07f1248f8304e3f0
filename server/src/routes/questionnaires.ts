/**
 * Questionnaires ([QUEST-*] in server/SPEC.md). Technical secretariats (delegations of kind
 * `secretariat`) and administrators build, address, open, follow, remind, publish and compile;
 * an addressed delegation's members answer for their delegation only, one answer per question
 * saved over the version they last saw (a 409 with the newer answer otherwise, QUEST-6), and
 * submit once. A delegation's answers are read by its members and the secretariats, and by
 * everyone else only once the secretariat publishes them (QUEST-9). Every change is announced
 * on the page's event stream (`questionnaire`, QUEST-12) and the lifecycle is audited.
 */
import { managesWorkspace } from '../auth/document-access.ts'
import { randomBytes } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import {
  AnswerParams,
  CompileQuestionnaireRequest,
  QuestionnaireExportQuery,
  IdParams,
  QuestionnaireChange,
  QuestionnaireRequest,
  REVIEW_SETTINGS_KEY,
  RemindRequest,
  ResponseParams,
  SaveAnswerRequest,
  answered,
  questionsOf,
  type Answer,
  type AnswerConflict,
  type AnswersResponse,
  type Language,
  type Questionnaire,
  type QuestionnaireDetail,
  type QuestionnairesResponse,
  type QuestionnaireSummary,
  type ResponseSummary,
} from '@consenso/protocol'
import { jsonToYUpdate } from '@consenso/schema'
import { requireUser } from '../auth/plugin.ts'
import type { AuthenticatedUser } from '../auth/sessions.ts'
import { newId } from '../auth/tokens.ts'
import { sendError } from '../errors.ts'
import { answerProblem, definitionProblem } from '../questionnaires/check.ts'
import { compiledBody } from '../questionnaires/compile.ts'
import { answersXlsx } from '../questionnaires/spreadsheet.ts'
import type { StoredAnswer, StoredResponse } from '../storage/questionnaires.ts'

const NOT_FOUND = 'No questionnaire with this id exists, or it is not addressed to your delegation.'

/** "2026-12-07 10:00" (UTC): a deadline as notices show it. */
const utcWords = (iso: string | null): string | undefined => (iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : undefined)

export function responseSummary(delegation: string, stored: StoredResponse | undefined, answers: readonly StoredAnswer[]): ResponseSummary {
  const mine = answers.filter((a) => a.delegation === delegation)
  return {
    delegation,
    state: stored?.submittedAt ? 'submitted' : mine.length > 0 || stored ? 'in_progress' : 'not_started',
    late: stored?.submittedAt ? stored.late : false,
    submittedAt: stored?.submittedAt ?? null,
    reopenRequestedAt: stored?.reopenRequestedAt ?? null,
    answered: mine.length,
  }
}

export async function questionnaireRoutes(app: FastifyInstance, options: { now?: () => Date } = {}): Promise<void> {
  const now = options.now ?? (() => new Date())

  /** Secretariats and administrators manage questionnaires (QUEST-1). */
  const manages = async (auth: AuthenticatedUser): Promise<boolean> =>
    managesWorkspace(app.storage, auth.user)

  /** May this person see the questionnaire at all? Managers always; others once open, if addressed or published. */
  const sees = (q: Questionnaire, auth: AuthenticatedUser, manager: boolean): boolean =>
    manager || (q.status !== 'draft' && (q.addressees.includes(auth.user.delegation) || q.publishedAt !== null))

  /** May this person read this delegation's answers (QUEST-9)? */
  const readsAnswers = (q: Questionnaire, auth: AuthenticatedUser, manager: boolean, delegation: string, stored: StoredResponse | undefined): boolean =>
    manager || (q.status !== 'draft' && q.addressees.includes(delegation) && (auth.user.delegation === delegation || (q.publishedAt !== null && Boolean(stored?.submittedAt))))

  const announce = (questionnaireId: string, delegation: string | null): void => app.collab.announce({ kind: 'questionnaire', questionnaireId, delegation })

  const load = async (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, manage = false) => {
    const auth = requireUser(request, reply)
    if (!auth) return null
    const manager = await manages(auth)
    const q = await app.storage.questionnaires.get(request.params.id)
    if (!q || !sees(q, auth, manager)) {
      void sendError(reply, 404, 'not_found', NOT_FOUND)
      return null
    }
    if (manage && !manager) {
      void sendError(reply, 403, 'forbidden', 'Only technical secretariats and administrators may manage questionnaires.')
      return null
    }
    return { auth, manager, q }
  }

  const summaryOf = async (q: Questionnaire, auth: AuthenticatedUser, manager: boolean): Promise<QuestionnaireSummary> => {
    let mine: ResponseSummary | null = null
    if (q.addressees.includes(auth.user.delegation) && q.status !== 'draft') {
      const stored = (await app.storage.questionnaires.listResponses(q.id)).find((r) => r.delegation === auth.user.delegation)
      mine = responseSummary(auth.user.delegation, stored, await app.storage.questionnaires.listAnswers(q.id, auth.user.delegation))
    }
    return { questionnaire: q, manages: manager, mine }
  }

  const responsesOf = async (q: Questionnaire): Promise<ResponseSummary[]> => {
    const stored = await app.storage.questionnaires.listResponses(q.id)
    const answers = await app.storage.questionnaires.listAnswers(q.id)
    return [...q.addressees].sort().map((code) => responseSummary(code, stored.find((r) => r.delegation === code), answers))
  }

  const unknownDelegations = async (codes: readonly string[]): Promise<string[]> => {
    const missing: string[] = []
    for (const code of codes) if (!(await app.storage.delegations.getDelegation(code))) missing.push(code)
    return missing
  }

  const nameOf = async (code: string, lang: Language): Promise<string> => {
    const d = await app.storage.delegations.getDelegation(code)
    return d ? (lang === 'es' ? d.nameEs : d.nameEn) : code
  }

  const notifyDelegations = async (q: Questionnaire, codes: readonly string[], kind: 'questionnaire_opened' | 'questionnaire_reminder', auth: AuthenticatedUser): Promise<void> => {
    const users = (await app.storage.accounts.listUsers()).filter((u) => !u.disabled && codes.includes(u.delegation))
    await app.notifier.notify({
      kind,
      documentId: null,
      recipients: users.map((u) => u.id),
      actorId: auth.user.id,
      data: { title: q.title.es, titleEn: q.title.en, questionnaireId: q.id, actorName: auth.user.name, actorDelegation: auth.user.delegation, ...(q.deadline ? { deadline: q.deadline, timeZone: 'UTC', localDeadline: utcWords(q.deadline) } : {}) },
    })
  }

  app.get('/api/questionnaires', async (request, reply): Promise<QuestionnairesResponse | undefined> => {
    const auth = requireUser(request, reply)
    if (!auth) return
    const manager = await manages(auth)
    const visible = (await app.storage.questionnaires.list()).filter((q) => sees(q, auth, manager))
    return { questionnaires: await Promise.all(visible.map((q) => summaryOf(q, auth, manager))) }
  })

  app.post<{ Body: QuestionnaireRequest }>('/api/questionnaires', { schema: { body: QuestionnaireRequest }, bodyLimit: 512 * 1024 }, async (request, reply) => {
    const auth = requireUser(request, reply)
    if (!auth) return
    if (!(await manages(auth))) return sendError(reply, 403, 'forbidden', 'Only technical secretariats and administrators may build questionnaires.')
    const problem = definitionProblem(request.body.sections)
    if (problem) return sendError(reply, 400, 'invalid_questionnaire', problem)
    const missing = await unknownDelegations(request.body.addressees)
    if (missing.length > 0) return sendError(reply, 400, 'unknown_delegation', `No delegation with the code ${missing.join(', ')}.`)
    const at = now().toISOString()
    const q: Questionnaire = {
      id: newId(),
      title: { es: request.body.title.es.trim(), en: request.body.title.en.trim() },
      sections: request.body.sections,
      addressees: request.body.addressees,
      deadline: request.body.deadline && new Date(request.body.deadline).toISOString(),
      status: 'draft',
      publishedAt: null,
      createdBy: auth.user.id,
      createdAt: at,
      updatedAt: at,
      openedAt: null,
    }
    await app.storage.questionnaires.create(q)
    await app.audit(request, { action: 'questionnaire.created', target: q.id })
    announce(q.id, null)
    return reply.code(201).send(q)
  })

  app.get<{ Params: IdParams }>('/api/questionnaires/:id', { schema: { params: IdParams } }, async (request, reply): Promise<QuestionnaireDetail | undefined> => {
    const found = await load(request, reply)
    if (!found) return
    const { q, auth, manager } = found
    const summary = await summaryOf(q, auth, manager)
    // Others' states only for managers, and for everyone once the answers are published.
    const responses = manager || q.publishedAt ? await responsesOf(q) : summary.mine ? [summary.mine] : []
    return { ...summary, responses }
  })

  app.patch<{ Params: IdParams; Body: QuestionnaireChange }>(
    '/api/questionnaires/:id',
    { schema: { params: IdParams, body: QuestionnaireChange }, bodyLimit: 512 * 1024 },
    async (request, reply) => {
      const found = await load(request, reply, true)
      if (!found) return
      const { q } = found
      const body = request.body
      if ((body.sections || body.title) && q.status !== 'draft') return sendError(reply, 409, 'questionnaire_open', 'The questions cannot change once the questionnaire is open; only its addressees and deadline can.')
      if (body.sections) {
        const problem = definitionProblem(body.sections)
        if (problem) return sendError(reply, 400, 'invalid_questionnaire', problem)
      }
      if (body.addressees) {
        const missing = await unknownDelegations(body.addressees)
        if (missing.length > 0) return sendError(reply, 400, 'unknown_delegation', `No delegation with the code ${missing.join(', ')}.`)
      }
      const added = body.addressees && q.status === 'open' ? body.addressees.filter((c) => !q.addressees.includes(c)) : []
      const next: Questionnaire = {
        ...q,
        ...(body.title ? { title: { es: body.title.es.trim(), en: body.title.en.trim() } } : {}),
        ...(body.sections ? { sections: body.sections } : {}),
        ...(body.addressees ? { addressees: body.addressees } : {}),
        ...(body.deadline !== undefined ? { deadline: body.deadline && new Date(body.deadline).toISOString() } : {}),
        updatedAt: now().toISOString(),
      }
      if (!(await app.storage.questionnaires.update(next))) return sendError(reply, 404, 'not_found', NOT_FOUND)
      await app.audit(request, { action: 'questionnaire.updated', target: q.id, details: { fields: Object.keys(body).join(',') } })
      announce(q.id, null)
      if (added.length > 0) await notifyDelegations(next, added, 'questionnaire_opened', found.auth)
      return next
    },
  )

  /** Opening sends it to the addressed delegations (QUEST-4); closing stops answers and submissions. */
  for (const [path, from, to, action] of [
    ['open', 'draft', 'open', 'questionnaire.opened'],
    ['close', 'open', 'closed', 'questionnaire.closed'],
  ] as const) {
    app.post<{ Params: IdParams }>(`/api/questionnaires/:id/${path}`, { schema: { params: IdParams } }, async (request, reply) => {
      const found = await load(request, reply, true)
      if (!found) return
      const { q } = found
      if (q.status !== from) return sendError(reply, 409, 'questionnaire_state', `Only a questionnaire that is ${from === 'draft' ? 'a draft' : 'open'} can be ${to === 'open' ? 'opened' : 'closed'}.`)
      if (to === 'open' && q.addressees.length === 0) return sendError(reply, 400, 'no_addressees', 'Address the questionnaire to at least one delegation before opening it.')
      const at = now().toISOString()
      const next: Questionnaire = { ...q, status: to, updatedAt: at, ...(to === 'open' ? { openedAt: at } : {}) }
      await app.storage.questionnaires.update(next)
      await app.audit(request, { action, target: q.id })
      announce(q.id, null)
      if (to === 'open') await notifyDelegations(next, next.addressees, 'questionnaire_opened', found.auth)
      return next
    })
  }

  /** Publishing lets every signed-in person read the submitted answers (QUEST-9). */
  app.post<{ Params: IdParams }>('/api/questionnaires/:id/publish', { schema: { params: IdParams } }, async (request, reply) => {
    const found = await load(request, reply, true)
    if (!found) return
    const { q } = found
    if (q.status === 'draft') return sendError(reply, 409, 'questionnaire_state', 'Open the questionnaire before publishing its answers.')
    if (q.publishedAt) return q
    const next: Questionnaire = { ...q, publishedAt: now().toISOString(), updatedAt: now().toISOString() }
    await app.storage.questionnaires.update(next)
    await app.audit(request, { action: 'questionnaire.published', target: q.id })
    announce(q.id, null)
    return next
  })

  /** A delegation's answers: its members, the secretariats, and everyone once published and submitted. */
  app.get<{ Params: ResponseParams }>('/api/questionnaires/:id/answers/:delegation', { schema: { params: ResponseParams } }, async (request, reply): Promise<AnswersResponse | undefined> => {
    const found = await load(request, reply)
    if (!found) return
    const { q, auth, manager } = found
    const code = request.params.delegation
    const stored = (await app.storage.questionnaires.listResponses(q.id)).find((r) => r.delegation === code)
    if (!readsAnswers(q, auth, manager, code, stored)) return sendError(reply, 404, 'not_found', 'These answers are not yours to read until the secretariat publishes them.')
    const answers = await app.storage.questionnaires.listAnswers(q.id, code)
    const names = new Map((await app.storage.accounts.listUsers()).map((u) => [u.id, u.name]))
    return {
      response: responseSummary(code, stored, answers),
      answers: answers.map((a): Answer => ({ questionId: a.questionId, value: a.value, version: a.version, updatedBy: a.updatedBy, updatedByName: names.get(a.updatedBy) ?? '', updatedAt: a.updatedAt })),
    }
  })

  /** Only the delegation's own members write its answers, while it is open and not submitted. */
  const answering = async (request: FastifyRequest<{ Params: ResponseParams }>, reply: FastifyReply) => {
    const found = await load(request, reply)
    if (!found) return null
    const { q, auth } = found
    const code = request.params.delegation
    if (!q.addressees.includes(code) || auth.user.delegation !== code) {
      void sendError(reply, 403, 'forbidden', 'Only the focal points of an addressed delegation answer for it.')
      return null
    }
    if (q.status !== 'open') {
      void sendError(reply, 409, 'questionnaire_state', 'This questionnaire is not open for answers.')
      return null
    }
    return { ...found, code }
  }

  app.put<{ Params: AnswerParams; Body: SaveAnswerRequest }>(
    '/api/questionnaires/:id/answers/:delegation/:question',
    { schema: { params: AnswerParams, body: SaveAnswerRequest }, bodyLimit: 256 * 1024 },
    async (request, reply) => {
      const found = await answering(request, reply)
      if (!found) return
      const { q, auth, code } = found
      const question = questionsOf(q).find((x) => x.id === request.params.question)
      if (!question) return sendError(reply, 404, 'not_found', 'This questionnaire has no such question.')
      const checked = answerProblem(question, request.body.value)
      if ('problem' in checked) return sendError(reply, 400, 'invalid_answer', checked.problem)
      const at = now().toISOString()
      const result = await app.storage.questionnaires.saveAnswer(
        { questionnaireId: q.id, delegation: code, questionId: question.id, value: checked.value, updatedBy: auth.user.id, updatedAt: at },
        request.body.version,
      )
      if (!result.saved && result.reason === 'submitted') return sendError(reply, 409, 'submitted', 'Your delegation has submitted its answers; ask the secretariat to reopen them to change anything.')
      if (!result.saved) {
        const current = (await app.storage.questionnaires.listAnswers(q.id, code)).find((a) => a.questionId === question.id)
        const currentUser = current && (await app.storage.accounts.getUser(current.updatedBy))
        const conflict: AnswerConflict = {
          error: 'answer_conflict',
          message: 'Someone in your delegation saved this answer a moment ago; yours was not saved over it.',
          current: current
            ? { questionId: current.questionId, value: current.value, version: current.version, updatedBy: current.updatedBy, updatedByName: currentUser?.name ?? '', updatedAt: current.updatedAt }
            : { questionId: question.id, value: {}, version: 0, updatedBy: '', updatedByName: '', updatedAt: at },
        }
        return reply.code(409).send(conflict)
      }
      announce(q.id, code)
      return { questionId: question.id, value: checked.value, version: result.version, updatedBy: auth.user.id, updatedByName: auth.user.name, updatedAt: at } satisfies Answer
    },
  )

  /** Submitting once (QUEST-7): every required question answered; late when after the deadline. */
  app.post<{ Params: ResponseParams }>('/api/questionnaires/:id/answers/:delegation/submit', { schema: { params: ResponseParams } }, async (request, reply) => {
    const found = await answering(request, reply)
    if (!found) return
    const { q, auth, code } = found
    const answers = new Map((await app.storage.questionnaires.listAnswers(q.id, code)).map((a) => [a.questionId, a.value]))
    const missing = questionsOf(q).filter((x) => x.required && !answered(x.kind, answers.get(x.id)))
    if (missing.length > 0) return sendError(reply, 400, 'required_unanswered', `Answer every required question first: ${missing.map((x) => x.label.en).join('; ')}.`)
    const at = now().toISOString()
    const late = q.deadline !== null && at > q.deadline
    if (!(await app.storage.questionnaires.submit(q.id, code, auth.user.id, at, late))) return sendError(reply, 409, 'submitted', 'Your delegation has already submitted its answers.')
    await app.audit(request, { action: 'questionnaire.submitted', target: q.id, details: { delegation: code, late } })
    announce(q.id, code)
    const stored = (await app.storage.questionnaires.listResponses(q.id)).find((r) => r.delegation === code)
    return responseSummary(code, stored, await app.storage.questionnaires.listAnswers(q.id, code))
  })

  app.post<{ Params: ResponseParams }>('/api/questionnaires/:id/answers/:delegation/reopen-request', { schema: { params: ResponseParams } }, async (request, reply) => {
    const found = await load(request, reply)
    if (!found) return
    const { q, auth } = found
    const code = request.params.delegation
    if (!q.addressees.includes(code) || auth.user.delegation !== code) return sendError(reply, 403, 'forbidden', 'Only the focal points of the delegation may ask to reopen its answers.')
    if (!(await app.storage.questionnaires.requestReopen(q.id, code, now().toISOString()))) return sendError(reply, 409, 'not_submitted', 'Your delegation has not submitted its answers; they are still open.')
    await app.audit(request, { action: 'questionnaire.reopen_requested', target: q.id, details: { delegation: code } })
    announce(q.id, code)
    return reply.code(204).send()
  })

  app.post<{ Params: ResponseParams }>('/api/questionnaires/:id/answers/:delegation/reopen', { schema: { params: ResponseParams } }, async (request, reply) => {
    const found = await load(request, reply, true)
    if (!found) return
    const { q } = found
    const code = request.params.delegation
    if (!(await app.storage.questionnaires.reopen(q.id, code))) return sendError(reply, 409, 'not_submitted', 'This delegation has not submitted its answers.')
    await app.audit(request, { action: 'questionnaire.reopened', target: q.id, details: { delegation: code } })
    announce(q.id, code)
    return reply.code(204).send()
  })

  /** Reminders go to the named (or every) addressed delegation that has not submitted (QUEST-8). */
  app.post<{ Params: IdParams; Body: RemindRequest }>('/api/questionnaires/:id/remind', { schema: { params: IdParams, body: RemindRequest } }, async (request, reply) => {
    const found = await load(request, reply, true)
    if (!found) return
    const { q, auth } = found
    if (q.status !== 'open') return sendError(reply, 409, 'questionnaire_state', 'Reminders go only while the questionnaire is open.')
    const pending = (await responsesOf(q)).filter((r) => r.state !== 'submitted').map((r) => r.delegation)
    const chosen = request.body.delegations ? pending.filter((c) => request.body.delegations!.includes(c)) : pending
    await notifyDelegations(q, chosen, 'questionnaire_reminder', auth)
    await app.audit(request, { action: 'questionnaire.reminded', target: q.id, details: { delegations: chosen.join(',') } })
    return { reminded: chosen }
  })

  const submittedAnswers = async (q: Questionnaire, lang: Language) => {
    const stored = await app.storage.questionnaires.listResponses(q.id)
    const answers = await app.storage.questionnaires.listAnswers(q.id)
    const out = []
    for (const code of [...q.addressees].sort()) {
      const response = stored.find((r) => r.delegation === code)
      const mine = answers.filter((a) => a.delegation === code)
      out.push({ code, name: await nameOf(code, lang), response: responseSummary(code, response, answers), answers: new Map(mine.map((a) => [a.questionId, a.value])) })
    }
    return out
  }

  /** Compile makes a new ordinary draft of every submitted answer (QUEST-10). */
  app.post<{ Params: IdParams; Body: CompileQuestionnaireRequest }>('/api/questionnaires/:id/compile', { schema: { params: IdParams, body: CompileQuestionnaireRequest } }, async (request, reply) => {
    const found = await load(request, reply, true)
    if (!found) return
    const { q, auth } = found
    if (q.status === 'draft') return sendError(reply, 409, 'questionnaire_state', 'Open the questionnaire before compiling its answers.')
    const lang = request.body.language ?? 'es'
    const submitted = (await submittedAnswers(q, lang)).filter((s) => s.response.state === 'submitted')
    const at = now().toISOString()
    const id = randomBytes(12).toString('base64url')
    const title = `${q.title[lang]} — ${lang === 'es' ? 'compilación' : 'compilation'}`.slice(0, 200)
    await app.storage.createDocument({ id, title, template: 'questionnaire', createdBy: auth.user.id, createdAt: at, updatedAt: at }, jsonToYUpdate(compiledBody(q, submitted, lang)))
    // Ready for review: the delegations that were asked comment on it, the secretariat edits.
    for (const code of q.addressees) await app.storage.members.setMember({ documentId: id, principalType: 'delegation', principalId: code, role: 'commenter' })
    if (auth.user.delegation && !q.addressees.includes(auth.user.delegation)) {
      await app.storage.members.setMember({ documentId: id, principalType: 'delegation', principalId: auth.user.delegation, role: 'editor' })
    }
    await app.collab.write({ documentId: id, name: 'meta' }, (doc) => doc.getMap(REVIEW_SETTINGS_KEY).set('language', lang))
    await app.audit(request, { action: 'questionnaire.compiled', target: q.id, documentId: id, details: { delegations: submitted.map((s) => s.code).join(',') } })
    return reply.code(201).send({ id })
  })

  /** The answers as a spreadsheet: managers see every delegation; others, once published, the submitted ones. */
  app.get<{ Params: IdParams; Querystring: QuestionnaireExportQuery }>('/api/questionnaires/:id/answers.xlsx', { schema: { params: IdParams, querystring: QuestionnaireExportQuery } }, async (request, reply) => {
    const found = await load(request, reply)
    if (!found) return
    const { q, manager } = found
    if (!manager && !q.publishedAt) return sendError(reply, 403, 'forbidden', 'The answers are downloadable once the secretariat publishes them.')
    const lang = request.query.lang ?? 'es'
    const rows = (await submittedAnswers(q, lang)).filter((r) => manager || r.response.state === 'submitted')
    const file = await answersXlsx(q, rows, lang)
    const name = `${lang === 'es' ? 'cuestionario' : 'questionnaire'}-${q.id}.xlsx`
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="${name}"`)
      .header('cache-control', 'no-store')
      .send(file)
  })
}
