/**
 * A client's body update as the server's check sees it (server/SPEC.md TRUST-*): the update a
 * change makes to a client's copy, as one message, and the check then apply the server does.
 */
import * as Y from 'yjs'
import type { SuggestionAuthor } from '@consenso/schema'
import { checkBodyUpdate, InvalidUpdateError, RefusedUpdateError, type Writer } from '@consenso/server/collab'

/** The checks' clock, and the writer most of them write as. */
export const NOW = Date.parse('2026-12-07T10:00:00.000Z')
export const PAN: SuggestionAuthor = { id: 'u-pan', name: 'Rosa Pérez', delegation: 'PAN' }

/** A client's copy of the server's document, in sync with it. */
export function clientOf(server: Y.Doc): Y.Doc {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(server))
  return doc
}

/** The update `change` makes to `doc`, as one message. */
export function updateOf(doc: Y.Doc, change: (doc: Y.Doc) => void): Uint8Array {
  const updates: Uint8Array[] = []
  const listener = (update: Uint8Array): void => void updates.push(update)
  doc.on('update', listener)
  change(doc)
  doc.off('update', listener)
  return Y.mergeUpdates(updates)
}

/** Checks then applies, as the server does; returns the error if refused. */
export function send(server: Y.Doc, update: Uint8Array, who: Writer): Error | null {
  try {
    checkBodyUpdate(server, update, who)
  } catch (error) {
    if (error instanceof RefusedUpdateError || error instanceof InvalidUpdateError) return error
    throw error
  }
  Y.applyUpdate(server, update)
  return null
}
