/**
 * Deleting a register entry after the person confirms: which entry is being asked about,
 * whether the request is running, and its error, for the agreements and the meetings alike.
 */
import { useState } from 'react'
import { describeError } from '../api.ts'

export function useRemoval<T extends { id: string }>(remove: (id: string) => Promise<unknown>, onRemoved: () => void) {
  const [removing, setRemoving] = useState<T | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const confirm = async (): Promise<void> => {
    if (!removing) return
    setBusy(true)
    setError(null)
    try {
      await remove(removing.id)
      setRemoving(null)
      onRemoved()
    } catch (failure) {
      setError(describeError(failure))
    } finally {
      setBusy(false)
    }
  }

  /** Asks about `entry` (a fresh question: no earlier error shown). */
  const ask = (entry: T): void => {
    setError(null)
    setRemoving(entry)
  }

  return { removing, ask, cancel: () => setRemoving(null), busy, error, confirm }
}
