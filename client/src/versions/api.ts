/** The versions API of a draft ([VERSION-*] in server/SPEC.md). */
import {
  CURRENT_VERSION,
  type CreateVersionRequest,
  type RestoreVersionResponse,
  type VersionContentResponse,
  type VersionSummary,
  type VersionsResponse,
} from '@consenso/protocol'
import type { CompareVersionsResponse } from '@consenso/schema'
// The app's one API client: same errors, and a 401 sends the person to sign in.
import { request as call } from '../api.ts'

const base = (documentId: string): string => `/api/documents/${encodeURIComponent(documentId)}/versions`

export function listVersions(documentId: string, signal?: AbortSignal): Promise<VersionsResponse> {
  return call(base(documentId), { signal })
}

export function saveVersion(documentId: string, input: CreateVersionRequest): Promise<VersionSummary> {
  return call(base(documentId), { method: 'POST', body: JSON.stringify(input) })
}

export function openVersion(documentId: string, versionId: string, signal?: AbortSignal): Promise<VersionContentResponse> {
  return call(`${base(documentId)}/${encodeURIComponent(versionId)}`, { signal })
}

/** `to` (or `from`) may be `current`, the draft as it is now. */
export function compareVersions(
  documentId: string,
  from: string,
  to: string = CURRENT_VERSION,
  signal?: AbortSignal,
  suggestions: 'aside' | 'included' = 'aside',
): Promise<CompareVersionsResponse> {
  const query = new URLSearchParams({ from, to, suggestions })
  return call(`${base(documentId)}/compare?${query.toString()}`, { signal })
}

export function restoreVersion(documentId: string, versionId: string): Promise<RestoreVersionResponse> {
  return call(`${base(documentId)}/${encodeURIComponent(versionId)}/restore`, { method: 'POST', body: '{}' })
}
