/** The second language's calls (BILING-4): add it, choose which text is authentic. */
import type { AddTranslationRequest, TranslationSettingsChange } from '@consenso/protocol'
import { request } from '../api.ts'

const json = (method: string, body: unknown): RequestInit => ({ method, body: JSON.stringify(body) })

export function addTranslation(documentId: string, input: AddTranslationRequest): Promise<unknown> {
  return request(`/api/documents/${encodeURIComponent(documentId)}/translation`, json('POST', input))
}

export function changeTranslation(documentId: string, input: TranslationSettingsChange): Promise<unknown> {
  return request(`/api/documents/${encodeURIComponent(documentId)}/translation`, json('PUT', input))
}

/** Where an export of one text, or of both side by side, is downloaded (BILING-7). */
export function exportUrl(documentId: string, format: 'docx' | 'pdf' | 'akn', text: 'source' | 'translation' | 'bilingual'): string {
  return `/api/documents/${encodeURIComponent(documentId)}/export?format=${format}&text=${text}`
}
