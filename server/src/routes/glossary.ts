/**
 * The workspace glossary (server/SPEC.md GLOSS-10..): everyone signed in reads it (the editor
 * marks its terms); technical secretariats (and administrators) create, change, delete and
 * import entries, each change audited and the search index told (SEARCH-5); CSV and TBX downloads for everyone signed in.
 */
import { managesWorkspace } from '../auth/document-access.ts'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import {
  GlossaryEntryInput,
  GlossaryExportQuery,
  GlossaryImportRequest,
  IdParams,
  type GlossaryEntry,
  type GlossaryImportResponse,
  type GlossaryResponse,
} from '@consenso/protocol'
import { requireUser } from '../auth/plugin.ts'
import type { AuthenticatedUser } from '../auth/sessions.ts'
import { newId } from '../auth/tokens.ts'
import { sendError } from '../errors.ts'
import { separatorFor } from '../csv.ts'
import { glossaryFromCsv, glossaryToCsv } from '../glossary/csv.ts'
import { contentOf, entryProblem, pointerProblem, sameContent, tidyEntry } from '../glossary/entries.ts'
import { planImport } from '../glossary/import.ts'
import { GlossaryFileError } from '../glossary/imported.ts'
import { glossaryFromTbx, glossaryToTbx } from '../glossary/tbx.ts'

export async function glossaryRoutes(app: FastifyInstance): Promise<void> {
  const canEdit = async (user: AuthenticatedUser['user']): Promise<boolean> =>
    managesWorkspace(app.storage, user)

  /** The caller when they may change the glossary (GLOSS-11); 401/403 sent otherwise. */
  const editor = async (request: FastifyRequest, reply: FastifyReply): Promise<AuthenticatedUser | null> => {
    const auth = requireUser(request, reply)
    if (!auth) return null
    if (await canEdit(auth.user)) return auth
    void sendError(reply, 403, 'forbidden', 'Only technical secretariats and administrators may change the glossary.')
    return null
  }

  /** The entry with its pointer checked against the glossary it joins (GLOSS-12), or an error sent. */
  const checked = async (reply: FastifyReply, entry: GlossaryEntry): Promise<boolean> => {
    const problem = entryProblem(entry)
    if (problem) {
      void sendError(reply, 400, 'invalid_entry', problem)
      return false
    }
    const others = (await app.storage.glossary.list()).filter((e) => e.id !== entry.id)
    const pointer = pointerProblem([...others, entry])
    if (pointer) {
      void sendError(reply, 400, 'invalid_entry', pointer)
      return false
    }
    return true
  }

  app.get('/api/glossary', async (request, reply): Promise<GlossaryResponse | undefined> => {
    const auth = requireUser(request, reply)
    if (!auth) return
    return { entries: await app.storage.glossary.list(), canEdit: await canEdit(auth.user) }
  })

  app.post<{ Body: GlossaryEntryInput }>('/api/glossary', { schema: { body: GlossaryEntryInput } }, async (request, reply) => {
    const auth = await editor(request, reply)
    if (!auth) return
    const now = new Date().toISOString()
    const entry: GlossaryEntry = { id: newId(), ...tidyEntry(request.body), createdBy: auth.user.id, createdAt: now, updatedBy: auth.user.id, updatedAt: now }
    if (!(await checked(reply, entry))) return
    await app.storage.glossary.write({ put: [entry], remove: [] })
    app.searchIndex.touchGlossary()
    await app.audit(request, { action: 'glossary.created', target: entry.id, details: { term: entry.termEs || entry.termEn } })
    return reply.code(201).send(entry)
  })

  app.put<{ Params: IdParams; Body: GlossaryEntryInput }>('/api/glossary/:id', { schema: { params: IdParams, body: GlossaryEntryInput } }, async (request, reply) => {
    const auth = await editor(request, reply)
    if (!auth) return
    const old = await app.storage.glossary.get(request.params.id)
    if (!old) return sendError(reply, 404, 'not_found', 'No such glossary entry.')
    const content = tidyEntry(request.body)
    if (sameContent(contentOf(old), content)) return old
    const entry: GlossaryEntry = { ...old, ...content, updatedBy: auth.user.id, updatedAt: new Date().toISOString() }
    if (!(await checked(reply, entry))) return
    await app.storage.glossary.write({ put: [entry], remove: [] })
    app.searchIndex.touchGlossary()
    await app.audit(request, { action: 'glossary.updated', target: entry.id, details: { term: entry.termEs || entry.termEn } })
    return entry
  })

  app.delete<{ Params: IdParams }>('/api/glossary/:id', { schema: { params: IdParams } }, async (request, reply) => {
    if (!(await editor(request, reply))) return
    const old = await app.storage.glossary.get(request.params.id)
    if (!old || !(await app.storage.glossary.delete(old.id))) return sendError(reply, 404, 'not_found', 'No such glossary entry.')
    app.searchIndex.touchGlossary()
    await app.audit(request, { action: 'glossary.deleted', target: old.id, details: { term: old.termEs || old.termEn } })
    return reply.code(204).send()
  })

  app.get<{ Querystring: GlossaryExportQuery }>('/api/glossary/export', { schema: { querystring: GlossaryExportQuery } }, async (request, reply) => {
    if (!requireUser(request, reply)) return
    const entries = await app.storage.glossary.list()
    const lang = request.query.lang ?? 'es'
    const [type, name, content] =
      request.query.format === 'csv'
        ? ['text/csv; charset=utf-8', lang === 'es' ? 'glosario.csv' : 'glossary.csv', glossaryToCsv(entries, separatorFor(lang))]
        : ['application/x-tbx+xml; charset=utf-8', lang === 'es' ? 'glosario.tbx' : 'glossary.tbx', glossaryToTbx(entries, lang === 'es' ? 'Glosario de Consenso' : 'Consenso glossary')]
    return reply.type(type).header('content-disposition', `attachment; filename="${name}"`).header('cache-control', 'no-store').send(content)
  })

  app.post<{ Body: GlossaryImportRequest }>('/api/glossary/import', { schema: { body: GlossaryImportRequest } }, async (request, reply) => {
    const auth = await editor(request, reply)
    if (!auth) return
    const { format, content, replace } = request.body
    let plan
    try {
      const incoming = format === 'csv' ? glossaryFromCsv(content) : glossaryFromTbx(content)
      plan = planImport(await app.storage.glossary.list(), incoming, { replace, userId: auth.user.id, now: new Date().toISOString(), newId })
    } catch (error) {
      if (error instanceof GlossaryFileError) return sendError(reply, 400, 'invalid_glossary_file', error.message)
      throw error
    }
    await app.storage.glossary.write(plan)
    app.searchIndex.touchGlossary()
    await app.audit(request, { action: 'glossary.imported', details: { format, replace, created: plan.created, updated: plan.updated, removed: plan.remove.length } })
    const response: GlossaryImportResponse = { created: plan.created, updated: plan.updated, removed: plan.remove.length, entries: await app.storage.glossary.list() }
    return response
  })
}
