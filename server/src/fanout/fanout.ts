/**
 * Fan-out between server instances. Every instance keeps its own clients; what one
 * instance commits (document updates), what its clients announce (awareness), and the
 * access changes it decides (sharing, revoked sessions, deleted drafts) must reach the
 * others. `local` is a single instance (nothing to reach); `redis` is pub/sub across
 * instances. Pub/sub may lose messages, storage does not: after a reconnect each instance
 * resynchronises its open documents from storage.
 */
import type { RegisterEvent } from '@consenso/protocol'

export type FanoutKind = 'local' | 'redis'

/** A change to one Yjs document, already committed by the sending instance. */
export interface DocumentMessage {
  kind: 'update' | 'awareness'
  /** `<documentId>/<body|meta>`. */
  key: string
  payload: Uint8Array
}

export type ControlMessage =
  | { kind: 'access'; documentId: string }
  | { kind: 'sessions'; sessionHashes: string[] }
  | { kind: 'deleted'; documentId: string }
  /** The draft's record changed (title, trash): open pages ask for its summary again. */
  | { kind: 'details'; documentId: string }
  /** The register of agreements or the meetings calendar changed (routes/register.ts). */
  | { kind: 'register'; event: RegisterEvent }
  /** These people's inboxes changed (server/src/notify); their open pages reload them. */
  | { kind: 'notify'; userIds: string[] }
  /** A draft's silence procedure or adoption changed (server/src/silence); its pages reload it. */
  | { kind: 'silence'; documentId: string }
  /** A version of a draft was saved, taken or restored (server/src/versions); its Versions panels list again. */
  | { kind: 'versions'; documentId: string }
  /** The good practices' catalogue, themes or rounds changed (routes/practices.ts); open pages read them again. */
  | { kind: 'practices' }
  /** The shared files changed (routes/files.ts): open files pages list them again, each person what they may see. */
  | { kind: 'files' }
  /** The focal-point directory changed (routes/focal-points.ts); open directory pages read it again. */
  | { kind: 'focalPoints' }
  /** A questionnaire, or one delegation's answer to it, changed (routes/questionnaires.ts); its pages reload it. */
  | { kind: 'questionnaire'; questionnaireId: string; delegation: string | null }

export interface FanoutHandlers {
  onDocument(message: DocumentMessage): void
  onControl(message: ControlMessage): void
  /** Messages may have been lost (the connection to the broker came back). */
  onResync(): void
}

export interface Fanout {
  readonly kind: FanoutKind
  /** Tags every message, so an instance never re-applies its own. */
  readonly instanceId: string
  start(handlers: FanoutHandlers): Promise<void>
  /** Starts receiving one document's messages (when it is loaded here). */
  watch(key: string): Promise<void>
  unwatch(key: string): Promise<void>
  publishDocument(message: DocumentMessage): void
  publishControl(message: ControlMessage): void
  /** Whether messages can reach the other instances now (readiness, /api/ready); absent means always. */
  ready?(): boolean
  close(): Promise<void>
}
