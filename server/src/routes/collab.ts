/**
 * The collaboration websockets: `/collab/:documentId` (the body) and
 * `/collab/:documentId/meta` (the review data, which no client may write).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { WebSocket, RawData } from 'ws'
import { CloseCode, PROTOCOL_QUERY_PARAM, PROTOCOL_VERSION } from '@consenso/protocol'
import type { DocName } from '../storage/storage.ts'
import { Connection } from '../collab/connection.ts'
import { ProtocolError } from '../collab/errors.ts'
import type { LiveDocument } from '../collab/live-document.ts'
import { isDocumentId } from '../document-id.ts'
import { effectiveRole } from '../auth/document-access.ts'
import { delegationColor } from '../auth/sessions.ts'

type CollabRequest = FastifyRequest<{ Params: { documentId: string }; Querystring: Record<string, string | undefined> }>

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data))
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
}

export async function collabRoutes(app: FastifyInstance): Promise<void> {
  const handle = (channel: DocName) => (socket: WebSocket, request: CollabRequest) => {
    const { documentId } = request.params
    const announced = request.query[PROTOCOL_QUERY_PARAM]
    const auth = request.auth
    const refuseEarly = (code: CloseCode, reason: string): void => {
      request.log.warn({ code, reason, documentId, channel }, 'closing collaboration connection')
      socket.close(code, reason)
    }
    if (!auth) return refuseEarly(CloseCode.unauthorized, 'sign in first')
    if (announced !== undefined && announced !== String(PROTOCOL_VERSION)) {
      return refuseEarly(CloseCode.protocolMismatch, `server speaks protocol ${PROTOCOL_VERSION}`)
    }
    const conn = new Connection(socket, {
      documentId,
      channel,
      user: { id: auth.user.id, name: auth.user.name, delegation: auth.user.delegation, color: '#4b5563' },
      sessionHash: auth.sessionHash,
      // Until the role is known the connection may only read; frames wait for it anyway.
      role: 'viewer',
      wantsSaved: announced !== undefined,
      limits: app.config.rateLimits,
      log: request.log,
    })
    const refuse = (code: CloseCode, reason: string): void => {
      conn.log.warn({ code, reason }, 'closing collaboration connection')
      conn.close(code, reason)
    }

    let live: LiveDocument | null = null
    // Frames that arrive while the document loads wait here: a client is never served,
    // nor its updates applied, before the stored log is in memory.
    const waiting: Uint8Array[] = []
    const process = (doc: LiveDocument, bytes: Uint8Array): void => {
      try {
        doc.handleMessage(conn, bytes)
      } catch (error) {
        if (error instanceof ProtocolError) return refuse(error.code, error.message)
        conn.log.error({ err: error }, 'unexpected error handling a frame')
        conn.close(1011, 'internal error')
      }
    }

    // Listeners are attached before any await so no frame is lost.
    socket.on('message', (data: RawData, isBinary: boolean) => {
      if (conn.closed) return
      const bytes = toBytes(data)
      if (!isBinary) return refuse(CloseCode.badMessage, 'text frames are not part of the protocol')
      if (!conn.budget.spend(bytes.length)) return refuse(CloseCode.rateLimited, 'too many messages or bytes; slow down')
      if (live) process(live, bytes)
      else waiting.push(bytes)
    })
    socket.on('close', () => {
      if (live) app.collab.leave(live, conn)
    })
    socket.on('error', (error: Error & { code?: string }) => {
      // ws closes an oversized frame itself (1009); say so in the same words as our own refusals.
      if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
        conn.log.warn({ code: CloseCode.frameTooLarge, reason: error.message }, 'closing collaboration connection')
      } else {
        conn.log.warn({ err: error }, 'websocket error')
      }
    })

    void (async () => {
      const exists = isDocumentId(documentId) && (await app.storage.getDocument(documentId)) !== undefined
      // A draft that is not shared with the user looks exactly like one that does not exist.
      const role = exists ? await effectiveRole(app.storage, auth.user, documentId) : null
      if (!role) return refuse(CloseCode.unknownDocument, 'unknown document')
      conn.role = role
      conn.user.color = await delegationColor(app.storage, auth.user.delegation)
      if (conn.closed) return
      const doc = await app.collab.join({ documentId, name: channel }, conn)
      if (conn.closed) {
        app.collab.leave(doc, conn)
        return
      }
      live = doc
      for (const bytes of waiting.splice(0)) {
        if (conn.closed) break
        process(doc, bytes)
      }
    })().catch((error: unknown) => {
      conn.log.error({ err: error }, 'could not open the document')
      conn.close(CloseCode.storageFailure, 'could not open the document, retry')
    })
  }

  app.get('/collab/:documentId', { websocket: true }, handle('body'))
  app.get('/collab/:documentId/meta', { websocket: true }, handle('meta'))
}
