import { useEffect, useState, useSyncExternalStore } from 'react'
import type { Person } from '../identity.ts'
import { CollabSession, type SessionSnapshot } from './session.ts'

const idle = (): (() => void) => () => {}

/**
 * `user` must keep its identity between renders while the person does not change (memoise
 * it), or every render re-announces it to everyone.
 *
 * Opens the draft for as long as the component is mounted. The session is created in an
 * effect (not during render) so React's double-invoked effects in development open and close
 * a websocket cleanly instead of leaking one.
 */
export function useCollabSession(
  documentId: string,
  user: Person | null,
): { session: CollabSession | null; snapshot: SessionSnapshot | null } {
  const [session, setSession] = useState<CollabSession | null>(null)
  const hasUser = user !== null

  useEffect(() => {
    if (!hasUser || !user) return
    const opened = new CollabSession(documentId, user)
    setSession(opened)
    return () => {
      opened.destroy()
      setSession((current) => (current === opened ? null : current))
    }
    // The person is updated in place below: reopening the draft for a new name would drop
    // the connection and the undo history.
  }, [documentId, hasUser])

  useEffect(() => {
    if (session && user) session.setUser(user)
  }, [session, user])

  const snapshot = useSyncExternalStore(session?.subscribe ?? idle, session?.getSnapshot ?? nullSnapshot)
  return { session, snapshot }
}

const nullSnapshot = (): null => null
