/**
 * The header's search (UI-SEARCH-1): a combobox asking GET /api/search as the person types
 * (debounced), its results a listbox of links, each with the matching words marked; ↓/↑ move
 * through them, Enter opens one, Escape closes. A result in a paragraph opens the draft at it
 * (`/d/ID?p=BLOCK`, read by useGoToParagraph); a glossary term, an agreement or a meeting opens
 * its page at it (focus-target.ts). An empty answer, or one the server marks `pending`, is asked
 * again twice on a short backoff while the box stays open (UI-SEARCH-4).
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useLocation } from 'wouter'
import type { SearchResponse, SearchResult } from '@consenso/protocol'
import { request } from '../api.ts'
import './search.css'

const DEBOUNCE_MS = 200
/** After an empty answer, or one the server says may be behind: ask again after these waits, then stop. */
const RETRY_MS = [1000, 3000]

function Marked({ result }: { result: SearchResult }) {
  const parts: React.ReactNode[] = []
  let at = 0
  result.marks.forEach(([a, b], i) => {
    if (a > at) parts.push(result.snippet.slice(at, a))
    parts.push(<mark key={i}>{result.snippet.slice(a, b)}</mark>)
    at = b
  })
  if (at < result.snippet.length) parts.push(result.snippet.slice(at))
  return <span className="search-result__snippet">{parts}</span>
}

export function SearchBox() {
  const { t } = useTranslation()
  const [, navigate] = useLocation()
  const ids = useId()
  const [query, setQuery] = useState('')
  const [results, setResults] = useState<SearchResult[] | null>(null)
  const [active, setActive] = useState(-1)
  const [failed, setFailed] = useState(false)
  const box = useRef<HTMLDivElement>(null)
  /** Closed by Escape or a click elsewhere: a late answer or a retry must not open it again. */
  const closed = useRef(false)
  const close = (): void => {
    closed.current = true
    setResults(null)
  }

  useEffect(() => {
    const q = query.trim()
    closed.current = false
    if (!q) {
      setResults(null)
      return
    }
    const controller = new AbortController()
    let timer = 0
    const ask = (attempt: number): void => {
      request<SearchResponse>(`/api/search?q=${encodeURIComponent(q.slice(0, 200))}`, { signal: controller.signal })
        .then((answer) => {
          if (closed.current) return
          setResults(answer.results)
          if (attempt === 0) setActive(-1)
          setFailed(false)
          // What was just written may not be indexed yet (UI-SEARCH-4): ask again, a bounded few times.
          const retry = RETRY_MS[attempt]
          if (retry !== undefined && (answer.pending || answer.results.length === 0)) timer = window.setTimeout(() => ask(attempt + 1), retry)
        })
        .catch(() => {
          if (!controller.signal.aborted) setFailed(true)
        })
    }
    timer = window.setTimeout(() => ask(0), DEBOUNCE_MS)
    return () => {
      window.clearTimeout(timer)
      controller.abort()
    }
  }, [query])

  useEffect(() => {
    const onDown = (event: MouseEvent): void => {
      if (box.current && !box.current.contains(event.target as Node)) {
        closed.current = true
        setResults(null)
      }
    }
    document.addEventListener('mousedown', onDown)
    return () => document.removeEventListener('mousedown', onDown)
  }, [])

  const open = (result: SearchResult): void => {
    close()
    setQuery('')
    navigate(result.href)
  }

  const onKey = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'Escape') {
      close()
      return
    }
    if (!results || results.length === 0) return
    if (event.key === 'ArrowDown') {
      event.preventDefault()
      setActive((i) => (i + 1) % results.length)
    } else if (event.key === 'ArrowUp') {
      event.preventDefault()
      setActive((i) => (i <= 0 ? results.length - 1 : i - 1))
    } else if (event.key === 'Enter' && active >= 0) {
      event.preventDefault()
      open(results[active]!)
    }
  }

  const shown = results !== null
  return (
    <div className="search-box" ref={box} role="search">
      <label htmlFor={`${ids}-q`} className="visually-hidden">
        {t('search.label')}
      </label>
      <input
        id={`${ids}-q`}
        type="search"
        role="combobox"
        aria-expanded={shown}
        aria-controls={`${ids}-results`}
        aria-autocomplete="list"
        aria-activedescendant={active >= 0 ? `${ids}-r${active}` : undefined}
        placeholder={t('search.placeholder')}
        value={query}
        maxLength={200}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={onKey}
        data-testid="search-input"
      />
      {shown && (
        <ul id={`${ids}-results`} role="listbox" aria-label={t('search.results')} className="search-results" data-testid="search-results">
          {results.length === 0 && <li className="search-results__none">{failed ? t('search.failed') : t('search.none')}</li>}
          {results.map((result, i) => (
            <li
              key={`${result.href}-${i}`}
              id={`${ids}-r${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'search-result search-result--active' : 'search-result'}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => open(result)}
              data-testid="search-result"
            >
              <span className="search-result__where">
                <span className="search-result__kind">{t(`search.kind.${result.kind}`)}</span>
                {result.label && <span className="search-result__label">{result.label}</span>}
                <span className="search-result__title">{result.title}</span>
              </span>
              <Marked result={result} />
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
