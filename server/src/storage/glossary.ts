/**
 * The workspace glossary (GLOSS-1..4): one store, part of every Storage as `storage.glossary`,
 * stored in `glossary_entries` (migration 15). Entries are written whole; a deprecated entry
 * names its preferred one by id, and deleting an entry clears the pointers to it in the same
 * write, so no entry ever points at nothing.
 */
import { foldForMatch, type GlossaryEntry } from '@consenso/protocol'

export interface GlossaryChanges {
  /** Entries stored whole: created, or replacing the one with their id. */
  put: readonly GlossaryEntry[]
  /** Ids removed (unknown ones ignored); pointers to them become null. */
  remove: readonly string[]
}

export interface GlossaryStore {
  /** Every entry, alphabetically by its Spanish term (its English one when it has none). */
  list(): Promise<GlossaryEntry[]>
  get(id: string): Promise<GlossaryEntry | null>
  /** All the changes or none (an import is one write). */
  write(changes: GlossaryChanges): Promise<void>
  /** False for an unknown id. */
  delete(id: string): Promise<boolean>
}

const sortKey = (e: GlossaryEntry): string => foldForMatch(e.termEs || e.termEn)

export const glossaryOrder = (a: GlossaryEntry, b: GlossaryEntry): number => {
  const ka = sortKey(a)
  const kb = sortKey(b)
  return ka < kb ? -1 : ka > kb ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

export class MemoryGlossaryStore implements GlossaryStore {
  readonly #rows = new Map<string, GlossaryEntry>()

  async list(): Promise<GlossaryEntry[]> {
    return [...this.#rows.values()].map((e) => ({ ...e })).sort(glossaryOrder)
  }

  async get(id: string): Promise<GlossaryEntry | null> {
    const row = this.#rows.get(id)
    return row ? { ...row } : null
  }

  async write(changes: GlossaryChanges): Promise<void> {
    for (const entry of changes.put) this.#rows.set(entry.id, { ...entry })
    for (const id of changes.remove) this.#remove(id)
  }

  async delete(id: string): Promise<boolean> {
    if (!this.#rows.has(id)) return false
    this.#remove(id)
    return true
  }

  #remove(id: string): void {
    this.#rows.delete(id)
    for (const [key, row] of this.#rows) if (row.preferredId === id) this.#rows.set(key, { ...row, preferredId: null })
  }
}
