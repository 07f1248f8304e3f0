/**
 * Party groups kept by administrators (PARTY-* in server/SPEC.md): `GET /api/party-groups`
 * for everyone signed in; `POST /api/admin/party-groups`, `PATCH` and `DELETE
 * /api/admin/party-groups/:id` for administrators. A new store holds PARTY_GROUPS.
 */
import { Type, type Static } from 'typebox'
import { MAX_PARTIES } from './consensus.ts'
import type { PartyGroup } from './delegations.ts'
import { DelegationCode } from './shapes.ts'

export const PARTY_GROUP_NAME_MAX_LENGTH = 120
/** A group lists at most as many delegations as a draft may have parties. */
export const PARTY_GROUP_MAX_MEMBERS = MAX_PARTIES

export interface PartyGroupsResponse {
  groups: PartyGroup[]
}

// A name has a letter or digit in it: blank and whitespace-only names are refused by the pattern.
const GroupName = Type.String({ minLength: 1, maxLength: PARTY_GROUP_NAME_MAX_LENGTH, pattern: '\\S' })
const GroupMembers = Type.Array(DelegationCode, { minItems: 1, maxItems: PARTY_GROUP_MAX_MEMBERS, uniqueItems: true })

export const PartyGroupRequest = Type.Object({ nameEs: GroupName, nameEn: GroupName, members: GroupMembers }, { additionalProperties: false })
export type PartyGroupRequest = Static<typeof PartyGroupRequest>

/** Any of a group's fields, at least one. */
export const PartyGroupChange = Type.Partial(PartyGroupRequest, { additionalProperties: false, minProperties: 1 })
export type PartyGroupChange = Static<typeof PartyGroupChange>
