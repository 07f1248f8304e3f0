/**
 * The file repository on SQLite and Postgres (migration 17), through one SqlRunner. The bytes
 * are in the database (a BLOB in SQLite, bytea in Postgres): every instance sees the same
 * files and a backup of the database holds them. Metadata reads never select the bytes.
 */
import type { FileLanguage, FileVersion, FileVisibility, RepositoryFile } from '@consenso/protocol'
import { newestFirst, type FilePatch, type FileStore, type NewFileVersion } from './files.ts'
import type { SqlParam, SqlRunner } from './sql-runner.ts'

/** Migration 17's statements; `bytes` is the engine's type for raw bytes. */
export const filesMigrationSql = (bytes: 'BLOB' | 'bytea'): string => `
  -- The file repository (FILES-*): tags and visibility are JSON ({"kind":"all"} or
  -- {"kind":"delegations","delegations":[...]}); meeting_id names a register meeting.
  CREATE TABLE files (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    tags TEXT NOT NULL,
    language TEXT NOT NULL CHECK (language IN ('es', 'en', 'other')),
    meeting_id TEXT NULL,
    visibility TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  -- One row per version; the key numbers them (two uploads at once cannot take one number).
  -- text is what extraction found for search, NULL until it ran.
  CREATE TABLE file_versions (
    file_id TEXT NOT NULL REFERENCES files (id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    uploaded_by TEXT NOT NULL,
    uploaded_at TEXT NOT NULL,
    text TEXT NULL,
    data ${bytes} NOT NULL,
    PRIMARY KEY (file_id, number)
  );
`

interface FileRow {
  id: string
  title: string
  description: string
  tags: string
  language: FileLanguage
  meeting_id: string | null
  visibility: string
  created_by: string
  created_at: string
  updated_at: string
}
interface VersionRow {
  file_id: string
  number: number | string
  name: string
  type: string
  size: number | string
  sha256: string
  uploaded_by: string
  uploaded_at: string
  data?: Buffer
}

const toVersion = (r: VersionRow): FileVersion => ({
  number: Number(r.number),
  name: r.name,
  type: r.type,
  size: Number(r.size),
  sha256: r.sha256,
  uploadedBy: r.uploaded_by,
  uploadedAt: r.uploaded_at,
})
const toFile = (r: FileRow, versions: FileVersion[]): RepositoryFile => ({
  id: r.id,
  title: r.title,
  description: r.description,
  tags: JSON.parse(r.tags) as string[],
  language: r.language,
  meetingId: r.meeting_id,
  visibility: JSON.parse(r.visibility) as FileVisibility,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  versions,
})

const COLUMNS: Record<keyof FilePatch, string> = {
  title: 'title',
  description: 'description',
  tags: 'tags',
  language: 'language',
  meetingId: 'meeting_id',
  visibility: 'visibility',
  updatedAt: 'updated_at',
}

const FILE_SELECT = 'SELECT id, title, description, tags, language, meeting_id, visibility, created_by, created_at, updated_at FROM files'
const VERSION_SELECT = 'SELECT file_id, number, name, type, size, sha256, uploaded_by, uploaded_at FROM file_versions'
const INSERT_VERSION = 'INSERT INTO file_versions (file_id, number, name, type, size, sha256, uploaded_by, uploaded_at, text, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)'

const versionParams = (id: string, number: number, v: NewFileVersion, data: Uint8Array): SqlParam[] => [
  id,
  number,
  v.name,
  v.type,
  v.size,
  v.sha256,
  v.uploadedBy,
  v.uploadedAt,
  Buffer.from(data.buffer, data.byteOffset, data.byteLength),
]

export class SqlFileStore implements FileStore {
  readonly #sql: SqlRunner
  constructor(sql: SqlRunner) {
    this.#sql = sql
  }

  async #withVersions(rows: FileRow[], where: string, params: SqlParam[]): Promise<RepositoryFile[]> {
    const versions = new Map<string, FileVersion[]>()
    for (const v of await this.#sql.all<VersionRow>(`${VERSION_SELECT}${where} ORDER BY number`, params)) {
      versions.set(v.file_id, [...(versions.get(v.file_id) ?? []), toVersion(v)])
    }
    return rows.map((r) => toFile(r, versions.get(r.id) ?? []))
  }

  async list(): Promise<RepositoryFile[]> {
    const rows = await this.#sql.all<FileRow>(FILE_SELECT)
    return (await this.#withVersions(rows, '', [])).sort(newestFirst)
  }

  async get(id: string): Promise<RepositoryFile | undefined> {
    const rows = await this.#sql.all<FileRow>(`${FILE_SELECT} WHERE id = ?`, [id])
    if (rows.length === 0) return undefined
    return (await this.#withVersions(rows, ' WHERE file_id = ?', [id]))[0]
  }

  async create(f: Omit<RepositoryFile, 'versions'>, version: NewFileVersion, data: Uint8Array): Promise<RepositoryFile> {
    await this.#sql.batch([
      [
        'INSERT INTO files (id, title, description, tags, language, meeting_id, visibility, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [f.id, f.title, f.description, JSON.stringify(f.tags), f.language, f.meetingId, JSON.stringify(f.visibility), f.createdBy, f.createdAt, f.updatedAt],
      ],
      [INSERT_VERSION, versionParams(f.id, 1, version, data)],
    ])
    return (await this.get(f.id))!
  }

  async addVersion(id: string, version: NewFileVersion, data: Uint8Array): Promise<FileVersion | undefined> {
    // The number is the database's (one above the last); two uploads racing for it meet at the
    // key, and the loser takes the next one.
    for (let attempt = 0; ; attempt++) {
      const last = await this.#sql.all<{ n: number | string | null }>('SELECT MAX(number) AS n FROM file_versions WHERE file_id = ?', [id])
      const n = last[0]?.n
      if (n === null || n === undefined) return undefined
      const number = Number(n) + 1
      try {
        await this.#sql.run(INSERT_VERSION, versionParams(id, number, version, data))
        return { ...version, number }
      } catch (error) {
        if (attempt >= 5) throw error
      }
    }
  }

  async update(id: string, patch: FilePatch): Promise<RepositoryFile | undefined> {
    const sets: string[] = []
    const params: SqlParam[] = []
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) continue
      sets.push(`${COLUMNS[key as keyof FilePatch]} = ?`)
      params.push(key === 'tags' || key === 'visibility' ? JSON.stringify(value) : (value as SqlParam))
    }
    if (sets.length > 0) await this.#sql.run(`UPDATE files SET ${sets.join(', ')} WHERE id = ?`, [...params, id])
    return this.get(id)
  }

  async delete(id: string): Promise<boolean> {
    const before = await this.#sql.all<{ id: string }>('SELECT id FROM files WHERE id = ?', [id])
    await this.#sql.batch([
      ['DELETE FROM file_versions WHERE file_id = ?', [id]],
      ['DELETE FROM files WHERE id = ?', [id]],
    ])
    return before.length > 0
  }

  async data(id: string, number: number): Promise<{ version: FileVersion; data: Uint8Array } | undefined> {
    const rows = await this.#sql.all<VersionRow>(
      'SELECT file_id, number, name, type, size, sha256, uploaded_by, uploaded_at, data FROM file_versions WHERE file_id = ? AND number = ?',
      [id, number],
    )
    const row = rows[0]
    return row && { version: toVersion(row), data: new Uint8Array(row.data ?? Buffer.alloc(0)) }
  }

  async setText(id: string, number: number, text: string): Promise<void> {
    await this.#sql.run('UPDATE file_versions SET text = ? WHERE file_id = ? AND number = ?', [text, id, number])
  }

  async text(id: string, number: number): Promise<string | null> {
    const rows = await this.#sql.all<{ text: string | null }>('SELECT text FROM file_versions WHERE file_id = ? AND number = ?', [id, number])
    return rows[0]?.text ?? null
  }
}
