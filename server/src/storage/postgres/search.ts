/**
 * Postgres' search index (SEARCH-1): entries in `search_entries` with a tsvector of their text
 * under the Spanish and the English configurations (`consenso_es`, `consenso_en`: Postgres'
 * stemmers after the `unaccent` dictionary, when the extension is there), a GIN index, ranked
 * by ts_rank. Each query word matches by either configuration's stem, the last also as a prefix.
 */
import type pg from 'pg'
import { fold, parseQuery, QUERY_MAX_WORDS } from '../../search/text.ts'
import type { EntryRow, SearchEntry, SearchHit, SearchQuery, SearchStore } from '../search.ts'
import type { Pg } from './client.ts'

export const POSTGRES_SEARCH_MIGRATION_SQL = `
  -- The search index (SEARCH-1); see sqlite/search.ts for the columns.
  CREATE TABLE search_entries (
    id bigserial PRIMARY KEY,
    source text COLLATE "C" NOT NULL,
    access text COLLATE "C" NOT NULL,
    kind text COLLATE "C" NOT NULL,
    target text COLLATE "C" NOT NULL,
    ref text COLLATE "C" NULL,
    label text NULL,
    title text NOT NULL,
    body text NOT NULL,
    vec tsvector NOT NULL
  );
  CREATE INDEX search_entries_source ON search_entries (source);
  CREATE INDEX search_entries_vec ON search_entries USING gin (vec);
  CREATE TABLE search_sources (
    source text COLLATE "C" PRIMARY KEY,
    indexed_at text COLLATE "C" NOT NULL
  );
`

/**
 * Migration 19 (SEARCH-7): the access keys indexed, so a person who may read few drafts is
 * answered from their entries (a BitmapAnd with the GIN index, or the access index alone)
 * instead of every match of a common word rechecked; ts_rank runs on readable matches only.
 */
export const POSTGRES_SEARCH_ACCESS_MIGRATION_SQL = `
  CREATE INDEX search_entries_access ON search_entries (access);
`

/**
 * Migration 16's second half: the `unaccent` extension if it can be had (it is a trusted
 * extension from Postgres 13: a database owner may create it), and the two configurations in
 * the store's schema, with unaccent before the stemmer when it is there.
 *
 * An extension exists once per database, in one schema, and configurations that use its
 * dictionary depend on that schema: created in a store's own schema, dropping that schema
 * (a test's, a second deployment's) took every other schema's configurations with it
 * ("consenso_es does not exist"). So it goes into `public`, which no store drops, and only
 * where `public` cannot take it, into the store's schema as before.
 */
export async function createSearchConfigurations(client: pg.PoolClient): Promise<void> {
  const installed = async (): Promise<boolean> =>
    (await client.query("SELECT 1 FROM pg_extension WHERE extname = 'unaccent'")).rowCount !== 0
  for (const statement of ['CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public', 'CREATE EXTENSION IF NOT EXISTS unaccent']) {
    if (await installed()) break
    await client.query('SAVEPOINT search_unaccent')
    try {
      await client.query(statement)
      await client.query('RELEASE SAVEPOINT search_unaccent')
    } catch {
      // Not allowed here, or another store created it at this moment: look again, or fold in JS.
      await client.query('ROLLBACK TO SAVEPOINT search_unaccent')
    }
  }
  const { rows } = await client.query<{ schema: string }>(
    "SELECT n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'unaccent'",
  )
  const unaccent = rows[0] ? `"${rows[0].schema.replace(/"/g, '""')}".unaccent, ` : ''
  for (const [name, stemmer] of [
    ['consenso_es', 'spanish'],
    ['consenso_en', 'english'],
  ] as const) {
    await client.query(`CREATE TEXT SEARCH CONFIGURATION ${name} (COPY = pg_catalog.${stemmer})`)
    if (unaccent) await client.query(`ALTER TEXT SEARCH CONFIGURATION ${name} ALTER MAPPING FOR hword, hword_part, word WITH ${unaccent}${stemmer}_stem`)
  }
}

/** Both configurations' vectors of a text ($n is the text, folded first when there is no unaccent). */
const VECTOR = (n: number): string => `to_tsvector('consenso_es', $${n}) || to_tsvector('consenso_en', $${n})`

export class PostgresSearch implements SearchStore {
  readonly #pg: Pg
  /** Whether the configurations fold accents themselves; read once. */
  #unaccent: Promise<boolean> | null = null

  constructor(pg: Pg) {
    this.#pg = pg
  }

  #folds(): Promise<boolean> {
    this.#unaccent ??= this.#pg
      .rows<{ n: string }>("SELECT count(*) AS n FROM pg_ts_config_map m JOIN pg_ts_config c ON c.oid = m.mapcfg JOIN pg_ts_dict d ON d.oid = m.mapdict WHERE c.cfgname = 'consenso_es' AND d.dictname = 'unaccent'")
      .then((rows) => Number(rows[0]?.n ?? 0) > 0)
      .catch((error: unknown) => {
        this.#unaccent = null
        throw error
      })
    return this.#unaccent
  }

  async replace(source: string, entries: readonly SearchEntry[], at: string): Promise<void> {
    this.#pg.open()
    const folds = await this.#folds()
    await this.#pg.transaction(async (client) => {
      await client.query('DELETE FROM search_entries WHERE source = $1', [source])
      // In slices: one statement per entry would cost a round trip each.
      for (let i = 0; i < entries.length; i += 200) {
        const slice = entries.slice(i, i + 200)
        const params: unknown[] = []
        const values = slice.map((e) => {
          const n = params.length
          params.push(source, e.access, e.kind, e.target, e.ref, e.label, e.title, e.text, folds ? e.text : fold(e.text))
          return `($${n + 1}, $${n + 2}, $${n + 3}, $${n + 4}, $${n + 5}, $${n + 6}, $${n + 7}, $${n + 8}, ${VECTOR(n + 9)})`
        })
        await client.query(`INSERT INTO search_entries (source, access, kind, target, ref, label, title, body, vec) VALUES ${values.join(', ')}`, params)
      }
      await client.query(
        'INSERT INTO search_sources (source, indexed_at) VALUES ($1, $2) ON CONFLICT (source) DO UPDATE SET indexed_at = EXCLUDED.indexed_at',
        [source, at],
      )
    })
  }

  async remove(source: string): Promise<void> {
    this.#pg.open()
    await this.#pg.transaction(async (client) => {
      await client.query('DELETE FROM search_entries WHERE source = $1', [source])
      await client.query('DELETE FROM search_sources WHERE source = $1', [source])
    })
  }

  async sources(prefix: string): Promise<Map<string, string>> {
    this.#pg.open()
    const rows = await this.#pg.rows<{ source: string; indexed_at: string }>('SELECT source, indexed_at FROM search_sources WHERE starts_with(source, $1)', [prefix])
    return new Map(rows.map((r) => [r.source, r.indexed_at]))
  }

  async search(query: SearchQuery): Promise<SearchHit[]> {
    this.#pg.open()
    const words = parseQuery(query.text).slice(0, QUERY_MAX_WORDS)
    if (words.length === 0 || query.access.length === 0) return []
    const folds = await this.#folds()
    const params: unknown[] = [[...query.access], query.limit]
    const parts = words.map((w) => {
      params.push(folds ? w.folded : fold(w.folded))
      const n = params.length
      const either = `(to_tsquery('consenso_es', $${n}) || to_tsquery('consenso_en', $${n})`
      if (!w.prefix) return `${either})`
      params.push(`${w.folded}:*`)
      return `${either} || to_tsquery('simple', $${params.length}))`
    })
    const rows = await this.#pg.rows<EntryRow>(
      `SELECT e.kind, e.access, e.target, e.ref, e.label, e.title, e.body, ts_rank(e.vec, q) AS score
       FROM search_entries e, (SELECT ${parts.join(' && ')} AS q) query
       WHERE e.vec @@ q AND e.access = ANY($1::text[])
       ORDER BY score DESC, e.id LIMIT $2`,
      params,
    )
    return rows.map(({ body, ...row }) => ({ ...row, score: Number(row.score), text: body }))
  }
}
