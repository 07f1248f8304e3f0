import { useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { delegationColor, delegationName } from '../delegations.ts'
import { textColorOn } from '../people.ts'
import type { DelegationCount } from './threads.ts'

/** Delegations named in the chip itself; the rest are in the popover. */
const INLINE = 2

interface ReviewCounterProps {
  /** Open threads per delegation that opened them. */
  threads: DelegationCount[]
  /**
   * Open suggestions per delegation, once suggestion mode exists: pass them here and the chip
   * and its popover show them next to the threads.
   */
  suggestions?: DelegationCount[]
  open: boolean
  onToggle: () => void
}

const total = (counts: DelegationCount[]): number => counts.reduce((sum, c) => sum + c.count, 0)

/**
 * The header's review counter, which is also the button that shows the review sidebar:
 * "💬 5 · CHL 2 · PAN 3". Hovering or focusing it lists every delegation with its name.
 */
export function ReviewCounter({ threads, suggestions, open, onToggle }: ReviewCounterProps) {
  const { t, i18n } = useTranslation()
  const ids = useId()
  const [popover, setPopover] = useState(false)
  const threadTotal = total(threads)
  const suggestionTotal = suggestions ? total(suggestions) : 0

  const perDelegation = (counts: DelegationCount[]): string => counts.map((c) => `${c.delegation} ${c.count}`).join(', ')
  const label = [
    t('review.counter.threads', { count: threadTotal }),
    threads.length > 0 ? `(${perDelegation(threads)})` : '',
    suggestions ? t('review.counter.suggestions', { count: suggestionTotal }) : '',
  ]
    .filter(Boolean)
    .join(' ')

  return (
    <div
      className="review-counter"
      onMouseEnter={() => setPopover(true)}
      onMouseLeave={() => setPopover(false)}
      // Only a keyboard focus shows the list: after a click the sidebar is what the person wanted.
      onFocus={(event) => {
        if (event.target.matches(':focus-visible')) setPopover(true)
      }}
      onBlur={() => setPopover(false)}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && popover) {
          event.stopPropagation()
          setPopover(false)
        }
      }}
    >
      <button
        type="button"
        className={open ? 'review-counter__button review-counter__button--open' : 'review-counter__button'}
        data-testid="review-toggle"
        data-open-threads={threadTotal}
        data-open-suggestions={suggestions ? suggestionTotal : undefined}
        aria-expanded={open}
        aria-controls="review-sidebar"
        aria-describedby={`${ids}-popover`}
        onClick={() => {
          setPopover(false)
          onToggle()
        }}
      >
        <svg viewBox="0 0 20 20" width="16" height="16" aria-hidden="true" focusable="false">
          <path
            d="M3.5 4.5h13v8.5h-7l-3.8 3v-3H3.5z"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.6"
            strokeLinejoin="round"
          />
        </svg>
        <span className="review-counter__total" data-testid="review-count">
          {threadTotal}
        </span>
        {threads.slice(0, INLINE).map((c) => (
          <span key={c.delegation} className="review-counter__delegation">
            <span className="review-counter__dot" style={{ backgroundColor: delegationColor(c.delegation) }} aria-hidden="true" />
            {c.delegation} {c.count}
          </span>
        ))}
        {threads.length > INLINE && <span className="review-counter__more">+{threads.length - INLINE}</span>}
        {suggestions && (
          <span className="review-counter__suggestions" data-testid="review-suggestion-count">
            {t('review.counter.suggestionsShort', { count: suggestionTotal })}
          </span>
        )}
        {/* The visible counts first, then what they are (A11Y-2). */}
        <span className="visually-hidden">
          {' '}
          — {t('review.toggle')}: {label}
        </span>
      </button>
      <div id={`${ids}-popover`} role="tooltip" className="review-counter__popover" hidden={!popover} data-testid="review-counts">
        <p className="review-counter__heading">{t('review.counter.heading')}</p>
        {mergeDelegations(threads, suggestions).length === 0 ? (
          <p className="review-counter__none">{t('review.counter.none')}</p>
        ) : (
          <table className="review-counter__table">
            <thead>
              <tr>
                <th scope="col">{t('review.counter.delegation')}</th>
                <th scope="col">{t('review.counter.openThreads')}</th>
                {suggestions && <th scope="col">{t('review.counter.openSuggestions')}</th>}
              </tr>
            </thead>
            <tbody>
              {mergeDelegations(threads, suggestions).map((code) => {
                const color = delegationColor(code)
                return (
                  <tr key={code} data-delegation={code}>
                    <th scope="row">
                      <span className="delegation-code" style={{ backgroundColor: color, color: textColorOn(color) }}>
                        {code}
                      </span>{' '}
                      <span className="review-counter__name">{delegationName(code, i18n.language)}</span>
                    </th>
                    <td>{threads.find((c) => c.delegation === code)?.count ?? 0}</td>
                    {suggestions && <td>{suggestions.find((c) => c.delegation === code)?.count ?? 0}</td>}
                  </tr>
                )
              })}
            </tbody>
          </table>
        )}
        <p className="review-counter__hint">{open ? t('review.counter.hideHint') : t('review.counter.showHint')}</p>
      </div>
    </div>
  )
}

function mergeDelegations(threads: DelegationCount[], suggestions?: DelegationCount[]): string[] {
  const codes = threads.map((c) => c.delegation)
  for (const c of suggestions ?? []) if (!codes.includes(c.delegation)) codes.push(c.delegation)
  return codes
}
