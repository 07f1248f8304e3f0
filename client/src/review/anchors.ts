/**
 * Anchors: where a thread points in the body, as two Yjs relative positions, so that it
 * follows its words through everyone's concurrent edits (server rule REVIEW-3).
 *
 * ProseMirror positions are converted with y-tiptap's mapping between the editor's nodes and
 * the Yjs types. Its helper always makes positions that stick to the character before them
 * (assoc -1); that is right for the end (text typed just after the words stays out) but
 * wrong for the start (text typed just before the words would join them), so each position
 * is re-made from its Yjs type and index with the association it needs.
 */
import * as Y from 'yjs'
import type { EditorState } from '@tiptap/pm/state'
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition, ySyncPluginKey } from '@tiptap/y-tiptap'
import { QUOTE_MAX_LENGTH, type Anchor } from '@consenso/protocol'

interface SyncState {
  type: Y.XmlFragment
  binding: { mapping: Parameters<typeof absolutePositionToRelativePosition>[2] } | null
}

function syncState(state: EditorState): (SyncState & { binding: NonNullable<SyncState['binding']> }) | null {
  const sync = ySyncPluginKey.getState(state) as SyncState | undefined
  if (!sync?.binding || !sync.type.doc) return null
  return sync as SyncState & { binding: NonNullable<SyncState['binding']> }
}

/** The Yjs doc and mapping agree with the editor: the binding has rendered the body once. */
export function anchorsAvailable(state: EditorState): boolean {
  return syncState(state) !== null
}

function relative(state: EditorState, pos: number, assoc: 0 | -1): Y.RelativePosition | null {
  const sync = syncState(state)
  if (!sync) return null
  const doc = sync.type.doc!
  const made = absolutePositionToRelativePosition(pos, sync.type, sync.binding.mapping) as Y.RelativePosition
  const absolute = Y.createAbsolutePositionFromRelativePosition(made, doc)
  if (!absolute) return null
  return Y.createRelativePositionFromTypeIndex(absolute.type, absolute.index, assoc)
}

/**
 * The range the person selected, trimmed to start and end on visible characters: a
 * double-click takes the space after a word, a triple-click the paragraph's boundaries.
 */
export function trimRange(state: EditorState, from: number, to: number): { from: number; to: number } {
  const startsWord = (pos: number): boolean => {
    const after = state.doc.resolve(pos).nodeAfter
    return !!after?.isText && /\S/u.test(after.text?.[0] ?? ' ')
  }
  const endsWord = (pos: number): boolean => {
    const before = state.doc.resolve(pos).nodeBefore
    return !!before?.isText && /\S/u.test(before.text?.at(-1) ?? ' ')
  }
  while (from < to && !startsWord(from)) from += 1
  while (to > from && !endsWord(to)) to -= 1
  return { from, to }
}

export interface DraftAnchor {
  anchor: Anchor
  quote: string
}

/** An anchor for the words between `from` and `to`, with their text; null if there are none. */
export function anchorFor(state: EditorState, selectionFrom: number, selectionTo: number): DraftAnchor | null {
  const { from, to } = trimRange(state, selectionFrom, selectionTo)
  if (from >= to) return null
  const quote = state.doc.textBetween(from, to, ' ', ' ').replace(/\s+/gu, ' ').trim()
  if (!quote) return null
  const start = relative(state, from, 0)
  const end = relative(state, to, -1)
  if (!start || !end) return null
  return {
    anchor: { start: Y.relativePositionToJSON(start), end: Y.relativePositionToJSON(end) },
    quote: quote.length > QUOTE_MAX_LENGTH ? `${quote.slice(0, QUOTE_MAX_LENGTH - 1)}…` : quote,
  }
}

export interface ParsedAnchor {
  start: Y.RelativePosition
  end: Y.RelativePosition
}

/** An anchor from the review document; null when it is missing or not a relative position. */
export function parseAnchor(anchor: Anchor | null): ParsedAnchor | null {
  if (!anchor) return null
  try {
    return { start: Y.createRelativePositionFromJSON(anchor.start), end: Y.createRelativePositionFromJSON(anchor.end) }
  } catch {
    return null
  }
}

/**
 * Where an anchor's words are now, in editor positions; null when they are gone (deleted, or
 * the anchor points nowhere in this body): the thread is then "on deleted text".
 * Call only when the editor and the Yjs document agree (see `highlights.ts`).
 */
export function resolveAnchor(state: EditorState, anchor: ParsedAnchor): { from: number; to: number } | null {
  const sync = syncState(state)
  if (!sync) return null
  const doc = sync.type.doc!
  try {
    const from = relativePositionToAbsolutePosition(doc, sync.type, anchor.start, sync.binding.mapping)
    const to = relativePositionToAbsolutePosition(doc, sync.type, anchor.end, sync.binding.mapping)
    if (from === null || to === null) return null
    const size = state.doc.content.size
    const clampedFrom = Math.max(0, Math.min(from, size))
    const clampedTo = Math.max(0, Math.min(to, size))
    if (clampedFrom >= clampedTo) return null
    // Only words count: a range left holding no text at all is as good as deleted.
    if (!state.doc.textBetween(clampedFrom, clampedTo, '', '').trim()) return null
    return { from: clampedFrom, to: clampedTo }
  } catch {
    return null
  }
}
