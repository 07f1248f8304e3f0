/**
 * Party groups kept by administrators (PARTY-* in server/SPEC.md): `GET /api/party-groups`
 * for everyone signed in; `POST /api/admin/party-groups`, `PATCH` and `DELETE
 * /api/admin/party-groups/:id` for administrators. A new store holds PARTY_GROUPS.
 */
import { MAX_PARTIES } from './consensus.ts'
import type { PartyGroup } from './delegations.ts'

export const PARTY_GROUP_NAME_MAX_LENGTH = 120
/** A group lists at most as many delegations as a draft may have parties. */
export const PARTY_GROUP_MAX_MEMBERS = MAX_PARTIES

export interface PartyGroupsResponse {
  groups: PartyGroup[]
}

export interface PartyGroupRequest {
  nameEs: string
  nameEn: string
  members: string[]
}

export type PartyGroupChange = Partial<PartyGroupRequest>
