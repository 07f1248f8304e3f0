import type * as Y from 'yjs'
import {
  PARTIES_SETTING,
  REVIEW_BRACKETS_KEY,
  REVIEW_CONSENSUS_KEY,
  REVIEW_SETTINGS_KEY,
  type BracketRecord,
  type ParagraphConsensus,
} from '@consenso/protocol'
import type { ReviewState } from './compare.ts'

/** What the comparison needs of a review document: parties, positions and bracket statuses. */
export function reviewStateFromDoc(meta: Y.Doc): ReviewState {
  const parties = meta.getMap(REVIEW_SETTINGS_KEY).get(PARTIES_SETTING)
  return {
    parties: Array.isArray(parties) ? parties.filter((p): p is string => typeof p === 'string') : [],
    consensus: meta.getMap<ParagraphConsensus>(REVIEW_CONSENSUS_KEY).toJSON() as Record<string, ParagraphConsensus>,
    brackets: meta.getMap<BracketRecord>(REVIEW_BRACKETS_KEY).toJSON() as Record<string, BracketRecord>,
  }
}
