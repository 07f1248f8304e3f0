import { useMemo, useRef, type MouseEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { TFunction } from 'i18next'
import type { Editor } from '@tiptap/core'
import type { Thread } from '@consenso/protocol'
import type { SuggestionSummary } from '@consenso/schema'
import { delegationColor, delegationLabelOf } from '../delegations.ts'
import { absoluteTime, relativeTime } from '../format.ts'
import { Composer } from './Composer.tsx'
import { DelegationCode, ThreadItems } from './ThreadCard.tsx'
import { suggestionsByDelegation } from './suggestions.ts'
import type { ComposerDraft, ThreadPlaces } from './useReview.ts'

interface SuggestionsPanelProps {
  editor: Editor | null
  suggestions: readonly SuggestionSummary[]
  threads: readonly Thread[]
  places: ThreadPlaces
  documentId: string
  userId: string
  /** Editors and owners accept and reject; everyone else reads (and, commenters, discusses). */
  canDecide: boolean
  canComment: boolean
  activeSuggestionId: string | null
  onActivateSuggestion: (id: string, showText: boolean) => void
  onDiscuss: (id: string) => void
  composer: ComposerDraft | null
  onComposerCancel: () => void
  onCreated: (thread: Thread) => void
  activeThreadId: string | null
  onActivateThread: (threadId: string, showText: boolean) => void
  now: number
}

/** Pilcrows for paragraph breaks: "\n" would vanish in a one-line quote. */
const shown = (text: string): string => text.replace(/\n/gu, ' ¶ ').replace(/\s+/gu, ' ').trim()

function SuggestionText({ suggestion }: { suggestion: SuggestionSummary }) {
  const { t } = useTranslation()
  const { kind, insertedText, deletedText, text, formats, blockChanges } = suggestion
  const del = shown(deletedText)
  const ins = shown(insertedText)
  return (
    <span className="suggestion-card__text" data-testid="suggestion-text">
      {(kind === 'delete' || kind === 'replace') && <del className="suggestion-card__del">{del || '¶'}</del>}
      {kind === 'replace' && ' '}
      {(kind === 'insert' || kind === 'replace') && <ins className="suggestion-card__ins">{ins || '¶'}</ins>}
      {kind === 'format' && (
        <>
          <span className="suggestion-card__format">«{shown(text)}»</span>{' '}
          <span className="suggestion-card__detail">
            {[
              ...formats.map((f) => t(`suggestions.format.${f.action}`, { mark: t(`suggestions.marks.${f.mark}`, { defaultValue: f.mark }) })),
              ...blockChanges.map((b) => t('suggestions.blockChange', { from: describeBlock(b.previous, t), to: describeBlock(b.current, t) })),
            ].join('; ')}
          </span>
        </>
      )}
    </span>
  )
}

function describeBlock(block: { type: string; attrs: Record<string, unknown> }, t: TFunction): string {
  if (block.type === 'heading') return t('suggestions.blocks.heading', { level: String(block.attrs.level) })
  if (block.attrs.kind === 'preamble') return 'PP'
  if (block.attrs.kind === 'operative') return 'OP'
  return t('suggestions.blocks.paragraph')
}

export function SuggestionsPanel(props: SuggestionsPanelProps) {
  const { editor, suggestions, threads, places, documentId, userId, canDecide, canComment, activeSuggestionId, onActivateSuggestion, onDiscuss, composer, now } = props
  const { t, i18n } = useTranslation()
  const listRef = useRef<HTMLDivElement>(null)
  const byDelegation = useMemo(() => suggestionsByDelegation(suggestions), [suggestions])
  const threadsOf = useMemo(() => {
    const map = new Map<string, Thread[]>()
    for (const thread of threads) {
      if (!thread.suggestionId) continue
      map.set(thread.suggestionId, [...(map.get(thread.suggestionId) ?? []), thread])
    }
    return map
  }, [threads])

  /** Runs an accept/reject command; the focus stays in the panel, where the person is working. */
  const decide = (command: (e: Editor) => boolean): void => {
    if (!editor || editor.isDestroyed || !canDecide) return
    command(editor)
    listRef.current?.focus()
  }

  const onCardClick = (event: MouseEvent<HTMLElement>, id: string): void => {
    if ((event.target as HTMLElement).closest('button, a, textarea, input, select, [role="option"], .thread')) return
    onActivateSuggestion(id, true)
  }

  return (
    <div className="suggestions-panel" ref={listRef} tabIndex={-1} data-testid="suggestions-panel">
      {canDecide && suggestions.length > 0 && (
        <section className="suggestions-bulk" aria-label={t('suggestions.bulkLabel')} data-testid="suggestions-bulk">
          <div className="suggestions-bulk__row">
            <span className="suggestions-bulk__label">{t('suggestions.all', { count: suggestions.length })}</span>
            <button type="button" className="button button--small" data-testid="accept-all" onClick={() => decide((e) => e.commands.acceptAll())}>
              {t('suggestions.acceptAll')}
            </button>
            <button type="button" className="button button--small button--quiet" data-testid="reject-all" onClick={() => decide((e) => e.commands.rejectAll())}>
              {t('suggestions.rejectAll')}
            </button>
          </div>
          {byDelegation.length > 1 &&
            byDelegation.map(({ delegation, count }) => (
              <div key={delegation} className="suggestions-bulk__row" data-testid="suggestions-delegation" data-delegation={delegation}>
                <DelegationCode code={delegation} />
                <span className="suggestions-bulk__count">{t('suggestions.count', { count })}</span>
                <span className="thread__spacer" />
                <button
                  type="button"
                  className="button button--small"
                  data-testid="accept-from"
                  aria-label={t('suggestions.acceptFromLabel', { delegation: delegationLabelOf(delegation, i18n.language) })}
                  onClick={() => decide((e) => e.commands.acceptAllFrom(delegation))}
                >
                  {t('suggestions.accept')}
                </button>
                <button
                  type="button"
                  className="button button--small button--quiet"
                  data-testid="reject-from"
                  aria-label={t('suggestions.rejectFromLabel', { delegation: delegationLabelOf(delegation, i18n.language) })}
                  onClick={() => decide((e) => e.commands.rejectAllFrom(delegation))}
                >
                  {t('suggestions.reject')}
                </button>
              </div>
            ))}
          <p className="suggestions-bulk__hint">{t('suggestions.undoHint')}</p>
        </section>
      )}

      {suggestions.length === 0 ? (
        <p className="review-empty" data-testid="suggestions-empty">
          {canDecide ? t('suggestions.emptyCanSuggest') : t('suggestions.empty')}
        </p>
      ) : (
        <ul className="suggestion-list" data-testid="suggestion-list" aria-label={t('suggestions.listLabel', { count: suggestions.length })}>
          {suggestions.map((s) => {
            const active = s.id === activeSuggestionId
            const color = delegationColor(s.delegation)
            const linked = threadsOf.get(s.id) ?? []
            const discussing = composer?.suggestionId === s.id
            return (
              <li key={s.id}>
                <article
                  className={active ? 'suggestion-card suggestion-card--active' : 'suggestion-card'}
                  style={{ borderInlineStartColor: color }}
                  data-testid="suggestion"
                  data-suggestion-id={s.id}
                  data-kind={s.kind}
                  data-delegation={s.delegation}
                  data-active={active}
                  onClick={(event) => onCardClick(event, s.id)}
                >
                  <div className="suggestion-card__head">
                    <span className={`tag suggestion-kind suggestion-kind--${s.kind}`}>{t(`suggestions.kinds.${s.kind}`)}</span>
                    <span className="thread__spacer" />
                    <time className="byline__time" dateTime={s.at} title={absoluteTime(s.at, i18n.language)}>
                      {relativeTime(s.at, i18n.language, now)}
                    </time>
                  </div>
                  <button type="button" className="suggestion-card__show" data-testid="suggestion-show" title={t('suggestions.showInText')} onClick={() => onActivateSuggestion(s.id, true)}>
                    <SuggestionText suggestion={s} />
                  </button>
                  <p className="byline" data-testid="suggestion-author">
                    <span className="byline__name">{s.authorName}</span>
                    <span className="byline__separator" aria-hidden="true">
                      ·
                    </span>
                    <DelegationCode code={s.delegation} />
                  </p>
                  {(canDecide || (canComment && !discussing)) && (
                    <div className="thread__buttons">
                      {canComment && !discussing && (
                        <button type="button" className="button button--small button--quiet" data-testid="suggestion-discuss" onClick={() => onDiscuss(s.id)}>
                          {t('suggestions.discuss')}
                        </button>
                      )}
                      <span className="thread__spacer" />
                      {canDecide && (
                        <>
                          <button
                            type="button"
                            className="button button--small button--quiet"
                            data-testid="suggestion-reject"
                            aria-label={t('suggestions.rejectLabel', { name: s.authorName })}
                            onClick={() => decide((e) => e.commands.rejectSuggestion(s.id))}
                          >
                            {t('suggestions.reject')}
                          </button>
                          <button
                            type="button"
                            className="button button--small button--primary"
                            data-testid="suggestion-accept"
                            aria-label={t('suggestions.acceptLabel', { name: s.authorName })}
                            onClick={() => decide((e) => e.commands.acceptSuggestion(s.id))}
                          >
                            {t('suggestions.accept')}
                          </button>
                        </>
                      )}
                    </div>
                  )}
                  {discussing && composer && canComment && (
                    <Composer
                      key={JSON.stringify(composer.anchor)}
                      documentId={documentId}
                      draft={composer}
                      suggestionId={s.id}
                      onCancel={props.onComposerCancel}
                      onCreated={props.onCreated}
                    />
                  )}
                  {linked.length > 0 && (
                    <ul className="suggestion-card__threads" data-testid="suggestion-threads" aria-label={t('suggestions.threadsLabel')}>
                      <ThreadItems
                        threads={linked}
                        activeId={props.activeThreadId}
                        orphaned={places.orphaned}
                        documentId={documentId}
                        userId={userId}
                        canComment={canComment}
                        now={now}
                        onActivate={props.onActivateThread}
                      />
                    </ul>
                  )}
                </article>
              </li>
            )
          })}
        </ul>
      )}
    </div>
  )
}
