/**
 * What the caret plugin (y-tiptap's yCursorPlugin, through CollaborationCaret) sees of the
 * session's awareness (issue 14, TYPE-4). Typing moves our caret by one letter, and each move
 * was announced to everyone at once: one awareness message per keystroke, and, since the
 * plugin redraws the carets on every awareness change (our own included: it is how it shows
 * again the carets it hid during a paragraph split), a second transaction per keystroke
 * through every plugin and the Yjs binding's whole-draft diff. Moves are announced at most
 * once per `intervalMs` (the first at once, the last always), so a burst of typing sends a
 * few and redraws a few times; other people's screens show the caret at most that much late.
 * Hiding the caret (blur, leaving) and every other field go out at once.
 *
 * A caret that did not move is not announced again (PERF-12). The plugin re-announces its
 * caret after every change someone else makes (y-tiptap forces it then), though its Yjs
 * relative position, all the others see, stays the same: each idle person on the draft sent
 * the typist's every keystroke back as a caret message to everyone. What would go out is
 * compared as the JSON it is sent as; the awareness renews the state every 15 s by itself.
 *
 * Our own caret changes redraw nothing (PERF-14): the plugin draws only the others' carets,
 * yet redrew them all, through a transaction over every plugin, for each of our announcements
 * (a few per second while typing). It leaned on them for one thing: the carets it hides for a
 * paragraph split or join of ours (y-tiptap's isStructuralTransaction: their positions are
 * stale until the Yjs binding has written the change) came back at our next announcement.
 * `CaretRedraw` brings them back itself, right after such a change.
 *
 * Everything else is the session's awareness itself.
 */
import { Extension } from '@tiptap/core'
import { Plugin, PluginKey } from '@tiptap/pm/state'
import { DecorationSet } from '@tiptap/pm/view'
import { setMeta, yCursorPluginKey } from '@tiptap/y-tiptap'
import type { Awareness } from 'y-protocols/awareness'

type Listener = (changes: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => void

export const CARET_INTERVAL_MS = 100

export class CaretAwareness {
  readonly #inner: Awareness
  readonly #intervalMs: number
  readonly #now: () => number
  /** The caret waiting to be announced (undefined: none waits). */
  #pending: unknown = undefined
  #timer: ReturnType<typeof setTimeout> | null = null
  #lastSent = Number.NEGATIVE_INFINITY
  /** 'change' listeners as given, and what listens in their place (others' changes only). */
  readonly #changeListeners = new Map<Listener, Listener>()

  constructor(inner: Awareness, intervalMs = CARET_INTERVAL_MS, now: () => number = () => Date.now()) {
    this.#inner = inner
    this.#intervalMs = intervalMs
    this.#now = now
  }

  get clientID(): number {
    return this.#inner.clientID
  }

  get doc(): Awareness['doc'] {
    return this.#inner.doc
  }

  get states(): Awareness['states'] {
    return this.#inner.states
  }

  getStates(): ReturnType<Awareness['getStates']> {
    return this.#inner.getStates()
  }

  /** The local state as it will be once the waiting caret is announced. */
  getLocalState(): Record<string, unknown> | null {
    const state = this.#inner.getLocalState()
    if (this.#pending === undefined || state === null) return state
    return { ...state, cursor: this.#pending }
  }

  setLocalStateField(field: string, value: unknown): void {
    if (field !== 'cursor' || value === null) {
      if (field === 'cursor') this.#cancel()
      this.#inner.setLocalStateField(field, value)
      return
    }
    if (this.#pending === undefined && this.#announced(value)) return
    this.#pending = value
    const wait = this.#lastSent + this.#intervalMs - this.#now()
    if (wait <= 0) this.flush()
    else this.#timer ??= setTimeout(() => this.flush(), wait)
  }

  /** Announces the waiting caret now. */
  flush(): void {
    if (this.#timer !== null) clearTimeout(this.#timer)
    this.#timer = null
    if (this.#pending === undefined) return
    const cursor = this.#pending
    this.#pending = undefined
    if (this.#announced(cursor)) return
    this.#lastSent = this.#now()
    this.#inner.setLocalStateField('cursor', cursor)
  }

  on(event: string, listener: Listener): void {
    if (event !== 'change') return this.#inner.on(event, listener)
    const others: Listener = (changes, origin) => {
      const self = this.#inner.clientID
      const ours = (id: number): boolean => id === self
      if (changes.added.every(ours) && changes.updated.every(ours) && changes.removed.every(ours)) return
      listener(changes, origin)
    }
    this.#changeListeners.set(listener, others)
    this.#inner.on('change', others)
  }

  off(event: string, listener: Listener): void {
    const others = event === 'change' ? this.#changeListeners.get(listener) : undefined
    this.#changeListeners.delete(listener)
    this.#inner.off(event, others ?? listener)
  }

  /** Whether `cursor` is the caret everyone was last told. */
  #announced(cursor: unknown): boolean {
    const current = this.#inner.getLocalState()?.cursor
    return current != null && JSON.stringify(current) === JSON.stringify(cursor)
  }

  #cancel(): void {
    if (this.#timer !== null) clearTimeout(this.#timer)
    this.#timer = null
    this.#pending = undefined
  }
}

/**
 * Draws the others' carets again right after a change of ours made the caret plugin hide them
 * (a paragraph split, join or move: see the module comment). Through y-tiptap's own `setMeta`,
 * as the plugin's awareness listener does: on the next tick, once the binding has written the
 * change to Yjs. A redraw that finds no caret to draw leaves the set empty, and stops there.
 */
export const CaretRedraw = Extension.create({
  name: 'consensoCaretRedraw',

  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey('consensoCaretRedraw'),
        view: () => ({
          update: (view, previous) => {
            const hidden = yCursorPluginKey.getState(view.state) === DecorationSet.empty
            if (hidden && yCursorPluginKey.getState(previous) !== DecorationSet.empty) setMeta(view, yCursorPluginKey, { awarenessUpdated: true })
          },
        }),
      }),
    ]
  },
})
