/** Postgres's delegations (DelegationStore): table `delegations`, seeded by migration 2. */
import type { DelegationRecord } from '@consenso/protocol'
import type { DelegationStore } from '../delegations.ts'
import { toDelegation, type DelegationRow } from '../sql-rows.ts'
import { PgStore } from './client.ts'

export class PostgresDelegations extends PgStore implements DelegationStore {
  async createDelegation(delegation: DelegationRecord): Promise<void> {
    this.pg.open()
    const { code, nameEs, nameEn, kind, color } = delegation
    await this.pg.pool.query('INSERT INTO delegations (code, name_es, name_en, kind, color) VALUES ($1, $2, $3, $4, $5)', [
      code,
      nameEs,
      nameEn,
      kind,
      color,
    ])
  }

  async getDelegation(code: string): Promise<DelegationRecord | undefined> {
    this.pg.open()
    const [row] = await this.pg.rows<DelegationRow>('SELECT * FROM delegations WHERE code = $1', [code])
    return row && toDelegation(row)
  }

  async listDelegations(): Promise<DelegationRecord[]> {
    this.pg.open()
    return (await this.pg.rows<DelegationRow>('SELECT * FROM delegations ORDER BY code')).map(toDelegation)
  }
}
