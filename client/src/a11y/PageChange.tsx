/**
 * A page change inside the application (client/SPEC.md A11Y-24): the browser does not load a
 * page, so nothing tells a screen reader that one came, and the focus stays on the link that
 * has gone (that is, on the page's body). After each change of address, once the new page has
 * drawn its heading, the focus moves to that heading and "Page: <title>" is said; a page that
 * places the focus itself (a draft puts it in the text, UI-FOCUS-1) keeps it.
 */
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useLocation } from 'wouter'

/** How long a page may take to draw its heading (a list loading) before we give up. */
const HEADING_WAIT_MS = 3_000

export function PageChange() {
  const { t } = useTranslation()
  const [location] = useLocation()
  const first = useRef(true)
  const [said, setSaid] = useState('')

  useEffect(() => {
    if (first.current) {
      first.current = false
      return
    }
    const started = performance.now()
    let frame = 0
    const settle = (): void => {
      const active = document.activeElement
      // The new page took the focus itself: leave it there.
      if (active && active !== document.body && active.isConnected) return
      const heading = document.querySelector<HTMLElement>('main h1')
      if (!heading) {
        if (performance.now() - started < HEADING_WAIT_MS) frame = requestAnimationFrame(settle)
        return
      }
      if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1')
      heading.focus()
      setSaid(t('a11y.pageChanged', { title: document.title }))
    }
    frame = requestAnimationFrame(() => (frame = requestAnimationFrame(settle)))
    return () => cancelAnimationFrame(frame)
  }, [location, t])

  return (
    <p className="visually-hidden" role="status" data-testid="page-change">
      {said}
    </p>
  )
}
