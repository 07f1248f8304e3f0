import { useEffect, useId, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { MEETING_PLACE_MAX_LENGTH, MEETING_TITLE_MAX_LENGTH, type DocumentSummary, type Meeting } from '@consenso/protocol'
import { createMeeting, describeError, updateMeeting } from '../api.ts'
import { Dialog } from '../components/Dialog.tsx'
import { TextField } from '../components/Field.tsx'
import { DelegationChecklist } from './DelegationChecklist.tsx'
import { localToday } from './dates.ts'
import { FormActions } from '../components/FormActions.tsx'

/** The zone this browser is in, the likeliest for a meeting its person enters. */
const browserTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'

/** The region's zones first (where the conferences meet), then every zone the browser knows. */
const REGION_ZONES = [
  'America/Panama', 'America/Mexico_City', 'America/Guatemala', 'America/El_Salvador', 'America/Tegucigalpa', 'America/Managua',
  'America/Costa_Rica', 'America/Belize', 'America/Santo_Domingo', 'America/Bogota', 'America/Lima', 'America/Guayaquil',
  'America/La_Paz', 'America/Santiago', 'America/Argentina/Buenos_Aires', 'America/Montevideo', 'America/Asuncion',
  'America/Sao_Paulo', 'America/Caracas', 'America/New_York', 'America/Toronto', 'Europe/Madrid', 'UTC',
]

function timeZoneChoices(current: string): string[] {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []
  return [...new Set([current, ...REGION_ZONES, ...all])]
}

interface MeetingDialogProps {
  open: boolean
  meeting: Meeting | null
  drafts: readonly DocumentSummary[]
  onClose: () => void
  onSaved: (meeting: Meeting) => void
}

export function MeetingDialog({ open, meeting, drafts, onClose, onSaved }: MeetingDialogProps) {
  const { t } = useTranslation()
  const ids = useId()
  const [title, setTitle] = useState('')
  const [startsOn, setStartsOn] = useState('')
  const [endsOn, setEndsOn] = useState('')
  const [allDay, setAllDay] = useState(true)
  const [startTime, setStartTime] = useState('09:00')
  const [endTime, setEndTime] = useState('17:00')
  const [timeZone, setTimeZone] = useState(browserTimeZone)
  const [place, setPlace] = useState('')
  const [delegations, setDelegations] = useState<string[]>([])
  const [minutes, setMinutes] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [fieldErrors, setFieldErrors] = useState<{ title?: string; startsOn?: string; endsOn?: string; endTime?: string }>({})

  useEffect(() => {
    if (!open) return
    setTitle(meeting?.title ?? '')
    setStartsOn(meeting?.startsOn ?? localToday())
    setEndsOn(meeting?.endsOn ?? '')
    setAllDay(!meeting?.startTime)
    setStartTime(meeting?.startTime ?? '09:00')
    setEndTime(meeting?.endTime ?? '17:00')
    setTimeZone(meeting?.timeZone ?? browserTimeZone())
    setPlace(meeting?.place ?? '')
    setDelegations(meeting?.delegations ?? [])
    setMinutes(meeting?.minutesDocumentId ?? '')
    setError(null)
    setFieldErrors({})
  }, [open, meeting])

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    const errors = {
      ...(title.trim() ? {} : { title: t('register.meeting.titleRequired') }),
      ...(startsOn ? {} : { startsOn: t('register.meeting.dateRequired') }),
      ...(endsOn && startsOn && endsOn < startsOn ? { endsOn: t('register.meeting.endBeforeStart') } : {}),
      ...(!allDay && (!endsOn || endsOn === startsOn) && endTime <= startTime ? { endTime: t('register.meeting.endBeforeStart') } : {}),
    }
    setFieldErrors(errors)
    if (Object.keys(errors).length > 0) return
    setBusy(true)
    setError(null)
    const times = allDay ? { startTime: null, endTime: null, timeZone: null } : { startTime, endTime, timeZone }
    const body = { title: title.trim(), startsOn, endsOn: endsOn || null, ...times, place: place.trim(), delegations, minutesDocumentId: minutes || null }
    try {
      onSaved(meeting ? await updateMeeting(meeting.id, body) : await createMeeting(body))
    } catch (failure) {
      setError(describeError(failure))
    } finally {
      setBusy(false)
    }
  }

  const minutesDrafts = [...drafts].sort((a, b) => Number(b.template === 'minutes') - Number(a.template === 'minutes'))
  const linkedMissing = meeting?.minutesDocumentId && !drafts.some((d) => d.id === meeting.minutesDocumentId)
  return (
    <Dialog open={open} onClose={onClose} wide title={meeting ? t('register.meeting.editTitle') : t('register.meeting.newTitle')} testId="meeting-dialog">
      <form className="register-form" onSubmit={(event) => void submit(event)} noValidate>
        <TextField
          label={t('register.meeting.title')}
          value={title}
          maxLength={MEETING_TITLE_MAX_LENGTH}
          onChange={(event) => setTitle(event.target.value)}
          error={fieldErrors.title}
          testId="meeting-title"
        />
        <div className="register-form__row">
          <TextField label={t('register.meeting.startsOn')} type="date" value={startsOn} onChange={(event) => setStartsOn(event.target.value)} error={fieldErrors.startsOn} testId="meeting-starts" />
          <TextField
            label={t('register.meeting.endsOn')}
            hint={t('register.meeting.endsOnHint')}
            type="date"
            value={endsOn}
            min={startsOn || undefined}
            onChange={(event) => setEndsOn(event.target.value)}
            error={fieldErrors.endsOn}
            testId="meeting-ends"
          />
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={allDay} data-testid="meeting-all-day" onChange={(event) => setAllDay(event.target.checked)} />
          {t('register.meeting.allDay')}
        </label>
        {!allDay && (
          <div className="register-form__row register-form__row--times">
            <TextField label={t('register.meeting.startTime')} type="time" value={startTime} onChange={(event) => setStartTime(event.target.value)} testId="meeting-start-time" />
            <TextField
              label={t('register.meeting.endTime')}
              type="time"
              value={endTime}
              onChange={(event) => setEndTime(event.target.value)}
              error={fieldErrors.endTime}
              testId="meeting-end-time"
            />
            <div className="field">
              <label htmlFor={`${ids}-zone`}>{t('register.meeting.timeZone')}</label>
              <select id={`${ids}-zone`} data-testid="meeting-time-zone" value={timeZone} onChange={(event) => setTimeZone(event.target.value)}>
                {timeZoneChoices(timeZone).map((zone) => (
                  <option key={zone} value={zone}>
                    {zone.replace(/_/g, ' ')}
                  </option>
                ))}
              </select>
            </div>
          </div>
        )}
        <div className="register-form__row">
          <TextField
            label={t('register.meeting.place')}
            hint={t('register.meeting.placeHint')}
            value={place}
            maxLength={MEETING_PLACE_MAX_LENGTH}
            onChange={(event) => setPlace(event.target.value)}
            testId="meeting-place"
          />
          <div className="field">
            <label htmlFor={`${ids}-minutes`}>{t('register.meeting.minutes')}</label>
            <select id={`${ids}-minutes`} data-testid="meeting-minutes" value={minutes} onChange={(event) => setMinutes(event.target.value)}>
              <option value="">{t('register.meeting.noMinutes')}</option>
              {linkedMissing && <option value={meeting.minutesDocumentId!}>{t('register.agreement.unlistedDraft')}</option>}
              {minutesDrafts.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.title || t('editor.untitled')}
                </option>
              ))}
            </select>
          </div>
        </div>
        <DelegationChecklist legend={t('register.meeting.delegations')} value={delegations} onChange={setDelegations} testId="meeting-delegations" />
        <FormActions error={error} onCancel={onClose} confirm={{ label: meeting ? t('register.save') : t('register.meeting.create'), testId: 'meeting-save', busy }} />
      </form>
    </Dialog>
  )
}
