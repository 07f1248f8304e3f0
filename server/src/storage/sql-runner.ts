/**
 * One small seam over SQLite (better-sqlite3) and Postgres (pg) for the stores whose SQL is
 * the same on both (notifications, silence procedures): statements are written with `?`
 * placeholders, numbered `$1…` for Postgres.
 */
import type Database from 'better-sqlite3'
import type pg from 'pg'

/** Bytes go as a Buffer: a BLOB in SQLite, bytea in Postgres (both read back as a Buffer). */
export type SqlParam = string | number | null | Buffer

export interface SqlRunner {
  all<Row>(sql: string, params?: readonly SqlParam[]): Promise<Row[]>
  /** Answers how many rows changed. */
  run(sql: string, params?: readonly SqlParam[]): Promise<number>
  /** Runs every statement in one transaction: all or none. */
  batch(statements: readonly (readonly [string, readonly SqlParam[]])[]): Promise<void>
}

export function sqliteRunner(db: Database.Database, open: () => void): SqlRunner {
  const batch = db.transaction((statements: readonly (readonly [string, readonly SqlParam[]])[]) => {
    for (const [sql, params] of statements) db.prepare(sql).run(...params)
  })
  return {
    async all<Row>(sql: string, params: readonly SqlParam[] = []) {
      open()
      return db.prepare(sql).all(...params) as Row[]
    },
    async run(sql, params = []) {
      open()
      return db.prepare(sql).run(...params).changes
    },
    async batch(statements) {
      open()
      batch(statements)
    },
  }
}

const numbered = (sql: string): string => {
  let n = 0
  return sql.replace(/\?/g, () => `$${++n}`)
}

export function postgresRunner(pool: pg.Pool, open: () => void): SqlRunner {
  return {
    async all<Row>(sql: string, params: readonly SqlParam[] = []) {
      open()
      return (await pool.query(numbered(sql), [...params])).rows as Row[]
    },
    async run(sql, params = []) {
      open()
      return (await pool.query(numbered(sql), [...params])).rowCount ?? 0
    },
    async batch(statements) {
      open()
      const client = await pool.connect()
      let broken = false
      try {
        await client.query('BEGIN')
        for (const [sql, params] of statements) await client.query(numbered(sql), [...params])
        await client.query('COMMIT')
      } catch (error) {
        broken = true
        await client.query('ROLLBACK').catch(() => {})
        throw error
      } finally {
        client.release(broken)
      }
    },
  }
}

/** A store written once for SQLite and Postgres: every statement goes through its SqlRunner. */
export abstract class SqlStore {
  constructor(protected readonly sql: SqlRunner) {}

  /**
   * Every row `select` reads, as records in `order`. Sorted here, not by the database: the two
   * collate text differently, and a store must list the same on both.
   */
  protected async listSorted<Row, T>(select: string, toRecord: (row: Row) => T, order: (a: T, b: T) => number): Promise<T[]> {
    return (await this.sql.all<Row>(select)).map(toRecord).sort(order)
  }

  /** The record of the row `select` (a SELECT with no WHERE yet) reads for `id`, or undefined. */
  protected async getById<Row, T>(select: string, id: string, toRecord: (row: Row) => T): Promise<T | undefined> {
    const [row] = await this.sql.all<Row>(`${select} WHERE id = ?`, [id])
    return row && toRecord(row)
  }
}
