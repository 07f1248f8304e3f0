/** The silence procedures and adoptions on SQLite and Postgres (migration 10), through one SqlRunner. */
import type { Adoption, SilenceProcedure, SilenceStatus } from '@consenso/protocol'
import type { SilenceStore } from './silence.ts'
import { SqlStore } from './sql-runner.ts'

interface SilenceRow {
  id: string
  document_id: string
  paragraph_ids: string | null
  deadline: string
  time_zone: string
  local_deadline: string
  parties: string
  status: string
  started_by: string
  started_at: string
  ended_at: string | null
  ended_by: string | null
  broken_by: string | null
  objection: string | null
  version_id: string | null
}

interface AdoptionRow {
  document_id: string
  version_id: string
  adopted_at: string
  adopted_by: string | null
  parties: string
  silence_id: string | null
}

const toProcedure = (row: SilenceRow): SilenceProcedure => ({
  id: row.id,
  documentId: row.document_id,
  paragraphIds: row.paragraph_ids === null ? null : (JSON.parse(row.paragraph_ids) as string[]),
  deadline: row.deadline,
  timeZone: row.time_zone,
  localDeadline: row.local_deadline,
  parties: JSON.parse(row.parties) as string[],
  status: row.status as SilenceStatus,
  startedBy: row.started_by,
  startedAt: row.started_at,
  endedAt: row.ended_at,
  endedBy: row.ended_by,
  brokenBy: row.broken_by,
  objection: row.objection,
  versionId: row.version_id,
})

const RETURNING = 'RETURNING id, document_id, paragraph_ids, deadline, time_zone, local_deadline, parties, status, started_by, started_at, ended_at, ended_by, broken_by, objection, version_id'

export class SqlSilenceStore extends SqlStore implements SilenceStore {
  async create(p: SilenceProcedure): Promise<boolean> {
    // The partial unique index (one holding procedure per draft) turns a second one into nothing.
    const changed = await this.sql.run(
      `INSERT INTO silence_procedures (id, document_id, paragraph_ids, deadline, time_zone, local_deadline, parties, status, started_by, started_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'running', ?, ?) ON CONFLICT DO NOTHING`,
      [p.id, p.documentId, p.paragraphIds === null ? null : JSON.stringify(p.paragraphIds), p.deadline, p.timeZone, p.localDeadline, JSON.stringify(p.parties), p.startedBy, p.startedAt],
    )
    return changed === 1
  }

  async get(id: string): Promise<SilenceProcedure | undefined> {
    const [row] = await this.sql.all<SilenceRow>('SELECT * FROM silence_procedures WHERE id = ?', [id])
    return row && toProcedure(row)
  }

  async list(documentId: string): Promise<SilenceProcedure[]> {
    const rows = await this.sql.all<SilenceRow>('SELECT * FROM silence_procedures WHERE document_id = ? ORDER BY started_at DESC, id DESC', [documentId])
    return rows.map(toProcedure)
  }

  async #one(sql: string, params: (string | null)[]): Promise<SilenceProcedure | undefined> {
    const [row] = await this.sql.all<SilenceRow>(`${sql} ${RETURNING}`, params)
    return row && toProcedure(row)
  }

  breakSilence(id: string, c: { by: string; delegation: string; objection: string; at: string }): Promise<SilenceProcedure | undefined> {
    return this.#one(
      `UPDATE silence_procedures SET status = 'broken', ended_at = ?, ended_by = ?, broken_by = ?, objection = ?
       WHERE id = ? AND status = 'running' AND deadline > ?`,
      [c.at, c.by, c.delegation, c.objection, id, c.at],
    )
  }

  extend(id: string, c: { deadline: string; timeZone: string; localDeadline: string; at: string }): Promise<SilenceProcedure | undefined> {
    return this.#one(
      `UPDATE silence_procedures SET deadline = ?, time_zone = ?, local_deadline = ? WHERE id = ? AND status = 'running' AND deadline > ?`,
      [c.deadline, c.timeZone, c.localDeadline, id, c.at],
    )
  }

  withdraw(id: string, c: { by: string; at: string }): Promise<SilenceProcedure | undefined> {
    return this.#one(`UPDATE silence_procedures SET status = 'withdrawn', ended_at = ?, ended_by = ? WHERE id = ? AND status = 'running'`, [
      c.at,
      c.by,
      id,
    ])
  }

  async claimDue(now: string, leaseMs: number): Promise<SilenceProcedure[]> {
    const stale = new Date(Date.parse(now) - leaseMs).toISOString()
    // One statement: on Postgres a second instance's UPDATE waits on the row lock, then
    // re-reads the row (now `adopting`, claimed just now) and leaves it.
    const rows = await this.sql.all<SilenceRow>(
      `UPDATE silence_procedures SET status = 'adopting', claimed_at = ?
       WHERE (status = 'running' AND deadline <= ?) OR (status = 'adopting' AND claimed_at < ?) ${RETURNING}`,
      [now, now, stale],
    )
    return rows.map(toProcedure)
  }

  async recordAdoption(a: Adoption): Promise<void> {
    const statements: [string, (string | null)[]][] = [
      [
        `INSERT INTO document_adoptions (document_id, version_id, adopted_at, adopted_by, parties, silence_id) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (document_id) DO UPDATE SET version_id = excluded.version_id, adopted_at = excluded.adopted_at,
           adopted_by = excluded.adopted_by, parties = excluded.parties, silence_id = excluded.silence_id`,
        [a.documentId, a.versionId, a.adoptedAt, a.adoptedBy, JSON.stringify(a.parties), a.silenceId],
      ],
    ]
    if (a.silenceId !== null) {
      statements.push([`UPDATE silence_procedures SET status = 'adopted', ended_at = ?, version_id = ? WHERE id = ?`, [a.adoptedAt, a.versionId, a.silenceId]])
    }
    await this.sql.batch(statements)
  }

  async getAdoption(documentId: string): Promise<Adoption | undefined> {
    const [row] = await this.sql.all<AdoptionRow>('SELECT * FROM document_adoptions WHERE document_id = ?', [documentId])
    if (!row) return undefined
    return {
      documentId: row.document_id,
      versionId: row.version_id,
      adoptedAt: row.adopted_at,
      adoptedBy: row.adopted_by,
      parties: JSON.parse(row.parties) as string[],
      silenceId: row.silence_id,
    }
  }

  async forgetDocument(documentId: string): Promise<void> {
    await this.sql.batch([
      ['DELETE FROM silence_procedures WHERE document_id = ?', [documentId]],
      ['DELETE FROM document_adoptions WHERE document_id = ?', [documentId]],
    ])
  }
}
