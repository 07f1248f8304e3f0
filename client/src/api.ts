/** The HTTP API of the same origin, with failures turned into messages a person can act on. */
import type {
  ApiError,
  CreateDocumentRequest,
  CreateDocumentResponse,
  DocumentListResponse,
  DocumentSummary,
} from '@consenso/protocol'
import i18next from './i18n/index.ts'

export class ApiRequestError extends Error {
  /** 0 when the server could not be reached at all. */
  readonly status: number
  readonly code: string | null

  constructor(status: number, code: string | null, message: string) {
    super(message)
    this.name = 'ApiRequestError'
    this.status = status
    this.code = code
  }
}

function isApiError(value: unknown): value is ApiError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ApiError).error === 'string' &&
    typeof (value as ApiError).message === 'string'
  )
}

async function request<T>(path: string, init?: RequestInit): Promise<T> {
  let response: Response
  try {
    response = await fetch(path, {
      ...init,
      headers: { accept: 'application/json', ...(init?.body ? { 'content-type': 'application/json' } : {}) },
    })
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error
    throw new ApiRequestError(0, null, 'network')
  }
  let body: unknown = null
  try {
    body = await response.json()
  } catch {
    body = null
  }
  if (!response.ok) {
    throw new ApiRequestError(
      response.status,
      isApiError(body) ? body.error : null,
      isApiError(body) ? body.message : response.statusText,
    )
  }
  if (body === null) throw new ApiRequestError(response.status, null, 'unexpected')
  return body as T
}

export async function listDocuments(signal?: AbortSignal): Promise<DocumentSummary[]> {
  const body = await request<DocumentListResponse>('/api/documents', { signal })
  if (!Array.isArray(body.documents)) throw new ApiRequestError(200, null, 'unexpected')
  return body.documents
}

export function getDocument(id: string, signal?: AbortSignal): Promise<DocumentSummary> {
  return request<DocumentSummary>(`/api/documents/${encodeURIComponent(id)}`, { signal })
}

export function createDocument(input: CreateDocumentRequest): Promise<CreateDocumentResponse> {
  return request<CreateDocumentResponse>('/api/documents', { method: 'POST', body: JSON.stringify(input) })
}

/**
 * A sentence for the user, in the interface language. The server's own `message` is shown
 * when it refused the request (it says what was wrong with it); transport failures and
 * server faults get our wording, since their raw text means nothing to a delegate.
 */
export function describeError(error: unknown): string {
  const t = i18next.t
  if (!(error instanceof ApiRequestError)) return t('errors.unexpected')
  // 502/504 come from a proxy in front of a server that is down: the same thing for the user.
  if (error.status === 0 || error.status === 502 || error.status === 504) return t('errors.network')
  if (error.status >= 500) return t('errors.server', { status: error.status })
  if (error.status === 404) return t('errors.notFound')
  if (error.status === 200) return t('errors.unexpected')
  return t('errors.refused', { message: error.message })
}
