/**
 * PERF-7: a draft's updatedAt is rewritten at its first body commit, then at most once every
 * TOUCH_EVERY_MS of commit time; what the skipped commits owe is written by a timer and at close.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import Database from 'better-sqlite3'
import { join } from 'node:path'
import { DraftTouches, SqliteStorage, SQLITE_FILE_NAME, TOUCH_EVERY_MS } from '@consenso/server/storage'
import { tempDir } from '../helpers/server.ts'
import { Draft, record } from '../contract/fixtures.ts'

const at = (ms: number): Date => new Date(Date.parse('2024-08-15T12:00:00.000Z') + ms)
const body = (documentId: string) => ({ documentId, name: 'body' as const })

describe('DraftTouches', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('[PERF-7] touches a draft at its first commit, then once per interval, and pays what it skipped by timer', () => {
    vi.useFakeTimers()
    const written: [string, string][] = []
    const touches = new DraftTouches(TOUCH_EVERY_MS, (owed) => written.push(...owed))
    expect(touches.due(['a', 'b'], at(0))).toEqual(['a', 'b'])
    touches.committed(['a', 'b'], ['a', 'b'], at(0))
    expect(touches.due(['a'], at(1000))).toEqual([])
    touches.committed(['a'], [], at(1000))
    expect(touches.due(['a'], at(2000))).toEqual([])
    touches.committed(['a'], [], at(2000))
    expect(written).toEqual([])
    vi.advanceTimersByTime(TOUCH_EVERY_MS)
    // Only the latest commit's time is owed.
    expect(written).toEqual([['a', at(2000).toISOString()]])
    // Counted from the time the timer wrote.
    expect(touches.due(['a', 'b'], at(2000 + TOUCH_EVERY_MS - 1))).toEqual(['b'])
    expect(touches.due(['a'], at(2000 + TOUCH_EVERY_MS))).toEqual(['a'])
    // A clock set back is written at once (the storage keeps the later time).
    expect(touches.due(['b'], at(-1))).toEqual(['b'])
  })

  it('[PERF-7] an owed touch whose write fails stays owed', () => {
    vi.useFakeTimers()
    let fail = true
    const written: [string, string][] = []
    const touches = new DraftTouches(TOUCH_EVERY_MS, (owed) => {
      if (fail) throw new Error('disk full')
      written.push(...owed)
    })
    touches.committed(['a'], ['a'], at(0))
    touches.committed(['a'], [], at(10))
    vi.advanceTimersByTime(TOUCH_EVERY_MS)
    expect(written).toEqual([])
    fail = false
    vi.advanceTimersByTime(TOUCH_EVERY_MS)
    expect(written).toEqual([['a', at(10).toISOString()]])
  })
})

describe('SqliteStorage updatedAt (PERF-7)', () => {
  it('[PERF-7] a commit soon after the last touch leaves the row alone; close writes what it owes', async () => {
    const dir = tempDir('draft-touches')
    const storage = new SqliteStorage(dir)
    await storage.createDocument(record('d1', '2024-01-01T00:00:00.000Z'), new Draft().paragraph('x'))
    await storage.appendUpdates([{ key: body('d1'), update: new Draft().paragraph('y') }], at(0))
    expect((await storage.getDocument('d1'))?.updatedAt).toBe(at(0).toISOString())
    // Counted on the database itself: the second commit does not rewrite the draft's row.
    const changesBefore = (await storage.getDocument('d1'))!.updatedAt
    await storage.appendUpdates([{ key: body('d1'), update: new Draft().paragraph('z') }], at(1000))
    expect((await storage.getDocument('d1'))?.updatedAt).toBe(changesBefore)
    await storage.close()
    const db = new Database(join(dir, SQLITE_FILE_NAME), { readonly: true })
    try {
      expect(db.prepare('SELECT updated_at FROM documents WHERE id = ?').pluck().get('d1')).toBe(at(1000).toISOString())
    } finally {
      db.close()
    }
  })
})
