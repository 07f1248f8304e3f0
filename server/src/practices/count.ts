/**
 * Counting a prioritisation round (PRACT-13), pure: a ballot ranks up to N practices (N the
 * round's priorities); its first priority earns N points, the second N−1, and so on down to
 * N−k+1 for its k-th; a practice a ballot does not rank earns nothing from it. Practices are
 * ranked by their total points; equal totals are a tie and share a rank (standard competition
 * ranking: 1, 2, 2, 4), listed by the order the round gave them, and no rule breaks the tie:
 * the secretariat and the delegations decide what a tie means. Every practice of the round is
 * in the result, those no ballot ranked with 0 points.
 */
import type { RankingEntry } from '@consenso/protocol'

export interface BallotToCount {
  /** Practice ids, first priority first. */
  ranking: readonly string[]
}

export function countBallots(practiceIds: readonly string[], priorities: number, ballots: readonly BallotToCount[]): RankingEntry[] {
  const points = new Map<string, number>(practiceIds.map((id) => [id, 0]))
  const firsts = new Map<string, number>(practiceIds.map((id) => [id, 0]))
  for (const ballot of ballots) {
    const seen = new Set<string>()
    ballot.ranking.slice(0, priorities).forEach((id, place) => {
      // A practice outside the round, or named twice, counts for nothing (the routes refuse both).
      if (!points.has(id) || seen.has(id)) return
      seen.add(id)
      points.set(id, points.get(id)! + (priorities - place))
      if (place === 0) firsts.set(id, firsts.get(id)! + 1)
    })
  }
  const order = new Map(practiceIds.map((id, i) => [id, i]))
  const sorted = [...practiceIds].sort((a, b) => points.get(b)! - points.get(a)! || order.get(a)! - order.get(b)!)
  return sorted.map((id) => {
    const mine = points.get(id)!
    const rank = sorted.findIndex((other) => points.get(other) === mine) + 1
    const tied = sorted.filter((other) => points.get(other) === mine).length > 1
    return { practiceId: id, points: mine, rank, tied, firstChoices: firsts.get(id)! }
  })
}
