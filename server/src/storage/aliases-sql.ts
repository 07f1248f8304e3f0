/** Delegations' aliases on SQLite and Postgres (migration 11), through one SqlRunner. */
import type { DelegationAlias } from '@consenso/protocol'
import { aliasKey, byCodeThenAlias, type AliasStore } from './aliases.ts'
import { SqlStore } from './sql-runner.ts'

interface AliasRow {
  id: string
  code: string
  alias: string
  created_by: string
  created_at: string
}

/** Migration 11's statements; the same on both databases (text columns, a unique key). */
export const ALIASES_MIGRATION_SQL = `
  -- Other names of a delegation for the minutes reader (MINUTES-4); alias_key is the folded
  -- alias, unique so that one name never points at two delegations.
  CREATE TABLE delegation_aliases (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL,
    alias TEXT NOT NULL,
    alias_key TEXT NOT NULL UNIQUE,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
`

const toAlias = (row: AliasRow): DelegationAlias => ({ id: row.id, code: row.code, alias: row.alias, createdBy: row.created_by, createdAt: row.created_at })

export class SqlAliasStore extends SqlStore implements AliasStore {
  list(): Promise<DelegationAlias[]> {
    return this.listSorted('SELECT id, code, alias, created_by, created_at FROM delegation_aliases', toAlias, byCodeThenAlias)
  }

  async create(alias: DelegationAlias): Promise<boolean> {
    const changed = await this.sql.run(
      'INSERT INTO delegation_aliases (id, code, alias, alias_key, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (alias_key) DO NOTHING',
      [alias.id, alias.code, alias.alias, aliasKey(alias.alias), alias.createdBy, alias.createdAt],
    )
    return changed > 0
  }

  async delete(id: string): Promise<boolean> {
    return (await this.sql.run('DELETE FROM delegation_aliases WHERE id = ?', [id])) > 0
  }
}
