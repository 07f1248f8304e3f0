/**
 * The consensus view of a draft, derived from its body and its review data: every numbered
 * paragraph with its status, positions and open brackets, and the totals of the progress
 * line. The server answers `GET /api/documents/:id/consensus` with it and the editor computes
 * the same thing live, so both always agree.
 */
import type { JSONContent } from '@tiptap/core'
import {
  paragraphStatus,
  paragraphTextHash,
  type BracketRecord,
  type ConsensusSummary,
  type ConsensusTotals,
  type ParagraphConsensus,
  type ParagraphSummary,
} from '@consenso/protocol'
import { bracketLocations, numberedParagraphs } from './brackets.ts'

export interface ReviewConsensusData {
  parties: readonly string[]
  consensus: Readonly<Record<string, ParagraphConsensus>>
  brackets: Readonly<Record<string, BracketRecord>>
}

export function summarizeConsensus(body: JSONContent, review: ReviewConsensusData): ConsensusSummary {
  const parties = [...review.parties]
  const paragraphs: ParagraphSummary[] = numberedParagraphs(body).map((paragraph) => {
    const entry = review.consensus[paragraph.id]
    // Positions given on another text no longer count (the server archives them shortly).
    const current = entry && entry.textHash === paragraphTextHash(paragraph.text) ? entry.positions : {}
    const openBrackets = paragraph.bracketIds.filter((id) => review.brackets[id]?.status !== 'resolved').length
    return {
      paragraphId: paragraph.id,
      number: paragraph.label,
      section: paragraph.section,
      text: paragraph.text,
      status: paragraphStatus(parties, current, openBrackets),
      positions: current,
      openBrackets,
      reopened: entry ? lastReopening(parties, entry) : null,
      history: entry?.history ?? [],
    }
  })
  const present = bracketLocations(body)
  const brackets = Object.values(review.brackets).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
  const openBrackets = brackets.filter((b) => b.status === 'open' && present.has(b.id)).length
  return {
    parties,
    paragraphs,
    brackets,
    totals: { ...count(paragraphs), openBrackets },
    sections: {
      preamble: count(paragraphs.filter((p) => p.section === 'preamble')),
      operative: count(paragraphs.filter((p) => p.section === 'operative')),
    },
  }
}

/**
 * "Reopened" names the edit that undid an agreement: the latest archived round in which every
 * party had agreed (or agreed ad referendum). Edits of a paragraph that was never agreed, with
 * positions or not, reopen nothing.
 */
function lastReopening(parties: readonly string[], entry: ParagraphConsensus): ParagraphConsensus['reopened'] {
  for (let i = entry.history.length - 1; i >= 0; i--) {
    const archive = entry.history[i]!
    const positions = Object.fromEntries(archive.positions.map((p) => [p.delegation, p]))
    if (paragraphStatus(parties, positions, 0) !== 'open') return { by: archive.reopenedBy, at: archive.archivedAt }
  }
  return null
}

/** Counts by status; open brackets are those counted in the paragraphs. */
function count(paragraphs: readonly ParagraphSummary[]): ConsensusTotals {
  return {
    paragraphs: paragraphs.length,
    agreed: paragraphs.filter((p) => p.status === 'agreed').length,
    agreedAdRef: paragraphs.filter((p) => p.status === 'agreed_ad_ref').length,
    open: paragraphs.filter((p) => p.status === 'open').length,
    openBrackets: paragraphs.reduce((sum, p) => sum + p.openBrackets, 0),
  }
}
