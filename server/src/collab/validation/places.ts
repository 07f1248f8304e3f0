/**
 * Where each struct of a decoded update would land in the live document, worked out without
 * applying it. Yjs encodes an item's parent (a root name or the id of the item holding the
 * parent type) and its attribute key only when it has no neighbours; otherwise the parent and
 * key are those of its left neighbour (`origin`), else of its right one. A neighbour is found in
 * the live document (by id, a binary search) or earlier in the same update.
 */
import * as Y from 'yjs'
import { BODY_FIELD, TRANSLATION_FIELD, TRANSLATION_STATUS_KEY } from '@consenso/schema'

/** Any Yjs shared type (their event type parameter does not matter here). */
type YType = Y.AbstractType<Y.YEvent<Y.AbstractType<unknown>>>

export type Place =
  | { kind: 'fragment'; depth: 0 }
  /** The translation's status map (BILING-6): block id → the source text confirmed against. */
  | { kind: 'status' }
  | { kind: 'element'; name: string; depth: number; live: Y.XmlElement | null }
  | { kind: 'text'; block: string; depth: number; live: Y.XmlText | null }
  /** Something the editor never writes (another shared type); anything placed in it is refused. */
  | { kind: 'foreign'; what: string }
  /** Next to garbage-collected content: Yjs drops such an item on arrival. */
  | { kind: 'dropped' }
  /** Builds on content neither the document nor the update has: held until it arrives (LOAD-2). */
  | { kind: 'pending' }

export interface Located {
  place: Place
  /** The attribute key, for an item that is an attribute value. */
  sub: string | null
}

export class NotABodyRoot extends Error {}
/** An item placed relative to content its own client writes after it. */
export class SelfReference extends Error {}

const FRAGMENT: Place = { kind: 'fragment', depth: 0 }
const STATUS: Place = { kind: 'status' }
const DROPPED: Located = { place: { kind: 'dropped' }, sub: null }
const PENDING: Located = { place: { kind: 'pending' }, sub: null }

/** Places of live types never change (a Yjs type keeps its parent for life). */
const livePlaces = new WeakMap<YType, Place>()

export class Placer {
  readonly #doc: Y.Doc
  readonly #fragment: YType | undefined
  /** The second language's fragment and status map (BILING-6), when the draft has one. */
  readonly #translation: YType | undefined
  readonly #status: YType | undefined
  readonly #byClient = new Map<number, Y.Item[]>()
  readonly #located = new Map<Y.Item, Located>()
  /** Per client, the clock just past the update's last struct, garbage-collected ones included. */
  readonly #ends = new Map<number, number>()

  constructor(doc: Y.Doc, structs: readonly (Y.Item | Y.GC | Y.Skip)[]) {
    this.#doc = doc
    this.#fragment = doc.share.get(BODY_FIELD)
    // A root read from storage is a plain AbstractType until asked for by its kind; asking makes
    // it the typed one (and the identity compared below). Only a draft with a second language
    // has these roots: the server writes them first (BILING-1).
    this.#translation = doc.share.has(TRANSLATION_FIELD) ? (doc.getXmlFragment(TRANSLATION_FIELD) as unknown as YType) : undefined
    this.#status = this.#translation ? (doc.getMap(TRANSLATION_STATUS_KEY) as unknown as YType) : undefined
    for (const struct of structs) {
      // A GC struct is content its writer deleted and collected: it still fills those clocks
      // (a client that inserted and deleted a paragraph sends it so), and deleting it is fine.
      if (!(struct instanceof Y.Skip)) {
        const end = struct.id.clock + struct.length
        if (end > (this.#ends.get(struct.id.client) ?? 0)) this.#ends.set(struct.id.client, end)
      }
      if (!(struct instanceof Y.Item)) continue
      let list = this.#byClient.get(struct.id.client)
      if (!list) this.#byClient.set(struct.id.client, (list = []))
      list.push(struct)
    }
  }

  /** The clock just past this update's structs of `client` (0 if it has none). */
  updateEnd(client: number): number {
    return this.#ends.get(client) ?? 0
  }

  /** The update's own item holding `id`, if any. */
  updateItem(id: Y.ID): Y.Item | null {
    const list = this.#byClient.get(id.client)
    if (!list) return null
    let low = 0
    let high = list.length - 1
    while (low <= high) {
      const mid = (low + high) >> 1
      const item = list[mid]!
      if (id.clock < item.id.clock) high = mid - 1
      else if (id.clock >= item.id.clock + item.length) low = mid + 1
      else return item
    }
    return null
  }

  /** The live struct holding `id`, or null when the document does not have it yet. */
  liveStruct(id: Y.ID): Y.Item | Y.GC | null {
    if (id.clock >= Y.getState(this.#doc.store, id.client)) return null
    const struct = Y.getItem(this.#doc.store, id) as Y.Item | Y.GC | Y.Skip
    return struct instanceof Y.Skip ? null : struct
  }

  locate(item: Y.Item): Located {
    const known = this.#located.get(item)
    if (known) return known
    const located = this.#locate(item)
    this.#located.set(item, located)
    return located
  }

  #locate(item: Y.Item): Located {
    // Yjs writes an item next to, or inside, what already exists: nothing of its own client
    // from its own clock on. Such a reference makes integration fail half-way.
    for (const ref of [item.origin, item.rightOrigin, item.parent]) {
      if (ref instanceof Y.ID && ref.client === item.id.client && ref.clock >= item.id.clock) throw new SelfReference()
    }
    if (item.origin === null && item.rightOrigin === null) {
      const parent: unknown = item.parent
      if (typeof parent === 'string') {
        if (parent === TRANSLATION_FIELD) return { place: this.#translation ? FRAGMENT : foreign('a second language this draft does not have'), sub: item.parentSub }
        if (parent === TRANSLATION_STATUS_KEY) return { place: this.#status ? STATUS : foreign('a second language this draft does not have'), sub: item.parentSub }
        if (parent !== BODY_FIELD) throw new NotABodyRoot(parent)
        return { place: FRAGMENT, sub: item.parentSub }
      }
      if (parent instanceof Y.ID) {
        const live = this.liveStruct(parent)
        if (live instanceof Y.GC) return DROPPED
        // A type deleted and garbage-collected keeps its item with ContentDeleted: Yjs finds no
        // type there and drops what is placed in it (a paragraph someone deleted meanwhile).
        if (live?.content instanceof Y.ContentDeleted) return DROPPED
        if (live) return { place: live.content instanceof Y.ContentType ? this.livePlace(live.content.type) : foreign('an item that is not a type'), sub: item.parentSub }
        const own = this.updateItem(parent)
        if (!own) return PENDING
        return { place: this.placeOfNew(own), sub: item.parentSub }
      }
      // Neither neighbours nor parent: Yjs cannot place it.
      return { place: foreign('an item without parent'), sub: null }
    }
    let left: Located | null = null
    let right: Located | null = null
    for (const [id, side] of [
      [item.origin, 'left'],
      [item.rightOrigin, 'right'],
    ] as const) {
      if (id === null) continue
      const live = this.liveStruct(id)
      let found: Located
      if (live instanceof Y.GC) return DROPPED
      if (live) found = { place: this.livePlace(live.parent as YType), sub: live.parentSub }
      else {
        const own = this.updateItem(id)
        if (!own) return PENDING
        found = own === item ? { place: foreign('an item next to itself'), sub: null } : this.locate(own)
      }
      if (side === 'left') left = found
      else right = found
    }
    return left ?? right!
  }

  /** The place inside a type the update creates. */
  placeOfNew(item: Y.Item): Place {
    if (!(item.content instanceof Y.ContentType)) return foreign('an item that is not a type')
    const { place, sub } = this.locate(item)
    if (sub !== null) return foreign('a type held as an attribute')
    return inner(place, item.content.type, null)
  }

  livePlace(type: YType): Place {
    let place = livePlaces.get(type)
    if (place) return place
    const item = type._item
    if (item === null) place = type === this.#fragment || type === this.#translation ? FRAGMENT : type === this.#status ? STATUS : foreign('another shared type')
    else if (item.parentSub !== null) place = foreign('a type held as an attribute')
    else place = inner(this.livePlace(item.parent as YType), type, type)
    livePlaces.set(type, place)
    return place
  }
}

function foreign(what: string): Place {
  return { kind: 'foreign', what }
}

/** The place inside `type`, a child of `parent`. */
function inner(parent: Place, type: YType, live: YType | null): Place {
  if (parent.kind === 'dropped' || parent.kind === 'pending' || parent.kind === 'foreign') return parent
  if (parent.kind === 'status') return foreign('a type inside the translation status')
  if (parent.kind === 'text') return foreign('a type inside a text')
  if (type instanceof Y.XmlElement) return { kind: 'element', name: type.nodeName, depth: parent.depth + 1, live: live as Y.XmlElement | null }
  if (type instanceof Y.XmlText) {
    if (parent.kind !== 'element') return foreign('a text at the top level')
    return { kind: 'text', block: parent.name, depth: parent.depth + 1, live: live as Y.XmlText | null }
  }
  return foreign(`a ${type.constructor.name}`)
}
