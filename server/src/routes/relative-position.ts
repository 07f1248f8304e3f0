/**
 * The JSON schema of a Yjs relative position as `Y.relativePositionToJSON` writes it: an item
 * or a type id (`{client, clock}`), a root type's name, an association. Nothing else and
 * nothing large: an anchor is a few dozen bytes, and the 1 MB request limit must not become a
 * 1 MB anchor stored in the review document and sent to everyone (AUTH-16).
 */
const id = {
  type: 'object',
  additionalProperties: false,
  required: ['client', 'clock'],
  properties: { client: { type: 'integer', minimum: 0 }, clock: { type: 'integer', minimum: 0 } },
} as const

export const relativePositionSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    type: { anyOf: [{ type: 'null' }, id] },
    tname: { anyOf: [{ type: 'null' }, { type: 'string', maxLength: 64 }] },
    item: { anyOf: [{ type: 'null' }, id] },
    assoc: { type: 'integer', minimum: -1, maximum: 1 },
  },
} as const
