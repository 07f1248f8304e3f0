/** Postgres's audit log (AuditStore): table `audit_log`, ids from its identity column. */
import type { AuditEntry, AuditQuery } from '@consenso/protocol'
import { auditFields, type AuditStore } from '../audit.ts'
import { auditLimit, type NewAuditEntry } from '../storage.ts'
import { toAudit, type AuditRow } from '../sql-rows.ts'
import { PgStore } from './client.ts'

export class PostgresAudit extends PgStore implements AuditStore {
  async appendAudit(entry: NewAuditEntry): Promise<void> {
    this.pg.open()
    const f = auditFields(entry)
    await this.pg.pool.query(
      `INSERT INTO audit_log (at, action, actor_id, actor_delegation, document_id, target, ip, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)`,
      [f.at, f.action, f.actorId, f.actorDelegation, f.documentId, f.target, f.ip, JSON.stringify(f.details)],
    )
  }

  async listAudit(query: AuditQuery): Promise<AuditEntry[]> {
    this.pg.open()
    // One statement for every combination of filters: a NULL parameter switches its filter off.
    const rows = await this.pg.rows<AuditRow>(
      `SELECT * FROM audit_log
       WHERE ($1::text IS NULL OR action = $1)
         AND ($2::text IS NULL OR actor_id = $2)
         AND ($3::text IS NULL OR document_id = $3)
         AND ($4::text IS NULL OR at >= $4)
         AND ($5::text IS NULL OR at <= $5)
       ORDER BY id DESC
       LIMIT $6`,
      [query.action ?? null, query.actorId ?? null, query.documentId ?? null, query.since ?? null, query.until ?? null, auditLimit(query.limit)],
    )
    return rows.map(toAudit)
  }
}
