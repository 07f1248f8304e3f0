/**
 * The silence procedures and adoptions of drafts (SILENCE-*, ADOPT-*). Part of every Storage
 * as `storage.silence`. Every change of state is one conditional write (`… WHERE status =
 * 'running' AND deadline > now`), so a break and the deadline, or two instances reaching the
 * deadline together, cannot both win: the database decides which came first.
 */
import type { Adoption, SilenceProcedure } from '@consenso/protocol'

export interface SilenceStore {
  /** Stores a new running procedure; false when the draft already has one holding it. */
  create(procedure: SilenceProcedure): Promise<boolean>
  get(id: string): Promise<SilenceProcedure | undefined>
  /** The draft's procedures, newest first. */
  list(documentId: string): Promise<SilenceProcedure[]>
  /** Ends a running procedure as broken, if its deadline is still after `at`. */
  breakSilence(id: string, change: { by: string; delegation: string; objection: string; at: string }): Promise<SilenceProcedure | undefined>
  /** Moves a running procedure's deadline, if the old one is still after `at`. */
  extend(id: string, change: { deadline: string; timeZone: string; localDeadline: string; at: string }): Promise<SilenceProcedure | undefined>
  withdraw(id: string, change: { by: string; at: string }): Promise<SilenceProcedure | undefined>
  /**
   * Claims the procedures due at `now` (running past their deadline, or claimed by an instance
   * more than `leaseMs` ago that never finished): each is returned to one caller only.
   */
  claimDue(now: string, leaseMs: number): Promise<SilenceProcedure[]>
  /** Records the adoption of a claimed procedure (or, with `silenceId` null, a direct one). */
  recordAdoption(adoption: Adoption): Promise<void>
  getAdoption(documentId: string): Promise<Adoption | undefined>
  /** Removes the draft's procedures and adoption (it was purged from the trash). */
  forgetDocument(documentId: string): Promise<void>
}

export class MemorySilenceStore implements SilenceStore {
  readonly #rows: SilenceProcedure[] = []
  readonly #claimed = new Map<string, string>()
  readonly #adoptions = new Map<string, Adoption>()

  async create(procedure: SilenceProcedure): Promise<boolean> {
    if (this.#rows.some((row) => row.documentId === procedure.documentId && (row.status === 'running' || row.status === 'adopting'))) return false
    this.#rows.push(structuredClone(procedure))
    return true
  }

  async get(id: string): Promise<SilenceProcedure | undefined> {
    const row = this.#rows.find((r) => r.id === id)
    return row && structuredClone(row)
  }

  async list(documentId: string): Promise<SilenceProcedure[]> {
    return this.#rows
      .filter((r) => r.documentId === documentId)
      .sort((a, b) => b.startedAt.localeCompare(a.startedAt) || b.id.localeCompare(a.id))
      .map((r) => structuredClone(r))
  }

  #running(id: string, at: string): SilenceProcedure | undefined {
    return this.#rows.find((r) => r.id === id && r.status === 'running' && r.deadline > at)
  }

  async breakSilence(id: string, change: { by: string; delegation: string; objection: string; at: string }): Promise<SilenceProcedure | undefined> {
    const row = this.#running(id, change.at)
    if (!row) return undefined
    Object.assign(row, { status: 'broken', endedAt: change.at, endedBy: change.by, brokenBy: change.delegation, objection: change.objection })
    return structuredClone(row)
  }

  async extend(id: string, change: { deadline: string; timeZone: string; localDeadline: string; at: string }): Promise<SilenceProcedure | undefined> {
    const row = this.#running(id, change.at)
    if (!row) return undefined
    Object.assign(row, { deadline: change.deadline, timeZone: change.timeZone, localDeadline: change.localDeadline })
    return structuredClone(row)
  }

  async withdraw(id: string, change: { by: string; at: string }): Promise<SilenceProcedure | undefined> {
    const row = this.#rows.find((r) => r.id === id && r.status === 'running')
    if (!row) return undefined
    Object.assign(row, { status: 'withdrawn', endedAt: change.at, endedBy: change.by })
    return structuredClone(row)
  }

  async claimDue(now: string, leaseMs: number): Promise<SilenceProcedure[]> {
    const stale = new Date(Date.parse(now) - leaseMs).toISOString()
    const due = this.#rows.filter(
      (r) => (r.status === 'running' && r.deadline <= now) || (r.status === 'adopting' && (this.#claimed.get(r.id) ?? '') < stale),
    )
    for (const row of due) {
      row.status = 'adopting'
      this.#claimed.set(row.id, now)
    }
    return due.map((r) => structuredClone(r))
  }

  async recordAdoption(adoption: Adoption): Promise<void> {
    this.#adoptions.set(adoption.documentId, structuredClone(adoption))
    if (adoption.silenceId === null) return
    const row = this.#rows.find((r) => r.id === adoption.silenceId)
    if (row) Object.assign(row, { status: 'adopted', endedAt: adoption.adoptedAt, versionId: adoption.versionId })
  }

  async getAdoption(documentId: string): Promise<Adoption | undefined> {
    const row = this.#adoptions.get(documentId)
    return row && structuredClone(row)
  }

  async forgetDocument(documentId: string): Promise<void> {
    for (let i = this.#rows.length - 1; i >= 0; i--) {
      if (this.#rows[i]!.documentId !== documentId) continue
      this.#claimed.delete(this.#rows[i]!.id)
      this.#rows.splice(i, 1)
    }
    this.#adoptions.delete(documentId)
  }
}
