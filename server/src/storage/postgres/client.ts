/**
 * What the Postgres store's parts share: the pool, whether the store is closed, and the two
 * ways they talk to the database: one statement on the pool, or a transaction on ONE client
 * (READ COMMITTED), which is what makes a read-then-write safe against other instances.
 */
import type pg from 'pg'
import { StorageClosedError } from '../storage.ts'

export type Queryable = Pick<pg.PoolClient, 'query'>

export class Pg {
  readonly pool: pg.Pool
  closed = false

  constructor(pool: pg.Pool) {
    this.pool = pool
  }

  /** Throws once the store is closed: every method of every part calls it first. */
  open(): void {
    if (this.closed) throw new StorageClosedError()
  }

  async rows<Row extends pg.QueryResultRow>(sql: string, params: unknown[] = [], on: Queryable = this.pool): Promise<Row[]> {
    return (await on.query<Row>(sql, params)).rows
  }

  /** Runs `work` in one transaction (READ COMMITTED) on one connection; rolls back if it throws. */
  async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect()
    // While checked out, a broken connection emits 'error' on the client as well as failing
    // the query; unheard, that event would end the process.
    const onError = (): void => {}
    client.on('error', onError)
    let broken = false
    try {
      await client.query('BEGIN')
      const result = await work(client)
      await client.query('COMMIT')
      return result
    } catch (error) {
      try {
        await client.query('ROLLBACK')
      } catch {
        broken = true
      }
      throw error
    } finally {
      client.off('error', onError)
      client.release(broken)
    }
  }
}

/** A Postgres store: it talks to the database through the shared Pg, and checks first that it is open. */
export abstract class PgStore {
  constructor(protected readonly pg: Pg) {}
}
