/**
 * Good practices on SQLite and Postgres (migration 14), through one SqlRunner. Attachments are
 * kept in the database itself, as base64 text (the same column type on both engines, and
 * within the size limit PRACT-6 sets), so a backup of the database holds them.
 */
import type { Practice, PracticeAttachmentInfo, PracticeBallot, PracticeRound, PracticeStatus, PracticeTheme } from '@consenso/protocol'
import { DEFAULT_THEMES, byCreatedThenId, byPositionThenId, roundsNewestFirst, type PracticePatch, type PracticeStore, type RoundPatch, type ThemePatch } from './practices.ts'
import { type SqlParam, SqlStore } from './sql-runner.ts'

const quote = (s: string): string => `'${s.replace(/'/g, "''")}'`

/** Migration 14's statements; the same on both databases. */
export const PRACTICES_MIGRATION_SQL = `
  -- Good practices (PRACT-*): the themes the secretariats keep, seeded with the Global
  -- Compact's thematic sessions; archived is 0 or 1.
  CREATE TABLE practice_themes (
    id TEXT PRIMARY KEY,
    name_es TEXT NOT NULL,
    name_en TEXT NOT NULL,
    position INTEGER NOT NULL,
    archived INTEGER NOT NULL DEFAULT 0
  );
  ${DEFAULT_THEMES.map((t) => `INSERT INTO practice_themes (id, name_es, name_en, position, archived) VALUES (${quote(t.id)}, ${quote(t.nameEs)}, ${quote(t.nameEn)}, ${t.position}, 0);`).join('\n  ')}
  -- links is a JSON array of strings.
  CREATE TABLE practices (
    id TEXT PRIMARY KEY,
    delegation TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'changes_requested', 'accepted')),
    title TEXT NOT NULL,
    country TEXT NOT NULL,
    theme_id TEXT NOT NULL REFERENCES practice_themes (id),
    description TEXT NOT NULL,
    why TEXT NOT NULL,
    how TEXT NOT NULL,
    contact TEXT NOT NULL,
    links TEXT NOT NULL,
    review_comment TEXT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    submitted_at TEXT NULL,
    reviewed_by TEXT NULL,
    reviewed_at TEXT NULL
  );
  CREATE TABLE practice_attachments (
    id TEXT PRIMARY KEY,
    practice_id TEXT NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    size INTEGER NOT NULL,
    data TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL
  );
  CREATE INDEX practice_attachments_by_practice ON practice_attachments (practice_id);
  -- practice_ids and voters are JSON arrays.
  CREATE TABLE practice_rounds (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    practice_ids TEXT NOT NULL,
    voters TEXT NOT NULL,
    priorities INTEGER NOT NULL,
    deadline TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    closed_at TEXT NULL,
    document_id TEXT NULL
  );
  -- One ballot per delegation and round, decided by the key (PRACT-12); ranking is a JSON array.
  CREATE TABLE practice_ballots (
    round_id TEXT NOT NULL REFERENCES practice_rounds (id) ON DELETE CASCADE,
    delegation TEXT NOT NULL,
    ranking TEXT NOT NULL,
    cast_by TEXT NOT NULL,
    cast_at TEXT NOT NULL,
    PRIMARY KEY (round_id, delegation)
  );
`

interface ThemeRow {
  id: string
  name_es: string
  name_en: string
  position: number | string
  archived: number | string
}
interface PracticeRow {
  id: string
  delegation: string
  status: PracticeStatus
  title: string
  country: string
  theme_id: string
  description: string
  why: string
  how: string
  contact: string
  links: string
  review_comment: string | null
  created_by: string
  created_at: string
  updated_at: string
  submitted_at: string | null
  reviewed_by: string | null
  reviewed_at: string | null
}
interface AttachmentRow {
  id: string
  practice_id: string
  name: string
  type: string
  size: number | string
  created_at: string
  created_by: string
  data?: string
}
interface RoundRow {
  id: string
  title: string
  practice_ids: string
  voters: string
  priorities: number | string
  deadline: string
  created_by: string
  created_at: string
  closed_at: string | null
  document_id: string | null
}
interface BallotRow {
  round_id: string
  delegation: string
  ranking: string
  cast_by: string
  cast_at: string
}

const toTheme = (r: ThemeRow): PracticeTheme => ({ id: r.id, nameEs: r.name_es, nameEn: r.name_en, position: Number(r.position), archived: Number(r.archived) === 1 })
const toPractice = (r: PracticeRow): Practice => ({
  id: r.id,
  delegation: r.delegation,
  status: r.status,
  title: r.title,
  country: r.country,
  themeId: r.theme_id,
  description: r.description,
  why: r.why,
  how: r.how,
  contact: r.contact,
  links: JSON.parse(r.links) as string[],
  reviewComment: r.review_comment,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  submittedAt: r.submitted_at,
  reviewedBy: r.reviewed_by,
  reviewedAt: r.reviewed_at,
})
const toAttachment = (r: AttachmentRow): PracticeAttachmentInfo => ({
  id: r.id,
  practiceId: r.practice_id,
  name: r.name,
  type: r.type,
  size: Number(r.size),
  createdAt: r.created_at,
  createdBy: r.created_by,
})
const toRound = (r: RoundRow): PracticeRound => ({
  id: r.id,
  title: r.title,
  practiceIds: JSON.parse(r.practice_ids) as string[],
  voters: JSON.parse(r.voters) as string[],
  priorities: Number(r.priorities),
  deadline: r.deadline,
  createdBy: r.created_by,
  createdAt: r.created_at,
  closedAt: r.closed_at,
  documentId: r.document_id,
})
const toBallot = (r: BallotRow): PracticeBallot => ({ roundId: r.round_id, delegation: r.delegation, ranking: JSON.parse(r.ranking) as string[], castBy: r.cast_by, castAt: r.cast_at })

/** Practice fields → columns, for the changes a patch may make. */
const PRACTICE_COLUMNS: Record<keyof PracticePatch, string> = {
  status: 'status',
  title: 'title',
  country: 'country',
  themeId: 'theme_id',
  description: 'description',
  why: 'why',
  how: 'how',
  contact: 'contact',
  links: 'links',
  reviewComment: 'review_comment',
  updatedAt: 'updated_at',
  submittedAt: 'submitted_at',
  reviewedBy: 'reviewed_by',
  reviewedAt: 'reviewed_at',
}
const THEME_COLUMNS: Record<keyof ThemePatch, string> = { nameEs: 'name_es', nameEn: 'name_en', position: 'position', archived: 'archived' }
const ROUND_COLUMNS: Record<keyof RoundPatch, string> = { closedAt: 'closed_at', documentId: 'document_id' }

const toParam = (value: unknown): SqlParam => {
  if (typeof value === 'boolean') return value ? 1 : 0
  if (Array.isArray(value)) return JSON.stringify(value)
  return value as SqlParam
}

/** `col = ?, …` and its values for the defined fields of a patch. */
function setClause<P extends object>(patch: P, columns: Record<keyof P, string>): [string, SqlParam[]] {
  const sets: string[] = []
  const params: SqlParam[] = []
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue
    const column = columns[key as keyof P]
    if (!column) throw new Error(`unknown field ${key}`)
    sets.push(`${column} = ?`)
    params.push(toParam(value))
  }
  return [sets.join(', '), params]
}

const PRACTICE_SELECT = 'SELECT id, delegation, status, title, country, theme_id, description, why, how, contact, links, review_comment, created_by, created_at, updated_at, submitted_at, reviewed_by, reviewed_at FROM practices'
const ATTACHMENT_SELECT = 'SELECT id, practice_id, name, type, size, created_at, created_by FROM practice_attachments'
const ROUND_SELECT = 'SELECT id, title, practice_ids, voters, priorities, deadline, created_by, created_at, closed_at, document_id FROM practice_rounds'

export class SqlPracticeStore extends SqlStore implements PracticeStore {
  listThemes(): Promise<PracticeTheme[]> {
    return this.listSorted('SELECT id, name_es, name_en, position, archived FROM practice_themes', toTheme, byPositionThenId)
  }

  async createTheme(t: PracticeTheme): Promise<void> {
    await this.sql.run('INSERT INTO practice_themes (id, name_es, name_en, position, archived) VALUES (?, ?, ?, ?, ?)', [t.id, t.nameEs, t.nameEn, t.position, t.archived ? 1 : 0])
  }

  async updateTheme(id: string, patch: ThemePatch): Promise<PracticeTheme | undefined> {
    const [sets, params] = setClause(patch, THEME_COLUMNS)
    if (sets) await this.sql.run(`UPDATE practice_themes SET ${sets} WHERE id = ?`, [...params, id])
    const rows = await this.sql.all<ThemeRow>('SELECT id, name_es, name_en, position, archived FROM practice_themes WHERE id = ?', [id])
    return rows[0] && toTheme(rows[0])
  }

  listPractices(): Promise<Practice[]> {
    return this.listSorted(PRACTICE_SELECT, toPractice, byCreatedThenId)
  }

  getPractice(id: string): Promise<Practice | undefined> {
    return this.getById(PRACTICE_SELECT, id, toPractice)
  }

  async createPractice(p: Practice): Promise<void> {
    await this.sql.run(
      'INSERT INTO practices (id, delegation, status, title, country, theme_id, description, why, how, contact, links, review_comment, created_by, created_at, updated_at, submitted_at, reviewed_by, reviewed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [p.id, p.delegation, p.status, p.title, p.country, p.themeId, p.description, p.why, p.how, p.contact, JSON.stringify(p.links), p.reviewComment, p.createdBy, p.createdAt, p.updatedAt, p.submittedAt, p.reviewedBy, p.reviewedAt],
    )
  }

  async updatePractice(id: string, patch: PracticePatch, onlyFrom?: readonly PracticeStatus[]): Promise<Practice | undefined> {
    const [sets, params] = setClause(patch, PRACTICE_COLUMNS)
    if (sets) {
      const guard = onlyFrom ? ` AND status IN (${onlyFrom.map(() => '?').join(', ') || "''"})` : ''
      const changed = await this.sql.run(`UPDATE practices SET ${sets} WHERE id = ?${guard}`, [...params, id, ...(onlyFrom ?? [])])
      if (changed === 0) return undefined
      return this.getPractice(id)
    }
    const current = await this.getPractice(id)
    return current && (!onlyFrom || onlyFrom.includes(current.status)) ? current : undefined
  }

  async deletePractice(id: string): Promise<boolean> {
    const before = await this.getPractice(id)
    await this.sql.batch([
      ['DELETE FROM practice_attachments WHERE practice_id = ?', [id]],
      ['DELETE FROM practices WHERE id = ?', [id]],
    ])
    return before !== undefined
  }

  async listAttachments(practiceId?: string): Promise<PracticeAttachmentInfo[]> {
    const rows = practiceId === undefined ? await this.sql.all<AttachmentRow>(ATTACHMENT_SELECT) : await this.sql.all<AttachmentRow>(`${ATTACHMENT_SELECT} WHERE practice_id = ?`, [practiceId])
    return rows.map(toAttachment).sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1))
  }

  async addAttachment(info: PracticeAttachmentInfo, data: Uint8Array, max: number): Promise<boolean> {
    if (!(await this.getPractice(info.practiceId))) throw new Error(`no practice ${info.practiceId}`)
    // The count and the insert in one statement: two uploads at once cannot both pass the limit.
    const changed = await this.sql.run(
      'INSERT INTO practice_attachments (id, practice_id, name, type, size, data, created_at, created_by) SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE (SELECT COUNT(*) FROM practice_attachments WHERE practice_id = ?) < ?',
      [info.id, info.practiceId, info.name, info.type, info.size, Buffer.from(data).toString('base64'), info.createdAt, info.createdBy, info.practiceId, max],
    )
    return changed > 0
  }

  async getAttachment(id: string): Promise<{ info: PracticeAttachmentInfo; data: Uint8Array } | undefined> {
    const rows = await this.sql.all<AttachmentRow>('SELECT id, practice_id, name, type, size, created_at, created_by, data FROM practice_attachments WHERE id = ?', [id])
    const row = rows[0]
    return row && { info: toAttachment(row), data: new Uint8Array(Buffer.from(row.data ?? '', 'base64')) }
  }

  async deleteAttachment(id: string): Promise<boolean> {
    return (await this.sql.run('DELETE FROM practice_attachments WHERE id = ?', [id])) > 0
  }

  listRounds(): Promise<PracticeRound[]> {
    return this.listSorted(ROUND_SELECT, toRound, roundsNewestFirst)
  }

  getRound(id: string): Promise<PracticeRound | undefined> {
    return this.getById(ROUND_SELECT, id, toRound)
  }

  async createRound(r: PracticeRound): Promise<void> {
    await this.sql.run(
      'INSERT INTO practice_rounds (id, title, practice_ids, voters, priorities, deadline, created_by, created_at, closed_at, document_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [r.id, r.title, JSON.stringify(r.practiceIds), JSON.stringify(r.voters), r.priorities, r.deadline, r.createdBy, r.createdAt, r.closedAt, r.documentId],
    )
  }

  async updateRound(id: string, patch: RoundPatch): Promise<PracticeRound | undefined> {
    const [sets, params] = setClause(patch, ROUND_COLUMNS)
    if (sets) await this.sql.run(`UPDATE practice_rounds SET ${sets} WHERE id = ?`, [...params, id])
    return this.getRound(id)
  }

  async castBallot(b: PracticeBallot): Promise<boolean> {
    const changed = await this.sql.run(
      'INSERT INTO practice_ballots (round_id, delegation, ranking, cast_by, cast_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (round_id, delegation) DO NOTHING',
      [b.roundId, b.delegation, JSON.stringify(b.ranking), b.castBy, b.castAt],
    )
    return changed > 0
  }

  async listBallots(roundId: string): Promise<PracticeBallot[]> {
    const rows = await this.sql.all<BallotRow>('SELECT round_id, delegation, ranking, cast_by, cast_at FROM practice_ballots WHERE round_id = ?', [roundId])
    return rows.map(toBallot).sort((a, b) => (a.delegation < b.delegation ? -1 : a.delegation > b.delegation ? 1 : 0))
  }
}
