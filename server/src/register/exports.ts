/**
 * Downloads of the register: the agreements as CSV and an iCalendar file (RFC 5545, written by
 * the `ics` library) with every meeting and every agreement's due date as all-day events, so
 * the schedule can be subscribed to from any calendar program. Labels follow `lang`.
 */
import { createEvents, type DateArray, type EventAttributes } from 'ics'
import { isOverdue, type Agreement, type AgreementStatus, type Language, type Meeting } from '@consenso/protocol'
import { toCsv } from '../csv.ts'

const LABELS = {
  es: {
    header: ['id', 'acuerdo', 'responsables', 'fecha límite', 'estado', 'vencido', 'reunión', 'fecha de la reunión', 'borrador', 'bloque', 'creado', 'actualizado'],
    status: { pending: 'pendiente', in_progress: 'en curso', done: 'cumplido', cancelled: 'cancelado' },
    yes: 'sí',
    no: 'no',
    due: 'Vence',
    participants: 'Delegaciones participantes',
    minutes: 'Acta',
    responsible: 'Responsables',
    statusLabel: 'Estado',
    calendar: 'Consenso — reuniones y acuerdos',
  },
  en: {
    header: ['id', 'agreement', 'responsible', 'due date', 'status', 'overdue', 'meeting', 'meeting date', 'draft', 'block', 'created', 'updated'],
    status: { pending: 'pending', in_progress: 'in progress', done: 'done', cancelled: 'cancelled' },
    yes: 'yes',
    no: 'no',
    due: 'Due',
    participants: 'Participating delegations',
    minutes: 'Minutes',
    responsible: 'Responsible',
    statusLabel: 'Status',
    calendar: 'Consenso — meetings and agreements',
  },
} as const satisfies Record<Language, unknown>

export function statusLabel(status: AgreementStatus, lang: Language): string {
  return LABELS[lang].status[status]
}

export function agreementsCsv(agreements: readonly Agreement[], meetings: readonly Meeting[], today: string, lang: Language): string {
  const l = LABELS[lang]
  const byId = new Map(meetings.map((m) => [m.id, m]))
  const rows = agreements.map((a) => {
    const meeting = a.meetingId ? byId.get(a.meetingId) : undefined
    return [
      a.id,
      a.text,
      a.responsible.join(' '),
      a.dueDate,
      l.status[a.status],
      isOverdue(a, today) ? l.yes : l.no,
      meeting?.title,
      meeting?.startsOn,
      a.documentId,
      a.blockId,
      a.createdAt,
      a.updatedAt,
    ]
  })
  return toCsv([...l.header], rows)
}

const dateArray = (date: string): DateArray => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  return [y, m, d]
}

/** The day after `date`: an all-day event's end is exclusive. */
const nextDay = (date: string): DateArray => {
  const [y, m, d] = dateArray(date) as [number, number, number]
  const next = new Date(Date.UTC(y, m - 1, d + 1))
  return [next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate()]
}

const shorten = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`)
const stamp = (iso: string): number => Date.parse(iso)

export interface CalendarOptions {
  lang: Language
  /** Origin for links to drafts (`https://consenso.example.org`). */
  origin: string
  /** Host name that makes event ids unique worldwide. */
  host: string
}

/**
 * One VCALENDAR: each meeting over its days, each agreement with a due date (cancelled ones
 * left out) on that day. Event ids are stable, so a calendar program updates, not duplicates.
 */
export function registerCalendar(agreements: readonly Agreement[], meetings: readonly Meeting[], options: CalendarOptions): string {
  const l = LABELS[options.lang]
  const link = (documentId: string): string => `${options.origin}/d/${encodeURIComponent(documentId)}`
  const events: EventAttributes[] = []
  for (const m of meetings) {
    const description = [
      m.delegations.length > 0 ? `${l.participants}: ${m.delegations.join(', ')}` : null,
      m.minutesDocumentId ? `${l.minutes}: ${link(m.minutesDocumentId)}` : null,
    ]
      .filter(Boolean)
      .join('\n')
    events.push({
      uid: `meeting-${m.id}@${options.host}`,
      title: m.title,
      start: dateArray(m.startsOn),
      end: nextDay(m.endsOn ?? m.startsOn),
      ...(m.place ? { location: m.place } : {}),
      ...(description ? { description } : {}),
      ...(m.minutesDocumentId ? { url: link(m.minutesDocumentId) } : {}),
      categories: ['meeting'],
      created: stamp(m.createdAt),
      lastModified: stamp(m.updatedAt),
      busyStatus: 'BUSY',
    })
  }
  for (const a of agreements) {
    if (a.dueDate === null || a.status === 'cancelled') continue
    const who = a.responsible.length > 0 ? `${a.responsible.join(', ')}: ` : ''
    events.push({
      uid: `agreement-${a.id}@${options.host}`,
      title: `${l.due} — ${who}${shorten(a.text, 120)}`,
      start: dateArray(a.dueDate),
      end: nextDay(a.dueDate),
      description: [
        a.text,
        a.responsible.length > 0 ? `${l.responsible}: ${a.responsible.join(', ')}` : null,
        `${l.statusLabel}: ${l.status[a.status]}`,
        a.documentId ? link(a.documentId) : null,
      ]
        .filter(Boolean)
        .join('\n'),
      ...(a.documentId ? { url: link(a.documentId) } : {}),
      categories: ['agreement'],
      created: stamp(a.createdAt),
      lastModified: stamp(a.updatedAt),
      busyStatus: 'FREE',
    })
  }
  const { error, value } = createEvents(events, { productId: 'consenso/register', calName: l.calendar, method: 'PUBLISH' })
  if (error || value === null) throw error ?? new Error('the calendar could not be written')
  return value
}
