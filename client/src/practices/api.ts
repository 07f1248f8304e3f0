/** The good practices' API (PRACT-* in server/SPEC.md), through the app's one `request`. */
import {
  PRACTICE_ATTACHMENT_MAX_BYTES,
  type BallotRequest,
  type CompilePracticesRequest,
  type CompileResponse,
  type PracticeAttachmentInfo,
  type PracticeChange,
  type PracticeRequest,
  type PracticeReviewRequest,
  type PracticeTheme,
  type PracticeWithAttachments,
  type PracticesResponse,
  type RoundRequest,
  type RoundView,
  type RoundsResponse,
  type ThemeChange,
  type ThemeRequest,
} from '@consenso/protocol'
import { ApiRequestError, request } from '../api.ts'

const json = (method: string, body: unknown): RequestInit => ({ method, body: JSON.stringify(body) })
const enc = encodeURIComponent

export const listPractices = (signal?: AbortSignal) => request<PracticesResponse>('/api/practices', { signal })
export const listRounds = (signal?: AbortSignal) => request<RoundsResponse>('/api/practices/rounds', { signal })
export const createPractice = (body: PracticeRequest) => request<PracticeWithAttachments>('/api/practices', json('POST', body))
export const updatePractice = (id: string, body: PracticeChange) => request<PracticeWithAttachments>(`/api/practices/${enc(id)}`, json('PATCH', body))
export const deletePractice = (id: string) => request<void>(`/api/practices/${enc(id)}`, { method: 'DELETE' })
export const submitPractice = (id: string) => request<PracticeWithAttachments>(`/api/practices/${enc(id)}/submit`, json('POST', {}))
export const reviewPractice = (id: string, body: PracticeReviewRequest) => request<PracticeWithAttachments>(`/api/practices/${enc(id)}/review`, json('POST', body))
export const createTheme = (body: ThemeRequest) => request<PracticeTheme>('/api/practices/themes', json('POST', body))
export const updateTheme = (id: string, body: ThemeChange) => request<PracticeTheme>(`/api/practices/themes/${enc(id)}`, json('PATCH', body))
export const createRound = (body: RoundRequest) => request<RoundView>('/api/practices/rounds', json('POST', body))
export const castBallot = (id: string, body: BallotRequest) => request<RoundView>(`/api/practices/rounds/${enc(id)}/ballot`, json('POST', body))
export const closeRound = (id: string) => request<RoundView>(`/api/practices/rounds/${enc(id)}/close`, json('POST', {}))
export const compilePractices = (body: CompilePracticesRequest) => request<CompileResponse>('/api/practices/compile', json('POST', body))
export const attachmentUrl = (id: string) => `/api/practices/attachments/${enc(id)}`
export const deleteAttachment = (id: string) => request<void>(`/api/practices/attachments/${enc(id)}`, { method: 'DELETE' })

/** Too large for the server (PRACT-6): refused here before a byte is sent. */
export const attachmentTooLarge = (file: File): boolean => file.size > PRACTICE_ATTACHMENT_MAX_BYTES

/** The file itself as the body (not JSON), so not through `request`'s JSON headers. */
export async function uploadAttachment(practiceId: string, file: File): Promise<PracticeAttachmentInfo> {
  const response = await fetch(`/api/practices/${enc(practiceId)}/attachments?name=${enc(file.name)}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': file.type || 'application/octet-stream', accept: 'application/json' },
    body: file,
  }).catch(() => {
    throw new ApiRequestError(0, null, 'network')
  })
  const body = (await response.json().catch(() => null)) as { error?: string; message?: string } | null
  if (!response.ok) throw new ApiRequestError(response.status, body?.error ?? null, body?.message ?? response.statusText)
  return body as PracticeAttachmentInfo
}
