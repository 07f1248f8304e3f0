/**
 * The people one can mention (`GET /api/users`), fetched once per page and shared by every
 * comment box and every comment that shows `@user:<id>` as a name. Asked again when a
 * comment names someone not in the list (an account created since).
 */
import { useEffect, useState } from 'react'
import type { PublicUser } from '@consenso/protocol'
import { listUsers } from '../api.ts'

let cached: ReadonlyMap<string, PublicUser> | null = null
let inFlight: Promise<void> | null = null
let lastLoad = 0
const listeners = new Set<() => void>()

/** A missing name is asked for again at most this often. */
const RELOAD_AFTER_MS = 30_000

function load(): void {
  if (inFlight) return
  lastLoad = Date.now()
  inFlight = listUsers().then(
    (users) => {
      cached = new Map(users.map((user) => [user.id, user]))
      inFlight = null
      for (const listener of listeners) listener()
    },
    () => {
      // Names then show as "@person"; the next unknown id asks again.
      inFlight = null
    },
  )
}

export function usePeople(): ReadonlyMap<string, PublicUser> {
  const [people, setPeople] = useState<ReadonlyMap<string, PublicUser>>(() => cached ?? new Map())
  useEffect(() => {
    const listener = (): void => setPeople(cached ?? new Map())
    listeners.add(listener)
    if (!cached) load()
    else listener()
    return () => {
      listeners.delete(listener)
    }
  }, [])
  return people
}

/** Someone is named whom the list does not know: refresh it, not too often. */
export function askForUnknownPerson(): void {
  if (Date.now() - lastLoad > RELOAD_AFTER_MS) load()
}
