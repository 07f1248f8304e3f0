/**
 * Downloads of the register: the agreements as a spreadsheet (`.xlsx`) and as CSV, and an
 * iCalendar file (RFC 5545, written by the `ics` library) with every meeting (timed in its
 * own time zone, or over whole days) and every agreement's due date (all day), so the
 * schedule can be subscribed to from any calendar program. Labels and file names follow `lang`.
 */
import { createEvents, type DateArray, type EventAttributes } from 'ics'
import { isOverdue, type Agreement, type AgreementStatus, type Language, type Meeting } from '@consenso/protocol'
import writeXlsxFile from 'write-excel-file/node'
import { TZDate } from '@date-fns/tz'
import { separatorFor, toCsv } from '../csv.ts'

const LABELS = {
  es: {
    header: ['acuerdo', 'responsables', 'fecha límite', 'estado', 'vencido', 'reunión', 'fecha de la reunión', 'borrador', 'párrafo', 'creado', 'actualizado', 'id'],
    status: { pending: 'pendiente', in_progress: 'en curso', done: 'cumplido', cancelled: 'cancelado' },
    yes: 'sí',
    no: 'no',
    due: 'Vence',
    participants: 'Delegaciones participantes',
    minutes: 'Acta',
    responsible: 'Responsables',
    statusLabel: 'Estado',
    timeZone: 'Horario',
    calendar: 'Consenso — reuniones y acuerdos',
    sheet: 'Acuerdos',
    notShared: '(borrador no compartido con usted)',
    files: { csv: 'consenso-acuerdos.csv', xlsx: 'consenso-acuerdos.xlsx', ics: 'consenso-calendario.ics' },
  },
  en: {
    header: ['agreement', 'responsible', 'due date', 'status', 'overdue', 'meeting', 'meeting date', 'draft', 'paragraph', 'created', 'updated', 'id'],
    status: { pending: 'pending', in_progress: 'in progress', done: 'done', cancelled: 'cancelled' },
    yes: 'yes',
    no: 'no',
    due: 'Due',
    participants: 'Participating delegations',
    minutes: 'Minutes',
    responsible: 'Responsible',
    statusLabel: 'Status',
    timeZone: 'Times in',
    calendar: 'Consenso — meetings and agreements',
    sheet: 'Agreements',
    notShared: '(draft not shared with you)',
    files: { csv: 'consenso-agreements.csv', xlsx: 'consenso-agreements.xlsx', ics: 'consenso-calendar.ics' },
  },
} as const satisfies Record<Language, unknown>

export function statusLabel(status: AgreementStatus, lang: Language): string {
  return LABELS[lang].status[status]
}

/** The download's file name in the reader's language. */
export function downloadName(kind: 'csv' | 'xlsx' | 'ics', lang: Language): string {
  return LABELS[lang].files[kind]
}

/**
 * What a reader sees of the drafts the agreements link to: the title of each draft they may
 * read (others are named as not shared, never by title) and, per linked block, its number
 * ("OP3") or the start of its words.
 */
export interface LinkedDrafts {
  title(documentId: string): string | null
  paragraph(documentId: string, blockId: string): string | null
}

type RowValue = string | Date | null

/**
 * One row per agreement, as people read it: names, not ids (the id, last, lets a row be
 * matched back). Dates are calendar dates; the two instants are kept as Date for the sheet.
 */
function agreementRows(agreements: readonly Agreement[], meetings: readonly Meeting[], links: LinkedDrafts, today: string, lang: Language): RowValue[][] {
  const l = LABELS[lang]
  const byId = new Map(meetings.map((m) => [m.id, m]))
  return agreements.map((a) => {
    const meeting = a.meetingId ? byId.get(a.meetingId) : undefined
    const draft = a.documentId ? (links.title(a.documentId) ?? l.notShared) : null
    const paragraph = a.documentId && a.blockId ? links.paragraph(a.documentId, a.blockId) : null
    return [
      a.text,
      a.responsible.join(', '),
      a.dueDate,
      l.status[a.status],
      isOverdue(a, today) ? l.yes : l.no,
      meeting?.title ?? null,
      meeting?.startsOn ?? null,
      draft,
      paragraph,
      new Date(a.createdAt),
      new Date(a.updatedAt),
      a.id,
    ]
  })
}

/** Instants as a spreadsheet shows them, minutes precision, UTC. */
const csvInstant = (value: Date): string => value.toISOString().slice(0, 16).replace('T', ' ') + ' UTC'

export function agreementsCsv(agreements: readonly Agreement[], meetings: readonly Meeting[], links: LinkedDrafts, today: string, lang: Language): string {
  const rows = agreementRows(agreements, meetings, links, today, lang).map((row) => row.map((value) => (value instanceof Date ? csvInstant(value) : value)))
  return toCsv([...LABELS[lang].header], rows, separatorFor(lang))
}

/** Columns of the sheet: widths in characters, and which hold dates. */
const SHEET_COLUMNS: { width: number; kind: 'text' | 'day' | 'instant' }[] = [
  { width: 60, kind: 'text' },
  { width: 16, kind: 'text' },
  { width: 12, kind: 'day' },
  { width: 12, kind: 'text' },
  { width: 8, kind: 'text' },
  { width: 30, kind: 'text' },
  { width: 12, kind: 'day' },
  { width: 30, kind: 'text' },
  { width: 20, kind: 'text' },
  { width: 17, kind: 'instant' },
  { width: 17, kind: 'instant' },
  { width: 18, kind: 'text' },
]

/** A calendar day as the sheet's date (midnight UTC, shown without a time). */
const sheetDay = (day: string): Date => new Date(`${day}T00:00:00Z`)

/**
 * The agreements as an Excel workbook (`write-excel-file`): real dates in date cells, a bold
 * header kept in view, widths that fit, wrapped agreement text. Opens directly in Excel,
 * LibreOffice and Google Sheets whatever the locale, which a CSV does not.
 */
export async function agreementsXlsx(agreements: readonly Agreement[], meetings: readonly Meeting[], links: LinkedDrafts, today: string, lang: Language): Promise<Buffer> {
  const l = LABELS[lang]
  const header = l.header.map((value) => ({ value, fontWeight: 'bold' as const }))
  const body = agreementRows(agreements, meetings, links, today, lang).map((row) =>
    row.map((value, index) => {
      const kind = SHEET_COLUMNS[index]!.kind
      if (value === null) return null
      if (kind === 'day' && typeof value === 'string') return { value: sheetDay(value), type: Date, format: 'yyyy-mm-dd' }
      if (value instanceof Date) return { value, type: Date, format: 'yyyy-mm-dd hh:mm' }
      return { value, type: String, ...(index === 0 ? { wrap: true } : {}) }
    }),
  )
  return writeXlsxFile([header, ...body], {
    sheet: l.sheet,
    columns: SHEET_COLUMNS.map((c) => ({ width: c.width })),
    stickyRowsCount: 1,
  }).toBuffer()
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

/** The instant a wall-clock time on a day has in a time zone, as the ics library's UTC array. */
function utcArray(day: string, time: string, timeZone: string): DateArray {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  const [hh, mm] = time.split(':').map(Number) as [number, number]
  const instant = new Date(new TZDate(y, m - 1, d, hh, mm, timeZone).getTime())
  return [instant.getUTCFullYear(), instant.getUTCMonth() + 1, instant.getUTCDate(), instant.getUTCHours(), instant.getUTCMinutes()]
}

/**
 * A timed meeting's start and end as instants (written in UTC, which every calendar program
 * shows in its reader's own zone); null for an all-day one. The end is on the last day.
 */
export function meetingInstants(m: Pick<Meeting, 'startsOn' | 'endsOn' | 'startTime' | 'endTime' | 'timeZone'>): { start: DateArray; end: DateArray } | null {
  if (!m.startTime || !m.endTime || !m.timeZone) return null
  return { start: utcArray(m.startsOn, m.startTime, m.timeZone), end: utcArray(m.endsOn ?? m.startsOn, m.endTime, m.timeZone) }
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
      m.timeZone && m.startTime ? `${l.timeZone}: ${m.timeZone} (${m.startTime}–${m.endTime ?? ''})` : null,
      m.delegations.length > 0 ? `${l.participants}: ${m.delegations.join(', ')}` : null,
      m.minutesDocumentId ? `${l.minutes}: ${link(m.minutesDocumentId)}` : null,
    ]
      .filter(Boolean)
      .join('\n')
    const timed = meetingInstants(m)
    events.push({
      uid: `meeting-${m.id}@${options.host}`,
      title: m.title,
      ...(timed
        ? { start: timed.start, startInputType: 'utc', startOutputType: 'utc', end: timed.end, endInputType: 'utc', endOutputType: 'utc' }
        : { start: dateArray(m.startsOn), end: nextDay(m.endsOn ?? m.startsOn) }),
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
