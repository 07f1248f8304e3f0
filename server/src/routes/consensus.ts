/**
 * Parties, positions and brackets of a draft ([CONSENSUS-*] in server/SPEC.md). Everything is
 * written by the server into the draft's review document (and, for brackets, its body) in
 * answer to these authorised calls, then reaches every reader live over `/collab/:id/meta`.
 *
 * - Owners set the parties and resolve brackets.
 * - A party's members with edit rights record their own delegation's position, never
 *   another's.
 * - Editors bracket words on behalf of sponsoring delegations (their own among them unless
 *   they own the draft).
 */
import { positionNotice } from '../notify/notices.ts'
import type { FastifyInstance } from 'fastify'
import type * as Y from 'yjs'
import {
  DEFAULT_REVIEW_SETTINGS,
  PARTIES_SETTING,
  REVIEW_BRACKETS_KEY,
  REVIEW_SETTINGS_KEY,
  recordPosition,
  stanceNeedsText,
  type BracketRecord,
  type ConsensusSummary,
  CreateBracketRequest,
  type ParagraphConsensus,
  PartiesRequest,
  PositionRequest,
  ResolveBracketRequest,
} from '@consenso/protocol'
import { yDocToJSON, summarizeConsensus } from '@consenso/schema'
import { newId } from '../auth/tokens.ts'
import { sendError } from '../errors.ts'
import { blockIdOf, findBracket, markBracket, rangeFromAnchor, rangeHasBracket, replaceBracket, textOf, unmarkBracket } from '../consensus/body.ts'
import { consensusOf, paragraphHashes } from '../consensus/reopen.ts'
import { authorOf, draftAccess, isRefusal, refuse, sendRefusal } from './draft-access.ts'

type Params = { id: string; paragraphId?: string; bracketId?: string }

export const partiesOf = (meta: Y.Doc): string[] => {
  const value = meta.getMap(REVIEW_SETTINGS_KEY).get(PARTIES_SETTING)
  return Array.isArray(value) ? (value as string[]) : []
}
const bracketsOf = (meta: Y.Doc): Y.Map<BracketRecord> => meta.getMap<BracketRecord>(REVIEW_BRACKETS_KEY)

export async function consensusRoutes(app: FastifyInstance): Promise<void> {
  const access = draftAccess(app)
  const body = (documentId: string) => ({ documentId, name: 'body' as const })
  const meta = (documentId: string) => ({ documentId, name: 'meta' as const })

  const unknownDelegations = async (codes: readonly string[]): Promise<string[]> => {
    const missing: string[] = []
    for (const code of codes) if (!(await app.storage.delegations.getDelegation(code))) missing.push(code)
    return missing
  }

  app.get<{ Params: Params }>('/api/documents/:id/consensus', async (request, reply): Promise<ConsensusSummary | undefined> => {
    if (!(await access(request, reply, 'read'))) return
    const review = await app.collab.read(meta(request.params.id), (doc) => ({
      parties: partiesOf(doc),
      consensus: consensusOf(doc).toJSON() as Record<string, ParagraphConsensus>,
      brackets: bracketsOf(doc).toJSON() as Record<string, BracketRecord>,
    }))
    const json = await app.collab.read(body(request.params.id), yDocToJSON)
    return summarizeConsensus(json, review)
  })

  app.put<{ Params: Params; Body: PartiesRequest }>('/api/documents/:id/parties', { schema: { body: PartiesRequest } }, async (request, reply) => {
    if (!(await access(request, reply, 'manage'))) return
    const { parties } = request.body
    const missing = await unknownDelegations(parties)
    if (missing.length > 0) return sendError(reply, 400, 'unknown_delegation', `No delegation with the code ${missing.join(', ')}.`)
    await app.collab.write(meta(request.params.id), (doc) => doc.getMap(REVIEW_SETTINGS_KEY).set(PARTIES_SETTING, [...parties]))
    await app.audit(request, { action: 'consensus.parties', documentId: request.params.id, details: { parties: parties.join(' ') } })
    return { ...DEFAULT_REVIEW_SETTINGS, parties }
  })

  app.put<{ Params: Params; Body: PositionRequest }>(
    '/api/documents/:id/positions/:paragraphId',
    { schema: { body: PositionRequest } },
    async (request, reply) => {
      const caller = await access(request, reply, 'edit')
      if (!caller) return
      const documentId = request.params.id
      const paragraphId = request.params.paragraphId ?? ''
      const delegation = request.body.delegation ?? caller.user.delegation
      const stance = request.body.stance
      const text = request.body.text?.trim() || null
      if (delegation !== caller.user.delegation) {
        return sendError(reply, 403, 'not_your_delegation', `You may record the position of your own delegation (${caller.user.delegation}) only.`)
      }
      if (stance && stanceNeedsText(stance) && !text) {
        return sendError(reply, 400, 'position_text_required', 'A reservation or an objection must say what it is about.')
      }
      const hash = (await app.collab.read(body(documentId), paragraphHashes)).get(paragraphId)
      if (hash === undefined) return sendError(reply, 404, 'not_found', 'No numbered paragraph (PP or OP) with this id in the draft.')
      const by = authorOf(caller)
      const at = new Date().toISOString()
      app.consensus.noteConsensus(documentId)
      const outcome = await app.collab.write(meta(documentId), (doc) => {
        if (!partiesOf(doc).includes(delegation)) {
          return refuse(403, 'not_a_party', `${delegation} is not among the parties negotiating this draft.`)
        }
        const map = consensusOf(doc)
        const next = recordPosition(
          map.get(paragraphId),
          paragraphId,
          hash,
          stance ? { delegation, stance, text: stanceNeedsText(stance) ? text : null, by, at } : { delegation, stance: null },
          by,
          at,
        )
        map.set(paragraphId, next)
        return next
      })
      if (isRefusal(outcome)) return sendRefusal(reply, outcome)
      await app.audit(request, {
        action: 'consensus.position',
        documentId,
        target: paragraphId,
        details: { delegation, stance: stance ?? 'withdrawn' },
      })
      app.notifier.later(positionNotice(app, documentId, paragraphId, stance ?? null, by, Object.keys(outcome.positions)))
      return outcome
    },
  )

  app.post<{ Params: Params; Body: CreateBracketRequest }>(
    '/api/documents/:id/brackets',
    { schema: { body: CreateBracketRequest } },
    async (request, reply) => {
      const caller = await access(request, reply, 'edit')
      if (!caller) return
      const documentId = request.params.id
      const { anchor, sponsors, alternatives } = request.body
      if (caller.role !== 'owner' && !sponsors.includes(caller.user.delegation)) {
        return sendError(reply, 403, 'not_a_sponsor', `Your delegation (${caller.user.delegation}) must be among the sponsors of a bracket you make.`)
      }
      const missing = await unknownDelegations(sponsors)
      if (missing.length > 0) return sendError(reply, 400, 'unknown_delegation', `No delegation with the code ${missing.join(', ')}.`)
      const id = newId()
      const placed = await app.collab.write(body(documentId), (doc) => {
        const range = rangeFromAnchor(doc, anchor)
        if (!range) return refuse(400, 'invalid_anchor', 'Select some words within one paragraph of this draft to bracket them.')
        if (rangeHasBracket(range)) return refuse(409, 'already_bracketed', 'Part of these words is already in brackets; brackets do not overlap.')
        const quote = textOf(range)
        markBracket(range, id)
        return { quote, paragraphId: blockIdOf(range.text) }
      })
      if (isRefusal(placed)) return sendRefusal(reply, placed)
      const record: BracketRecord = {
        id,
        sponsors: [...sponsors],
        alternatives: alternatives.map((a) => a.trim()).filter(Boolean),
        status: 'open',
        quote: placed.quote,
        paragraphId: placed.paragraphId,
        createdBy: authorOf(caller),
        createdAt: new Date().toISOString(),
        resolution: null,
      }
      await app.collab.write(meta(documentId), (doc) => bracketsOf(doc).set(id, record))
      await app.audit(request, { action: 'bracket.created', documentId, target: id, details: { sponsors: sponsors.join(' ') } })
      return reply.code(201).send(record)
    },
  )

  app.post<{ Params: Params; Body: ResolveBracketRequest }>(
    '/api/documents/:id/brackets/:bracketId/resolve',
    { schema: { body: ResolveBracketRequest } },
    async (request, reply) => {
      const caller = await access(request, reply, 'manage')
      if (!caller) return
      const documentId = request.params.id
      const bracketId = request.params.bracketId ?? ''
      const { kind } = request.body
      const record = await app.collab.read(meta(documentId), (doc) => bracketsOf(doc).get(bracketId))
      if (!record) return sendError(reply, 404, 'not_found', 'No such bracket on this draft.')
      if (record.status === 'resolved') return sendError(reply, 409, 'already_resolved', 'This bracket has already been resolved.')
      const alternative = kind === 'alternative' ? (request.body.alternative ?? 1) : null
      if (alternative !== null && alternative > record.alternatives.length) {
        return sendError(reply, 400, 'unknown_alternative', `This bracket has ${record.alternatives.length} alternative(s).`)
      }
      const outcome = await app.collab.write(body(documentId), (doc) => {
        const span = findBracket(doc, bracketId)
        if (!span) {
          // The words were deleted meanwhile: keeping or deleting them is already done.
          return kind === 'alternative' && alternative !== 0
            ? refuse(409, 'bracket_text_gone', 'The bracketed words are no longer in the draft; the alternative has nowhere to go.')
            : { text: '' }
        }
        if (kind === 'keep' || alternative === 0) {
          unmarkBracket(span)
          return { text: textOf(span) }
        }
        const replacement = kind === 'delete' ? '' : record.alternatives[alternative! - 1]!
        replaceBracket(span, replacement)
        return { text: replacement }
      })
      if (isRefusal(outcome)) return sendRefusal(reply, outcome)
      const by = authorOf(caller)
      const resolved = await app.collab.write(meta(documentId), (doc) => {
        const latest = bracketsOf(doc).get(bracketId) ?? record
        const next: BracketRecord = {
          ...latest,
          status: 'resolved',
          resolution: { kind: alternative === 0 ? 'keep' : kind, alternative, text: outcome.text, by, at: new Date().toISOString() },
        }
        bracketsOf(doc).set(bracketId, next)
        return next
      })
      // Changing the words changes the paragraph: agreed positions on it are reopened by the resolver.
      if (kind !== 'keep' && alternative !== 0) await app.consensus.reconcile(documentId, by)
      await app.audit(request, { action: 'bracket.resolved', documentId, target: bracketId, details: { kind, alternative } })
      return resolved
    },
  )
}
