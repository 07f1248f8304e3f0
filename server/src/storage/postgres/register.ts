/**
 * Postgres's register (RegisterStore): agreements with their responsible delegations, meetings
 * with theirs. Writes that read first run in one transaction that locks what it reads; linked
 * agreements of one draft are serialised across instances by an advisory lock.
 */
import type { Agreement, AgreementQuery, Meeting } from '@consenso/protocol'
import type { RegisterStore } from '../register.ts'
import type { AgreementPatch, MeetingPatch } from '../storage.ts'
import {
  agreementParams,
  meetingParams,
  patched,
  sortedCodes,
  toAgreement,
  toMeeting,
  type AgreementRow,
  type MeetingRow,
} from '../register-rows.ts'
import { PgStore, type Queryable } from './client.ts'

/** An agreement row with its responsible delegations as one JSON array, in one statement. */
const SELECT_AGREEMENTS = `SELECT a.*,
  (SELECT coalesce(json_agg(r.delegation), '[]'::json) FROM agreement_responsibles r WHERE r.agreement_id = a.id) AS responsible
  FROM agreements a`
const SELECT_MEETINGS = `SELECT m.*,
  (SELECT coalesce(json_agg(d.delegation), '[]'::json) FROM meeting_delegations d WHERE d.meeting_id = m.id) AS delegations
  FROM meetings m`

const INSERT_AGREEMENT = `INSERT INTO agreements (id, text, status, due_date, meeting_id, document_id, block_id, created_by, created_at, updated_by, updated_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`
const agreementValues = (a: Agreement): unknown[] => Object.values(agreementParams(a))
const INSERT_MEETING = `INSERT INTO meetings (id, title, starts_on, ends_on, place, minutes_document_id, created_by, created_at, updated_by, updated_at,
    start_time, end_time, time_zone)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`
const meetingValues = (m: Meeting): unknown[] => Object.values(meetingParams(m))

export class PostgresRegister extends PgStore implements RegisterStore {
  async #insertAgreement(client: Queryable, agreement: Agreement): Promise<void> {
    await client.query(INSERT_AGREEMENT, agreementValues(agreement))
    await this.#setCodes(client, 'agreement_responsibles', 'agreement_id', agreement.id, agreement.responsible)
  }

  /** Replaces a row's delegations; the foreign key refuses unknown codes. */
  async #setCodes(client: Queryable, table: 'agreement_responsibles' | 'meeting_delegations', column: string, id: string, list: readonly string[]): Promise<void> {
    await client.query(`DELETE FROM ${table} WHERE ${column} = $1`, [id])
    const codes = sortedCodes(list)
    if (codes.length > 0) await client.query(`INSERT INTO ${table} (${column}, delegation) SELECT $1, unnest($2::text[])`, [id, codes])
  }

  async createAgreement(agreement: Agreement): Promise<void> {
    this.pg.open()
    await this.pg.transaction((client) => this.#insertAgreement(client, agreement))
  }

  async createLinkedAgreements(agreements: readonly Agreement[]): Promise<Agreement[]> {
    this.pg.open()
    return this.pg.transaction(async (client) => {
      const created: Agreement[] = []
      const linked = new Map<string, Set<string>>()
      for (const agreement of agreements) {
        const { documentId, blockId } = agreement
        if (documentId === null || blockId === null) throw new Error('a linked agreement needs a draft and a block')
        let blocks = linked.get(documentId)
        if (!blocks) {
          // Another instance running the same minutes waits here until this one commits, then
          // sees its rows: no block gets two agreements. Released by COMMIT or ROLLBACK.
          await client.query("SELECT pg_advisory_xact_lock(hashtextextended('register/' || $1, 0))", [documentId])
          const rows = await this.pg.rows<{ block_id: string }>(
            'SELECT block_id FROM agreements WHERE document_id = $1 AND block_id IS NOT NULL',
            [documentId],
            client,
          )
          blocks = new Set(rows.map((row) => row.block_id))
          linked.set(documentId, blocks)
        }
        if (blocks.has(blockId)) continue
        blocks.add(blockId)
        await this.#insertAgreement(client, agreement)
        created.push({ ...agreement, responsible: sortedCodes(agreement.responsible) })
      }
      return created
    })
  }

  async getAgreement(id: string): Promise<Agreement | undefined> {
    this.pg.open()
    const [row] = await this.pg.rows<AgreementRow>(`${SELECT_AGREEMENTS} WHERE a.id = $1`, [id])
    return row && toAgreement(row)
  }

  async listAgreements(query: AgreementQuery): Promise<Agreement[]> {
    this.pg.open()
    // One statement for every combination of filters: a NULL parameter switches its filter off.
    const rows = await this.pg.rows<AgreementRow>(
      `${SELECT_AGREEMENTS}
       WHERE ($1::text IS NULL OR EXISTS (SELECT 1 FROM agreement_responsibles r WHERE r.agreement_id = a.id AND r.delegation = $1))
         AND ($2::text IS NULL OR a.status = $2)
         AND ($3::text IS NULL OR a.meeting_id = $3)
         AND ($4::text IS NULL OR a.document_id = $4)
         AND ($5::text IS NULL OR (a.due_date < $5 AND a.status NOT IN ('done', 'cancelled')))
       ORDER BY a.due_date ASC NULLS LAST, a.seq`,
      [query.responsible ?? null, query.status ?? null, query.meetingId ?? null, query.documentId ?? null, query.overdueOn ?? null],
    )
    return rows.map(toAgreement)
  }

  async updateAgreement(id: string, patch: AgreementPatch): Promise<Agreement | undefined> {
    this.pg.open()
    return this.pg.transaction(async (client) => {
      const [row] = await this.pg.rows<AgreementRow>(`${SELECT_AGREEMENTS} WHERE a.id = $1 FOR UPDATE OF a`, [id], client)
      if (!row) return undefined
      const next = patched(toAgreement(row), patch)
      await client.query(
        `UPDATE agreements SET text = $2, status = $3, due_date = $4, meeting_id = $5, document_id = $6, block_id = $7,
           updated_by = $8, updated_at = $9
         WHERE id = $1`,
        [id, next.text, next.status, next.dueDate, next.meetingId, next.documentId, next.blockId, next.updatedBy, next.updatedAt],
      )
      if (patch.responsible !== undefined) await this.#setCodes(client, 'agreement_responsibles', 'agreement_id', id, patch.responsible)
      const [stored] = await this.pg.rows<AgreementRow>(`${SELECT_AGREEMENTS} WHERE a.id = $1`, [id], client)
      return toAgreement(stored!)
    })
  }

  async deleteAgreement(id: string): Promise<boolean> {
    this.pg.open()
    const { rowCount } = await this.pg.pool.query('DELETE FROM agreements WHERE id = $1', [id])
    return (rowCount ?? 0) > 0
  }

  async createMeeting(meeting: Meeting): Promise<void> {
    this.pg.open()
    await this.pg.transaction(async (client) => {
      await client.query(INSERT_MEETING, meetingValues(meeting))
      await this.#setCodes(client, 'meeting_delegations', 'meeting_id', meeting.id, meeting.delegations)
    })
  }

  async getMeeting(id: string): Promise<Meeting | undefined> {
    this.pg.open()
    const [row] = await this.pg.rows<MeetingRow>(`${SELECT_MEETINGS} WHERE m.id = $1`, [id])
    return row && toMeeting(row)
  }

  async listMeetings(): Promise<Meeting[]> {
    this.pg.open()
    return (await this.pg.rows<MeetingRow>(`${SELECT_MEETINGS} ORDER BY m.starts_on, m.seq`)).map(toMeeting)
  }

  async updateMeeting(id: string, patch: MeetingPatch): Promise<Meeting | undefined> {
    this.pg.open()
    return this.pg.transaction(async (client) => {
      const [row] = await this.pg.rows<MeetingRow>(`${SELECT_MEETINGS} WHERE m.id = $1 FOR UPDATE OF m`, [id], client)
      if (!row) return undefined
      const next = patched(toMeeting(row), patch)
      await client.query(
        `UPDATE meetings SET title = $2, starts_on = $3, ends_on = $4, place = $5, minutes_document_id = $6,
           updated_by = $7, updated_at = $8, start_time = $9, end_time = $10, time_zone = $11
         WHERE id = $1`,
        [id, next.title, next.startsOn, next.endsOn, next.place, next.minutesDocumentId, next.updatedBy, next.updatedAt, next.startTime, next.endTime, next.timeZone],
      )
      if (patch.delegations !== undefined) await this.#setCodes(client, 'meeting_delegations', 'meeting_id', id, patch.delegations)
      const [stored] = await this.pg.rows<MeetingRow>(`${SELECT_MEETINGS} WHERE m.id = $1`, [id], client)
      return toMeeting(stored!)
    })
  }

  async deleteMeeting(id: string): Promise<boolean> {
    this.pg.open()
    // The foreign keys cascade to its participants and unlink its agreements.
    const { rowCount } = await this.pg.pool.query('DELETE FROM meetings WHERE id = $1', [id])
    return (rowCount ?? 0) > 0
  }
}
