/**
 * One polite live log per draft (client/SPEC.md A11Y-30..33): what others do that matters to
 * this person, said by a screen reader without moving the focus. Positions and objections of
 * other delegations, comments that mention the person or their delegation, and (at "everything")
 * every suggestion and comment by others; "Connection restored, everything saved" when the
 * changes kept offline reach the server. How much it says is a setting of this browser
 * (localStorage, LIVE_LOG_KEY): nothing about it needs to follow the person elsewhere.
 */
import { useEffect, useRef, useState, useSyncExternalStore } from 'react'
import { useTranslation } from 'react-i18next'
import type { ConsensusSummary, SessionUser, Thread } from '@consenso/protocol'
import type { SuggestionSummary } from '@consenso/schema'
import type { CollabSession } from '../collab/session.ts'

export const LIVE_LOG_KEY = 'consenso.liveLog'
export type LiveLogLevel = 'important' | 'all' | 'off'
const LEVELS: readonly LiveLogLevel[] = ['important', 'all', 'off']
/** Entries kept in the log: a screen reader reads additions; old ones only fill the tree. */
const KEPT = 20
/** A suggestion is said once its author has stopped typing this long. */
const SUGGESTION_PAUSE_MS = 1_500

const listeners = new Set<() => void>()
export function liveLogLevel(): LiveLogLevel {
  const stored = typeof localStorage === 'undefined' ? null : localStorage.getItem(LIVE_LOG_KEY)
  return LEVELS.includes(stored as LiveLogLevel) ? (stored as LiveLogLevel) : 'important'
}
export function setLiveLogLevel(level: LiveLogLevel): void {
  localStorage.setItem(LIVE_LOG_KEY, level)
  for (const listener of listeners) listener()
}
function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}
export function useLiveLogLevel(): LiveLogLevel {
  return useSyncExternalStore(subscribe, liveLogLevel)
}

interface Props {
  user: SessionUser
  session: CollabSession | null
  threads: readonly Thread[]
  suggestions: readonly SuggestionSummary[]
  summary: ConsensusSummary | null
}

export function LiveLog({ user, session, threads, suggestions, summary }: Props) {
  const { t, i18n } = useTranslation()
  const level = useLiveLogLevel()
  const [entries, setEntries] = useState<Array<{ id: number; text: string }>>([])
  const counter = useRef(0)
  // What was there when the page opened is not news: only what is dated from then on is said
  // (a little slack for clocks a second or two apart).
  const openedAt = useRef(new Date(Date.now() - 5_000).toISOString())
  const seen = useRef<{ suggestions: Set<string>; comments: Set<string>; positions: Map<string, string> }>({
    suggestions: new Set(),
    comments: new Set(),
    positions: new Map(),
  })

  const latestSuggestions = useRef(suggestions)
  const pending = useRef(new Map<string, number>())
  useEffect(() => () => pending.current.forEach((timer) => window.clearTimeout(timer)), [])

  const say = (text: string, important: boolean): void => {
    if (level === 'off' || (level === 'important' && !important)) return
    counter.current += 1
    const id = counter.current
    setEntries((list) => [...list.slice(-(KEPT - 1)), { id, text }])
  }

  useEffect(() => {
    const known = seen.current
    latestSuggestions.current = suggestions
    for (const suggestion of suggestions) {
      if (known.suggestions.has(suggestion.id)) continue
      if (suggestion.delegation === user.delegation || suggestion.at < openedAt.current) {
        known.suggestions.add(suggestion.id)
        continue
      }
      // Said once the author has paused (SUGGESTION_PAUSE_MS), with the words then typed,
      // not at the first letter.
      window.clearTimeout(pending.current.get(suggestion.id))
      pending.current.set(
        suggestion.id,
        window.setTimeout(() => {
          pending.current.delete(suggestion.id)
          const now = latestSuggestions.current.find((s) => s.id === suggestion.id)
          if (!now || known.suggestions.has(now.id)) return
          known.suggestions.add(now.id)
          const words = (now.insertedText || now.deletedText || now.text).trim().slice(0, 160)
          say(t('liveLog.suggestion', { name: now.authorName, delegation: now.delegation, text: words }), false)
        }, SUGGESTION_PAUSE_MS),
      )
    }
  }, [suggestions])

  useEffect(() => {
    const known = seen.current
    const comments = threads.flatMap((thread) => thread.comments.map((comment) => ({ thread, comment })))
    for (const { thread, comment } of comments) {
      if (known.comments.has(comment.id)) continue
      known.comments.add(comment.id)
      if (comment.author.id === user.id || comment.deleted || comment.createdAt < openedAt.current) continue
      const mentioned =
        thread.mentions.includes(`user:${user.id}`) || thread.mentions.includes(`delegation:${user.delegation}`) || comment.text.includes(`@${user.delegation}`)
      const words = { name: comment.author.name, delegation: comment.author.delegation, text: comment.text.slice(0, 200) }
      say(mentioned ? t('liveLog.mention', words) : t('liveLog.comment', words), mentioned)
    }
  }, [threads])

  useEffect(() => {
    if (!summary) return
    const known = seen.current
    const now = new Map<string, string>()
    for (const paragraph of summary.paragraphs) {
      for (const [delegation, position] of Object.entries(paragraph.positions)) now.set(`${paragraph.paragraphId}:${delegation}`, `${position.stance}:${position.text ?? ''}`)
    }
    const before = known.positions
    known.positions = now
    for (const paragraph of summary.paragraphs) {
      for (const [delegation, position] of Object.entries(paragraph.positions)) {
        const key = `${paragraph.paragraphId}:${delegation}`
        if (before.get(key) === now.get(key) || delegation === user.delegation || position.at < openedAt.current) continue
        const stance = t(`consensus.stance.${position.stance}`)
        say(t(position.text ? 'liveLog.positionWithText' : 'liveLog.position', { delegation, stance, number: paragraph.number, text: position.text ?? '' }), true)
      }
    }
  }, [summary])

  // "Connection restored, everything saved": the first "saved" after being offline.
  const wasOffline = useRef(false)
  useEffect(() => {
    if (!session) return
    const check = (): void => {
      const snapshot = session.getSnapshot()
      // The first connection of the page is not a return.
      if (snapshot.save === 'offline' && snapshot.everConnected) wasOffline.current = true
      else if (snapshot.save === 'saved' && wasOffline.current) {
        wasOffline.current = false
        say(t('liveLog.restored'), true)
      }
    }
    check()
    return session.subscribe(check)
  }, [session])

  return (
    <div className="visually-hidden" role="log" aria-live="polite" aria-label={t('liveLog.label')} data-testid="live-log" lang={i18n.language}>
      {entries.map((entry) => (
        <p key={entry.id}>{entry.text}</p>
      ))}
    </div>
  )
}

/** The setting: how much the live log says (in the account menu). */
export function LiveLogSetting() {
  const { t } = useTranslation()
  const level = useLiveLogLevel()
  return (
    <label className="live-log-setting">
      <span>{t('liveLog.setting')}</span>
      <select value={level} onChange={(event) => setLiveLogLevel(event.target.value as LiveLogLevel)} data-testid="live-log-level">
        {LEVELS.map((value) => (
          <option key={value} value={value}>
            {t(`liveLog.levels.${value}`)}
          </option>
        ))}
      </select>
    </label>
  )
}
