/*
 * The notification and silence parts of the storage contract (NOTIFY-*, SILENCE-*), registered
 * inside `storageContract` for every implementation (memory, SQLite, Postgres). Rules, cited by
 * id in the test names:
 *
 * [STORE-180] notifications: add, then list newest first (at most `limit`) with unreadCount;
 *             markRead marks the owner's given ids (all without ids) and answers how many
 *             changed, never someone else's; prefs read the defaults until set; claimMail hands
 *             each unmailed notification out once (concurrent claims never share one), holds a
 *             daily-digest reader's until their oldest is old enough, and unclaimMail gives
 *             them back; claimOnce takes a key for one caller only, also when several ask at
 *             once (migration 12); (durable stores) all of it survives a reopen.
 * [STORE-181] deleteDocument (a purge from the trash) removes the draft's notifications, silence
 *             procedures and adoption, and nobody else's.
 * [STORE-182] silence: one holding procedure per draft; a break, an extension or a withdrawal
 *             changes only a running procedure (a break and an extension only before its
 *             deadline); claimDue hands a due procedure to one caller only (concurrent claims
 *             included), again once its lease ran out; recordAdoption ends it adopted and the
 *             adoption reads back.
 */
import { describe, expect, it } from 'vitest'
import type { SilenceProcedure } from '@consenso/protocol'
import type { NewNotification, Storage } from '@consenso/server/storage'

const note = (id: string, userId: string, createdAt: string, documentId: string | null = 'd1'): NewNotification => ({
  id,
  userId,
  kind: 'mention',
  documentId,
  data: { title: 'Declaración', actorName: 'Ana Pérez', actorDelegation: 'CHL', excerpt: '@MEX revisen el OP2' },
  createdAt,
})

const procedure = (id: string, documentId: string, deadline = '2026-12-07T15:00:00.000Z'): SilenceProcedure => ({
  id,
  documentId,
  paragraphIds: null,
  deadline,
  timeZone: 'America/Panama',
  localDeadline: '2026-12-07T10:00',
  parties: ['PAN', 'MEX'],
  status: 'running',
  startedBy: 'u-owner',
  startedAt: '2026-12-07T14:00:00.000Z',
  endedAt: null,
  endedBy: null,
  brokenBy: null,
  objection: null,
  versionId: null,
})

async function draft(storage: Storage, id: string): Promise<void> {
  const at = '2026-12-01T00:00:00.000Z'
  await storage.createDocument({ id, title: 'Declaración', template: 'blank', createdBy: null, createdAt: at, updatedAt: at }, new Uint8Array([0, 0]))
}

export function notifySilenceContract(current: () => Storage, reopen: (() => Promise<Storage>) | undefined): void {
  describe('notifications', () => {
    it('[STORE-180] inboxes, read marks, preferences, the mail queue and once-only keys', async () => {
      let storage = current()
      const store = storage.notifications
      await store.add([note('n1', 'u1', '2026-12-07T10:00:00.000Z'), note('n2', 'u1', '2026-12-07T11:00:00.000Z'), note('n3', 'u2', '2026-12-07T10:30:00.000Z')])
      expect((await store.list('u1', 10)).map((n) => n.id)).toEqual(['n2', 'n1'])
      expect((await store.list('u1', 1)).map((n) => n.id)).toEqual(['n2'])
      expect((await store.list('u1', 10))[0]).toMatchObject({ kind: 'mention', documentId: 'd1', readAt: null, mailedAt: null, data: { excerpt: '@MEX revisen el OP2' } })
      expect(await store.unreadCount('u1')).toBe(2)
      // Someone else's id marks nothing.
      expect(await store.markRead('u1', ['n3'], '2026-12-07T12:00:00.000Z')).toBe(0)
      expect(await store.markRead('u1', ['n1'], '2026-12-07T12:00:00.000Z')).toBe(1)
      expect(await store.markRead('u1', ['n1'], '2026-12-07T12:01:00.000Z')).toBe(0)
      expect(await store.markRead('u1', undefined, '2026-12-07T12:02:00.000Z')).toBe(1)
      expect(await store.unreadCount('u1')).toBe(0)
      expect(await store.unreadCount('u2')).toBe(1)

      expect(await store.getPrefs('u1')).toEqual({ language: 'es', digest: 'off', emailOff: [] })
      await store.setPrefs('u2', { language: 'en', digest: 'daily', emailOff: ['position'] })
      expect(await store.getPrefs('u2')).toEqual({ language: 'en', digest: 'daily', emailOff: ['position'] })

      // u1 is mailed at once; u2 reads a digest, due once their oldest waiting one is a day old.
      const now = '2026-12-07T13:00:00.000Z'
      const [first, second] = await Promise.all([store.claimMail(now, '2026-12-06T13:00:00.000Z', 100), store.claimMail(now, '2026-12-06T13:00:00.000Z', 100)])
      expect([...first!, ...second!].map((n) => n.id).sort()).toEqual(['n1', 'n2'])
      expect(await store.claimMail(now, '2026-12-06T13:00:00.000Z', 100)).toEqual([])
      await store.unclaimMail(['n2'])
      expect((await store.claimMail(now, '2026-12-06T13:00:00.000Z', 100)).map((n) => n.id)).toEqual(['n2'])
      expect((await store.claimMail('2026-12-08T11:00:00.000Z', '2026-12-07T11:00:00.000Z', 100)).map((n) => n.id)).toEqual(['n3'])

      // One caller takes a key, however many ask at once.
      const claims = await Promise.all(Array.from({ length: 6 }, () => store.claimOnce('agreement_due:a1:2026-12-10', now)))
      expect(claims.filter(Boolean)).toHaveLength(1)
      expect(await store.claimOnce('agreement_due:a1:2026-12-10', now)).toBe(false)
      expect(await store.claimOnce('agreement_due:a1:2026-12-11', now)).toBe(true)

      if (reopen) {
        storage = await reopen()
        expect((await storage.notifications.list('u2', 10)).map((n) => n.id)).toEqual(['n3'])
        expect(await storage.notifications.getPrefs('u2')).toEqual({ language: 'en', digest: 'daily', emailOff: ['position'] })
        expect(await storage.notifications.claimOnce('agreement_due:a1:2026-12-10', now)).toBe(false)
      }
    })

    it('[STORE-181] purging a draft removes its notifications, silence procedures and adoption, nobody else’s', async () => {
      const storage = current()
      await draft(storage, 'd1')
      await draft(storage, 'd2')
      await storage.notifications.add([note('n1', 'u1', '2026-12-07T10:00:00.000Z', 'd1'), note('n2', 'u1', '2026-12-07T10:01:00.000Z', 'd2'), note('n3', 'u1', '2026-12-07T10:02:00.000Z', null)])
      expect(await storage.silence.create(procedure('s1', 'd1'))).toBe(true)
      expect(await storage.silence.create(procedure('s2', 'd2'))).toBe(true)
      await storage.silence.recordAdoption({ documentId: 'd1', versionId: 'v1', adoptedAt: '2026-12-07T15:00:01.000Z', adoptedBy: null, parties: ['PAN', 'MEX'], silenceId: 's1' })
      await storage.deleteDocument('d1')
      expect((await storage.notifications.list('u1', 10)).map((n) => n.id)).toEqual(['n3', 'n2'])
      expect(await storage.silence.list('d1')).toEqual([])
      expect(await storage.silence.get('s1')).toBeUndefined()
      expect(await storage.silence.getAdoption('d1')).toBeUndefined()
      expect((await storage.silence.list('d2')).map((p) => p.id)).toEqual(['s2'])
    })
  })

  describe('silence procedures', () => {
    it('[STORE-182] one holding procedure per draft; breaks, extensions and withdrawals change only a running one; due ones are claimed once', async () => {
      let storage = current()
      const store = storage.silence
      expect(await store.create(procedure('s1', 'd1'))).toBe(true)
      expect(await store.create(procedure('s1b', 'd1'))).toBe(false)
      expect(await store.get('s1')).toEqual(procedure('s1', 'd1'))

      // A break at or after the deadline changes nothing; one before it ends the procedure.
      const brk = { by: 'u-mex', delegation: 'MEX', objection: 'México no acompaña el OP2' }
      expect(await store.breakSilence('s1', { ...brk, at: '2026-12-07T15:00:00.000Z' })).toBeUndefined()
      expect(await store.breakSilence('s1', { ...brk, at: '2026-12-07T14:59:59.000Z' })).toMatchObject({ status: 'broken', brokenBy: 'MEX', endedBy: 'u-mex', objection: brk.objection })
      expect(await store.withdraw('s1', { by: 'u-owner', at: '2026-12-07T14:59:59.500Z' })).toBeUndefined()
      // The draft is free for a new procedure; it is listed first.
      expect(await store.create({ ...procedure('s2', 'd1'), startedAt: '2026-12-07T16:00:00.000Z', deadline: '2026-12-08T15:00:00.000Z' })).toBe(true)
      expect((await store.list('d1')).map((p) => p.id)).toEqual(['s2', 's1'])
      const later = { deadline: '2026-12-09T15:00:00.000Z', timeZone: 'America/Santiago', localDeadline: '2026-12-09T12:00' }
      expect(await store.extend('s2', { ...later, at: '2026-12-08T15:00:00.000Z' })).toBeUndefined()
      expect(await store.extend('s2', { ...later, at: '2026-12-08T14:00:00.000Z' })).toMatchObject({ ...later, status: 'running' })
      expect(await store.withdraw('s2', { by: 'u-owner', at: '2026-12-08T14:30:00.000Z' })).toMatchObject({ status: 'withdrawn', endedBy: 'u-owner' })

      // Due procedures are handed out once, however many ask at once.
      expect(await store.create(procedure('s3', 'd3'))).toBe(true)
      expect(await store.create(procedure('s4', 'd4', '2026-12-20T15:00:00.000Z'))).toBe(true)
      expect(await store.claimDue('2026-12-07T14:59:59.000Z', 60_000)).toEqual([])
      const now = '2026-12-07T15:00:00.000Z'
      const claims = await Promise.all([store.claimDue(now, 60_000), store.claimDue(now, 60_000), store.claimDue(now, 60_000)])
      expect(claims.flat().map((p) => p.id)).toEqual(['s3'])
      expect(await store.claimDue('2026-12-07T15:00:30.000Z', 60_000)).toEqual([])
      // Too late to break a claimed one; its claimant died: after the lease another takes it.
      expect(await store.breakSilence('s3', { ...brk, at: '2026-12-07T14:00:00.000Z' })).toBeUndefined()
      expect((await store.claimDue('2026-12-07T15:01:00.001Z', 60_000)).map((p) => p.id)).toEqual(['s3'])
      await store.recordAdoption({ documentId: 'd3', versionId: 'v3', adoptedAt: '2026-12-07T15:01:01.000Z', adoptedBy: null, parties: ['PAN', 'MEX'], silenceId: 's3' })
      expect(await store.get('s3')).toMatchObject({ status: 'adopted', versionId: 'v3', endedAt: '2026-12-07T15:01:01.000Z' })
      expect(await store.claimDue('2026-12-07T16:00:00.000Z', 60_000)).toEqual([])
      // An adoption without silence, then a later one, replace each other.
      await store.recordAdoption({ documentId: 'd5', versionId: 'v5', adoptedAt: '2026-12-07T17:00:00.000Z', adoptedBy: 'u-owner', parties: ['PAN'], silenceId: null })
      await store.recordAdoption({ documentId: 'd5', versionId: 'v6', adoptedAt: '2026-12-07T18:00:00.000Z', adoptedBy: 'u-owner', parties: ['PAN'], silenceId: null })
      expect(await store.getAdoption('d5')).toEqual({ documentId: 'd5', versionId: 'v6', adoptedAt: '2026-12-07T18:00:00.000Z', adoptedBy: 'u-owner', parties: ['PAN'], silenceId: null })

      if (reopen) {
        storage = await reopen()
        expect(await storage.silence.get('s3')).toMatchObject({ status: 'adopted', versionId: 'v3' })
        expect((await storage.silence.getAdoption('d3'))?.versionId).toBe('v3')
        expect((await storage.silence.get('s4'))?.status).toBe('running')
      }
    })
  })
}
