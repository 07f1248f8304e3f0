/**
 * The silence procedure on a draft's page (UI-SILENCE-1): while one runs, a banner for everyone
 * with the deadline as its zone reads it and a countdown on the server's clock; "Break silence"
 * for members of a party delegation (a written objection, in a dialog), "Withdraw" for owners.
 * After a break, who broke it and why; after adoption, "Adopted" with the adopted PDF. Owners
 * otherwise start a procedure (date, time, time zone) or adopt a fully agreed text. Follows the
 * page's live stream, so everyone sees a break or the adoption as it happens.
 */
import { useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { silenceHolds, utcToZoned, type ConsensusSummary, type SilenceResponse } from '@consenso/protocol'
import { describeError } from '../api.ts'
import { Dialog } from '../components/Dialog.tsx'
import { absoluteTime } from '../format.ts'
import { serverNow } from '../server-clock.ts'
import { followLive } from '../notifications/live.ts'
import { adoptedPdfUrl, adoptText, breakSilence, getSilence, startSilence, withdrawSilence } from './api.ts'
import './silence.css'
import { FormActions } from '../components/FormActions.tsx'

const ZONES = ['America/Panama', 'America/Mexico_City', 'America/Santiago', 'America/Bogota', 'America/Argentina/Buenos_Aires', 'America/Toronto', 'America/New_York', 'Europe/Madrid', 'UTC']

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
  const [dialog, setDialog] = useState<'start' | 'break' | null>(null)

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
          </span>
          <span className="silence-bar__actions">
            {running.parties.includes(delegation) && (
              <button type="button" className="button button--small" onClick={() => setDialog('break')} data-testid="silence-break">
                {t('silence.break')}
              </button>
            )}
            {isOwner && (
              <button type="button" className="button button--small button--quiet" onClick={() => act(withdrawSilence(documentId))} data-testid="silence-withdraw">
                {t('silence.withdraw')}
              </button>
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
      <StartDialog open={dialog === 'start'} onClose={() => setDialog(null)} onStart={(body) => startSilence(documentId, body).then(reload)} />
      <BreakDialog open={dialog === 'break'} onClose={() => setDialog(null)} onBreak={(objection) => breakSilence(documentId, objection).then(reload)} />
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

function StartDialog({ open, onClose, onStart }: { open: boolean; onClose: () => void; onStart: (body: { deadline: string; timeZone: string }) => Promise<unknown> }) {
  const { t } = useTranslation()
  const guessZone = Intl.DateTimeFormat().resolvedOptions().timeZone
  const [timeZone, setTimeZone] = useState(ZONES.includes(guessZone) ? guessZone : 'America/Panama')
  const tomorrow = utcToZoned(new Date(serverNow() + 24 * 3600 * 1000), timeZone)
  const [date, setDate] = useState(tomorrow.slice(0, 10))
  const [time, setTime] = useState('12:00')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  return (
    <Dialog open={open} onClose={onClose} title={t('silence.startTitle')} description={t('silence.startHint')} testId="silence-start-dialog">
      <form
        className="silence-form"
        onSubmit={(event) => {
          event.preventDefault()
          setBusy(true)
          setError(null)
          onStart({ deadline: `${date}T${time}`, timeZone })
            .then(onClose)
            .catch((failure: unknown) => setError(describeError(failure)))
            .finally(() => setBusy(false))
        }}
      >
        <label>
          {t('silence.date')}
          <input type="date" required value={date} onChange={(event) => setDate(event.target.value)} data-testid="silence-date" />
        </label>
        <label>
          {t('silence.time')}
          <input type="time" required value={time} onChange={(event) => setTime(event.target.value)} data-testid="silence-time" />
        </label>
        <label>
          {t('silence.zone')}
          <select value={timeZone} onChange={(event) => setTimeZone(event.target.value)} data-testid="silence-zone">
            {ZONES.map((zone) => (
              <option key={zone} value={zone}>
                {zone}
              </option>
            ))}
          </select>
        </label>
        <FormActions error={error} onCancel={onClose} confirm={{ label: t('silence.startSubmit'), testId: 'silence-start-submit', busy }} />
      </form>
    </Dialog>
  )
}

function BreakDialog({ open, onClose, onBreak }: { open: boolean; onClose: () => void; onBreak: (objection: string) => Promise<unknown> }) {
  const { t } = useTranslation()
  const [objection, setObjection] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  return (
    <Dialog open={open} onClose={onClose} title={t('silence.breakTitle')} description={t('silence.breakHint')} testId="silence-break-dialog">
      <form
        className="silence-form"
        onSubmit={(event) => {
          event.preventDefault()
          setBusy(true)
          setError(null)
          onBreak(objection)
            .then(onClose)
            .catch((failure: unknown) => setError(describeError(failure)))
            .finally(() => setBusy(false))
        }}
      >
        <label>
          {t('silence.objection')}
          <textarea required rows={4} value={objection} onChange={(event) => setObjection(event.target.value)} data-testid="silence-objection" />
        </label>
        <FormActions error={error} onCancel={onClose} confirm={{ label: t('silence.breakSubmit'), testId: 'silence-break-submit', busy: busy || !objection.trim() }} />
      </form>
    </Dialog>
  )
}
