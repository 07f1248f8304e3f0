import { useState } from 'react'
import { describeError } from '../api.ts'

/** Runs an action, answering its failure as a sentence; true when it went through. */
export function useAction(): { busy: boolean; error: string | null; run: (work: () => Promise<unknown>) => Promise<boolean>; clear: () => void } {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const run = async (work: () => Promise<unknown>): Promise<boolean> => {
    setBusy(true)
    setError(null)
    try {
      await work()
      return true
    } catch (failure) {
      setError(describeError(failure))
      return false
    } finally {
      setBusy(false)
    }
  }
  return { busy, error, run, clear: () => setError(null) }
}

/**
 * A page's own actions (a form, a row's button, an import): whether one is running, its
 * failure as a sentence, and the last success, said in the page's status line.
 */
export function useOutcome() {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [done, setDone] = useState('')
  /** Runs `work`, busy meanwhile; says what it answers, or shows its failure instead of the last success. */
  const run = async (work: () => Promise<string>): Promise<void> => {
    setBusy(true)
    setError(null)
    try {
      setDone(await work())
    } catch (failure) {
      setDone('')
      setError(describeError(failure))
    } finally {
      setBusy(false)
    }
  }
  /** A row's quick action (the page stays usable meanwhile): says what it answers, or shows its failure. */
  const attempt = async (work: () => Promise<string>): Promise<void> => {
    try {
      setDone(await work())
    } catch (failure) {
      setError(describeError(failure))
    }
  }
  return { busy, error, setError, done, run, attempt }
}
