/**
 * The Versions panel's "Import a new version…" ([IMPORT-4] in server/SPEC.md), for owners: a
 * Word or Markdown file becomes the draft's text as a live change and is saved as a named
 * version, after a checkpoint of the text it replaces. The upload is the portal import's
 * (progress, cancel); a refused file says why in the person's language, and nothing changes.
 */
import { useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { VERSION_NAME_MAX_LENGTH, VERSION_NOTE_MAX_LENGTH, type VersionSummary } from '@consenso/protocol'
import { DOCX_TYPE, formatOf, IMPORT_ACCEPT, MAX_BYTES } from '../export/ImportButton.tsx'
import { isAbort, TransferError, upload } from '../export/transfer.ts'
import { UploadStatus, type UploadJob } from '../export/UploadStatus.tsx'

export interface ImportVersionResponse {
  version: VersionSummary
  checkpoint: VersionSummary
  threads: number
  brackets: number
}

export function ImportVersionForm({ documentId, onImported }: { documentId: string; onImported: (imported: ImportVersionResponse) => void }) {
  const { t } = useTranslation()
  const ids = useId()
  const fileInput = useRef<HTMLInputElement>(null)
  const controller = useRef<AbortController | null>(null)
  const [file, setFile] = useState<File | null>(null)
  const [name, setName] = useState('')
  const [note, setNote] = useState('')
  const [job, setJob] = useState<UploadJob>({ kind: 'idle' })

  const errorMessage = (error: unknown, fileName: string): string => {
    if (error instanceof TransferError) {
      if (error.status === 0) return t('versionImport.errors.network')
      if (error.status === 401) return t('errors.signedOut')
      if (error.status === 403) return t('versionImport.errors.forbidden')
      if (error.status === 413 || error.code === 'import_too_large') return t('versionImport.errors.tooLarge', { name: fileName })
      if (error.code === 'import_corrupt') return t('versionImport.errors.corrupt', { name: fileName })
      if (error.code === 'import_unsupported') return t('versionImport.errors.unsupported', { name: fileName })
      if (error.code === 'import_empty' || error.code === 'empty_file') return t('versionImport.errors.empty', { name: fileName })
      if (error.status === 415) return t('versionImport.errors.type')
      return t('versionImport.errors.failed', { status: error.status })
    }
    return t('errors.unexpected')
  }

  const send = async (): Promise<void> => {
    if (!file) return setJob({ kind: 'error', message: t('versionImport.errors.noFile') })
    const format = formatOf(file)
    if (!format) return setJob({ kind: 'error', message: t('versionImport.errors.type') })
    if (!name.trim()) return setJob({ kind: 'error', message: t('versionImport.errors.nameRequired') })
    if (file.size > MAX_BYTES) return setJob({ kind: 'error', message: t('versionImport.errors.tooLarge', { name: file.name }) })
    if (file.size === 0) return setJob({ kind: 'error', message: t('versionImport.errors.empty', { name: file.name }) })
    const abort = new AbortController()
    controller.current = abort
    setJob({ kind: 'running', name: file.name, progress: null })
    try {
      const query = new URLSearchParams({ format, filename: file.name, name: name.trim(), ...(note.trim() ? { note: note.trim() } : {}) })
      const url = `/api/documents/${encodeURIComponent(documentId)}/import?${query}`
      const imported = await upload<ImportVersionResponse>(url, file, format === 'docx' ? DOCX_TYPE : 'text/markdown; charset=utf-8', {
        signal: abort.signal,
        onProgress: (progress) => setJob({ kind: 'running', name: file.name, progress }),
      })
      setJob({ kind: 'idle' })
      setFile(null)
      setName('')
      setNote('')
      if (fileInput.current) fileInput.current.value = ''
      onImported(imported)
    } catch (error) {
      setJob(isAbort(error) || abort.signal.aborted ? { kind: 'cancelled' } : { kind: 'error', message: errorMessage(error, file.name) })
    } finally {
      controller.current = null
    }
  }

  const running = job.kind === 'running'
  return (
    <details className="versions-save versions-import" data-testid="version-import">
      <summary data-testid="version-import-open">{t('versionImport.open')}</summary>
      <form
        onSubmit={(event) => {
          event.preventDefault()
          if (!running) void send()
        }}
      >
        <p className="versions-hint">{t('versionImport.hint')}</p>
        <div className="field">
          <label htmlFor={`${ids}-file`}>{t('versionImport.file')}</label>
          <input
            ref={fileInput}
            id={`${ids}-file`}
            type="file"
            accept={IMPORT_ACCEPT}
            disabled={running}
            data-testid="version-import-file"
            onChange={(event) => {
              setFile(event.target.files?.[0] ?? null)
              if (job.kind === 'error' || job.kind === 'cancelled') setJob({ kind: 'idle' })
            }}
          />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-name`}>{t('versionImport.name')}</label>
          <input
            id={`${ids}-name`}
            value={name}
            maxLength={VERSION_NAME_MAX_LENGTH}
            placeholder={t('versionImport.namePlaceholder')}
            disabled={running}
            onChange={(e) => setName(e.target.value)}
            data-testid="version-import-name"
          />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-note`}>{t('versionImport.note')}</label>
          <textarea
            id={`${ids}-note`}
            value={note}
            maxLength={VERSION_NOTE_MAX_LENGTH}
            rows={2}
            disabled={running}
            onChange={(e) => setNote(e.target.value)}
            data-testid="version-import-note"
          />
        </div>
        <UploadStatus job={job} controller={controller} cancelledText={t('versionImport.cancelled')} testIdPrefix="version-import" />
        {job.kind === 'error' && (
          <p className="field__error" role="alert" data-testid="version-import-error">
            {job.message}
          </p>
        )}
        <button type="submit" className="button button--primary button--small" disabled={running} data-testid="version-import-submit">
          {t('versionImport.submit')}
        </button>
      </form>
    </details>
  )
}
