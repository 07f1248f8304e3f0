/**
 * Frames whose content Yjs holds back (SYNC-13). An update that builds on content the
 * document has not seen (typed offline on top of an unsent change, or sent by a provider
 * before its sync step 2) is kept by Yjs as pending structs or a pending delete set: applied,
 * but not in the document, so not committed. `saved` counts a connection's frames, and a
 * count acknowledges every frame up to it, so once a frame is held the count must stop
 * before it until what it needs has arrived, whatever the later frames carry. Both kinds
 * count: inserts past the document's state, and deletions of ranges past it.
 */
import * as Y from 'yjs'

/** What one connection's held frames wait for. */
export interface Held {
  /** The first of the connection's update frames whose content is not all in the document. */
  firstFrame: number
  /** Per Yjs client, the clock the document must reach for every held frame to be in. */
  needs: Map<number, number>
}

/**
 * What `update` (just applied to `doc`) still waits for: per client, the clock the document
 * must reach; null when all of it is in. Cheap when nothing in `doc` is pending, which is
 * the rule: then nothing of any update is.
 */
export function stillNeeded(doc: Y.Doc, update: Uint8Array): Map<number, number> | null {
  const store = doc.store
  if (store.pendingStructs === null && store.pendingDs === null) return null
  let needs: Map<number, number> | null = null
  const need = (client: number, clock: number): void => {
    if (Y.getState(store, client) >= clock) return
    needs ??= new Map()
    needs.set(client, Math.max(needs.get(client) ?? 0, clock))
  }
  // Inserts: the update's range of each client must be in the document.
  if (store.pendingStructs !== null) for (const [client, end] of Y.parseUpdateMeta(update).to) need(client, end)
  // Deletions: Yjs applies a deleted range only as far as the document's state reaches.
  if (store.pendingDs !== null) {
    for (const [client, ranges] of Y.decodeUpdate(update).ds.clients) {
      for (const { clock, len } of ranges) need(client, clock + len)
    }
  }
  return needs
}

/** Adds a held frame's needs to what the connection already waits for. */
export function hold(held: Held | null, frame: number, needs: Map<number, number>): Held {
  if (!held) return { firstFrame: frame, needs }
  for (const [client, clock] of needs) held.needs.set(client, Math.max(held.needs.get(client) ?? 0, clock))
  return held
}

/** Whether the document now holds everything `held` waited for. */
export function arrived(doc: Y.Doc, held: Held): boolean {
  for (const [client, clock] of held.needs) if (Y.getState(doc.store, client) < clock) return false
  return true
}
