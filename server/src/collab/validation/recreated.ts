/**
 * Elements the editor's binding removes only to write them again (TRUST-4). A Yjs element
 * cannot change its name, so a suggested heading (a paragraph becoming a heading, or Enter at a
 * heading's start, which leaves an empty paragraph before it) reaches Yjs as the element
 * deleted and a new one, with the same block id, written in its place; y-tiptap does the same
 * when an element's attributes and content change together. For a suggest-only writer such a
 * removal is no deletion when the update writes, for each removed element, a new element:
 * - with the same block id, standing where it stood (same parent, same live left neighbour);
 * - of the same name and attributes, unless the new element carries the writer's own block
 *   suggestion (the change proposed) or the removed one did and the new one is what that
 *   suggestion recorded as before (the suggestion withdrawn);
 * - keeping anyone else's block and break suggestions as they were.
 * Its words leave with it and arrive in the new element: suggest-only.ts then requires the
 * same characters to leave as arrive, and formatting to follow its usual rules.
 */
import * as Y from 'yjs'
import { BLOCK_CHANGE, BREAK_CHANGE } from '@consenso/schema'
import type { DeleteSet } from './delete-set.ts'
import { coveredBy } from './brackets.ts'
import type { Placer } from './places.ts'

const SUGGESTION_KEYS = new Set<string>([BREAK_CHANGE, BLOCK_CHANGE])

/** Attributes that say what a block is: all but its id and its suggestions; null is absence. */
function shape(attributes: Iterable<[string, unknown]>): Map<string, string> {
  const out = new Map<string, string>()
  for (const [key, value] of attributes) if (key !== 'id' && !SUGGESTION_KEYS.has(key) && value !== null && value !== undefined) out.set(key, JSON.stringify(value))
  return out
}

const sameShape = (a: Map<string, string>, b: Map<string, string>): boolean => a.size === b.size && [...a].every(([key, value]) => b.get(key) === value)

export class Recreations {
  readonly #placer: Placer
  readonly #deletes: DeleteSet | null
  readonly #mine: (blockAttribute: unknown) => boolean
  readonly #refuse: (reason: string) => never
  /** The update's new elements and the attributes it gives them. */
  readonly #created = new Map<Y.Item, Map<string, unknown>>()
  readonly #removed: Y.XmlElement[] = []

  constructor(placer: Placer, deletes: DeleteSet | null, mine: (blockAttribute: unknown) => boolean, refuse: (reason: string) => never) {
    this.#placer = placer
    this.#deletes = deletes
    this.#mine = mine
    this.#refuse = refuse
  }

  /** Each struct of the update, in order. */
  note(struct: Y.Item, sub: string | null): void {
    const content = struct.content
    if (sub === null && content instanceof Y.ContentType && content.type instanceof Y.XmlElement) {
      if (!this.#created.has(struct)) this.#created.set(struct, new Map())
    } else if (sub !== null && content instanceof Y.ContentAny) {
      const owner = this.#ownerOf(struct)
      if (!owner) return
      let attributes = this.#created.get(owner)
      if (!attributes) this.#created.set(owner, (attributes = new Map()))
      attributes.set(sub, content.arr[0])
    }
  }

  /** A live element the update removes without its writer's own paragraph break on it. */
  removed(element: Y.XmlElement): void {
    this.#removed.push(element)
  }

  /** Refuses a removal that is no re-creation; true when there were re-creations (words then move). */
  judge(): boolean {
    const used = new Set<Y.Item>()
    for (const element of this.#removed) {
      const id = element.getAttribute('id') as unknown
      const twin = [...this.#created].find(([item, attributes]) => !used.has(item) && typeof id === 'string' && attributes.get('id') === id)
      if (!twin || !this.#samePlace(element, twin[0])) this.#refuse('paragraphs are removed by suggesting their deletion')
      const [item, attributes] = twin
      used.add(item)
      const before = element.getAttributes() as Record<string, unknown>
      for (const key of SUGGESTION_KEYS) {
        const was = before[key] ?? null
        const now = attributes.get(key) ?? null
        if (was !== now && ((was !== null && !this.#mine(was)) || (now !== null && !this.#mine(now)))) {
          this.#refuse('another person’s block suggestion is withdrawn only by an editor')
        }
      }
      const name = ((item.content as Y.ContentType).type as Y.XmlElement).nodeName
      const after = shape(attributes)
      if (name === element.nodeName && sameShape(shape(Object.entries(before)), after)) continue
      if (this.#mine(attributes.get(BLOCK_CHANGE))) continue
      // The writer's own block suggestion withdrawn: the block is again what it recorded.
      const previous = this.#mine(before[BLOCK_CHANGE]) ? previousOf(before[BLOCK_CHANGE]) : null
      if (previous && previous.type === name && sameShape(shape(Object.entries(previous.attrs)), after)) continue
      this.#refuse('a paragraph’s kind or level changes only as a block suggestion')
    }
    return this.#removed.length > 0
  }

  /** The new element the update's attribute item belongs to (null: a live element's). */
  #ownerOf(item: Y.Item, steps = 0): Y.Item | null {
    if (steps > 1000) return null
    if (item.parent instanceof Y.ID) {
      const owner = this.#placer.updateItem(item.parent)
      return owner && owner.content instanceof Y.ContentType && owner.content.type instanceof Y.XmlElement ? owner : null
    }
    if (item.origin === null) return null
    const left = this.#placer.updateItem(item.origin)
    return left ? this.#ownerOf(left, steps + 1) : null
  }

  #gone(item: Y.Item): boolean {
    return item.deleted || (this.#deletes !== null && coveredBy(this.#deletes, item.id, 1))
  }

  /** The nearest live item left of `item` that stays. */
  #stayingLeftOf(item: Y.Item | null): Y.Item | null {
    let left = item
    while (left && this.#gone(left)) left = left.left
    return left
  }

  /** Whether the new element `item` lands where `element` stood. */
  #samePlace(element: Y.XmlElement, item: Y.Item): boolean {
    const own = element._item
    if (!own) return false
    const parent = this.#placer.livePlace(own.parent as Y.AbstractType<Y.YEvent<Y.AbstractType<unknown>>>)
    if (this.#placer.locate(item).place !== parent) return false
    // Follow the new element's left references through what the update writes to a live item.
    let origin = item.origin
    for (let steps = 0; steps < 10_000; steps++) {
      if (origin === null) return this.#stayingLeftOf(own.left) === null
      const live = this.#placer.liveStruct(origin)
      if (live instanceof Y.Item) return this.#stayingLeftOf(live) === this.#stayingLeftOf(own.left)
      if (live) return false
      const written = this.#placer.updateItem(origin)
      if (!written) return false
      origin = written.origin
    }
    return false
  }
}

/** What a block suggestion recorded the block as before it. */
export function previousOf(value: unknown): { type: string; attrs: Record<string, unknown> } | null {
  try {
    const parsed = JSON.parse(String(value)) as { previous?: { type?: unknown; attrs?: unknown } }
    const previous = parsed.previous
    if (!previous || typeof previous.type !== 'string') return null
    return { type: previous.type, attrs: typeof previous.attrs === 'object' && previous.attrs !== null ? (previous.attrs as Record<string, unknown>) : {} }
  } catch {
    return null
  }
}
