/*
 * The register part of the storage contract (`storage.register`: agreements and meetings),
 * registered inside `storageContract` for every implementation (memory, SQLite, Postgres; see
 * storage.test.ts). Rules, cited by id in the test names:
 *
 * [STORE-37] createAgreement and createMeeting store records that read back as created, their
 *            delegations once each, sorted by code; an unknown id reads as undefined.
 * [STORE-38] createAgreement refuses, changing nothing, a taken id, an unknown status, an unknown
 *            delegation or an unknown meeting; createMeeting a taken id or an unknown delegation.
 * [STORE-39] listAgreements orders by due date (none last), then creation; it filters by
 *            responsible delegation, status, meeting, draft and overdueOn (due before that date
 *            and neither done nor cancelled), and by all of them at once.
 * [STORE-40] updateAgreement and updateMeeting change exactly the fields in the patch (a
 *            delegation list is replaced whole) and return the stored record; an unknown id gives
 *            undefined; a refused patch changes nothing.
 * [STORE-41] deleteAgreement and deleteMeeting remove the record and return false for an unknown
 *            id; a deleted meeting's agreements stay, without a meeting.
 * [STORE-42] createLinkedAgreements creates, in order, only the agreements whose draft and block
 *            no stored agreement has, and returns them; concurrent calls never create two for a
 *            block; a refused batch creates nothing.
 * [STORE-43] listMeetings orders by first day, then creation.
 * [STORE-62] A meeting's startTime, endTime and timeZone read back as stored; a change may
 *            clear them.
 * [STORE-16] (durable stores) The register survives close and reopen.
 */
import { describe, expect, it } from 'vitest'
import { type Agreement } from '@consenso/protocol'
import type { Storage } from '@consenso/server/storage'
import { agreement, meeting, storeOfEachTest } from './fixtures.ts'

export function registerContract(current: () => Storage, reopen: (() => Promise<Storage>) | undefined): void {
  const storage = storeOfEachTest(current)

  describe('register', () => {
    const ids = (list: Array<{ id: string }>): string[] => list.map((x) => x.id)

    it('[STORE-37] agreements and meetings read back as created, delegations sorted once each', async () => {
      const m = meeting('m1', { delegations: ['PAN', 'CHL', 'PAN', 'ST-CRM'], endsOn: '2024-05-12', minutesDocumentId: 'd9' })
      await storage.register.createMeeting(m)
      expect(await storage.register.getMeeting('m1')).toEqual({ ...m, delegations: ['CHL', 'PAN', 'ST-CRM'] })
      const a = agreement('a1', { responsible: ['URY', 'ARG', 'URY'], dueDate: '2024-06-30', meetingId: 'm1', documentId: 'd9', blockId: 'b1' })
      await storage.register.createAgreement(a)
      expect(await storage.register.getAgreement('a1')).toEqual({ ...a, responsible: ['ARG', 'URY'] })
      const bare = agreement('a2', { responsible: [], createdBy: null, updatedBy: null })
      await storage.register.createAgreement(bare)
      expect(await storage.register.getAgreement('a2')).toEqual(bare)
      expect(await storage.register.getAgreement('nope')).toBeUndefined()
      expect(await storage.register.getMeeting('nope')).toBeUndefined()
      // The store keeps its own copy.
      a.responsible.push('MEX')
      expect((await storage.register.getAgreement('a1'))!.responsible).toEqual(['ARG', 'URY'])
    })

    it('[STORE-38] a taken id, unknown status, delegation or meeting is refused and changes nothing', async () => {
      await storage.register.createMeeting(meeting('m1'))
      await storage.register.createAgreement(agreement('a1'))
      const before = await storage.register.listAgreements({})
      await expect(storage.register.createAgreement(agreement('a1', { text: 'otro' }))).rejects.toThrow()
      await expect(storage.register.createAgreement(agreement('a2', { status: 'maybe' as Agreement['status'] }))).rejects.toThrow()
      await expect(storage.register.createAgreement(agreement('a3', { responsible: ['PAN', 'XXX'] }))).rejects.toThrow()
      await expect(storage.register.createAgreement(agreement('a4', { meetingId: 'm404' }))).rejects.toThrow()
      expect(await storage.register.listAgreements({})).toEqual(before)
      for (const id of ['a2', 'a3', 'a4']) expect(await storage.register.getAgreement(id)).toBeUndefined()
      await expect(storage.register.createMeeting(meeting('m1', { title: 'otra' }))).rejects.toThrow()
      await expect(storage.register.createMeeting(meeting('m2', { delegations: ['CHL', 'XXX'] }))).rejects.toThrow()
      expect(ids(await storage.register.listMeetings())).toEqual(['m1'])
      expect((await storage.register.getMeeting('m1'))!.title).toBe('Reunión m1')
    })

    it('[STORE-39] listAgreements orders by due date (none last), then creation, and filters', async () => {
      await storage.register.createMeeting(meeting('m1'))
      await storage.register.createMeeting(meeting('m2'))
      await storage.register.createAgreement(agreement('z-none', { responsible: ['CHL'] }))
      await storage.register.createAgreement(agreement('y-late', { dueDate: '2024-09-01', responsible: ['CHL', 'PAN'], meetingId: 'm1' }))
      await storage.register.createAgreement(agreement('x-early', { dueDate: '2024-03-01', status: 'done', meetingId: 'm1', documentId: 'd1' }))
      await storage.register.createAgreement(agreement('w-early', { dueDate: '2024-03-01', status: 'in_progress', responsible: ['MEX'], documentId: 'd1' }))
      await storage.register.createAgreement(agreement('v-none', { status: 'cancelled', dueDate: null, meetingId: 'm2' }))
      await storage.register.createAgreement(agreement('u-past', { dueDate: '2024-01-15', status: 'cancelled', responsible: ['CHL'] }))
      expect(ids(await storage.register.listAgreements({}))).toEqual(['u-past', 'x-early', 'w-early', 'y-late', 'z-none', 'v-none'])
      expect(ids(await storage.register.listAgreements({ responsible: 'CHL' }))).toEqual(['u-past', 'y-late', 'z-none'])
      expect(ids(await storage.register.listAgreements({ status: 'cancelled' }))).toEqual(['u-past', 'v-none'])
      expect(ids(await storage.register.listAgreements({ meetingId: 'm1' }))).toEqual(['x-early', 'y-late'])
      expect(ids(await storage.register.listAgreements({ documentId: 'd1' }))).toEqual(['x-early', 'w-early'])
      // Due before the day, not done or cancelled: the day itself is not overdue yet.
      expect(ids(await storage.register.listAgreements({ overdueOn: '2024-03-01' }))).toEqual([])
      expect(ids(await storage.register.listAgreements({ overdueOn: '2024-03-02' }))).toEqual(['w-early'])
      expect(ids(await storage.register.listAgreements({ overdueOn: '2025-01-01' }))).toEqual(['w-early', 'y-late'])
      expect(ids(await storage.register.listAgreements({ overdueOn: '2025-01-01', responsible: 'CHL', status: 'pending', meetingId: 'm1' }))).toEqual([
        'y-late',
      ])
      expect(ids(await storage.register.listAgreements({ responsible: 'CHL', documentId: 'd1' }))).toEqual([])
      expect(await storage.register.listAgreements({ responsible: 'NOBODY' })).toEqual([])
    })

    it('[STORE-40] updates change exactly the patch; unknown ids give undefined; refusals change nothing', async () => {
      await storage.register.createMeeting(meeting('m1'))
      const a = agreement('a1', { responsible: ['CHL', 'PAN'], dueDate: '2024-06-01', documentId: 'd1', blockId: 'b1' })
      await storage.register.createAgreement(a)
      const patched = await storage.register.updateAgreement('a1', {
        status: 'in_progress',
        dueDate: null,
        meetingId: 'm1',
        updatedBy: 'u2',
        updatedAt: '2024-02-02T00:00:00.000Z',
      })
      const expected: Agreement = { ...a, status: 'in_progress', dueDate: null, meetingId: 'm1', updatedBy: 'u2', updatedAt: '2024-02-02T00:00:00.000Z' }
      expect(patched).toEqual(expected)
      expect(await storage.register.getAgreement('a1')).toEqual(expected)
      const replaced = await storage.register.updateAgreement('a1', { responsible: ['URY', 'ARG'] })
      expect(replaced).toEqual({ ...expected, responsible: ['ARG', 'URY'] })
      expect(await storage.register.updateAgreement('nope', { status: 'done' })).toBeUndefined()
      expect(await storage.register.getAgreement('nope')).toBeUndefined()
      const stored = await storage.register.getAgreement('a1')
      await expect(storage.register.updateAgreement('a1', { text: 'cambiado', responsible: ['XXX'] })).rejects.toThrow()
      await expect(storage.register.updateAgreement('a1', { text: 'cambiado', meetingId: 'm404' })).rejects.toThrow()
      expect(await storage.register.getAgreement('a1')).toEqual(stored)

      const m = meeting('m2', { delegations: ['CHL'] })
      await storage.register.createMeeting(m)
      const moved = await storage.register.updateMeeting('m2', { startsOn: '2024-07-01', endsOn: '2024-07-02', delegations: ['PAN', 'MEX'] })
      expect(moved).toEqual({ ...m, startsOn: '2024-07-01', endsOn: '2024-07-02', delegations: ['MEX', 'PAN'] })
      expect(await storage.register.getMeeting('m2')).toEqual(moved)
      expect(await storage.register.updateMeeting('nope', { title: 'x' })).toBeUndefined()
      await expect(storage.register.updateMeeting('m2', { title: 'cambiado', delegations: ['XXX'] })).rejects.toThrow()
      expect(await storage.register.getMeeting('m2')).toEqual(moved)
    })

    it('[STORE-41] deletes remove the record; a deleted meeting keeps its agreements, unlinked', async () => {
      await storage.register.createMeeting(meeting('m1'))
      await storage.register.createMeeting(meeting('m2'))
      await storage.register.createAgreement(agreement('a1', { meetingId: 'm1' }))
      await storage.register.createAgreement(agreement('a2', { meetingId: 'm2' }))
      expect(await storage.register.deleteMeeting('m1')).toBe(true)
      expect(await storage.register.deleteMeeting('m1')).toBe(false)
      expect(await storage.register.getMeeting('m1')).toBeUndefined()
      expect(ids(await storage.register.listMeetings())).toEqual(['m2'])
      expect((await storage.register.getAgreement('a1'))!.meetingId).toBeNull()
      expect((await storage.register.getAgreement('a2'))!.meetingId).toBe('m2')
      expect(await storage.register.deleteAgreement('a1')).toBe(true)
      expect(await storage.register.deleteAgreement('a1')).toBe(false)
      expect(ids(await storage.register.listAgreements({}))).toEqual(['a2'])
      // An id can be used again once free.
      await storage.register.createAgreement(agreement('a1', { responsible: ['MEX'] }))
      expect((await storage.register.getAgreement('a1'))!.responsible).toEqual(['MEX'])
    })

    it('[STORE-42] createLinkedAgreements creates only blocks not yet linked, in order, never twice', async () => {
      const linked = (id: string, blockId: string, documentId = 'd1'): Agreement => agreement(id, { documentId, blockId })
      const first = await storage.register.createLinkedAgreements([linked('a1', 'b1'), linked('a2', 'b2'), linked('a3', 'b3')])
      expect(ids(first)).toEqual(['a1', 'a2', 'a3'])
      expect(first[0]).toEqual(await storage.register.getAgreement('a1'))
      // Again, with one new block and the same block in another draft.
      const again = await storage.register.createLinkedAgreements([linked('a4', 'b1'), linked('a5', 'b4'), linked('a6', 'b2'), linked('a7', 'b1', 'd2')])
      expect(ids(again)).toEqual(['a5', 'a7'])
      expect(await storage.register.getAgreement('a4')).toBeUndefined()
      expect(ids(await storage.register.listAgreements({}))).toEqual(['a1', 'a2', 'a3', 'a5', 'a7'])
      // The same block twice in one call: the first wins.
      expect(ids(await storage.register.createLinkedAgreements([linked('a8', 'b9'), linked('a9', 'b9')]))).toEqual(['a8'])
      // Concurrent runs over the same minutes: each block once.
      const runs = await Promise.all(
        ['x', 'y', 'z'].map((run) => storage.register.createLinkedAgreements(['c1', 'c2', 'c3'].map((block) => linked(`${run}-${block}`, block, 'd3')))),
      )
      expect(runs.flat().map((a) => a.blockId).sort()).toEqual(['c1', 'c2', 'c3'])
      expect((await storage.register.listAgreements({ documentId: 'd3' })).length).toBe(3)
      // A refused batch creates nothing, not even its valid entries.
      const before = await storage.register.listAgreements({})
      await expect(storage.register.createLinkedAgreements([linked('n1', 'n1'), agreement('n2', { documentId: 'd1', blockId: 'n2', responsible: ['XXX'] })])).rejects.toThrow()
      await expect(storage.register.createLinkedAgreements([linked('n3', 'n3'), agreement('n4', { documentId: 'd1', blockId: null })])).rejects.toThrow()
      expect(await storage.register.listAgreements({})).toEqual(before)
    })

    it('[STORE-62] a timed meeting keeps its times and zone; a change can make it all-day again', async () => {
      await storage.register.createMeeting(meeting('m1', { startTime: '09:30', endTime: '17:00', timeZone: 'America/Panama' }))
      expect(await storage.register.getMeeting('m1')).toMatchObject({ startTime: '09:30', endTime: '17:00', timeZone: 'America/Panama' })
      const changed = await storage.register.updateMeeting('m1', { startTime: '10:00', updatedAt: '2024-02-01T00:00:00.000Z' })
      expect(changed).toMatchObject({ startTime: '10:00', endTime: '17:00', timeZone: 'America/Panama' })
      const allDay = await storage.register.updateMeeting('m1', { startTime: null, endTime: null, timeZone: null })
      expect(allDay).toMatchObject({ startTime: null, endTime: null, timeZone: null })
      expect((await storage.register.listMeetings())[0]).toEqual(allDay)
    })

    it('[STORE-43] listMeetings orders by first day, then creation', async () => {
      await storage.register.createMeeting(meeting('z', { startsOn: '2024-06-01' }))
      await storage.register.createMeeting(meeting('y', { startsOn: '2024-05-01' }))
      await storage.register.createMeeting(meeting('x', { startsOn: '2024-06-01' }))
      await storage.register.createMeeting(meeting('w', { startsOn: '2023-12-31', endsOn: '2024-01-02' }))
      expect(ids(await storage.register.listMeetings())).toEqual(['w', 'y', 'z', 'x'])
    })

    if (reopen) it('[STORE-16] the register survives close and reopen', async () => {
      await storage.register.createMeeting(meeting('m1', { delegations: ['MEX', 'CHL'], minutesDocumentId: 'd1' }))
      await storage.register.createAgreement(agreement('a1', { responsible: ['PAN', 'CHL'], dueDate: '2024-04-01', meetingId: 'm1' }))
      await storage.register.createLinkedAgreements([agreement('a2', { documentId: 'd1', blockId: 'b1' })])
      const before = { agreements: await storage.register.listAgreements({}), meetings: await storage.register.listMeetings() }
      const reopened = await reopen()
      expect(await reopened.register.listAgreements({})).toEqual(before.agreements)
      expect(await reopened.register.listMeetings()).toEqual(before.meetings)
      expect(await reopened.register.createLinkedAgreements([agreement('a3', { documentId: 'd1', blockId: 'b1' })])).toEqual([])
    })
  })
}
