/** Listing and creating drafts. Request bodies are validated by JSON schema (Fastify's Ajv). */
import { randomBytes } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import {
  LANGUAGES,
  LIMITS,
  TEMPLATES,
  type CreateDocumentRequest,
  type CreateDocumentResponse,
  type DocumentListResponse,
  type DocumentSummary,
} from '@consenso/protocol'
import { jsonToYUpdate, templateDocument } from '@consenso/schema'
import type { DocumentRecord } from '../storage/storage.ts'
import { isDocumentId } from '../document-id.ts'
import { sendError } from '../errors.ts'

const createBody = {
  type: 'object',
  required: ['title', 'template'],
  additionalProperties: false,
  properties: {
    title: { type: 'string', minLength: 1, maxLength: LIMITS.titleMaxLength },
    template: { type: 'string', enum: [...TEMPLATES] },
    language: { type: 'string', enum: [...LANGUAGES] },
  },
} as const

export async function documentRoutes(app: FastifyInstance): Promise<void> {
  const summary = (record: DocumentRecord): DocumentSummary => ({
    ...record,
    present: app.collab.presence(record.id),
  })

  app.get('/api/documents', async (): Promise<DocumentListResponse> => {
    const records = await app.storage.listDocuments()
    return { documents: records.map(summary) }
  })

  app.get<{ Params: { id: string } }>('/api/documents/:id', async (request, reply) => {
    const record = isDocumentId(request.params.id) ? await app.storage.getDocument(request.params.id) : undefined
    if (!record) return sendError(reply, 404, 'not_found', 'No draft with this id exists.')
    return summary(record)
  })

  app.post<{ Body: CreateDocumentRequest }>(
    '/api/documents',
    { schema: { body: createBody }, bodyLimit: 16 * 1024 },
    async (request, reply): Promise<CreateDocumentResponse> => {
      const title = request.body.title.trim().replace(/\s+/g, ' ')
      if (!title) return sendError(reply, 400, 'invalid_request', 'The title must not be blank.')
      const now = new Date().toISOString()
      const record: DocumentRecord = {
        id: randomBytes(12).toString('base64url'),
        title,
        template: request.body.template,
        createdAt: now,
        updatedAt: now,
      }
      const body = jsonToYUpdate(templateDocument(request.body.template, request.body.language ?? 'es', title))
      await app.storage.createDocument(record, body)
      request.log.info({ documentId: record.id, template: record.template }, 'draft created')
      return reply.code(201).send({ id: record.id })
    },
  )
}
