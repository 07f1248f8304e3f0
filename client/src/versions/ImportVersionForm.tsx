/**
 * The Versions panel's "Import a new version…" ([IMPORT-4] in server/SPEC.md), for owners: a
 * Word or Markdown file becomes the draft's text as a live change and is saved as a named
 * version, after a checkpoint of the text it replaces. The upload is the portal import's
 * (progress, cancel); a refused file says why in the person's language, and nothing changes.
 */
import { useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { VERSION_NAME_MAX_LENGTH, VERSION_NOTE_MAX_LENGTH, type VersionSummary } from '@consenso/protocol'
import { TextAreaField, TextField } from '../components/Field.tsx'
import { UploadStatus } from '../export/UploadStatus.tsx'
import { IMPORT_ACCEPT, useFileImport } from '../export/useFileImport.ts'
import { LostNotice, type LostItem } from '../export/LostNotice.tsx'

export interface ImportVersionResponse {
  version: VersionSummary
  checkpoint: VersionSummary
  threads: number
  brackets: number
  lost?: LostItem[]
}

export function ImportVersionForm({ documentId, onImported }: { documentId: string; onImported: (imported: ImportVersionResponse) => void }) {
  const { t } = useTranslation()
  const ids = useId()
  const fileInput = useRef<HTMLInputElement>(null)
  const [file, setFile] = useState<File | null>(null)
  const [name, setName] = useState('')
  const [note, setNote] = useState('')
  const { job, setJob, controller, run, refuse } = useFileImport('versionImport.errors')
  const [lost, setLost] = useState<LostItem[]>([])

  const send = async (): Promise<void> => {
    setLost([])
    if (!file) return void refuse(t('versionImport.errors.noFile'))
    if (!name.trim()) return void refuse(t('versionImport.errors.nameRequired'))
    const imported = await run<ImportVersionResponse>(file, (format) => {
      const query = new URLSearchParams({ format, filename: file.name, name: name.trim(), ...(note.trim() ? { note: note.trim() } : {}) })
      return `/api/documents/${encodeURIComponent(documentId)}/import?${query}`
    })
    if (!imported) return
    setFile(null)
    setName('')
    setNote('')
    if (fileInput.current) fileInput.current.value = ''
    setLost(imported.lost ?? [])
    onImported(imported)
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
        <TextField
          label={t('versionImport.name')}
          value={name}
          maxLength={VERSION_NAME_MAX_LENGTH}
          placeholder={t('versionImport.namePlaceholder')}
          disabled={running}
          onChange={(e) => setName(e.target.value)}
          testId="version-import-name"
        />
        <TextAreaField
          label={t('versionImport.note')}
          value={note}
          maxLength={VERSION_NOTE_MAX_LENGTH}
          rows={2}
          disabled={running}
          onChange={(e) => setNote(e.target.value)}
          testId="version-import-note"
        />
        <UploadStatus job={job} controller={controller} cancelledText={t('versionImport.cancelled')} testIdPrefix="version-import" />
        {job.kind === 'error' && (
          <p className="field__error" role="alert" data-testid="version-import-error">
            {job.message}
          </p>
        )}
        <LostNotice lost={lost} />
        <button type="submit" className="button button--primary button--small" disabled={running} data-testid="version-import-submit">
          {t('versionImport.submit')}
        </button>
      </form>
    </details>
  )
}
