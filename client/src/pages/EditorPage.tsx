import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useSearch } from 'wouter'
import { CloseCode, may, TEMPLATES, type Role } from '@consenso/protocol'
import { useAuth, useSignedInUser } from '../auth/context.ts'
import { cachedRole, cacheRole } from '../collab/role-cache.ts'
import { forgetLocalCopy, type CollabSession, type SessionSnapshot } from '../collab/session.ts'
import { useCollabSession, useSessionValue } from '../collab/useCollabSession.ts'
import { AppHeader } from '../components/AppHeader.tsx'
import { AvatarStack } from '../components/Avatar.tsx'
import { RoleBadge } from '../components/RoleBadge.tsx'
import { SaveStatus } from '../components/SaveStatus.tsx'
import { useDocumentTitle } from '../components/useDocumentTitle.ts'
import { DraftEditor } from '../editor/DraftEditor.tsx'
import { GlossaryHint } from '../glossary/GlossaryHint.tsx'
import { useGlossaryEntries } from '../glossary/api.ts'
import { ShareDialog } from '../editor/ShareDialog.tsx'
import { PrintHeader } from '../editor/print/PrintHeader.tsx'
import '../editor/layout.css'
import { SendToRegister } from '../register/SendToRegister.tsx'
import { useLinkedBlock } from '../register/useLinkedBlock.ts'
import { personOf } from '../people.ts'
import { ReviewCounter } from '../review/ReviewCounter.tsx'
import { ReviewSidebar } from '../review/ReviewSidebar.tsx'
import { openThreadsByDelegation } from '../review/threads.ts'
import { suggestionsByDelegation, useSuggestions } from '../review/suggestions.ts'
import { useReview } from '../review/useReview.ts'
import { VersionsButton } from '../versions/VersionsPanel.tsx'
import { ExportMenu } from '../export/ExportMenu.tsx'
import { SilenceBar } from '../silence/SilenceBar.tsx'
import { anchorFor, type DraftAnchor } from '../review/anchors.ts'
import { BracketDialog } from '../consensus/BracketDialog.tsx'
import { ConsensusPanel } from '../consensus/ConsensusPanel.tsx'
import { useConsensusDecorations, useConsensusSummary } from '../consensus/useConsensus.ts'
import { PositionPopover } from '../consensus/PositionPopover.tsx'
import { AgreedEditDialog } from '../consensus/AgreedEditDialog.tsx'
import type { AgreedEditAsk, ConsensusHandlers } from '../consensus/consensus-view.ts'
import { LiveLog } from '../a11y/LiveLog.tsx'
import { BilingualPanel } from '../bilingual/BilingualPanel.tsx'
import { TranslationEditor } from '../bilingual/TranslationEditor.tsx'
import { useBilingual } from '../bilingual/useBilingual.ts'
import { ConnectionNotices, Gone, Loading, ReadOnlyNotice, RefusedNotice } from './EditorNotices.tsx'
import { useDocumentDetails } from './useDocumentDetails.ts'
import { ButtonIcon } from '../components/ButtonIcon.tsx'

export function EditorPage({ documentId }: { documentId: string }) {
  const { t } = useTranslation()
  const user = useSignedInUser()
  const { expired } = useAuth()
  const person = useMemo(() => personOf(user), [user])
  const [lostAccess, setLostAccess] = useState(false)
  const [recheck, setRecheck] = useState(0)
  const [shareOpen, setShareOpen] = useState(false)
  const live = useRef(false)
  const details = useDocumentDetails(documentId, `${recheck}:${lostAccess}`, live)
  const fresh = details.generation === `${recheck}:${lostAccess}`
  // The role from the server, else the one last seen on this device (opening offline).
  const role: Role | null = details.summary?.role ?? (details.status === 'error' ? cachedRole(documentId, user.id) : null)
  useEffect(() => {
    if (details.summary) cacheRole(documentId, user.id, details.summary.role)
  }, [documentId, user.id, details.summary])

  // Had the person access on this page? The server answers 404 both for a draft that does
  // not exist and for one no longer shared with them (ids of confidential drafts cannot be
  // probed), so "gone" after having had access reads as "no longer available".
  const hadAccess = useRef(false)
  if (details.summary) hadAccess.current = true
  const gone: 'revoked' | 'unavailable' | 'notFound' | 'forbidden' | null = lostAccess
    ? 'revoked'
    : details.status === 'missing'
      ? hadAccess.current
        ? 'unavailable'
        : 'notFound'
      : details.status === 'forbidden'
        ? 'forbidden'
        : null
  const denied = gone !== null
  const open = !denied && role !== null
  const writable = role === null ? null : may(role, 'suggest')
  const { session, snapshot, refusal, dismissRefusal } = useCollabSession(open ? documentId : null, person, writable)
  live.current = snapshot?.connection === 'connected' && !snapshot.closed

  // Close codes that end the page's business with this draft.
  const closedCode = snapshot?.closed?.code ?? null
  useEffect(() => {
    if (closedCode === CloseCode.unauthorized) expired()
    else if (closedCode === CloseCode.forbidden) setLostAccess(true)
    // Deleted, or unshared while disconnected: the API says which, at once.
    else if (closedCode === CloseCode.unknownDocument) setRecheck((n) => n + 1)
  }, [closedCode, expired])

  // "Permission denied" (the server thinks we may not write), a `details` notice (a role or
  // the title changed) or a connection back after a break: ask the API again.
  const askAgain = (snapshot?.denials ?? 0) + (snapshot?.staleDetails ?? 0)
  useEffect(() => {
    if (askAgain > 0) setRecheck((n) => n + 1)
  }, [askAgain])

  // Access back (an owner changed their mind): a fresh answer says so, open again.
  useEffect(() => {
    if (lostAccess && fresh && details.status === 'ready') setLostAccess(false)
  }, [lostAccess, fresh, details.status])

  // No access (any more): once the session is closed, drop this device's copy of the text.
  useEffect(() => {
    if (!denied || session) return
    forgetLocalCopy(documentId)
    cacheRole(documentId, user.id, null)
  }, [denied, session, documentId, user.id])

  const search = useSearch()
  const linkedThread = new URLSearchParams(search).get('thread')
  const canComment = role !== null && may(role, 'comment') && !snapshot?.closed
  const review = useReview({ session: open ? session : null, canComment, linkedThread })
  useLinkedBlock(review.editor, new URLSearchParams(search).get('block'))
  const threadCounts = useMemo(() => openThreadsByDelegation(review.threads), [review.threads])
  const suggestions = useSuggestions(review.editor)
  const suggestionCounts = useMemo(() => suggestionsByDelegation(suggestions), [suggestions])

  // Suggesting: chosen by the person, or required by an owner for everyone but owners.
  // A proposer only suggests (the server refuses anything else, TRUST-4).
  const canEdit = role !== null && may(role, 'edit') && !snapshot?.closed
  const canSuggest = role !== null && may(role, 'suggest') && !snapshot?.closed
  const isOwner = role !== null && may(role, 'manage')
  const forcedSuggesting = role === 'proposer' || (review.settings.requireSuggesting && !isOwner)
  const [chosenSuggesting, setChosenSuggesting] = useState(false)
  const suggesting = canSuggest && (forcedSuggesting || chosenSuggesting)
  const modeTool = useMemo(
    () => (canSuggest ? { suggesting, locked: forcedSuggesting, agreedLocked: review.settings.lockAgreed, onChange: setChosenSuggesting } : undefined),
    [canSuggest, suggesting, forcedSuggesting, review.settings.lockAgreed],
  )
  const author = useMemo(() => ({ id: user.id, name: user.name, delegation: user.delegation }), [user.id, user.name, user.delegation])
  const commentTool = useMemo(() => ({ enabled: canComment, onComment: review.requestComment }), [canComment, review.requestComment])

  // Consensus: computed here from the text and the live review data, shown in the margin,
  // the brackets and the sidebar's Consensus tab.
  const consensusSummary = useConsensusSummary(review.editor, review)
  const [silenced, setSilenced] = useState(false) // the whole text under silence (SILENCE-3): no typing here
  // A second language (UI-BILING-*): shown side by side unless hidden.
  const bilingual = useBilingual(open ? session : null)
  // Each counterpart's status, for the consensus matrix of a bilingual draft (BILING-5).
  const translationStatus = useMemo(
    () => (bilingual.settings ? { language: bilingual.settings.language, status: new Map(bilingual.rows.map((row) => [row.id, row.status])) } : null),
    [bilingual.settings, bilingual.rows],
  )
  const [sideBySide, setSideBySide] = useState(true)
  const consensusByParagraph = useMemo(() => new Map((consensusSummary?.paragraphs ?? []).map((p) => [p.paragraphId, p.status as string])), [consensusSummary])
  useConsensusDecorations(review.editor, consensusSummary)
  const glossary = useGlossaryEntries(review.editor !== null)
  const [focusedParagraph, setFocusedParagraph] = useState<string | null>(null)
  const [bracketDraft, setBracketDraft] = useState<DraftAnchor | null>(null)
  const [bracketHint, setBracketHint] = useState<string | null>(null)
  const { editor: reviewEditor, setTab: setReviewTab, setSidebarOpen: setReviewSidebarOpen } = review
  const focusParagraph = useCallback(
    (paragraphId: string | null, showText: boolean) => {
      setFocusedParagraph(paragraphId)
      if (!paragraphId || !showText || !reviewEditor || reviewEditor.isDestroyed) return
      let found: number | null = null
      reviewEditor.state.doc.descendants((node, pos) => {
        if (found !== null) return false
        if (node.type.name === 'paragraph' && node.attrs.id === paragraphId) found = pos
        return found === null
      })
      if (found === null) return
      reviewEditor.commands.setTextSelection((found as number) + 1)
      ;(reviewEditor.view.nodeDOM(found) as HTMLElement | null)?.scrollIntoView?.({ block: 'center' })
    },
    [reviewEditor],
  )
  // A chip opens its paragraph's positions beside it; an edit of agreed text asks first.
  const [popover, setPopover] = useState<{ paragraphId: string; anchor: HTMLElement } | null>(null)
  const [agreedAsk, setAgreedAsk] = useState<AgreedEditAsk | null>(null)
  const openInTab = (paragraphId: string): void => {
    setFocusedParagraph(paragraphId)
    setReviewTab('consensus')
    setReviewSidebarOpen(true)
  }
  const openParagraph = useRef<ConsensusHandlers>({ openParagraph: () => {}, agreedEdit: null })
  openParagraph.current = {
    openParagraph: (paragraphId, chip) => {
      setPopover((shown) => (shown?.paragraphId === paragraphId ? null : { paragraphId, anchor: chip ?? document.body }))
    },
    agreedEdit: canSuggest ? setAgreedAsk : null,
  }
  const closePopover = useCallback(() => setPopover(null), [])
  const bracketTool = useMemo(
    () => ({
      enabled: canEdit,
      onBracket: () => {
        if (!reviewEditor || reviewEditor.isDestroyed) return
        const { from, to, empty } = reviewEditor.state.selection
        const draft = empty ? null : anchorFor(reviewEditor.state, from, to)
        setBracketHint(draft ? null : t('consensus.bracket.selectFirst'))
        setBracketDraft(draft)
      },
    }),
    [canEdit, reviewEditor, t],
  )
  useEffect(() => {
    if (!bracketHint) return
    const timer = window.setTimeout(() => setBracketHint(null), 5000)
    return () => window.clearTimeout(timer)
  }, [bracketHint])

  const summary = details.summary
  const title = summary ? summary.title || t('editor.untitled') : null
  useDocumentTitle(title ? `${title} — Consenso` : 'Consenso')
  const readOnlyRole = role !== null && !may(role, 'suggest')

  const lead = (
    <div className="draft-heading">
      <Link href="/" className="back-link" title={t('editor.backToDrafts')}>
        <span aria-hidden="true">←</span> <span className="back-link__text">{t('editor.backToDrafts')}</span>
      </Link>
      <div className="draft-heading__title">
        <h1 data-testid="draft-title" title={title ?? undefined}>
          {title ?? (gone === 'notFound' ? t('editor.notFoundTitle') : '\u00a0')}
        </h1>
        {summary && TEMPLATES.includes(summary.template) && (
          <span className={`kind-badge kind-badge--${summary.template}`}>{t(`templates.${summary.template}.name`)}</span>
        )}
        {role && !denied && <RoleBadge role={role} />}
      </div>
    </div>
  )

  const showStatus = snapshot && !snapshot.closed && (!readOnlyRole || snapshot.offline)
  return (
    <>
      <AppHeader lead={lead}>
        {snapshot && session && !snapshot.closed && <Presence session={session} />}
        {summary && !denied && <LiveLog documentId={documentId} user={user} editor={review.editor} session={session} threads={review.threads} suggestions={suggestions} summary={consensusSummary} />}
        {showStatus && session && <SaveStatus session={session} />}
        {summary && !denied && session && (
          <ReviewCounter threads={threadCounts} suggestions={suggestionCounts} open={review.sidebarOpen} onToggle={() => review.setSidebarOpen(!review.sidebarOpen)} />
        )}
        {summary && !denied && <VersionsButton documentId={documentId} isOwner={role !== null && may(role, 'manage')} />}
        {summary && !denied && <ExportMenu documentId={documentId} />}
        {summary && !denied && summary.template === 'minutes' && <SendToRegister documentId={documentId} />}
        {summary && !denied && (
          <button
            type="button"
            className="button button--small share-button"
            data-testid="share-button"
            title={t('share.button')}
            onClick={() => setShareOpen(true)}
          >
            <ButtonIcon>
              <circle cx="7.5" cy="7" r="3" />
              <path d="M2.5 16.5c.6-2.8 2.6-4.3 5-4.3s4.4 1.5 5 4.3" />
              <path d="M14.5 6.5v5M12 9h5" />
            </ButtonIcon>
            <span className="share-button__text">{t('share.button')}</span>
          </button>
        )}
      </AppHeader>
      <main id="main" className="editor-main" tabIndex={-1}>
        {gone ? (
          <Gone reason={gone} />
        ) : (
          <>
            <div className={review.sidebarOpen && session ? 'editor-layout editor-layout--review' : 'editor-layout'}>
              <div className="editor-layout__text">
                {details.status === 'error' && (
                  <p className="notice notice--warning notice--banner" role="status">
                    {t('editor.detailsError', { message: details.message })}
                  </p>
                )}
                {snapshot && session && <ConnectionNotices snapshot={snapshot} onDismiss={() => session.dismissTransientNotice()} />}
                {refusal !== null && <RefusedNotice reason={refusal} onDismiss={dismissRefusal} />}
                {readOnlyRole && role && <ReadOnlyNotice role={role} session={session} />}
                {title && <PrintHeader title={title} />}
                {/* The owner's quiet tools (silence, adoption, a second language) share one row above the text; banners and the bilingual panel take a row each. */}
                <div className="text-tools">
                  {summary && !denied && <SilenceBar documentId={documentId} isOwner={isOwner} delegation={user.delegation} consensus={consensusSummary} onHolding={setSilenced} />}
                  {session && snapshot && snapshot.contentReady && (
                    <BilingualPanel
                      session={session}
                      bilingual={bilingual}
                      language={review.settings.language}
                      isOwner={isOwner}
                      canEdit={canEdit && !forcedSuggesting && !readOnlyRole}
                      consensus={consensusByParagraph}
                      sideBySide={sideBySide}
                      onSideBySide={setSideBySide}
                      glossary={glossary}
                    />
                  )}
                </div>
                {session && snapshot && snapshot.contentReady ? (
                  <div className={bilingual.ready && sideBySide && bilingual.settings ? 'bilingual-grid' : 'bilingual-single'}>
                  <DraftEditor
                    session={session}
                    person={person}
                    author={author}
                    suggesting={suggesting}
                    mode={modeTool}
                    readOnly={snapshot.closed !== null || readOnlyRole || silenced}
                    hideToolbar={readOnlyRole}
                    comment={commentTool}
                    commentHint={review.hint ?? bracketHint}
                    bracket={bracketTool}
                    onOpenParagraph={openParagraph}
                    canMove={canEdit && !forcedSuggesting}
                    textLanguage={review.settings.language}
                    onClickThread={review.onClickThread}
                    onEditor={review.setEditor}
                  />
                  {bilingual.ready && sideBySide && bilingual.settings && (
                    <TranslationEditor
                      session={session}
                      language={bilingual.settings.language}
                      readOnly={snapshot.closed !== null || readOnlyRole || silenced || forcedSuggesting}
                      rows={bilingual.rows}
                      source={review.editor}
                    />
                  )}
                  </div>
                ) : (
                  <Loading snapshot={snapshot} />
                )}
                {session && snapshot && snapshot.contentReady && <GlossaryHint editor={review.editor} entries={glossary} lang={review.settings.language} />}
              </div>
              {review.sidebarOpen && session && (
                <ReviewSidebar
                  documentId={documentId}
                  threads={review.threads}
                  places={review.places}
                  userId={user.id}
                  canComment={canComment}
                  activeId={review.activeId}
                  onActivate={review.activate}
                  composer={review.composer}
                  onComposerCancel={review.cancelComposer}
                  onCreated={review.onCreated}
                  tab={review.tab}
                  onTab={review.setTab}
                  onClose={() => review.setSidebarOpen(false)}
                  now={review.now}
                  editor={review.editor}
                  suggestions={suggestions}
                  canDecide={canEdit && !forcedSuggesting}
                  activeSuggestionId={review.activeSuggestionId}
                  onActivateSuggestion={review.activateSuggestion}
                  onDiscuss={review.requestDiscuss}
                  openParagraphs={consensusSummary && consensusSummary.parties.length > 0 ? consensusSummary.totals.open : null}
                  consensus={
                    <ConsensusPanel
                      documentId={documentId}
                      summary={consensusSummary}
                      ownDelegation={user.delegation}
                      canEdit={canEdit}
                      isOwner={isOwner}
                      focusedParagraphId={focusedParagraph}
                      onFocusParagraph={focusParagraph}
                      now={review.now}
                      translation={translationStatus}
                    />
                  }
                />
              )}
            </div>
          </>
        )}
      </main>
      {popover && consensusSummary && session && (() => {
        const paragraph = consensusSummary.paragraphs.find((p) => p.paragraphId === popover.paragraphId)
        if (!paragraph) return null
        return (
          <PositionPopover
            key={popover.paragraphId}
            documentId={documentId}
            paragraph={paragraph}
            parties={consensusSummary.parties}
            ownDelegation={user.delegation}
            canRecord={canEdit && consensusSummary.parties.includes(user.delegation)}
            anchor={popover.anchor}
            now={review.now}
            onClose={closePopover}
            onMore={() => {
              setPopover(null)
              openInTab(paragraph.paragraphId)
            }}
          />
        )
      })()}
      <AgreedEditDialog
        ask={agreedAsk}
        locked={review.settings.lockAgreed && !suggesting}
        canSwitch={canSuggest && !forcedSuggesting}
        onClose={() => {
          agreedAsk?.cancel()
          setAgreedAsk(null)
          reviewEditor?.commands.focus()
        }}
        onProceed={() => {
          setAgreedAsk(null)
          agreedAsk?.proceed()
          reviewEditor?.commands.focus()
        }}
        onSuggest={() => {
          agreedAsk?.cancel()
          setAgreedAsk(null)
          setChosenSuggesting(true)
          reviewEditor?.commands.focus()
        }}
      />
      {canEdit && (
        <BracketDialog
          documentId={documentId}
          draft={bracketDraft}
          onClose={() => setBracketDraft(null)}
          ownDelegation={user.delegation}
          isOwner={isOwner}
          parties={review.parties}
        />
      )}
      {summary && (
        <ShareDialog
          open={shareOpen && !denied}
          onClose={() => setShareOpen(false)}
          documentId={documentId}
          title={title ?? ''}
          role={summary.role}
          onChanged={() => setRecheck((n) => n + 1)}
          settings={review.settings}
        />
      )}
    </>
  )
}


/** Reads who is here itself: remote carets move with every keystroke, the page need not re-render. */
function Presence({ session }: { session: CollabSession }) {
  const { t } = useTranslation()
  const snapshot = { people: useSessionValue(session, (s) => s.people) }
  // One face per person and delegation: the same person in two tabs is still one person.
  const people = useMemo(() => {
    const seen = new Map<string, SessionSnapshot['people'][number]>()
    for (const person of snapshot.people) {
      const key = `${person.name}\u0000${person.delegation}`
      const known = seen.get(key)
      if (!known || (person.isSelf && !known.isSelf)) seen.set(key, person)
    }
    return [...seen.values()].map((person) => ({ ...person, key: String(person.clientId) }))
  }, [snapshot.people])
  return (
    <div className="presence" data-testid="presence" data-count={people.length}>
      <AvatarStack people={people} label={t('editor.presence')} max={6} />
    </div>
  )
}

