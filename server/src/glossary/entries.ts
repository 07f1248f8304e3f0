/**
 * What makes a glossary entry acceptable (GLOSS-10..12), for the routes and the imports alike:
 * terms with their spaces collapsed, at least one term, and a preferred entry that exists,
 * is not the entry itself and is not reached again by following the chain (no cycles).
 */
import {
  GLOSSARY_SOURCE_MAX_LENGTH,
  GLOSSARY_STATUSES,
  GLOSSARY_TERM_MAX_LENGTH,
  GLOSSARY_TEXT_MAX_LENGTH,
  type GlossaryEntry,
  type GlossaryEntryInput,
} from '@consenso/protocol'

/** The fields a person writes, tidied: terms on one line with single spaces, texts trimmed. */
export function tidyEntry(input: GlossaryEntryInput): GlossaryEntryInput {
  const term = (s: string): string => s.replace(/\s+/gu, ' ').trim()
  // One kind of line break: XML reads CR LF back as LF, and a round trip must give back what it took.
  const text = (s: string): string => s.replace(/\r\n?/g, '\n').trim()
  return {
    termEs: term(input.termEs),
    termEn: term(input.termEn),
    definitionEs: text(input.definitionEs),
    definitionEn: text(input.definitionEn),
    source: term(input.source),
    notes: text(input.notes),
    status: input.status,
    preferredId: input.preferredId || null,
  }
}

/** Why the entry (already tidied) cannot be kept, or null. Shapes are checked for imports, where no schema ran. */
export function entryProblem(input: GlossaryEntryInput): string | null {
  if (!input.termEs && !input.termEn) return 'an entry needs its term in Spanish, in English or in both.'
  if (input.termEs.length > GLOSSARY_TERM_MAX_LENGTH || input.termEn.length > GLOSSARY_TERM_MAX_LENGTH) return `a term has at most ${GLOSSARY_TERM_MAX_LENGTH} characters.`
  if (input.definitionEs.length > GLOSSARY_TEXT_MAX_LENGTH || input.definitionEn.length > GLOSSARY_TEXT_MAX_LENGTH || input.notes.length > GLOSSARY_TEXT_MAX_LENGTH)
    return `a definition or note has at most ${GLOSSARY_TEXT_MAX_LENGTH} characters.`
  if (input.source.length > GLOSSARY_SOURCE_MAX_LENGTH) return `a source has at most ${GLOSSARY_SOURCE_MAX_LENGTH} characters.`
  if (!(GLOSSARY_STATUSES as readonly string[]).includes(input.status)) return `status must be one of ${GLOSSARY_STATUSES.join(', ')}.`
  if (input.preferredId && input.status === 'preferred') return 'a preferred term points to no other entry.'
  return null
}

/**
 * Why the entries, taken together, cannot stand: a preferredId naming an entry that is not
 * among them, the entry itself, or a chain that comes back to where it started.
 */
export function pointerProblem(entries: readonly Pick<GlossaryEntry, 'id' | 'preferredId' | 'termEs' | 'termEn'>[]): string | null {
  const byId = new Map(entries.map((e) => [e.id, e]))
  for (const entry of entries) {
    if (!entry.preferredId) continue
    const name = entry.termEs || entry.termEn
    if (entry.preferredId === entry.id) return `"${name}" cannot point to itself as its preferred term.`
    if (!byId.has(entry.preferredId)) return `"${name}" points to a preferred entry (${entry.preferredId}) that does not exist.`
    const seen = new Set([entry.id])
    let next = byId.get(entry.preferredId)
    while (next?.preferredId) {
      if (seen.has(next.id)) return `"${name}": its preferred terms point back in a circle.`
      seen.add(next.id)
      next = byId.get(next.preferredId)
    }
  }
  return null
}

export const sameContent = (a: GlossaryEntryInput, b: GlossaryEntryInput): boolean =>
  a.termEs === b.termEs &&
  a.termEn === b.termEn &&
  a.definitionEs === b.definitionEs &&
  a.definitionEn === b.definitionEn &&
  a.source === b.source &&
  a.notes === b.notes &&
  a.status === b.status &&
  (a.preferredId ?? null) === (b.preferredId ?? null)

export const contentOf = (e: GlossaryEntry): GlossaryEntryInput => ({
  termEs: e.termEs,
  termEn: e.termEn,
  definitionEs: e.definitionEs,
  definitionEn: e.definitionEn,
  source: e.source,
  notes: e.notes,
  status: e.status,
  preferredId: e.preferredId,
})
