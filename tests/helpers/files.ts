/**
 * The file repository in tests: a real PDF made by our own exporter from paragraphs of text,
 * and an upload as the browser sends it (the file as the body, its description in the query).
 */
import type { JSONContent } from '@tiptap/core'
import { exportPdf } from '@consenso/convert'
import { withBlockIds } from '@consenso/schema'
import type { RepositoryFileView } from '@consenso/protocol'
import type { TestSession } from './session.ts'

/** A PDF holding `title` and these paragraphs, as pdf.js and pdftotext read them. */
export async function pdfWith(title: string, paragraphs: readonly string[]): Promise<Uint8Array> {
  const doc: JSONContent = withBlockIds({
    type: 'doc',
    content: paragraphs.map((text) => ({ type: 'paragraph', attrs: { kind: 'operative' }, content: [{ type: 'text', text }] })),
  })
  const result = await exportPdf({
    doc,
    view: 'clean',
    meta: { title, versionName: null, date: '2026-12-07T10:00:00.000Z', language: 'es' },
    threads: [],
    brackets: {},
    consensus: {},
    parties: [],
    delegationNames: {},
  })
  return result.data
}

export interface UploadDescription {
  name: string
  title: string
  language?: 'es' | 'en' | 'other'
  description?: string
  tags?: string[]
  meetingId?: string
  /** `all` or delegation codes. */
  visibility?: 'all' | string[]
}

export const uploadQuery = (d: UploadDescription): string => {
  const q = new URLSearchParams({ name: d.name, title: d.title, language: d.language ?? 'es' })
  if (d.description) q.set('description', d.description)
  if (d.tags) q.set('tags', d.tags.join(','))
  if (d.meetingId) q.set('meetingId', d.meetingId)
  if (d.visibility) q.set('visibility', d.visibility === 'all' ? 'all' : d.visibility.join(','))
  return q.toString()
}

/** POST /api/files with the bytes as the body; the raw Response. */
export function uploadFile(baseUrl: string, who: TestSession, bytes: Uint8Array, d: UploadDescription, contentType = 'application/octet-stream'): Promise<Response> {
  return fetch(`${baseUrl}/api/files?${uploadQuery(d)}`, {
    method: 'POST',
    headers: { cookie: who.cookie, origin: baseUrl, 'content-type': contentType },
    body: new Uint8Array(bytes),
  })
}

/** Uploads and answers the stored file (throws on any status but 201). */
export async function uploaded(baseUrl: string, who: TestSession, bytes: Uint8Array, d: UploadDescription): Promise<RepositoryFileView> {
  const response = await uploadFile(baseUrl, who, bytes, d)
  if (response.status !== 201) throw new Error(`upload of ${d.name}: ${response.status} ${await response.text()}`)
  return (await response.json()) as RepositoryFileView
}
