/** The glossary's HTTP calls (GLOSS-10..34) and the hook pages and the editor read it with. */
import { useEffect, useState } from 'react'
import type { GlossaryEntry, GlossaryEntryInput, GlossaryImportRequest, GlossaryImportResponse, GlossaryResponse } from '@consenso/protocol'
import { request } from '../api.ts'

export const getGlossary = (signal?: AbortSignal): Promise<GlossaryResponse> => request<GlossaryResponse>('/api/glossary', { signal })
export const createEntry = (input: GlossaryEntryInput): Promise<GlossaryEntry> => request('/api/glossary', { method: 'POST', body: JSON.stringify(input) })
export const updateEntry = (id: string, input: GlossaryEntryInput): Promise<GlossaryEntry> =>
  request(`/api/glossary/${encodeURIComponent(id)}`, { method: 'PUT', body: JSON.stringify(input) })
export const deleteEntry = (id: string): Promise<void> => request(`/api/glossary/${encodeURIComponent(id)}`, { method: 'DELETE' })
export const importGlossary = (input: GlossaryImportRequest): Promise<GlossaryImportResponse> => request('/api/glossary/import', { method: 'POST', body: JSON.stringify(input) })
/** A plain link: the browser downloads it with the session cookie. */
export const exportUrl = (format: 'csv' | 'tbx', lang: 'es' | 'en'): string => `/api/glossary/export?format=${format}&lang=${lang}`

/** The glossary's entries for the editor: fetched once when it opens; empty until then or on failure (marks are a help, not a gate). */
export function useGlossaryEntries(enabled: boolean): readonly GlossaryEntry[] {
  const [entries, setEntries] = useState<readonly GlossaryEntry[]>([])
  useEffect(() => {
    if (!enabled) return
    const controller = new AbortController()
    getGlossary(controller.signal).then(
      (answer) => setEntries(answer.entries),
      () => {},
    )
    return () => controller.abort()
  }, [enabled])
  return entries
}
