/**
 * Who hears a questionnaire's changes on the page's event stream (QUEST-12): the secretariats
 * and administrators always; an addressed delegation's members of the questionnaire itself and
 * of their own answers; others of a published questionnaire. Nobody hears of another
 * delegation's unpublished answers, not even that they changed.
 */
import { managesWorkspace } from '../auth/document-access.ts'
import type { FastifyInstance } from 'fastify'
import type { UserRecord } from '../storage/storage.ts'

export async function questionnaireConcerns(app: FastifyInstance, user: Pick<UserRecord, 'admin' | 'delegation'>, questionnaireId: string, delegation: string | null): Promise<boolean> {
  if (await managesWorkspace(app.storage, user)) return true
  const q = await app.storage.questionnaires.get(questionnaireId)
  if (!q || q.status === 'draft') return false
  if (q.publishedAt) return true
  if (!q.addressees.includes(user.delegation)) return false
  return delegation === null || delegation === user.delegation
}
