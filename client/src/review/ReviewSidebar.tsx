import { useId, useMemo, useState, type KeyboardEvent, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import type { Editor } from '@tiptap/core'
import type { Author, Thread } from '@consenso/protocol'
import type { SuggestionSummary } from '@consenso/schema'
import { delegationLabelOf } from '../delegations.ts'
import { Composer } from './Composer.tsx'
import { MentionsList } from './MentionsList.tsx'
import { ThreadItems } from './ThreadCard.tsx'
import { SuggestionsPanel } from './SuggestionsPanel.tsx'
import type { ComposerDraft, ThreadPlaces } from './useReview.ts'
import { inTextOrder, matches, NO_FILTERS, participants, type StatusFilter, type ThreadFilters } from './threads.ts'

export type ReviewTab = 'threads' | 'suggestions' | 'consensus' | 'mentions'

const TABS: ReviewTab[] = ['threads', 'suggestions', 'consensus', 'mentions']

interface ReviewSidebarProps {
  documentId: string
  threads: readonly Thread[]
  /** The order of the threads' words in the text, and which threads' words are gone. */
  places: ThreadPlaces
  userId: string
  canComment: boolean
  activeId: string | null
  onActivate: (threadId: string, showText: boolean) => void
  composer: ComposerDraft | null
  onComposerCancel: () => void
  onCreated: (thread: Thread) => void
  tab: ReviewTab
  onTab: (tab: ReviewTab) => void
  onClose: () => void
  now: number
  editor: Editor | null
  suggestions: readonly SuggestionSummary[]
  /** Editors and owners: accept and reject suggestions. */
  canDecide: boolean
  activeSuggestionId: string | null
  onActivateSuggestion: (id: string, showText: boolean) => void
  onDiscuss: (id: string) => void
  /** The consensus tab's content, and the open paragraphs counted on its tab. */
  consensus: ReactNode
  openParagraphs: number | null
}

const STATUSES: StatusFilter[] = ['open', 'resolved', 'all']

export function ReviewSidebar(props: ReviewSidebarProps) {
  const { documentId, threads, places, userId, canComment, activeId, onActivate, composer, tab, onTab, onClose, now } = props
  const { t, i18n } = useTranslation()
  const ids = useId()
  const [filters, setFilters] = useState<ThreadFilters>(NO_FILTERS)

  const { delegations, authors } = useMemo(() => {
    const codes = new Set<string>()
    const people = new Map<string, Author>()
    for (const thread of threads) {
      for (const person of participants(thread)) {
        codes.add(person.delegation)
        people.set(person.id, person)
      }
    }
    return {
      delegations: [...codes].sort(),
      authors: [...people.values()].sort((a, b) => a.name.localeCompare(b.name, i18n.language)),
    }
  }, [threads, i18n.language])

  const ordered = useMemo(() => inTextOrder(threads, places.order), [threads, places.order])
  // The thread someone is looking at stays listed even when the filters would hide it.
  const shown = ordered.filter((thread) => thread.id === activeId || matches(thread, filters))
  const openCount = threads.filter((thread) => thread.status === 'open').length
  const filtered = filters.status !== NO_FILTERS.status || filters.delegation !== '' || filters.author !== ''

  const onTabKey = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return
    event.preventDefault()
    const next = TABS[(TABS.indexOf(tab) + (event.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length]!
    onTab(next)
    document.getElementById(`${ids}-tab-${next}`)?.focus()
  }

  return (
    <aside id="review-sidebar" className="review-sidebar" data-testid="review-sidebar" aria-label={t('review.sidebarLabel')}>
      <div className="review-sidebar__head">
        <div className="review-tabs" role="tablist" aria-label={t('review.sidebarLabel')} onKeyDown={onTabKey}>
          <button
            type="button"
            role="tab"
            id={`${ids}-tab-threads`}
            aria-selected={tab === 'threads'}
            aria-controls={`${ids}-panel-threads`}
            tabIndex={tab === 'threads' ? 0 : -1}
            className="review-tab"
            data-testid="review-tab-threads"
            onClick={() => onTab('threads')}
          >
            {t('review.tabs.threads')}
            <span className="review-tab__count">{openCount}</span>
          </button>
          <button
            type="button"
            role="tab"
            id={`${ids}-tab-suggestions`}
            aria-selected={tab === 'suggestions'}
            aria-controls={`${ids}-panel-suggestions`}
            tabIndex={tab === 'suggestions' ? 0 : -1}
            className="review-tab"
            data-testid="review-tab-suggestions"
            onClick={() => onTab('suggestions')}
          >
            {t('suggestions.tab')}
            <span className="review-tab__count" data-testid="suggestions-tab-count">
              {props.suggestions.length}
            </span>
          </button>
          <button
            type="button"
            role="tab"
            id={`${ids}-tab-consensus`}
            aria-selected={tab === 'consensus'}
            aria-controls={`${ids}-panel-consensus`}
            tabIndex={tab === 'consensus' ? 0 : -1}
            className="review-tab"
            data-testid="review-tab-consensus"
            onClick={() => onTab('consensus')}
          >
            {t('consensus.tab')}
            {props.openParagraphs !== null && <span className="review-tab__count">{props.openParagraphs}</span>}
          </button>
          <button
            type="button"
            role="tab"
            id={`${ids}-tab-mentions`}
            aria-selected={tab === 'mentions'}
            aria-controls={`${ids}-panel-mentions`}
            tabIndex={tab === 'mentions' ? 0 : -1}
            className="review-tab"
            data-testid="review-tab-mentions"
            onClick={() => onTab('mentions')}
          >
            {t('review.tabs.mentions')}
          </button>
        </div>
        <button type="button" className="dialog__close" onClick={onClose} aria-label={t('review.close')} title={t('review.close')} data-testid="review-close">
          <span aria-hidden="true">×</span>
        </button>
      </div>

      {tab === 'threads' ? (
        <div className="review-sidebar__body" role="tabpanel" id={`${ids}-panel-threads`} aria-labelledby={`${ids}-tab-threads`}>
          {composer && !composer.suggestionId && canComment && (
            <Composer key={JSON.stringify(composer.anchor)} documentId={documentId} draft={composer} onCancel={props.onComposerCancel} onCreated={props.onCreated} />
          )}
          {!canComment && (
            <p className="review-note" data-testid="review-read-only">
              {t('review.readOnly')}
            </p>
          )}

          <fieldset className="review-filters" data-testid="review-filters">
            <legend className="visually-hidden">{t('review.filters.label')}</legend>
            <div className="review-filter review-filter--status" role="radiogroup" aria-labelledby={`${ids}-status`} data-testid="filter-status">
              <span id={`${ids}-status`} className="review-filter__label">
                {t('review.filters.status')}
              </span>
              <div className="review-status">
                {STATUSES.map((status) => (
                  <label key={status} className="review-status__option">
                    <input
                      type="radio"
                      name={`${ids}-status`}
                      value={status}
                      checked={filters.status === status}
                      data-testid={`filter-status-${status}`}
                      onChange={() => setFilters({ ...filters, status })}
                    />
                    {t(`review.filters.statuses.${status}`)}
                  </label>
                ))}
              </div>
            </div>
            <div className="review-filter">
              <label htmlFor={`${ids}-delegation`}>{t('review.filters.delegation')}</label>
              <select
                id={`${ids}-delegation`}
                data-testid="filter-delegation"
                value={filters.delegation}
                onChange={(event) => setFilters({ ...filters, delegation: event.target.value })}
              >
                <option value="">{t('review.filters.allDelegations')}</option>
                {delegations.map((code) => (
                  <option key={code} value={code}>
                    {delegationLabelOf(code, i18n.language)}
                  </option>
                ))}
              </select>
            </div>
            <div className="review-filter">
              <label htmlFor={`${ids}-author`}>{t('review.filters.author')}</label>
              <select id={`${ids}-author`} data-testid="filter-author" value={filters.author} onChange={(event) => setFilters({ ...filters, author: event.target.value })}>
                <option value="">{t('review.filters.allAuthors')}</option>
                {authors.map((author) => (
                  <option key={author.id} value={author.id}>
                    {author.name} · {author.delegation}
                  </option>
                ))}
              </select>
            </div>
          </fieldset>

          {shown.length === 0 ? (
            <div className="review-empty" data-testid="threads-empty">
              {threads.length === 0 ? (
                <p>{canComment ? t('review.emptyCanComment') : t('review.empty')}</p>
              ) : (
                <>
                  <p>{t('review.noMatch')}</p>
                  {filtered && (
                    <button type="button" className="link-button" onClick={() => setFilters({ status: 'all', delegation: '', author: '' })}>
                      {t('review.filters.showAll')}
                    </button>
                  )}
                </>
              )}
            </div>
          ) : (
            <ul className="thread-list" data-testid="thread-list" aria-label={t('review.listLabel', { count: shown.length })}>
              <ThreadItems threads={shown} activeId={activeId} orphaned={places.orphaned} documentId={documentId} userId={userId} canComment={canComment} now={now} onActivate={onActivate} />
            </ul>
          )}
        </div>
      ) : tab === 'suggestions' ? (
        <div className="review-sidebar__body" role="tabpanel" id={`${ids}-panel-suggestions`} aria-labelledby={`${ids}-tab-suggestions`}>
          <SuggestionsPanel
            editor={props.editor}
            suggestions={props.suggestions}
            threads={threads}
            places={places}
            documentId={documentId}
            userId={userId}
            canDecide={props.canDecide}
            canComment={canComment}
            activeSuggestionId={props.activeSuggestionId}
            onActivateSuggestion={props.onActivateSuggestion}
            onDiscuss={props.onDiscuss}
            composer={composer}
            onComposerCancel={props.onComposerCancel}
            onCreated={props.onCreated}
            activeThreadId={activeId}
            onActivateThread={onActivate}
            now={now}
          />
        </div>
      ) : tab === 'consensus' ? (
        <div className="review-sidebar__body" role="tabpanel" id={`${ids}-panel-consensus`} aria-labelledby={`${ids}-tab-consensus`}>
          {props.consensus}
        </div>
      ) : (
        <div className="review-sidebar__body" role="tabpanel" id={`${ids}-panel-mentions`} aria-labelledby={`${ids}-tab-mentions`}>
          <p className="review-note">{t('review.mentions.intro')}</p>
          <MentionsList refreshKey={threads} now={now} currentDocumentId={documentId} />
        </div>
      )}
    </aside>
  )
}
