/**
 * Files sent as the request body itself (practice attachments, PRACT-6; the file repository,
 * FILES-2): what the browser's XMLHttpRequest sends with upload progress. Shared by their
 * routes: the body read as bytes whatever its declared type, a refusal of ours (413 with a
 * sentence) when it is over the limit, names cleaned of paths, and downloads that a browser
 * saves rather than shows in our origin.
 */
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify'
import { Refused, sendError } from '../errors.ts'

/**
 * In this (encapsulated) plugin, every body is read as bytes, up to one byte over `maxBytes`:
 * the route refuses a body at the limit with its own words, and anything larger is refused
 * before it is read, with the same words.
 */
export function acceptRawBodies(scoped: FastifyInstance, maxBytes: number, tooLarge: { error: string; message: string }): void {
  // Every type as bytes, text/plain and JSON included: an upload is whatever file was sent.
  scoped.removeAllContentTypeParsers()
  scoped.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: maxBytes + 1 }, (_request, body, done) => done(null, body))
  scoped.setErrorHandler((error: FastifyError, _request, reply) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || error.statusCode === 413) return sendError(reply, 413, tooLarge.error, tooLarge.message)
    throw error
  })
}

/** The body's bytes: refused when empty or over `maxBytes`. */
export function uploadedBytes(body: unknown, maxBytes: number, tooLarge: { error: string; message: string }): Uint8Array {
  if (!Buffer.isBuffer(body) || body.byteLength === 0) throw new Refused(400, 'empty_file', 'The file is empty.')
  if (body.byteLength > maxBytes) throw new Refused(413, tooLarge.error, tooLarge.message)
  return new Uint8Array(body.buffer, body.byteOffset, body.byteLength)
}

/** Path separators and control characters (below U+0020) become '_': a name, never a path. */
export function cleanFileName(raw: string): string {
  return [...raw].map((c) => (c === '/' || c === '\\' || c.charCodeAt(0) < 0x20 ? '_' : c)).join('').trim() || 'file'
}

/** Sends bytes as a download, never shown in our origin: an uploaded HTML file must not run as our page. */
export function sendDownload(reply: FastifyReply, file: { name: string; type: string; data: Uint8Array }): FastifyReply {
  return reply
    .header('content-type', file.type)
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`)
    .header('x-content-type-options', 'nosniff')
    .send(Buffer.from(file.data.buffer, file.data.byteOffset, file.data.byteLength))
}
