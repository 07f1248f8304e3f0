/**
 * A suggest-only writer (a proposer, or an editor while the owner requires suggestions) may only
 * suggest and withdraw their own suggestions (TRUST-4), checked on each update:
 * - new characters sit inside the writer's own insertion mark;
 * - deleted characters were the writer's own insertion (a withdrawal);
 * - formatting (bold…) changes only together with the writer's own format-change record of that
 *   mark; node attributes (kind, level…) only together with the writer's own block change;
 * - an element is deleted only if it is the writer's own suggested paragraph break;
 * - text moved between paragraphs (the editor's binding deletes and re-creates the words after
 *   a break) is allowed only in an update that sets or withdraws the writer's own paragraph
 *   break, and only if the same characters leave as arrive.
 * Suggestion marks and block attributes themselves are checked for authorship in body-update.ts.
 */
import * as Y from 'yjs'
import type { DeleteSet } from './delete-set.ts'
import { BREAK_CHANGE, BLOCK_CHANGE, FORMAT_CHANGE, INSERTION, markNameOfFormatKey, SUGGESTION_BLOCK_ATTRIBUTES, SUGGESTION_MARKS, BRACKET } from '@consenso/schema'
import { RefusedUpdateError } from '../update-validation.ts'
import { asAttribution, parseBlockAttribution } from './draft-marks.ts'
import { coveredBy, firstLiveRight } from './brackets.ts'
import type { Placer } from './places.ts'
import type { Writer } from './body-update.ts'

const refuse = (reason: string): never => {
  throw new RefusedUpdateError(`suggestions only: ${reason}`)
}

export function checkSuggestOnly(doc: Y.Doc, placer: Placer, structs: readonly (Y.Item | Y.GC | Y.Skip)[], deletes: DeleteSet | null, writer: Writer): void {
  const mine = (value: unknown): boolean => asAttribution(value)?.authorId === writer.userId
  let movedIn = ''
  let movedOut = ''
  let touchesOwnBreak = false
  /** Formatting marks the writer records a format change for in this update. */
  const formatChanges = new Set<string>()
  /** Live elements the writer records a block change on in this update. */
  const blockChanges = new Set<unknown>()
  const formatting: string[] = []
  const attributeOf: unknown[] = []
  /** The writer's own insertion boundaries this update deletes (Yjs moves a boundary by deleting and rewriting it). */
  const movedBoundaries: Y.Item[] = []

  const boundaries = insertionBoundaries(placer, structs)
  for (const struct of structs) {
    if (!(struct instanceof Y.Item) || struct.content instanceof Y.ContentDeleted) continue
    const { place, sub } = placer.locate(struct)
    if (place.kind === 'dropped') continue
    const content = struct.content
    if (content instanceof Y.ContentString) {
      if (deletes && coveredBy(deletes, struct.id, struct.length)) continue
      // Each stretch of the new text between insertion boundaries, with the mark in force.
      const inside = boundaries.get(struct) ?? []
      let value = inside[0]?.offset === 0 ? inside[0].value : insertionBefore(placer, struct)
      let from = 0
      for (const boundary of [...inside, { offset: struct.length, value: null }]) {
        if (boundary.offset > from && !mine(value)) movedIn += content.str.slice(from, boundary.offset)
        from = Math.max(from, boundary.offset)
        value = boundary.value
      }
    } else if (content instanceof Y.ContentFormat) {
      const mark = markNameOfFormatKey(content.key)
      if (mark === FORMAT_CHANGE && mine(content.value)) formatChanges.add((content.value as { mark: string }).mark)
      else if (!SUGGESTION_MARKS.has(mark) && mark !== BRACKET) formatting.push(mark)
    } else if (content instanceof Y.ContentAny && sub !== null) {
      const value = content.arr[0]
      if (SUGGESTION_BLOCK_ATTRIBUTES.has(sub)) {
        if (sub === BREAK_CHANGE) touchesOwnBreak = true
        if (sub === BLOCK_CHANGE && place.kind === 'element' && place.live && parseBlockAttribution(value)?.authorId === writer.userId) blockChanges.add(place.live)
      } else if (sub !== 'id' && place.kind === 'element' && place.live) {
        attributeOf.push(place.live)
      }
    }
  }

  if (deletes) {
    for (const [client, ranges] of deletes.clients) {
      const liveStructs = doc.store.clients.get(client)
      if (!liveStructs) continue
      const state = Y.getState(doc.store, client)
      for (const range of ranges) {
        if (range.clock >= state) continue
        const end = Math.min(range.clock + range.len, state)
        for (let i = Y.findIndexSS(liveStructs, range.clock); i < liveStructs.length && liveStructs[i]!.id.clock < end; i++) {
          const item = liveStructs[i]!
          if (!(item instanceof Y.Item) || item.deleted) continue
          const content = item.content
          if (content instanceof Y.ContentString) {
            if (mine(liveInsertionAt(item))) continue
            const from = Math.max(range.clock, item.id.clock) - item.id.clock
            movedOut += content.str.slice(from, Math.min(end, item.id.clock + item.length) - item.id.clock)
          } else if (content instanceof Y.ContentFormat) {
            const mark = markNameOfFormatKey(content.key)
            if (SUGGESTION_MARKS.has(mark)) {
              if (content.value !== null && !mine(content.value)) formatting.push(mark)
              else if (content.key === INSERTION) movedBoundaries.push(item)
            } else if (mark !== BRACKET) formatting.push(mark)
          } else if (content instanceof Y.ContentAny && item.parentSub !== null) {
            if (SUGGESTION_BLOCK_ATTRIBUTES.has(item.parentSub)) {
              if (parseBlockAttribution(content.arr[0])?.authorId !== writer.userId) refuse('another person’s block suggestion is withdrawn only by an editor')
              if (item.parentSub === BREAK_CHANGE) touchesOwnBreak = true
            } else if (item.parentSub !== 'id') attributeOf.push(item.parent)
          } else if (content instanceof Y.ContentType) {
            const type = content.type
            if (type instanceof Y.XmlElement) {
              if (parseBlockAttribution(type.getAttribute(BREAK_CHANGE))?.authorId !== writer.userId) refuse('paragraphs are removed by suggesting their deletion')
              touchesOwnBreak = true
            } else if (!(type._item?.parent instanceof Y.XmlElement && type._item.parent._item && coveredBy(deletes, type._item.parent._item.id, 1))) {
              refuse('paragraphs are removed by suggesting their deletion')
            }
          }
        }
      }
    }
  }

  for (const element of attributeOf) if (!blockChanges.has(element)) refuse('a paragraph’s kind or level changes only as a block suggestion')
  const moving = movedIn.length > 0 || movedOut.length > 0
  // y-tiptap diffs text by characters, not identities: a space typed at the end of one's own
  // insertion, before an existing space, arrives as a new space after the old one, with the
  // insertion's end moved over the old one. Same text, same attribution: allowed.
  if (moving && movedOut.length === 0 && !touchesOwnBreak) {
    const claimed = reclaimed(placer, structs, movedBoundaries) + newlyClaimed(placer, structs, mine)
    if (sortChars(movedIn) === sortChars(claimed)) return
  }
  if (moving) {
    if (!touchesOwnBreak) refuse('text is written as an insertion and removed as a deletion')
    if (sortChars(movedIn) !== sortChars(movedOut)) refuse('text moved with a paragraph break must stay the same')
    return
  }
  for (const mark of formatting) if (!formatChanges.has(mark)) refuse(`formatting (${mark}) changes only as a format suggestion`)
}

/**
 * Insertion marks the update writes at or inside its own new text: y-tiptap inserts the text,
 * then formats it, so the mark's start lands left of the text (its right neighbour is the
 * text's first character) or inside it (after the character it follows).
 */
function insertionBoundaries(placer: Placer, structs: readonly (Y.Item | Y.GC | Y.Skip)[]): Map<Y.Item, { offset: number; value: unknown }[]> {
  const found = new Map<Y.Item, { offset: number; value: unknown }[]>()
  for (const struct of structs) {
    if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentFormat) || struct.content.key !== INSERTION) continue
    let text: Y.Item | null = null
    let offset = 0
    const right = struct.rightOrigin && placer.updateItem(struct.rightOrigin)
    if (right && right.content instanceof Y.ContentString) {
      text = right
      offset = struct.rightOrigin!.clock - right.id.clock
    } else {
      const left = struct.origin && placer.updateItem(struct.origin)
      if (left && left.content instanceof Y.ContentString && struct.origin!.clock + 1 < left.id.clock + left.length) {
        text = left
        offset = struct.origin!.clock - left.id.clock + 1
      }
    }
    if (!text) continue
    let list = found.get(text)
    if (!list) found.set(text, (list = []))
    list.push({ offset, value: struct.content.value })
  }
  for (const list of found.values()) list.sort((a, b) => a.offset - b.offset)
  return found
}

/** The existing characters an own insertion boundary moved across (between where it was and where it is rewritten). */
function reclaimed(placer: Placer, structs: readonly (Y.Item | Y.GC | Y.Skip)[], moved: Y.Item[]): string {
  let text = ''
  for (const old of moved) {
    const value = (old.content as Y.ContentFormat).value as { id?: unknown } | null
    for (const struct of structs) {
      if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentFormat) || struct.content.key !== INSERTION) continue
      const next = struct.content.value as { id?: unknown } | null
      if ((next?.id ?? null) !== (value?.id ?? null)) continue
      const found = firstLiveRight(placer, struct)
      if (!found || found.item.parent !== old.parent) continue
      // The rewritten boundary lands before the character `found.id`, which may lie inside a longer live item.
      const offset = found.id.clock - found.item.id.clock
      const forward = charsBetween(old, found.item)
      const between = forward !== null ? forward + stringOf(found.item).slice(0, offset) : charsBetween(found.item, old, true)?.slice(offset) ?? null
      if (between !== null) {
        text += between
        break
      }
    }
  }
  return text
}

/**
 * Existing characters a new own insertion mark covers: between where its start lands and where
 * its end (a new `null` boundary) lands. Typing a space before an existing space arrives so: the
 * old space marked, the new one after it not.
 */
function newlyClaimed(placer: Placer, structs: readonly (Y.Item | Y.GC | Y.Skip)[], mine: (value: unknown) => boolean): string {
  let text = ''
  const boundaries = structs.filter((s): s is Y.Item => s instanceof Y.Item && s.content instanceof Y.ContentFormat && s.content.key === INSERTION)
  for (let i = 0; i < boundaries.length; i++) {
    const start = boundaries[i]!
    if (!mine((start.content as Y.ContentFormat).value)) continue
    const end = boundaries.slice(i + 1).find((b) => (b.content as Y.ContentFormat).value === null)
    if (!end) continue
    const from = firstLiveRight(placer, start)
    const to = firstLiveRight(placer, end)
    if (!from || !to || from.item.parent !== to.item.parent) continue
    let collected = ''
    let steps = 0
    for (let cur: Y.Item | null = from.item; cur && steps < 10_000; cur = cur.right, steps++) {
      const str = stringOf(cur)
      const begin = cur === from.item ? from.id.clock - cur.id.clock : 0
      if (cur === to.item) {
        collected += str.slice(begin, to.id.clock - cur.id.clock)
        text += collected
        break
      }
      collected += str.slice(begin)
    }
  }
  return text
}

const stringOf = (item: Y.Item): string => (item.content instanceof Y.ContentString && !item.deleted ? item.content.str : '')

/** The live characters after `from` (itself too with `inclusive`) up to `to`, or null if `to` is not to its right. */
function charsBetween(from: Y.Item, to: Y.Item, inclusive = false): string | null {
  let text = ''
  let steps = 0
  for (let cur: Y.Item | null = inclusive ? from : from.right; cur; cur = cur.right) {
    if (cur === to) return text
    if (++steps > 10_000) return null
    if (!cur.deleted && cur.content instanceof Y.ContentString) text += cur.content.str
  }
  return null
}

const sortChars = (text: string): string => [...text].sort().join('')

/** The insertion mark in force where a new item lands, following the update's own items leftwards. */
function insertionBefore(placer: Placer, item: Y.Item): unknown {
  let id = item.origin
  for (let steps = 0; id !== null && steps < 100_000; steps++) {
    const live = placer.liveStruct(id)
    if (live) return live instanceof Y.Item ? liveInsertionAt(live, true) : null
    const own = placer.updateItem(id)
    if (!own) return null
    if (own.content instanceof Y.ContentFormat && own.content.key === INSERTION) return own.content.value
    id = own.origin
  }
  return null
}

/** The insertion mark in force at a live item (`inclusive`: the item itself may be the boundary). */
function liveInsertionAt(item: Y.Item, inclusive = false): unknown {
  let steps = 0
  for (let cur: Y.Item | null = inclusive ? item : item.left; cur; cur = cur.left) {
    if (++steps > 200_000) return null
    if (!cur.deleted && cur.content instanceof Y.ContentFormat && cur.content.key === INSERTION) return cur.content.value
  }
  return null
}
