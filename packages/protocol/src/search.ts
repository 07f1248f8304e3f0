/** Search across drafts, the register, the glossary and files (SEARCH-*): the query and the answer. */
import { Type, type Static } from 'typebox'

export const SEARCH_QUERY_MAX_LENGTH = 200
export const SEARCH_LIMIT_MAX = 50

export const SearchRequest = Type.Object(
  {
    q: Type.String({ minLength: 1, maxLength: SEARCH_QUERY_MAX_LENGTH }),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: SEARCH_LIMIT_MAX })),
  },
  { additionalProperties: false },
)
export type SearchRequest = Static<typeof SearchRequest>

export type SearchResultKind = 'title' | 'paragraph' | 'comment' | 'agreement' | 'meeting' | 'term' | 'file'

export interface SearchResult {
  kind: SearchResultKind
  /** The draft, register entry or file the result opens. */
  target: string
  /** The paragraph's block id, when the result is in (or about) one. */
  paragraphId: string | null
  /** Its number (PP2, OP3), a file's name; null when none. */
  label: string | null
  /** The title of the draft or file. */
  title: string
  /** The matching text around its first match. */
  snippet: string
  /** [start, end) of each matching word in `snippet`. */
  marks: [number, number][]
  /** Where the result opens in the app (a path). */
  href: string
}

export interface SearchResponse {
  query: string
  results: SearchResult[]
  /**
   * True while this server has reindexing scheduled or running (SEARCH-6): what was just written
   * may not be found yet, and the header's search asks again shortly.
   */
  pending: boolean
}
