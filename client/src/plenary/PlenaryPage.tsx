/**
 * The plenary view (UI-PLENARY-1): the draft for the room's screen, in large type, with the
 * paragraph under discussion highlighted, its status and brackets big above the text, and the
 * person's own delegation's pending paragraphs beside it. The chair (PLENARY-2) moves the
 * paragraph under discussion; everyone else follows it if they choose to (scrolling or
 * clicking elsewhere stops following). The focus travels through the review document, which
 * only the server writes (PLENARY-1), so the page only reads it.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'wouter'
import type { Editor } from '@tiptap/core'
import { EditorContent, useEditor } from '@tiptap/react'
import type { ConsensusSummary, DocumentSummary, ParagraphSummary, PlenaryState } from '@consenso/protocol'
import { ApiRequestError, describeError, getDocument, request } from '../api.ts'
import { useSignedInUser } from '../auth/context.ts'
import type { CollabSession } from '../collab/session.ts'
import { useCollabSession } from '../collab/useCollabSession.ts'
import { AppHeader } from '../components/AppHeader.tsx'
import { useDocumentTitle } from '../components/useDocumentTitle.ts'
import { chipState, useConsensusDecorations, useConsensusSummary } from '../consensus/useConsensus.ts'
import { CHIP_GLYPH } from '../consensus/consensus-view.ts'
import { delegationColor, delegationLabelOf } from '../delegations.ts'
import { editorExtensions } from '../editor/binding.ts'
import '../editor/layout.css'
import { absoluteTime } from '../format.ts'
import { personOf, type Person } from '../people.ts'
import { useThreads } from '../review/useReview.ts'
import { plenaryFocusPlugin, setPlenaryFocus } from './plenary-focus.ts'
import { pendingFor } from './pending.ts'
import './plenary.css'

const SCROLL_KEYS = new Set(['PageUp', 'PageDown', 'ArrowUp', 'ArrowDown', 'Home', 'End', ' '])

export function PlenaryPage({ documentId }: { documentId: string }) {
  const { t } = useTranslation()
  const user = useSignedInUser()
  const person = useMemo(() => personOf(user), [user])
  const [details, setDetails] = useState<{ summary: DocumentSummary | null; failure: string | null }>({ summary: null, failure: null })
  const [mayChair, setMayChair] = useState(false)
  useEffect(() => {
    const controller = new AbortController()
    getDocument(documentId, controller.signal).then(
      (summary) => setDetails({ summary, failure: null }),
      (error: unknown) => {
        if (controller.signal.aborted) return
        setDetails({ summary: null, failure: error instanceof ApiRequestError && error.status === 404 ? t('editor.notFoundBody') : describeError(error) })
      },
    )
    request<PlenaryState>(`/api/documents/${encodeURIComponent(documentId)}/plenary`, { signal: controller.signal }).then(
      (state) => setMayChair(state.mayChair),
      () => {},
    )
    return () => controller.abort()
  }, [documentId, t])
  const title = details.summary ? details.summary.title || t('editor.untitled') : null
  useDocumentTitle(title ? `${t('plenary.title')} — ${title}` : 'Consenso')
  // Read only, whatever the role: the room's screen never writes the text.
  const { session, snapshot } = useCollabSession(details.summary ? documentId : null, person, details.summary ? false : null)

  const lead = (
    <div className="draft-heading">
      <Link href={`/d/${encodeURIComponent(documentId)}`} className="back-link" data-testid="plenary-back">
        <span aria-hidden="true">←</span> <span className="back-link__text">{t('plenary.back')}</span>
      </Link>
      <div className="draft-heading__title">
        <h1 data-testid="draft-title">{title ?? '\u00a0'}</h1>
        <span className="kind-badge">{t('plenary.title')}</span>
      </div>
    </div>
  )
  return (
    <>
      <AppHeader lead={lead} />
      <main id="main" className="plenary-main" tabIndex={-1} data-testid="plenary">
        {details.failure && (
          <p className="notice notice--error notice--banner" role="alert">
            {details.failure}
          </p>
        )}
        {session && snapshot?.contentReady ? (
          <PlenaryRoom session={session} person={person} ownDelegation={user.delegation} mayChair={mayChair} />
        ) : (
          !details.failure && (
            <p className="loading" role="status">
              {t('editor.loading')}
            </p>
          )
        )}
      </main>
    </>
  )
}

function PlenaryRoom({ session, person, ownDelegation, mayChair }: { session: CollabSession; person: Person; ownDelegation: string; mayChair: boolean }) {
  const { t, i18n } = useTranslation()
  const review = useThreads(session)
  const editor = usePlenaryEditor(session, person)
  const summary = useConsensusSummary(editor, review)
  useConsensusDecorations(editor, summary)
  const focusId = review.plenary?.paragraphId ?? null
  const focused = summary?.paragraphs.find((p) => p.paragraphId === focusId) ?? null
  const [following, setFollowing] = useState(true)
  const [failure, setFailure] = useState<string | null>(null)
  const textRef = useRef<HTMLDivElement>(null)

  // The highlight always marks the paragraph under discussion; following also brings it into view.
  useEffect(() => {
    if (!editor) return
    const element = setPlenaryFocus(editor, focusId)
    if (element && (following || mayChair)) element.scrollIntoView({ block: 'center' })
  }, [editor, focusId, following, mayChair, summary])

  // The room's screen changes size (a projector, a window moved): keep the paragraph in view.
  useEffect(() => {
    if (!editor || !(following || mayChair)) return
    const onResize = (): void => {
      if (focusId) setPlenaryFocus(editor, focusId)?.scrollIntoView({ block: 'center' })
    }
    window.addEventListener('resize', onResize)
    return () => window.removeEventListener('resize', onResize)
  }, [editor, focusId, following, mayChair])

  // Scrolling or clicking in the text by hand is looking elsewhere: stop following (the chair leads, never follows).
  useEffect(() => {
    if (mayChair || !following) return
    const stop = (): void => setFollowing(false)
    const onKey = (event: KeyboardEvent): void => {
      if (SCROLL_KEYS.has(event.key) && !(event.target as HTMLElement | null)?.closest('input, textarea, select, button')) stop()
    }
    const text = textRef.current
    window.addEventListener('wheel', stop, { passive: true })
    window.addEventListener('touchmove', stop, { passive: true })
    window.addEventListener('keydown', onKey)
    text?.addEventListener('mousedown', stop)
    return () => {
      window.removeEventListener('wheel', stop)
      window.removeEventListener('touchmove', stop)
      window.removeEventListener('keydown', onKey)
      text?.removeEventListener('mousedown', stop)
    }
  }, [mayChair, following])

  const bringToDiscussion = useCallback(
    (paragraphId: string | null) => {
      setFailure(null)
      request(`/api/documents/${encodeURIComponent(session.documentId)}/plenary`, { method: 'PUT', body: JSON.stringify({ paragraphId }) }).catch(
        (error: unknown) => setFailure(describeError(error)),
      )
    },
    [session.documentId],
  )

  // The chair brings a paragraph to discussion by clicking it in the text.
  useEffect(() => {
    if (!editor || !mayChair) return
    const dom = editor.view.dom
    const onClick = (event: MouseEvent): void => {
      const block = (event.target as HTMLElement | null)?.closest<HTMLElement>('[data-id]')
      const id = block?.dataset.id
      if (id && summary?.paragraphs.some((p) => p.paragraphId === id)) bringToDiscussion(id)
    }
    dom.addEventListener('click', onClick)
    return () => dom.removeEventListener('click', onClick)
  }, [editor, mayChair, summary, bringToDiscussion])

  const paragraphs = summary?.paragraphs ?? []
  const index = paragraphs.findIndex((p) => p.paragraphId === focusId)
  const step = (delta: number): void => {
    const next = paragraphs[index < 0 ? (delta > 0 ? 0 : paragraphs.length - 1) : index + delta]
    if (next) bringToDiscussion(next.paragraphId)
  }

  return (
    <div className="plenary-layout" data-following={following && !mayChair ? 'true' : 'false'} data-focus={focusId ?? ''}>
      <div className="plenary-layout__text">
        <section className="plenary-stage" aria-labelledby="plenary-stage-heading" data-testid="plenary-stage">
          <h2 id="plenary-stage-heading" className="plenary-stage__caption">
            {t('plenary.underDiscussion')}
          </h2>
          <div aria-live="polite" className="plenary-stage__now">
            {focused ? <FocusedParagraph paragraph={focused} summary={summary!} /> : <p className="plenary-stage__none">{t('plenary.nothing')}</p>}
            {review.plenary && review.plenary.paragraphId !== null && (
              <p className="plenary-stage__by small">
                {t('plenary.movedBy', { name: review.plenary.by.name, delegation: review.plenary.by.delegation, time: absoluteTime(review.plenary.at, i18n.language) })}
              </p>
            )}
          </div>
          <div className="plenary-stage__tools">
            {mayChair ? (
              <div role="group" aria-label={t('plenary.chairTools')} className="plenary-chair">
                <button type="button" className="button button--small" data-testid="plenary-previous" disabled={paragraphs.length === 0 || index === 0} onClick={() => step(-1)}>
                  <span aria-hidden="true">↑</span> {t('plenary.previous')}
                </button>
                <button type="button" className="button button--small" data-testid="plenary-next" disabled={paragraphs.length === 0 || index === paragraphs.length - 1} onClick={() => step(1)}>
                  <span aria-hidden="true">↓</span> {t('plenary.next')}
                </button>
                <button type="button" className="button button--small button--quiet" data-testid="plenary-clear" disabled={focusId === null} onClick={() => bringToDiscussion(null)}>
                  {t('plenary.clear')}
                </button>
                <span className="small plenary-chair__hint">{t('plenary.chairHint')}</span>
              </div>
            ) : (
              <label className="plenary-follow">
                <input type="checkbox" data-testid="plenary-follow" checked={following} onChange={(event) => setFollowing(event.target.checked)} />
                {t('plenary.follow')}
              </label>
            )}
          </div>
          {failure && (
            <p className="notice notice--error" role="alert">
              {failure}
            </p>
          )}
        </section>
        <div ref={textRef} className="page plenary-page">
          {editor && <EditorContent editor={editor} className="page__content" />}
        </div>
      </div>
      <PendingList
        summary={summary}
        ownDelegation={ownDelegation}
        focusId={focusId}
        onChoose={(paragraphId) => {
          if (mayChair) {
            bringToDiscussion(paragraphId)
            return
          }
          setFollowing(false)
          if (editor) document.querySelector(`.plenary-page [data-id="${CSS.escape(paragraphId)}"]`)?.scrollIntoView({ block: 'center' })
        }}
      />
    </div>
  )
}

/** The read-only editor of the room's screen: the same extensions as the editor, so numbers, chips and brackets look the same. */
function usePlenaryEditor(session: CollabSession, person: Person): Editor | null {
  const describe = useRef(() => '')
  const editor = useEditor(
    {
      extensions: editorExtensions({
        ydoc: session.ydoc,
        provider: session.provider,
        user: person,
        suggesting: false,
        author: () => null,
        color: delegationColor,
        describe,
        onClickThread: { current: () => {} },
        onOpenParagraph: null,
      }),
      editable: false,
      injectCSS: false,
      // No aria-readonly: the text has no role it would apply to (A11Y-1); it is simply not editable.
      editorProps: { attributes: { class: 'draft-body plenary-body', 'data-testid': 'plenary-text' } },
    },
    [session],
  )
  useEffect(() => {
    if (editor.isDestroyed) return
    editor.registerPlugin(plenaryFocusPlugin())
  }, [editor])
  return editor
}

function FocusedParagraph({ paragraph, summary }: { paragraph: ParagraphSummary; summary: ConsensusSummary }) {
  const { t, i18n } = useTranslation()
  const state = chipState(paragraph)
  const brackets = summary.brackets.filter((b) => b.paragraphId === paragraph.paragraphId && b.status === 'open')
  return (
    <div className="plenary-now" data-testid="plenary-now" data-paragraph-id={paragraph.paragraphId}>
      <p className="plenary-now__head">
        <span className="plenary-now__number" data-testid="plenary-number">
          {paragraph.number}
        </span>
        {summary.parties.length > 0 && (
          <span className={`plenary-status consensus-chip consensus-chip--${state.replace(/_/g, '-')}`} data-testid="plenary-status" data-state={state}>
            <span aria-hidden="true">{state === 'bracketed' ? `[${paragraph.openBrackets}]` : CHIP_GLYPH[state]}</span> {t(`consensus.chip.${state}`)}
          </span>
        )}
      </p>
      {summary.parties.length > 0 && (
        <ul className="plenary-now__positions" aria-label={t('plenary.positions')}>
          {summary.parties.map((code) => {
            const stance = paragraph.positions[code]?.stance ?? 'none'
            return (
              <li key={code} data-stance={stance}>
                <strong>{code}</strong> {t(`consensus.stance.${stance}`)}
              </li>
            )
          })}
        </ul>
      )}
      {brackets.length > 0 && (
        <ul className="plenary-now__brackets" aria-label={t('plenary.brackets')} data-testid="plenary-brackets">
          {brackets.map((bracket) => (
            <li key={bracket.id}>
              <span className="plenary-bracket">[{[bracket.quote, ...bracket.alternatives].join(' / ')}]</span>{' '}
              <span className="small">{bracket.sponsors.map((code) => delegationLabelOf(code, i18n.language)).join(', ')}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}

function PendingList({ summary, ownDelegation, focusId, onChoose }: { summary: ConsensusSummary | null; ownDelegation: string; focusId: string | null; onChoose: (paragraphId: string) => void }) {
  const { t } = useTranslation()
  const pending = summary ? pendingFor(summary, ownDelegation) : null
  return (
    <aside className="plenary-side" aria-labelledby="plenary-pending-heading" data-testid="plenary-pending">
      <h2 id="plenary-pending-heading">{t('plenary.pendingHeading', { delegation: ownDelegation })}</h2>
      {pending === null ? (
        <p className="small">{t('plenary.notAParty', { delegation: ownDelegation })}</p>
      ) : pending.length === 0 ? (
        <p className="small">{t('plenary.nonePending')}</p>
      ) : (
        <ul className="plenary-pending">
          {pending.map(({ paragraph, stance }) => (
            <li key={paragraph.paragraphId}>
              <button
                type="button"
                className="plenary-pending__item"
                data-testid="plenary-pending-item"
                data-paragraph-id={paragraph.paragraphId}
                aria-current={paragraph.paragraphId === focusId ? 'true' : undefined}
                onClick={() => onChoose(paragraph.paragraphId)}
              >
                <span className="plenary-pending__number">{paragraph.number}</span>
                <span className="plenary-pending__stance">{t(`consensus.stance.${stance}`)}</span>
                <span className="plenary-pending__text">{paragraph.text.length > 90 ? `${paragraph.text.slice(0, 89)}…` : paragraph.text}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </aside>
  )
}
