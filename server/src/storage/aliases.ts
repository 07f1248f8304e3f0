/**
 * Delegations' aliases (REGISTER-32..35, STORE-170..): the other names administrators teach the
 * minutes reader ("Presidencia Pro Tempore" for the delegation holding it). Part of every
 * Storage as `storage.aliases`; stored in `delegation_aliases` (migration 11). An alias is
 * unique by its folded form (no case, no accents): one name cannot point at two delegations,
 * and the database, not a check before the write, decides between two administrators adding it.
 */
import type { DelegationAlias } from '@consenso/protocol'

export interface AliasStore {
  /** Every alias, by delegation code then alias. */
  list(): Promise<DelegationAlias[]>
  /** Stores it; false (nothing stored) when its folded form is already an alias. */
  create(alias: DelegationAlias): Promise<boolean>
  /** False for an unknown id. */
  delete(id: string): Promise<boolean>
}

/** The form aliases are unique in: lower case, no accents, spaces collapsed. */
export const aliasKey = (alias: string): string =>
  alias.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[\s\-‐–]+/gu, ' ').trim()

export const byCodeThenAlias = (a: DelegationAlias, b: DelegationAlias): number =>
  a.code < b.code ? -1 : a.code > b.code ? 1 : aliasKey(a.alias) < aliasKey(b.alias) ? -1 : aliasKey(a.alias) > aliasKey(b.alias) ? 1 : 0

export class MemoryAliasStore implements AliasStore {
  readonly #rows = new Map<string, DelegationAlias>()

  async list(): Promise<DelegationAlias[]> {
    return [...this.#rows.values()].map((a) => ({ ...a })).sort(byCodeThenAlias)
  }

  async create(alias: DelegationAlias): Promise<boolean> {
    const key = aliasKey(alias.alias)
    if ([...this.#rows.values()].some((a) => aliasKey(a.alias) === key)) return false
    this.#rows.set(alias.id, { ...alias })
    return true
  }

  async delete(id: string): Promise<boolean> {
    return this.#rows.delete(id)
  }
}
