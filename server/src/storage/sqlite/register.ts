/**
 * SQLite's register (RegisterStore): agreements with their responsible delegations, meetings
 * with theirs. A record and its delegations are written in one synchronous transaction.
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
import type Database from 'better-sqlite3'
import { SqliteStore } from './store.ts'

/** An agreement row with its responsible delegations as one JSON array. */
const SELECT_AGREEMENTS = `SELECT a.*,
  (SELECT json_group_array(r.delegation) FROM agreement_responsibles r WHERE r.agreement_id = a.id) AS responsible
  FROM agreements a`
const SELECT_MEETINGS = `SELECT m.*,
  (SELECT json_group_array(d.delegation) FROM meeting_delegations d WHERE d.meeting_id = m.id) AS delegations
  FROM meetings m`

interface AgreementFilter {
  responsible: string | null
  status: string | null
  meetingId: string | null
  documentId: string | null
  overdueOn: string | null
}

export class SqliteRegister extends SqliteStore implements RegisterStore {
  readonly #stmt = {
    insertAgreement: this.db.prepare(
      `INSERT INTO agreements (id, text, status, due_date, meeting_id, document_id, block_id, created_by, created_at, updated_by, updated_at)
       VALUES (@id, @text, @status, @dueDate, @meetingId, @documentId, @blockId, @createdBy, @createdAt, @updatedBy, @updatedAt)`,
    ),
    updateAgreement: this.db.prepare(
      `UPDATE agreements SET text = @text, status = @status, due_date = @dueDate, meeting_id = @meetingId,
         document_id = @documentId, block_id = @blockId, updated_by = @updatedBy, updated_at = @updatedAt
       WHERE id = @id`,
    ),
    insertResponsible: this.db.prepare<[string, string]>('INSERT INTO agreement_responsibles (agreement_id, delegation) VALUES (?, ?)'),
    deleteResponsibles: this.db.prepare<[string]>('DELETE FROM agreement_responsibles WHERE agreement_id = ?'),
    getAgreement: this.db.prepare<[string], AgreementRow>(`${SELECT_AGREEMENTS} WHERE a.id = ?`),
    // One statement for every combination of filters: a NULL parameter switches its filter off.
    listAgreements: this.db.prepare<AgreementFilter, AgreementRow>(
      `${SELECT_AGREEMENTS}
       WHERE (@responsible IS NULL OR EXISTS (SELECT 1 FROM agreement_responsibles r WHERE r.agreement_id = a.id AND r.delegation = @responsible))
         AND (@status IS NULL OR a.status = @status)
         AND (@meetingId IS NULL OR a.meeting_id = @meetingId)
         AND (@documentId IS NULL OR a.document_id = @documentId)
         AND (@overdueOn IS NULL OR (a.due_date < @overdueOn AND a.status NOT IN ('done', 'cancelled')))
       ORDER BY a.due_date IS NULL, a.due_date, a.seq`,
    ),
    linkedBlocks: this.db.prepare<[string], string>('SELECT block_id FROM agreements WHERE document_id = ? AND block_id IS NOT NULL').pluck(),
    deleteAgreement: this.db.prepare('DELETE FROM agreements WHERE id = ?'),

    insertMeeting: this.db.prepare(
      `INSERT INTO meetings (id, title, starts_on, ends_on, place, minutes_document_id, created_by, created_at, updated_by, updated_at,
         start_time, end_time, time_zone)
       VALUES (@id, @title, @startsOn, @endsOn, @place, @minutesDocumentId, @createdBy, @createdAt, @updatedBy, @updatedAt,
         @startTime, @endTime, @timeZone)`,
    ),
    updateMeeting: this.db.prepare(
      `UPDATE meetings SET title = @title, starts_on = @startsOn, ends_on = @endsOn, place = @place,
         minutes_document_id = @minutesDocumentId, updated_by = @updatedBy, updated_at = @updatedAt,
         start_time = @startTime, end_time = @endTime, time_zone = @timeZone
       WHERE id = @id`,
    ),
    insertParticipant: this.db.prepare<[string, string]>('INSERT INTO meeting_delegations (meeting_id, delegation) VALUES (?, ?)'),
    deleteParticipants: this.db.prepare<[string]>('DELETE FROM meeting_delegations WHERE meeting_id = ?'),
    getMeeting: this.db.prepare<[string], MeetingRow>(`${SELECT_MEETINGS} WHERE m.id = ?`),
    listMeetings: this.db.prepare<[], MeetingRow>(`${SELECT_MEETINGS} ORDER BY m.starts_on, m.seq`),
    deleteMeeting: this.db.prepare('DELETE FROM meetings WHERE id = ?'),
  }

  /** Inside a transaction: the row, then its delegations (foreign keys refuse unknown ones). */
  #insertAgreement(agreement: Agreement): void {
    this.#stmt.insertAgreement.run(agreementParams(agreement))
    for (const code of sortedCodes(agreement.responsible)) this.#stmt.insertResponsible.run(agreement.id, code)
  }

  async createAgreement(agreement: Agreement): Promise<void> {
    this.open()
    this.db.transaction(() => this.#insertAgreement(agreement))()
  }

  async createLinkedAgreements(agreements: readonly Agreement[]): Promise<Agreement[]> {
    this.open()
    return this.db.transaction(() => {
      const created: Agreement[] = []
      const linked = new Map<string, Set<string>>()
      for (const agreement of agreements) {
        const { documentId, blockId } = agreement
        if (documentId === null || blockId === null) throw new Error('a linked agreement needs a draft and a block')
        let blocks = linked.get(documentId)
        if (!blocks) {
          blocks = new Set(this.#stmt.linkedBlocks.all(documentId))
          linked.set(documentId, blocks)
        }
        if (blocks.has(blockId)) continue
        blocks.add(blockId)
        this.#insertAgreement(agreement)
        created.push({ ...agreement, responsible: sortedCodes(agreement.responsible) })
      }
      return created
    })()
  }

  readonly #agreement = (id: string): Agreement | undefined => {
    const row = this.#stmt.getAgreement.get(id)
    return row && toAgreement(row)
  }

  readonly #meeting = (id: string): Meeting | undefined => {
    const row = this.#stmt.getMeeting.get(id)
    return row && toMeeting(row)
  }

  async getAgreement(id: string): Promise<Agreement | undefined> {
    this.open()
    return this.#agreement(id)
  }

  async listAgreements(query: AgreementQuery): Promise<Agreement[]> {
    this.open()
    return this.#stmt.listAgreements
      .all({
        responsible: query.responsible ?? null,
        status: query.status ?? null,
        meetingId: query.meetingId ?? null,
        documentId: query.documentId ?? null,
        overdueOn: query.overdueOn ?? null,
      })
      .map(toAgreement)
  }

  /**
   * Patches record `id` in one transaction: what `read` gives, written back by `write`, its
   * linked delegations replaced by `codes` when the patch names them.
   */
  #update<T extends Agreement | Meeting>(
    id: string,
    patch: Partial<Omit<T, 'id' | 'createdBy' | 'createdAt'>>,
    read: (id: string) => T | undefined,
    write: (next: T) => void,
    links: { codes: readonly string[] | undefined; unlink: Database.Statement<[string]>; link: Database.Statement<[string, string]> },
  ): T | undefined {
    this.open()
    return this.db.transaction(() => {
      const current = read(id)
      if (!current) return undefined
      write(patched(current, patch))
      if (links.codes !== undefined) {
        links.unlink.run(id)
        for (const code of sortedCodes(links.codes)) links.link.run(id, code)
      }
      return read(id)
    })()
  }

  async updateAgreement(id: string, patch: AgreementPatch): Promise<Agreement | undefined> {
    const s = this.#stmt
    const links = { codes: patch.responsible, unlink: s.deleteResponsibles, link: s.insertResponsible }
    return this.#update(id, patch, this.#agreement, (next) => s.updateAgreement.run(agreementParams(next)), links)
  }

  async deleteAgreement(id: string): Promise<boolean> {
    this.open()
    return this.#stmt.deleteAgreement.run(id).changes > 0
  }

  async createMeeting(meeting: Meeting): Promise<void> {
    this.open()
    this.db.transaction(() => {
      this.#stmt.insertMeeting.run(meetingParams(meeting))
      for (const code of sortedCodes(meeting.delegations)) this.#stmt.insertParticipant.run(meeting.id, code)
    })()
  }

  async getMeeting(id: string): Promise<Meeting | undefined> {
    this.open()
    return this.#meeting(id)
  }

  async listMeetings(): Promise<Meeting[]> {
    this.open()
    return this.#stmt.listMeetings.all().map(toMeeting)
  }

  async updateMeeting(id: string, patch: MeetingPatch): Promise<Meeting | undefined> {
    const s = this.#stmt
    const links = { codes: patch.delegations, unlink: s.deleteParticipants, link: s.insertParticipant }
    return this.#update(id, patch, this.#meeting, (next) => s.updateMeeting.run(meetingParams(next)), links)
  }

  async deleteMeeting(id: string): Promise<boolean> {
    this.open()
    // The foreign keys cascade to its participants and unlink its agreements.
    return this.#stmt.deleteMeeting.run(id).changes > 0
  }
}
