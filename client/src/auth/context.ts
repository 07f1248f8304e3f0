import { createContext, useContext } from 'react'
import type { SessionUser } from '@consenso/protocol'

export type AuthStatus =
  | { kind: 'loading' }
  /** `offline`: the server could not be asked; `user` is the one last seen on this device. */
  | { kind: 'ready'; firstRun: boolean; user: SessionUser | null; offline: boolean }
  /** The server could not be asked and nobody was signed in here before. */
  | { kind: 'unavailable'; message: string }

export interface Auth {
  status: AuthStatus
  /** The signed-in person, when there is one. */
  user: SessionUser | null
  /** After sign-in, setup or an accepted invitation: the server has set the cookie. */
  signedIn: (user: SessionUser) => void
  /** The server no longer knows the session (a 401, a websocket closed with 4401). */
  expired: () => void
  /** Ends this session (or all of the person's sessions) and goes to `to` (the sign-in page). */
  signOut: (everywhere: boolean, to?: string) => Promise<void>
  retry: () => void
}

export const AuthContext = createContext<Auth | null>(null)

export function useAuth(): Auth {
  const auth = useContext(AuthContext)
  if (!auth) throw new Error('useAuth outside <AuthProvider>')
  return auth
}

/** For pages that only render behind the sign-in gate. */
export function useSignedInUser(): SessionUser {
  const { user } = useAuth()
  if (!user) throw new Error('useSignedInUser on a page shown without a session')
  return user
}
