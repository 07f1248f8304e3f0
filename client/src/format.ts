/** Dates and times in the interface language, through Intl rather than fixed English words. */
import { serverNow } from './server-clock.ts'

const UNITS: ReadonlyArray<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
]

const relativeFormats = new Map<string, Intl.RelativeTimeFormat>()
const absoluteFormats = new Map<string, Intl.DateTimeFormat>()
const nowWords = new Map<string, string>()

/**
 * "hace 3 minutos" / "3 minutes ago"; "ahora" / "now" within the last few seconds. `now` is on
 * the server's clock (server-clock.ts), as the times shown are; a time still ahead of it
 * (a browser's clock running fast when it stamped) reads "now", never "in 20 seconds".
 */
export function relativeTime(iso: string, language: string, now: number = serverNow()): string {
  const time = Date.parse(iso)
  if (Number.isNaN(time)) return ''
  let format = relativeFormats.get(language)
  if (!format) {
    format = new Intl.RelativeTimeFormat(language, { numeric: 'auto' })
    relativeFormats.set(language, format)
  }
  const seconds = Math.min(0, Math.round((time - now) / 1000))
  if (seconds > -10) {
    // "now", asked for after every keystroke by the save status (PERF-21): worded once per language.
    let words = nowWords.get(language)
    if (words === undefined) {
      words = format.format(0, 'second')
      nowWords.set(language, words)
    }
    return words
  }
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size || unit === 'second') return format.format(Math.round(seconds / size), unit)
  }
  return ''
}

export function absoluteTime(iso: string, language: string): string {
  const time = Date.parse(iso)
  if (Number.isNaN(time)) return ''
  let format = absoluteFormats.get(language)
  if (!format) {
    format = new Intl.DateTimeFormat(language, { dateStyle: 'long', timeStyle: 'short' })
    absoluteFormats.set(language, format)
  }
  return format.format(time)
}

const preciseFormats = new Map<string, Intl.DateTimeFormat>()

/** Date and time to the second, for logs: "12 mar 2026, 14:05:09". */
export function preciseTime(iso: string, language: string): string {
  const time = Date.parse(iso)
  if (Number.isNaN(time)) return iso
  let format = preciseFormats.get(language)
  if (!format) {
    format = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'medium' })
    preciseFormats.set(language, format)
  }
  return format.format(time)
}

/** The start of a local calendar day (`yyyy-mm-dd` from a date input), `days` later, as ISO. */
export function localDayStart(day: string, days = 0): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(day)
  if (!match) return undefined
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + days).toISOString()
}
