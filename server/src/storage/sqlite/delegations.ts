/** SQLite's delegations (DelegationStore): table `delegations`, seeded by migration 2. */
import type Database from 'better-sqlite3'
import type { DelegationRecord } from '@consenso/protocol'
import type { DelegationStore } from '../delegations.ts'
import { toDelegation, type DelegationRow } from '../sql-rows.ts'

export class SqliteDelegations implements DelegationStore {
  readonly #open: () => void
  readonly #stmt

  constructor(db: Database.Database, open: () => void) {
    this.#open = open
    this.#stmt = {
      insertDelegation: db.prepare(
        'INSERT INTO delegations (code, name_es, name_en, kind, color) VALUES (@code, @nameEs, @nameEn, @kind, @color)',
      ),
      getDelegation: db.prepare<[string], DelegationRow>('SELECT * FROM delegations WHERE code = ?'),
      listDelegations: db.prepare<[], DelegationRow>('SELECT * FROM delegations ORDER BY code'),
    }
  }

  async createDelegation(delegation: DelegationRecord): Promise<void> {
    this.#open()
    const { code, nameEs, nameEn, kind, color } = delegation
    this.#stmt.insertDelegation.run({ code, nameEs, nameEn, kind, color })
  }

  async getDelegation(code: string): Promise<DelegationRecord | undefined> {
    this.#open()
    const row = this.#stmt.getDelegation.get(code)
    return row && toDelegation(row)
  }

  async listDelegations(): Promise<DelegationRecord[]> {
    this.#open()
    return this.#stmt.listDelegations.all().map(toDelegation)
  }
}
