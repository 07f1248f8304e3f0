/**
 * A draft's second language (BILING-1, BILING-4): owners add it, which writes an empty
 * counterpart of every block into the body's `translation` fragment and names the language in
 * the review settings; owners choose which text is authentic; readers list the aligned rows
 * with each counterpart's status. Audited as `document.translation`.
 */
import type { FastifyInstance } from 'fastify'
import { AddTranslationRequest, REVIEW_SETTINGS_KEY, TranslationSettingsChange } from '@consenso/protocol'
import { hasTranslation, otherLanguage, startTranslation, translationRows, type TranslationRow, type TranslationSettings } from '@consenso/schema'
import { draftLanguage } from '@consenso/convert'
import { sendError } from '../errors.ts'
import { draftAccess } from '../routes/draft-access.ts'
import { TRANSLATION_SETTING, translationSettingsOf } from './settings.ts'

type Params = { id: string }

export interface TranslationResponse {
  /** The body's language, the second one and which is authentic; null for a draft with one language. */
  settings: (TranslationSettings & { source: 'es' | 'en' }) | null
  rows: TranslationRow[]
}

export async function bilingualRoutes(app: FastifyInstance): Promise<void> {
  const access = draftAccess(app)
  const body = (documentId: string) => ({ documentId, name: 'body' as const })
  const meta = (documentId: string) => ({ documentId, name: 'meta' as const })

  const answer = async (documentId: string): Promise<TranslationResponse> => {
    const settings = await app.collab.read(meta(documentId), (doc) => translationSettingsOf(doc))
    const rows = settings ? await app.collab.read(body(documentId), (doc) => translationRows(doc)) : []
    return { settings: settings ? { ...settings, source: otherLanguage(settings.language) } : null, rows }
  }

  app.get<{ Params: Params }>('/api/documents/:id/translation', async (request, reply) => {
    if (!(await access(request, reply, 'read'))) return
    return answer(request.params.id)
  })

  app.post<{ Params: Params; Body: AddTranslationRequest }>('/api/documents/:id/translation', { schema: { body: AddTranslationRequest } }, async (request, reply) => {
    if (!(await access(request, reply, 'manage'))) return
    const documentId = request.params.id
    const { language } = request.body
    const authentic = request.body.authentic ?? otherLanguage(language)
    const current = await app.collab.read(meta(documentId), (doc) => ({ settings: translationSettingsOf(doc), language: draftLanguage(doc) }))
    if (current.settings) return sendError(reply, 409, 'translation_exists', `This draft already has a second language (${current.settings.language}).`)
    if (current.language === language) return sendError(reply, 400, 'same_language', `The draft is already written in ${language}; its second language must be the other one.`)
    const started = await app.collab.write(body(documentId), (doc) => (hasTranslation(doc) ? null : startTranslation(doc)))
    const settings: TranslationSettings = { language, authentic }
    await app.collab.write(meta(documentId), (doc) => {
      const map = doc.getMap(REVIEW_SETTINGS_KEY)
      // A draft that kept no language is written in the other one.
      if (current.language === null) map.set('language', otherLanguage(language))
      map.set(TRANSLATION_SETTING, settings)
    })
    await app.audit(request, { action: 'document.translation', documentId, details: { language, authentic, blocks: started?.added ?? 0 } })
    return reply.code(201).send(await answer(documentId))
  })

  app.put<{ Params: Params; Body: TranslationSettingsChange }>('/api/documents/:id/translation', { schema: { body: TranslationSettingsChange } }, async (request, reply) => {
    if (!(await access(request, reply, 'manage'))) return
    const documentId = request.params.id
    const updated = await app.collab.write(meta(documentId), (doc) => {
      const settings = translationSettingsOf(doc)
      if (!settings) return null
      const next: TranslationSettings = { ...settings, authentic: request.body.authentic }
      doc.getMap(REVIEW_SETTINGS_KEY).set(TRANSLATION_SETTING, next)
      return next
    })
    if (!updated) return sendError(reply, 409, 'no_translation', 'This draft has no second language.')
    await app.audit(request, { action: 'document.translation', documentId, details: { authentic: updated.authentic } })
    return answer(documentId)
  })
}
