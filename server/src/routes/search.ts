/**
 * GET /api/search?q= (SEARCH-3): drafts (titles, paragraphs, comments), the register, the
 * glossary (SEARCH-5) and files,
 * only what the caller may read: the drafts shared with them or their delegation (the same
 * membership rule as every draft route, trashed drafts left out), the register, and the files
 * visible to them.
 */
import type { FastifyInstance } from 'fastify'
import { may, SearchRequest, type SearchResponse, type SearchResult } from '@consenso/protocol'
import { requireUser } from '../auth/plugin.ts'
import { roleFromMembers } from '../auth/document-access.ts'
import type { MemberRecord } from '../storage/storage.ts'
import type { SearchHit } from '../storage/search.ts'
import { parseQuery, snippet } from '../search/text.ts'

const DEFAULT_LIMIT = 20

/** The access keys a person holds (SEARCH-3): `all`, and `draft:ID` for each draft they may read. */
export async function accessKeys(app: FastifyInstance, user: { id: string; delegation: string }): Promise<string[]> {
  const memberships = await app.storage.members.membershipsOf(user.id, user.delegation)
  const byDocument = new Map<string, MemberRecord[]>()
  for (const m of memberships) byDocument.set(m.documentId, [...(byDocument.get(m.documentId) ?? []), m])
  const keys = ['all']
  if (byDocument.size > 0) {
    const live = new Set((await app.storage.listDocuments()).map((d) => d.id))
    for (const [id, members] of byDocument) {
      const role = roleFromMembers(members, user)
      if (role && may(role, 'read') && live.has(id)) keys.push(`draft:${id}`)
    }
  }
  if (app.extraSearchAccess) keys.push(...(await app.extraSearchAccess(user)))
  return keys
}

function hrefOf(hit: SearchHit): string {
  switch (hit.kind) {
    case 'title':
      return `/d/${encodeURIComponent(hit.target)}`
    case 'paragraph':
    case 'comment':
      return `/d/${encodeURIComponent(hit.target)}${hit.ref ? `?p=${encodeURIComponent(hit.ref)}` : ''}`
    case 'agreement':
      return `/register?agreement=${encodeURIComponent(hit.target)}`
    case 'meeting':
      return `/register/meetings?meeting=${encodeURIComponent(hit.target)}`
    case 'term':
      return `/glossary?entry=${encodeURIComponent(hit.target)}`
    case 'file':
      return `/files?file=${encodeURIComponent(hit.target)}`
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** More access keys a person holds (the files visible to them); set by the files routes. */
    extraSearchAccess?: (user: { id: string; delegation: string }) => Promise<string[]>
  }
}

export async function searchRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: SearchRequest }>('/api/search', { schema: { querystring: SearchRequest } }, async (request, reply): Promise<SearchResponse | undefined> => {
    const auth = requireUser(request, reply)
    if (!auth) return
    const { q } = request.query
    const words = parseQuery(q)
    if (words.length === 0) return { query: q, results: [], pending: false }
    const access = await accessKeys(app, auth.user)
    const hits = await app.storage.search.search({ text: q, access, limit: request.query.limit ?? DEFAULT_LIMIT })
    const results = hits.map((hit): SearchResult => {
      const shown = snippet(hit.text, words)
      return { kind: hit.kind, target: hit.target, paragraphId: hit.ref, label: hit.label, title: hit.title, snippet: shown.text, marks: shown.marks, href: hrefOf(hit) }
    })
    return { query: q, results, pending: app.searchIndex.pending }
  })
}
