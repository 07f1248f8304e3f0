/**
 * The review state of the editor page: the live threads, the sidebar, the thread being
 * looked at, the comment being written, and the link between highlights and threads.
 */
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react'
import { useTranslation } from 'react-i18next'
import type { Editor } from '@tiptap/core'
import { useEditorState } from '@tiptap/react'
import type { Thread } from '@consenso/protocol'
import { EMPTY_REVIEW, type ReviewSnapshot } from '../collab/review-channel.ts'
import type { CollabSession } from '../collab/session.ts'
import { setActiveSuggestion, suggestionAt } from '../editor/suggestion-view.ts'
import { anchorFor, type DraftAnchor } from './anchors.ts'
import { reviewHighlightsKey, setReviewHighlights, threadAt } from './highlights.ts'
import { findSuggestion } from './suggestions.ts'
import type { ReviewTab } from './ReviewSidebar.tsx'
import { serverNow } from '../server-clock.ts'

const SIDEBAR_STORAGE_KEY = 'consenso:review-sidebar'
const HINT_MS = 5000

const idle = (): (() => void) => () => {}
const empty = (): ReviewSnapshot => EMPTY_REVIEW

function storedSidebar(): boolean {
  try {
    return localStorage.getItem(SIDEBAR_STORAGE_KEY) === 'open'
  } catch {
    return false
  }
}

function storeSidebar(open: boolean): void {
  try {
    localStorage.setItem(SIDEBAR_STORAGE_KEY, open ? 'open' : 'closed')
  } catch {
    // Private mode: the choice lasts for this page.
  }
}

export function useThreads(session: CollabSession | null): ReviewSnapshot {
  return useSyncExternalStore(session?.review.subscribe ?? idle, session?.review.getSnapshot ?? empty)
}

export interface ThreadPlaces {
  /** Thread id → rank of its words in the text. */
  order: ReadonlyMap<string, number>
  /** Threads whose words are gone (only those the editor has been told about). */
  orphaned: ReadonlySet<string>
}

/**
 * Where the threads' words are, as far as the editor knows. Only the order and the deleted
 * ones are read, so typing does not re-render the sidebar.
 */
function useThreadPlaces(editor: Editor | null): ThreadPlaces {
  const summary = useEditorState({
    editor,
    selector: ({ editor: current }) => {
      const highlights = current ? reviewHighlightsKey.getState(current.state) : undefined
      if (!highlights) return ''
      const placed: Array<[string, { from: number; to: number }]> = []
      const gone: string[] = []
      for (const thread of highlights.threads) {
        const range = highlights.ranges.get(thread.id)
        if (range) placed.push([thread.id, range])
        // A thread without an anchor is about the whole draft, not about deleted words.
        else if (thread.anchor) gone.push(thread.id)
      }
      placed.sort((a, b) => a[1].from - b[1].from || a[1].to - b[1].to)
      return `${placed.map(([id]) => id).join(' ')}|${gone.join(' ')}`
    },
  })
  return useMemo(() => {
    const [order = '', gone = ''] = (summary ?? '').split('|')
    return {
      order: new Map((order ? order.split(' ') : []).map((id, index) => [id, index])),
      orphaned: new Set(gone ? gone.split(' ') : []),
    }
  }, [summary])
}

/** A comment being written: on selected words, or on a suggestion's words ("why"). */
export interface ComposerDraft extends DraftAnchor {
  suggestionId: string | null
}

function prefersReducedMotion(): boolean {
  return window.matchMedia('(prefers-reduced-motion: reduce)').matches
}

interface Options {
  session: CollabSession | null
  canComment: boolean
  /** `?thread=<id>` of the address: open the draft on that thread. */
  linkedThread: string | null
}

export function useReview({ session, canComment, linkedThread }: Options) {
  const { t } = useTranslation()
  const { threads, synced, settings, parties, consensus, brackets } = useThreads(session)
  const [editor, setEditor] = useState<Editor | null>(null)
  const [sidebarOpen, setSidebarOpenState] = useState(() => storedSidebar() || linkedThread !== null)
  const [tab, setTab] = useState<ReviewTab>('threads')
  const [activeId, setActiveId] = useState<string | null>(null)
  const [composer, setComposer] = useState<ComposerDraft | null>(null)
  const [activeSuggestionId, setActiveSuggestionId] = useState<string | null>(null)
  const [hint, setHint] = useState<string | null>(null)
  const places = useThreadPlaces(editor)
  const [now, setNow] = useState(() => serverNow())

  // "3 minutes ago" moves on by itself.
  useEffect(() => {
    const timer = window.setInterval(() => setNow(serverNow()), 30_000)
    return () => window.clearInterval(timer)
  }, [])
  // A new thread or reply reads "now", not "in a few seconds", on a clock that lags.
  useEffect(() => setNow(serverNow()), [threads])

  const setSidebarOpen = useCallback((open: boolean) => {
    setSidebarOpenState(open)
    storeSidebar(open)
  }, [])

  useEffect(() => {
    if (!hint) return
    const timer = window.setTimeout(() => setHint(null), HINT_MS)
    return () => window.clearTimeout(timer)
  }, [hint])

  // The editor shows what the page knows: every thread, the one looked at, the draft comment.
  useEffect(() => {
    if (!editor || editor.isDestroyed) return
    setReviewHighlights(editor.view, {
      threads: threads.map(({ id, anchor, status, comments }) => {
        // Spoken on the commented words (A11Y-41): the first comment, how many replies, resolved.
        const first = comments.find((comment) => !comment.deleted) ?? comments[0]
        const replies = comments.length - 1
        const description = first
          ? [
              t('review.spoken.comment', { name: first.author.name, delegation: first.author.delegation, text: first.deleted ? t('review.deletedComment') : first.text.slice(0, 300) }),
              ...(replies > 0 ? [t('review.spoken.replies', { count: replies })] : []),
              ...(status === 'resolved' ? [t('review.spoken.resolved')] : []),
            ].join('; ')
          : ''
        return { id, anchor, status, description }
      }),
      activeId,
      draft: composer?.anchor ?? null,
    })
  }, [editor, threads, activeId, composer, t])

  useEffect(() => {
    if (editor && !editor.isDestroyed) setActiveSuggestion(editor.view, activeSuggestionId)
  }, [editor, activeSuggestionId])

  /** Picks a suggestion in the sidebar; `showText` also selects its words in the text. */
  const activateSuggestion = useCallback(
    (id: string, showText: boolean) => {
      setActiveSuggestionId(id)
      if (!showText || !editor || editor.isDestroyed) return
      const found = findSuggestion(editor, id)
      if (!found) return
      editor.commands.setTextSelection({ from: found.from, to: found.to })
      requestAnimationFrame(() => {
        const mark = editor.view.dom.querySelector(`[data-suggestion-ref="${CSS.escape(id)}"]`)
        mark?.scrollIntoView({ block: 'center', behavior: prefersReducedMotion() ? 'auto' : 'smooth' })
      })
    },
    [editor],
  )

  /** "Discuss": a comment thread about a suggestion, anchored to its words. */
  const requestDiscuss = useCallback(
    (id: string) => {
      if (!canComment || !editor || editor.isDestroyed) return
      const found = findSuggestion(editor, id)
      const draft = found ? anchorFor(editor.state, found.from, found.to) : null
      if (!found || !draft) return
      setComposer({ ...draft, quote: found.text.replace(/\s+/gu, ' ').trim() || draft.quote, suggestionId: id })
      setActiveSuggestionId(id)
      setActiveId(null)
      setTab('suggestions')
      setSidebarOpen(true)
    },
    [canComment, editor, setSidebarOpen],
  )

  /** Selects a thread's words in the text and brings them into view. */
  const showInText = useCallback(
    (threadId: string) => {
      if (!editor || editor.isDestroyed) return
      const range = reviewHighlightsKey.getState(editor.state)?.ranges.get(threadId)
      if (!range) return
      editor.commands.setTextSelection(range)
      requestAnimationFrame(() => {
        const mark = editor.view.dom.querySelector(`[data-thread-id="${CSS.escape(threadId)}"]`)
        mark?.scrollIntoView({ block: 'center', behavior: prefersReducedMotion() ? 'auto' : 'smooth' })
      })
    },
    [editor],
  )

  const activate = useCallback(
    (threadId: string, showText: boolean) => {
      setActiveId(threadId)
      if (showText) showInText(threadId)
    },
    [showInText],
  )

  // A click on highlighted words opens their thread in the sidebar.
  const onClickThread = useRef<(threadId: string) => void>(() => {})
  onClickThread.current = (threadId: string) => {
    setActiveId(threadId)
    setTab('threads')
    if (!sidebarOpen) setSidebarOpen(true)
  }

  // Moving the caret into highlighted words (keyboard or mouse) makes their thread the active one.
  useEffect(() => {
    if (!editor) return
    const onSelection = (): void => {
      if (!editor.view.hasFocus() || !editor.state.selection.empty) return
      const id = threadAt(editor.state, editor.state.selection.from)
      if (id) setActiveId(id)
      const suggestion = suggestionAt(editor.state, editor.state.selection.from)
      if (suggestion) setActiveSuggestionId(suggestion)
    }
    editor.on('selectionUpdate', onSelection)
    return () => {
      editor.off('selectionUpdate', onSelection)
    }
  }, [editor])

  // Opened from a link to a thread (the mentions list): show it once it has arrived.
  const handledLink = useRef<string | null>(null)
  useEffect(() => {
    if (!linkedThread || handledLink.current === linkedThread || !editor || !synced) return
    if (!threads.some((thread) => thread.id === linkedThread)) return
    handledLink.current = linkedThread
    setSidebarOpen(true)
    setTab('threads')
    activate(linkedThread, true)
  }, [linkedThread, editor, synced, threads, activate, setSidebarOpen])

  const requestComment = useCallback(() => {
    if (!canComment || !editor || editor.isDestroyed) return
    const { from, to, empty } = editor.state.selection
    const draft = empty ? null : anchorFor(editor.state, from, to)
    if (!draft) {
      setHint(t('review.selectFirst'))
      return
    }
    setHint(null)
    setComposer({ ...draft, suggestionId: null })
    setActiveId(null)
    setTab('threads')
    setSidebarOpen(true)
  }, [canComment, editor, setSidebarOpen, t])

  const backToText = useCallback(() => {
    if (editor && !editor.isDestroyed && editor.isEditable) editor.commands.focus()
  }, [editor])

  const cancelComposer = useCallback(() => {
    setComposer(null)
    backToText()
  }, [backToText])

  const onCreated = useCallback(
    (thread: Thread) => {
      setComposer(null)
      setActiveId(thread.id)
      backToText()
    },
    [backToText],
  )

  return {
    threads,
    synced,
    settings,
    parties,
    consensus,
    brackets,
    editor,
    setEditor,
    places,
    sidebarOpen,
    setSidebarOpen,
    tab,
    setTab,
    activeId,
    activate,
    activeSuggestionId,
    activateSuggestion,
    requestDiscuss,
    composer,
    requestComment,
    cancelComposer,
    onCreated,
    hint,
    onClickThread,
    now,
  }
}
