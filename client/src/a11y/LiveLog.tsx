/**
 * One polite live log per draft (client/SPEC.md A11Y-30..33, A11Y-42): what others do that
 * matters to this person, said by a screen reader without moving the focus. Positions and
 * objections of other delegations, comments that mention the person or their delegation, a
 * suggestion in a paragraph their delegation agreed, a paragraph reopened by someone's edit, a
 * version restored by someone else, and (at "everything") every suggestion and comment by
 * others; "Connection restored, everything saved" when the changes kept offline reach the server. How much it says is a setting of this browser
 * (localStorage, LIVE_LOG_KEY): nothing about it needs to follow the person elsewhere.
 */
import { useEffect, useRef, useState, useSyncExternalStore } from 'react'
import { useTranslation } from 'react-i18next'
import type { Editor } from '@tiptap/core'
import { VERSIONS_EVENT_NAME, type ConsensusSummary, type ParagraphSummary, type SessionUser, type Thread, type VersionsResponse } from '@consenso/protocol'
import type { SuggestionSummary } from '@consenso/schema'
import type { CollabSession } from '../collab/session.ts'
import { ChoiceField } from '../components/ChoiceField.tsx'
import { followLive } from '../notifications/live.ts'
import { listVersions } from '../versions/api.ts'
import { listChange, othersDid } from '../versions/live-versions.ts'

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
  documentId: string
  user: SessionUser
  /** The draft's editor: which paragraph a suggestion is in. */
  editor: Editor | null
  session: CollabSession | null
  threads: readonly Thread[]
  suggestions: readonly SuggestionSummary[]
  summary: ConsensusSummary | null
}

/** The block id of the paragraph at `pos`, if any. */
function paragraphAt(editor: Editor | null, pos: number): string | null {
  if (!editor || editor.isDestroyed) return null
  const doc = editor.state.doc
  const $pos = doc.resolve(Math.max(0, Math.min(pos, doc.content.size)))
  for (let depth = $pos.depth; depth > 0; depth--) {
    const node = $pos.node(depth)
    if (node.type.name === 'paragraph') return typeof node.attrs.id === 'string' ? node.attrs.id : null
  }
  const after = $pos.nodeAfter
  return after?.type.name === 'paragraph' && typeof after.attrs.id === 'string' ? after.attrs.id : null
}

/**
 * Whether `delegation` agreed to the paragraph: now, or until an edit since the page opened
 * reopened it (a suggestion's own words reopen it, moving the agreement to the history).
 */
function agreedBy(paragraph: ParagraphSummary, delegation: string, since: string): boolean {
  const agreed = (stance: string | undefined): boolean => stance === 'agree' || stance === 'agree_ad_ref'
  if (agreed(paragraph.positions[delegation]?.stance)) return true
  const last = paragraph.history.at(-1)
  return !!last && last.archivedAt >= since && agreed(last.positions.find((position) => position.delegation === delegation)?.stance)
}

export function LiveLog({ documentId, user, editor, session, threads, suggestions, summary }: Props) {
  const { t, i18n } = useTranslation()
  const level = useLiveLogLevel()
  const [entries, setEntries] = useState<Array<{ id: number; text: string }>>([])
  const counter = useRef(0)
  // What was there when the page opened is not news: only what is dated from then on is said
  // (a little slack for clocks a second or two apart).
  const openedAt = useRef(new Date(Date.now() - 5_000).toISOString())
  const seen = useRef<{ suggestions: Set<string>; comments: Set<string>; positions: Map<string, string>; reopened: Set<string> }>({
    suggestions: new Set(),
    comments: new Set(),
    positions: new Map(),
    reopened: new Set(),
  })
  const latestSummary = useRef(summary)
  latestSummary.current = summary
  const editorRef = useRef(editor)
  editorRef.current = editor

  const latestSuggestions = useRef(suggestions)
  const pending = useRef(new Map<string, number>())
  useEffect(() => () => pending.current.forEach((timer) => window.clearTimeout(timer)), [])

  // Read when something is said: timers and streams set up earlier say what the setting is now.
  const levelNow = useRef(level)
  levelNow.current = level
  const say = (text: string, important: boolean): void => {
    const level = levelNow.current
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
          // In a paragraph this person's delegation agreed to: their agreement is at stake.
          const paragraphId = paragraphAt(editorRef.current, now.from)
          const paragraph = paragraphId ? latestSummary.current?.paragraphs.find((p) => p.paragraphId === paragraphId) : undefined
          if (paragraph && agreedBy(paragraph, user.delegation, openedAt.current)) {
            say(t('liveLog.suggestionAgreed', { name: now.authorName, delegation: now.delegation, number: paragraph.number, text: words }), true)
          } else say(t('liveLog.suggestion', { name: now.authorName, delegation: now.delegation, text: words }), false)
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
    // A paragraph reopened by someone's edit: the positions given on it are history.
    for (const paragraph of summary.paragraphs) {
      const reopened = paragraph.reopened
      if (!reopened) continue
      const key = `${paragraph.paragraphId}:${reopened.at}`
      if (known.reopened.has(key)) continue
      known.reopened.add(key)
      if (reopened.at < openedAt.current || reopened.by?.id === user.id) continue
      say(
        reopened.by
          ? t('liveLog.reopened', { number: paragraph.number, name: reopened.by.name, delegation: reopened.by.delegation })
          : t('liveLog.reopenedUnknown', { number: paragraph.number }),
        true,
      )
    }
    for (const paragraph of summary.paragraphs) {
      for (const [delegation, position] of Object.entries(paragraph.positions)) {
        const key = `${paragraph.paragraphId}:${delegation}`
        if (before.get(key) === now.get(key) || delegation === user.delegation || position.at < openedAt.current) continue
        const stance = t(`consensus.stance.${position.stance}`)
        say(t(position.text ? 'liveLog.positionWithText' : 'liveLog.position', { delegation, stance, number: paragraph.number, text: position.text ?? '' }), true)
      }
    }
  }, [summary])

  // A version restored (or a file imported over the text) by someone else: the text changed.
  useEffect(() => {
    let previous: VersionsResponse | null = null
    let stopped = false
    const load = async (speak: boolean): Promise<void> => {
      try {
        const next = await listVersions(documentId)
        if (stopped) return
        const change = listChange(previous, next)
        previous = next
        if (!speak) return
        const rewrites = change.added.filter((version) => version.reason === 'before_restore')
        const said = rewrites.length > 0 ? othersDid(t, rewrites, [...next.named, ...next.checkpoints], user.id) : null
        if (said) say(said, true)
      } catch {
        // Not allowed to list, or offline: nothing to say.
      }
    }
    void load(false)
    const stop = followLive((event) => {
      if (event && event.kind === VERSIONS_EVENT_NAME && event.documentId === documentId) void load(true)
    })
    return () => {
      stopped = true
      stop()
    }
  }, [documentId])

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
    <ChoiceField<LiveLogLevel>
      className="live-log-setting"
      label={t('liveLog.setting')}
      value={level}
      choices={LEVELS}
      labelOf={(value) => t(`liveLog.levels.${value}`)}
      onChange={setLiveLogLevel}
      testId="live-log-level"
    />
  )
}
