// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- the tests' project compiles this file without server/src's declaration files
/// <reference path="./snowball-stemmers.d.ts" />
/**
 * Words as search sees them (SEARCH-2): folded (lower case, no accents) and stemmed by the Snowball
 * Spanish and English stemmers (`snowball-stemmers`, the same algorithms as Postgres'
 * `spanish_stem` and `english_stem`), both stems kept, so "negociaciones" finds "negociación"
 * and "resolutions" finds "resolution" whatever the language of the draft. SQLite's FTS5
 * index and the memory store index these stems; Postgres stems with its own configurations and
 * the highlights are drawn here, from the same stems, for every engine.
 */
import snowball from 'snowball-stemmers'

const spanish = snowball.newStemmer('spanish')
const english = snowball.newStemmer('english')

/** The longest query: words past it are ignored. */
export const QUERY_MAX_WORDS = 8
/** A word longer than this is not a word anyone types (nor is it stemmed). */
const WORD_MAX_LENGTH = 40

/** Lower case, no accents. */
export const fold = (text: string): string => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()

const WORD = /[\p{L}\p{N}]+/gu

/**
 * Stems already worked out, by lower-case word. A draft is indexed again as a whole after each
 * burst of typing, and stemming every word each time was a third of the server's CPU while one
 * person typed a long text (the replay bench's profile); the words of a negotiation repeat, so
 * nearly every one is found here. Bounded: emptied when full, which costs one round of stemming.
 */
const known = new Map<string, readonly string[]>()
const DIGITS = /^[0-9]+$/
const KNOWN_MAX = 50_000

/** The stems of one word (one or two: Spanish and English, after folding). */
export function stemsOf(word: string): readonly string[] {
  // A number is its own stem in both languages (the stemmers change letters only): years,
  // resolution and paragraph numbers skip the stemmers and the cache, where each new number
  // would take a place.
  if (DIGITS.test(word)) return [word]
  const lower = word.toLowerCase()
  const cached = known.get(lower)
  if (cached) return cached
  const folded = fold(lower)
  const es = folded.length > WORD_MAX_LENGTH ? folded : fold(spanish.stem(lower))
  const en = folded.length > WORD_MAX_LENGTH ? folded : english.stem(folded)
  const stems = Object.freeze(es === en ? [es] : [es, en])
  if (known.size >= KNOWN_MAX) known.clear()
  known.set(lower, stems)
  return stems
}

/** Every word of a text as stems, separated by spaces: what FTS5 and the memory store index. */
export function stemText(text: string): string {
  const out: string[] = []
  for (const match of text.matchAll(WORD)) out.push(...stemsOf(match[0]))
  return out.join(' ')
}

export interface QueryWord {
  /** As typed, folded. */
  folded: string
  /** Its stems (any one matches). */
  stems: readonly string[]
  /** The last word, still being typed, also matches as the start of a word. */
  prefix: boolean
}

/** A query as words (at most QUERY_MAX_WORDS); empty when nothing searchable is in it. */
export function parseQuery(query: string): QueryWord[] {
  const words = [...query.matchAll(WORD)].map((m) => m[0]).slice(0, QUERY_MAX_WORDS)
  return words.map((word, i) => ({ folded: fold(word), stems: stemsOf(word), prefix: i === words.length - 1 }))
}

/** The FTS5 MATCH expression: every word, by any of its stems (or, the last, as a prefix). */
export function fts5Query(words: readonly QueryWord[]): string {
  return words
    .map((w) => {
      const options = w.stems.map((s) => `"${s}"`)
      if (w.prefix) options.push(`"${w.folded}"*`)
      return `(${options.join(' OR ')})`
    })
    .join(' AND ')
}

/** Whether one word of a text matches a query word (the same rule as the indexes'). */
function matches(word: string, query: readonly QueryWord[]): boolean {
  const stems = stemsOf(word)
  const folded = fold(word)
  return query.some((q) => q.stems.some((s) => stems.includes(s)) || (q.prefix && (folded.startsWith(q.folded) || stems.some((s) => s.startsWith(q.folded)))))
}

export interface Snippet {
  text: string
  /** [start, end) of each matching word in `text`, in order. */
  marks: [number, number][]
}

const SNIPPET_LENGTH = 180

/** The part of `text` around its first match, with every matching word marked. */
export function snippet(text: string, query: readonly QueryWord[]): Snippet {
  const all: [number, number][] = []
  for (const match of text.matchAll(WORD)) {
    if (matches(match[0], query)) all.push([match.index, match.index + match[0].length])
  }
  let start = 0
  if (text.length > SNIPPET_LENGTH && all.length > 0) {
    start = Math.max(0, all[0]![0] - 40)
    // Start at a word.
    if (start > 0) {
      const space = text.lastIndexOf(' ', start)
      start = space === -1 ? start : space + 1
    }
  }
  let end = Math.min(text.length, start + SNIPPET_LENGTH)
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end)
    if (space > start + SNIPPET_LENGTH / 2) end = space
  }
  const prefix = start > 0 ? '…' : ''
  const suffix = end < text.length ? '…' : ''
  const marks = all.filter(([a, b]) => a >= start && b <= end).map(([a, b]): [number, number] => [a - start + prefix.length, b - start + prefix.length])
  return { text: `${prefix}${text.slice(start, end)}${suffix}`, marks }
}
