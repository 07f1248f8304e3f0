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
 * - an element is deleted only if it is the writer's own suggested paragraph break, or if the
 *   update writes it again in its place (recreated.ts: a suggested heading, Enter at a
 *   heading's start); no table, row or cell is created (a table's structure is not a
 *   suggestion, SCHEMA-133);
 * - text moved between paragraphs (the editor's binding deletes and re-creates the words after
 *   a break) is allowed only in an update that sets or withdraws the writer's own paragraph
 *   break, and only if the same characters leave as arrive.
 * Suggestion marks and block attributes themselves are checked for authorship in body-update.ts.
 */
import * as Y from 'yjs'
import type { DeleteSet } from './delete-set.ts'
import { BREAK_CHANGE, BLOCK_CHANGE, FORMAT_CHANGE, INSERTION, markNameOfFormatKey, SUGGESTION_BLOCK_ATTRIBUTES, SUGGESTION_MARKS, BRACKET, TABLE, TABLE_CELL, TABLE_HEADER, TABLE_ROW } from '@consenso/schema'
import { RefusedUpdateError } from '../update-validation.ts'
import { asAttribution, parseBlockAttribution } from './draft-marks.ts'
import { coveredBy } from './brackets.ts'
import { previousOf, Recreations } from './recreated.ts'
import type { Placer } from './places.ts'
import type { Writer } from './body-update.ts'

const TABLE_ELEMENTS: ReadonlySet<string> = new Set([TABLE, TABLE_ROW, TABLE_CELL, TABLE_HEADER])

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
  /** Live elements the update marks as the writer's own new block (their own suggested break). */
  const ownSplits = new Set<unknown>()
  const ownSplit = (value: unknown): boolean => {
    const split = parseBlockAttribution(value)
    return split !== null && split.authorId === writer.userId && (split as { op?: unknown }).op === 'split'
  }
  /** Per live element, the attributes the update gives it; and the writer's own block suggestions it withdraws. */
  const newAttributes = new Map<unknown, Map<string, unknown>>()
  const withdrawnBlockChanges = new Map<unknown, unknown>()
  const recreations = new Recreations(placer, deletes, (value) => parseBlockAttribution(value)?.authorId === writer.userId, refuse)
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
    recreations.note(struct, sub)
    const content = struct.content
    // Suggesting mode never builds a table's structure (SCHEMA-133): rejecting could not take it back.
    if (content instanceof Y.ContentType && content.type instanceof Y.XmlElement && TABLE_ELEMENTS.has(content.type.nodeName)) {
      refuse('a table’s rows, columns and cells change only while editing')
    }
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
        if (sub === BREAK_CHANGE && place.kind === 'element' && place.live && ownSplit(value)) ownSplits.add(place.live)
        if (sub === BLOCK_CHANGE && place.kind === 'element' && place.live && parseBlockAttribution(value)?.authorId === writer.userId) blockChanges.add(place.live)
      } else if (sub !== 'id' && place.kind === 'element' && place.live) {
        attributeOf.push(place.live)
        let values = newAttributes.get(place.live)
        if (!values) newAttributes.set(place.live, (values = new Map()))
        values.set(sub, value)
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
              if (item.parentSub === BLOCK_CHANGE) withdrawnBlockChanges.set(item.parent, content.arr[0])
            } else if (item.parentSub !== 'id') attributeOf.push(item.parent)
          } else if (content instanceof Y.ContentType) {
            const type = content.type
            if (type instanceof Y.XmlElement) {
              if (parseBlockAttribution(type.getAttribute(BREAK_CHANGE))?.authorId === writer.userId) touchesOwnBreak = true
              else if (firstHalfOfOwnSplit(type, deletes, mine)) touchesOwnBreak = true
              else recreations.removed(type)
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

  // Elements written again in their place: their words move to the new ones.
  if (recreations.judge()) touchesOwnBreak = true
  for (const element of attributeOf) {
    if (blockChanges.has(element)) continue
    // Written on an element the update removes, they go with it (an undo restores a level, then
    // the element goes as its block is written again): its removal is judged above.
    const holder = (element as YType)._item
    if (deletes && holder && coveredBy(deletes, holder.id, 1)) continue
    // The writer's own proposed block (their own break before it) is edited directly, as
    // Suggesting mode does: rejecting the break joins it back into the block before.
    if (ownSplits.has(element) || (element instanceof Y.XmlElement && ownSplit(element.getAttribute(BREAK_CHANGE)))) continue
    // The writer's own block suggestion withdrawn: the attributes go back to what it recorded.
    const previous = withdrawnBlockChanges.has(element) ? previousOf(withdrawnBlockChanges.get(element)) : null
    const values = newAttributes.get(element)
    if (previous && values && [...values].every(([key, value]) => sameValue(value ?? null, previous.attrs[key] ?? null))) continue
    refuse('a paragraph’s kind or level changes only as a block suggestion')
  }

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

/**
 * The block before the writer's own suggested break, removed with that break (the block after
 * it removed too, or its break suggestion withdrawn): Enter at a block's start writes the break
 * on the block after it and leaves a new empty block before, and undoing it may remove either.
 * Only a block holding nothing but the writer's own proposed words qualifies.
 */
function firstHalfOfOwnSplit(element: Y.XmlElement, deletes: DeleteSet, mine: (value: unknown) => boolean): boolean {
  let right = element._item?.right ?? null
  while (right && right.deleted) right = right.right
  if (!right || !(right.content instanceof Y.ContentType) || !(right.content.type instanceof Y.XmlElement)) return false
  const next = right.content.type
  const split = parseBlockAttribution(next.getAttribute(BREAK_CHANGE))
  if (!split || !mine(split) || (split as { op?: unknown }).op !== 'split') return false
  const attribute = next._map.get(BREAK_CHANGE)
  if (!coveredBy(deletes, right.id, 1) && !(attribute && coveredBy(deletes, attribute.id, 1))) return false
  for (const child of element.toArray()) {
    if (!(child instanceof Y.XmlText)) return false
    for (const op of child.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
      if (!Object.entries(op.attributes ?? {}).some(([key, value]) => markNameOfFormatKey(key) === INSERTION && mine(value))) return false
    }
  }
  return true
}

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
 * A run of one Yjs item's clocks that reads alike before and after the update: a whole item
 * unless a delete range or a neighbour reference falls inside it, where it is split (as Yjs
 * splits items at any clock). A proposer's keystroke lays out the whole paragraph it touches,
 * so the layout works on runs, not on characters.
 */
interface Run {
  client: number
  /** Its first clock, and how many it holds. */
  clock: number
  len: number
  /** The id its first clock was placed after or before (client -1: none). */
  originClient: number
  originClock: number
  rightClient: number
  rightClock: number
  /** The Yjs item it is part of (YATA's conflict rules look at items). */
  group: Y.Item
  /** Where the run starts in its item's content. */
  offset: number
  left: Run | null
  right: Run | null
  /** In the document before the update, and not deleted there. */
  visibleBefore: boolean
  visibleAfter: boolean
  str: string | null
  key: string | null
  value: unknown
}

type DeleteRanges = NonNullable<ReturnType<DeleteSet['clients']['get']>>

/** Whether `clock` is deleted by the sorted, merged ranges, and the clock (before `end`) where that changes. */
function deletedRun(ranges: DeleteRanges | undefined, clock: number, end: number): { deleted: boolean; until: number } {
  if (!ranges) return { deleted: false, until: end }
  let low = 0
  let high = ranges.length - 1
  // The first range ending after `clock`.
  while (low <= high) {
    const mid = (low + high) >> 1
    if (ranges[mid]!.clock + ranges[mid]!.len <= clock) low = mid + 1
    else high = mid - 1
  }
  const range = ranges[low]
  if (!range) return { deleted: false, until: end }
  if (range.clock <= clock) return { deleted: true, until: Math.min(end, range.clock + range.len) }
  return { deleted: false, until: Math.min(end, range.clock) }
}

/** The runs of one item, split where the update's deletions start or stop inside it. */
function runsOf(item: Y.Item, live: boolean, deletes: DeleteSet | null): Run[] {
  const content = item.content
  const format = content instanceof Y.ContentFormat
  const gone = content instanceof Y.ContentDeleted
  const ranges = deletes?.clients.get(item.id.client)
  const { client, clock: first } = item.id
  const end = first + item.length
  const runs: Run[] = []
  for (let clock = first; clock < end; ) {
    const { deleted, until } = deletedRun(ranges, clock, end)
    runs.push({
      client,
      clock,
      len: until - clock,
      originClient: clock > first ? client : item.origin ? item.origin.client : -1,
      originClock: clock > first ? clock - 1 : item.origin ? item.origin.clock : -1,
      rightClient: item.rightOrigin ? item.rightOrigin.client : -1,
      rightClock: item.rightOrigin ? item.rightOrigin.clock : -1,
      group: item,
      offset: clock - first,
      left: null,
      right: null,
      visibleBefore: live && !item.deleted,
      visibleAfter: !(live && item.deleted) && !gone && !deleted,
      str: content instanceof Y.ContentString ? content.str : null,
      key: format ? content.key : null,
      value: format ? content.value : null,
    })
    clock = until
  }
  return runs
}

/** One text's runs in order, found by id; split on demand where an id points inside one. */
class Layout {
  start: Run | null = null
  readonly #placer: Placer
  /** The runs of each item laid out, by clock. */
  readonly #runs = new Map<Y.Item, Run[]>()
  constructor(placer: Placer) {
    this.#placer = placer
  }

  /** Puts `run` right after `left` (at the start for null). */
  link(run: Run, left: Run | null): void {
    run.left = left
    run.right = left ? left.right : this.start
    if (run.right) run.right.left = run
    if (left) left.right = run
    else this.start = run
    let list = this.#runs.get(run.group)
    if (!list) this.#runs.set(run.group, (list = []))
    let at = list.length
    while (at > 0 && list[at - 1]!.clock > run.clock) at--
    list.splice(at, 0, run)
  }

  /**
   * The run holding id (client, clock), if this text holds it. An update's item laid out here
   * comes before a live one of the same id (the update written over what the text held).
   */
  holding(client: number, clock: number): Run | null {
    if (client < 0) return null
    const id = new Y.ID(client, clock)
    const own = this.#placer.updateItem(id)
    let list = own ? this.#runs.get(own) : undefined
    if (!list) {
      const live = this.#placer.liveStruct(id)
      list = live instanceof Y.Item ? this.#runs.get(live) : undefined
    }
    if (!list) return null
    for (const run of list) if (clock >= run.clock && clock < run.clock + run.len) return run
    return null
  }

  /** The run ending at (client, clock), split after it if need be. */
  endingAt(client: number, clock: number): Run | null {
    const run = this.holding(client, clock)
    if (run && clock < run.clock + run.len - 1) this.#split(run, clock + 1)
    return run
  }

  /** The run starting at (client, clock), split before it if need be. */
  startingAt(client: number, clock: number): Run | null {
    const run = this.holding(client, clock)
    return run && clock > run.clock ? this.#split(run, clock) : run
  }

  #split(run: Run, at: number): Run {
    const rest: Run = { ...run, clock: at, len: run.clock + run.len - at, originClient: run.client, originClock: at - 1, offset: run.offset + (at - run.clock), left: null, right: null }
    run.len = at - run.clock
    this.link(rest, run)
    return rest
  }
}

/**
 * What a text reads outside the writer's own insertions before and after the update; refuses
 * a change of marks on characters that stay that is not the writer's to make.
 */
function textEffect(placer: Placer, live: Y.XmlText | null, items: Y.Item[], deletes: DeleteSet | null, gone: boolean, mine: (value: unknown) => boolean, formatChanges: ReadonlySet<string>): { before: string; after: string } {
  const layout = new Layout(placer)
  if (live) {
    let last: Run | null = null
    for (let item = live._start; item; item = item.right) {
      for (const run of runsOf(item, true, deletes)) {
        layout.link(run, last)
        last = run
      }
    }
  }

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
    const runs = runsOf(item, false, deletes)
    const first = runs[0]!
    let left = layout.endingAt(first.originClient, first.originClock)
    if (first.originClient >= 0 && !left) return // placed beside what this text does not hold: Yjs drops or holds it
    const right = layout.startingAt(first.rightClient, first.rightClock)
    left = yataLeft(first, left, right, layout)
    for (const run of runs) {
      layout.link(run, left)
      left = run
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
  for (let run: Run | null = layout.start; run; run = run.right) {
    const visibleAfter = !gone && run.visibleAfter
    if (run.key !== null) {
      if (run.visibleBefore) {
        formatBefore = set(formatBefore, run.key, run.value)
        ownBefore = ownInsertion(formatBefore)
      }
      if (visibleAfter) {
        formatAfter = set(formatAfter, run.key, run.value)
        ownAfter = ownInsertion(formatAfter)
      }
      if (run.visibleBefore !== visibleAfter) diverged = true
    } else if (run.str !== null) {
      const chars = run.str.slice(run.offset, run.offset + run.len)
      if (run.visibleBefore && !ownBefore) before.push(chars)
      if (visibleAfter && !ownAfter) after.push(chars)
      if (diverged && run.visibleBefore && visibleAfter && (checkedBefore !== formatBefore || checkedAfter !== formatAfter)) {
        checkMarks(formatBefore, formatAfter, mine, formatChanges)
        checkedBefore = formatBefore
        checkedAfter = formatAfter
      }
    }
  }
  return { before: before.join(''), after: after.join('') }
}

/**
 * YATA's choice of left neighbour for a run placed between `left` and `right` (Yjs's
 * Item.integrate), stepping over whole items as Yjs does.
 */
function yataLeft(run: Run, left: Run | null, right: Run | null, layout: Layout): Run | null {
  let o: Run | null = left ? left.right : layout.start
  const conflicting = new Set<Y.Item>()
  const beforeOrigin = new Set<Y.Item>()
  while (o !== null && o !== right) {
    // The rest of o's item up to `right`: Yjs sees it as one item.
    let end = o
    while (end.right && end.right !== right && end.right.group === o.group && end.right.clock === end.clock + end.len) end = end.right
    beforeOrigin.add(o.group)
    conflicting.add(o.group)
    if (run.originClient === o.originClient && run.originClock === o.originClock) {
      if (o.client < run.client) {
        left = end
        conflicting.clear()
      } else if (run.rightClient === o.rightClient && run.rightClock === o.rightClock) break
    } else {
      const originItem = layout.holding(o.originClient, o.originClock)?.group
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
  // The writer's own proposed words (their insertion before and after) take formatting freely,
  // as suggesting mode formats them directly.
  const ownWords = ownInsertion(before, mine) && ownInsertion(after, mine)
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
    if (ownWords || formatChanges.has(mark) || ownFormatChange(after, mark, mine) || withdrawnFormatChange(before, after, mark, is !== null, mine)) continue
    refuse(`formatting (${mark}) changes only as a format suggestion`)
  }
}

/**
 * The writer's own format suggestion of `mark` withdrawn from a character (Bold again over
 * one's own suggested bold), the mark back to what it was before: absent after a suggested
 * addition, present after a suggested removal.
 */
function withdrawnFormatChange(before: Map<string, unknown>, after: Map<string, unknown>, mark: string, present: boolean, mine: (value: unknown) => boolean): boolean {
  for (const [key, value] of before) {
    if (markNameOfFormatKey(key) !== FORMAT_CHANGE || !mine(value)) continue
    const change = value as { mark?: unknown; action?: unknown }
    if (change.mark !== mark || sameValue(after.get(key) ?? null, value)) continue
    if ((change.action === 'add' && !present) || (change.action === 'remove' && present)) return true
  }
  return false
}

function ownInsertion(format: Map<string, unknown>, mine: (value: unknown) => boolean): boolean {
  for (const [key, value] of format) if (markNameOfFormatKey(key) === INSERTION && mine(value)) return true
  return false
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
