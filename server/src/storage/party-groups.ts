/**
 * Party groups (PARTY-* in server/SPEC.md): named lists of delegations an owner adds to a
 * draft's parties in one step — the CRM members, the CSM members, the ad hoc group, each
 * troika — kept by administrators. Stored in `party_groups` (migration 9, SQLite and Postgres;
 * a new store starts with PARTY_GROUPS from @consenso/protocol), listed in the order they were
 * made. Part of every Storage as `storage.partyGroups`; the three implementations are small
 * enough to live here together. Each takes `open`, which throws once its Storage is closed.
 */
import type Database from 'better-sqlite3'
import { PARTY_GROUPS, type PartyGroup } from '@consenso/protocol'

export type PartyGroupPatch = Partial<Omit<PartyGroup, 'id'>>

/** What `storage.partyGroups` offers. */
export interface PartyGroupStore {
  /** In the order they were made (the built-in ones first). */
  listPartyGroups(): Promise<PartyGroup[]>
  getPartyGroup(id: string): Promise<PartyGroup | undefined>
  /** Throws, storing nothing, if the id exists. */
  createPartyGroup(group: PartyGroup): Promise<void>
  /** The group as changed, or undefined for an unknown id (nothing changes). */
  updatePartyGroup(id: string, patch: PartyGroupPatch): Promise<PartyGroup | undefined>
  /** False for an unknown id. */
  deletePartyGroup(id: string): Promise<boolean>
}

interface PartyGroupRow {
  id: string
  name_es: string
  name_en: string
  /** A JSON array of delegation codes (SQLite text; Postgres jsonb arrives parsed). */
  members: string | string[]
}

const toGroup = (row: PartyGroupRow): PartyGroup => ({
  id: row.id,
  nameEs: row.name_es,
  nameEn: row.name_en,
  members: typeof row.members === 'string' ? (JSON.parse(row.members) as string[]) : [...row.members],
})

const copy = (group: PartyGroup): PartyGroup => ({ id: group.id, nameEs: group.nameEs, nameEn: group.nameEn, members: [...group.members] })
const merged = (group: PartyGroup, patch: PartyGroupPatch): PartyGroup => ({
  id: group.id,
  nameEs: patch.nameEs ?? group.nameEs,
  nameEn: patch.nameEn ?? group.nameEn,
  members: [...(patch.members ?? group.members)],
})

/** The built-in groups as rows to seed (migration 9). */
export const SEED_PARTY_GROUPS: readonly PartyGroup[] = PARTY_GROUPS.map(copy)

export function sqlitePartyGroups(db: Database.Database, open: () => void): PartyGroupStore {
  const list = db.prepare<[], PartyGroupRow>('SELECT id, name_es, name_en, members FROM party_groups ORDER BY seq')
  const get = db.prepare<[string], PartyGroupRow>('SELECT id, name_es, name_en, members FROM party_groups WHERE id = ?')
  const insert = db.prepare('INSERT INTO party_groups (id, name_es, name_en, members) VALUES (?, ?, ?, ?)')
  const update = db.prepare('UPDATE party_groups SET name_es = ?, name_en = ?, members = ? WHERE id = ?')
  const remove = db.prepare('DELETE FROM party_groups WHERE id = ?')
  return {
    listPartyGroups: async () => (open(), list.all().map(toGroup)),
    getPartyGroup: async (id) => {
      open()
      const row = get.get(id)
      return row && toGroup(row)
    },
    createPartyGroup: async (group) => {
      open()
      insert.run(group.id, group.nameEs, group.nameEn, JSON.stringify(group.members))
    },
    updatePartyGroup: async (id, patch) =>
      (open(), db.transaction(() => {
        const row = get.get(id)
        if (!row) return undefined
        const next = merged(toGroup(row), patch)
        update.run(next.nameEs, next.nameEn, JSON.stringify(next.members), id)
        return next
      })()),
    deletePartyGroup: async (id) => (open(), remove.run(id).changes > 0),
  }
}

/** The pool's query, which throws StorageClosedError once the store is closed. */
type Query = <Row extends object>(sql: string, params?: unknown[]) => Promise<{ rows: Row[]; rowCount: number | null }>

export function postgresPartyGroups(query: Query): PartyGroupStore {
  const columns = 'id, name_es, name_en, members'
  return {
    listPartyGroups: async () => (await query<PartyGroupRow>(`SELECT ${columns} FROM party_groups ORDER BY seq`)).rows.map(toGroup),
    getPartyGroup: async (id) => {
      const [row] = (await query<PartyGroupRow>(`SELECT ${columns} FROM party_groups WHERE id = $1`, [id])).rows
      return row && toGroup(row)
    },
    createPartyGroup: async (group) => {
      await query('INSERT INTO party_groups (id, name_es, name_en, members) VALUES ($1, $2, $3, $4::jsonb)', [group.id, group.nameEs, group.nameEn, JSON.stringify(group.members)])
    },
    // One statement: a concurrent change of the same group cannot interleave with it.
    updatePartyGroup: async (id, patch) => {
      const [row] = (
        await query<PartyGroupRow>(
          `UPDATE party_groups SET name_es = COALESCE($2, name_es), name_en = COALESCE($3, name_en), members = COALESCE($4::jsonb, members)
           WHERE id = $1 RETURNING ${columns}`,
          [id, patch.nameEs ?? null, patch.nameEn ?? null, patch.members ? JSON.stringify(patch.members) : null],
        )
      ).rows
      return row && toGroup(row)
    },
    deletePartyGroup: async (id) => ((await query('DELETE FROM party_groups WHERE id = $1', [id])).rowCount ?? 0) > 0,
  }
}

/** The memory store's groups (a Map keeps the order they were made in). */
export class MemoryPartyGroups implements PartyGroupStore {
  readonly #groups = new Map<string, PartyGroup>(SEED_PARTY_GROUPS.map((g) => [g.id, copy(g)]))
  readonly #open: () => void
  constructor(open: () => void) {
    this.#open = open
  }

  async listPartyGroups(): Promise<PartyGroup[]> {
    this.#open()
    return [...this.#groups.values()].map(copy)
  }

  async getPartyGroup(id: string): Promise<PartyGroup | undefined> {
    this.#open()
    const group = this.#groups.get(id)
    return group && copy(group)
  }

  async createPartyGroup(group: PartyGroup): Promise<void> {
    this.#open()
    if (this.#groups.has(group.id)) throw new Error(`party group ${group.id} already exists`)
    this.#groups.set(group.id, copy(group))
  }

  async updatePartyGroup(id: string, patch: PartyGroupPatch): Promise<PartyGroup | undefined> {
    this.#open()
    const group = this.#groups.get(id)
    if (!group) return undefined
    const next = merged(group, patch)
    this.#groups.set(id, next)
    return copy(next)
  }

  async deletePartyGroup(id: string): Promise<boolean> {
    this.#open()
    return this.#groups.delete(id)
  }
}
