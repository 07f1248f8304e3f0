/** The focal-point directory on SQLite and Postgres (migration 18), through one SqlRunner. */
import type { FocalPoint, FocalRole } from '@consenso/protocol'
import { focalPointOrder, type FocalPointStore } from './focal-points.ts'
import { SqlStore } from './sql-runner.ts'

interface FocalPointRow {
  id: string
  delegation: string
  process: string
  role: string
  given_name: string
  family_name: string
  title: string
  institution: string
  email: string
  phones: string
  languages: string
  since: string
  until: string | null
  notes: string
  user_id: string | null
  updated_by: string
  updated_at: string
}

/** Migration 18's statements; the same on both databases. */
export const FOCAL_POINTS_MIGRATION_SQL = `
  -- The focal-point directory (FOCAL-*): a delegation's contact for a process. phones and
  -- languages are JSON arrays of strings; since and until are calendar days (YYYY-MM-DD).
  -- delegation is not a foreign key, like every other table naming one.
  CREATE TABLE focal_points (
    id TEXT PRIMARY KEY,
    delegation TEXT NOT NULL,
    process TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('focal', 'alternate')),
    given_name TEXT NOT NULL,
    family_name TEXT NOT NULL,
    title TEXT NOT NULL,
    institution TEXT NOT NULL,
    email TEXT NOT NULL,
    phones TEXT NOT NULL,
    languages TEXT NOT NULL,
    since TEXT NOT NULL,
    until TEXT NULL,
    notes TEXT NOT NULL,
    user_id TEXT NULL,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
`

const COLUMNS =
  'id, delegation, process, role, given_name, family_name, title, institution, email, phones, languages, since, until, notes, user_id, updated_by, updated_at'

const toEntry = (row: FocalPointRow): FocalPoint => ({
  id: row.id,
  delegation: row.delegation,
  process: row.process,
  role: row.role as FocalRole,
  givenName: row.given_name,
  familyName: row.family_name,
  title: row.title,
  institution: row.institution,
  email: row.email,
  phones: JSON.parse(row.phones) as string[],
  languages: JSON.parse(row.languages) as string[],
  since: row.since,
  until: row.until,
  notes: row.notes,
  userId: row.user_id,
  updatedBy: row.updated_by,
  updatedAt: row.updated_at,
})

const UPSERT = `INSERT INTO focal_points (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (id) DO UPDATE SET delegation = excluded.delegation, process = excluded.process, role = excluded.role,
  given_name = excluded.given_name, family_name = excluded.family_name, title = excluded.title, institution = excluded.institution,
  email = excluded.email, phones = excluded.phones, languages = excluded.languages, since = excluded.since, until = excluded.until,
  notes = excluded.notes, user_id = excluded.user_id, updated_by = excluded.updated_by, updated_at = excluded.updated_at`

export class SqlFocalPointStore extends SqlStore implements FocalPointStore {
  list(): Promise<FocalPoint[]> {
    return this.listSorted(`SELECT ${COLUMNS} FROM focal_points`, toEntry, focalPointOrder)
  }

  async get(id: string): Promise<FocalPoint | null> {
    return (await this.getById(`SELECT ${COLUMNS} FROM focal_points`, id, toEntry)) ?? null
  }

  async put(e: FocalPoint): Promise<void> {
    await this.sql.run(UPSERT, [
      e.id, e.delegation, e.process, e.role, e.givenName, e.familyName, e.title, e.institution, e.email,
      JSON.stringify(e.phones), JSON.stringify(e.languages), e.since, e.until, e.notes, e.userId, e.updatedBy, e.updatedAt,
    ])
  }

  async delete(id: string): Promise<boolean> {
    return (await this.sql.run('DELETE FROM focal_points WHERE id = ?', [id])) > 0
  }
}
