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
 * Everything else is the session's awareness itself.
 */
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
    this.#inner.on(event, listener)
  }

  off(event: string, listener: Listener): void {
    this.#inner.off(event, listener)
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
