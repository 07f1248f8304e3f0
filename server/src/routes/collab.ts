/**
 * The collaboration websockets: `/collab/:documentId` (the body) and
 * `/collab/:documentId/meta` (the review data, which no client may write).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { WebSocket, RawData } from 'ws'
import { CloseCode, PROTOCOL_QUERY_PARAM, PROTOCOL_VERSION, retryAfterReason } from '@consenso/protocol'
import type { DocName } from '../storage/storage.ts'
import { Connection } from '../collab/connection.ts'
import { detachUpgradeResponse, WsCollabSocket } from '../collab/ws-socket.ts'
import { DEFAULT_MAX_CONNECTIONS_PER_PERSON } from '../collab/rate-budget.ts'
import { ProtocolError } from '../collab/errors.ts'
import { readRequireSuggesting } from '../collab/validation/require-suggesting.ts'
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

/** How long a client closed for an oversized frame has to read the close before its socket is cut. */
const TOO_LARGE_CLOSE_GRACE_MS = 5_000

export async function collabRoutes(app: FastifyInstance): Promise<void> {
  const handle = (channel: DocName) => (socket: WebSocket, request: CollabRequest): void => {
    const { documentId } = request.params
    const announced = request.query[PROTOCOL_QUERY_PARAM]
    const auth = request.auth
    if (!auth) return refuseEarly(request, socket, channel, CloseCode.unauthorized, 'sign in first')
    if (announced !== undefined && announced !== String(PROTOCOL_VERSION)) {
      return refuseEarly(request, socket, channel, CloseCode.protocolMismatch, `server speaks protocol ${PROTOCOL_VERSION}`)
    }
    if (!app.collab.admit(auth.user.id, app.config.rateLimits.maxConnectionsPerPerson ?? DEFAULT_MAX_CONNECTIONS_PER_PERSON)) {
      app.metrics.refused('too_many_connections')
      return refuseEarly(request, socket, channel, CloseCode.tooManyConnections, 'too many open connections for this person')
    }
    const conn = new Connection(new WsCollabSocket(socket), {
      documentId,
      channel,
      user: { id: auth.user.id, name: auth.user.name, delegation: auth.user.delegation, color: '#4b5563' },
      sessionHash: auth.sessionHash,
      // Until the role is known the connection may only read; frames wait for it anyway.
      role: 'viewer',
      wantsSaved: announced !== undefined,
      limits: app.config.rateLimits,
      onClose: app.metrics.closedWith,
      log: app.log,
      requestId: request.id,
    })
    releaseUpgrade(socket, request)
    serve(app, socket, conn)
  }

  app.get('/collab/:documentId', { websocket: true }, handle('body'))
  app.get('/collab/:documentId/meta', { websocket: true }, handle('meta'))
}

function refuseEarly(request: CollabRequest, socket: WebSocket, channel: DocName, code: CloseCode, reason: string): void {
  request.log.warn({ code, reason, documentId: request.params.documentId, channel }, 'closing collaboration connection')
  socket.close(code, reason)
}

/**
 * Lets go of the HTTP exchange that carried the upgrade, which an open websocket would
 * otherwise keep for as long as it lives (MEM-1): @fastify/websocket's `error` listener
 * closes over the request and the reply, and the TCP socket still points at the response,
 * which holds every security header set on it. That is some 5 KiB per connection.
 * The listener is replaced by `serve`'s, which does what the plugin's default handler did
 * (log, then terminate the socket).
 */
function releaseUpgrade(socket: WebSocket, request: CollabRequest): void {
  socket.removeAllListeners('error')
  detachUpgradeResponse(request.raw.socket as typeof request.raw.socket | undefined)
}

function refuse(conn: Connection, code: CloseCode, reason: string): void {
  conn.log.warn({ code, reason }, 'closing collaboration connection')
  conn.close(code, reason)
}

function handleFrame(conn: Connection, doc: LiveDocument, bytes: Uint8Array): void {
  try {
    doc.handleMessage(conn, bytes)
  } catch (error) {
    if (error instanceof ProtocolError) return refuse(conn, error.code, error.message)
    conn.log.error({ err: error }, 'unexpected error handling a frame')
    conn.close(CloseCode.internalError, 'internal error')
  }
}

/**
 * Serves one connection for as long as it is open. What its listeners close over stays in
 * memory as long as the socket does, so it is kept to the connection, the socket and the
 * document (no request, no named helper closures: under tsx each named closure also carries
 * its own property dictionary).
 */
function serve(app: FastifyInstance, socket: WebSocket, conn: Connection): void {
  let live: LiveDocument | null = null
  // Frames that arrive while the document loads wait here: a client is never served,
  // nor its updates applied, before the stored log is in memory.
  let waiting: Uint8Array[] | null = null

  // Listeners are attached before any await so no frame is lost.
  socket.on('message', (data: RawData, isBinary: boolean) => {
    if (conn.closed) return
    conn.heardAt = performance.now()
    const bytes = toBytes(data)
    if (!isBinary) return refuse(conn, CloseCode.badMessage, 'text frames are not part of the protocol')
    if (!conn.budget.spend(bytes.length)) return refuse(conn, CloseCode.rateLimited, 'too many messages or bytes; slow down')
    if (live) handleFrame(conn, live, bytes)
    else (waiting ??= []).push(bytes)
  })
  // Browsers answer the keepalive's pings by themselves (KEEP-1).
  socket.on('pong', () => {
    conn.heardAt = performance.now()
  })
  socket.on('close', () => {
    app.collab.release(conn.user.id)
    if (live) app.collab.leave(live, conn)
  })
  socket.on('error', (error: Error & { code?: string }) => {
    // ws closes an oversized frame itself (1009); say so in the same words as our own refusals.
    if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
      app.metrics.refused('too_large')
      conn.log.warn({ code: CloseCode.frameTooLarge, reason: error.message }, 'closing collaboration connection')
      // ws has sent the 1009 close frame and drains what still arrives. Destroying the socket
      // now, with the rest of the frame unread, makes the kernel answer with a reset that can
      // overtake the close frame, and the client sees 1006 instead of why (ABUSE-7): it gets
      // a few seconds to read the close before it is cut.
      setTimeout(() => socket.terminate(), TOO_LARGE_CLOSE_GRACE_MS).unref()
      return
    }
    conn.log.warn({ err: error }, 'websocket error')
    socket.terminate()
  })

  void (async () => {
    const { documentId, channel } = conn
    const exists = isDocumentId(documentId) && (await app.storage.getDocument(documentId)) !== undefined
    // A draft that is not shared with the user looks exactly like one that does not exist.
    const role = exists ? await effectiveRole(app.storage, conn.user, documentId) : null
    if (!role) return refuse(conn, CloseCode.unknownDocument, 'unknown document')
    conn.role = role
    // Only an editor's rights depend on it (TRUST-5); read before any frame is handled.
    if (channel === 'body' && role === 'editor') conn.requireSuggesting = await readRequireSuggesting(app.collab, documentId)
    // Agreed text an owner locked is checked frame by frame, from the first one (CONSENSUS-9).
    if (channel === 'body' && (role === 'editor' || role === 'owner')) await app.collab.loadAgreedLock(documentId)
    conn.user.color = await delegationColor(app.storage, conn.user.delegation)
    if (conn.closed) return
    const doc = await app.collab.join({ documentId, name: channel }, conn)
    if (conn.closed) {
      app.collab.leave(doc, conn)
      return
    }
    live = doc
    const early = waiting
    waiting = null
    for (const bytes of early ?? []) {
      if (conn.closed) break
      handleFrame(conn, doc, bytes)
    }
  })().catch((error: unknown) => {
    conn.log.error({ err: error }, 'could not open the document')
    // Storage that cannot be read is storage trouble too: the client waits, longer each time (BACKOFF-1).
    conn.close(CloseCode.storageFailure, retryAfterReason('could not open the document', app.collab.backoff.failed()))
  })
}
