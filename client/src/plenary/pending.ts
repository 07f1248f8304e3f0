/**
 * "My delegation's pending paragraphs" in the plenary view (UI-PLENARY-1): the numbered
 * paragraphs still open on which the delegation has not agreed — no position yet, a
 * reservation or an objection — in text order. Null when the delegation is not a party (it
 * has nothing pending: its positions do not count, CONS-1).
 */
import type { ConsensusSummary, ParagraphSummary, Stance } from '@consenso/protocol'

export interface PendingParagraph {
  paragraph: ParagraphSummary
  stance: Stance | 'none'
}

export function pendingFor(summary: ConsensusSummary, delegation: string): PendingParagraph[] | null {
  if (!summary.parties.includes(delegation)) return null
  const pending: PendingParagraph[] = []
  for (const paragraph of summary.paragraphs) {
    if (paragraph.status !== 'open') continue
    const stance = paragraph.positions[delegation]?.stance ?? 'none'
    if (stance === 'agree' || stance === 'agree_ad_ref') continue
    pending.push({ paragraph, stance })
  }
  return pending
}
