/**
 * The frozen versions of drafts (named versions and checkpoints, VERSION-*). Part of every
 * Storage as `storage.versions`. Never changed once stored; removed only with their draft
 * (deleteDocument, in the core). Implemented in memory/, sqlite/ and postgres/ (versions.ts).
 */
import type { VersionContent, VersionRecord } from './storage.ts'

export interface VersionStore {
  /** Stores a version and its content together; throws, storing nothing, if the draft is unknown or the id taken. */
  createVersion(version: VersionRecord, content: VersionContent): Promise<void>
  /** The draft's versions, newest first (by createdAt, then id, both descending by code point). */
  listVersions(documentId: string): Promise<VersionRecord[]>
  /** Undefined for an unknown id or a version of another draft. */
  getVersion(documentId: string, versionId: string): Promise<VersionRecord | undefined>
  loadVersion(documentId: string, versionId: string): Promise<VersionContent | undefined>
}
