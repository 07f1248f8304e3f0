/** SQLite's delegations (DelegationStore): table `delegations`, seeded by migration 2. */
import type { DelegationRecord } from '@consenso/protocol'
import type { DelegationStore } from '../delegations.ts'
import { toDelegation, type DelegationRow } from '../sql-rows.ts'
import { SqliteStore } from './store.ts'

export class SqliteDelegations extends SqliteStore implements DelegationStore {
  readonly #stmt = {
    insertDelegation: this.db.prepare(
      'INSERT INTO delegations (code, name_es, name_en, kind, color) VALUES (@code, @nameEs, @nameEn, @kind, @color)',
    ),
    getDelegation: this.db.prepare<[string], DelegationRow>('SELECT * FROM delegations WHERE code = ?'),
    listDelegations: this.db.prepare<[], DelegationRow>('SELECT * FROM delegations ORDER BY code'),
  }

  async createDelegation(delegation: DelegationRecord): Promise<void> {
    this.open()
    const { code, nameEs, nameEn, kind, color } = delegation
    this.#stmt.insertDelegation.run({ code, nameEs, nameEn, kind, color })
  }

  async getDelegation(code: string): Promise<DelegationRecord | undefined> {
    this.open()
    const row = this.#stmt.getDelegation.get(code)
    return row && toDelegation(row)
  }

  async listDelegations(): Promise<DelegationRecord[]> {
    this.open()
    return this.#stmt.listDelegations.all().map(toDelegation)
  }
}
