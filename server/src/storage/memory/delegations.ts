/** The memory store's delegations (DelegationStore; the rows live in the shared Tables). */
import type { DelegationRecord } from '@consenso/protocol'
import type { DelegationStore } from '../delegations.ts'
import { byCodePoint, TablesStore } from './tables.ts'

const DELEGATION_KINDS: readonly string[] = ['country', 'secretariat', 'organisation']

export class MemoryDelegations extends TablesStore implements DelegationStore {
  async createDelegation(delegation: DelegationRecord): Promise<void> {
    this.t.open()
    if (this.t.delegations.has(delegation.code)) throw new Error(`delegation ${delegation.code} already exists`)
    if (!DELEGATION_KINDS.includes(delegation.kind)) throw new Error(`unknown delegation kind ${String(delegation.kind)}`)
    const { code, nameEs, nameEn, kind, color } = delegation
    this.t.delegations.set(code, { code, nameEs, nameEn, kind, color })
  }

  async getDelegation(code: string): Promise<DelegationRecord | undefined> {
    this.t.open()
    const delegation = this.t.delegations.get(code)
    return delegation && { ...delegation }
  }

  async listDelegations(): Promise<DelegationRecord[]> {
    this.t.open()
    return [...this.t.delegations.values()].map((d) => ({ ...d })).sort((a, b) => byCodePoint(a.code, b.code))
  }
}
