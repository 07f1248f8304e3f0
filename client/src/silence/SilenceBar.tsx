/**
 * The silence procedure on a draft's page (UI-SILENCE-1): while one runs, a banner for everyone
 * with the deadline as its zone reads it and a countdown on the server's clock; "Break silence"
 * for members of a party delegation (a written objection, in a dialog), "Extend…" (a later
 * deadline) and "Withdraw" (after confirming) for owners; a procedure on chosen paragraphs names them.
 * After a break, who broke it and why; after adoption, "Adopted" with the adopted PDF. Owners
 * otherwise start a procedure (date, time, time zone; the whole text or paragraphs picked from
 * the draft's list) or adopt a fully agreed text. Follows the
 * page's live stream, so everyone sees a break or the adoption as it happens.
 */
import { useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { silenceHolds, type ConsensusSummary, type SilenceProcedure, type SilenceResponse } from '@consenso/protocol'
import { describeError } from '../api.ts'
import { ConfirmDialog } from '../components/Dialog.tsx'
import { useLinkableParagraphs } from '../components/useLinkableParagraphs.ts'
import { absoluteTime } from '../format.ts'
import { serverNow } from '../server-clock.ts'
import { followLive } from '../notifications/live.ts'
import { adoptedPdfUrl, adoptText, breakSilence, extendSilence, getSilence, startSilence, withdrawSilence } from './api.ts'
import { BreakDialog, DeadlineDialog } from './SilenceDialogs.tsx'
import './silence.css'

interface Props {
  documentId: string
  isOwner: boolean
  delegation: string
  /** The draft's consensus, once known: adoption waits until nothing is open. */
  consensus: ConsensusSummary | null
  /** Told whether a procedure holds the whole text, so the editor stops taking typing. */
  onHolding?: (holding: boolean) => void
}

export function SilenceBar({ documentId, isOwner, delegation, consensus, onHolding }: Props) {
  const openParagraphs = consensus && consensus.parties.length > 0 ? consensus.totals.open + consensus.totals.openBrackets : null
  const { t, i18n } = useTranslation()
  const [state, setState] = useState<SilenceResponse | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [dialog, setDialog] = useState<'start' | 'break' | 'extend' | 'withdraw' | null>(null)
  const [withdrawing, setWithdrawing] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null })

  const reload = useCallback(() => {
    getSilence(documentId)
      .then((s) => {
        setState(s)
        setError(null)
      })
      .catch((failure: unknown) => setError(describeError(failure)))
  }, [documentId])

  useEffect(() => {
    reload()
    return followLive((event) => {
      if (event === null || (event.kind === 'silence' && event.documentId === documentId)) reload()
    })
  }, [documentId, reload])

  const wholeHeld = state?.silence ? silenceHolds(state.silence.status) && state.silence.paragraphIds === null : false
  useEffect(() => onHolding?.(wholeHeld), [wholeHeld, onHolding])

  if (!state) return error ? <p className="notice notice--warning notice--banner">{error}</p> : null
  const act = (action: Promise<unknown>): void => {
    action.then(reload).catch((failure: unknown) => setError(describeError(failure)))
  }
  const silence = state.silence
  const running = silence && silenceHolds(silence.status) ? silence : null
  const deadlineText = (s: { localDeadline: string; timeZone: string }): string => `${s.localDeadline.replace('T', ' ')} (${s.timeZone})`

  return (
    <>
      {running && (
        <div className="notice notice--warning notice--banner silence-bar" role="status" data-testid="silence-banner" data-status={running.status}>
          <span>
            <strong>{t('silence.running')}</strong> {t('silence.until', { deadline: deadlineText(running) })} · <Countdown deadline={running.deadline} />
            {running.paragraphIds && <HeldParagraphs documentId={documentId} procedure={running} />}
          </span>
          <span className="silence-bar__actions">
            {running.parties.includes(delegation) && (
              <button type="button" className="button button--small" onClick={() => setDialog('break')} data-testid="silence-break">
                {t('silence.break')}
              </button>
            )}
            {isOwner && (
              <>
                <button type="button" className="button button--small button--quiet" onClick={() => setDialog('extend')} data-testid="silence-extend">
                  {t('silence.extend')}
                </button>
                <button
                  type="button"
                  className="button button--small button--quiet"
                  onClick={() => {
                    setWithdrawing({ busy: false, error: null })
                    setDialog('withdraw')
                  }}
                  data-testid="silence-withdraw"
                >
                  {t('silence.withdraw')}
                </button>
              </>
            )}
          </span>
        </div>
      )}
      {!running && silence?.status === 'broken' && (
        <div className="notice notice--error notice--banner silence-bar" role="status" data-testid="silence-broken">
          <span>
            <strong>{t('silence.broken', { delegation: silence.brokenBy ?? '' })}</strong> “{silence.objection}”
          </span>
        </div>
      )}
      {!running && state.adoption && (
        <div className="notice notice--info notice--banner silence-bar" role="status" data-testid="adopted-banner">
          <span>
            <strong>{t('silence.adopted', { date: absoluteTime(state.adoption.adoptedAt, i18n.language) })}</strong>{' '}
            {state.adoption.silenceId ? t('silence.bySilence') : t('silence.byOwner')} · {state.adoption.parties.join(', ')}
          </span>
          <a className="button button--small" href={adoptedPdfUrl(documentId, state.adoption, i18n.language)} data-testid="adopted-pdf" download>
            {t('silence.adoptedPdf')}
          </a>
        </div>
      )}
      {!running && isOwner && (
        <div className="silence-tools">
          <button type="button" className="button button--small button--quiet" onClick={() => setDialog('start')} data-testid="silence-start">
            {t('silence.start')}
          </button>
          <button
            type="button"
            className="button button--small button--quiet"
            disabled={openParagraphs === null || openParagraphs > 0}
            title={openParagraphs ? t('silence.adoptWaits', { count: openParagraphs }) : undefined}
            onClick={() => act(adoptText(documentId))}
            data-testid="adopt-now"
          >
            {t('silence.adoptNow')}
          </button>
        </div>
      )}
      {error && (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      )}
      <DeadlineDialog open={dialog === 'start'} onClose={() => setDialog(null)} documentId={documentId} onStart={(body) => startSilence(documentId, body).then(reload)} />
      {running && (
        <DeadlineDialog
          open={dialog === 'extend'}
          onClose={() => setDialog(null)}
          documentId={documentId}
          extend={{ localDeadline: running.localDeadline, timeZone: running.timeZone, onExtend: (body) => extendSilence(documentId, body).then(reload) }}
        />
      )}
      <BreakDialog open={dialog === 'break'} onClose={() => setDialog(null)} onBreak={(objection) => breakSilence(documentId, objection).then(reload)} />
      <ConfirmDialog
        open={dialog === 'withdraw'}
        title={t('silence.withdrawTitle')}
        body={t('silence.withdrawBody')}
        confirmLabel={t('silence.withdrawSubmit')}
        danger
        busy={withdrawing.busy}
        error={withdrawing.error}
        onCancel={() => setDialog(null)}
        onConfirm={() => {
          setWithdrawing({ busy: true, error: null })
          withdrawSilence(documentId)
            .then(() => {
              setDialog(null)
              reload()
            })
            .catch((failure: unknown) => setWithdrawing({ busy: false, error: describeError(failure) }))
        }}
      />
    </>
  )
}

function Countdown({ deadline }: { deadline: string }) {
  const { t } = useTranslation()
  const [left, setLeft] = useState(() => Date.parse(deadline) - serverNow())
  useEffect(() => {
    const timer = setInterval(() => setLeft(Date.parse(deadline) - serverNow()), 1000)
    return () => clearInterval(timer)
  }, [deadline])
  if (left <= 0) return <span data-testid="silence-countdown">{t('silence.ending')}</span>
  const s = Math.floor(left / 1000)
  const d = Math.floor(s / 86400)
  const hms = [Math.floor((s % 86400) / 3600), Math.floor((s % 3600) / 60), s % 60].map((n) => String(n).padStart(2, '0')).join(':')
  return <span data-testid="silence-countdown">{t('silence.left', { time: d > 0 ? `${d} d ${hms}` : hms })}</span>
}

/** "Paragraphs under silence: OP2, OP3", read off the draft's list (DOC-4). */
function HeldParagraphs({ documentId, procedure }: { documentId: string; procedure: SilenceProcedure }) {
  const { t } = useTranslation()
  const paragraphs = useLinkableParagraphs(documentId)
  const ids = procedure.paragraphIds ?? []
  if (!paragraphs) return null
  const labels = ids.map((id) => {
    const p = paragraphs.find((q) => q.id === id)
    return p ? p.number ?? `“${p.text.slice(0, 30)}”` : '?'
  })
  return (
    <span className="silence-bar__paragraphs" data-testid="silence-paragraphs-held">
      {' '}
      · {t('silence.heldParagraphs', { count: ids.length, list: labels.join(', ') })}
    </span>
  )
}
