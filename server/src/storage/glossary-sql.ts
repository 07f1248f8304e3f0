/** The workspace glossary on SQLite and Postgres (migration 15), through one SqlRunner. */
import type { GlossaryEntry, GlossaryStatus } from '@consenso/protocol'
import { glossaryOrder, type GlossaryChanges, type GlossaryStore } from './glossary.ts'
import { SqlStore, type SqlParam } from './sql-runner.ts'

interface GlossaryRow {
  id: string
  term_es: string
  term_en: string
  definition_es: string
  definition_en: string
  source: string
  notes: string
  status: string
  preferred_id: string | null
  created_by: string
  created_at: string
  updated_by: string
  updated_at: string
}

/** Migration 15's statements; the same on both databases. */
export const GLOSSARY_MIGRATION_SQL = `
  -- The workspace glossary (GLOSS-*): a concept's term in Spanish and English, with status.
  -- preferred_id is not a foreign key: the store clears it in the write that deletes its target.
  CREATE TABLE glossary_entries (
    id TEXT PRIMARY KEY,
    term_es TEXT NOT NULL,
    term_en TEXT NOT NULL,
    definition_es TEXT NOT NULL,
    definition_en TEXT NOT NULL,
    source TEXT NOT NULL,
    notes TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('preferred', 'admitted', 'deprecated')),
    preferred_id TEXT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
`

const COLUMNS = 'id, term_es, term_en, definition_es, definition_en, source, notes, status, preferred_id, created_by, created_at, updated_by, updated_at'

const toEntry = (row: GlossaryRow): GlossaryEntry => ({
  id: row.id,
  termEs: row.term_es,
  termEn: row.term_en,
  definitionEs: row.definition_es,
  definitionEn: row.definition_en,
  source: row.source,
  notes: row.notes,
  status: row.status as GlossaryStatus,
  preferredId: row.preferred_id,
  createdBy: row.created_by,
  createdAt: row.created_at,
  updatedBy: row.updated_by,
  updatedAt: row.updated_at,
})

const UPSERT = `INSERT INTO glossary_entries (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (id) DO UPDATE SET term_es = excluded.term_es, term_en = excluded.term_en, definition_es = excluded.definition_es,
  definition_en = excluded.definition_en, source = excluded.source, notes = excluded.notes, status = excluded.status,
  preferred_id = excluded.preferred_id, created_by = excluded.created_by, created_at = excluded.created_at,
  updated_by = excluded.updated_by, updated_at = excluded.updated_at`

const upsert = (e: GlossaryEntry): readonly [string, readonly SqlParam[]] => [
  UPSERT,
  [e.id, e.termEs, e.termEn, e.definitionEs, e.definitionEn, e.source, e.notes, e.status, e.preferredId, e.createdBy, e.createdAt, e.updatedBy, e.updatedAt],
]

const removal = (id: string): (readonly [string, readonly SqlParam[]])[] => [
  ['DELETE FROM glossary_entries WHERE id = ?', [id]],
  ['UPDATE glossary_entries SET preferred_id = NULL WHERE preferred_id = ?', [id]],
]

export class SqlGlossaryStore extends SqlStore implements GlossaryStore {
  list(): Promise<GlossaryEntry[]> {
    return this.listSorted(`SELECT ${COLUMNS} FROM glossary_entries`, toEntry, glossaryOrder)
  }

  async get(id: string): Promise<GlossaryEntry | null> {
    return (await this.getById(`SELECT ${COLUMNS} FROM glossary_entries`, id, toEntry)) ?? null
  }

  async write(changes: GlossaryChanges): Promise<void> {
    const statements = [...changes.put.map(upsert), ...changes.remove.flatMap(removal)]
    if (statements.length > 0) await this.sql.batch(statements)
  }

  async delete(id: string): Promise<boolean> {
    if (!(await this.get(id))) return false
    await this.sql.batch(removal(id))
    return true
  }
}
