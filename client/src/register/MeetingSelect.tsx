import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import type { Meeting } from '@consenso/protocol'
import { formatDay } from './dates.ts'

interface MeetingSelectProps {
  label: string
  /** The first option, for no meeting (or any, in a filter). */
  emptyLabel: string
  meetings: readonly Meeting[]
  value: string
  onChange: (meetingId: string) => void
  testId?: string
}

/** A labelled choice of one meeting of the register, each named "20 nov 2026 — Title" (agreements, the file repository). */
export function MeetingSelect({ label, emptyLabel, meetings, value, onChange, testId }: MeetingSelectProps) {
  const { i18n } = useTranslation()
  const id = useId()
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} data-testid={testId} value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">{emptyLabel}</option>
        {meetings.map((m) => (
          <option key={m.id} value={m.id}>
            {formatDay(m.startsOn, i18n.language)} — {m.title}
          </option>
        ))}
      </select>
    </div>
  )
}
