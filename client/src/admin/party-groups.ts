/**
 * Party groups from the server (PARTY-*): listed for the Consensus tab's "add parties from a
 * group", kept by administrators on the administration page.
 */
import type { PartyGroup, PartyGroupChange, PartyGroupRequest, PartyGroupsResponse } from '@consenso/protocol'
import { request } from '../api.ts'
import { useLoaded, type Loaded } from '../components/LoadStatus.tsx'

export async function listPartyGroups(signal?: AbortSignal): Promise<PartyGroup[]> {
  return (await request<PartyGroupsResponse>('/api/party-groups', { signal })).groups
}

export function createPartyGroup(input: PartyGroupRequest): Promise<PartyGroup> {
  return request('/api/admin/party-groups', { method: 'POST', body: JSON.stringify(input) })
}

export function updatePartyGroup(id: string, change: PartyGroupChange): Promise<PartyGroup> {
  return request(`/api/admin/party-groups/${encodeURIComponent(id)}`, { method: 'PATCH', body: JSON.stringify(change) })
}

export function deletePartyGroup(id: string): Promise<void> {
  return request(`/api/admin/party-groups/${encodeURIComponent(id)}`, { method: 'DELETE' })
}

/** The groups, read when the component mounts; `reload` after a change (a failed re-read keeps them). */
export function usePartyGroups(): { state: Loaded<PartyGroup[]>; reload: () => void } {
  return useLoaded(listPartyGroups)
}

export const groupName = (group: PartyGroup, language: string): string => (language.startsWith('es') ? group.nameEs : group.nameEn)
