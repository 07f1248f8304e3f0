/**
 * The editor's Export menu: pick the content (the agreed text with proposals left out, the text
 * with every proposal taken in, or the review view with changes and comments) and a
 * format; the file downloads with a progress bar and can be cancelled. A disclosure panel, so
 * every control is reachable with Tab; arrow keys move between formats; Escape closes it and
 * gives focus back to the button.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { EXPORT_FORMATS, EXPORT_VIEWS, type ExportFormat, type ExportView } from '@consenso/protocol'
import { currentLanguage } from '../i18n/index.ts'
import { download, isAbort, percent, saveFile, TransferError, type Progress } from './transfer.ts'
import './export.css'
import { ButtonIcon } from '../components/ButtonIcon.tsx'

type View = ExportView

type Job =
  | { kind: 'idle' }
  | { kind: 'running'; format: ExportFormat; progress: Progress | null }
  | { kind: 'done'; name: string }
  | { kind: 'cancelled' }
  | { kind: 'error'; message: string }

export function ExportMenu({ documentId }: { documentId: string }) {
  const { t } = useTranslation()
  const ids = useId()
  const [open, setOpen] = useState(false)
  const [view, setView] = useState<View>('clean')
  const [job, setJob] = useState<Job>({ kind: 'idle' })
  const controller = useRef<AbortController | null>(null)
  const button = useRef<HTMLButtonElement>(null)
  const panel = useRef<HTMLDivElement>(null)

  useEffect(() => () => controller.current?.abort(), [])
  useEffect(() => {
    if (!open) return
    panel.current?.querySelector<HTMLElement>('input:checked')?.focus()
    const onPointer = (event: PointerEvent) => {
      const target = event.target as Node
      if (!panel.current?.contains(target) && !button.current?.contains(target)) setOpen(false)
    }
    document.addEventListener('pointerdown', onPointer)
    return () => document.removeEventListener('pointerdown', onPointer)
  }, [open])

  const errorMessage = (error: unknown): string => {
    if (error instanceof TransferError) {
      if (error.status === 0 || error.status === 502 || error.status === 504) return t('convert.export.errors.network')
      if (error.status === 401) return t('errors.signedOut')
      if (error.status === 403 || error.status === 404) return t('convert.export.errors.forbidden')
      if (error.status === 400) return t('convert.export.errors.invalid')
      return t('convert.export.errors.failed', { status: error.status })
    }
    return t('errors.unexpected')
  }

  const start = async (format: ExportFormat) => {
    controller.current?.abort()
    const abort = new AbortController()
    controller.current = abort
    setJob({ kind: 'running', format, progress: null })
    const query = new URLSearchParams({ format, view, lang: currentLanguage() })
    try {
      const file = await download(`/api/documents/${encodeURIComponent(documentId)}/export?${query}`, {
        signal: abort.signal,
        onProgress: (progress) => setJob({ kind: 'running', format, progress }),
      })
      if (abort.signal.aborted) return
      saveFile(file.blob, file.name)
      setJob({ kind: 'done', name: file.name })
    } catch (error) {
      if (abort.signal.aborted || isAbort(error)) setJob({ kind: 'cancelled' })
      else setJob({ kind: 'error', message: errorMessage(error) })
    } finally {
      if (controller.current === abort) controller.current = null
    }
  }

  const cancel = () => {
    controller.current?.abort()
    setJob({ kind: 'cancelled' })
  }

  const close = () => {
    setOpen(false)
    button.current?.focus()
  }

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault()
      close()
      return
    }
    if (!['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(event.key)) return
    const items = [...(panel.current?.querySelectorAll<HTMLButtonElement>('.export-menu__format') ?? [])]
    const index = items.indexOf(document.activeElement as HTMLButtonElement)
    if (index < 0) return
    event.preventDefault()
    const next = event.key === 'Home' ? 0 : event.key === 'End' ? items.length - 1 : (index + (event.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length
    items[next]?.focus()
  }

  const running = job.kind === 'running'
  const pct = running ? percent(job.progress) : null
  const formatName = (format: ExportFormat) => t(`convert.export.formats.${format}`)

  return (
    <div className="export-menu">
      <button
        ref={button}
        type="button"
        className="button button--small export-menu__button"
        data-testid="export-button"
        title={t('convert.export.button')}
        aria-expanded={open}
        aria-controls={`${ids}-panel`}
        onClick={() => setOpen((value) => !value)}
      >
        <ButtonIcon>
          <path d="M10 3v9M6.5 8.5 10 12l3.5-3.5" />
          <path d="M4 13.5V16h12v-2.5" />
        </ButtonIcon>
        <span className="export-menu__button-text">{t('convert.export.button')}</span>
      </button>
      {open && (
        <div ref={panel} id={`${ids}-panel`} className="export-menu__panel" role="group" aria-label={t('convert.export.title')} data-testid="export-panel" onKeyDown={onKeyDown}>
          <fieldset className="export-menu__views">
            <legend>{t('convert.export.view')}</legend>
            {EXPORT_VIEWS.map((value) => (
              <label key={value} className="export-menu__view">
                <input type="radio" name={`${ids}-view`} value={value} checked={view === value} onChange={() => setView(value)} data-testid={`export-view-${value}`} />
                <span>
                  <span className="export-menu__view-name">{t(`convert.export.${value}`)}</span>
                  <span className="export-menu__view-hint">{t(`convert.export.${value}Hint`)}</span>
                </span>
              </label>
            ))}
          </fieldset>
          <div className="export-menu__formats" role="group" aria-label={t('convert.export.formatsLabel')}>
            {EXPORT_FORMATS.map((format) => (
              <button key={format} type="button" className="export-menu__format" data-testid={`export-${format}`} disabled={running} onClick={() => void start(format)}>
                {formatName(format)}
              </button>
            ))}
          </div>
          <div className="export-menu__status" role="status" aria-live="polite" data-testid="export-status">
            {running && (
              <>
                <span>
                  {job.progress === null
                    ? t('convert.export.preparing', { format: formatName(job.format) })
                    : pct === null
                      ? t('convert.export.downloadingBytes', { format: formatName(job.format), size: Math.round(job.progress.loaded / 1024) })
                      : t('convert.export.downloading', { format: formatName(job.format), percent: pct })}
                </span>
                <progress max={100} value={pct ?? undefined} aria-label={t('convert.export.progress')} />
                <button type="button" className="button button--small" onClick={cancel} data-testid="export-cancel">
                  {t('convert.export.cancel')}
                </button>
              </>
            )}
            {job.kind === 'done' && <span>{t('convert.export.done', { name: job.name })}</span>}
            {job.kind === 'cancelled' && <span>{t('convert.export.cancelled')}</span>}
          </div>
          {job.kind === 'error' && (
            <p className="notice notice--error export-menu__error" role="alert" data-testid="export-error">
              {job.message}
            </p>
          )}
        </div>
      )}
    </div>
  )
}
