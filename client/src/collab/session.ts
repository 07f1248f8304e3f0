/**
 * One open draft: its Yjs document, the local IndexedDB copy, the websocket to the server,
 * and what the page shows about them (connection, save status, who is here). Kept free of
 * React so its rules can be read in one place; `useCollabSession` adapts it.
 */
import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import type * as encoding from 'lib0/encoding'
import { IndexeddbPersistence } from 'y-indexeddb'
import { WebsocketProvider } from 'y-websocket'
import {
  AuthMessage,
  MessageType,
  NO_CLOSE_CODE,
  PERMANENT_CLOSE_CODES,
  PROTOCOL_QUERY_PARAM,
  PROTOCOL_VERSION,
  isUpdateFrame,
  readRefused,
  readSaved,
} from '@consenso/protocol'
import { BODY_FIELD } from '@consenso/schema'
import type { Person } from '../people.ts'
import { batchDeviceWrites, type DeviceCopyWriter } from './device-copy.ts'
import { PendingChanges, pendingStorageKey } from './pending.ts'
import { ReviewChannel } from './review-channel.ts'
import { honourServerBackoff, serverWait } from './server-backoff.ts'

export type ConnectionState = 'connecting' | 'connected' | 'disconnected'
export type SaveState = 'saved' | 'saving' | 'offline'

export interface PresentPerson extends Person {
  clientId: number
  isSelf: boolean
}

export interface SessionSnapshot {
  connection: ConnectionState
  /** Has a websocket to the server ever opened in this session? */
  everConnected: boolean
  /** Local changes not yet confirmed as committed by the server. */
  pending: number
  save: SaveState
  /** The body can be shown: loaded from this device or from the server. */
  contentReady: boolean
  /** The local copy has been read (whether or not it had anything). */
  localLoaded: boolean
  /** The server ended the connection for good (unknown document, forbidden, old client). */
  closed: { code: number; reason: string } | null
  /** The last close that the provider recovers from by itself, for a passing notice. */
  transientClose: number | null
  /**
   * How many times the server answered a change with "permission denied" (y-protocols auth).
   * A change of count means the person's role changed under them: ask the API again.
   */
  denials: number
  /**
   * The server refused a change's content for good (SYNC-19), with its reason: this copy holds
   * what the server never will, so the page drops it and opens the draft again.
   */
  refused: string | null
  /**
   * What the page knows of the draft may be out of date: the server said so (`details`: a role
   * or the title changed), or the connection came back after a break. Counts up; the page asks
   * the API again at each change.
   */
  staleDetails: number
  people: PresentPerson[]
}

export function websocketBase(location: Location = window.location): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}`
}

type MessageHandler = (
  encoder: encoding.Encoder,
  decoder: decoding.Decoder,
  provider: WebsocketProvider,
  emitSynced: boolean,
  messageType: number,
) => void

export class CollabSession {
  readonly documentId: string
  readonly ydoc: Y.Doc
  readonly provider: WebsocketProvider
  readonly persistence: IndexeddbPersistence
  /** The comment threads (`/collab/:id/meta`), read-only and live. */
  readonly review: ReviewChannel
  readonly #pending: PendingChanges
  readonly #deviceCopy: DeviceCopyWriter
  #snapshot: SessionSnapshot
  readonly #listeners = new Set<() => void>()
  readonly #cleanups: Array<() => void> = []
  #destroyed = false

  /**
   * Viewers and commenters never send body updates (the server would refuse each with
   * "permission denied"): their update frames are held back, and their editor is read-only.
   */
  #writable: boolean

  constructor(documentId: string, user: Person, writable: boolean, wsBase: string = websocketBase()) {
    this.documentId = documentId
    this.ydoc = new Y.Doc()
    this.#pending = new PendingChanges(documentId)
    this.#snapshot = {
      connection: 'connecting',
      everConnected: false,
      pending: this.#pending.count,
      save: 'offline',
      contentReady: false,
      localLoaded: false,
      closed: null,
      transientClose: null,
      denials: 0,
      refused: null,
      staleDetails: 0,
      people: [],
    }
    this.#writable = writable

    this.persistence = new IndexeddbPersistence(`consenso:${documentId}`, this.ydoc)
    this.#deviceCopy = batchDeviceWrites(this.persistence, this.ydoc)
    this.provider = new WebsocketProvider(`${wsBase}/collab`, documentId, this.ydoc, {
      connect: false,
      params: { [PROTOCOL_QUERY_PARAM]: String(PROTOCOL_VERSION) },
      // Every tab has its own connection to the server, which relays between them: copying
      // each update and caret move to the other tabs as well cost every keystroke twice
      // (TYPE-4).
      disableBc: true,
      // y-websocket gives up on every 44xx code; only some of ours are final (a rate limit
      // or a malformed frame is worth a fresh connection).
      shouldReconnect: (event) => !PERMANENT_CLOSE_CODES.has(event.code),
    })
    // During storage trouble the server names how long to wait before coming back (BACKOFF-2).
    this.#cleanups.push(honourServerBackoff(this.provider, (event) => !PERMANENT_CLOSE_CODES.has(event.code)))
    this.#sendOwnAwarenessOnly()
    // Before connecting, so the server's first awareness broadcast already names us.
    this.provider.awareness.setLocalStateField('user', user)
    this.review = new ReviewChannel(documentId, wsBase)

    const onSaved: MessageHandler = (_encoder, decoder) => {
      const { stateVector, frames } = readSaved(decoder)
      if (this.#pending.acknowledge(frames, Y.decodeStateVector(stateVector))) this.#update({ pending: this.#pending.count })
    }
    this.provider.messageHandlers[MessageType.saved] = onSaved

    const onAuth: MessageHandler = (_encoder, decoder) => {
      // y-websocket's own handler only logs the reason to the console.
      if (decoding.readVarUint(decoder) === AuthMessage.permissionDenied) {
        this.#update({ denials: this.#snapshot.denials + 1 })
      }
    }
    this.provider.messageHandlers[MessageType.auth] = onAuth

    const onRefused: MessageHandler = (_encoder, decoder) => {
      const reason = readRefused(decoder)
      // Nothing more goes out from a copy the server will not take: the page reloads it.
      this.#writable = false
      if (this.#snapshot.refused === null) this.#update({ refused: reason })
    }
    this.provider.messageHandlers[MessageType.refused] = onRefused

    const onDetails: MessageHandler = () => this.#update({ staleDetails: this.#snapshot.staleDetails + 1 })
    this.provider.messageHandlers[MessageType.details] = onDetails

    const onUpdate = (_update: Uint8Array, origin: unknown): void => {
      // Remote changes arrive with the provider as origin, the device copy with the
      // persistence: everything else was made here (typing, undo, block ids).
      if (origin === this.provider || origin === this.persistence) return
      // The provider's own update listener was registered first, so if the socket is open
      // the frame carrying this change has just been counted.
      const ws = this.provider.ws
      const sent = this.#writable && this.provider.wsconnected && ws !== null && ws.readyState === WebSocket.OPEN
      this.#pending.add(this.ydoc.clientID, Y.getState(this.ydoc.store, this.ydoc.clientID), sent)
      this.#update({ pending: this.#pending.count })
    }
    this.ydoc.on('update', onUpdate)
    this.#cleanups.push(() => this.ydoc.off('update', onUpdate))

    const provider = this.provider
    const onStatus = ({ status }: { status: ConnectionState }): void => {
      if (status === 'connected') this.#countUpdateFrames()
      // Back after a break: whatever changed meanwhile was announced to nobody here.
      const back = status === 'connected' && this.#snapshot.everConnected
      this.#update({
        connection: status,
        everConnected: this.#snapshot.everConnected || status === 'connected',
        ...(back ? { staleDetails: this.#snapshot.staleDetails + 1 } : {}),
        ...(status === 'connected' ? { transientClose: null } : {}),
      })
    }
    const onSync = (synced: boolean): void => {
      if (synced) this.#update({ contentReady: true })
    }
    const onConnectionClose = (event: CloseEvent | null): void => {
      // null: we closed it ourselves (offline, leaving the page); 1005/1006: no code, the
      // network just went away, which the status already shows.
      if (event && !PERMANENT_CLOSE_CODES.has(event.code) && !NO_CLOSE_CODE.has(event.code)) {
        this.#update({ transientClose: event.code })
      }
    }
    const onClosed = (event: { code: number; reason: string }): void => {
      // A wait the server asked for is not the end: honourServerBackoff reconnects after it.
      if (serverWait(event) !== null) return
      // The draft is over for this page (gone, forbidden, signed out): so are its comments.
      this.review.disconnect()
      this.#update({ closed: { code: event.code, reason: event.reason }, connection: 'disconnected' })
    }
    provider.on('status', onStatus)
    provider.on('sync', onSync)
    provider.on('connection-close', onConnectionClose)
    provider.on('closed', onClosed)
    this.#cleanups.push(() => {
      provider.off('status', onStatus)
      provider.off('sync', onSync)
      provider.off('connection-close', onConnectionClose)
      provider.off('closed', onClosed)
    })

    void this.persistence.whenSynced.then(() => {
      if (this.#destroyed) return
      const hasBody = this.ydoc.getXmlFragment(BODY_FIELD).length > 0
      this.#update({ localLoaded: true, ...(hasBody ? { contentReady: true } : {}) })
    })

    const awareness = this.provider.awareness
    // Carets move with every keystroke; the list of people changes when someone comes or goes.
    const onAwareness = (): void => {
      const people = this.#readPeople()
      if (!samePeople(people, this.#snapshot.people)) this.#update({ people })
    }
    awareness.on('change', onAwareness)
    this.#cleanups.push(() => awareness.off('change', onAwareness))

    // Playwright's setOffline and real network loss fire these without always closing an
    // open websocket; follow the browser's view so the status tells the truth at once.
    this.#listen(window, 'offline', () => {
      this.provider.disconnect()
      this.review.disconnect()
    })
    this.#listen(window, 'online', () => {
      if (this.#snapshot.closed) return
      this.provider.connect()
      this.review.connect()
    })
    this.#listen(window, 'pagehide', () => {
      this.#deviceCopy.flush()
      this.#pending.flush()
    })
    this.#listen(document, 'visibilitychange', () => {
      if (document.visibilityState !== 'hidden') return
      this.#deviceCopy.flush()
      this.#pending.flush()
    })

    this.#snapshot = { ...this.#snapshot, people: this.#readPeople() }
    this.#snapshot.save = saveState(this.#snapshot)
    if (!navigator.onLine) this.#update({ connection: 'disconnected' })
    // One tick later: React's development double mount destroys the first session at once,
    // and a socket closed while still connecting only adds noise to the console.
    const connectTimer = window.setTimeout(() => {
      if (!navigator.onLine) return
      this.provider.connect()
      this.review.connect()
    }, 0)
    this.#cleanups.push(() => window.clearTimeout(connectTimer))
  }

  /**
   * y-websocket sends every change its awareness applies back to the server, others' carets
   * included: the server relays each connection's own entries and drops the rest, so every
   * caret move of someone else cost every other page a frame out and the server a decode and
   * a drop, for nothing (PERF-12). Only our own entry (its moves, its renewal, its removal)
   * goes out; the provider's announcement on connecting was only ever our own.
   */
  #sendOwnAwarenessOnly(): void {
    const provider = this.provider
    const awareness = provider.awareness
    const send = provider._awarenessUpdateHandler
    const own = (changes: { added: number[]; updated: number[]; removed: number[] }, origin: unknown): void => {
      const self = awareness.clientID
      if (changes.added.includes(self) || changes.updated.includes(self) || changes.removed.includes(self)) send({ added: [], updated: [self], removed: [] }, origin)
    }
    awareness.off('update', send)
    // Not among the cleanups, which run before destroy() clears our state: that removal must
    // still go out. The listener ends with the awareness, which the Y.Doc's destroy ends.
    awareness.on('update', own)
  }

  /**
   * Numbers the update frames of the connection that just opened (SaveTracker). y-websocket
   * emits 'connected' before it sends anything on the new socket, so wrapping `send` here sees
   * every frame of it.
   */
  #countUpdateFrames(): void {
    const ws = this.provider.ws
    if (!ws) return
    const tracker = this.#pending.tracker
    tracker.connectionOpened()
    const send = ws.send.bind(ws)
    ws.send = (data: Parameters<WebSocket['send']>[0]): void => {
      if (data instanceof Uint8Array && isUpdateFrame(data)) {
        // Held back, not lost: they stay pending and travel in the sync step 2 of the next
        // connection made with a role that may edit (see setWritable).
        if (!this.#writable) return
        tracker.frameSent(data)
      }
      send(data)
    }
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  getSnapshot = (): SessionSnapshot => this.#snapshot

  setUser(user: Person): void {
    this.provider.awareness.setLocalStateField('user', user)
  }

  /**
   * The person's role changed. Changes held back while read-only are sent by reconnecting:
   * the sync step 2 of a new connection carries everything the server lacks.
   */
  setWritable(writable: boolean): void {
    if (writable === this.#writable) return
    this.#writable = writable
    if (writable && this.#pending.count > 0 && this.provider.wsconnected && !this.#snapshot.closed) {
      this.provider.disconnect()
      this.provider.connect()
    }
  }

  dismissTransientNotice(): void {
    this.#update({ transientClose: null })
  }

  destroy(): void {
    if (this.#destroyed) return
    this.#destroyed = true
    this.#deviceCopy.stop()
    this.#pending.flush()
    for (const cleanup of this.#cleanups.splice(0)) cleanup()
    this.provider.awareness.setLocalState(null)
    this.provider.destroy()
    this.review.destroy()
    void this.persistence.destroy()
    this.ydoc.destroy()
    this.#listeners.clear()
  }

  #readPeople(): PresentPerson[] {
    const people: PresentPerson[] = []
    const self = this.ydoc.clientID
    for (const [clientId, state] of this.provider.awareness.getStates()) {
      const user = (state as { user?: Partial<Person> }).user
      if (!user || typeof user.name !== 'string' || typeof user.delegation !== 'string') continue
      people.push({
        clientId,
        isSelf: clientId === self,
        name: user.name,
        delegation: user.delegation,
        color: typeof user.color === 'string' ? user.color : '#4b5563',
      })
    }
    // Self first, then by name: a stable order, so avatars do not jump as people type.
    return people.sort((a, b) => Number(b.isSelf) - Number(a.isSelf) || a.name.localeCompare(b.name) || a.clientId - b.clientId)
  }

  #update(patch: Partial<SessionSnapshot>): void {
    if (this.#destroyed) return
    const next = { ...this.#snapshot, ...patch }
    next.save = saveState(next)
    this.#snapshot = next
    for (const listener of this.#listeners) listener()
  }

  #listen(target: EventTarget, name: string, handler: () => void): void {
    target.addEventListener(name, handler)
    this.#cleanups.push(() => target.removeEventListener(name, handler))
  }
}

function samePeople(a: readonly PresentPerson[], b: readonly PresentPerson[]): boolean {
  return (
    a.length === b.length &&
    a.every((person, i) => {
      const other = b[i]!
      return person.clientId === other.clientId && person.isSelf === other.isSelf && person.name === other.name && person.delegation === other.delegation && person.color === other.color
    })
  )
}

function saveState(snapshot: SessionSnapshot): SaveState {
  if (snapshot.connection !== 'connected') return 'offline'
  return snapshot.pending > 0 ? 'saving' : 'saved'
}


/**
 * Deletes this device's copy of a draft and its unsent changes: the person has lost access
 * to it, so nothing typed here could be saved, and the text should not stay behind on a
 * shared computer. Call after the draft's session is destroyed.
 */
export function forgetLocalCopy(documentId: string): void {
  try {
    indexedDB.deleteDatabase(`consenso:${documentId}`)
  } catch {
    // No IndexedDB (some private modes): there was no copy.
  }
  try {
    localStorage.removeItem(pendingStorageKey(documentId))
  } catch {
    // Likewise without localStorage.
  }
}
