/**
 * Highlights the words each open thread is anchored to (ProseMirror inline decorations) and
 * reports clicks on them.
 *
 * Anchors are Yjs relative positions, so they can only be resolved when the editor and the
 * Yjs document agree. They do right after a change that came through Yjs (a remote edit,
 * undo, the first render): those transactions carry y-sync's meta and the plugin resolves
 * every anchor again. A local edit reaches Yjs only after ProseMirror has applied it, so the
 * plugin first maps its highlights through the edit and resolves again a moment later.
 */
import { Extension } from '@tiptap/core'
import type { Node as PMNode } from '@tiptap/pm/model'
import { Plugin, PluginKey, type EditorState, type Transaction } from '@tiptap/pm/state'
import { Decoration, DecorationSet, type EditorView } from '@tiptap/pm/view'
import { ySyncPluginKey } from '@tiptap/y-tiptap'
import type { Anchor, ThreadStatus } from '@consenso/protocol'
import { parseAnchor, resolveAnchor, type ParsedAnchor } from './anchors.ts'

export interface HighlightThread {
  id: string
  anchor: Anchor | null
  status: ThreadStatus
  /** What a screen reader says of the commented words (A11Y-41): the comment, its author, replies. */
  description?: string
}

export interface Range {
  from: number
  to: number
}

export interface HighlightsState {
  threads: readonly HighlightThread[]
  activeId: string | null
  /** The words of a comment being written, shown while the composer has the focus. */
  draft: Anchor | null
  /** Where each thread's words are now; null: on deleted text. */
  ranges: ReadonlyMap<string, Range | null>
  draftRange: Range | null
  decorations: DecorationSet
  /** Mapped through a local edit, waiting to be resolved again from Yjs. */
  stale: boolean
}

type Meta = Partial<Pick<HighlightsState, 'threads' | 'activeId' | 'draft'>> & { refresh?: true }

export const reviewHighlightsKey = new PluginKey<HighlightsState>('consensoReviewHighlights')

export const DRAFT_ID = '__draft__'

/** Relative positions parsed once per anchor (a thread's anchor object is replaced only with the thread). */
const parsed = new WeakMap<Anchor, ParsedAnchor | null>()

function parsedAnchor(anchor: Anchor | null): ParsedAnchor | null {
  if (!anchor) return null
  if (!parsed.has(anchor)) parsed.set(anchor, parseAnchor(anchor))
  return parsed.get(anchor) ?? null
}

function decorationsFor(doc: PMNode, state: Omit<HighlightsState, 'decorations' | 'stale'>): DecorationSet {
  const decorations: Decoration[] = []
  for (const thread of state.threads) {
    const range = state.ranges.get(thread.id)
    if (!range) continue
    const active = thread.id === state.activeId
    // A resolved thread's words are only shown while someone looks at that thread.
    if (thread.status === 'resolved' && !active) continue
    const classes = ['review-highlight']
    if (thread.status === 'resolved') classes.push('review-highlight--resolved')
    if (active) classes.push('review-highlight--active')
    decorations.push(
      Decoration.inline(
        range.from,
        range.to,
        // A <mark> described by its comment (A11Y-41): readers say the words are commented, and what.
        { nodeName: 'mark', class: classes.join(' '), 'data-thread-id': thread.id, ...(thread.description ? { 'aria-description': thread.description } : {}) },
        // Same rule as the anchor: text typed at either edge is not part of the words.
        { inclusiveStart: false, inclusiveEnd: false, threadId: thread.id },
      ),
    )
  }
  if (state.draftRange) {
    decorations.push(
      Decoration.inline(state.draftRange.from, state.draftRange.to, { nodeName: 'span', class: 'review-highlight review-highlight--draft' }, { threadId: DRAFT_ID }),
    )
  }
  return DecorationSet.create(doc, decorations)
}

function resolveAll(state: EditorState, base: Omit<HighlightsState, 'decorations' | 'stale' | 'ranges' | 'draftRange'>): HighlightsState {
  const ranges = new Map<string, Range | null>()
  for (const thread of base.threads) {
    const anchor = parsedAnchor(thread.anchor)
    ranges.set(thread.id, anchor ? resolveAnchor(state, anchor) : null)
  }
  const draftAnchor = base.draft ? parseAnchor(base.draft) : null
  const draftRange = draftAnchor ? resolveAnchor(state, draftAnchor) : null
  const next = { ...base, ranges, draftRange }
  return { ...next, decorations: decorationsFor(state.doc, next), stale: false }
}

function mapRange(range: Range | null, tr: Transaction): Range | null {
  if (!range) return null
  const from = tr.mapping.map(range.from, 1)
  const to = tr.mapping.map(range.to, -1)
  return from < to ? { from, to } : null
}

/** True for transactions made by y-sync after Yjs changed: Yjs and the editor then agree. */
function fromYjs(tr: Transaction): boolean {
  const meta = tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean; binding?: unknown } | undefined
  return !!meta && (meta.isChangeOrigin === true || meta.binding !== undefined)
}

export function setReviewHighlights(view: EditorView, meta: Meta): void {
  if (view.isDestroyed) return
  view.dispatch(view.state.tr.setMeta(reviewHighlightsKey, meta).setMeta('addToHistory', false))
}

/** The thread whose words are at `pos` (the shortest, when several overlap), if any. */
export function threadAt(state: EditorState, pos: number): string | null {
  const highlights = reviewHighlightsKey.getState(state)
  if (!highlights) return null
  let best: { id: string; length: number } | null = null
  for (const thread of highlights.threads) {
    const range = highlights.ranges.get(thread.id)
    if (!range || pos < range.from || pos > range.to) continue
    if (thread.status === 'resolved' && thread.id !== highlights.activeId) continue
    const length = range.to - range.from
    if (!best || length < best.length) best = { id: thread.id, length }
  }
  return best?.id ?? null
}

export interface ReviewHighlightsOptions {
  /** Read at click time: the page's handler changes as it re-renders. */
  onClickThread: { current: (threadId: string) => void }
}

export const ReviewHighlights = Extension.create<ReviewHighlightsOptions>({
  name: 'consensoReviewHighlights',

  addOptions() {
    return { onClickThread: { current: () => {} } }
  },

  addProseMirrorPlugins() {
    const { onClickThread } = this.options
    return [
      new Plugin<HighlightsState>({
        key: reviewHighlightsKey,
        state: {
          init: (_config, state) =>
            resolveAll(state, { threads: [], activeId: null, draft: null }),
          apply: (tr, previous, _oldState, newState) => {
            const meta = tr.getMeta(reviewHighlightsKey) as Meta | undefined
            const base = {
              threads: meta?.threads ?? previous.threads,
              activeId: meta?.activeId !== undefined ? meta.activeId : previous.activeId,
              draft: meta?.draft !== undefined ? meta.draft : previous.draft,
            }
            if (fromYjs(tr)) return resolveAll(newState, base)
            if (meta) {
              // A local edit not yet in Yjs would resolve against the old text: keep mapping.
              if (previous.stale && !meta.refresh) {
                const next = { ...previous, ...base }
                return { ...next, decorations: decorationsFor(newState.doc, next) }
              }
              return resolveAll(newState, base)
            }
            if (!tr.docChanged) return previous
            // Nothing anchored: nothing to map, and no refresh transaction after every keystroke.
            if (previous.threads.length === 0 && previous.draft === null) return previous
            const ranges = new Map<string, Range | null>()
            for (const [id, range] of previous.ranges) ranges.set(id, mapRange(range, tr))
            const next = { ...previous, ranges, draftRange: mapRange(previous.draftRange, tr) }
            return { ...next, decorations: decorationsFor(newState.doc, next), stale: true }
          },
        },
        props: {
          decorations: (state) => reviewHighlightsKey.getState(state)?.decorations,
          handleClick: (view, pos) => {
            const id = threadAt(view.state, pos)
            if (id) onClickThread.current(id)
            // The click still places the caret or starts a selection as usual.
            return false
          },
        },
        view: () => {
          let scheduled = false
          return {
            update: (view) => {
              if (scheduled || !reviewHighlightsKey.getState(view.state)?.stale) return
              scheduled = true
              const refresh = (): void => {
                if (view.isDestroyed) return
                // Typing with an input method: a transaction now would break the composition.
                if (view.composing) {
                  window.setTimeout(refresh, 100)
                  return
                }
                scheduled = false
                // y-sync writes the edit into Yjs in its own view update, which has run by now.
                if (reviewHighlightsKey.getState(view.state)?.stale) setReviewHighlights(view, { refresh: true })
              }
              queueMicrotask(refresh)
            },
          }
        },
      }),
    ]
  },
})
