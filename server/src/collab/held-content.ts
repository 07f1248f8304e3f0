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
  /**
   * A frame was refused (permission-denied): its content is not stored, so no later `saved`
   * on this connection may count it, until a sync step 2 we accept from the connection
   * brings everything of the client's we lack (SYNC-18).
   */
  refused?: boolean
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

/** Marks a refused frame: acknowledgements on the connection stop before it (SYNC-17, SYNC-18). */
export function refuseFrame(held: Held | null, frame: number): Held {
  const result: Held = held ?? { firstFrame: frame, needs: new Map<number, number>() }
  result.refused = true
  return result
}

/**
 * The connection's sync step 2 was accepted: it carried everything of the client's the server
 * lacked, the content of its refused frames included, so only what is still pending holds
 * acknowledgements back (SYNC-18).
 */
export function refusalsMadeGood(held: Held | null): Held | null {
  if (!held?.refused) return held
  return held.needs.size === 0 ? null : { firstFrame: held.firstFrame, needs: held.needs }
}

/** Adds a held frame's needs to what the connection already waits for. */
export function hold(held: Held | null, frame: number, needs: Map<number, number>): Held {
  if (!held) return { firstFrame: frame, needs }
  for (const [client, clock] of needs) held.needs.set(client, Math.max(held.needs.get(client) ?? 0, clock))
  return held
}

/** Whether the document now holds everything `held` waited for. */
export function arrived(doc: Y.Doc, held: Held): boolean {
  if (held.refused) return false
  for (const [client, clock] of held.needs) if (Y.getState(doc.store, client) < clock) return false
  return true
}

/** True when applying `update` would change nothing: no new structs, no new deletions. */
export function addsNothing(doc: Y.Doc, update: Uint8Array): boolean {
  const { structs, ds } = Y.decodeUpdate(Y.diffUpdate(update, Y.encodeStateVector(doc)))
  if (structs.length > 0) return false
  if (ds.clients.size === 0) return true
  const held = Y.createDeleteSetFromStructStore(doc.store)
  return Y.equalDeleteSets(held, Y.mergeDeleteSets([held, ds]))
}

/**
 * Runs `encode` as if `doc` held no pending content. Yjs adds what waits for its dependencies
 * to every encoded state; handed to other clients, content whose base may never arrive (its
 * writer's copy dropped) would come back in their sync step 2 and hold their `saved` forever
 * (SYNC-14 found it). Its writer still holds it and resends it; others get it once it is in.
 */
export function withoutPending<T>(doc: Y.Doc, encode: () => T): T {
  const { pendingStructs, pendingDs } = doc.store
  doc.store.pendingStructs = null
  doc.store.pendingDs = null
  try {
    return encode()
  } finally {
    doc.store.pendingStructs = pendingStructs
    doc.store.pendingDs = pendingDs
  }
}

/** The update `[0, 0]`: no structs, no deletions (what a client holding nothing new answers). */
export function isEmptyUpdate(update: Uint8Array): boolean {
  return update.length === 2 && update[0] === 0 && update[1] === 0
}
