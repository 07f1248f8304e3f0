import type { VersionSummary } from '@consenso/protocol'
import type { VersionComparison } from './compare.ts'

/** `GET /api/documents/:id/versions/compare`: each side is a version, or null for the current text. */
export interface CompareVersionsResponse {
  from: VersionSummary | null
  to: VersionSummary | null
  comparison: VersionComparison
  /** How pending suggestions were read: left out (`aside`, the default) or taken in (`included`). */
  suggestions: 'aside' | 'included'
  /**
   * Who changed each paragraph between the two versions, by block id (AUTHOR-3): from the
   * server's authorship records, each person once, in the order of their first change.
   */
  authors: Record<string, { name: string; delegation: string }[]>
}
