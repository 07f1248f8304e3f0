/**
 * Party groups from the server (PARTY-*): listed for the Consensus tab's "add parties from a
 * group", kept by administrators on the administration page.
 */
import { useCallback, useEffect, useState } from 'react'
import type { PartyGroup, PartyGroupChange, PartyGroupRequest, PartyGroupsResponse } from '@consenso/protocol'
import { describeError, request } from '../api.ts'

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

export type PartyGroupsState = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; groups: PartyGroup[] }

/** The groups, fetched when the component mounts; `reload` after a change. */
export function usePartyGroups(): { state: PartyGroupsState; reload: () => void } {
  const [state, setState] = useState<PartyGroupsState>({ kind: 'loading' })
  const [generation, setGeneration] = useState(0)
  useEffect(() => {
    const controller = new AbortController()
    listPartyGroups(controller.signal).then(
      (groups) => setState({ kind: 'ready', groups }),
      (error: unknown) => {
        if (!controller.signal.aborted) setState((previous) => (previous.kind === 'ready' ? previous : { kind: 'error', message: describeError(error) }))
      },
    )
    return () => controller.abort()
  }, [generation])
  const reload = useCallback(() => setGeneration((n) => n + 1), [])
  return { state, reload }
}

export const groupName = (group: PartyGroup, language: string): string => (language.startsWith('es') ? group.nameEs : group.nameEn)
