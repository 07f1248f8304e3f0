/** SQLite's frozen versions (VersionStore): table `document_versions`, which refuses UPDATEs. */
import type Database from 'better-sqlite3'
import type { VersionStore } from '../versions.ts'
import type { VersionContent, VersionRecord } from '../storage.ts'
import { toVersion, VERSION_COLUMNS, versionParams, type VersionRow } from '../version-rows.ts'

export class SqliteVersions implements VersionStore {
  readonly #open: () => void
  readonly #stmt

  constructor(db: Database.Database, open: () => void) {
    this.#open = open
    this.#stmt = {
      insertVersion: db.prepare(
        `INSERT INTO document_versions (${VERSION_COLUMNS}, body, meta) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      listVersions: db.prepare<[string], VersionRow>(
        `SELECT ${VERSION_COLUMNS} FROM document_versions WHERE document_id = ? ORDER BY created_at DESC, id DESC`,
      ),
      getVersion: db.prepare<[string, string], VersionRow>(`SELECT ${VERSION_COLUMNS} FROM document_versions WHERE document_id = ? AND id = ?`),
      loadVersion: db.prepare<[string, string], { body: Buffer; meta: Buffer }>(
        'SELECT body, meta FROM document_versions WHERE document_id = ? AND id = ?',
      ),
    }
  }

  async createVersion(version: VersionRecord, content: VersionContent): Promise<void> {
    this.#open()
    this.#stmt.insertVersion.run(...versionParams(version), Buffer.from(content.body), Buffer.from(content.meta))
  }

  async listVersions(documentId: string): Promise<VersionRecord[]> {
    this.#open()
    return this.#stmt.listVersions.all(documentId).map(toVersion)
  }

  async getVersion(documentId: string, versionId: string): Promise<VersionRecord | undefined> {
    this.#open()
    const row = this.#stmt.getVersion.get(documentId, versionId)
    return row && toVersion(row)
  }

  async loadVersion(documentId: string, versionId: string): Promise<VersionContent | undefined> {
    this.#open()
    const row = this.#stmt.loadVersion.get(documentId, versionId)
    return row && { body: new Uint8Array(row.body), meta: new Uint8Array(row.meta) }
  }
}
