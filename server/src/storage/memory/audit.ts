/** The memory store's audit log (AuditStore): an array, ids from its length. */
import type { AuditEntry, AuditQuery } from '@consenso/protocol'
import { auditFields, type AuditStore } from '../audit.ts'
import { auditLimit, type NewAuditEntry } from '../storage.ts'
import { TablesStore } from './tables.ts'

const copyAudit = (entry: AuditEntry): AuditEntry => ({ ...entry, details: { ...entry.details } })

export class MemoryAudit extends TablesStore implements AuditStore {
  readonly #audit: AuditEntry[] = []

  async appendAudit(entry: NewAuditEntry): Promise<void> {
    this.t.open()
    this.#audit.push(copyAudit({ id: this.#audit.length + 1, ...auditFields(entry) }))
  }

  async listAudit(query: AuditQuery): Promise<AuditEntry[]> {
    this.t.open()
    const limit = auditLimit(query.limit)
    // A filter given as null (a query parsed from JSON) means no filter, as in the SQL store.
    const { action = null, actorId = null, documentId = null, since = null, until = null } = query
    const out: AuditEntry[] = []
    for (let i = this.#audit.length - 1; i >= 0 && out.length < limit; i--) {
      const entry = this.#audit[i]!
      if (action !== null && entry.action !== action) continue
      if (actorId !== null && entry.actorId !== actorId) continue
      if (documentId !== null && entry.documentId !== documentId) continue
      if (since !== null && entry.at < since) continue
      if (until !== null && entry.at > until) continue
      out.push(copyAudit(entry))
    }
    return out
  }
}
