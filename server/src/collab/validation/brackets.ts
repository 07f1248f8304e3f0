/**
 * Brackets are opened and closed only by the server (the bracket and resolve routes, TRUST-3):
 * a client update may not bracket words that were not bracketed, nor unbracket words that
 * were. In a Yjs text a mark is a pair of boundaries (a format item with the mark's value, and
 * one with null where it ends), so the rule reads: a boundary the update adds or deletes must
 * not change the bracket of any character that was there before and stays. Copies of existing
 * brackets (a paragraph split inside bracketed words, or Yjs re-asserting a mark after typed
 * text) keep every existing character's bracket and pass.
 */
import * as Y from 'yjs'
import type { DeleteSet } from './delete-set.ts'
import { BRACKET, markNameOfFormatKey } from '@consenso/schema'
import { RefusedUpdateError } from '../update-validation.ts'
import { draftMarks } from './draft-marks.ts'
import type { Placer } from './places.ts'

export interface BracketWork {
  /** Bracket boundaries the update adds. */
  boundaries: Y.Item[]
  /** The update's deletions, sorted and merged; null when it deletes nothing. */
  deletes: DeleteSet | null
}

/** How far a walk along one text goes before giving up (a paragraph is far shorter). */
const MAX_WALK = 200_000

export function checkBrackets(doc: Y.Doc, placer: Placer, work: BracketWork): void {
  const deletes = work.deletes
  const survives = (item: Y.Item): boolean => !item.deleted && !(deletes && coveredBy(deletes, item.id, item.length))
  const deleted: Y.Item[] = []
  if (deletes) {
    for (const [client, ranges] of deletes.clients) {
      const structs = doc.store.clients.get(client)
      if (!structs) continue
      const state = Y.getState(doc.store, client)
      for (const range of ranges) {
        if (range.clock >= state) continue
        const end = Math.min(range.clock + range.len, state)
        for (let i = Y.findIndexSS(structs, range.clock); i < structs.length && structs[i]!.id.clock < end; i++) {
          const struct = structs[i]!
          if (struct instanceof Y.Item && !struct.deleted && isBracketBoundary(struct)) deleted.push(struct)
        }
      }
    }
  }
  // Yjs moves a boundary by deleting it and writing a new one (typing right after bracketed
  // words puts the end before the typed text): a pair with the same value and no remaining
  // character between them changes nothing.
  const moved = new Set<Y.Item>()
  for (const old of deleted) {
    for (const boundary of work.boundaries) {
      if (moved.has(boundary) || bracketOf(boundary) !== bracketOf(old)) continue
      const place = placer.locate(boundary).place
      if (place.kind !== 'text' || place.live !== old.parent) continue
      const right = firstLiveRight(placer, boundary)?.item
      if (right && samePosition(old, right, survives)) {
        moved.add(old)
        moved.add(boundary)
        break
      }
    }
  }
  for (const old of deleted) if (!moved.has(old)) checkDeletedBoundary(old, survives)
  if (work.boundaries.length === 0) return
  const known = draftMarks(doc).brackets
  // Of the boundaries written before one existing item, the last written is nearest to it and
  // sets its bracket (Yjs writes `null`, the typed text, then the bracket again, for text typed
  // without the mark inside bracketed words).
  // Keyed by the character's id: a live string item holds many characters.
  const nearest = new Map<string, { right: Y.Item; boundary: Y.Item }>()
  for (const boundary of work.boundaries) {
    const value = bracketOf(boundary)
    if (value !== null && !known.has(value)) throw new RefusedUpdateError('brackets are opened only through the bracket route')
    if (moved.has(boundary)) continue
    const found = firstLiveRight(placer, boundary)
    if (!found) continue
    const key = `${found.id.client}:${found.id.clock}`
    const other = nearest.get(key)
    if (!other || (other.boundary.id.client === boundary.id.client && other.boundary.id.clock < boundary.id.clock)) nearest.set(key, { right: found.item, boundary })
  }
  for (const { right, boundary } of nearest.values()) {
    if (!sameAsBefore(right, bracketOf(boundary), survives)) throw new RefusedUpdateError('brackets change only through the bracket and resolve routes')
  }
}

/** No character that stays lies between live items `a` and `b` (either way round). */
function samePosition(a: Y.Item, b: Y.Item, survives: (item: Y.Item) => boolean): boolean {
  if (a === b) return true
  const clear = (from: Y.Item, to: Y.Item, includeFrom: boolean): boolean => {
    let steps = 0
    for (let cur: Y.Item | null = includeFrom ? from : from.right; cur; cur = cur.right) {
      if (cur === to) return true
      if (++steps > MAX_WALK) return false
      if (cur.countable && survives(cur)) return false
    }
    return false
  }
  return clear(a, b, false) || clear(b, a, true)
}

function isBracketBoundary(item: Y.Item): boolean {
  return item.content instanceof Y.ContentFormat && markNameOfFormatKey(item.content.key) === BRACKET
}

function bracketOf(item: Y.Item): string | null {
  const value = (item.content as Y.ContentFormat).value as { bracketId?: unknown } | null
  return value && typeof value.bracketId === 'string' ? value.bracketId : null
}

/** The bracket in force just before `item`, from the boundaries that stay. */
function bracketBefore(item: Y.Item, survives: (item: Y.Item) => boolean): string | null {
  let steps = 0
  for (let cur = item.left; cur; cur = cur.left) {
    if (++steps > MAX_WALK) throw new RefusedUpdateError('a text too long to check')
    if (isBracketBoundary(cur) && survives(cur)) return bracketOf(cur)
  }
  return null
}

/** Deleting a boundary must not change the bracket of the characters after it that stay. */
function checkDeletedBoundary(boundary: Y.Item, survives: (item: Y.Item) => boolean): void {
  let steps = 0
  for (let cur = boundary.right; cur; cur = cur.right) {
    if (++steps > MAX_WALK) throw new RefusedUpdateError('a text too long to check')
    if (!survives(cur)) continue
    if (isBracketBoundary(cur)) return
    if (!cur.countable) continue
    if (bracketBefore(boundary, survives) !== bracketOf(boundary)) throw new RefusedUpdateError('brackets are removed only through the resolve route')
    return
  }
}

/**
 * Where a new item lands: the live item to its right, following the update's own items (text
 * typed after the boundary) to the first one the document already has.
 */
export function firstLiveRight(placer: Placer, item: Y.Item): { item: Y.Item; id: Y.ID } | null {
  let id = item.rightOrigin
  for (let steps = 0; id !== null && steps < 10_000; steps++) {
    const live = placer.liveStruct(id)
    if (live) return live instanceof Y.Item ? { item: live, id } : null
    const own = placer.updateItem(id)
    if (!own || own === item) return null
    id = own.rightOrigin
  }
  return null
}

/** True when the first character at or after `start` that stays keeps bracket `value`. */
function sameAsBefore(start: Y.Item, value: string | null, survives: (item: Y.Item) => boolean): boolean {
  let steps = 0
  for (let cur: Y.Item | null = start; cur; cur = cur.right) {
    if (++steps > MAX_WALK) return false
    if (!survives(cur)) continue
    if (isBracketBoundary(cur)) return true
    if (cur.countable) return bracketBefore(cur, survives) === value
  }
  return true
}

/** Whether every clock of [id, id + length) is in the (sorted, merged) delete set. */
export function coveredBy(ds: DeleteSet, id: Y.ID, length: number): boolean {
  const ranges = ds.clients.get(id.client)
  if (!ranges) return false
  let low = 0
  let high = ranges.length - 1
  while (low <= high) {
    const mid = (low + high) >> 1
    const range = ranges[mid]!
    if (id.clock < range.clock) high = mid - 1
    else if (id.clock >= range.clock + range.len) low = mid + 1
    else return id.clock + length <= range.clock + range.len
  }
  return false
}
