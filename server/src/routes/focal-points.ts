/**
 * The focal-point directory (server/SPEC.md FOCAL-10..): everyone signed in reads it; a
 * delegation's own people add, change and remove that delegation's entries, secretariats and
 * administrators anyone's (FOCAL-11), each change audited; vCard and .xlsx downloads, filtered
 * by delegation and process (FOCAL-20, 21).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import {
  FOCAL_PROCESS_SUGGESTIONS,
  FocalPointExportQuery,
  FocalPointInput,
  focalPointName,
  focalPointProblem,
  IdParams,
  processKey,
  tidyFocalPoint,
  type FocalPoint,
  type FocalPointsResponse,
} from '@consenso/protocol'
import { managesWorkspace } from '../auth/document-access.ts'
import { requireUser } from '../auth/plugin.ts'
import type { AuthenticatedUser } from '../auth/sessions.ts'
import { newId } from '../auth/tokens.ts'
import { sendError } from '../errors.ts'
import { focalPointsXlsx } from '../focal-points/spreadsheet.ts'
import { focalPointsVcard } from '../focal-points/vcard.ts'

type User = AuthenticatedUser['user']

/** The processes in use (their first spelling), then the suggestions no entry uses yet. */
const processesOf = (entries: readonly FocalPoint[]): string[] => {
  const byKey = new Map<string, string>()
  for (const name of [...entries.map((e) => e.process), ...FOCAL_PROCESS_SUGGESTIONS]) if (!byKey.has(processKey(name))) byKey.set(processKey(name), name)
  return [...byKey.values()]
}

export async function focalPointRoutes(app: FastifyInstance): Promise<void> {
  const editsAll = (user: User): Promise<boolean> => managesWorkspace(app.storage, user)

  /** Whether the caller may change entries of `delegation` (FOCAL-11); 403 sent when not. */
  const allowed = async (reply: FastifyReply, user: User, delegation: string): Promise<boolean> => {
    if (user.delegation === delegation || (await editsAll(user))) return true
    void sendError(reply, 403, 'forbidden', `Only ${delegation}'s own people, technical secretariats and administrators may change ${delegation}'s focal points.`)
    return false
  }

  /** The request's entry tidied and checked (FOCAL-12), with its process in the spelling in use; null with 400 sent. */
  const checked = async (reply: FastifyReply, body: FocalPointInput): Promise<FocalPointInput | null> => {
    const input = tidyFocalPoint(body)
    const problem = focalPointProblem(input)
    if (problem) {
      void sendError(reply, 400, 'invalid_focal_point', problem)
      return null
    }
    if (!(await app.storage.delegations.getDelegation(input.delegation))) {
      void sendError(reply, 400, 'invalid_focal_point', `There is no delegation with the code ${input.delegation}.`)
      return null
    }
    if (input.userId !== null) {
      const account = await app.storage.accounts.getUser(input.userId)
      if (!account || account.delegation !== input.delegation) {
        void sendError(reply, 400, 'invalid_focal_point', `The linked account must be one of ${input.delegation}'s own accounts.`)
        return null
      }
    }
    const inUse = processesOf(await app.storage.focalPoints.list()).find((p) => processKey(p) === processKey(input.process))
    return { ...input, process: inUse ?? input.process }
  }

  const signedIn = (request: FastifyRequest, reply: FastifyReply): AuthenticatedUser | null => requireUser(request, reply)

  const audited = (e: FocalPoint) => ({ delegation: e.delegation, process: e.process, role: e.role, name: focalPointName(e) })

  app.get('/api/focal-points', async (request, reply): Promise<FocalPointsResponse | undefined> => {
    const auth = signedIn(request, reply)
    if (!auth) return
    const entries = await app.storage.focalPoints.list()
    return { entries, processes: processesOf(entries), editsAll: await editsAll(auth.user), delegation: auth.user.delegation }
  })

  app.post<{ Body: FocalPointInput }>('/api/focal-points', { schema: { body: FocalPointInput } }, async (request, reply) => {
    const auth = signedIn(request, reply)
    if (!auth || !(await allowed(reply, auth.user, request.body.delegation))) return
    const input = await checked(reply, request.body)
    if (!input) return
    const entry: FocalPoint = { id: newId(), ...input, updatedBy: auth.user.id, updatedAt: new Date().toISOString() }
    await app.storage.focalPoints.put(entry)
    await app.audit(request, { action: 'focal_point.created', target: entry.id, details: audited(entry) })
    app.collab.announce({ kind: 'focalPoints' })
    return reply.code(201).send(entry)
  })

  app.put<{ Params: IdParams; Body: FocalPointInput }>('/api/focal-points/:id', { schema: { params: IdParams, body: FocalPointInput } }, async (request, reply) => {
    const auth = signedIn(request, reply)
    if (!auth) return
    const old = await app.storage.focalPoints.get(request.params.id)
    if (!old) return sendError(reply, 404, 'not_found', 'No such focal point; someone may have removed it. Reload the directory.')
    // Both the delegation it belongs to and the one it would move to must be the caller's.
    if (!(await allowed(reply, auth.user, old.delegation)) || !(await allowed(reply, auth.user, request.body.delegation))) return
    const input = await checked(reply, request.body)
    if (!input) return
    const entry: FocalPoint = { ...old, ...input, updatedBy: auth.user.id, updatedAt: new Date().toISOString() }
    await app.storage.focalPoints.put(entry)
    await app.audit(request, { action: 'focal_point.updated', target: entry.id, details: audited(entry) })
    app.collab.announce({ kind: 'focalPoints' })
    return entry
  })

  app.delete<{ Params: IdParams }>('/api/focal-points/:id', { schema: { params: IdParams } }, async (request, reply) => {
    const auth = signedIn(request, reply)
    if (!auth) return
    const old = await app.storage.focalPoints.get(request.params.id)
    if (!old) return sendError(reply, 404, 'not_found', 'No such focal point; someone may have removed it. Reload the directory.')
    if (!(await allowed(reply, auth.user, old.delegation))) return
    if (!(await app.storage.focalPoints.delete(old.id))) return sendError(reply, 404, 'not_found', 'No such focal point; someone may have removed it. Reload the directory.')
    await app.audit(request, { action: 'focal_point.deleted', target: old.id, details: audited(old) })
    app.collab.announce({ kind: 'focalPoints' })
    return reply.code(204).send()
  })

  app.get<{ Querystring: FocalPointExportQuery }>('/api/focal-points/export', { schema: { querystring: FocalPointExportQuery } }, async (request, reply) => {
    if (!signedIn(request, reply)) return
    const { format, delegation, process } = request.query
    const lang = request.query.lang ?? 'es'
    const entries = (await app.storage.focalPoints.list()).filter(
      (e) => (!delegation || e.delegation === delegation) && (!process || processKey(e.process) === processKey(process)),
    )
    const names = new Map((await app.storage.delegations.listDelegations()).map((d) => [d.code, lang === 'es' ? d.nameEs : d.nameEn]))
    const nameOf = (code: string): string => names.get(code) ?? code
    const base = lang === 'es' ? 'puntos-focales' : 'focal-points'
    const [type, name, content] =
      format === 'vcf'
        ? ['text/vcard; charset=utf-8', `${base}.vcf`, focalPointsVcard(entries, nameOf, lang)]
        : ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', `${base}.xlsx`, await focalPointsXlsx(entries, nameOf, lang)]
    return reply.type(type).header('content-disposition', `attachment; filename="${name}"`).header('cache-control', 'no-store').send(content)
  })
}
