/*
 * Comparing two versions of a draft (rules COMPARE-* in packages/schema/SPEC.md): crafted
 * pairs, each with the exact expected comparison.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { paragraphTextHash } from '@consenso/protocol'
import {
  compareVersions,
  diffWords,
  jsonToYDoc,
  reviewStateFromDoc,
  templateDocument,
  yDocToJSON,
  type ComparableVersion,
  type ParagraphChange,
  type ReviewState,
  type WordChange,
} from '@consenso/schema'
type JSONContent = ReturnType<typeof templateDocument>

type Kind = 'preamble' | 'operative' | null
interface TextPiece {
  text: string
  bracket?: string
  bold?: boolean
}

const p = (id: string | null, kind: Kind, ...pieces: (string | TextPiece)[]): JSONContent => ({
  type: 'paragraph',
  attrs: { id, kind },
  content: pieces
    .map((piece) => (typeof piece === 'string' ? { text: piece } : piece))
    .filter((piece) => piece.text !== '')
    .map((piece) => {
      const marks = [
        ...(piece.bracket ? [{ type: 'bracket', attrs: { bracketId: piece.bracket } }] : []),
        ...(piece.bold ? [{ type: 'bold' }] : []),
      ]
      return marks.length ? { type: 'text', text: piece.text, marks } : { type: 'text', text: piece.text }
    }),
})
const h = (id: string | null, text: string): JSONContent => ({ type: 'heading', attrs: { id, level: 2 }, content: [{ type: 'text', text }] })
const doc = (...content: JSONContent[]): JSONContent => ({ type: 'doc', content })

/** Every field of a change that a reader sees, in a compact form to write expectations with. */
interface Seen {
  change: ParagraphChange['change']
  from: string | null
  to: string | null
  words: WordChange[]
  moved?: string
  renumbered?: true
  formatChanged?: true
  splitFrom?: string
  splitInto?: string[]
  mergedInto?: string
  mergedFrom?: string[]
  status?: string
}

const name = (side: { label: string | null; id: string | null } | null): string | null => (side ? (side.label ?? side.id) : null)

function seen(change: ParagraphChange): Seen {
  const out: Seen = { change: change.change, from: name(change.before), to: name(change.after), words: change.words }
  if (change.moved) out.moved = change.moved.above ? `above ${change.moved.above.label ?? change.moved.above.id}` : `below ${change.moved.below?.label ?? change.moved.below?.id}`
  if (change.renumbered) out.renumbered = true
  if (change.formatChanged) out.formatChanged = true
  if (change.splitFrom) out.splitFrom = name(change.splitFrom)!
  if (change.splitInto.length) out.splitInto = change.splitInto.map((r) => r.id!)
  if (change.mergedInto) out.mergedInto = name(change.mergedInto)!
  if (change.mergedFrom.length) out.mergedFrom = change.mergedFrom.map((r) => r.id!)
  if (change.before?.status || change.after?.status) {
    out.status = `${change.before?.status ?? '-'} → ${change.after?.status ?? '-'}${change.statusChanged ? ' (changed)' : ''}`
  }
  return out
}

const eq = (text: string): WordChange => ({ op: 'equal', text })
const ins = (text: string): WordChange => ({ op: 'insert', text })
const del = (text: string): WordChange => ({ op: 'delete', text })

const PP1 = 'Recognising the contribution of migrants to development.'
const PP2 = 'Recalling the commitments of the Regional Conference.'
const PP3 = 'Noting the work of the technical secretariats.'
const OP1 = 'Agree to exchange good practices on labour migration.'
const OP2 = 'Request the secretariats to prepare a glossary.'
const OP3 = 'Decide to meet again before the end of the year.'

const base = doc(
  h('t', 'Joint declaration'),
  p('pp1', 'preamble', PP1),
  p('pp2', 'preamble', PP2),
  p('pp3', 'preamble', PP3),
  p('op1', 'operative', OP1),
  p('op2', 'operative', OP2),
  p('op3', 'operative', OP3),
)
const same = (label: string, text: string): Seen => ({ change: 'unchanged', from: label, to: label, words: [eq(text)] })
const heading: Seen = same('t', 'Joint declaration')

interface Case {
  rule: string
  name: string
  older: ComparableVersion
  newer: ComparableVersion
  expected: Seen[]
  totals?: Partial<Record<string, number>>
}

const review = (consensus: Record<string, Record<string, 'agree' | 'agree_ad_ref' | 'objection'>>, brackets: Record<string, 'open' | 'resolved'> = {}): ReviewState => ({
  parties: ['CHL', 'PAN'],
  consensus: Object.fromEntries(
    Object.entries(consensus).map(([id, stances]) => [id, { positions: Object.fromEntries(Object.entries(stances).map(([d, stance]) => [d, { stance }])) }]),
  ),
  brackets: Object.fromEntries(Object.entries(brackets).map(([id, status]) => [id, { status }])),
})

const CASES: Case[] = [
  {
    rule: 'COMPARE-1',
    name: 'identical versions: every paragraph unchanged',
    older: { body: base },
    newer: { body: base },
    expected: [heading, same('PP1', PP1), same('PP2', PP2), same('PP3', PP3), same('OP1', OP1), same('OP2', OP2), same('OP3', OP3)],
    totals: { unchanged: 7, edited: 0 },
  },
  {
    rule: 'COMPARE-2',
    name: 'edit: words replaced, inserted and deleted inside a paragraph',
    older: { body: doc(p('pp2', 'preamble', 'Recalling the commitments of the Regional Conference.')) },
    newer: { body: doc(p('pp2', 'preamble', 'Reaffirming the commitments of the Regional Conference on Migration.')) },
    expected: [
      {
        change: 'edited',
        from: 'PP1',
        to: 'PP1',
        words: [del('Recalling '), ins('Reaffirming '), eq('the commitments of the Regional Conference'), ins(' on Migration'), eq('.')],
      },
    ],
    totals: { edited: 1 },
  },
  {
    rule: 'COMPARE-2',
    name: 'edit: a change of spacing alone is no change of wording',
    older: { body: doc(p('a', 'operative', 'Agree  to exchange practices.')) },
    newer: { body: doc(p('a', 'operative', 'Agree to exchange practices.')) },
    expected: [{ change: 'unchanged', from: 'OP1', to: 'OP1', words: [eq('Agree to exchange practices.')] }],
  },
  {
    rule: 'COMPARE-3',
    name: 'insert: a new preambular paragraph renumbers those after it',
    older: { body: doc(p('pp1', 'preamble', PP1), p('pp2', 'preamble', PP2), p('op1', 'operative', OP1)) },
    newer: { body: doc(p('pp1', 'preamble', PP1), p('new', 'preamble', 'Welcoming the offer of Panamá.'), p('pp2', 'preamble', PP2), p('op1', 'operative', OP1)) },
    expected: [
      same('PP1', PP1),
      { change: 'added', from: null, to: 'PP2', words: [ins('Welcoming the offer of Panamá.')] },
      { change: 'unchanged', from: 'PP2', to: 'PP3', words: [eq(PP2)], renumbered: true },
      same('OP1', OP1),
    ],
    totals: { added: 1, renumbered: 1, moved: 0 },
  },
  {
    rule: 'COMPARE-3',
    name: 'delete: a removed paragraph stands where it was; the rest move up a number',
    older: { body: base },
    newer: { body: doc(h('t', 'Joint declaration'), p('pp1', 'preamble', PP1), p('pp3', 'preamble', PP3), p('op1', 'operative', OP1), p('op2', 'operative', OP2), p('op3', 'operative', OP3)) },
    expected: [
      heading,
      same('PP1', PP1),
      { change: 'removed', from: 'PP2', to: null, words: [del(PP2)] },
      { change: 'unchanged', from: 'PP3', to: 'PP2', words: [eq(PP3)], renumbered: true },
      same('OP1', OP1),
      same('OP2', OP2),
      same('OP3', OP3),
    ],
    totals: { removed: 1, renumbered: 1 },
  },
  {
    rule: 'COMPARE-4',
    name: 'move: OP3 moved above OP1, and the operative paragraphs renumbered',
    older: { body: base },
    newer: {
      body: doc(h('t', 'Joint declaration'), p('pp1', 'preamble', PP1), p('pp2', 'preamble', PP2), p('pp3', 'preamble', PP3), p('op3', 'operative', OP3), p('op1', 'operative', OP1), p('op2', 'operative', OP2)),
    },
    expected: [
      heading,
      same('PP1', PP1),
      same('PP2', PP2),
      same('PP3', PP3),
      { change: 'unchanged', from: 'OP3', to: 'OP1', words: [eq(OP3)], moved: 'above OP1', renumbered: true },
      { change: 'unchanged', from: 'OP1', to: 'OP2', words: [eq(OP1)], renumbered: true },
      { change: 'unchanged', from: 'OP2', to: 'OP3', words: [eq(OP2)], renumbered: true },
    ],
    totals: { moved: 1, renumbered: 3, unchanged: 7 },
  },
  {
    rule: 'COMPARE-4',
    name: 'move to the end: named by the paragraph it now follows',
    older: { body: doc(p('a', 'operative', OP1), p('b', 'operative', OP2), p('c', 'operative', OP3)) },
    newer: { body: doc(p('b', 'operative', OP2), p('c', 'operative', OP3), p('a', 'operative', OP1)) },
    expected: [
      { change: 'unchanged', from: 'OP2', to: 'OP1', words: [eq(OP2)], renumbered: true },
      { change: 'unchanged', from: 'OP3', to: 'OP2', words: [eq(OP3)], renumbered: true },
      { change: 'unchanged', from: 'OP1', to: 'OP3', words: [eq(OP1)], moved: 'below OP3', renumbered: true },
    ],
    totals: { moved: 1 },
  },
  {
    rule: 'COMPARE-4',
    name: 'move and edit at once',
    older: { body: doc(p('a', 'operative', 'Agree to meet.'), p('b', 'operative', 'Decide to report.')) },
    newer: { body: doc(p('b', 'operative', 'Decide to report yearly.'), p('a', 'operative', 'Agree to meet.')) },
    expected: [
      // Two paragraphs swapped: either moved; the diff names the one that went down.
      { change: 'edited', from: 'OP2', to: 'OP1', words: [eq('Decide to report'), ins(' yearly'), eq('.')], renumbered: true },
      { change: 'unchanged', from: 'OP1', to: 'OP2', words: [eq('Agree to meet.')], moved: 'below OP2', renumbered: true },
    ],
  },
  {
    rule: 'COMPARE-1',
    name: 'cut and paste: a paragraph pasted with a new id, same text, is the same paragraph moved',
    older: { body: doc(p('a', 'operative', OP1), p('b', 'operative', OP2), p('c', 'operative', OP3)) },
    newer: { body: doc(p('pasted', 'operative', OP3), p('a', 'operative', OP1), p('b', 'operative', OP2)) },
    expected: [
      { change: 'unchanged', from: 'OP3', to: 'OP1', words: [eq(OP3)], moved: 'above OP1', renumbered: true },
      { change: 'unchanged', from: 'OP1', to: 'OP2', words: [eq(OP1)], renumbered: true },
      { change: 'unchanged', from: 'OP2', to: 'OP3', words: [eq(OP2)], renumbered: true },
    ],
    totals: { moved: 1, added: 0, removed: 0 },
  },
  {
    rule: 'COMPARE-1',
    name: 'cut, paste and edit: at least 80% of the words in common pairs them; short texts must match exactly',
    older: { body: doc(p('x', 'operative', 'Agree.'), p('b', 'operative', OP1), p('c', 'operative', OP2), p('d', 'operative', OP3)) },
    newer: { body: doc(p('n1', 'operative', 'Decide to meet again before the end of this year.'), p('n2', 'operative', 'Agreed.'), p('b', 'operative', OP1), p('c', 'operative', OP2)) },
    expected: [
      { change: 'removed', from: 'OP1', to: null, words: [del('Agree.')] },
      { change: 'edited', from: 'OP4', to: 'OP1', words: [eq('Decide to meet again before the end of '), del('the '), ins('this '), eq('year.')], moved: 'above OP2', renumbered: true },
      { change: 'added', from: null, to: 'OP2', words: [ins('Agreed.')] },
      { change: 'unchanged', from: 'OP2', to: 'OP3', words: [eq(OP1)], renumbered: true },
      { change: 'unchanged', from: 'OP3', to: 'OP4', words: [eq(OP2)], renumbered: true },
    ],
  },
  {
    rule: 'COMPARE-5',
    name: 'renumber: a preambular paragraph made operative changes both numberings',
    older: { body: doc(p('a', 'preamble', PP1), p('b', 'preamble', PP2), p('c', 'operative', OP1)) },
    newer: { body: doc(p('a', 'preamble', PP1), p('b', 'operative', PP2), p('c', 'operative', OP1)) },
    expected: [
      same('PP1', PP1),
      { change: 'unchanged', from: 'PP2', to: 'OP1', words: [eq(PP2)], renumbered: true },
      { change: 'unchanged', from: 'OP1', to: 'OP2', words: [eq(OP1)], renumbered: true },
    ],
    totals: { renumbered: 2, moved: 0 },
  },
  {
    rule: 'COMPARE-6',
    name: 'split: the first part keeps the id, the second is new and comes from it',
    older: { body: doc(p('a', 'operative', 'Agree to exchange practices. Request a glossary by May.'), p('b', 'operative', OP3)) },
    newer: { body: doc(p('a', 'operative', 'Agree to exchange practices.'), p('n', 'operative', 'Request a glossary by June.'), p('b', 'operative', OP3)) },
    expected: [
      { change: 'edited', from: 'OP1', to: 'OP1', words: [eq('Agree to exchange practices.')], splitInto: ['n'] },
      { change: 'added', from: null, to: 'OP2', words: [eq('Request a glossary by '), del('May'), ins('June'), eq('.')], splitFrom: 'OP1' },
      { change: 'unchanged', from: 'OP2', to: 'OP3', words: [eq(OP3)], renumbered: true },
    ],
    totals: { split: 1, added: 1, edited: 1 },
  },
  {
    rule: 'COMPARE-6',
    name: 'split in three',
    older: { body: doc(p('a', 'operative', 'One two three. Four five six. Seven eight nine.')) },
    newer: { body: doc(p('a', 'operative', 'One two three.'), p('n1', 'operative', 'Four five six.'), p('n2', 'operative', 'Seven eight nine.')) },
    expected: [
      { change: 'edited', from: 'OP1', to: 'OP1', words: [eq('One two three.')], splitInto: ['n1', 'n2'] },
      { change: 'added', from: null, to: 'OP2', words: [eq('Four five six.')], splitFrom: 'OP1' },
      { change: 'added', from: null, to: 'OP3', words: [eq('Seven eight nine.')], splitFrom: 'OP1' },
    ],
    totals: { split: 2 },
  },
  {
    rule: 'COMPARE-6',
    name: 'a new paragraph after an unchanged one is added, not split',
    older: { body: doc(p('a', 'operative', 'Agree to exchange practices.')) },
    newer: { body: doc(p('a', 'operative', 'Agree to exchange practices.'), p('n', 'operative', 'Agree to exchange practices.')) },
    expected: [
      same('OP1', 'Agree to exchange practices.'),
      { change: 'added', from: null, to: 'OP2', words: [ins('Agree to exchange practices.')] },
    ],
    totals: { split: 0, added: 1 },
  },
  {
    rule: 'COMPARE-7',
    name: 'merge: the second paragraph is gone and its text sits in the first',
    older: { body: doc(p('a', 'operative', 'Agree to exchange practices.'), p('b', 'operative', 'Request a glossary.'), p('c', 'operative', OP3)) },
    newer: { body: doc(p('a', 'operative', 'Agree to exchange practices and request a glossary.'), p('c', 'operative', OP3)) },
    expected: [
      {
        change: 'edited',
        from: 'OP1',
        to: 'OP1',
        words: [eq('Agree to exchange practices'), del('. Request '), ins(' and request '), eq('a glossary.')],
        mergedFrom: ['b'],
      },
      { change: 'removed', from: 'OP2', to: null, words: [], mergedInto: 'OP1' },
      { change: 'unchanged', from: 'OP3', to: 'OP2', words: [eq(OP3)], renumbered: true },
    ],
    totals: { merged: 1, removed: 1, edited: 1 },
  },
  {
    rule: 'COMPARE-8',
    name: 'status: an objection withdrawn and a bracket cleaned make paragraphs agreed',
    older: {
      body: doc(p('a', 'operative', 'Agree to ', { text: 'promote', bracket: 'br1' }, ' regular pathways.'), p('b', 'operative', OP2), p('c', 'operative', OP3)),
      review: review({ a: { CHL: 'agree', PAN: 'agree' }, b: { CHL: 'agree', PAN: 'objection' }, c: { CHL: 'agree', PAN: 'agree_ad_ref' } }, { br1: 'open' }),
    },
    newer: {
      body: doc(p('a', 'operative', 'Agree to ', { text: 'promote', bracket: 'br1' }, ' regular pathways.'), p('b', 'operative', OP2), p('c', 'operative', OP3)),
      review: review({ a: { CHL: 'agree', PAN: 'agree' }, b: { CHL: 'agree', PAN: 'agree' }, c: { CHL: 'agree', PAN: 'agree_ad_ref' } }, { br1: 'resolved' }),
    },
    expected: [
      { change: 'unchanged', from: 'OP1', to: 'OP1', words: [eq('Agree to promote regular pathways.')], status: 'open → agreed (changed)' },
      { change: 'unchanged', from: 'OP2', to: 'OP2', words: [eq(OP2)], status: 'open → agreed (changed)' },
      { change: 'unchanged', from: 'OP3', to: 'OP3', words: [eq(OP3)], status: 'agreed_ad_ref → agreed_ad_ref' },
    ],
    totals: { statusChanged: 2 },
  },
  {
    rule: 'COMPARE-8',
    name: 'status: positions given on the older text do not count for the edited one',
    older: {
      body: doc(p('a', 'operative', 'Agree to meet.')),
      review: { ...review({ a: { CHL: 'agree', PAN: 'agree' } }), consensus: { a: { positions: { CHL: { stance: 'agree' }, PAN: { stance: 'agree' } }, textHash: paragraphTextHash('Agree to meet.') } } },
    },
    newer: {
      body: doc(p('a', 'operative', 'Agree to meet twice.')),
      review: { ...review({}), consensus: { a: { positions: { CHL: { stance: 'agree' }, PAN: { stance: 'agree' } }, textHash: paragraphTextHash('Agree to meet.') } } },
    },
    expected: [{ change: 'edited', from: 'OP1', to: 'OP1', words: [eq('Agree to meet'), ins(' twice'), eq('.')], status: 'agreed → open (changed)' }],
    totals: { statusChanged: 1 },
  },
  {
    rule: 'COMPARE-8',
    name: 'status: without review data statuses are not compared',
    older: { body: doc(p('a', 'operative', OP1)), review: review({ a: { CHL: 'agree', PAN: 'agree' } }) },
    newer: { body: doc(p('a', 'operative', OP1)) },
    expected: [{ change: 'unchanged', from: 'OP1', to: 'OP1', words: [eq(OP1)], status: 'agreed → -' }],
    totals: { statusChanged: 0 },
  },
  {
    rule: 'COMPARE-1',
    name: 'blocks without ids are paired by equal, then by similar text',
    older: { body: doc(p(null, null, 'Minutes of the meeting.'), p(null, null, 'The delegations agreed on the agenda.'), p(null, null, 'Closing words.')) },
    newer: { body: doc(p(null, null, 'Minutes of the meeting.'), p(null, null, 'The delegations adopted the agenda.'), p(null, null, 'Brand new text.')) },
    expected: [
      { change: 'unchanged', from: null, to: null, words: [eq('Minutes of the meeting.')] },
      { change: 'edited', from: null, to: null, words: [eq('The delegations '), del('agreed on '), ins('adopted '), eq('the agenda.')] },
      { change: 'removed', from: null, to: null, words: [del('Closing words.')] },
      { change: 'added', from: null, to: null, words: [ins('Brand new text.')] },
    ],
    totals: { added: 1, removed: 1, edited: 1, unchanged: 1 },
  },
  {
    rule: 'COMPARE-10',
    name: 'same text with new formatting is reported as a formatting change only',
    older: { body: doc(p('a', 'operative', 'Agree to exchange practices.')) },
    newer: { body: doc(p('a', 'operative', 'Agree to ', { text: 'exchange', bold: true }, ' practices.')) },
    expected: [{ change: 'unchanged', from: 'OP1', to: 'OP1', words: [eq('Agree to exchange practices.')], formatChanged: true }],
  },
]

describe('comparing versions', () => {
  for (const c of CASES) {
    it(`[${c.rule}] ${c.name}`, () => {
      const result = compareVersions(c.older, c.newer)
      expect(result.paragraphs.map(seen)).toEqual(c.expected)
      if (c.totals) expect(result.totals).toMatchObject(c.totals)
    })
  }

  it('[COMPARE-9] totals count every kind of change, and the full record of a change is exact', () => {
    const result = compareVersions(
      { body: doc(p('a', 'preamble', 'Recalling the Conference.')), review: review({ a: { CHL: 'agree', PAN: 'agree' } }) },
      { body: doc(p('n', 'preamble', 'Welcoming Panamá.'), p('a', 'preamble', 'Recalling the Regional Conference.')), review: review({ a: { CHL: 'agree', PAN: 'agree' } }) },
    )
    expect(result.totals).toEqual({ unchanged: 0, edited: 1, added: 1, removed: 0, moved: 0, renumbered: 1, split: 0, merged: 0, statusChanged: 0 })
    expect(result.paragraphs[1]).toEqual({
      change: 'edited',
      before: { id: 'a', type: 'paragraph', label: 'PP1', text: 'Recalling the Conference.', index: 0, status: 'agreed' },
      after: { id: 'a', type: 'paragraph', label: 'PP2', text: 'Recalling the Regional Conference.', index: 1, status: 'agreed' },
      words: [eq('Recalling the '), ins('Regional '), eq('Conference.')],
      moved: null,
      renumbered: true,
      formatChanged: false,
      splitFrom: null,
      splitInto: [],
      mergedInto: null,
      mergedFrom: [],
      statusChanged: false,
    })
    expect(result.paragraphs[0]!.after).toEqual({ id: 'n', type: 'paragraph', label: 'PP1', text: 'Welcoming Panamá.', index: 0, status: 'open' })
  })

  it('[COMPARE-2] each side reads exactly as its own text: the spacing before a change goes with the change', () => {
    const side = (changes: ReturnType<typeof diffWords>, drop: 'insert' | 'delete'): string =>
      changes
        .filter((c) => c.op !== drop)
        .map((c) => c.text)
        .join('')
    for (const [before, after] of [
      ['Regular Migration;', 'Regular Migration in the region;'],
      ['Regular Migration in the region;', 'Regular Migration;'],
      ['Agree, in principle, to meet.', 'Agree to meet, in principle.'],
      ['Agree to exchange practices. Request a glossary.', 'Agree to exchange practices and request a glossary.'],
      ['Entrust the Secretariats (CRM) with it.', 'Entrust the Secretariats (CRM, CSM) with it.'],
    ] as const) {
      const changes = diffWords(before, after)
      expect(side(changes, 'insert'), `${before} → ${after}`).toBe(before)
      expect(side(changes, 'delete'), `${before} → ${after}`).toBe(after)
    }
  })

  it('[COMPARE-2] word changes put deletions before insertions and keep punctuation apart', () => {
    expect(diffWords('Agree, in principle, to meet.', 'Agree to meet, in principle.')).toEqual([
      eq('Agree'),
      ins(' to meet'),
      eq(', in principle'),
      del(', to meet'),
      eq('.'),
    ])
    expect(diffWords('Invite the States to consider it.', 'Urge all States to adopt it.')).toEqual([
      del('Invite the '),
      ins('Urge all '),
      eq('States to '),
      del('consider '),
      ins('adopt '),
      eq('it.'),
    ])
    expect(diffWords('', 'New.')).toEqual([ins('New.')])
    expect(diffWords('Same.', 'Same.')).toEqual([eq('Same.')])
  })

  it('[COMPARE-11] the review state is read from a review document as the server keeps it', () => {
    const meta = new Y.Doc()
    meta.getMap('settings').set('parties', ['CHL', 'PAN'])
    meta.getMap('consensus').set('a', { paragraphId: 'a', positions: { CHL: { stance: 'agree' }, PAN: { stance: 'agree' } } })
    meta.getMap('brackets').set('br1', { id: 'br1', status: 'open' })
    const state = reviewStateFromDoc(meta)
    expect(state.parties).toEqual(['CHL', 'PAN'])
    const body = yDocToJSON(jsonToYDoc(doc(p('a', 'operative', 'Agree to ', { text: 'meet', bracket: 'br1' }, '.'))))
    expect(compareVersions({ body, review: state }, { body }).paragraphs[0]!.before!.status).toBe('open')
    meta.getMap('brackets').set('br1', { id: 'br1', status: 'resolved' })
    expect(compareVersions({ body, review: reviewStateFromDoc(meta) }, { body }).paragraphs[0]!.before!.status).toBe('agreed')
  })
})
