/**
 * Glossary terms found in text (GLOSS-20..26), pure, for the editor's marks and the server
 * alike. Words are compared folded (no case, no accents) and lightly stemmed per language, so
 * "Migrantes" finds "migrante", "regularizaciones" finds "regularización" and "migrants"
 * finds "migrant"; every match reports the offsets of the words as written. A multi-word
 * term matches only words separated by spaces or hyphens (never across punctuation or an
 * inline node, which callers write as any other character, e.g. U+0000).
 */
import type { GlossaryEntry, GlossaryLanguage } from './glossary.ts'

/** What the matcher needs of an entry. */
export type GlossaryTermSource = Pick<GlossaryEntry, 'id' | 'termEs' | 'termEn' | 'status' | 'preferredId'>

export interface GlossaryToken {
  /** As written. */
  text: string
  from: number
  to: number
  /** Folded and stemmed: what tokens are compared by. */
  key: string
}

export interface TermMatch {
  entryId: string
  lang: GlossaryLanguage
  from: number
  to: number
  /** The words as written in the text. */
  text: string
}

const TOKEN = /[\p{L}\p{N}\p{M}]+(?:['’][\p{L}\p{M}]+)*/gu
/** What may stand between the words of one term: spaces (also no-break) and hyphens. */
const JOINER = /^[\s\u00a0\u202f\-\u2010\u2011]+$/u

/** Lower case without accents: "Regularización" → "regularizacion". */
export function foldForMatch(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
}

const VOWEL = /[aeiou]/

function stripPluralEs(w: string): string {
  if (w.length > 4 && w.endsWith('es') && !VOWEL.test(w[w.length - 3]!)) return w.slice(0, -2)
  if (w.length > 3 && w.endsWith('s') && VOWEL.test(w[w.length - 2]!)) return w.slice(0, -1)
  return w
}

/**
 * Spanish: the plural (-s, -es, -ces), then a final a/o/e, so that number and grammatical
 * gender meet ("migrante", "migrantes" → "migrant"; "refugiada", "refugiados" → "refugiad";
 * "regularización", "regularizaciones" → "regularizacion"; "voz", "voces" → "voc"). Both the
 * terms and the text go through it, so what counts is that forms of one word meet.
 */
function stemEs(folded: string): string {
  let w = folded
  for (let i = 0; i < 2; i++) {
    const next = stripPluralEs(w)
    if (next === w) break
    w = next
  }
  if (w.length > 3 && w.endsWith('z')) w = `${w.slice(0, -1)}c`
  if (w.length > 3 && /[aoe]$/.test(w)) w = w.slice(0, -1)
  return w
}

/** English: the possessive and the plural ("migrants", "policies", "processes", "migrant's"). */
function stemEn(folded: string): string {
  const w = folded.replace(/['’]s$/u, '')
  if (w.length > 4 && w.endsWith('ies')) return `${w.slice(0, -3)}y`
  if (w.length > 4 && /(?:ss|sh|ch|x|z)es$/.test(w)) return w.slice(0, -2)
  if (w.length > 3 && w.endsWith('s') && !/(?:ss|us|is)$/.test(w)) return w.slice(0, -1)
  return w
}

export function stemWord(folded: string, lang: GlossaryLanguage): string {
  return lang === 'es' ? stemEs(folded) : stemEn(folded)
}

/** The words of `text` with their offsets (UTF-16 indexes) and comparison keys. */
export function tokenize(text: string, lang: GlossaryLanguage): GlossaryToken[] {
  const tokens: GlossaryToken[] = []
  for (const m of text.matchAll(TOKEN)) {
    const from = m.index
    tokens.push({ text: m[0], from, to: from + m[0].length, key: stemWord(foldForMatch(m[0]), lang) })
  }
  return tokens
}

interface CompiledTerm {
  entryId: string
  keys: string[]
}

/** The glossary's terms by language and first word, longest first: built once, matched often. */
export interface CompiledGlossary {
  readonly entries: ReadonlyMap<string, GlossaryTermSource>
  readonly byLang: Record<GlossaryLanguage, Map<string, CompiledTerm[]>>
}

export function compileGlossary(entries: readonly GlossaryTermSource[]): CompiledGlossary {
  const byLang: Record<GlossaryLanguage, Map<string, CompiledTerm[]>> = { es: new Map(), en: new Map() }
  const byId = new Map<string, GlossaryTermSource>()
  for (const entry of entries) {
    byId.set(entry.id, entry)
    for (const lang of ['es', 'en'] as const) {
      const term = lang === 'es' ? entry.termEs : entry.termEn
      const keys = tokenize(term, lang).map((t) => t.key)
      if (keys.length === 0) continue
      const list = byLang[lang].get(keys[0]!) ?? []
      // One entry per form: two entries written the same way mark as the first.
      if (!list.some((c) => c.keys.join(' ') === keys.join(' '))) list.push({ entryId: entry.id, keys })
      byLang[lang].set(keys[0]!, list)
    }
  }
  for (const map of Object.values(byLang)) for (const list of map.values()) list.sort((a, b) => b.keys.length - a.keys.length)
  return { entries: byId, byLang }
}

const compiled = (glossary: CompiledGlossary | readonly GlossaryTermSource[]): CompiledGlossary =>
  Array.isArray(glossary) ? compileGlossary(glossary) : (glossary as CompiledGlossary)

function matchIn(text: string, tokens: readonly GlossaryToken[], terms: Map<string, CompiledTerm[]>, lang: GlossaryLanguage): TermMatch[] {
  const out: TermMatch[] = []
  let i = 0
  while (i < tokens.length) {
    const candidates = terms.get(tokens[i]!.key)
    let found: CompiledTerm | undefined
    if (candidates) {
      found = candidates.find((c) => {
        if (i + c.keys.length > tokens.length) return false
        for (let k = 1; k < c.keys.length; k++) {
          const prev = tokens[i + k - 1]!
          const next = tokens[i + k]!
          if (next.key !== c.keys[k] || !JOINER.test(text.slice(prev.to, next.from))) return false
        }
        return true
      })
    }
    if (!found) {
      i++
      continue
    }
    const from = tokens[i]!.from
    const to = tokens[i + found.keys.length - 1]!.to
    out.push({ entryId: found.entryId, lang, from, to, text: text.slice(from, to) })
    i += found.keys.length
  }
  return out
}

/**
 * The glossary's terms in `text`, in order, never overlapping (the longest term wins where
 * two start at one word: "migración irregular" over "migración"). With `lang` null, both
 * languages' terms are looked for, a longer match winning an overlap.
 */
export function findTerms(text: string, glossary: CompiledGlossary | readonly GlossaryTermSource[], lang: GlossaryLanguage | null): TermMatch[] {
  const g = compiled(glossary)
  if (lang) return matchIn(text, tokenize(text, lang), g.byLang[lang], lang)
  const all = [...matchIn(text, tokenize(text, 'es'), g.byLang.es, 'es'), ...matchIn(text, tokenize(text, 'en'), g.byLang.en, 'en')]
  all.sort((a, b) => a.from - b.from || b.to - b.from - (a.to - a.from))
  const out: TermMatch[] = []
  for (const m of all) {
    const last = out[out.length - 1]
    if (last && m.from < last.to) {
      if (m.to - m.from > last.to - last.from) out[out.length - 1] = m
      continue
    }
    out.push(m)
  }
  return out
}

/** The entry to use instead of this one: its preferredId followed to the end (cycles stop). */
export function preferredEntry<E extends GlossaryTermSource>(entry: E, byId: ReadonlyMap<string, E>): E | null {
  let current: E = entry
  const seen = new Set<string>([entry.id])
  while (current.preferredId) {
    const next = byId.get(current.preferredId)
    if (!next || seen.has(next.id)) break
    seen.add(next.id)
    current = next
  }
  return current === entry ? null : current
}

// --- replacing with the preferred term ------------------------------------------------------

const ES_UNINFLECTED = new Set(['de', 'del', 'la', 'el', 'los', 'las', 'y', 'e', 'o', 'u', 'en', 'a', 'al', 'por', 'para', 'con', 'sin', 'sobre'])

function pluralEs(word: string): string {
  const f = foldForMatch(word)
  if (/[sx]$/.test(f)) return word
  if (/z$/.test(word)) return `${word.slice(0, -1)}ces`
  // "migración" → "migraciones", "alemán" → "alemanes": the stress mark goes with the new syllable.
  if (/[áéíóú][ns]$/.test(word)) return `${word.slice(0, -2)}${foldForMatch(word.slice(-2, -1))}${word.slice(-1)}es`
  if (/[aeiouáéó]$/.test(word)) return `${word}s`
  return `${word}es`
}

function pluralEn(word: string): string {
  if (/[^aeiou]y$/i.test(word)) return `${word.slice(0, -1)}ies`
  if (/(?:s|x|z|ch|sh)$/i.test(word)) return `${word}es`
  return `${word}s`
}

const lastWord = (text: string): string => {
  const words = text.match(TOKEN)
  return words ? words[words.length - 1]! : ''
}

/**
 * `replacement` in the form the matched words had relative to their term: plural if they
 * were ("ilegales" for "ilegal" → "irregulares"; "illegal migrants" → "irregular migrants"
 * keeps the replacement's own words), capitalised or in capitals if they were.
 */
export function inflectLike(matched: string, term: string, replacement: string, lang: GlossaryLanguage): string {
  const m = foldForMatch(lastWord(matched))
  const t = foldForMatch(lastWord(term))
  let out = replacement
  if (m !== t && m.endsWith('s') && !t.endsWith('s')) {
    if (lang === 'es') out = out.replace(TOKEN, (word) => (ES_UNINFLECTED.has(foldForMatch(word)) ? word : pluralEs(word)))
    else {
      const last = lastWord(out)
      const at = out.lastIndexOf(last)
      out = out.slice(0, at) + pluralEn(last) + out.slice(at + last.length)
    }
  }
  const letters = matched.replace(/[^\p{L}]/gu, '')
  if (letters.length > 1 && letters === letters.toUpperCase() && letters !== letters.toLowerCase()) return out.toUpperCase()
  const first = matched.match(/\p{L}/u)?.[0]
  if (first && first !== first.toLowerCase()) out = out.replace(/\p{L}/u, (c) => c.toUpperCase())
  return out
}

// --- the bilingual check --------------------------------------------------------------------

/** A term used in one language of a paragraph pair whose agreed counterpart the other lacks. */
export interface BilingualGap {
  entryId: string
  usedIn: GlossaryLanguage
  missingIn: GlossaryLanguage
  /** The words as written, and where, in the `usedIn` text (its first use). */
  used: string
  from: number
  to: number
  /** The counterpart expected in the other text (the preferred entry's, for a deprecated term). */
  expected: string
}

/**
 * Terms used in one text of a paragraph pair (Spanish, English) whose counterpart is absent
 * from the other (GLOSS-25). Counterparts are compared by concept: an entry and the entry it
 * points to as preferred (and every other entry pointing there) are one concept, so "ilegal"
 * with "irregular" is not a gap (the deprecated term is flagged on its own). An entry with no
 * term in the other language, and its concept none either, expects nothing.
 */
export function checkBilingualPair(es: string, en: string, glossary: CompiledGlossary | readonly GlossaryTermSource[]): BilingualGap[] {
  const g = compiled(glossary)
  const concept = (id: string): string => {
    const entry = g.entries.get(id)
    return entry ? (preferredEntry(entry, g.entries)?.id ?? entry.id) : id
  }
  const found = { es: findTerms(es, g, 'es'), en: findTerms(en, g, 'en') }
  const gaps: BilingualGap[] = []
  for (const [usedIn, missingIn] of [
    ['es', 'en'],
    ['en', 'es'],
  ] as const) {
    const other = missingIn === 'es' ? es : en
    const present = new Set(found[missingIn].map((m) => concept(m.entryId)))
    // A counterpart inside a longer term counts too ("migration" in "irregular migration").
    const presentInside = (c: string): boolean => {
      const members = [...g.entries.values()].filter((e) => concept(e.id) === c)
      return findTerms(other, compileGlossary(members), missingIn).length > 0
    }
    const reported = new Set<string>()
    for (const match of found[usedIn]) {
      const c = concept(match.entryId)
      if (present.has(c) || reported.has(c)) continue
      if (presentInside(c)) {
        present.add(c)
        continue
      }
      const entry = g.entries.get(match.entryId)!
      const root = g.entries.get(c) ?? entry
      const expected = (missingIn === 'es' ? root.termEs : root.termEn) || (missingIn === 'es' ? entry.termEs : entry.termEn)
      if (!expected) continue
      reported.add(c)
      gaps.push({ entryId: match.entryId, usedIn, missingIn, used: match.text, from: match.from, to: match.to, expected })
    }
  }
  return gaps
}
