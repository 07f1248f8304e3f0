/**
 * The collaboration wire format: the y-websocket protocol (y-protocols sync, awareness and
 * auth messages) plus Consenso's own `saved` acknowledgement and `refused` notice. Client and server import these
 * numbers from here and nowhere else, so they cannot drift apart.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'

/** Outer message types. 0–3 are y-websocket's; Consenso's own start at 100. */
export const MessageType = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
  /** Server → client: "everything up to this state vector is committed to storage". */
  saved: 100,
  /**
   * Server → client, after the permission-denied of a frame whose content the server refuses
   * for good (TRUST-*, not a deletion waiting for its content, SYNC-18): the client's copy holds
   * what the server never will, so it should drop its copy and load the draft again (SYNC-19).
   */
  refused: 101,
  /**
   * Server → client (Consenso clients, body channel): what the page knows of the draft is out
   * of date (the person's role, the title, the trash): ask `GET /api/documents/:id` again. The
   * server knows the moment it changes, so pages need not poll for it.
   */
  details: 102,
} as const
export type MessageType = (typeof MessageType)[keyof typeof MessageType]

/** Inner types of a `sync` message (y-protocols/sync). */
export const SyncStep = { step1: 0, step2: 1, update: 2 } as const

/** Inner type of an `auth` message (y-protocols/auth). */
export const AuthMessage = { permissionDenied: 0 } as const

/**
 * Bumped when a message changes meaning. A Consenso client announces the version it speaks
 * in the `protocol` query parameter of the websocket URL; only such clients are sent `saved`
 * messages, so a stock y-websocket client never sees a type it does not know.
 */
export const PROTOCOL_VERSION = 1
export const PROTOCOL_QUERY_PARAM = 'protocol'

/**
 * A `saved` acknowledgement carries two facts about one connection:
 * - `stateVector`: the Yjs state vector of everything committed to storage;
 * - `frames`: how many update-bearing frames (sync step 2 or update) this connection has
 *   sent whose effects are all committed. Deletions do not move a state vector, so a client
 *   matches its own changes to frames, not to clocks; the state vector serves observers.
 */
export interface Saved {
  stateVector: Uint8Array
  frames: number
}

export function encodeSaved({ stateVector, frames }: Saved): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.saved)
  encoding.writeVarUint8Array(encoder, stateVector)
  encoding.writeVarUint(encoder, frames)
  return encoding.toUint8Array(encoder)
}

/** Reads the body of a `saved` message (after its type has been read). */
export function readSaved(decoder: decoding.Decoder): Saved {
  return { stateVector: decoding.readVarUint8Array(decoder), frames: decoding.readVarUint(decoder) }
}

/** True for a client frame that carries document content: sync step 2 or sync update. */
export function isUpdateFrame(frame: Uint8Array): boolean {
  return frame[0] === MessageType.sync && (frame[1] === SyncStep.step2 || frame[1] === SyncStep.update)
}

/** True for the sync step 2 a client sends in answer to the server's step 1. */
export function isSyncStep2Frame(frame: Uint8Array): boolean {
  return frame[0] === MessageType.sync && frame[1] === SyncStep.step2
}

/** A `refused` message: the reason the frame's content was refused, as the permission-denied gave it. */
export function encodeRefused(reason: string): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.refused)
  encoding.writeVarString(encoder, reason)
  return encoding.toUint8Array(encoder)
}

/** Reads the body of a `refused` message (after its type has been read). */
export function readRefused(decoder: decoding.Decoder): string {
  return decoding.readVarString(decoder)
}

/** A `details` notice: no body, the page asks for the draft's summary again. */
export function encodeDetailsChanged(): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.details)
  return encoding.toUint8Array(encoder)
}

export function encodePermissionDenied(reason: string): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.auth)
  encoding.writeVarUint(encoder, AuthMessage.permissionDenied)
  encoding.writeVarString(encoder, reason)
  return encoding.toUint8Array(encoder)
}

/** A `sync` message of the given step around `payload` (a state vector for step 1, an update otherwise). */
function encodeSync(step: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.sync)
  encoding.writeVarUint(encoder, step)
  encoding.writeVarUint8Array(encoder, payload)
  return encoding.toUint8Array(encoder)
}

/** Sync step 1: "here is my state vector, send me what I lack". */
export const encodeSyncStep1 = (stateVector: Uint8Array): Uint8Array => encodeSync(SyncStep.step1, stateVector)
/** Sync step 2: the answer to a step 1, everything the asker lacks. */
export const encodeSyncStep2 = (update: Uint8Array): Uint8Array => encodeSync(SyncStep.step2, update)
/** A sync update: one change, sent as it happens. */
export const encodeSyncUpdate = (update: Uint8Array): Uint8Array => encodeSync(SyncStep.update, update)

/** An awareness message around an encoded awareness update (y-protocols/awareness format). */
export function encodeAwarenessMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.awareness)
  encoding.writeVarUint8Array(encoder, update)
  return encoding.toUint8Array(encoder)
}
