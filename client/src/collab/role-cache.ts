/**
 * The person's last known role on each draft, so that a draft already on this device opens
 * (read-only or not, as it should) while the server cannot be asked. Keyed by user: two
 * people sharing a browser do not inherit each other's roles.
 */
import { isRole, type Role } from '@consenso/protocol'

const key = (documentId: string): string => `consenso:role:${documentId}`

export function cachedRole(documentId: string, userId: string): Role | null {
  try {
    const raw = localStorage.getItem(key(documentId))
    if (!raw) return null
    const value = JSON.parse(raw) as { user?: unknown; role?: unknown }
    return value.user === userId && isRole(value.role) ? value.role : null
  } catch {
    return null
  }
}

export function cacheRole(documentId: string, userId: string, role: Role | null): void {
  try {
    if (role) localStorage.setItem(key(documentId), JSON.stringify({ user: userId, role }))
    else localStorage.removeItem(key(documentId))
  } catch {
    // Without storage, an offline reload cannot open the draft; nothing else depends on it.
  }
}
