/** Postgres's frozen versions (VersionStore): table `document_versions`, which refuses UPDATEs. */
import type { VersionStore } from '../versions.ts'
import type { VersionContent, VersionRecord } from '../storage.ts'
import { toVersion, VERSION_COLUMNS, versionParams, type VersionRow } from '../version-rows.ts'
import { PgStore } from './client.ts'

export class PostgresVersions extends PgStore implements VersionStore {
  async createVersion(version: VersionRecord, content: VersionContent): Promise<void> {
    this.pg.open()
    await this.pg.pool.query(`INSERT INTO document_versions (${VERSION_COLUMNS}, body, meta) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`, [
      ...versionParams(version),
      Buffer.from(content.body),
      Buffer.from(content.meta),
    ])
  }

  async listVersions(documentId: string): Promise<VersionRecord[]> {
    this.pg.open()
    const rows = await this.pg.rows<VersionRow>(
      `SELECT ${VERSION_COLUMNS} FROM document_versions WHERE document_id = $1 ORDER BY created_at DESC, id DESC`,
      [documentId],
    )
    return rows.map(toVersion)
  }

  async getVersion(documentId: string, versionId: string): Promise<VersionRecord | undefined> {
    this.pg.open()
    const [row] = await this.pg.rows<VersionRow>(`SELECT ${VERSION_COLUMNS} FROM document_versions WHERE document_id = $1 AND id = $2`, [documentId, versionId])
    return row && toVersion(row)
  }

  async loadVersion(documentId: string, versionId: string): Promise<VersionContent | undefined> {
    this.pg.open()
    const [row] = await this.pg.rows<{ body: Buffer; meta: Buffer }>('SELECT body, meta FROM document_versions WHERE document_id = $1 AND id = $2', [documentId, versionId])
    return row && { body: new Uint8Array(row.body), meta: new Uint8Array(row.meta) }
  }
}
