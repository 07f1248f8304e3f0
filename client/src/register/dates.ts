/**
 * Calendar dates (`YYYY-MM-DD`) of the register: due dates and meeting days are days, not
 * instants, so they are shown as the same day everywhere (formatted in UTC) and compared with
 * the reader's own today.
 */

/** Today where the reader is, as `YYYY-MM-DD`. */
export function localToday(now: Date = new Date()): string {
  const pad = (n: number): string => String(n).padStart(2, '0')
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`
}

const utcOf = (day: string): number => {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  return Date.UTC(y, m - 1, d)
}

const formats = new Map<string, Intl.DateTimeFormat>()
function format(language: string, weekday: boolean): Intl.DateTimeFormat {
  const key = `${language}/${weekday}`
  let f = formats.get(key)
  if (!f) {
    // Month in words: "19-11-2026" (Spanish medium style) reads differently across the region.
    f = new Intl.DateTimeFormat(language, weekday ? { dateStyle: 'full', timeZone: 'UTC' } : { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })
    formats.set(key, f)
  }
  return f
}

/** "15 dic 2026" / "Dec 15, 2026". */
export function formatDay(day: string, language: string, weekday = false): string {
  return format(language, weekday).format(utcOf(day))
}

/** One day, or "11–12 may 2026" for a meeting over several. */
export function formatDayRange(start: string, end: string | null, language: string): string {
  if (!end || end === start) return formatDay(start, language)
  return format(language, false).formatRange(utcOf(start), utcOf(end))
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return Math.round((utcOf(to) - utcOf(from)) / 86_400_000)
}
