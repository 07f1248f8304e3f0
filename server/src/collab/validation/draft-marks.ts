/**
 * What suggestion attributions and bracket ids a draft's body already holds, so an update that
 * copies one (a paragraph split inside someone's insertion, text moved, a mark re-asserted by
 * Yjs after a boundary) can be told from one that forges it. Built by scanning the live
 * document's structs once, then only the structs added since (by any writer: clients, the
 * server, other instances), so each struct is read once over the document's life. Kept per
 * Y.Doc in a WeakMap: it goes when the Y.Doc does (PERF-5 idle release rebuilds it).
 */
import * as Y from 'yjs'
import { BRACKET, markNameOfFormatKey, SUGGESTION_BLOCK_ATTRIBUTES, SUGGESTION_MARKS } from '@consenso/schema'

export interface Attribution {
  id: string
  authorId: string
  authorName: string
  delegation: string
  at: string
}

export const signature = (a: Attribution): string => `${a.authorId}\u0000${a.authorName}\u0000${a.delegation}\u0000${a.at}`

export class DraftMarks {
  /** Suggestion id → signature of its attribution, as first seen. */
  readonly attributions = new Map<string, string>()
  readonly brackets = new Set<string>()
  /** Per client, the clock up to which the structs were scanned. */
  readonly #scanned = new Map<number, number>()

  /** Reads the structs added to `doc` since the last call. */
  catchUp(doc: Y.Doc): this {
    for (const [client, structs] of doc.store.clients) {
      const from = this.#scanned.get(client) ?? 0
      const last = structs[structs.length - 1]
      if (!last) continue
      const state = last.id.clock + last.length
      if (state <= from) continue
      for (let i = from === 0 ? 0 : Y.findIndexSS(structs, from); i < structs.length; i++) {
        const struct = structs[i]!
        if (struct instanceof Y.Item) this.#record(struct)
      }
      this.#scanned.set(client, state)
    }
    return this
  }

  #record(item: Y.Item): void {
    const content = item.content
    if (content instanceof Y.ContentFormat) {
      const value = content.value as unknown
      if (value === null || typeof value !== 'object') return
      const mark = markNameOfFormatKey(content.key)
      if (mark === BRACKET) {
        const bracketId = (value as { bracketId?: unknown }).bracketId
        if (typeof bracketId === 'string') this.brackets.add(bracketId)
      } else if (SUGGESTION_MARKS.has(mark)) {
        this.#attribution(value)
      }
    } else if (content instanceof Y.ContentAny && item.parentSub !== null && SUGGESTION_BLOCK_ATTRIBUTES.has(item.parentSub)) {
      this.#attribution(parseBlockAttribution(content.arr[0]))
    }
  }

  #attribution(value: unknown): void {
    const attribution = asAttribution(value)
    if (attribution && !this.attributions.has(attribution.id)) this.attributions.set(attribution.id, signature(attribution))
  }
}

const indexes = new WeakMap<Y.Doc, DraftMarks>()

export function draftMarks(doc: Y.Doc): DraftMarks {
  let marks = indexes.get(doc)
  if (!marks) {
    marks = new DraftMarks()
    indexes.set(doc, marks)
  }
  return marks.catchUp(doc)
}

export function asAttribution(value: unknown): Attribution | null {
  if (typeof value !== 'object' || value === null) return null
  const v = value as Record<string, unknown>
  const ok = typeof v.id === 'string' && typeof v.authorId === 'string' && typeof v.authorName === 'string' && typeof v.delegation === 'string' && typeof v.at === 'string'
  return ok ? (v as unknown as Attribution) : null
}

/** Block attributes hold their attribution as a JSON string (see the schema's suggestions/types.ts). */
export function parseBlockAttribution(value: unknown): Attribution | null {
  if (typeof value !== 'string') return null
  try {
    return asAttribution(JSON.parse(value))
  } catch {
    return null
  }
}
