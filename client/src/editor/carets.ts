/**
 * How other people's carets look: a bar in the delegation's colour with a label naming the
 * person and the delegation ("Ana Pérez · CHL"), since positions are a delegation's.
 * Keeps Tiptap's class names, which the stylesheet and the browser tests rely on.
 *
 * The label sits over the line above, so it shows only while its person is active (for
 * LABEL_SHOWN_MS after their caret last moved) and when the caret's flag is hovered; the rest
 * of the time a small flag in their colour marks the caret and the words above stay readable
 * (UI-CARET-1).
 */
import type { DecorationAttrs } from '@tiptap/pm/view'
import type { Awareness } from 'y-protocols/awareness'
import { textColorOn } from '../people.ts'

const SAFE_COLOR = /^#[0-9a-f]{6}$/iu
/** How long a caret's name stays shown after its person last moved or typed. */
export const LABEL_SHOWN_MS = 2500
const ACTIVE = 'collaboration-carets__caret--active'
const NEUTRAL = '#4b5563'

/** The awareness `user` of another client is untrusted input: never let it style freely. */
function colorOf(user: Record<string, unknown>): string {
  return typeof user.color === 'string' && SAFE_COLOR.test(user.color) ? user.color : NEUTRAL
}

export function caretLabel(user: Record<string, unknown>): string {
  const name = typeof user.name === 'string' && user.name.trim() ? user.name.trim() : '?'
  const delegation = typeof user.delegation === 'string' ? user.delegation.trim() : ''
  return delegation ? `${name} · ${delegation}` : name
}

export function renderCaret(user: Record<string, unknown>): HTMLElement {
  const caret = document.createElement('span')
  caret.classList.add('collaboration-carets__caret')
  caret.setAttribute('aria-hidden', 'true')
  const label = document.createElement('div')
  label.classList.add('collaboration-carets__label')
  caret.append(label)
  paintCaret(caret, user)
  showLabelAWhile(caret)
  return caret
}

const hideTimers = new WeakMap<HTMLElement, number>()

/** Shows the caret's name for LABEL_SHOWN_MS, starting again at each call. */
function showLabelAWhile(caret: HTMLElement): void {
  caret.classList.add(ACTIVE)
  const previous = hideTimers.get(caret)
  if (previous !== undefined) window.clearTimeout(previous)
  hideTimers.set(
    caret,
    window.setTimeout(() => caret.classList.remove(ACTIVE), LABEL_SHOWN_MS),
  )
}

function paintCaret(caret: HTMLElement, user: Record<string, unknown>): void {
  const color = colorOf(user)
  caret.style.borderColor = color
  // The flag (::after) is drawn in currentColor.
  caret.style.color = color
  const label = caret.querySelector<HTMLElement>('.collaboration-carets__label')
  if (!label) return
  label.style.backgroundColor = color
  label.style.color = textColorOn(color)
  label.textContent = caretLabel(user)
}

/**
 * The cursor plugin keys each caret by client id, so ProseMirror keeps the old caret element
 * when someone changes name or delegation in place, or moves. Repaint those carets ourselves
 * (their DOM is a widget's, which ProseMirror does not observe), and show the name of whoever
 * just moved or typed for a while. Returns the unsubscribe function.
 */
export function followRenames(awareness: Awareness, root: HTMLElement): () => void {
  const userOf = (clientId: number): Record<string, unknown> | null => {
    const user: unknown = awareness.getStates().get(clientId)?.user
    return typeof user === 'object' && user !== null ? (user as Record<string, unknown>) : null
  }
  const known = new Map<number, { label: string; color: string }>()
  const remember = (clientId: number, user: Record<string, unknown>): void => {
    known.set(clientId, { label: caretLabel(user), color: colorOf(user) })
  }
  for (const clientId of awareness.getStates().keys()) {
    const user = userOf(clientId)
    if (user) remember(clientId, user)
  }
  const onChange = ({ updated }: { updated: number[] }): void => {
    for (const clientId of updated) {
      const user = userOf(clientId)
      if (!user || clientId === awareness.clientID) continue
      const before = known.get(clientId)
      remember(clientId, user)
      const renamed = before !== undefined && (before.label !== caretLabel(user) || before.color !== colorOf(user))
      const shown = before?.label ?? caretLabel(user)
      for (const label of root.querySelectorAll<HTMLElement>('.collaboration-carets__label')) {
        const caret = label.parentElement
        if (!caret || label.textContent !== shown) continue
        if (renamed) paintCaret(caret, user)
        showLabelAWhile(caret)
      }
    }
  }
  awareness.on('change', onChange)
  return () => awareness.off('change', onChange)
}

export function renderSelection(user: Record<string, unknown>): DecorationAttrs {
  // 8-digit hex: the delegation colour at ~20 % opacity, readable under black text.
  return {
    nodeName: 'span',
    class: 'collaboration-carets__selection',
    style: `background-color: ${colorOf(user)}33`,
  }
}
