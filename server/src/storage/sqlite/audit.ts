/** SQLite's audit log (AuditStore): table `audit_log`, ids from its INTEGER PRIMARY KEY. */
import type { AuditEntry, AuditQuery } from '@consenso/protocol'
import { auditFields, type AuditStore } from '../audit.ts'
import { auditLimit, type NewAuditEntry } from '../storage.ts'
import { toAudit, type AuditRow } from '../sql-rows.ts'
import { SqliteStore } from './store.ts'

interface AuditFilter {
  action: string | null
  actorId: string | null
  documentId: string | null
  since: string | null
  until: string | null
  limit: number
}

export class SqliteAudit extends SqliteStore implements AuditStore {
  readonly #stmt = {
    insertAudit: this.db.prepare(
      `INSERT INTO audit_log (at, action, actor_id, actor_delegation, document_id, target, ip, details)
       VALUES (@at, @action, @actorId, @actorDelegation, @documentId, @target, @ip, @details)`,
    ),
    // One statement for every combination of filters: a NULL parameter switches its filter off.
    listAudit: this.db.prepare<AuditFilter, AuditRow>(
      `SELECT * FROM audit_log
       WHERE (@action IS NULL OR action = @action)
         AND (@actorId IS NULL OR actor_id = @actorId)
         AND (@documentId IS NULL OR document_id = @documentId)
         AND (@since IS NULL OR at >= @since)
         AND (@until IS NULL OR at <= @until)
       ORDER BY id DESC
       LIMIT @limit`,
    ),
  }

  async appendAudit(entry: NewAuditEntry): Promise<void> {
    this.open()
    const fields = auditFields(entry)
    this.#stmt.insertAudit.run({ ...fields, details: JSON.stringify(fields.details) })
  }

  async listAudit(query: AuditQuery): Promise<AuditEntry[]> {
    this.open()
    return this.#stmt.listAudit
      .all({
        action: query.action ?? null,
        actorId: query.actorId ?? null,
        documentId: query.documentId ?? null,
        since: query.since ?? null,
        until: query.until ?? null,
        limit: auditLimit(query.limit),
      })
      .map(toAudit)
  }
}
