/**
 * Deleting an entry after the person confirms: which entry is being asked about, whether the
 * request is running, and its error (agreements, meetings, files alike).
 */
import { useState } from 'react'
import { describeError } from '../api.ts'

export function useRemoval<T extends { id: string }>(remove: (id: string) => Promise<unknown>, onRemoved: (entry: T) => void) {
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
      onRemoved(removing)
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

/**
 * A register tab's changes: the entry open in its dialog (`entry` null for a new one), the
 * last thing done, said once it went through, and the removal; the list is read again after each.
 */
export function useEntryEditing<T extends { id: string }>(remove: (id: string) => Promise<unknown>, reload: () => void, said: { created: string; saved: string; deleted: string }) {
  const [editing, setEditing] = useState<{ entry: T | null } | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const removal = useRemoval<T>(remove, () => {
    setNotice(said.deleted)
    reload()
  })
  const saved = (): void => {
    setNotice(editing?.entry ? said.saved : said.created)
    setEditing(null)
    reload()
  }
  return { editing, open: (entry: T | null) => setEditing({ entry }), close: () => setEditing(null), saved, notice, setNotice, removal }
}
