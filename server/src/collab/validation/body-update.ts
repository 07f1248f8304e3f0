/**
 * Checks one client update to a draft's body against the live document and the shared schema,
 * before it is applied (rules VALID-* and TRUST-* in server/SPEC.md). It reads the decoded
 * structs and looks their neighbours up in the live document: no scratch document, no
 * integration. Cheap checks come first; the attribution and bracket indexes are consulted
 * only for updates that carry a suggestion or a bracket boundary.
 */
import * as Y from 'yjs'
import type { DeleteSet } from './delete-set.ts'
import { BRACKET, bodyShape, MAX_CONFIRMED_TEXT, MAX_STATUS_KEY, markNameOfFormatKey, markValueProblem, MAX_ELEMENT_DEPTH, nodeAttributeProblem, SUGGESTION_BLOCK_ATTRIBUTES, SUGGESTION_MARKS, type BodyShape } from '@consenso/schema'
import { decodeClientUpdate, InvalidUpdateError, RefusedUpdateError, type UpdateInfo } from '../update-validation.ts'
import { asAttribution, draftMarks, parseBlockAttribution, signature, type Attribution } from './draft-marks.ts'
import { NotABodyRoot, Placer, SelfReference, type Place } from './places.ts'
import { checkBrackets, type BracketWork } from './brackets.ts'
import { checkSuggestOnly } from './suggest-only.ts'
import { checkAgreedLock } from './agreed-lock.ts'
import { countStructsUpTo } from './struct-count.ts'
import { checkSilence, type SilenceLock } from './silence-lock.ts'

/** Who writes, from their session. */
export interface Writer {
  userId: string
  name: string
  delegation: string
  /** May only suggest (a proposer, or an editor while the owner requires suggestions). */
  suggestOnly: boolean
  /** The server's time, in milliseconds since the epoch. */
  now: number
  /** The draft's agreed paragraphs when its owner locked agreed text (CONSENSUS-9). */
  agreedLock?: ReadonlySet<string> | null
  /** The most structs one update may carry (ABUSE-4); unlimited when absent. */
  maxStructs?: number
  /** The text under a running silence procedure (SILENCE-3). */
  silence?: SilenceLock | null
}

/**
 * How far a new suggestion's time may lie from the server's (TRUST-2): a little ahead, for a
 * fast clock; a day behind, for edits made offline and sent on reconnecting.
 */
export const SUGGESTION_TIME_AHEAD_MS = 5 * 60_000
export const SUGGESTION_TIME_BEHIND_MS = 24 * 60 * 60_000

const refuse = (reason: string): never => {
  throw new RefusedUpdateError(reason)
}

/**
 * `live` may be a function giving the document, so an empty update (what a new client answers
 * to our greeting) is recognised without building a Y.Doc (PERF-2).
 */
export function checkBodyUpdate(live: Y.Doc | (() => Y.Doc), update: Uint8Array, writer: Writer): UpdateInfo {
  // Before it is decoded: decoding, placing and applying cost per struct, and a huge update
  // would hold every draft of the server for seconds (ABUSE-4).
  if (writer.maxStructs !== undefined && (countStructsUpTo(update, writer.maxStructs) ?? 0) > writer.maxStructs) {
    refuse(`the update carries more than ${writer.maxStructs} changes; at most ${writer.maxStructs} are accepted in one update`)
  }
  const decoded = decodeClientUpdate(update)
  if (!decoded) return { empty: true }
  const { structs, ds } = decoded
  const doc = typeof live === 'function' ? live() : live
  const shape = bodyShape()
  const placer = new Placer(doc, structs)
  const work: BracketWork = { boundaries: [], deletes: null }
  let attributions: Attribution[] | null = null
  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue
    let located
    try {
      located = placer.locate(struct)
    } catch (error) {
      if (error instanceof NotABodyRoot) throw new InvalidUpdateError(`update writes to a root type that does not exist here: ${JSON.stringify(error.message.slice(0, 40))}`)
      if (error instanceof SelfReference) throw new InvalidUpdateError('update places an item next to content written after it')
      throw error
    }
    const found = checkItem(shape, struct, located.place, located.sub, writer)
    if (found === BRACKET_BOUNDARY) work.boundaries.push(struct)
    else if (found) (attributions ??= []).push(found)
  }
  if (ds.clients.size > 0) work.deletes = checkDeleteSet(doc, placer, ds)
  if (attributions) checkAttributions(doc, attributions, writer)
  if (work.boundaries.length > 0 || work.deletes) checkBrackets(doc, placer, work)
  if (writer.silence) checkSilence(doc, update, writer.silence)
  if (writer.suggestOnly) checkSuggestOnly(doc, placer, structs, work.deletes, writer)
  else if (writer.agreedLock) checkAgreedLock(doc, update, writer.agreedLock)
  return { empty: false }
}

const BRACKET_BOUNDARY = Symbol('bracket boundary')

/**
 * Refuses what cannot be where it lands. Returns an attribution the update adds (to be checked
 * against the session), or BRACKET_BOUNDARY for a bracket mark's start or end.
 */
function checkItem(shape: BodyShape, item: Y.Item, place: Place, sub: string | null, writer: Writer): Attribution | typeof BRACKET_BOUNDARY | null {
  const content = item.content
  // Deleted before it was sent (or garbage collected by the sender): nothing is stored.
  if (content instanceof Y.ContentDeleted) return null
  switch (place.kind) {
    case 'dropped':
      return null
    case 'foreign':
      return refuse(`the body cannot hold content in ${place.what}`)
    case 'pending':
      // Builds on content the server has not seen (LOAD-2): only what could stand anywhere
      // in the body. A suggest-only writer must build on what the server has.
      if (writer.suggestOnly) refuse('a suggestion builds on content the server does not have')
      if (content instanceof Y.ContentString) return null
      if (content instanceof Y.ContentType && content.type instanceof Y.XmlText) return null
      if (content instanceof Y.ContentType && content.type instanceof Y.XmlElement) {
        if (!shape.children.has(content.type.nodeName)) refuse(`unknown element ${JSON.stringify(content.type.nodeName.slice(0, 40))}`)
        return null
      }
      if (content instanceof Y.ContentFormat) return checkFormat(shape, content, null)
      return refuse('content of this kind cannot build on content the server does not have')
    case 'status':
      // A confirmation of a counterpart (BILING-6): the source text it was confirmed against, by block id.
      if (writer.suggestOnly) refuse('a translation is confirmed only while editing')
      if (sub === null || sub.length === 0 || sub.length > MAX_STATUS_KEY) return refuse('the translation status is kept by block id')
      if (!(content instanceof Y.ContentAny) || content.arr.length !== 1 || typeof content.arr[0] !== 'string') return refuse('the translation status holds source texts')
      if (content.arr[0].length > MAX_CONFIRMED_TEXT) refuse(`a confirmed source text is at most ${MAX_CONFIRMED_TEXT} characters`)
      return null
    case 'fragment':
    case 'element': {
      const name = place.kind === 'fragment' ? 'doc' : place.name
      if (sub !== null) {
        if (place.kind === 'fragment') refuse('the body has no attributes')
        if (!(content instanceof Y.ContentAny) || content.arr.length !== 1) return refuse(`attribute ${sub.slice(0, 40)} holds content of an unsupported kind`)
        const problem = nodeAttributeProblem(shape, name, sub, content.arr[0])
        if (problem) refuse(problem)
        return SUGGESTION_BLOCK_ATTRIBUTES.has(sub) && content.arr[0] !== null ? parseBlockAttribution(content.arr[0]) : null
      }
      if (!(content instanceof Y.ContentType)) return refuse(`${name} holds only elements and text, not ${content.constructor.name}`)
      const type = content.type
      if (type instanceof Y.XmlElement) {
        if (!shape.children.get(name)?.has(type.nodeName)) refuse(`${JSON.stringify(type.nodeName.slice(0, 40))} cannot be inside ${name}`)
        if (place.depth + 1 > MAX_ELEMENT_DEPTH) refuse(`elements nest deeper than ${MAX_ELEMENT_DEPTH}`)
        return null
      }
      if (type instanceof Y.XmlText) {
        if (!shape.textblocks.has(name)) refuse(`${name} holds no text`)
        return null
      }
      return refuse(`the body holds only elements and text, not ${type.constructor.name}`)
    }
    case 'text':
      if (sub !== null) refuse('a text has no attributes')
      if (content instanceof Y.ContentString) return null
      if (content instanceof Y.ContentFormat) return checkFormat(shape, content, place.block)
      return refuse(`a text holds characters and marks, not ${content.constructor.name}`)
  }
}

function checkFormat(shape: BodyShape, content: Y.ContentFormat, block: string | null): Attribution | typeof BRACKET_BOUNDARY | null {
  const mark = markNameOfFormatKey(content.key)
  if (!shape.markNames.has(mark)) refuse(`unknown mark ${JSON.stringify(mark.slice(0, 40))}`)
  if (block !== null && !shape.marks.get(block)?.has(mark)) refuse(`mark ${mark} is not allowed in ${block}`)
  const problem = markValueProblem(shape, mark, content.value)
  if (problem) refuse(problem)
  if (mark === BRACKET) return BRACKET_BOUNDARY
  return SUGGESTION_MARKS.has(mark) && content.value !== null ? asAttribution(content.value) : null
}

/**
 * No deletions beyond what a client has written: a range past a client's current state would
 * wait in the document and delete that client's next content as it arrives. Returns the
 * deletions, sorted and merged, for the rules that look at what is deleted.
 */
function checkDeleteSet(doc: Y.Doc, placer: Placer, ds: DeleteSet): DeleteSet {
  let sorted = true
  for (const [client, ranges] of ds.clients) {
    const end = Math.max(Y.getState(doc.store, client), placer.updateEnd(client))
    let previousEnd = -1
    for (const range of ranges) {
      if (range.len <= 0) refuse('the update deletes an empty range')
      // Never kept pending here; its writer is asked again once more content arrives (SYNC-18).
      if (range.clock + range.len > end) throw new RefusedUpdateError('the update deletes content that does not exist', true)
      if (range.clock <= previousEnd) sorted = false
      previousEnd = range.clock + range.len
    }
  }
  // Yjs writes a delete set sorted and merged, so a stock client's needs no second pass (the
  // copy and sort took a fifth of the checks' time in the replay bench, where each update holds
  // hundreds of deletions); a hand-made one out of order or overlapping is put in order here.
  return sorted ? ds : Y.mergeDeleteSets([ds])
}

/**
 * Suggestion marks and block-change attributes an update adds carry the writer's identity and
 * a time near the server's, or are an exact copy of an attribution the draft already holds.
 */
function checkAttributions(doc: Y.Doc, attributions: Attribution[], writer: Writer): void {
  let existing: Map<string, string> | null = null
  for (const a of attributions) {
    if (a.authorId === writer.userId) {
      if (a.authorName !== writer.name || a.delegation !== writer.delegation) refuse('a suggestion names its author wrongly')
      const at = Date.parse(a.at)
      if (Number.isFinite(at) && at <= writer.now + SUGGESTION_TIME_AHEAD_MS && at >= writer.now - SUGGESTION_TIME_BEHIND_MS) continue
    }
    existing ??= draftMarks(doc).attributions
    if (existing.get(a.id) !== signature(a)) {
      refuse(a.authorId === writer.userId ? 'a suggestion’s time is too far from the server’s' : 'a suggestion names someone else as its author')
    }
  }
}
