/**
 * The plenary view's shared focus (PLENARY-* in server/SPEC.md): the paragraph under discussion,
 * chosen by the chair and followed on every screen that chooses to. Written by the server
 * into the review document (like every review datum) in answer to `PUT
 * /api/documents/:id/plenary`, which only the chair may call; read live over
 * `/collab/:id/meta`.
 */
import { Type, type Static } from 'typebox'
import { may, type Role } from './access.ts'
import { NullableString, RECORD_ID_PATTERN } from './shapes.ts'
import type { Author } from './review.ts'

/** The review document's map holding the focus (key `focus`). */
export const REVIEW_PLENARY_KEY = 'plenary'
export const PLENARY_FOCUS_FIELD = 'focus'

export interface PlenaryFocus {
  /** The numbered paragraph under discussion; null once the chair has cleared it. */
  paragraphId: string | null
  /** Who moved it there (the chair), and when (server time). */
  by: Author
  at: string
}

export interface PlenaryState {
  focus: PlenaryFocus | null
  /** May the caller move the focus (PLENARY-2)? */
  mayChair: boolean
}

/** `PUT /api/documents/:id/plenary`: the paragraph under discussion, or null for none. */
export const PlenaryFocusRequest = Type.Object({ paragraphId: NullableString({ pattern: RECORD_ID_PATTERN }) }, { additionalProperties: false })
export type PlenaryFocusRequest = Static<typeof PlenaryFocusRequest>

/**
 * Who chairs a draft's plenary: its owners, and the members of a technical secretariat (a
 * delegation of kind `secretariat`) with at least comment rights on it — the secretariat
 * conducts the session even when it does not own the draft.
 */
export function mayChair(role: Role | null, delegationKind: string | undefined): boolean {
  if (may(role, 'manage')) return true
  return delegationKind === 'secretariat' && may(role, 'comment')
}

/** A focus read from the review document, defensively (it is server-written, but a bad value must not break a page). */
export function readPlenaryFocus(value: unknown): PlenaryFocus | null {
  if (typeof value !== 'object' || value === null) return null
  const focus = value as Partial<PlenaryFocus>
  if (!(focus.paragraphId === null || typeof focus.paragraphId === 'string')) return null
  if (typeof focus.at !== 'string' || typeof focus.by !== 'object' || focus.by === null) return null
  const by = focus.by as Partial<Author>
  if (typeof by.id !== 'string' || typeof by.name !== 'string' || typeof by.delegation !== 'string') return null
  return { paragraphId: focus.paragraphId, at: focus.at, by: { id: by.id, name: by.name, delegation: by.delegation } }
}
