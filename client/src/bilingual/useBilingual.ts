/**
 * A draft's second language as the page follows it live: the settings from the review
 * document (`settings.translation`) and the aligned rows with each counterpart's status from
 * the body's Y.Doc, read again (once a frame) whenever either changes.
 */
import { useEffect, useRef, useState } from 'react'
import { REVIEW_SETTINGS_KEY } from '@consenso/protocol'
import { hasTranslation, isTranslationSettings, otherLanguage, translationRows, type TextLanguage, type TranslationRow, type TranslationSettings } from '@consenso/schema'
import type * as Y from 'yjs'
import type { CollabSession } from '../collab/session.ts'

export interface Bilingual {
  settings: TranslationSettings | null
  /** The body's language (the other one). */
  source: TextLanguage | null
  /** The translation fragment has arrived (an editor may be bound to it). */
  ready: boolean
  rows: TranslationRow[]
}

const NONE: Bilingual = { settings: null, source: null, ready: false, rows: [] }

/**
 * The state as it is now, or `previous` itself when nothing a reader sees has changed. Most
 * drafts have no second language: every keystroke's update then reads the same nothing, and
 * handing React a new object would re-render the whole editor page (issue 14: half of a
 * keystroke's cost).
 */
export function readBilingual(body: Y.Doc, settingsMap: Y.Map<unknown>, previous: Bilingual): Bilingual {
  const value = settingsMap.get('translation')
  const settings = isTranslationSettings(value) ? value : null
  const ready = settings !== null && hasTranslation(body)
  if (!ready && previous.settings === settings && !previous.ready) return previous
  return { settings, source: settings ? otherLanguage(settings.language) : null, ready, rows: ready ? translationRows(body) : NONE.rows }
}

export function useBilingual(session: CollabSession | null): Bilingual {
  const [state, setState] = useState<Bilingual>(NONE)
  /** The state last set, which `state` becomes at the next render. */
  const latest = useRef(NONE)
  useEffect(() => {
    if (!session) return
    const settingsMap = session.review.doc.getMap<unknown>(REVIEW_SETTINGS_KEY)
    let frame = 0
    // Read here, not in a state updater: React is asked for nothing when nothing changed. An
    // updater that returned the same state still scheduled a render and a commit of the page
    // on every other keystroke (PERF-25: React can skip it eagerly only while no update is
    // pending, and the render that finds nothing new leaves one behind).
    const read = (): void => {
      frame = 0
      const next = readBilingual(session.ydoc, settingsMap, latest.current)
      if (next === latest.current) return
      latest.current = next
      setState(next)
    }
    const schedule = (): void => {
      if (!frame) frame = requestAnimationFrame(read)
    }
    read()
    settingsMap.observe(schedule)
    session.ydoc.on('update', schedule)
    return () => {
      settingsMap.unobserve(schedule)
      session.ydoc.off('update', schedule)
      if (frame) cancelAnimationFrame(frame)
    }
  }, [session])
  return state
}
