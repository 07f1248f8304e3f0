/**
 * Roles and what each may do. The server enforces these on every request and every
 * websocket frame; the client reads the same table only to shape its UI.
 */
import { Type, type Static } from 'typebox'

export const ROLES = ['viewer', 'commenter', 'proposer', 'editor', 'owner'] as const
export type Role = (typeof ROLES)[number]

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value)
}

/** Higher ranks include everything lower ranks may do. */
export const ROLE_RANK: Record<Role, number> = { viewer: 1, commenter: 2, proposer: 3, editor: 4, owner: 5 }

export function atLeast(role: Role | null, minimum: Role): boolean {
  return role !== null && ROLE_RANK[role] >= ROLE_RANK[minimum]
}

/** The stronger of two roles (a user's own grant and their delegation's). */
export function strongerRole(a: Role | null, b: Role | null): Role | null {
  if (a === null) return b
  if (b === null) return a
  return ROLE_RANK[a] >= ROLE_RANK[b] ? a : b
}

export const ACTIONS = {
  /** Open the draft, see its text, comments and positions. */
  read: 'viewer',
  /** Comment, reply, suggest through the review channel. */
  comment: 'commenter',
  /**
   * Change the body as suggestions only (tracked changes attributed to themselves), and
   * withdraw their own; the server checks every frame (server/SPEC.md TRUST-4).
   */
  suggest: 'proposer',
  /** Change the body directly, accept and reject others' suggestions, bracket, take positions. */
  edit: 'editor',
  /** Share, rename, delete, set the parties. */
  manage: 'owner',
} as const satisfies Record<string, Role>
export type Action = keyof typeof ACTIONS

export function may(role: Role | null, action: Action): boolean {
  return atLeast(role, ACTIONS[action])
}

export type PrincipalType = 'user' | 'delegation'
export const Principal = Type.Object(
  {
    type: Type.Unsafe<PrincipalType>({ type: 'string', enum: ['user', 'delegation'] }),
    /** A user id, or a delegation code. */
    id: Type.String({ minLength: 1, maxLength: 64 }),
  },
  { additionalProperties: false },
)
export type Principal = Static<typeof Principal>

/** A role as a request sends it. */
export const RoleShape = Type.Unsafe<Role>({ type: 'string', enum: [...ROLES] })
