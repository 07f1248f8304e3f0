/**
 * Postgres for the tests: whether it can be reached, and a fresh schema per test so tests
 * share one database without seeing each other's rows. Under CI=true an unreachable Postgres
 * fails the run; elsewhere the Postgres suites are skipped, with the reason printed.
 */
import { randomBytes } from 'node:crypto'
import { createPostgresPool, PostgresStorage } from '@consenso/server/storage'

export const POSTGRES_URL = process.env.CONSENSO_TEST_DATABASE_URL || 'postgres://root@127.0.0.1:5432/test'

/** The URL without its password, for messages. */
function shown(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.toString()
  } catch {
    return '(unparsable CONSENSO_TEST_DATABASE_URL)'
  }
}

/**
 * Null when Postgres answers; otherwise why not. Under CI=true it throws instead, so the suite
 * that asked fails rather than passing by skipping.
 */
export async function postgresUnavailable(timeoutMs = 2000): Promise<string | null> {
  const pool = createPostgresPool({ connectionString: POSTGRES_URL, max: 1, connectionTimeoutMillis: timeoutMs })
  let problem: string | null = null
  try {
    await pool.query('SELECT 1')
  } catch (error) {
    problem = error instanceof Error ? error.message || error.name : String(error)
  } finally {
    await pool.end()
  }
  if (problem === null) return null
  const reason = `Postgres is not reachable at ${shown(POSTGRES_URL)} (${problem}); start it (pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start) or set CONSENSO_TEST_DATABASE_URL`
  if (process.env.CI === 'true') throw new Error(`${reason}; under CI the Postgres suites must run`)
  console.warn(`[postgres] skipped: ${reason}`)
  return reason
}

export type TestPool = ReturnType<typeof createPostgresPool>

export interface TestSchema {
  name: string
  /** Connections whose search_path is this schema, for tests that go under the store. */
  pool: TestPool
  /** Opens a store on this schema (migrating it on first use). */
  open: () => Promise<PostgresStorage>
  /** Runs SQL on this schema outside any store, e.g. to look at schema_migrations. */
  query: <Row extends Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<Row[]>
  /** Drops the schema and everything in it; the stores opened on it must be closed first. */
  drop: () => Promise<void>
}

/** A new, empty, uniquely named schema in the test database. */
export async function testSchema(label = 'contract'): Promise<TestSchema> {
  const name = `consenso_${label}_${process.pid}_${randomBytes(5).toString('hex')}`
  const pool = createPostgresPool({ connectionString: POSTGRES_URL, schema: name, max: 2 })
  try {
    // The name is checked by createPostgresPool and is plain lower-case: no quoting needed.
    await pool.query(`CREATE SCHEMA ${name}`)
  } catch (error) {
    await pool.end()
    throw error
  }
  return {
    name,
    pool,
    open: () => PostgresStorage.open({ connectionString: POSTGRES_URL, schema: name }),
    query: async <Row extends Record<string, unknown>>(sql: string, params: unknown[] = []) => (await pool.query<Row>(sql, params)).rows,
    drop: async () => {
      try {
        await pool.query(`DROP SCHEMA ${name} CASCADE`)
      } finally {
        await pool.end()
      }
    },
  }
}
