/**
 * Which drafts the portal shows, and in what order: a title search that ignores case and
 * accents ("declaracion" finds "Declaración"), a filter by who the draft belongs to and one by
 * kind, and a sort. Pure, so the rules are tested without a browser.
 */
import type { DocumentSummary, TemplateId } from '@consenso/protocol'

export type DraftFilter = 'all' | 'mine' | 'delegation'
export type DraftSort = 'changed' | 'title' | 'created'

export interface DraftListView {
  query: string
  filter: DraftFilter
  kind: TemplateId | 'all'
  sort: DraftSort
}

export const DEFAULT_VIEW: DraftListView = { query: '', filter: 'all', kind: 'all', sort: 'changed' }

/** Lower case without accents or repeated spaces, for matching as people type. */
export const foldForSearch = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLocaleLowerCase()
    .replace(/\s+/g, ' ')
    .trim()

export function visibleDrafts(drafts: readonly DocumentSummary[], view: DraftListView, me: string, locale: string): DocumentSummary[] {
  const words = foldForSearch(view.query).split(' ').filter(Boolean)
  const collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true })
  return drafts
    .filter((d) => {
      if (view.filter === 'mine' && d.createdBy !== me) return false
      if (view.filter === 'delegation' && !d.sharedWithDelegation) return false
      if (view.kind !== 'all' && d.template !== view.kind) return false
      const title = foldForSearch(d.title)
      return words.every((word) => title.includes(word))
    })
    .sort((a, b) => {
      if (view.sort === 'title') return collator.compare(a.title, b.title) || a.id.localeCompare(b.id)
      if (view.sort === 'created') return Date.parse(b.createdAt) - Date.parse(a.createdAt) || a.id.localeCompare(b.id)
      return Date.parse(b.updatedAt) - Date.parse(a.updatedAt) || a.id.localeCompare(b.id)
    })
}

export const isFiltered = (view: DraftListView): boolean => view.query.trim() !== '' || view.filter !== 'all' || view.kind !== 'all'
