/**
 * The append-only audit log. Part of every Storage as `storage.audit`. Entries that
 * name a draft outlive it. Implemented in memory/, sqlite/ and postgres/ (audit.ts in each).
 */
import type { AuditEntry, AuditQuery } from '@consenso/protocol'
import type { NewAuditEntry } from './storage.ts'

export interface AuditStore {
  /** Ids are assigned in increasing order of appending. */
  appendAudit(entry: NewAuditEntry): Promise<void>
  /**
   * Newest first (by id); every filter given must match; `since` and `until` are inclusive.
   * `limit` defaults to 500 and is clamped to 0..10,000 (see auditLimit).
   */
  listAudit(query: AuditQuery): Promise<AuditEntry[]>
}
