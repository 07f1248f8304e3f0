/** The memory store's frozen versions (VersionStore; the rows live in the shared Tables). */
import type { VersionStore } from '../versions.ts'
import type { VersionContent, VersionRecord } from '../storage.ts'
import { byCodePoint, TablesStore } from './tables.ts'

export class MemoryVersions extends TablesStore implements VersionStore {
  async createVersion(version: VersionRecord, content: VersionContent): Promise<void> {
    this.t.open()
    if (!this.t.documents.has(version.documentId)) throw new Error(`unknown document ${version.documentId}`)
    for (const list of this.t.versions.values()) {
      if (list.some((v) => v.record.id === version.id)) throw new Error(`version ${version.id} already exists`)
    }
    const list = this.t.versions.get(version.documentId) ?? []
    list.push({ record: { ...version }, content: { body: new Uint8Array(content.body), meta: new Uint8Array(content.meta) } })
    this.t.versions.set(version.documentId, list)
  }

  async listVersions(documentId: string): Promise<VersionRecord[]> {
    this.t.open()
    return (this.t.versions.get(documentId) ?? [])
      .map((v) => ({ ...v.record }))
      .sort((a, b) => byCodePoint(b.createdAt, a.createdAt) || byCodePoint(b.id, a.id))
  }

  async getVersion(documentId: string, versionId: string): Promise<VersionRecord | undefined> {
    this.t.open()
    const found = this.t.versions.get(documentId)?.find((v) => v.record.id === versionId)
    return found && { ...found.record }
  }

  async loadVersion(documentId: string, versionId: string): Promise<VersionContent | undefined> {
    this.t.open()
    const found = this.t.versions.get(documentId)?.find((v) => v.record.id === versionId)
    return found && { body: new Uint8Array(found.content.body), meta: new Uint8Array(found.content.meta) }
  }
}
