/**
 * The portal's Import action: a Word (.docx) or Markdown (.md) file becomes a new draft, with
 * its tracked changes as suggestions and its comments as threads. The upload shows progress
 * and can be cancelled; a refused file says why in the person's language, and nothing is
 * created.
 */
import { useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useLocation } from 'wouter'
import { isAbort, TransferError, upload } from './transfer.ts'
import { UploadStatus, type UploadJob } from './UploadStatus.tsx'
import './export.css'

// Shared with the Versions panel's import of a new version (client/src/versions/ImportVersionForm.tsx).
export const MAX_BYTES = 10 * 1024 * 1024
export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
export const IMPORT_ACCEPT = `.docx,.md,.markdown,.txt,text/markdown,${DOCX_TYPE}`

export function formatOf(file: File): 'docx' | 'md' | null {
  const name = file.name.toLowerCase()
  if (name.endsWith('.docx')) return 'docx'
  if (name.endsWith('.md') || name.endsWith('.markdown') || name.endsWith('.txt')) return 'md'
  return null
}

export function ImportButton() {
  const { t } = useTranslation()
  const [, navigate] = useLocation()
  const input = useRef<HTMLInputElement>(null)
  const controller = useRef<AbortController | null>(null)
  const [job, setJob] = useState<UploadJob>({ kind: 'idle' })

  const errorMessage = (error: unknown, name: string): string => {
    if (error instanceof TransferError) {
      if (error.status === 0) return t('convert.import.errors.network')
      if (error.status === 401) return t('errors.signedOut')
      if (error.status === 413 || error.code === 'import_too_large') return t('convert.import.errors.tooLarge', { name })
      if (error.code === 'import_corrupt') return t('convert.import.errors.corrupt', { name })
      if (error.code === 'import_unsupported') return t('convert.import.errors.unsupported', { name })
      if (error.code === 'import_empty' || error.code === 'empty_file') return t('convert.import.errors.empty', { name })
      if (error.status === 415) return t('convert.import.errors.type')
      return t('convert.import.errors.failed', { status: error.status })
    }
    return t('errors.unexpected')
  }

  const send = async (file: File) => {
    const format = formatOf(file)
    if (!format) return setJob({ kind: 'error', message: t('convert.import.errors.type') })
    if (file.size > MAX_BYTES) return setJob({ kind: 'error', message: t('convert.import.errors.tooLarge', { name: file.name }) })
    if (file.size === 0) return setJob({ kind: 'error', message: t('convert.import.errors.empty', { name: file.name }) })
    const abort = new AbortController()
    controller.current = abort
    setJob({ kind: 'running', name: file.name, progress: null })
    try {
      const query = new URLSearchParams({ format, filename: file.name })
      const created = await upload<{ id: string }>(`/api/documents/import?${query}`, file, format === 'docx' ? DOCX_TYPE : 'text/markdown; charset=utf-8', {
        signal: abort.signal,
        onProgress: (progress) => setJob({ kind: 'running', name: file.name, progress }),
      })
      navigate(`/d/${encodeURIComponent(created.id)}`)
    } catch (error) {
      setJob(isAbort(error) || abort.signal.aborted ? { kind: 'cancelled' } : { kind: 'error', message: errorMessage(error, file.name) })
    } finally {
      controller.current = null
    }
  }

  const running = job.kind === 'running'
  return (
    <section className="import-box panel" aria-labelledby="import-heading">
      <h2 id="import-heading">{t('convert.import.heading')}</h2>
      <p className="muted small">{t('convert.import.hint')}</p>
      <input
        ref={input}
        type="file"
        accept={IMPORT_ACCEPT}
        hidden
        data-testid="import-input"
        onChange={(event) => {
          const file = event.target.files?.[0]
          event.target.value = ''
          if (file) void send(file)
        }}
      />
      <button type="button" className="button button--wide" data-testid="import-button" disabled={running} onClick={() => input.current?.click()}>
        {t('convert.import.button')}
      </button>
      <UploadStatus job={job} controller={controller} cancelledText={t('convert.import.cancelled')} testIdPrefix="import" />
      {job.kind === 'error' && (
        <p className="notice notice--error" role="alert" data-testid="import-error">
          {job.message}
        </p>
      )}
    </section>
  )
}
