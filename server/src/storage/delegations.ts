/**
 * The delegations (countries, the secretariat, organisations) every account, membership,
 * invitation and register entry names. Part of every Storage as `storage.delegations`; a new
 * store starts with `DELEGATIONS` from @consenso/protocol already in it. Implemented in
 * memory/, sqlite/ and postgres/ (delegations.ts in each).
 */
import type { DelegationRecord } from '@consenso/protocol'

export interface DelegationStore {
  /** Throws if the code exists. */
  createDelegation(delegation: DelegationRecord): Promise<void>
  getDelegation(code: string): Promise<DelegationRecord | undefined>
  /** Ordered by code (by code point, as SQLite's BINARY collation orders). */
  listDelegations(): Promise<DelegationRecord[]>
}
