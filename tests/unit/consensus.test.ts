/*
 * Paragraph status derivation, reopening on edit and the consensus summary
 * (packages/protocol/src/consensus.ts, packages/schema/src/consensus-view.ts; rules CONS-1…5
 * in packages/schema/SPEC.md).
 */
import { describe, expect, it } from 'vitest'
import {
  STANCES,
  paragraphStatus,
  paragraphTextHash,
  reconcileWithText,
  recordPosition,
  type Author,
  type BracketRecord,
  type ParagraphConsensus,
  type ParagraphStatus,
  type Position,
  type Stance,
} from '@consenso/protocol'
import { bracketLocations, numberedParagraphs, summarizeConsensus } from '@consenso/schema'

type JSONContent = Parameters<typeof numberedParagraphs>[0]

const ana: Author = { id: 'u-ana', name: 'Ana Pérez', delegation: 'CHL' }
const luis: Author = { id: 'u-luis', name: 'Luis Moreno', delegation: 'PAN' }
const AT = '2026-11-29T10:00:00.000Z'
const LATER = '2026-11-29T11:00:00.000Z'

const position = (delegation: string, stance: Stance, by: Author = ana): Position => ({
  delegation,
  stance,
  text: stance === 'reservation' || stance === 'objection' ? 'see note' : null,
  by,
  at: AT,
})

/** Every assignment of "no position" or one of the stances to each party. */
function* assignments(parties: string[]): Generator<Record<string, Stance | null>> {
  const choices: (Stance | null)[] = [null, ...STANCES]
  const total = choices.length ** parties.length
  for (let n = 0; n < total; n++) {
    const result: Record<string, Stance | null> = {}
    let rest = n
    for (const party of parties) {
      result[party] = choices[rest % choices.length]!
      rest = Math.floor(rest / choices.length)
    }
    yield result
  }
}

describe('[CONS-1] paragraph status: every combination of positions and brackets', () => {
  for (const parties of [[], ['CHL'], ['CHL', 'PAN'], ['CHL', 'PAN', 'MEX']]) {
    for (const openBrackets of [0, 1, 2]) {
      it(`${parties.length} parties, ${openBrackets} open bracket(s)`, () => {
        let count = 0
        for (const assignment of assignments(parties)) {
          const positions = Object.fromEntries(
            Object.entries(assignment).flatMap(([party, stance]) => (stance ? [[party, position(party, stance)]] : [])),
          )
          const stances = Object.values(assignment)
          let expected: ParagraphStatus
          if (parties.length === 0 || openBrackets > 0) expected = 'open'
          else if (stances.some((s) => s !== 'agree' && s !== 'agree_ad_ref')) expected = 'open'
          else if (stances.includes('agree_ad_ref')) expected = 'agreed_ad_ref'
          else expected = 'agreed'
          expect(paragraphStatus(parties, positions, openBrackets), JSON.stringify({ assignment, openBrackets })).toBe(expected)
          count++
        }
        expect(count).toBe(5 ** parties.length)
      })
    }
  }

  it('positions of delegations that are not parties do not count', () => {
    const positions = { CHL: position('CHL', 'agree'), MEX: position('MEX', 'objection') }
    expect(paragraphStatus(['CHL'], positions, 0)).toBe('agreed')
    expect(paragraphStatus(['CHL', 'PAN'], positions, 0)).toBe('open')
  })

  it('no positions at all is open', () => {
    expect(paragraphStatus(['CHL'], undefined, 0)).toBe('open')
  })
})

describe('[CONS-2] reopening on edit', () => {
  const hashA = paragraphTextHash('Los Estados reafirman su compromiso.')
  const hashB = paragraphTextHash('Los Estados reafirman su firme compromiso.')
  const agreed: ParagraphConsensus = {
    paragraphId: 'p1',
    positions: { CHL: position('CHL', 'agree'), PAN: position('PAN', 'agree', luis) },
    textHash: hashA,
    reopened: null,
    history: [],
  }

  it('the fingerprint differs for different texts and is stable for the same text', () => {
    expect(hashA).not.toBe(hashB)
    expect(paragraphTextHash('Los Estados reafirman su compromiso.')).toBe(hashA)
    expect(paragraphTextHash('ab')).not.toBe(paragraphTextHash('ba'))
  })

  it('the same text changes nothing (the same object comes back)', () => {
    expect(reconcileWithText(agreed, hashA, luis, LATER)).toBe(agreed)
  })

  it('a changed text archives the positions, records who reopened it, and leaves the paragraph open', () => {
    const reopened = reconcileWithText(agreed, hashB, luis, LATER)
    expect(reopened.positions).toEqual({})
    expect(reopened.textHash).toBe(hashB)
    expect(reopened.reopened).toEqual({ by: luis, at: LATER })
    expect(reopened.history).toEqual([{ positions: Object.values(agreed.positions), textHash: hashA, archivedAt: LATER, reopenedBy: luis }])
    expect(paragraphStatus(['CHL', 'PAN'], reopened.positions, 0)).toBe('open')
  })

  it('a record without positions only takes the new fingerprint', () => {
    const empty: ParagraphConsensus = { ...agreed, positions: {} }
    expect(reconcileWithText(empty, hashB, luis, LATER)).toEqual({ ...empty, textHash: hashB })
  })

  it('history accumulates over several reopenings, oldest first', () => {
    const once = reconcileWithText(agreed, hashB, luis, LATER)
    const again = recordPosition(once, 'p1', hashB, position('CHL', 'agree_ad_ref'), ana, LATER)
    const twice = reconcileWithText(again, hashA, ana, '2026-11-29T12:00:00.000Z')
    expect(twice.history.map((h) => h.textHash)).toEqual([hashA, hashB])
    expect(twice.history[1]!.positions.map((p) => p.stance)).toEqual(['agree_ad_ref'])
  })

  it('recording a position on a changed text archives the stale ones first', () => {
    const result = recordPosition(agreed, 'p1', hashB, position('MEX', 'reservation'), ana, LATER)
    expect(Object.keys(result.positions)).toEqual(['MEX'])
    expect(result.history).toHaveLength(1)
    expect(result.reopened?.by).toEqual(ana)
  })

  it('recording on the same text adds or replaces one delegation; a null stance withdraws it', () => {
    const added = recordPosition(agreed, 'p1', hashA, position('MEX', 'objection'), ana, LATER)
    expect(Object.keys(added.positions).sort()).toEqual(['CHL', 'MEX', 'PAN'])
    const replaced = recordPosition(added, 'p1', hashA, position('MEX', 'agree'), ana, LATER)
    expect(replaced.positions.MEX!.stance).toBe('agree')
    const withdrawn = recordPosition(replaced, 'p1', hashA, { delegation: 'MEX', stance: null }, ana, LATER)
    expect(Object.keys(withdrawn.positions).sort()).toEqual(['CHL', 'PAN'])
    expect(withdrawn.history).toEqual([])
  })

  it('a first position creates the record', () => {
    const created = recordPosition(undefined, 'p9', hashA, position('CHL', 'agree'), ana, AT)
    expect(created).toEqual({ paragraphId: 'p9', positions: { CHL: position('CHL', 'agree') }, textHash: hashA, reopened: null, history: [] })
  })
})

const bracketMark = (id: string) => ({ type: 'bracket', attrs: { bracketId: id } })
const para = (id: string, kind: 'preamble' | 'operative' | null, content: JSONContent[]): JSONContent => ({
  type: 'paragraph',
  attrs: { id, kind },
  content,
})
const doc: JSONContent = {
  type: 'doc',
  content: [
    { type: 'heading', attrs: { id: 'h', level: 1 }, content: [{ type: 'text', text: 'Declaración' }] },
    para('pp1', 'preamble', [{ type: 'text', text: 'Recordando la Declaración de Nueva York,' }]),
    para('note', null, [{ type: 'text', text: 'Nota sin número' }]),
    para('op1', 'operative', [{ type: 'text', text: 'Acogen con beneplácito el informe.' }]),
    para('op2', 'operative', [
      { type: 'text', text: 'Promover ' },
      { type: 'text', text: 'vías regulares', marks: [bracketMark('b1')] },
      { type: 'text', text: ' y ' },
      { type: 'text', text: 'seguras', marks: [bracketMark('b2'), { type: 'bold' }] },
      { type: 'text', text: '.' },
    ]),
  ],
}
const bracket = (id: string, status: BracketRecord['status']): BracketRecord => ({
  id,
  sponsors: ['PAN'],
  alternatives: ['vías complementarias'],
  status,
  quote: 'x',
  paragraphId: 'op2',
  createdBy: luis,
  createdAt: AT,
  resolution: null,
})

describe('[CONS-3] numbered paragraphs and bracket locations', () => {
  it('lists PP/OP paragraphs with their text and the brackets in them, skipping unnumbered blocks', () => {
    expect(numberedParagraphs(doc)).toEqual([
      { id: 'pp1', label: 'PP1', section: 'preamble', text: 'Recordando la Declaración de Nueva York,', bracketIds: [] },
      { id: 'op1', label: 'OP1', section: 'operative', text: 'Acogen con beneplácito el informe.', bracketIds: [] },
      { id: 'op2', label: 'OP2', section: 'operative', text: 'Promover vías regulares y seguras.', bracketIds: ['b1', 'b2'] },
    ])
    expect([...bracketLocations(doc)]).toEqual([
      ['b1', 'op2'],
      ['b2', 'op2'],
    ])
  })
})

describe('[CONS-4] the consensus summary', () => {
  const parties = ['CHL', 'PAN']
  const agreedOn = (id: string, text: string, stances: Record<string, Stance>): ParagraphConsensus => ({
    paragraphId: id,
    positions: Object.fromEntries(Object.entries(stances).map(([d, s]) => [d, position(d, s)])),
    textHash: paragraphTextHash(text),
    reopened: null,
    history: [],
  })

  it('derives each paragraph status, counts open brackets per paragraph, and totals the progress line', () => {
    const summary = summarizeConsensus(doc, {
      parties,
      consensus: {
        pp1: agreedOn('pp1', 'Recordando la Declaración de Nueva York,', { CHL: 'agree', PAN: 'agree' }),
        op1: agreedOn('op1', 'Acogen con beneplácito el informe.', { CHL: 'agree', PAN: 'agree_ad_ref' }),
        op2: agreedOn('op2', 'Promover vías regulares y seguras.', { CHL: 'agree', PAN: 'agree' }),
      },
      brackets: { b1: bracket('b1', 'open'), b2: bracket('b2', 'resolved'), gone: bracket('gone', 'open') },
    })
    expect(summary.paragraphs.map((p) => [p.number, p.status, p.openBrackets])).toEqual([
      ['PP1', 'agreed', 0],
      ['OP1', 'agreed_ad_ref', 0],
      ['OP2', 'open', 1],
    ])
    // "gone" has no mark in the text any more: it is listed but not counted as open.
    expect(summary.totals).toEqual({ paragraphs: 3, agreed: 1, agreedAdRef: 1, open: 1, openBrackets: 1 })
    // Per section: PP1 in the preamble; OP1 and OP2 (with its open bracket) in the operative part.
    expect(summary.sections).toEqual({
      preamble: { paragraphs: 1, agreed: 1, agreedAdRef: 0, open: 0, openBrackets: 0 },
      operative: { paragraphs: 2, agreed: 0, agreedAdRef: 1, open: 1, openBrackets: 1 },
    })
    expect(summary.brackets.map((b) => b.id)).toEqual(['b1', 'b2', 'gone'])
  })

  it('[CONS-5] positions given on an earlier text do not count, even before the server archives them', () => {
    const summary = summarizeConsensus(doc, {
      parties,
      consensus: { pp1: agreedOn('pp1', 'Recordando la Declaración de Nueva York', { CHL: 'agree', PAN: 'agree' }) },
      brackets: {},
    })
    expect(summary.paragraphs[0]!.status).toBe('open')
    expect(summary.paragraphs[0]!.positions).toEqual({})
  })

  it('[CONS-6] "reopened" only for a paragraph that had been agreed: the latest archived round in which every party agreed', () => {
    const archive = (stances: Record<string, Stance>, by: Author, at: string) => ({
      positions: Object.entries(stances).map(([d, s]) => position(d, s)),
      textHash: 'old',
      archivedAt: at,
      reopenedBy: by,
    })
    const entry = (history: ParagraphConsensus['history']): ParagraphConsensus => ({
      paragraphId: 'pp1',
      positions: {},
      textHash: paragraphTextHash('Recordando la Declaración de Nueva York,'),
      reopened: { by: luis, at: LATER },
      history,
    })
    const reopenedOf = (history: ParagraphConsensus['history']) =>
      summarizeConsensus(doc, { parties, consensus: { pp1: entry(history) }, brackets: {} }).paragraphs[0]!.reopened
    // Only Chile had agreed, Panamá had a reservation: the edit reopened nothing.
    expect(reopenedOf([archive({ CHL: 'agree', PAN: 'reservation' }, luis, LATER)])).toBeNull()
    // Agreed (one ad referendum), then edited by Ana; then a partial round edited by Luis: Ana reopened it.
    expect(reopenedOf([archive({ CHL: 'agree', PAN: 'agree_ad_ref' }, ana, AT), archive({ CHL: 'agree' }, luis, LATER)])).toEqual({ by: ana, at: AT })
  })
})
