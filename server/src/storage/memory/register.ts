/**
 * The memory store's register (RegisterStore): agreements and meetings with their creation
 * order, which the SQL stores keep in `seq`. Delegations are checked against the shared Tables.
 */
import { isAgreementStatus, isOverdue, type Agreement, type AgreementQuery, type Meeting } from '@consenso/protocol'
import type { RegisterStore } from '../register.ts'
import { patched, sortedCodes } from '../register-rows.ts'
import type { AgreementPatch, MeetingPatch } from '../storage.ts'
import { byCodePoint, TablesStore } from './tables.ts'

const copyAgreement = (a: Agreement): Agreement => ({ ...a, responsible: [...a.responsible] })
const copyMeeting = (m: Meeting): Meeting => ({ ...m, delegations: [...m.delegations] })

/** Rows with their creation order, which the SQL stores keep in `seq`. */
interface Sequenced<T> {
  seq: number
  value: T
}

export class MemoryRegister extends TablesStore implements RegisterStore {
  readonly #agreements = new Map<string, Sequenced<Agreement>>()
  readonly #meetings = new Map<string, Sequenced<Meeting>>()
  #seq = 0

  /** Throws unless `agreement` could be stored; returns the copy to store. */
  #checkAgreement(agreement: Agreement): Agreement {
    if (!isAgreementStatus(agreement.status)) throw new Error(`unknown status ${String(agreement.status)}`)
    for (const code of agreement.responsible) if (!this.t.delegations.has(code)) throw new Error(`unknown delegation ${code}`)
    if (agreement.meetingId !== null && !this.#meetings.has(agreement.meetingId)) throw new Error(`unknown meeting ${agreement.meetingId}`)
    return { ...copyAgreement(agreement), responsible: sortedCodes(agreement.responsible) }
  }

  #checkMeeting(meeting: Meeting): Meeting {
    for (const code of meeting.delegations) if (!this.t.delegations.has(code)) throw new Error(`unknown delegation ${code}`)
    return { ...copyMeeting(meeting), delegations: sortedCodes(meeting.delegations) }
  }

  async createAgreement(agreement: Agreement): Promise<void> {
    this.t.open()
    if (this.#agreements.has(agreement.id)) throw new Error(`agreement ${agreement.id} already exists`)
    const stored = this.#checkAgreement(agreement)
    this.#agreements.set(stored.id, { seq: ++this.#seq, value: stored })
  }

  async createLinkedAgreements(agreements: readonly Agreement[]): Promise<Agreement[]> {
    this.t.open()
    const linked = new Set<string>()
    for (const { value } of this.#agreements.values()) {
      if (value.documentId !== null && value.blockId !== null) linked.add(`${value.documentId}\u0000${value.blockId}`)
    }
    const fresh: Agreement[] = []
    const ids = new Set<string>()
    for (const agreement of agreements) {
      if (agreement.documentId === null || agreement.blockId === null) throw new Error('a linked agreement needs a draft and a block')
      if (this.#agreements.has(agreement.id) || ids.has(agreement.id)) throw new Error(`agreement ${agreement.id} already exists`)
      const key = `${agreement.documentId}\u0000${agreement.blockId}`
      if (linked.has(key)) continue
      linked.add(key)
      ids.add(agreement.id)
      fresh.push(this.#checkAgreement(agreement))
    }
    for (const stored of fresh) this.#agreements.set(stored.id, { seq: ++this.#seq, value: stored })
    return fresh.map(copyAgreement)
  }

  async getAgreement(id: string): Promise<Agreement | undefined> {
    this.t.open()
    const row = this.#agreements.get(id)
    return row && copyAgreement(row.value)
  }

  async listAgreements(query: AgreementQuery): Promise<Agreement[]> {
    this.t.open()
    const { responsible, status, meetingId, documentId, overdueOn } = query
    return [...this.#agreements.values()]
      .filter(({ value: a }) => {
        if (responsible !== undefined && !a.responsible.includes(responsible)) return false
        if (status !== undefined && a.status !== status) return false
        if (meetingId !== undefined && a.meetingId !== meetingId) return false
        if (documentId !== undefined && a.documentId !== documentId) return false
        if (overdueOn !== undefined && !isOverdue(a, overdueOn)) return false
        return true
      })
      .sort((x, y) => {
        const [a, b] = [x.value.dueDate, y.value.dueDate]
        if (a !== b) return a === null ? 1 : b === null ? -1 : byCodePoint(a, b)
        return x.seq - y.seq
      })
      .map((row) => copyAgreement(row.value))
  }

  /** Patches the row `id` of `rows`, checked as a new row would be; returns a copy of the result. */
  #update<T extends Agreement | Meeting>(
    rows: Map<string, Sequenced<T>>,
    id: string,
    patch: Partial<Omit<T, 'id' | 'createdBy' | 'createdAt'>>,
    check: (value: T) => T,
    copy: (value: T) => T,
  ): T | undefined {
    this.t.open()
    const row = rows.get(id)
    if (!row) return undefined
    row.value = check(patched(row.value, patch))
    return copy(row.value)
  }

  async updateAgreement(id: string, patch: AgreementPatch): Promise<Agreement | undefined> {
    return this.#update(this.#agreements, id, patch, (a) => this.#checkAgreement(a), copyAgreement)
  }

  async deleteAgreement(id: string): Promise<boolean> {
    this.t.open()
    return this.#agreements.delete(id)
  }

  async createMeeting(meeting: Meeting): Promise<void> {
    this.t.open()
    if (this.#meetings.has(meeting.id)) throw new Error(`meeting ${meeting.id} already exists`)
    const stored = this.#checkMeeting(meeting)
    this.#meetings.set(stored.id, { seq: ++this.#seq, value: stored })
  }

  async getMeeting(id: string): Promise<Meeting | undefined> {
    this.t.open()
    const row = this.#meetings.get(id)
    return row && copyMeeting(row.value)
  }

  async listMeetings(): Promise<Meeting[]> {
    this.t.open()
    return [...this.#meetings.values()]
      .sort((x, y) => byCodePoint(x.value.startsOn, y.value.startsOn) || x.seq - y.seq)
      .map((row) => copyMeeting(row.value))
  }

  async updateMeeting(id: string, patch: MeetingPatch): Promise<Meeting | undefined> {
    return this.#update(this.#meetings, id, patch, (m) => this.#checkMeeting(m), copyMeeting)
  }

  async deleteMeeting(id: string): Promise<boolean> {
    this.t.open()
    if (!this.#meetings.delete(id)) return false
    for (const { value } of this.#agreements.values()) if (value.meetingId === id) value.meetingId = null
    return true
  }
}
