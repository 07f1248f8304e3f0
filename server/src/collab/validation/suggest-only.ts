/**
 * A suggest-only writer (a proposer, or an editor while the owner requires suggestions) may only
 * suggest and withdraw their own suggestions (TRUST-4). The update is judged by its net effect
 * on the document, never struct by struct, so that any batching of valid edits into frames
 * passes (a client may merge keystrokes, an undo and a redo, or a whole offline session into one
 * update). For each text the update touches, its characters are laid out before and after the
 * update as Yjs would integrate it (YATA, on that text alone), with the formatting in force at
 * each character:
 * - the characters outside the writer's own insertion marks read the same before and after
 *   (new characters lie inside the writer's own insertion; deleted ones were in it);
 * - on characters that stay, suggestion marks change only from or to the writer's own; other
 *   formatting (bold…) changes only together with the writer's own format-change record of
 *   that mark;
 * - node attributes (kind, level…) change only together with the writer's own block change;
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
import { coveredBy } from './brackets.ts'
import type { Placer } from './places.ts'
import type { Writer } from './body-update.ts'

const refuse = (reason: string): never => {
  throw new RefusedUpdateError(`suggestions only: ${reason}`)
}

/** Any Yjs shared type (their event type parameter does not matter here). */
type YType = Y.AbstractType<Y.YEvent<Y.AbstractType<unknown>>>

/** A text the update touches: a live Y.XmlText, or the update's own item creating a new one. */
type TextKey = Y.XmlText | Y.Item

export function checkSuggestOnly(doc: Y.Doc, placer: Placer, structs: readonly (Y.Item | Y.GC | Y.Skip)[], deletes: DeleteSet | null, writer: Writer): void {
  const mine = (value: unknown): boolean => asAttribution(value)?.authorId === writer.userId
  const parents = new ParentFinder(placer)
  let touchesOwnBreak = false
  /** Formatting marks the writer records a format change for in this update. */
  const formatChanges = new Set<string>()
  /** Live elements the writer records a block change on in this update. */
  const blockChanges = new Set<unknown>()
  const attributeOf: unknown[] = []
  /** The update's items placed in each text. */
  const texts = new Map<TextKey, Y.Item[]>()
  const touch = (key: TextKey): Y.Item[] => {
    let list = texts.get(key)
    if (!list) texts.set(key, (list = []))
    return list
  }

  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue
    const { place, sub } = placer.locate(struct)
    if (place.kind === 'dropped') continue
    const content = struct.content
    if (place.kind === 'text' && sub === null) {
      const key = parents.of(struct)
      if (key) touch(key).push(struct)
      if (content instanceof Y.ContentFormat && markNameOfFormatKey(content.key) === FORMAT_CHANGE && mine(content.value)) {
        formatChanges.add((content.value as { mark: string }).mark)
      }
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
          if (item.parent instanceof Y.XmlText && item.parentSub === null) {
            touch(item.parent)
          } else if (content instanceof Y.ContentAny && item.parentSub !== null) {
            // The attributes of an element removed in the same update go with it (judged below).
            const holder = (item.parent as YType)._item
            if (holder && coveredBy(deletes, holder.id, 1)) continue
            if (SUGGESTION_BLOCK_ATTRIBUTES.has(item.parentSub)) {
              if (parseBlockAttribution(content.arr[0])?.authorId !== writer.userId) refuse('another person’s block suggestion is withdrawn only by an editor')
              if (item.parentSub === BREAK_CHANGE) touchesOwnBreak = true
            } else if (item.parentSub !== 'id') attributeOf.push(item.parent)
          } else if (content instanceof Y.ContentType) {
            const type = content.type
            if (type instanceof Y.XmlElement) {
              if (parseBlockAttribution(type.getAttribute(BREAK_CHANGE))?.authorId !== writer.userId) refuse('paragraphs are removed by suggesting their deletion')
              touchesOwnBreak = true
              // Its words leave with it: they count among the characters that move.
              for (const inner of type.createTreeWalker((node) => node instanceof Y.XmlText)) touch(inner as Y.XmlText)
            } else if (type instanceof Y.XmlText) {
              // A text node removed whole (an undo of typing into an empty paragraph): its
              // characters leave, and are judged like any others.
              touch(type)
            } else {
              refuse('paragraphs are removed by suggesting their deletion')
            }
          }
        }
      }
    }
  }

  for (const element of attributeOf) if (!blockChanges.has(element)) refuse('a paragraph’s kind or level changes only as a block suggestion')

  let before = ''
  let after = ''
  let moved = false
  for (const [key, items] of texts) {
    const gone = parents.goneAfter(key, deletes)
    const effect = textEffect(placer, key instanceof Y.XmlText ? key : null, items, deletes, gone, mine, formatChanges)
    if (effect.before !== effect.after) moved = true
    before += effect.before
    after += effect.after
  }
  if (moved) {
    if (!touchesOwnBreak) refuse('text is written as an insertion and removed as a deletion')
    if (sortChars(before) !== sortChars(after)) refuse('text moved with a paragraph break must stay the same')
  }
}

const sortChars = (text: string): string => [...text].sort().join('')

/** Finds which text (or element) an item of the update is placed in, and whether it is deleted. */
class ParentFinder {
  readonly #placer: Placer
  readonly #memo = new Map<Y.Item, YType | Y.Item | null>()
  constructor(placer: Placer) {
    this.#placer = placer
  }

  /** The text holding this update item (a live one, or the update's item creating it). */
  of(item: Y.Item): TextKey | null {
    const parent = this.container(item)
    return parent instanceof Y.XmlText || (parent instanceof Y.Item && parent.content instanceof Y.ContentType && parent.content.type instanceof Y.XmlText) ? (parent as TextKey) : null
  }

  /** The live type or the update's own type item an update item is placed in. */
  container(item: Y.Item): YType | Y.Item | null {
    if (this.#memo.has(item)) return this.#memo.get(item)!
    this.#memo.set(item, null) // a cycle resolves to nothing
    let found: YType | Y.Item | null = null
    const parent: unknown = item.parent
    if (parent instanceof Y.ID) {
      const live = this.#placer.liveStruct(parent)
      if (live instanceof Y.Item && live.content instanceof Y.ContentType) found = live.content.type
      else if (!live) found = this.#placer.updateItem(parent)
    } else if (parent === null) {
      for (const ref of [item.origin, item.rightOrigin]) {
        if (ref === null) continue
        const live = this.#placer.liveStruct(ref)
        if (live instanceof Y.Item) found = live.parent as YType
        else if (!live) {
          const own = this.#placer.updateItem(ref)
          if (own && own !== item) found = this.container(own)
        }
        break
      }
    }
    this.#memo.set(item, found)
    return found
  }

  /** Whether the text (or an element holding it) is deleted once the update is applied. */
  goneAfter(key: TextKey | YType | null, deletes: DeleteSet | null): boolean {
    for (let steps = 0; key && steps < 1000; steps++) {
      if (key instanceof Y.Item) {
        if (key.content instanceof Y.ContentDeleted || (deletes && coveredBy(deletes, key.id, 1))) return true
        key = this.container(key)
      } else {
        const item = key._item
        if (!item) return false
        if (item.deleted || (deletes && coveredBy(deletes, item.id, 1))) return true
        key = item.parent as YType
      }
    }
    return false
  }
}
/**
 * One character, formatting boundary or other unit of a text, before or after the update.
 * Ids are kept as numbers (client -1: none) and units are found through a map per client:
 * a proposer's keystroke lays out a whole paragraph, so a unit must cost little.
 */
interface Unit {
  client: number
  clock: number
  originClient: number
  originClock: number
  rightClient: number
  rightClock: number
  /** The Yjs item it is part of (YATA's conflict rules look at items). */
  group: Y.Item
  left: Unit | null
  right: Unit | null
  /** In the document before the update, and not deleted there. */
  visibleBefore: boolean
  visibleAfter: boolean
  char: string | null
  key: string | null
  value: unknown
}

type DeleteRanges = NonNullable<ReturnType<DeleteSet['clients']['get']>>

/** Whether a clock lies in one of a client's sorted, merged delete ranges. */
function deletedAt(ranges: DeleteRanges | undefined, clock: number): boolean {
  if (!ranges) return false
  let low = 0
  let high = ranges.length - 1
  while (low <= high) {
    const mid = (low + high) >> 1
    const range = ranges[mid]!
    if (clock < range.clock) high = mid - 1
    else if (clock >= range.clock + range.len) low = mid + 1
    else return true
  }
  return false
}

/** The unit of one Yjs item's `k`th clock (Yjs splits items at any clock). */
function unitOf(item: Y.Item, k: number, live: boolean, ranges: DeleteRanges | undefined): Unit {
  const content = item.content
  const { client } = item.id
  const clock = item.id.clock + k
  const origin = item.origin
  const rightOrigin = item.rightOrigin
  const format = content instanceof Y.ContentFormat
  return {
    client,
    clock,
    originClient: k > 0 ? client : origin ? origin.client : -1,
    originClock: k > 0 ? clock - 1 : origin ? origin.clock : -1,
    rightClient: rightOrigin ? rightOrigin.client : -1,
    rightClock: rightOrigin ? rightOrigin.clock : -1,
    group: item,
    left: null,
    right: null,
    visibleBefore: live && !item.deleted,
    visibleAfter: !(live && item.deleted) && !(content instanceof Y.ContentDeleted) && !deletedAt(ranges, clock),
    char: content instanceof Y.ContentString ? content.str[k]! : null,
    key: format ? content.key : null,
    value: format ? content.value : null,
  }
}

/** Units by client and clock, so that ids are found without building strings. */
class UnitIndex {
  readonly #byClient = new Map<number, Map<number, Unit>>()
  add(unit: Unit): void {
    let clocks = this.#byClient.get(unit.client)
    if (!clocks) this.#byClient.set(unit.client, (clocks = new Map()))
    clocks.set(unit.clock, unit)
  }
  find(client: number, clock: number): Unit | null {
    return client < 0 ? null : this.#byClient.get(client)?.get(clock) ?? null
  }
}

/**
 * What a text reads outside the writer's own insertions before and after the update; refuses
 * a change of marks on characters that stay that is not the writer's to make.
 */
function textEffect(placer: Placer, live: Y.XmlText | null, items: Y.Item[], deletes: DeleteSet | null, gone: boolean, mine: (value: unknown) => boolean, formatChanges: ReadonlySet<string>): { before: string; after: string } {
  const units = new UnitIndex()
  const list: { start: Unit | null } = { start: null }
  const link = (unit: Unit, left: Unit | null): void => {
    unit.left = left
    unit.right = left ? left.right : list.start
    if (unit.right) unit.right.left = unit
    if (left) left.right = unit
    else list.start = unit
    units.add(unit)
  }
  if (live) {
    // Laid out in order, each unit after the last (no closure per unit: a keystroke lays out
    // a whole paragraph).
    let last: Unit | null = null
    for (let item = live._start; item; item = item.right) {
      const ranges = deletes?.clients.get(item.id.client)
      for (let k = 0; k < item.length; k++) {
        const unit = unitOf(item, k, true, ranges)
        unit.left = last
        if (last) last.right = unit
        else list.start = unit
        last = unit
        units.add(unit)
      }
    }
  }
  const find = (client: number, clock: number): Unit | null => units.find(client, clock)

  // Integrated as Yjs does: by client, highest first, each client's in clock order; an item
  // whose neighbour is another of the update's items waits for it.
  const pending = new Map<Y.Item, boolean>()
  for (const item of items) pending.set(item, true)
  const ordered = [...items].sort((a, b) => b.id.client - a.id.client || a.id.clock - b.id.clock)
  const ownerOf = (id: Y.ID | null): Y.Item | null => {
    const item = id && placer.updateItem(id)
    return item && pending.has(item) ? item : null
  }
  const integrate = (item: Y.Item, depth: number): void => {
    if (!pending.get(item) || depth > 64) return
    pending.set(item, false)
    for (const ref of [item.origin, item.rightOrigin]) {
      const dependency = ownerOf(ref)
      if (dependency) integrate(dependency, depth + 1)
    }
    const ranges = deletes?.clients.get(item.id.client)
    const first = unitOf(item, 0, false, ranges)
    let left = find(first.originClient, first.originClock)
    if (first.originClient >= 0 && !left) return // placed beside what this text does not hold: Yjs drops or holds it
    const right = find(first.rightClient, first.rightClock)
    left = yataLeft(first, left, right, list.start, find)
    link(first, left)
    let previous = first
    for (let k = 1; k < item.length; k++) {
      const unit = unitOf(item, k, false, ranges)
      link(unit, previous)
      previous = unit
    }
  }
  for (const item of ordered) integrate(item, 0)

  const before: string[] = []
  const after: string[] = []
  let formatBefore = new Map<string, unknown>()
  let formatAfter = new Map<string, unknown>()
  let diverged = false
  const set = (format: Map<string, unknown>, key: string, value: unknown): Map<string, unknown> => {
    const next = new Map(format)
    if (value === null) next.delete(key)
    else next.set(key, value)
    return next
  }
  const ownInsertion = (format: Map<string, unknown>): boolean => {
    for (const [key, value] of format) if (markNameOfFormatKey(key) === INSERTION && mine(value)) return true
    return false
  }
  // A format map is replaced, never changed, so what was found for one holds until the next.
  let ownBefore = false
  let ownAfter = false
  let checkedBefore: Map<string, unknown> | null = null
  let checkedAfter: Map<string, unknown> | null = null
  const visibleAfter = (unit: Unit): boolean => !gone && unit.visibleAfter
  for (let unit: Unit | null = list.start; unit; unit = unit.right) {
    if (unit.key !== null) {
      if (unit.visibleBefore) {
        formatBefore = set(formatBefore, unit.key, unit.value)
        ownBefore = ownInsertion(formatBefore)
      }
      if (visibleAfter(unit)) {
        formatAfter = set(formatAfter, unit.key, unit.value)
        ownAfter = ownInsertion(formatAfter)
      }
      if (unit.visibleBefore !== visibleAfter(unit)) diverged = true
    } else if (unit.char !== null) {
      if (unit.visibleBefore && !ownBefore) before.push(unit.char)
      if (visibleAfter(unit) && !ownAfter) after.push(unit.char)
      if (diverged && unit.visibleBefore && visibleAfter(unit) && (checkedBefore !== formatBefore || checkedAfter !== formatAfter)) {
        checkMarks(formatBefore, formatAfter, mine, formatChanges)
        checkedBefore = formatBefore
        checkedAfter = formatAfter
      }
    }
  }
  return { before: before.join(''), after: after.join('') }
}

/**
 * YATA's choice of left neighbour for a unit placed between `left` and `right` (Yjs's
 * Item.integrate), stepping over whole items as Yjs does.
 */
function yataLeft(unit: Unit, left: Unit | null, right: Unit | null, start: Unit | null, find: (client: number, clock: number) => Unit | null): Unit | null {
  let o: Unit | null = left ? left.right : start
  const conflicting = new Set<Y.Item>()
  const beforeOrigin = new Set<Y.Item>()
  while (o !== null && o !== right) {
    // The rest of o's item up to `right`: Yjs sees it as one item.
    let end = o
    while (end.right && end.right !== right && end.right.group === o.group && end.right.clock === end.clock + 1) end = end.right
    beforeOrigin.add(o.group)
    conflicting.add(o.group)
    if (unit.originClient === o.originClient && unit.originClock === o.originClock) {
      if (o.client < unit.client) {
        left = end
        conflicting.clear()
      } else if (unit.rightClient === o.rightClient && unit.rightClock === o.rightClock) break
    } else {
      const originItem = find(o.originClient, o.originClock)?.group
      if (originItem && beforeOrigin.has(originItem)) {
        if (!conflicting.has(originItem)) {
          left = end
          conflicting.clear()
        }
      } else break
    }
    o = end.right
  }
  return left
}


/** On a character that stays: its marks change only as the writer's own suggestions do. */
function checkMarks(before: Map<string, unknown>, after: Map<string, unknown>, mine: (value: unknown) => boolean, formatChanges: ReadonlySet<string>): void {
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const was = before.get(key) ?? null
    const is = after.get(key) ?? null
    if (sameValue(was, is)) continue
    const mark = markNameOfFormatKey(key)
    if (mark === BRACKET) continue // TRUST-3, brackets.ts
    if (SUGGESTION_MARKS.has(mark)) {
      if ((was !== null && !mine(was)) || (is !== null && !mine(is))) refuse('another person’s suggestion is withdrawn only by an editor')
      continue
    }
    if (formatChanges.has(mark) || ownFormatChange(after, mark, mine)) continue
    refuse(`formatting (${mark}) changes only as a format suggestion`)
  }
}

function ownFormatChange(format: Map<string, unknown>, mark: string, mine: (value: unknown) => boolean): boolean {
  for (const [key, value] of format) if (markNameOfFormatKey(key) === FORMAT_CHANGE && mine(value) && (value as { mark?: unknown }).mark === mark) return true
  return false
}

/** Mark values are flat objects of plain values. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false
  const left = a as Record<string, unknown>
  const right = b as Record<string, unknown>
  const keys = Object.keys(left)
  if (keys.length !== Object.keys(right).length) return false
  return keys.every((key) => left[key] === right[key])
}
