/**
 * The workspace glossary as search entries (SEARCH-5): one entry per term, definition and note
 * of each glossary entry, so a hit on any of them names what matched; all under the source
 * `glossary`, kind `term`, readable by everyone signed in (`all`), each opening the glossary at
 * its entry (target = the entry's id).
 */
import type { GlossaryEntry } from '@consenso/protocol'
import type { SearchEntry } from '../storage/search.ts'

export const GLOSSARY_SOURCE = 'glossary'

/** The entry's name as the glossary shows it: both terms, Spanish first. */
const nameOf = (e: GlossaryEntry): string => [e.termEs, e.termEn].filter(Boolean).join(' / ')

export function glossaryEntries(entries: readonly GlossaryEntry[]): SearchEntry[] {
  const list: SearchEntry[] = []
  for (const e of entries) {
    const title = nameOf(e)
    const add = (label: string | null, text: string): void => {
      if (text.trim()) list.push({ kind: 'term', access: 'all', target: e.id, ref: null, label, title, text })
    }
    // The terms together: a query naming the Spanish and the English term finds the entry once.
    add(null, title)
    add('ES', e.definitionEs)
    add('EN', e.definitionEn)
    add(null, e.notes)
  }
  return list
}
