/**
 * The file repository (FILES-* in server/SPEC.md): upload (the file as the body, its
 * description in the query string), versions, list, read, download, change, delete. A person
 * who may not see a file gets 404 for it, as for a file that does not exist. Every change is
 * audited; the search index follows in the background (files/index-entries.ts).
 */
import { createHash } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import {
  FileChange,
  FileListQuery,
  FileUploadQuery,
  FileVersionParams,
  FileVersionQuery,
  IdParams,
  parseTags,
  FILE_MAX_DELEGATIONS,
  FILE_MAX_TAGS,
  FILE_TAG_MAX_LENGTH,
  type FilesResponse,
  type FileVisibility,
  type RepositoryFile,
  type RepositoryFileView,
} from '@consenso/protocol'
import { requireUser } from '../auth/plugin.ts'
import type { AuthenticatedUser } from '../auth/sessions.ts'
import { managesWorkspace } from '../auth/document-access.ts'
import { newId } from '../auth/tokens.ts'
import { Refused } from '../errors.ts'
import { fileSource, seesFile } from '../files/index-entries.ts'
import { FILE_TYPES, servedType, sniff } from '../files/sniff.ts'
import { acceptRawBodies, cleanFileName, sendDownload, uploadedBytes } from './raw-upload.ts'

export interface FileRoutesOptions {
  /** Largest file accepted, in bytes (FILES_MAX_BYTES). */
  maxBytes: number
  now?: () => Date
}

/** For the audit log: `all`, or the delegations' codes. */
const visibilityText = (v: FileVisibility): string => (v.kind === 'all' ? 'all' : v.delegations.join(','))

const megabytes = (bytes: number): string => `${Math.round((bytes / 1024 / 1024) * 10) / 10}`

export async function fileRoutes(app: FastifyInstance, options: FileRoutesOptions): Promise<void> {
  const now = options.now ?? (() => new Date())
  const tooLarge = {
    error: 'file_too_large',
    message: `The file is larger than the ${megabytes(options.maxBytes)} MB the repository accepts; upload a smaller one (split it, or compress its images).`,
  }

  const notFound = (): Refused => new Refused(404, 'not_found', 'No such file, or it is not shared with you.')

  const view = (file: RepositoryFile, auth: AuthenticatedUser, manager: boolean): RepositoryFileView => ({ ...file, canEdit: manager || file.createdBy === auth.user.id })

  /** The file, when the caller sees it (FILES-4); 404 otherwise. */
  const visible = async (auth: AuthenticatedUser, id: string): Promise<{ file: RepositoryFile; manager: boolean }> => {
    const file = await app.storage.files.get(id)
    const manager = await managesWorkspace(app.storage, auth.user)
    if (!file || !seesFile(file, auth.user, manager)) throw notFound()
    return { file, manager }
  }

  /** The file, when the caller may change it (FILES-5): its uploader, a secretariat's member, an administrator. */
  const editable = async (auth: AuthenticatedUser, id: string): Promise<{ file: RepositoryFile; manager: boolean }> => {
    const found = await visible(auth, id)
    if (!found.manager && found.file.createdBy !== auth.user.id) {
      throw new Refused(403, 'forbidden', 'Only who uploaded this file, a technical secretariat or an administrator may change it.')
    }
    return found
  }

  const checkMeeting = async (meetingId: string | null | undefined): Promise<void> => {
    if (!meetingId) return
    if (!(await app.storage.register.getMeeting(meetingId))) throw new Refused(400, 'unknown_meeting', 'meetingId: no such meeting in the register; pick one from the list.')
  }

  const checkVisibility = async (visibility: FileVisibility): Promise<FileVisibility> => {
    if (visibility.kind === 'all') return visibility
    const codes = [...new Set(visibility.delegations)].sort()
    for (const code of codes) {
      if (!(await app.storage.delegations.getDelegation(code))) throw new Refused(400, 'unknown_delegation', `visibility: ${code} is not a delegation of this workspace.`)
    }
    return { kind: 'delegations', delegations: codes }
  }

  const parseVisibility = (raw: string | undefined): FileVisibility => {
    if (raw === undefined || raw.trim() === 'all') return { kind: 'all' }
    const codes = raw.split(',').map((c) => c.trim()).filter(Boolean)
    if (codes.length === 0 || codes.length > FILE_MAX_DELEGATIONS) throw new Refused(400, 'invalid_visibility', `visibility: "all", or from 1 to ${FILE_MAX_DELEGATIONS} delegation codes separated by commas.`)
    return { kind: 'delegations', delegations: codes }
  }

  const checkTags = (tags: string[]): string[] => {
    if (tags.length > FILE_MAX_TAGS) throw new Refused(400, 'too_many_tags', `tags: at most ${FILE_MAX_TAGS}.`)
    if (tags.some((t) => t.length > FILE_TAG_MAX_LENGTH)) throw new Refused(400, 'tag_too_long', `tags: each at most ${FILE_TAG_MAX_LENGTH} characters.`)
    return tags
  }

  /** What an uploaded body is (FILES-3): its type from its bytes, its digest. */
  const examine = (body: unknown, name: string, uploadedBy: string) => {
    const data = uploadedBytes(body, options.maxBytes, tooLarge)
    const kind = sniff(data)
    if (!kind) {
      throw new Refused(415, 'unsupported_type', 'This kind of file is not accepted: upload a PDF, a Word (.docx), Excel (.xlsx) or OpenDocument (.odt) file, a PNG or JPEG image, or plain text.')
    }
    const version = {
      name: cleanFileName(name),
      type: FILE_TYPES[kind],
      size: data.byteLength,
      sha256: createHash('sha256').update(data).digest('hex'),
      uploadedBy,
      uploadedAt: now().toISOString(),
    }
    return { data, version }
  }

  // --- uploads (FILES-2, FILES-3) -------------------------------------------------------------

  await app.register(async (scoped) => {
    acceptRawBodies(scoped, options.maxBytes, tooLarge)

    scoped.post<{ Querystring: FileUploadQuery; Body: Buffer }>(
      '/api/files',
      { schema: { querystring: FileUploadQuery }, bodyLimit: options.maxBytes + 1 },
      async (request, reply) => {
        const auth = requireUser(request, reply)
        if (!auth) return
        const q = request.query
        const { data, version } = examine(request.body, q.name, auth.user.id)
        await checkMeeting(q.meetingId)
        const visibility = await checkVisibility(parseVisibility(q.visibility))
        const title = q.title.trim()
        if (!title) throw new Refused(400, 'title_required', 'title: give the file a title.')
        const at = version.uploadedAt
        const created = await app.storage.files.create(
          {
            id: newId(),
            title,
            description: (q.description ?? '').trim(),
            tags: checkTags(parseTags(q.tags)),
            language: q.language,
            meetingId: q.meetingId ?? null,
            visibility,
            createdBy: auth.user.id,
            createdAt: at,
            updatedAt: at,
          },
          version,
          data,
        )
        await app.audit(request, { action: 'file.created', target: created.id, details: { name: version.name, bytes: version.size, type: version.type, visibility: visibilityText(visibility) } })
        app.fileIndex.touch(created.id)
        app.collab.announce({ kind: 'files' })
        return reply.code(201).send(view(created, auth, await managesWorkspace(app.storage, auth.user)))
      },
    )

    scoped.post<{ Params: IdParams; Querystring: FileVersionQuery; Body: Buffer }>(
      '/api/files/:id/versions',
      { schema: { params: IdParams, querystring: FileVersionQuery }, bodyLimit: options.maxBytes + 1 },
      async (request, reply) => {
        const auth = requireUser(request, reply)
        if (!auth) return
        const { file } = await editable(auth, request.params.id)
        const { data, version } = examine(request.body, request.query.name, auth.user.id)
        const added = await app.storage.files.addVersion(file.id, version, data)
        if (!added) throw notFound()
        await app.storage.files.update(file.id, { updatedAt: version.uploadedAt })
        await app.audit(request, { action: 'file.version_added', target: file.id, details: { version: added.number, name: added.name, bytes: added.size } })
        app.fileIndex.touch(file.id)
        app.collab.announce({ kind: 'files' })
        return reply.code(201).send(added)
      },
    )
  })

  // --- reading (FILES-4, FILES-6) -------------------------------------------------------------

  app.get<{ Querystring: FileListQuery }>('/api/files', { schema: { querystring: FileListQuery } }, async (request, reply): Promise<FilesResponse | undefined> => {
    const auth = requireUser(request, reply)
    if (!auth) return
    const manager = await managesWorkspace(app.storage, auth.user)
    const { meetingId, tag, language } = request.query
    const files = (await app.storage.files.list()).filter(
      (f) => seesFile(f, auth.user, manager) && (!meetingId || f.meetingId === meetingId) && (!tag || f.tags.includes(tag)) && (!language || f.language === language),
    )
    return { files: files.map((f) => view(f, auth, manager)), maxBytes: options.maxBytes }
  })

  app.get<{ Params: IdParams }>('/api/files/:id', { schema: { params: IdParams } }, async (request, reply) => {
    const auth = requireUser(request, reply)
    if (!auth) return
    const { file, manager } = await visible(auth, request.params.id)
    return view(file, auth, manager)
  })

  app.get<{ Params: FileVersionParams }>('/api/files/:id/versions/:number', { schema: { params: FileVersionParams } }, async (request, reply) => {
    const auth = requireUser(request, reply)
    if (!auth) return
    const { file } = await visible(auth, request.params.id)
    const found = await app.storage.files.data(file.id, request.params.number)
    if (!found) throw new Refused(404, 'not_found', 'This file has no such version.')
    return sendDownload(reply, { name: found.version.name, type: servedType(found.version.type), data: found.data })
  })

  // --- changes (FILES-5) ----------------------------------------------------------------------

  app.patch<{ Params: IdParams; Body: FileChange }>('/api/files/:id', { schema: { params: IdParams, body: FileChange }, bodyLimit: 64 * 1024 }, async (request, reply) => {
    const auth = requireUser(request, reply)
    if (!auth) return
    const { file, manager } = await editable(auth, request.params.id)
    const body = request.body
    if (body.title !== undefined && !body.title.trim()) throw new Refused(400, 'title_required', 'title: give the file a title.')
    await checkMeeting(body.meetingId)
    const visibility = body.visibility && (await checkVisibility(body.visibility))
    const changed = await app.storage.files.update(file.id, {
      title: body.title?.trim(),
      description: body.description?.trim(),
      tags: body.tags && checkTags(parseTags(body.tags.join(','))),
      language: body.language,
      meetingId: body.meetingId,
      visibility,
      updatedAt: now().toISOString(),
    })
    if (!changed) throw notFound()
    await app.audit(request, { action: 'file.updated', target: file.id, details: { fields: Object.keys(body).sort().join(','), ...(visibility ? { visibility: visibilityText(visibility) } : {}) } })
    app.fileIndex.touch(file.id)
    app.collab.announce({ kind: 'files' })
    return view(changed, auth, manager)
  })

  app.delete<{ Params: IdParams }>('/api/files/:id', { schema: { params: IdParams } }, async (request, reply) => {
    const auth = requireUser(request, reply)
    if (!auth) return
    const { file } = await editable(auth, request.params.id)
    await app.storage.files.delete(file.id)
    await app.storage.search.remove(fileSource(file.id))
    await app.audit(request, { action: 'file.deleted', target: file.id, details: { title: file.title, versions: file.versions.length } })
    app.fileIndex.touch(file.id)
    app.collab.announce({ kind: 'files' })
    return reply.code(204).send()
  })
}
