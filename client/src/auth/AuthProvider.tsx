import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react'
import { navigate } from 'wouter/use-browser-location'
import type { SessionUser } from '@consenso/protocol'
import {
  describeError,
  getAuthState,
  isNetworkError,
  setUnauthorizedHandler,
  signOut as apiSignOut,
  signOutEverywhere,
} from '../api.ts'
import { AuthContext, type Auth, type AuthStatus } from './context.ts'

/**
 * The last signed-in person (never the session itself, which is an HttpOnly cookie), so that
 * a draft already on this device still opens while the server cannot be reached. Cleared on
 * sign-out, and whenever the server says nobody is signed in.
 */
export const USER_STORAGE_KEY = 'consenso:user'

function remember(user: SessionUser | null): void {
  try {
    if (user) localStorage.setItem(USER_STORAGE_KEY, JSON.stringify(user))
    else localStorage.removeItem(USER_STORAGE_KEY)
  } catch {
    // Without storage the offline fallback is simply not available.
  }
}

function recall(): SessionUser | null {
  try {
    const raw = localStorage.getItem(USER_STORAGE_KEY)
    if (!raw) return null
    const value = JSON.parse(raw) as Partial<SessionUser>
    if (typeof value.id !== 'string' || typeof value.name !== 'string' || typeof value.delegation !== 'string') return null
    return {
      id: value.id,
      name: value.name,
      delegation: value.delegation,
      email: typeof value.email === 'string' ? value.email : '',
      // Only shapes the menu; every administrative request is checked by the server.
      admin: value.admin === true,
      color: typeof value.color === 'string' ? value.color : '#4b5563',
    }
  } catch {
    return null
  }
}

/** The name and delegation chosen on this device before accounts existed; the account replaces it. */
const LEGACY_IDENTITY_KEY = 'consenso:identity'

function forgetLegacyIdentity(): void {
  try {
    localStorage.removeItem(LEGACY_IDENTITY_KEY)
  } catch {
    // Nothing stored, then.
  }
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<AuthStatus>({ kind: 'loading' })
  const [attempt, setAttempt] = useState(0)

  useEffect(() => {
    const controller = new AbortController()
    // A re-check keeps showing the current state meanwhile: blanking the page would close
    // an open draft only to reopen it.
    getAuthState(controller.signal).then(
      (state) => {
        remember(state.user)
        setStatus({ kind: 'ready', firstRun: state.firstRun, user: state.user, offline: false })
      },
      (error: unknown) => {
        if (controller.signal.aborted) return
        const last = recall()
        if (isNetworkError(error) && last) setStatus({ kind: 'ready', firstRun: false, user: last, offline: true })
        else setStatus((current) => (current.kind === 'ready' ? current : { kind: 'unavailable', message: describeError(error) }))
      },
    )
    return () => controller.abort()
  }, [attempt])

  const retry = useCallback(() => setAttempt((n) => n + 1), [])
  useEffect(forgetLegacyIdentity, [])

  const waitingForServer = status.kind === 'unavailable' || (status.kind === 'ready' && status.offline)
  useEffect(() => {
    if (!waitingForServer) return
    window.addEventListener('online', retry)
    return () => window.removeEventListener('online', retry)
  }, [waitingForServer, retry])

  // Signing in or out in another tab: ask the server who this tab is now.
  useEffect(() => {
    const onStorage = (event: StorageEvent): void => {
      if (event.key === USER_STORAGE_KEY) retry()
    }
    window.addEventListener('storage', onStorage)
    return () => window.removeEventListener('storage', onStorage)
  }, [retry])

  const signedIn = useCallback((user: SessionUser) => {
    remember(user)
    setStatus({ kind: 'ready', firstRun: false, user, offline: false })
  }, [])

  const expired = useCallback(() => {
    remember(null)
    // The sign-in gate sends the person to /sign-in with the current address to return to.
    setStatus((current) => (current.kind === 'ready' && current.user === null ? current : { kind: 'ready', firstRun: false, user: null, offline: false }))
  }, [])

  useEffect(() => {
    setUnauthorizedHandler(expired)
    return () => setUnauthorizedHandler(null)
  }, [expired])

  const signOut = useCallback(async (everywhere: boolean, to = '/sign-in') => {
    await (everywhere ? signOutEverywhere() : apiSignOut())
    remember(null)
    // Navigate in the same tick as the state change (React renders both at once): signing
    // out is not "being sent away", so the gate must not add an address to come back to.
    navigate(to)
    setStatus({ kind: 'ready', firstRun: false, user: null, offline: false })
  }, [])

  const user = status.kind === 'ready' ? status.user : null
  const value = useMemo<Auth>(
    () => ({ status, user, signedIn, expired, signOut, retry }),
    [status, user, signedIn, expired, signOut, retry],
  )
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>
}
