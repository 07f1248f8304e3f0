/**
 * The review step between a minutes draft and the register (client/SPEC.md UI-MINUTES-1..):
 * each agreement item with what the reader found — responsible delegations as chips, its due
 * date, vague times and names it could not resolve, the meeting it proposes — and the
 * minutes' own meeting; the secretariat corrects and confirms, and only then anything is stored.
 */
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ConfirmMinutesRequest, ConfirmedMeeting, ProposedMeeting, ReadItem, ReadMinutesResponse } from '@consenso/protocol'
import { useDelegations } from '../delegations.ts'

interface DraftMeeting {
  add: boolean
  title: string
  startsOn: string
  endsOn: string
  place: string
  delegations: string[]
  when: string | null
}

interface DraftItem {
  source: ReadItem
  text: string
  responsible: string[]
  dueDate: string
  meeting: DraftMeeting | null
}

const draftMeeting = (m: ProposedMeeting | null): DraftMeeting | null =>
  m && { add: m.startsOn !== null, title: m.title, startsOn: m.startsOn ?? '', endsOn: m.endsOn ?? '', place: m.place, delegations: m.delegations, when: m.when }

const confirmed = (m: DraftMeeting | null): ConfirmedMeeting | null =>
  m && m.add && m.startsOn ? { title: m.title.trim(), startsOn: m.startsOn, endsOn: m.endsOn || null, place: m.place, delegations: m.delegations } : null

export function MinutesReview({ documentId, reading, busy, onConfirm, onCancel }: {
  documentId: string
  reading: ReadMinutesResponse
  busy: boolean
  onConfirm: (body: ConfirmMinutesRequest) => void
  onCancel: () => void
}) {
  const { t, i18n } = useTranslation()
  const delegations = useDelegations()
  const codes = delegations.kind === 'ready' ? delegations.delegations : []
  const nameOf = (code: string): string => {
    const d = codes.find((x) => x.code === code)
    return d ? (i18n.language.startsWith('en') ? d.nameEn : d.nameEs) : code
  }
  const [items, setItems] = useState<DraftItem[]>(() =>
    reading.items.map((item) => ({ source: item, text: item.text, responsible: item.responsible, dueDate: item.dueDate ?? '', meeting: draftMeeting(item.meeting) })),
  )
  const [own, setOwn] = useState<DraftMeeting | null>(() => draftMeeting(reading.minutesMeeting))
  const change = (index: number, patch: Partial<DraftItem>): void => setItems((list) => list.map((item, i) => (i === index ? { ...item, ...patch } : item)))
  const changeMeeting = (index: number, patch: Partial<DraftMeeting>): void =>
    setItems((list) => list.map((item, i) => (i === index && item.meeting ? { ...item, meeting: { ...item.meeting, ...patch } } : item)))
  const incomplete = [own, ...items.map((i) => i.meeting)].some((m) => m?.add && (!m.startsOn || !m.title.trim())) || items.some((i) => !i.text.trim())

  const submit = (): void =>
    onConfirm({
      documentId,
      items: items.map((item) => ({ blockId: item.source.blockId, text: item.text.trim(), responsible: item.responsible, dueDate: item.dueDate || null, meeting: confirmed(item.meeting) })),
      minutesMeeting: confirmed(own),
    })

  const meetingFields = (m: DraftMeeting, set: (patch: Partial<DraftMeeting>) => void, label: string, testId: string) => (
    <fieldset className="minutes-review__meeting" data-testid={testId}>
      <legend>
        <label>
          <input type="checkbox" checked={m.add} onChange={(e) => set({ add: e.target.checked })} data-testid={`${testId}-add`} /> {label}
        </label>
      </legend>
      {m.when && <p className="minutes-review__note">{t('register.review.when', { when: m.when })}</p>}
      {m.add && (
        <div className="minutes-review__grid">
          <label>
            {t('register.review.meetingTitle')}
            <input value={m.title} onChange={(e) => set({ title: e.target.value })} data-testid={`${testId}-title`} />
          </label>
          <label>
            {t('register.review.starts')}
            <input type="date" value={m.startsOn} required onChange={(e) => set({ startsOn: e.target.value })} data-testid={`${testId}-starts`} />
          </label>
          <label>
            {t('register.review.ends')}
            <input type="date" value={m.endsOn} onChange={(e) => set({ endsOn: e.target.value })} data-testid={`${testId}-ends`} />
          </label>
          <label>
            {t('register.review.place')}
            <input value={m.place} onChange={(e) => set({ place: e.target.value })} data-testid={`${testId}-place`} />
          </label>
        </div>
      )}
    </fieldset>
  )

  return (
    <div className="minutes-review" data-testid="minutes-review">
      <p>{t('register.review.intro', { count: items.length })}</p>
      {reading.meetingDate && <p className="minutes-review__note">{t('register.review.meetingDate', { date: reading.meetingDate })}</p>}
      {reading.existing > 0 && <p>{t('register.fromMinutes.existing', { count: reading.existing })}</p>}
      {own && meetingFields(own, (patch) => setOwn({ ...own, ...patch }), t('register.review.ownMeeting'), 'review-own-meeting')}
      <ol className="minutes-review__items">
        {items.map((item, index) => (
          <li key={item.source.blockId} className="minutes-review__item" data-testid="review-item">
            <label className="minutes-review__text">
              {t('register.review.text', { n: index + 1 })}
              <textarea rows={2} value={item.text} onChange={(e) => change(index, { text: e.target.value })} data-testid="review-text" />
            </label>
            <div className="minutes-review__who" role="group" aria-label={t('register.review.responsible')}>
              <span>{t('register.review.responsible')}:</span>
              {item.responsible.length === 0 && <span className="minutes-review__none">{t('register.review.nobody')}</span>}
              {item.responsible.map((code) => (
                <button
                  key={code}
                  type="button"
                  className="chip minutes-review__chip"
                  data-testid="review-chip"
                  data-code={code}
                  aria-label={t('register.review.remove', { name: nameOf(code) })}
                  title={nameOf(code)}
                  onClick={() => change(index, { responsible: item.responsible.filter((c) => c !== code) })}
                >
                  {code} <span aria-hidden="true">×</span>
                </button>
              ))}
              <select
                aria-label={t('register.review.add')}
                value=""
                data-testid="review-add-delegation"
                onChange={(e) => e.target.value && change(index, { responsible: [...item.responsible, e.target.value] })}
              >
                <option value="">{t('register.review.add')}</option>
                {codes
                  .filter((d) => !item.responsible.includes(d.code))
                  .map((d) => (
                    <option key={d.code} value={d.code}>
                      {d.code} — {nameOf(d.code)}
                    </option>
                  ))}
              </select>
            </div>
            {item.source.mentions.some((m) => m.codes.length > 0) && (
              <p className="minutes-review__note" data-testid="review-read-from">
                {t('register.review.readFrom', {
                  names: item.source.mentions
                    .filter((m) => m.codes.length > 0)
                    .map((m) => `«${m.text}»${m.codes.length > 1 ? ` (${m.codes.length})` : ''}`)
                    .join(', '),
                })}
              </p>
            )}
            {item.source.unresolved.length > 0 && (
              <p className="minutes-review__note minutes-review__note--warn" data-testid="review-unresolved">
                {t('register.review.unresolved', { names: item.source.unresolved.join(', ') })}
              </p>
            )}
            <div className="minutes-review__when">
              <label>
                {t('register.review.due')}
                <input type="date" value={item.dueDate} onChange={(e) => change(index, { dueDate: e.target.value })} data-testid="review-due" />
              </label>
              {item.source.vague.map((v) => (
                <span key={v} className="chip minutes-review__vague" title={t('register.review.vagueHint')}>
                  {v}
                </span>
              ))}
            </div>
            {item.meeting && meetingFields(item.meeting, (patch) => changeMeeting(index, patch), t('register.review.proposedMeeting'), 'review-meeting')}
          </li>
        ))}
      </ol>
      <div className="dialog-actions">
        <button type="button" className="button button--quiet" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="button" className="button button--primary" onClick={submit} disabled={busy || incomplete} data-testid="review-confirm">
          {t('register.review.confirm', { count: items.length })}
        </button>
      </div>
    </div>
  )
}
