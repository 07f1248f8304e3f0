/**
 * The reader of agreements (server/SPEC.md MINUTES-*): given an item of a minutes' "Acuerdos"
 * section as written, what it says about who, when and which meeting, resolved against the
 * day of the meeting the minutes record. Pure: the instance's delegations, groups and aliases
 * are passed in, so every sentence can be tested on its own (tests/unit/minutes-reader.test.ts).
 */
import type { ProposedMeeting, ReadItem } from '@consenso/protocol'
import { parseItem } from '../register/minutes.ts'
import { fold, languageOf, type Language } from './fold.ts'
import { proposesMeeting, placeOf, titleOf } from './meeting.ts'
import { readDay, readWhen } from './when.ts'
import { findMentions, nameIndex, responsibleOf, roleOf, type Directory, type NameIndex } from './who.ts'

export { nameIndex, type Directory, type NameIndex } from './who.ts'
export { languageOf, type Language } from './fold.ts'

export interface ReaderContext {
  names: NameIndex
  /** The day of the meeting (YYYY-MM-DD): "el 8 de junio" is the next 8 June from it. */
  meetingDate: string
  /** Delegation codes the instance knows (for "RESP — action — date" items). */
  knownCodes: ReadonlySet<string>
  /** Delegation names to title a meeting with, by code. */
  nameOf: (code: string, language: Language) => string
}

/** A context from the instance's directory. */
export function readerContext(directory: Directory, meetingDate: string): ReaderContext {
  const byCode = new Map(directory.delegations.map((d) => [d.code, d]))
  return {
    names: nameIndex(directory),
    meetingDate,
    knownCodes: new Set(byCode.keys()),
    nameOf: (code, language) => {
      const d = byCode.get(code)
      return d ? (language === 'es' ? d.nameEs : d.nameEn) : code
    },
  }
}

/** A bullet pasted with the words ("o La CRM…", "• Se realizará…") is not part of them. */
export function cleanItem(source: string): string {
  return source
    .normalize('NFC')
    .replace(/^\s*(?:[o•▪◦·‣∙-]\s+)+(?=\p{Lu}|\p{N})/u, '')
    .replace(/\s+/gu, ' ')
    .trim()
}

const unique = <T>(values: Iterable<T>): T[] => [...new Set(values)]

export type ItemReading = Omit<ReadItem, 'blockId'>

/** Reads one agreement item. */
export function readAgreement(source: string, context: ReaderContext): ItemReading {
  const cleaned = cleanItem(source)
  // The template's own form first: "PAN, CHL — action — 2017-06-08" says it all (REGISTER-5).
  const formal = parseItem(cleaned, context.knownCodes)
  const text = formal.text
  const language = languageOf(text)
  const mentions = findMentions(text, context.names)
  const when = readWhen(text, language, context.meetingDate)
  const dates = formal.dueDate ? [{ text: formal.dueDate, start: formal.dueDate, end: null }, ...when.dates] : when.dates
  const responsible = formal.responsible.length > 0 ? formal.responsible : responsibleOf(text, mentions)
  const first = dates[0]
  let meeting: ProposedMeeting | null = null
  if (proposesMeeting(text, language)) {
    const place = placeOf(text)
    // Those it is held by or at; not those who only receive something ("propone a ambas Secretarías…").
    const delegations = unique([...formal.responsible, ...mentions.filter((m) => roleOf(text, m) !== 'receiver').flatMap((m) => m.codes)])
    const named = delegations.length <= 3 ? delegations.map((c) => context.nameOf(c, language)) : []
    meeting = {
      title: titleOf(text, language, named, place),
      startsOn: first?.start ?? null,
      endsOn: first?.end ?? null,
      place,
      delegations,
      when: first ? null : (when.vague[0] ?? null),
    }
  }
  return {
    source,
    text,
    responsible,
    mentions: mentions.map(({ text: written, codes, groupId }) => ({ text: written, codes, groupId })),
    unresolved: unique(mentions.filter((m) => m.codes.length === 0).map((m) => m.text)),
    dates,
    vague: when.vague,
    dueDate: first ? (first.end ?? first.start) : null,
    meeting,
  }
}

const MINUTES_WORDS = /^\s*(?:minuta|minutas|acta|ayuda\s+memoria|minutes|summary\s+record)\b(?:\s+(?:de\s+la|del|de|of\s+the|of))?[\s:—–-]*/iu
const VIRTUAL = /\b(?:virtual|videoconferencia|videoconference|en\s+l[ií]nea|online)\b/iu
const PARTICIPANTS = /^\s*(?:participantes|participants|asistentes|present|attendance|delegaciones\s+presentes)\s*:?\s*(.*)$/iu

/**
 * The minutes' own meeting (MINUTES-25): its title (the draft's title or first heading, less
 * "Minuta"), the day written in the title or the lines under it, "Virtual" when it says so,
 * and the delegations of a "Participantes:" line. Null when no day is written.
 */
export function readMinutesMeeting(lines: readonly string[], context: Pick<ReaderContext, 'names'>, today: string): { date: string; meeting: ProposedMeeting } | null {
  const title = lines.find((l) => l.trim()) ?? ''
  let date: string | null = null
  for (const line of lines.slice(0, 6)) {
    date = readDay(line, languageOf(line), today)
    if (date) break
  }
  if (!date) return null
  const language = languageOf(lines.slice(0, 6).join(' '))
  const participants: string[] = []
  lines.forEach((line, i) => {
    const match = PARTICIPANTS.exec(line)
    if (!match) return
    // "Participantes:" alone on its line lists them on the next.
    const list = match[1]?.trim() ? match[1] : (lines[i + 1] ?? '')
    participants.push(...findMentions(list, context.names).flatMap((m) => m.codes))
  })
  const bare = title.replace(MINUTES_WORDS, '').trim() || title.trim()
  const place = VIRTUAL.test(fold(title)) ? (language === 'es' ? 'Virtual' : 'Online') : ''
  return {
    date,
    meeting: { title: bare.charAt(0).toUpperCase() + bare.slice(1), startsOn: date, endsOn: null, place, delegations: unique(participants), when: null },
  }
}
