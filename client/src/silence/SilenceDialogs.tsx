/**
 * The silence procedure's dialogs (UI-SILENCE-1..3): the deadline (date, time, time zone) to
 * start a procedure — on the whole text or on paragraphs chosen from the draft's list (DOC-4) —
 * or to extend a running one; and the written objection that breaks silence. Each ends with
 * FormActions, as every asking dialog does.
 */
import { useEffect, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { utcToZoned, type StartSilenceRequest } from '@consenso/protocol'
import { describeError } from '../api.ts'
import { Dialog } from '../components/Dialog.tsx'
import { FormActions } from '../components/FormActions.tsx'
import { useLinkableParagraphs, type LinkableParagraph } from '../components/useLinkableParagraphs.ts'
import { serverNow } from '../server-clock.ts'

const ZONES = ['America/Panama', 'America/Mexico_City', 'America/Santiago', 'America/Bogota', 'America/Argentina/Buenos_Aires', 'America/Toronto', 'America/New_York', 'Europe/Madrid', 'UTC']

/** Runs a dialog's request: busy while it runs, closes on success, says what went wrong otherwise. */
function useSubmit(onClose: () => void): { busy: boolean; error: string | null; run: (action: () => Promise<unknown>) => void } {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  return {
    busy,
    error,
    run(action) {
      setBusy(true)
      setError(null)
      action()
        .then(onClose)
        .catch((failure: unknown) => setError(describeError(failure)))
        .finally(() => setBusy(false))
    },
  }
}

interface DeadlineDialogProps {
  open: boolean
  onClose: () => void
  /** Start: the deadline and what is placed under silence. */
  onStart?: (body: StartSilenceRequest) => Promise<unknown>
  /** Extend: the running procedure's deadline, which the new one must follow. */
  extend?: { localDeadline: string; timeZone: string; onExtend: (body: { deadline: string; timeZone: string }) => Promise<unknown> }
  /** The draft whose paragraphs may be chosen (start only). */
  documentId: string
}

export function DeadlineDialog({ open, onClose, onStart, extend, documentId }: DeadlineDialogProps) {
  const { t } = useTranslation()
  const guessZone = Intl.DateTimeFormat().resolvedOptions().timeZone
  const [timeZone, setTimeZone] = useState('America/Panama')
  const [date, setDate] = useState('')
  const [time, setTime] = useState('12:00')
  const [scope, setScope] = useState<'all' | 'chosen'>('all')
  const [chosen, setChosen] = useState<string[]>([])
  const submit = useSubmit(onClose)

  // Each opening starts from the running deadline (extend) or tomorrow noon in the person's zone.
  useEffect(() => {
    if (!open) return
    if (extend) {
      setTimeZone(extend.timeZone)
      setDate(extend.localDeadline.slice(0, 10))
      setTime(extend.localDeadline.slice(11, 16))
    } else {
      const zone = ZONES.includes(guessZone) ? guessZone : 'America/Panama'
      setTimeZone(zone)
      setDate(utcToZoned(new Date(serverNow() + 24 * 3600 * 1000), zone).slice(0, 10))
      setTime('12:00')
      setScope('all')
      setChosen([])
    }
  }, [open])

  const zones = ZONES.includes(timeZone) ? ZONES : [timeZone, ...ZONES]
  const noneChosen = scope === 'chosen' && chosen.length === 0
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={extend ? t('silence.extendTitle') : t('silence.startTitle')}
      description={extend ? t('silence.extendHint', { deadline: `${extend.localDeadline.replace('T', ' ')} (${extend.timeZone})` }) : t('silence.startHint')}
      testId={extend ? 'silence-extend-dialog' : 'silence-start-dialog'}
      wide={!extend}
    >
      <form
        className="silence-form compact-fields"
        onSubmit={(event) => {
          event.preventDefault()
          const deadline = `${date}T${time}`
          if (extend) submit.run(() => extend.onExtend({ deadline, timeZone }))
          else if (onStart) submit.run(() => onStart({ deadline, timeZone, ...(scope === 'chosen' ? { paragraphIds: chosen } : {}) }))
        }}
      >
        <div className="silence-form__when">
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
              {zones.map((zone) => (
                <option key={zone} value={zone}>
                  {zone}
                </option>
              ))}
            </select>
          </label>
        </div>
        {!extend && <ScopePicker documentId={open ? documentId : ''} scope={scope} onScope={setScope} chosen={chosen} onChosen={setChosen} />}
        <FormActions
          error={submit.error ?? (noneChosen ? t('silence.chooseSome') : null)}
          onCancel={onClose}
          confirm={{ label: extend ? t('silence.extendSubmit') : t('silence.startSubmit'), testId: extend ? 'silence-extend-submit' : 'silence-start-submit', busy: submit.busy || noneChosen }}
        />
      </form>
    </Dialog>
  )
}

interface ScopePickerProps {
  documentId: string
  scope: 'all' | 'chosen'
  onScope: (scope: 'all' | 'chosen') => void
  chosen: readonly string[]
  onChosen: (ids: string[]) => void
}

/** The whole text, or chosen paragraphs: checkboxes the keyboard walks with Tab and Space. */
function ScopePicker({ documentId, scope, onScope, chosen, onChosen }: ScopePickerProps) {
  const { t } = useTranslation()
  const ids = useId()
  const paragraphs = useLinkableParagraphs(scope === 'chosen' ? documentId : '')
  const picked = new Set(chosen)
  const toggle = (p: LinkableParagraph, on: boolean): void => {
    const next = new Set(picked)
    if (on) next.add(p.id)
    else next.delete(p.id)
    // In the draft's order, whatever order they were ticked in.
    onChosen((paragraphs ?? []).filter((q) => next.has(q.id)).map((q) => q.id))
  }
  return (
    <fieldset className="silence-scope boxed-fieldset" data-testid="silence-scope">
      <legend>{t('silence.scope')}</legend>
      <label className="silence-scope__option">
        <input type="radio" name={`${ids}-scope`} checked={scope === 'all'} onChange={() => onScope('all')} data-testid="silence-scope-all" />
        {t('silence.scopeAll')}
      </label>
      <label className="silence-scope__option">
        <input type="radio" name={`${ids}-scope`} checked={scope === 'chosen'} onChange={() => onScope('chosen')} data-testid="silence-scope-chosen" />
        {t('silence.scopeChosen')}
        {scope === 'chosen' && chosen.length > 0 && <span className="silence-scope__count"> · {t('silence.chosenCount', { count: chosen.length })}</span>}
      </label>
      {scope === 'chosen' && (
        <div className="silence-scope__list" role="group" aria-label={t('silence.scopeChosen')} data-testid="silence-paragraphs">
          {paragraphs === null && <p className="field__hint">{t('register.agreement.paragraphsLoading')}</p>}
          {paragraphs?.map((p) => (
            <label key={p.id} className="silence-scope__paragraph">
              <input type="checkbox" value={p.id} checked={picked.has(p.id)} onChange={(event) => toggle(p, event.target.checked)} />
              <span>
                {p.number && <strong>{p.number}</strong>} {p.text}
              </span>
            </label>
          ))}
        </div>
      )}
    </fieldset>
  )
}

export function BreakDialog({ open, onClose, onBreak }: { open: boolean; onClose: () => void; onBreak: (objection: string) => Promise<unknown> }) {
  const { t } = useTranslation()
  const [objection, setObjection] = useState('')
  const submit = useSubmit(onClose)
  return (
    <Dialog open={open} onClose={onClose} title={t('silence.breakTitle')} description={t('silence.breakHint')} testId="silence-break-dialog">
      <form
        className="silence-form compact-fields"
        onSubmit={(event) => {
          event.preventDefault()
          submit.run(() => onBreak(objection))
        }}
      >
        <label>
          {t('silence.objection')}
          <textarea required rows={4} value={objection} onChange={(event) => setObjection(event.target.value)} data-testid="silence-objection" />
        </label>
        <FormActions error={submit.error} onCancel={onClose} confirm={{ label: t('silence.breakSubmit'), testId: 'silence-break-submit', busy: submit.busy || !objection.trim() }} />
      </form>
    </Dialog>
  )
}
