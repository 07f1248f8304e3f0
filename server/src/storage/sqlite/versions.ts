/** SQLite's frozen versions (VersionStore): table `document_versions`, which refuses UPDATEs. */
import type { VersionStore } from '../versions.ts'
import type { VersionContent, VersionRecord } from '../storage.ts'
import { toVersion, VERSION_COLUMNS, versionParams, type VersionRow } from '../version-rows.ts'
import { SqliteStore } from './store.ts'

export class SqliteVersions extends SqliteStore implements VersionStore {
  readonly #stmt = {
    insertVersion: this.db.prepare(
      `INSERT INTO document_versions (${VERSION_COLUMNS}, body, meta) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    listVersions: this.db.prepare<[string], VersionRow>(
      `SELECT ${VERSION_COLUMNS} FROM document_versions WHERE document_id = ? ORDER BY created_at DESC, id DESC`,
    ),
    getVersion: this.db.prepare<[string, string], VersionRow>(`SELECT ${VERSION_COLUMNS} FROM document_versions WHERE document_id = ? AND id = ?`),
    loadVersion: this.db.prepare<[string, string], { body: Buffer; meta: Buffer }>(
      'SELECT body, meta FROM document_versions WHERE document_id = ? AND id = ?',
    ),
  }

  async createVersion(version: VersionRecord, content: VersionContent): Promise<void> {
    this.open()
    this.#stmt.insertVersion.run(...versionParams(version), Buffer.from(content.body), Buffer.from(content.meta))
  }

  async listVersions(documentId: string): Promise<VersionRecord[]> {
    this.open()
    return this.#stmt.listVersions.all(documentId).map(toVersion)
  }

  async getVersion(documentId: string, versionId: string): Promise<VersionRecord | undefined> {
    this.open()
    const row = this.#stmt.getVersion.get(documentId, versionId)
    return row && toVersion(row)
  }

  async loadVersion(documentId: string, versionId: string): Promise<VersionContent | undefined> {
    this.open()
    const row = this.#stmt.loadVersion.get(documentId, versionId)
    return row && { body: new Uint8Array(row.body), meta: new Uint8Array(row.meta) }
  }
}
