/**
 * When an agreement says things happen (MINUTES-10..19): dates and ranges in Spanish and
 * English, read by chrono-node against the minutes' own meeting day, and vague times ("a
 * finales de agosto", "antes del Foro Mundial", "by the end of the year") kept as written.
 *
 * chrono reads single days well in both languages but not the ranges minutes use most ("el 30
 * y 31 de agosto", "from 3 to 5 July"): those are added to its parsers here, so that one
 * library still decides what a month name or a year means.
 */
import * as chrono from 'chrono-node'
import type { ReadDate } from '@consenso/protocol'
import type { Language } from './fold.ts'

const MONTHS: Record<string, number> = {
  enero: 1, febrero: 2, marzo: 3, abril: 4, mayo: 5, junio: 6, julio: 7, agosto: 8, septiembre: 9, setiembre: 9, octubre: 10, noviembre: 11, diciembre: 12,
  january: 1, february: 2, march: 3, april: 4, may: 5, june: 6, july: 7, august: 8, september: 9, october: 10, november: 11, december: 12,
  jan: 1, feb: 2, mar: 3, apr: 4, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
}
const MONTH = `(${Object.keys(MONTHS).sort((a, b) => b.length - a.length).join('|')})\\.?`
const DAY = '(\\d{1,2})(?:st|nd|rd|th|º|°)?'
const YEAR = '(?:,?\\s+(?:de(?:l)?\\s+)?(\\d{4}))?'

interface RangeMatch {
  from: number
  to: number
  month: number
  year: number | null
}

/**
 * Ranges of days in one month: "30 y 31 de agosto", "del 3 al 5 de julio", "entre el 3 y el
 * 5 de octubre", "3-5 July", "30 and 31 August", "from 3 to 5 July", "July 3-5", "June 8 and 9".
 */
const RANGES: readonly { pattern: RegExp; read: (m: RegExpMatchArray) => RangeMatch }[] = [
  {
    pattern: new RegExp(`(?:\\b(?:del|entre(?:\\s+el)?|from|between)\\s+)?\\b${DAY}\\s*(?:y|al|a|-|–|and|to|&)\\s*(?:el\\s+|the\\s+)?${DAY}\\s+(?:de\\s+|of\\s+)?${MONTH}${YEAR}\\b`, 'iu'),
    read: (m) => ({ from: Number(m[1]), to: Number(m[2]), month: MONTHS[m[3]!.toLowerCase()]!, year: m[4] ? Number(m[4]) : null }),
  },
  {
    pattern: new RegExp(`\\b${MONTH}\\s+${DAY}\\s*(?:-|–|and|to|&)\\s*${DAY}${YEAR}\\b`, 'iu'),
    read: (m) => ({ from: Number(m[2]), to: Number(m[3]), month: MONTHS[m[1]!.toLowerCase()]!, year: m[4] ? Number(m[4]) : null }),
  },
]

const iso = (y: number, m: number, d: number): string => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
const exists = (y: number, m: number, d: number): boolean => {
  const date = new Date(Date.UTC(y, m - 1, d))
  return date.getUTCMonth() === m - 1 && date.getUTCDate() === d
}

function withRanges(base: chrono.Chrono): chrono.Chrono {
  const parser = base.clone()
  for (const range of RANGES) {
    parser.parsers.unshift({
      pattern: () => range.pattern,
      extract: (context, match) => {
        const { from, to, month, year } = range.read(match)
        const reference = context.reference.instant
        // Without a year, the next such days from the meeting on (minutes agree on what comes).
        let y = year ?? reference.getUTCFullYear()
        if (year === null && iso(y, month, to) < reference.toISOString().slice(0, 10)) y += 1
        if (!(from < to) || !exists(y, month, from) || !exists(y, month, to)) return null
        return context.createParsingResult(match.index ?? 0, match[0], { day: from, month, year: y }, { day: to, month, year: y })
      },
    })
  }
  return parser
}

const PARSERS: Record<Language, chrono.Chrono> = { es: withRanges(chrono.es.casual), en: withRanges(chrono.en.GB) }

/**
 * Vague times: the words are kept, no day is guessed. Named events ("antes del Foro Mundial",
 * "before the Global Forum") need a capital letter, which keeps "antes de la reunión" out.
 */
const CAP = '\\p{Lu}[\\p{L}\\p{N}-]*'
const NAMED = `(?:\\s+(?:de(?:l)?|la|el|of|the|on|for)?\\s*${CAP}){0,4}`
const VAGUE: readonly RegExp[] = [
  /\b(?:a|hacia|para)\s+(?:finales|fines|principios|inicios|comienzos|mediados)\s+de(?:l)?\s+(?:este\s+|próximo\s+)?(?:\p{L}+)/giu,
  /\b(?:la|el)\s+(?:primera|segunda|tercera|cuarta|última)\s+(?:semana|quincena)\s+de\s+\p{L}+/giu,
  /\b(?:the\s+)?(?:first|second|third|fourth|last)\s+(?:week|half)\s+of\s+(?:the\s+)?\p{L}+/giu,
  /\b(?:by|at|before|towards|in)\s+the\s+(?:end|beginning|start|middle)\s+of\s+(?:the\s+|this\s+|next\s+)?\p{L}+/giu,
  /\b(?:el\s+)?(?:primer|segundo)\s+semestre(?:\s+de(?:l)?\s+(?:este\s+año|\d{4}))?/giu,
  /\b(?:en\s+el\s+corto|a\s+corto|a\s+mediano|en\s+el\s+mediano)\s+plazo\b/giu,
  /\b(?:in\s+the\s+short|in\s+the\s+medium)\s+term\b/giu,
  /\b(?:lo\s+antes\s+posible|a\s+la\s+brevedad(?:\s+posible)?|as\s+soon\s+as\s+possible)\b/giu,
  /\b(?:por\s+lo\s+menos\s+|al\s+menos\s+)?(?:cada\s+año|una\s+vez\s+al\s+año|anualmente)\b/giu,
  /\b(?:at\s+least\s+)?(?:once\s+a\s+year|every\s+year|each\s+year|annually)\b/giu,
  new RegExp(`\\b(?:antes|después|luego|previa?|previo)\\s+(?:del?|al?)\\s+(?:la\\s+|el\\s+)?${CAP}${NAMED}`, 'gu'),
  new RegExp(`\\b(?:before|after|ahead\\s+of|prior\\s+to)\\s+(?:the\\s+)?${CAP}${NAMED}`, 'gu'),
]

/** Trailing words that belong to the sentence rather than to the time. */
const trimVague = (text: string): string => text.replace(/\s+(?:de|del|la|el|of|the|on|for|a|en|in)$/iu, '').trim()

export interface WhenReading {
  dates: ReadDate[]
  vague: string[]
}

const isoOf = (component: chrono.ParsedComponents): string => iso(component.get('year')!, component.get('month')!, component.get('day')!)

/** The dates and vague times of one item, against the meeting day `reference` (YYYY-MM-DD). */
export function readWhen(text: string, language: Language, reference: string): WhenReading {
  const vague: { text: string; start: number; end: number }[] = []
  for (const pattern of VAGUE) {
    pattern.lastIndex = 0
    for (const match of text.matchAll(pattern)) {
      const words = trimVague(match[0])
      const start = match.index
      if (!vague.some((v) => start < v.end && start + words.length > v.start)) vague.push({ text: words, start, end: start + words.length })
    }
  }
  // Noon UTC: the meeting's day wherever chrono turns it into parts.
  const instant = new Date(`${reference}T12:00:00Z`)
  const dates: ReadDate[] = []
  for (const result of PARSERS[language].parse(text, { instant, timezone: 0 }, { forwardDate: true })) {
    const start = result.index
    const end = start + result.text.length
    // Inside a vague time ("a finales de agosto", "by the end of August"), or without a
    // certain day ("en junio"): no day is guessed.
    if (vague.some((v) => start < v.end && end > v.start) || !result.start.isCertain('day')) continue
    // Days are written in figures in minutes; "un día", "the minutes" are not dates.
    if (!/\d/u.test(result.text)) continue
    const first = isoOf(result.start)
    const last = result.end ? isoOf(result.end) : null
    dates.push({ text: result.text.trim(), start: first, end: last && last !== first ? last : null })
  }
  vague.sort((a, b) => a.start - b.start)
  return { dates, vague: vague.map((v) => v.text) }
}

/** The day a minutes title or heading names or heading names ("11 de mayo de 2017"), or null. */
export function readDay(text: string, language: Language, today: string): string | null {
  const instant = new Date(`${today}T12:00:00Z`)
  for (const result of PARSERS[language].parse(text, { instant, timezone: 0 })) {
    if (result.start.isCertain('day') && result.start.isCertain('month')) return isoOf(result.start)
  }
  return null
}
