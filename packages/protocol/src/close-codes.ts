/**
 * Websocket close codes the server uses. Each is documented in packages/protocol/README.md;
 * the client reads them to tell the user why a connection ended and whether to retry.
 */
export const CloseCode = {
  /** Server shutting down; reconnect later (standard 1001 "going away"). */
  goingAway: 1001,
  /** A frame larger than the server's limit (set by the `ws` library, standard 1009). */
  frameTooLarge: 1009,
  /** Something failed in the server while handling a frame (standard 1011 "internal error"). */
  internalError: 1011,
  /** A frame that could not be decoded, or an update that is not a valid Yjs update. */
  badMessage: 4400,
  /** No valid session: sign in again. */
  unauthorized: 4401,
  /** The client may not open this document, or has just lost access to it. */
  forbidden: 4403,
  /** No document with this id exists; nothing was created. */
  unknownDocument: 4404,
  /** A message type the server does not accept on this channel. */
  unknownMessageType: 4415,
  /** The client speaks another version of the Consenso protocol. */
  protocolMismatch: 4426,
  /** The connection exceeded its message or byte budget. */
  rateLimited: 4429,
  /** The person already has as many websockets open as the server allows. */
  tooManyConnections: 4430,
  /** A presence (awareness) state larger than the server accepts. */
  presenceTooLarge: 4413,
  /** Storage failed to commit; the client keeps its changes and retries. */
  storageFailure: 4500,
  /** The client stopped reading: its unsent data passed the server's limit. Reconnecting resynchronises. */
  notReading: 4509,
  /** Nothing came from the client, not even an answer to the server's pings, for too long. */
  idleTimeout: 4408,
} as const
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode]

/**
 * A close reason that tells the client how long to wait before reconnecting (BACKOFF-1), e.g.
 * `storage failure; retry in 4000 ms`: while storage fails, the server makes the wait grow so
 * clients do not come back several times a second to fail again.
 */
export function retryAfterReason(text: string, ms: number): string {
  return `${text}; retry in ${Math.max(0, Math.round(ms))} ms`
}

/** The wait a close reason asks for (see retryAfterReason), or null when it names none. */
export function retryDelayOf(reason: string): number | null {
  const match = /; retry in (\d{1,9}) ms$/.exec(reason)
  return match ? Number(match[1]) : null
}

/** Codes after which reconnecting cannot help. */
export const PERMANENT_CLOSE_CODES: ReadonlySet<number> = new Set([
  CloseCode.unauthorized,
  CloseCode.forbidden,
  CloseCode.unknownDocument,
  CloseCode.protocolMismatch,
])

/**
 * What a close event reports when the peer sent no code (1005) or the connection dropped
 * without a closing handshake (1006): the network went away, not the server.
 */
export const NO_CLOSE_CODE: ReadonlySet<number> = new Set([1005, 1006])
