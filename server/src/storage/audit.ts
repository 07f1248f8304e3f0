/**
 * The append-only audit log. Part of every Storage as `storage.audit`. Entries that
 * name a draft outlive it. Implemented in memory/, sqlite/ and postgres/ (audit.ts in each).
 */
import type { AuditEntry, AuditQuery } from '@consenso/protocol'
import type { NewAuditEntry } from './storage.ts'

/** An entry to append with every optional field made explicit (null, or no details), as every store stores it. */
export const auditFields = (entry: NewAuditEntry): NewAuditEntry => ({
  at: entry.at,
  action: entry.action,
  actorId: entry.actorId ?? null,
  actorDelegation: entry.actorDelegation ?? null,
  documentId: entry.documentId ?? null,
  target: entry.target ?? null,
  ip: entry.ip ?? null,
  details: entry.details ?? {},
})

export interface AuditStore {
  /** Ids are assigned in increasing order of appending. */
  appendAudit(entry: NewAuditEntry): Promise<void>
  /**
   * Newest first (by id); every filter given must match; `since` and `until` are inclusive.
   * `limit` defaults to 500 and is clamped to 0..10,000 (see auditLimit).
   */
  listAudit(query: AuditQuery): Promise<AuditEntry[]>
}
