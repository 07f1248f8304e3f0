/*
 * The audit-log part of the storage contract (`storage.audit`), registered inside
 * `storageContract` for every implementation (memory, SQLite, Postgres; see storage.test.ts).
 * Rules, cited by id in the test names:
 *
 * [STORE-33] appendAudit assigns increasing ids; listAudit returns entries newest first with
 *            every field, details included, as appended.
 * [STORE-34] listAudit filters by action, actor, draft, since and until (both inclusive), and
 *            by all of them at once.
 * [STORE-35] listAudit returns at most `limit` entries, the newest; 500 when not given; a
 *            negative limit gives none, and no more than 10,000 are ever returned.
 */
import { describe, expect, it } from 'vitest'
import { AUDIT_ACTIONS, type AuditEntry } from '@consenso/protocol'
import { AUDIT_LIMIT_MAX, auditLimit, type Storage, type NewAuditEntry } from '@consenso/server/storage'
import { audit, storeOfEachTest } from './fixtures.ts'

export function auditContract(current: () => Storage): void {
  const storage = storeOfEachTest(current)

  describe('audit log', () => {
    it('[STORE-33] entries come back newest first, every field as appended', async () => {
      expect(await storage.audit.listAudit({})).toEqual([])
      const first = audit('2024-05-01T10:00:00.000Z', {
        action: 'member.set',
        actorId: 'u1',
        actorDelegation: 'MEX',
        documentId: 'd1',
        target: 'delegation:PAN',
        ip: '203.0.113.7',
        details: { role: 'editor', previous: null, count: 3, notified: false, note: 'comillas "dobles" y \'simples\', ñ' },
      })
      // Appended with an earlier time: order is that of appending, not of `at`.
      const second = audit('2024-05-01T09:00:00.000Z', { action: 'auth.login_failed', target: 'nadie@example.org', ip: '::1' })
      const third = audit('2024-05-01T11:00:00.000Z', { action: 'export', actorId: 'u2', details: { format: 'docx' } })
      for (const entry of [first, second, third]) await storage.audit.appendAudit(entry)

      const listed = await storage.audit.listAudit({})
      expect(listed.map(({ id: _id, ...rest }) => rest)).toEqual([third, second, first])
      const ids = listed.map((e) => e.id)
      expect(ids[0]!).toBeGreaterThan(ids[1]!)
      expect(ids[1]!).toBeGreaterThan(ids[2]!)

      // What was handed over or handed back can be changed without changing the log.
      first.details.role = 'owner'
      listed[2]!.details.count = 99
      expect((await storage.audit.listAudit({}))[2]!.details).toEqual({
        role: 'editor',
        previous: null,
        count: 3,
        notified: false,
        note: 'comillas "dobles" y \'simples\', ñ',
      })
    })

    it('[STORE-34] listAudit filters by action, actor, draft and time, inclusively and together', async () => {
      const entries: NewAuditEntry[] = [
        audit('2024-05-01T00:00:00.000Z', { action: 'auth.login', actorId: 'u1' }),
        audit('2024-05-02T00:00:00.000Z', { action: 'member.set', actorId: 'u1', documentId: 'd1' }),
        audit('2024-05-03T00:00:00.000Z', { action: 'member.set', actorId: 'u2', documentId: 'd1' }),
        audit('2024-05-04T00:00:00.000Z', { action: 'member.set', actorId: 'u1', documentId: 'd2' }),
        audit('2024-05-05T00:00:00.000Z', { action: 'auth.login', actorId: 'u2' }),
        audit('2024-05-06T00:00:00.000Z', { action: 'write.denied', actorId: 'u1', documentId: 'd1' }),
      ]
      for (const entry of entries) await storage.audit.appendAudit(entry)
      const days = async (query: Parameters<Storage['audit']['listAudit']>[0]): Promise<number[]> =>
        (await storage.audit.listAudit(query)).map((e: AuditEntry) => Number(e.at.slice(8, 10)))

      expect(await days({})).toEqual([6, 5, 4, 3, 2, 1])
      expect(await days({ action: 'member.set' })).toEqual([4, 3, 2])
      expect(await days({ action: 'document.deleted' })).toEqual([])
      expect(await days({ actorId: 'u2' })).toEqual([5, 3])
      expect(await days({ documentId: 'd1' })).toEqual([6, 3, 2])
      expect(await days({ since: '2024-05-03T00:00:00.000Z' })).toEqual([6, 5, 4, 3])
      expect(await days({ until: '2024-05-03T00:00:00.000Z' })).toEqual([3, 2, 1])
      expect(await days({ since: '2024-05-02T00:00:00.000Z', until: '2024-05-04T00:00:00.000Z' })).toEqual([4, 3, 2])
      expect(await days({ action: 'member.set', actorId: 'u1', documentId: 'd1', since: '2024-05-02T00:00:00.000Z', until: '2024-05-02T00:00:00.000Z' })).toEqual([2])
      expect(await days({ action: 'member.set', actorId: 'u1', until: '2024-05-01T23:59:59.999Z' })).toEqual([])
      expect(await days({ actorId: 'u1', limit: 2 })).toEqual([6, 4])
    })

    it('[STORE-35] listAudit returns the newest `limit` entries: 500 by default, clamped to 0…10,000', async () => {
      // Enough entries to see the default; the 10,000 ceiling itself is `auditLimit`'s, which
      // every store applies (checked below without writing ten thousand rows per store).
      const total = 600
      for (let i = 0; i < total; i++) {
        const at = new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString()
        await storage.audit.appendAudit(audit(at, { action: AUDIT_ACTIONS[i % AUDIT_ACTIONS.length]!, details: { i } }))
      }
      const positions = async (query: Parameters<Storage['audit']['listAudit']>[0]): Promise<number[]> =>
        (await storage.audit.listAudit(query)).map((e) => e.details.i as number)
      const newest = (n: number): number[] => Array.from({ length: n }, (_, k) => total - 1 - k)

      expect(await positions({})).toEqual(newest(500))
      expect(await positions({ limit: 3 })).toEqual(newest(3))
      expect(await positions({ limit: 0 })).toEqual([])
      // SQLite reads a negative LIMIT as "no limit": it must not leak through.
      expect(await positions({ limit: -1 })).toEqual([])
      expect(await positions({ limit: AUDIT_LIMIT_MAX + 1 })).toEqual(newest(total))
      expect(await positions({ limit: Number.POSITIVE_INFINITY })).toEqual(newest(total))
      expect([auditLimit(undefined), auditLimit(AUDIT_LIMIT_MAX + 1), auditLimit(Number.POSITIVE_INFINITY), auditLimit(-4)]).toEqual([
        500,
        AUDIT_LIMIT_MAX,
        AUDIT_LIMIT_MAX,
        0,
      ])
    })
  })
}
