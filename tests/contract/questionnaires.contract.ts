/*
 * The questionnaires part of the storage contract (QUEST-20, QUEST-21 in server/SPEC.md),
 * registered inside `storageContract` for every implementation.
 *
 * [QUEST-20] create/get/list/update keep a questionnaire whole (titles, sections, addressees as
 *            JSON), newest first; a returned record changed by the caller changes nothing stored.
 * [QUEST-21] saveAnswer writes over the version named (0: none yet) and refuses another version
 *            as a conflict, leaving the stored answer; submit once (a second is false); a
 *            submitted delegation's saves are refused as `submitted`; requestReopen and reopen
 *            only when submitted; durable stores keep everything over a reopen.
 */
import { describe, expect, it } from 'vitest'
import type { Questionnaire } from '@consenso/protocol'
import type { Storage } from '@consenso/server/storage'
import { PRACTICES_SECTION } from '../helpers/records.ts'

export const questionnaire = (id: string, createdAt: string): Questionnaire => ({
  id,
  title: { es: `Cuestionario ${id}`, en: `Questionnaire ${id}` },
  // A copy each: a test changes what it reads back, never what another builds.
  sections: [structuredClone(PRACTICES_SECTION)],
  addressees: ['CHL', 'PAN'],
  deadline: '2026-12-10T12:00:00.000Z',
  status: 'draft',
  publishedAt: null,
  createdBy: 'u1',
  createdAt,
  updatedAt: createdAt,
  openedAt: null,
})

const answer = (delegation: string, questionId: string, text: string, by = 'u1') => ({
  questionnaireId: 'qa',
  delegation,
  questionId,
  value: { text },
  updatedBy: by,
  updatedAt: '2026-12-07T10:00:00.000Z',
})

export function questionnaireContract(current: () => Storage, reopen: (() => Promise<Storage>) | undefined): void {
  describe('questionnaires', () => {
    it('[QUEST-20] stored whole, listed newest first, updated, copies not shared', async () => {
      const storage = current()
      expect(await storage.questionnaires.list()).toEqual([])
      await storage.questionnaires.create(questionnaire('qa', '2026-12-07T10:00:00.000Z'))
      await storage.questionnaires.create(questionnaire('qb', '2026-12-07T11:00:00.000Z'))
      expect((await storage.questionnaires.list()).map((q) => q.id)).toEqual(['qb', 'qa'])
      expect(await storage.questionnaires.get('qa')).toEqual(questionnaire('qa', '2026-12-07T10:00:00.000Z'))
      expect(await storage.questionnaires.get('nope')).toBeUndefined()
      const got = (await storage.questionnaires.get('qa'))!
      got.addressees.push('MEX')
      got.sections[0]!.questions[0]!.label.es = 'cambiado'
      expect((await storage.questionnaires.get('qa'))!.addressees).toEqual(['CHL', 'PAN'])
      const opened = { ...questionnaire('qa', '2026-12-07T10:00:00.000Z'), status: 'open' as const, openedAt: '2026-12-07T12:00:00.000Z', publishedAt: '2026-12-08T12:00:00.000Z', deadline: null }
      expect(await storage.questionnaires.update(opened)).toBe(true)
      expect(await storage.questionnaires.get('qa')).toEqual(opened)
      expect(await storage.questionnaires.update(questionnaire('nope', '2026-12-07T10:00:00.000Z'))).toBe(false)
    })

    it('[QUEST-21] answers over the version seen, submitted once, reopened; durable over a reopen', async () => {
      let storage = current()
      await storage.questionnaires.create(questionnaire('qa', '2026-12-07T10:00:00.000Z'))
      expect(await storage.questionnaires.saveAnswer(answer('CHL', 'q1', 'uno'), 0)).toEqual({ saved: true, version: 1 })
      // A second writer who also saw no answer loses, and the first answer stays.
      expect(await storage.questionnaires.saveAnswer(answer('CHL', 'q1', 'otro', 'u2'), 0)).toEqual({ saved: false, reason: 'conflict' })
      expect(await storage.questionnaires.saveAnswer(answer('CHL', 'q1', 'dos', 'u2'), 1)).toEqual({ saved: true, version: 2 })
      expect(await storage.questionnaires.saveAnswer(answer('CHL', 'q1', 'viejo'), 1)).toEqual({ saved: false, reason: 'conflict' })
      expect(await storage.questionnaires.saveAnswer(answer('PAN', 'q1', 'panamá'), 0)).toEqual({ saved: true, version: 1 })
      const chl = await storage.questionnaires.listAnswers('qa', 'CHL')
      expect(chl).toEqual([{ ...answer('CHL', 'q1', 'dos', 'u2'), version: 2 }])
      expect((await storage.questionnaires.listAnswers('qa')).map((a) => [a.delegation, a.value.text])).toEqual([
        ['CHL', 'dos'],
        ['PAN', 'panamá'],
      ])
      expect(await storage.questionnaires.requestReopen('qa', 'CHL', '2026-12-07T11:00:00.000Z')).toBe(false)
      expect(await storage.questionnaires.reopen('qa', 'CHL')).toBe(false)
      expect(await storage.questionnaires.submit('qa', 'CHL', 'u2', '2026-12-11T10:00:00.000Z', true)).toBe(true)
      expect(await storage.questionnaires.submit('qa', 'CHL', 'u1', '2026-12-11T11:00:00.000Z', false)).toBe(false)
      expect(await storage.questionnaires.saveAnswer(answer('CHL', 'q1', 'tarde'), 2)).toEqual({ saved: false, reason: 'submitted' })
      expect(await storage.questionnaires.saveAnswer(answer('CHL', 'q2', 'tarde'), 0)).toEqual({ saved: false, reason: 'submitted' })
      expect(await storage.questionnaires.requestReopen('qa', 'CHL', '2026-12-11T12:00:00.000Z')).toBe(true)
      const submitted = [{ questionnaireId: 'qa', delegation: 'CHL', submittedAt: '2026-12-11T10:00:00.000Z', submittedBy: 'u2', late: true, reopenRequestedAt: '2026-12-11T12:00:00.000Z' }]
      expect(await storage.questionnaires.listResponses('qa')).toEqual(submitted)
      if (reopen) {
        storage = await reopen()
        expect(await storage.questionnaires.listResponses('qa')).toEqual(submitted)
        expect(await storage.questionnaires.listAnswers('qa', 'CHL')).toEqual(chl)
        expect((await storage.questionnaires.get('qa'))?.title.en).toBe('Questionnaire qa')
      }
      expect(await storage.questionnaires.reopen('qa', 'CHL')).toBe(true)
      expect(await storage.questionnaires.listResponses('qa')).toEqual([{ questionnaireId: 'qa', delegation: 'CHL', submittedAt: null, submittedBy: null, late: false, reopenRequestedAt: null }])
      expect(await storage.questionnaires.saveAnswer(answer('CHL', 'q1', 'tres'), 2)).toEqual({ saved: true, version: 3 })
      expect(await storage.questionnaires.submit('qa', 'CHL', 'u1', '2026-12-09T10:00:00.000Z', false)).toBe(true)
      expect((await storage.questionnaires.listResponses('qa'))[0]).toMatchObject({ submittedBy: 'u1', late: false })
    })
  })
}
