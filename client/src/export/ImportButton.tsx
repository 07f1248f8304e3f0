/**
 * The portal's Import action: a Word (.docx) or Markdown (.md) file becomes a new draft, with
 * its tracked changes as suggestions and its comments as threads. The upload shows progress
 * and can be cancelled; a refused file says why in the person's language, and nothing is
 * created.
 */
import { useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useLocation } from 'wouter'
import { UploadStatus } from './UploadStatus.tsx'
import { IMPORT_ACCEPT, useFileImport } from './useFileImport.ts'
import { LostNotice, type LostItem } from './LostNotice.tsx'
import './export.css'

export function ImportButton() {
  const { t } = useTranslation()
  const [, navigate] = useLocation()
  const input = useRef<HTMLInputElement>(null)
  const { job, controller, run } = useFileImport('convert.import.errors')

  // A draft made from a file that lost something waits here until its person has read what.
  const [imported, setImported] = useState<{ id: string; lost: LostItem[] } | null>(null)

  const send = async (file: File): Promise<void> => {
    setImported(null)
    const created = await run<{ id: string; lost?: LostItem[] }>(file, (format) => `/api/documents/import?${new URLSearchParams({ format, filename: file.name })}`)
    if (!created) return
    if (created.lost?.length) setImported({ id: created.id, lost: created.lost })
    else navigate(`/d/${encodeURIComponent(created.id)}`)
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
      {imported && (
        <LostNotice lost={imported.lost}>
          <button type="button" className="button" data-testid="import-open" onClick={() => navigate(`/d/${encodeURIComponent(imported.id)}`)}>
            {t('convert.lost.open')}
          </button>
        </LostNotice>
      )}
      {job.kind === 'error' && (
        <p className="notice notice--error" role="alert" data-testid="import-error">
          {job.message}
        </p>
      )}
    </section>
  )
}
