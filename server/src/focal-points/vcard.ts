/**
 * The directory as vCard 4.0 (RFC 6350), one card per entry (FOCAL-20). Written here rather
 * than through a library: the npm vCard writers are unmaintained or fold by UTF-16 units, not
 * octets. What RFC 6350 asks and this does: CRLF after every line (3.2); lines longer than 75
 * octets folded with CRLF and one space, never inside a UTF-8 sequence (3.2); backslash, comma
 * and newline escaped in text values, and semicolons too inside the components of N and ORG
 * (3.4: the text ABNF has no "\;", compound values need it); a phone written with its country
 * code as a tel: URI (6.4.1's SHOULD), any other as text, as the person wrote it.
 */
import { focalPointName, type FocalPoint, type Language } from '@consenso/protocol'

/** Text value escaping (RFC 6350 3.4): backslash first, so none is escaped twice. */
export const escapeText = (value: string): string => value.replace(/\\/gu, '\\\\').replace(/,/gu, '\\,').replace(/\r\n|\r|\n/gu, '\\n')
/** A component of a compound value (N, ORG): its semicolons escaped as well. */
const escapeComponent = (value: string): string => escapeText(value).replace(/;/gu, '\\;')

/** "+56 (2) 2827-4200 x15" → "tel:+56-2-2827-4200;ext=15" (RFC 3966); null for a number without its country code. */
export function telUri(phone: string): string | null {
  const m = /^\+([0-9 ()./-]+?)(?:\s?(?:x|ext\.?)\s?([0-9]+))?$/iu.exec(phone)
  if (!m) return null
  const digits = m[1]!.trim().split(/[^0-9]+/u).filter((p) => p !== '').join('-')
  return `tel:+${digits}${m[2] ? `;ext=${m[2]}` : ''}`
}

const tel = (phone: string, first: boolean): string => {
  const params = `TYPE="work,voice"${first ? ';PREF=1' : ''}`
  const uri = telUri(phone)
  return uri ? `TEL;VALUE=uri;${params}:${uri}` : `TEL;VALUE=text;${params}:${escapeText(phone)}`
}

const FOLD_OCTETS = 75
const encoder = new TextEncoder()

/** One content line folded at 75 octets, each continuation starting with a space (counted). */
export function foldLine(line: string): string {
  const pieces: string[] = []
  let current = ''
  let octets = 0
  for (const char of line) {
    const size = encoder.encode(char).length
    if (octets + size > FOLD_OCTETS) {
      pieces.push(current)
      current = ' '
      octets = 1
    }
    current += char
    octets += size
  }
  pieces.push(current)
  return pieces.join('\r\n')
}

const WORDS = {
  es: { focal: 'Punto focal', alternate: 'Alterno/a', since: 'desde', until: 'hasta' },
  en: { focal: 'Focal point', alternate: 'Alternate', since: 'since', until: 'until' },
} as const satisfies Record<Language, unknown>

/** "20261207T103000Z": REV's timestamp form (RFC 6350 4.3.5). */
const timestamp = (iso: string): string => new Date(iso).toISOString().replace(/[-:]/gu, '').replace(/\.\d{3}/u, '')

/** One entry's card; `delegationName` is the delegation as people read it ("Chile"). */
export function focalPointCard(entry: FocalPoint, delegationName: string, lang: Language): string {
  const w = WORDS[lang]
  const role = entry.role === 'focal' ? w.focal : w.alternate
  const period = `${w.since} ${entry.since}${entry.until ? `, ${w.until} ${entry.until}` : ''}`
  const note = [`${delegationName} — ${entry.process} — ${role} (${period})`, entry.notes].filter((p) => p !== '').join('\n')
  const lines = [
    'BEGIN:VCARD',
    'VERSION:4.0',
    'KIND:individual',
    `FN:${escapeText(focalPointName(entry))}`,
    `N:${[entry.familyName, entry.givenName, '', '', ''].map(escapeComponent).join(';')}`,
    `ORG:${escapeComponent(entry.institution || delegationName)}`,
    ...(entry.title ? [`TITLE:${escapeText(entry.title)}`] : []),
    `ROLE:${escapeText(role)}`,
    `EMAIL;TYPE=work:${entry.email}`,
    ...entry.phones.map((phone, i) => tel(phone, i === 0)),
    ...entry.languages.map((code, i) => `LANG;PREF=${i + 1}:${code}`),
    `CATEGORIES:${escapeText(entry.process)},${escapeText(delegationName)}`,
    `NOTE:${escapeText(note)}`,
    `REV:${timestamp(entry.updatedAt)}`,
    'END:VCARD',
  ]
  return lines.map(foldLine).join('\r\n') + '\r\n'
}

export function focalPointsVcard(entries: readonly FocalPoint[], delegationName: (code: string) => string, lang: Language): string {
  return entries.map((e) => focalPointCard(e, delegationName(e.delegation), lang)).join('')
}
