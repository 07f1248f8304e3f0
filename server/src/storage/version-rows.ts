/**
 * Versions in the relational stores (SQLite and Postgres share the table `document_versions`
 * and its columns). A row is written once: the migration adds a trigger that refuses any UPDATE.
 */
import type { CheckpointReason, VersionKind } from '@consenso/protocol'
import type { VersionRecord } from './storage.ts'

export interface VersionRow {
  id: string
  document_id: string
  kind: string
  name: string
  note: string
  reason: string | null
  restoring: string | null
  created_by: string | null
  created_at: string
}

/** Every column but the two documents, which only loadVersion reads. */
export const VERSION_COLUMNS = 'id, document_id, kind, name, note, reason, restoring, created_by, created_at'

export const toVersion = (row: VersionRow): VersionRecord => ({
  id: row.id,
  documentId: row.document_id,
  kind: row.kind as VersionKind,
  name: row.name,
  note: row.note,
  reason: row.reason as CheckpointReason | null,
  restoring: row.restoring,
  createdBy: row.created_by,
  createdAt: row.created_at,
})

export const versionParams = (v: VersionRecord): unknown[] => [v.id, v.documentId, v.kind, v.name, v.note, v.reason, v.restoring, v.createdBy, v.createdAt]
