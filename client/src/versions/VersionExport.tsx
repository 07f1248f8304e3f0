/**
 * Downloads an opened version in the export formats (the same converters as the draft's
 * Export menu, through `GET …/versions/:versionId/export`).
 */
import { useEffect, useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { EXPORT_FORMATS, type ExportFormat } from '@consenso/protocol'
import { download, isAbort, saveFile } from '../export/transfer.ts'
import { currentLanguage } from '../i18n/index.ts'

export function VersionExport({ documentId, versionId }: { documentId: string; versionId: string }) {
  const { t } = useTranslation()
  const ids = useId()
  const [format, setFormat] = useState<ExportFormat>('docx')
  const [view, setView] = useState<'clean' | 'proposals' | 'review'>('clean')
  const [state, setState] = useState<'idle' | 'busy' | 'failed'>('idle')
  const controller = useRef<AbortController | null>(null)
  useEffect(() => () => controller.current?.abort(), [])

  const start = async (): Promise<void> => {
    controller.current?.abort()
    const abort = new AbortController()
    controller.current = abort
    setState('busy')
    const query = new URLSearchParams({ format, view, lang: currentLanguage() })
    try {
      const file = await download(`/api/documents/${encodeURIComponent(documentId)}/versions/${encodeURIComponent(versionId)}/export?${query}`, {
        signal: abort.signal,
        onProgress: () => {},
      })
      if (abort.signal.aborted) return
      saveFile(file.blob, file.name)
      setState('idle')
    } catch (error) {
      setState(abort.signal.aborted || isAbort(error) ? 'idle' : 'failed')
    }
  }

  return (
    <div className="versions-export" data-testid="version-export">
      <label htmlFor={`${ids}-format`}>{t('versions.export.label')}</label>
      <select id={`${ids}-format`} value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)}>
        {EXPORT_FORMATS.map((f) => (
          <option key={f} value={f}>
            {t(`convert.export.formats.${f}`)}
          </option>
        ))}
      </select>
      <select aria-label={t('convert.export.view')} value={view} onChange={(e) => setView(e.target.value as 'clean' | 'proposals' | 'review')}>
        <option value="clean">{t('convert.export.clean')}</option>
        <option value="proposals">{t('convert.export.proposals')}</option>
        <option value="review">{t('convert.export.review')}</option>
      </select>
      <button type="button" className="button button--small" onClick={() => void start()} disabled={state === 'busy'} data-testid="version-export-download">
        {state === 'busy' ? t('versions.export.busy') : t('versions.export.download')}
      </button>
      {state === 'failed' && (
        <span className="versions-export__error" role="alert">
          {t('versions.export.failed')}
        </span>
      )}
    </div>
  )
}
