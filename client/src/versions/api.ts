/** The versions API of a draft ([VERSION-*] in server/SPEC.md). */
import {
  CURRENT_VERSION,
  type ApiError,
  type CreateVersionRequest,
  type RestoreVersionResponse,
  type VersionContentResponse,
  type VersionSummary,
  type VersionsResponse,
} from '@consenso/protocol'
import type { CompareVersionsResponse } from '@consenso/schema'
import { ApiRequestError } from '../api.ts'

async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  let response: Response
  try {
    response = await fetch(path, {
      ...init,
      credentials: 'same-origin',
      headers: { accept: 'application/json', ...(init.body ? { 'content-type': 'application/json' } : {}) },
    })
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error
    throw new ApiRequestError(0, null, 'network')
  }
  const body = (await response.json().catch(() => null)) as unknown
  if (!response.ok) {
    const failure = body as Partial<ApiError> | null
    throw new ApiRequestError(response.status, failure?.error ?? null, failure?.message ?? response.statusText)
  }
  return body as T
}

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
export function compareVersions(documentId: string, from: string, to: string = CURRENT_VERSION, signal?: AbortSignal): Promise<CompareVersionsResponse> {
  const query = new URLSearchParams({ from, to })
  return call(`${base(documentId)}/compare?${query.toString()}`, { signal })
}

export function restoreVersion(documentId: string, versionId: string): Promise<RestoreVersionResponse> {
  return call(`${base(documentId)}/${encodeURIComponent(versionId)}/restore`, { method: 'POST', body: '{}' })
}
