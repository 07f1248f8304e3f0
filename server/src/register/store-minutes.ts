/**
 * Agreements from a minutes draft into the register (REGISTER-5, REGISTER-31): one per item,
 * linked to the draft and the item's block, pending, at the given meeting; items already in the
 * register are left as they are (the store decides, so two runs at once add each item once).
 * Each created agreement is audited and announced.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { AGREEMENT_TEXT_MAX_LENGTH, type Agreement } from '@consenso/protocol'
import { newId } from '../auth/tokens.ts'

export interface MinutesAgreement {
  blockId: string
  text: string
  responsible: string[]
  dueDate: string | null
}

/** The agreements created, in the order of `items`. */
export async function storeMinutesAgreements(
  app: FastifyInstance,
  request: FastifyRequest,
  userId: string,
  documentId: string,
  meetingId: string | null,
  items: readonly MinutesAgreement[],
): Promise<Agreement[]> {
  const now = new Date().toISOString()
  const created = await app.storage.register.createLinkedAgreements(
    items.map((item) => ({
      id: newId(),
      text: item.text.trim().slice(0, AGREEMENT_TEXT_MAX_LENGTH),
      responsible: [...item.responsible],
      dueDate: item.dueDate,
      status: 'pending',
      meetingId,
      documentId,
      blockId: item.blockId,
      createdBy: userId,
      createdAt: now,
      updatedBy: userId,
      updatedAt: now,
    })),
  )
  for (const agreement of created) {
    await app.audit(request, { action: 'agreement.created', target: agreement.id, documentId, details: { status: agreement.status, from: 'minutes' } })
  }
  if (created.length > 0) app.collab.announceRegister({ type: 'agreement', op: 'created', ids: created.map((a) => a.id) })
  return created
}
