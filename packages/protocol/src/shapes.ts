/**
 * The pieces request shapes are built from, defined once with TypeBox: each is a JSON Schema
 * that Fastify validates bodies, parameters and queries against, and (through `Static<>`) the
 * TypeScript type the server and the client write and read. A shape and its type share a name.
 */
import { Type, type Static, type TSchema } from 'typebox'

/** A delegation's code: "CHL", "ST-CRM", "OIM" (2 to 16 capitals, digits or dashes). */
export const DELEGATION_CODE_PATTERN = '^[A-Z][A-Z0-9-]{1,15}$'
/** The ids the server makes (drafts, versions, threads, agreements…) and block ids. */
export const RECORD_ID_PATTERN = '^[A-Za-z0-9_-]{1,64}$'

export const DelegationCode = Type.String({ pattern: DELEGATION_CODE_PATTERN })
export const RecordId = Type.String({ pattern: RECORD_ID_PATTERN })

/** A moment as ISO 8601 with its offset ("2026-12-07T10:42:00Z"). */
export const IsoTime = Type.String({ format: 'date-time', maxLength: 40 })

/** `/…/:id` of a record the server made. */
export const IdParams = Type.Object({ id: RecordId }, { additionalProperties: false })
export type IdParams = Static<typeof IdParams>

const YjsId = Type.Object(
  { client: Type.Integer({ minimum: 0 }), clock: Type.Integer({ minimum: 0 }) },
  { additionalProperties: false },
)

/**
 * A Yjs relative position as `Y.relativePositionToJSON` writes it: an item or a type id
 * (`{client, clock}`), a root type's name, an association. Nothing else and nothing large: an
 * anchor is a few dozen bytes, and the 1 MB request limit must not become a 1 MB anchor stored
 * in the review document and sent to everyone (AUTH-16). The body decides whether it resolves.
 */
export const RelativePositionJSON = Type.Object(
  {
    type: Type.Optional(Type.Union([Type.Null(), YjsId])),
    tname: Type.Optional(Type.Union([Type.Null(), Type.String({ maxLength: 64 })])),
    item: Type.Optional(Type.Union([Type.Null(), YjsId])),
    assoc: Type.Optional(Type.Integer({ minimum: -1, maximum: 1 })),
  },
  { additionalProperties: false },
)
export type RelativePositionJSON = Static<typeof RelativePositionJSON>

/** Words of one paragraph, as two relative positions. */
export const TextAnchor = Type.Object({ start: RelativePositionJSON, end: RelativePositionJSON }, { additionalProperties: false })
export type TextAnchor = Static<typeof TextAnchor>

/**
 * A string or null. Not a union (`anyOf`): Fastify's Ajv coerces types, and would turn null
 * into "" in the string branch.
 */
export const NullableString = (options: { maxLength?: number; minLength?: number; pattern?: string } = {}) =>
  Type.Unsafe<string | null>({ type: ['string', 'null'], ...options })

/** An array or null, for the same reason as `NullableString`. */
export const NullableArray = <T extends TSchema>(items: T, options: { minItems?: number; maxItems?: number; uniqueItems?: boolean } = {}) =>
  Type.Unsafe<Static<T>[] | null>({ type: ['array', 'null'], items, ...options })

/**
 * One of a fixed list of strings, as a plain `enum` rather than TypeBox's union of literals
 * (`anyOf`), for the same reason as above: Ajv's coercion could turn a value into another branch.
 */
export const StringEnum = <const T extends readonly string[]>(values: T, options: { description?: string } = {}) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options })

/** An e-mail address as sign-in and invitations accept it: something@somewhere, no spaces. */
export const EmailAddress = Type.String({ minLength: 3, maxLength: 254, pattern: '^[^\\s@]+@[^\\s@]+$' })
