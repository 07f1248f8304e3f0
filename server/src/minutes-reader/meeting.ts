/**
 * Meetings an agreement agrees to hold (MINUTES-20..24): "Se realizará reunión…", "Se
 * organizará reunión…", "Se decidió organizar la reunión anual de troikas…", "The ad hoc group
 * will hold a meeting…", or an item that is itself a meeting ("Reunión de troikas…"). The
 * proposal carries a title made of the item's own words, the place it names and its dates.
 */
import type { Language } from './fold.ts'

const NOUN_ES = '(?:reuni[oó]n|encuentro|videoconferencia|sesi[oó]n|taller)'
const NOUN_EN = '(?:meeting|videoconference|session|workshop)'
const HOLD_ES = new RegExp(
  `(?:\\b(?:se\\s+)?(?:realizar[aá]n?|organizar[aá]n?|celebrar[aá]n?|llevar[aá]n?\\s+a\\s+cabo|convocar[aá]n?|har[aá]n?|tendr[aá]n?|sostendr[aá]n?)|\\bse\\s+(?:decidi[oó]|acord[oó]|propone|acuerda)\\s+(?:organizar|realizar|celebrar|convocar|mantener|sostener)|\\b(?:organizar|realizar|celebrar|convocar|mantener|sostener))\\s+(?:una\\s+|la\\s+|el\\s+|un\\s+)?(?:[\\p{L}-]+\\s+){0,2}?${NOUN_ES}\\b`,
  'iu',
)
const MEET_ES = /(?:\bse\s+reunir[aá]n\b|\bse\s+re[uú]nan\b)/iu
const HOLD_EN = new RegExp(`\\b(?:hold|holds|organi[sz]e|organi[sz]es|convene|convenes|host|hosts)\\s+(?:an?\\s+|the\\s+|its\\s+)?(?:[\\p{L}-]+\\s+){0,2}?${NOUN_EN}\\b`, 'iu')
const MEET_EN = /\b(?:will|shall|to)\s+meet\b/iu
const STARTS_ES = new RegExp(`^${NOUN_ES}\\b`, 'iu')
const STARTS_EN = new RegExp(`^(?:an?\\s+|the\\s+)?(?:[\\p{L}-]+\\s+){0,2}?${NOUN_EN}\\b`, 'iu')

/** True when the item agrees to hold a meeting. */
export function proposesMeeting(text: string, language: Language): boolean {
  if (language === 'es') return HOLD_ES.test(text) || MEET_ES.test(text) || STARTS_ES.test(text)
  return HOLD_EN.test(text) || MEET_EN.test(text) || STARTS_EN.test(text)
}

const VENUE = '(?:[Cc]anciller[ií]a|[Ss]ede|[Ee]mbajada|[Mm]inisterio\\s+de\\s+[Rr]elaciones\\s+[Ee]xteriores|[Ff]oreign\\s+[Mm]inistry|[Mm]inistry\\s+of\\s+[Ff]oreign\\s+[Aa]ffairs|[Ee]mbassy|[Hh]eadquarters|[Oo]ficina)'
const PROPER = '\\p{Lu}[\\p{L}.]*(?:\\s+(?:de\\s+|del\\s+|of\\s+)?\\p{Lu}[\\p{L}.]*)*'
const VENUE_PLACE = new RegExp(`${VENUE}\\s+(?:de(?:l)?\\s+|of\\s+)?(?:la\\s+|el\\s+|the\\s+)?${PROPER}`, 'u')
const IN_PLACE = new RegExp(`\\b(?:en|in|at)\\s+(?:la\\s+ciudad\\s+de\\s+)?(${PROPER})`, 'gu')
const NOT_PLACES = /^(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre|January|February|March|April|May|June|July|August|September|October|November|December|PMM|GCM)$/iu

/** Where the meeting is held: a venue ("la cancillería de Panamá") first, else the last "en X". */
export function placeOf(text: string): string {
  const venue = VENUE_PLACE.exec(text)
  if (venue) return (venue[0].charAt(0).toUpperCase() + venue[0].slice(1)).replace(/\.$/u, '')
  let place = ''
  for (const match of text.matchAll(IN_PLACE)) if (!NOT_PLACES.test(match[1]!)) place = match[1]!
  // A last dot ends the sentence; one inside ("D.C.") stays.
  return /\p{L}\.\p{L}/u.test(place) ? place : place.replace(/\.$/u, '')
}

const STOP = '(?:un|una|en|el|la|entre|antes|a|para|previa|previo|con|por|durante|cada|in|on|at|between|before|by|to|for|with|during|every|of\\s+the|el\\s+d[ií]a)'
const NOUN_PHRASE_ES = new RegExp(`${NOUN_ES}((?:\\s+(?!${STOP}\\b)[\\p{L}\\p{N}-]+)*)`, 'iu')
const NOUN_PHRASE_EN = new RegExp(`((?:[\\p{L}-]+\\s+){0,2}?)${NOUN_EN}((?:\\s+of\\s+the)?(?:\\s+(?!${STOP}\\b)[\\p{L}\\p{N}-]+){0,3})`, 'iu')

/**
 * A short title from the item's own words: "Reunión anual de troikas"; a bare "reunión" is
 * named after its delegations ("Reunión Panamá–Chile") or its place ("Reunión — Berlín").
 */
export function titleOf(text: string, language: Language, delegationNames: readonly string[], place: string): string {
  let phrase: string
  if (language === 'es') {
    const m = NOUN_PHRASE_ES.exec(text)
    const noun = m ? m[0].split(/\s+/u)[0]! : 'reunión'
    phrase = m ? `${noun}${(m[1] ?? '').split(/\s+/u).slice(0, 6).join(' ')}` : 'reunión'
  } else {
    const m = NOUN_PHRASE_EN.exec(text)
    const lead = (m?.[1] ?? '').replace(/^(?:(?:an?|the|its|hold|holds|host|hosts|organi[sz]es?|convenes?|will|shall|to)\s+)+/iu, '').trim()
    phrase = m ? `${lead ? `${lead} ` : ''}${m[0].slice((m[1] ?? '').length).trim()}` : 'meeting'
  }
  phrase = phrase.replace(/[\s,.;:]+$/u, '').trim()
  const title = phrase.charAt(0).toUpperCase() + phrase.slice(1)
  const bare = /^\p{L}+$/u.test(phrase)
  if (bare && delegationNames.length > 0 && delegationNames.length <= 4) return `${title} ${delegationNames.join('–')}`
  if (bare && place) return `${title} — ${place}`
  return title
}
