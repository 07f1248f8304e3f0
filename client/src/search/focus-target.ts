/**
 * Opening a page at one of its rows from a search result (UI-SEARCH-3): `?entry=ID` on the
 * glossary, `?agreement=ID` / `?meeting=ID` on the register. Once the list is there, the row
 * marked `data-search-target="ID"` is scrolled to mid-screen, focused (it has tabIndex -1, so a
 * screen reader reads it and Tab continues from it) and highlighted, which the returned id tells
 * the page; a row not in the list (deleted since, or filtered out) leaves the page as it was.
 */
import { useEffect, useState } from 'react'
import { useSearch } from 'wouter'

export function useSearchTarget(param: string, ready: boolean): string | null {
  const id = new URLSearchParams(useSearch()).get(param)
  const [target, setTarget] = useState<string | null>(null)
  useEffect(() => {
    if (!id || !ready) return
    const row = document.querySelector<HTMLElement>(`[data-search-target="${CSS.escape(id)}"]`)
    if (!row) return
    row.scrollIntoView({ block: 'center' })
    row.focus({ preventScroll: true })
    setTarget(id)
  }, [id, ready])
  return id === target ? target : null
}

/** The props of a row a search result may open. */
export const searchTargetProps = (id: string, target: string | null): { 'data-search-target': string; tabIndex: -1; 'aria-current'?: 'true' } =>
  id === target ? { 'data-search-target': id, tabIndex: -1, 'aria-current': 'true' } : { 'data-search-target': id, tabIndex: -1 }
