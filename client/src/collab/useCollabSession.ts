import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react'
import type { Person } from '../people.ts'
import { CollabSession, forgetLocalCopy, type SessionSnapshot } from './session.ts'

const idle = (): (() => void) => () => {}

/**
 * `user` must keep its identity between renders while the person does not change (memoise
 * it), or every render re-announces it to everyone.
 *
 * Opens the draft while `documentId` is set and `writable` is known (the person's role
 * decides whether the session may send body updates at all; opening before knowing it could
 * send a viewer's stray changes). The session is created in an effect (not during render) so
 * React's double-invoked effects in development open and close a websocket cleanly instead
 * of leaking one.
 */
export function useCollabSession(
  documentId: string | null,
  user: Person | null,
  writable: boolean | null,
): { session: CollabSession | null; snapshot: PageSnapshot | null; refusal: string | null; dismissRefusal: () => void } {
  const [session, setSession] = useState<CollabSession | null>(null)
  const ready = documentId !== null && user !== null && writable !== null
  // A refused change (SYNC-19): the session is replaced by a fresh one, loaded from the server,
  // after this device's copy (IndexedDB, the pending list) is deleted; the reason stays shown.
  const [generation, setGeneration] = useState(0)
  const [refusal, setRefusal] = useState<string | null>(null)
  const forget = useRef(false)

  useEffect(() => {
    if (!ready || !documentId || !user || writable === null) return
    if (forget.current) {
      // The old session is destroyed (its cleanup ran first), so nothing writes the copy again;
      // IndexedDB opens the new copy only after deleting the old one.
      forget.current = false
      forgetLocalCopy(documentId)
    }
    const opened = new CollabSession(documentId, user, writable)
    setSession(opened)
    return () => {
      opened.destroy()
      setSession((current) => (current === opened ? null : current))
    }
    // The person and the role are updated in place below: reopening the draft for a new
    // name or role would drop the connection and the undo history.
  }, [documentId, ready, generation])

  const refusedNow = useSyncExternalStore(session?.subscribe ?? idle, () => session?.getSnapshot().refused ?? null)
  useEffect(() => {
    if (refusedNow === null) return
    forget.current = true
    setRefusal(refusedNow)
    setGeneration((n) => n + 1)
  }, [refusedNow])
  const dismissRefusal = useCallback(() => setRefusal(null), [])

  useEffect(() => {
    if (session && user) session.setUser(user)
  }, [session, user])

  useEffect(() => {
    if (session && writable !== null) session.setWritable(writable)
  }, [session, writable])

  const getPageSnapshot = useMemo(() => (session ? pageSnapshotOf(session) : nullSnapshot), [session])
  const snapshot = useSyncExternalStore(session?.subscribe ?? idle, getPageSnapshot)
  return { session, snapshot, refusal, dismissRefusal }
}

/**
 * The session as the page around the editor sees it: without what moves with every keystroke
 * or remote caret (the unconfirmed count, "saving"/"saved", who is where), which the pieces
 * showing them read themselves with `useSessionValue`. Re-rendering the whole page twice per
 * keystroke (a change, its confirmation) was a large part of a keystroke's cost.
 */
export type PageSnapshot = Omit<SessionSnapshot, 'pending' | 'people' | 'save'> & { offline: boolean }

function pageSnapshotOf(session: CollabSession): () => PageSnapshot {
  let last: PageSnapshot | null = null
  return () => {
    const { pending: _pending, people: _people, save, ...rest } = session.getSnapshot()
    const next: PageSnapshot = { ...rest, offline: save === 'offline' }
    if (last && (Object.keys(next) as Array<keyof PageSnapshot>).every((key) => Object.is(last![key], next[key]))) return last
    last = next
    return next
  }
}

/** One value of the live session, re-rendering its component only when that value changes. */
export function useSessionValue<T>(session: CollabSession, select: (snapshot: SessionSnapshot) => T): T {
  return useSyncExternalStore(session.subscribe, () => select(session.getSnapshot()))
}

const nullSnapshot = (): null => null
