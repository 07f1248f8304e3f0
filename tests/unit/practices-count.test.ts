/**
 * The counting of a prioritisation round ([PRACT-13]), pure: points N..N−k+1 for a ballot's
 * priorities, totals ranked with ties sharing a rank (1, 2, 2, 4), listed in the round's order
 * within a tie; practices no ballot names are in the result with 0 points.
 */
import { describe, expect, it } from 'vitest'
import { countBallots } from '@consenso/server/practices'

type Row = { name: string; practices: string[]; priorities: number; ballots: string[][]; expected: Array<[string, number, number, boolean, number]> }

// [practice, points, rank, tied, first choices]
const TABLE: Row[] = [
  { name: 'no ballots: everything tied first', practices: ['a', 'b'], priorities: 2, ballots: [], expected: [['a', 0, 1, true, 0], ['b', 0, 1, true, 0]] },
  { name: 'one ballot', practices: ['a', 'b', 'c'], priorities: 3, ballots: [['c', 'a', 'b']], expected: [['c', 3, 1, false, 1], ['a', 2, 2, false, 0], ['b', 1, 3, false, 0]] },
  {
    name: 'Borda with three ballots',
    practices: ['a', 'b', 'c', 'd'],
    priorities: 3,
    ballots: [['a', 'b', 'c'], ['b', 'a', 'c'], ['a', 'c', 'b']],
    expected: [['a', 8, 1, false, 2], ['b', 6, 2, false, 1], ['c', 4, 3, false, 0], ['d', 0, 4, false, 0]],
  },
  {
    name: 'a tie in the middle keeps the round order and skips a rank',
    practices: ['a', 'b', 'c', 'd'],
    priorities: 3,
    ballots: [['c'], ['d', 'c'], ['a', 'b', 'c']],
    expected: [['c', 6, 1, false, 1], ['a', 3, 2, true, 1], ['d', 3, 2, true, 1], ['b', 2, 4, false, 0]],
  },
  {
    name: 'a three-way tie at the top',
    practices: ['x', 'y', 'z', 'w'],
    priorities: 1,
    ballots: [['z'], ['y'], ['x']],
    expected: [['x', 1, 1, true, 1], ['y', 1, 1, true, 1], ['z', 1, 1, true, 1], ['w', 0, 4, false, 0]],
  },
  {
    name: 'points are the round\'s priorities, not the ballot\'s length',
    practices: ['a', 'b', 'c'],
    priorities: 3,
    ballots: [['a'], ['b', 'c']],
    expected: [['a', 3, 1, true, 1], ['b', 3, 1, true, 1], ['c', 2, 3, false, 0]],
  },
  {
    name: 'strays, repeats and priorities past N count for nothing',
    practices: ['a', 'b', 'c'],
    priorities: 2,
    ballots: [['zz', 'a', 'a', 'b'], ['b', 'a', 'c']],
    expected: [['a', 2, 1, false, 0], ['b', 2, 1, false, 1], ['c', 0, 3, false, 0]].map(([p, pts, r, , f]) => [p, pts, r, pts === 2, f]) as Array<[string, number, number, boolean, number]>,
  },
]

describe('counting a round', () => {
  for (const row of TABLE) {
    it(`[PRACT-13] ${row.name}`, () => {
      const got = countBallots(row.practices, row.priorities, row.ballots.map((ranking) => ({ ranking })))
      expect(got.map((e) => [e.practiceId, e.points, e.rank, e.tied, e.firstChoices])).toEqual(row.expected)
    })
  }
})
