/**
 * Where an upload of a Word or Markdown file stands, shared by the portal's import (a new
 * draft) and the Versions panel's (a new version): progress while sending, "Reading…" while
 * the server converts, a Cancel button, and the outcome once cancelled.
 */
import type { RefObject } from 'react'
import { useTranslation } from 'react-i18next'
import { percent, type Progress } from './transfer.ts'

export type UploadJob =
  | { kind: 'idle' }
  | { kind: 'running'; name: string; progress: Progress | null }
  | { kind: 'cancelled' }
  | { kind: 'error'; message: string }

interface UploadStatusProps {
  job: UploadJob
  controller: RefObject<AbortController | null>
  /** What a cancelled upload left unchanged ("no draft was created"). */
  cancelledText: string
  /** Test ids are `<testIdPrefix>-status` and `<testIdPrefix>-cancel`. */
  testIdPrefix: string
  /** The progress bar's name; "Import progress" unless given. */
  progressLabel?: string
}

export function UploadStatus({ job, controller, cancelledText, testIdPrefix, progressLabel }: UploadStatusProps) {
  const { t } = useTranslation()
  const pct = job.kind === 'running' ? percent(job.progress) : null
  return (
    <div className="import-box__status" role="status" aria-live="polite" data-testid={`${testIdPrefix}-status`}>
      {job.kind === 'running' && (
        <>
          <span>
            {pct === null || pct >= 100 ? t('convert.import.processing', { name: job.name }) : t('convert.import.uploading', { name: job.name, percent: pct })}
          </span>
          <progress max={100} value={pct ?? undefined} aria-label={progressLabel ?? t('convert.import.progress')} />
          <button type="button" className="button button--small" onClick={() => controller.current?.abort()} data-testid={`${testIdPrefix}-cancel`}>
            {t('convert.import.cancel')}
          </button>
        </>
      )}
      {job.kind === 'cancelled' && <span>{cancelledText}</span>}
    </div>
  )
}
