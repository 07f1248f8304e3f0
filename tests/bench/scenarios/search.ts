/**
 * Search (Consenso only; SEARCH-*): 2,000 drafts generated from the editing traces, indexed in a
 * real SQLite store and a real Postgres schema; then search latency (p50, p99) of the store's
 * query for a person who may read half of them, over seeded one-, two- and three-word queries
 * (the last word a prefix, as typed), and the cost of one update: a 40-paragraph draft read
 * from its Y.Doc into entries and its source replaced in the index, as the indexer does after
 * a commit.
 *
 * The drafts: the final text of each flat trace split into paragraphs; each draft takes 40 of
 * them (seeded) from the pool, so the vocabulary and its spread are the traces'.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { withBlockIds, jsonToYDoc, yDocToJSON } from '@consenso/schema'
import { createPostgresPool, PostgresStorage, SqliteStorage, type Storage } from '@consenso/server/storage'
import { paragraphEntries } from '@consenso/server/search'
import { percentile } from '../lib/stats.ts'
import { expectedText, loadTrace } from '../lib/trace.ts'
import { GENERATOR_TRACES } from './versions.ts'
import { randomFromSeed } from '../../helpers/random.ts'

const POSTGRES_URL = process.env.CONSENSO_TEST_DATABASE_URL || 'postgres://root@127.0.0.1:5432/test'

export interface SearchRow {
  engine: 'sqlite' | 'postgres'
  drafts: number
  entries: number
  queries: number
  p50Ms: number
  p99Ms: number
  /** One draft's reindex: Y.Doc → entries → source replaced. */
  updateMs: number
  /** Indexing all the drafts, per draft. */
  bulkPerDraftMs: number
}

const PARAGRAPHS_PER_DRAFT = 40

function corpus(): string[] {
  const pool: string[] = []
  for (const name of GENERATOR_TRACES) {
    const trace = loadTrace(name)
    for (const line of expectedText(trace, trace.txns.length).split('\n')) if (line.trim().length > 20) pool.push(line.trim().slice(0, 1500))
  }
  return pool
}

async function measure(engine: SearchRow['engine'], storage: Storage, drafts: number, queryCount: number, seed: number): Promise<SearchRow> {
  const random = randomFromSeed(seed).next
  const pool = corpus()
  const at = new Date().toISOString()
  const bodyOf = () =>
    withBlockIds({ type: 'doc', content: Array.from({ length: PARAGRAPHS_PER_DRAFT }, (_, j) => ({ type: 'paragraph', attrs: { kind: j < 5 ? 'preamble' : 'operative' }, content: [{ type: 'text', text: pool[Math.floor(random() * pool.length)]! }] })) })
  let entries = 0
  const bulkStart = performance.now()
  for (let i = 0; i < drafts; i++) {
    const id = `bench${i}`
    const list = paragraphEntries(id, `Draft ${i}`, bodyOf())
    entries += list.length
    await storage.search.replace(`draft:${id}`, list, at)
  }
  const bulkPerDraftMs = (performance.now() - bulkStart) / drafts

  // A person who may read every other draft, and the register.
  const access = ['all', ...Array.from({ length: drafts / 2 }, (_, i) => `draft:bench${i * 2}`)]
  const words = pool.flatMap((p) => p.split(/[^\p{L}]+/u)).filter((w) => w.length >= 4)
  const samples: number[] = []
  for (let i = 0; i < queryCount; i++) {
    const n = 1 + (i % 3)
    const picked = Array.from({ length: n }, () => words[Math.floor(random() * words.length)]!)
    // The last word as typed so far.
    picked[n - 1] = picked[n - 1]!.slice(0, Math.max(3, Math.ceil(picked[n - 1]!.length * 0.7)))
    const start = performance.now()
    await storage.search.search({ text: picked.join(' '), access, limit: 20 })
    samples.push(performance.now() - start)
  }

  // One update: a draft's Y.Doc read into entries and its source replaced.
  const updates: number[] = []
  for (let i = 0; i < 30; i++) {
    const doc = jsonToYDoc(bodyOf())
    const start = performance.now()
    await storage.search.replace(`draft:bench${i}`, paragraphEntries(`bench${i}`, `Draft ${i}`, yDocToJSON(doc)), at)
    updates.push(performance.now() - start)
    doc.destroy()
  }
  return { engine, drafts, entries, queries: queryCount, p50Ms: percentile(samples, 50), p99Ms: percentile(samples, 99), updateMs: percentile(updates, 50), bulkPerDraftMs }
}

export async function runSearch(options: { drafts?: number; queries?: number; seed?: number } = {}): Promise<SearchRow[]> {
  const drafts = options.drafts ?? 2000
  const queries = options.queries ?? 400
  const seed = options.seed ?? 23
  const rows: SearchRow[] = []
  const dir = mkdtempSync(join(tmpdir(), 'bench-search-'))
  const sqlite = new SqliteStorage(dir)
  try {
    rows.push(await measure('sqlite', sqlite, drafts, queries, seed))
  } finally {
    await sqlite.close()
    rmSync(dir, { recursive: true, force: true })
  }
  const schema = `consenso_bench_search_${randomBytes(4).toString('hex')}`
  const admin = createPostgresPool({ connectionString: POSTGRES_URL, max: 1 })
  try {
    await admin.query(`CREATE SCHEMA ${schema}`)
    const postgres = await PostgresStorage.open({ connectionString: POSTGRES_URL, schema })
    try {
      rows.push(await measure('postgres', postgres, drafts, queries, seed))
    } finally {
      await postgres.close()
    }
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => {})
    await admin.end()
  }
  return rows
}
