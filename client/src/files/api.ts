/** The file repository's HTTP calls (FILES-*): JSON through `request`, uploads with progress through transfer.ts. */
import type { FileChange, FileLanguage, FilesResponse, FileVersion, RepositoryFileView } from '@consenso/protocol'
import { request } from '../api.ts'
import { upload, type Progress } from '../export/transfer.ts'

export const listFiles = (signal?: AbortSignal): Promise<FilesResponse> => request<FilesResponse>('/api/files', { signal })
export const updateFile = (id: string, change: FileChange): Promise<RepositoryFileView> =>
  request(`/api/files/${encodeURIComponent(id)}`, { method: 'PATCH', body: JSON.stringify(change) })
export const deleteFile = (id: string): Promise<void> => request(`/api/files/${encodeURIComponent(id)}`, { method: 'DELETE' })
/** A plain link: the browser downloads it with the session cookie. */
export const versionUrl = (id: string, number: number): string => `/api/files/${encodeURIComponent(id)}/versions/${number}`

export interface FileDescription {
  title: string
  description: string
  tags: string[]
  language: FileLanguage
  meetingId: string | null
  /** Empty: everyone signed in. */
  delegations: string[]
}

interface UploadOptions {
  signal: AbortSignal
  onProgress: (progress: Progress) => void
}

/** The file as the body (the browser reports its progress), its description in the query (FILES-2). */
export function uploadFile(file: File, d: FileDescription, options: UploadOptions): Promise<RepositoryFileView> {
  const q = new URLSearchParams({ name: file.name, title: d.title, language: d.language })
  if (d.description) q.set('description', d.description)
  if (d.tags.length > 0) q.set('tags', d.tags.join(','))
  if (d.meetingId) q.set('meetingId', d.meetingId)
  q.set('visibility', d.delegations.length > 0 ? d.delegations.join(',') : 'all')
  return upload<RepositoryFileView>(`/api/files?${q.toString()}`, file, file.type || 'application/octet-stream', options)
}

export function uploadVersion(id: string, file: File, options: UploadOptions): Promise<FileVersion> {
  return upload<FileVersion>(`/api/files/${encodeURIComponent(id)}/versions?name=${encodeURIComponent(file.name)}`, file, file.type || 'application/octet-stream', options)
}

/** What the file picker offers (the server reads the type from the bytes anyway, FILES-3). */
export const FILE_ACCEPT = '.pdf,.docx,.xlsx,.odt,.png,.jpg,.jpeg,.txt,application/pdf,image/png,image/jpeg,text/plain'
