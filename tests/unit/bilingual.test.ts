/**
 * Parallel text (BILING-*): alignment of the translation fragment with the body and each
 * counterpart's status, over concurrent edits on two Y.Docs that then exchange their updates
 * (a split, a merge, a new paragraph, a deletion and a move on one side while the other side
 * translates), and seeded random schedules of the same.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  agreedLanguages,
  alignTranslation,
  BODY_FIELD,
  confirmTranslation,
  jsonToYDoc,
  startTranslation,
  TRANSLATION_FIELD,
  translationRows,
  yBlockText,
} from '@consenso/schema'
import { textIn } from '../helpers/body.ts'
import { seededRandom } from '../helpers/random.ts'

const op = (id: string, text: string) => ({ type: 'paragraph', attrs: { id, kind: 'operative' }, content: [{ type: 'text', text }] })
const pp = (id: string, text: string) => ({ type: 'paragraph', attrs: { id, kind: 'preamble' }, content: [{ type: 'text', text }] })

function draft(): Y.Doc {
  return jsonToYDoc({
    type: 'doc',
    content: [
      { type: 'heading', attrs: { id: 'h', level: 1 }, content: [{ type: 'text', text: 'Declaración conjunta' }] },
      pp('p1', 'Reconociendo la contribución de las personas migrantes,'),
      op('o1', 'Acuerdan fortalecer la cooperación regional.'),
      op('o2', 'Instan a los Estados a promover la regularización migratoria.'),
      op('o3', 'Solicitan a la Secretaría un informe anual.'),
      op('o4', 'Deciden reunirse de nuevo en 2027.'),
    ],
  })
}

/** Two replicas of one draft, as two clients hold it. */
function replicas(doc: Y.Doc): [Y.Doc, Y.Doc] {
  const a = new Y.Doc()
  const b = new Y.Doc()
  Y.applyUpdate(a, Y.encodeStateAsUpdate(doc))
  Y.applyUpdate(b, Y.encodeStateAsUpdate(doc))
  return [a, b]
}

function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)))
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)))
}

const blocks = (doc: Y.Doc, field: string): Y.XmlElement[] => doc.getXmlFragment(field).toArray() as Y.XmlElement[]
const find = (doc: Y.Doc, field: string, id: string): Y.XmlElement => {
  const found = blocks(doc, field).find((b) => b.getAttribute('id') === id)
  if (!found) throw new Error(`no block ${id} in ${field}`)
  return found
}
const indexOf = (doc: Y.Doc, field: string, id: string): number => blocks(doc, field).findIndex((b) => b.getAttribute('id') === id)

/** Types into a block's text, as the editor binding writes it. */
function type(doc: Y.Doc, field: string, id: string, words: string, at: number | 'end' = 'end'): void {
  const text = textIn(find(doc, field, id))
  text.insert(at === 'end' ? text.length : at, words)
}

function paragraph(id: string, kind: string, words: string): Y.XmlElement {
  const element = new Y.XmlElement('paragraph')
  element.setAttribute('id', id)
  element.setAttribute('kind', kind)
  const text = new Y.XmlText()
  text.insert(0, words)
  element.insert(0, [text])
  return element
}

/** Enter inside a paragraph: its text cut at `offset`, the rest in a new paragraph with a new id (UniqueID's). */
function split(doc: Y.Doc, id: string, offset: number, newId: string): void {
  const source = find(doc, BODY_FIELD, id)
  const text = textIn(source)
  const at = Math.min(offset, text.length)
  const rest = text.toString().slice(at)
  if (text.length > at) text.delete(at, text.length - at)
  const index = indexOf(doc, BODY_FIELD, id)
  doc.getXmlFragment(BODY_FIELD).insert(index + 1, [paragraph(newId, String(source.getAttribute('kind')), rest)])
}

/** Backspace at the start of `second`: its words join the block before, which keeps its id. */
function merge(doc: Y.Doc, second: string): void {
  const index = indexOf(doc, BODY_FIELD, second)
  const first = blocks(doc, BODY_FIELD)[index - 1]!
  const words = yBlockText(find(doc, BODY_FIELD, second))
  type(doc, BODY_FIELD, String(first.getAttribute('id')), words)
  doc.getXmlFragment(BODY_FIELD).delete(index, 1)
}

function remove(doc: Y.Doc, field: string, id: string): void {
  doc.getXmlFragment(field).delete(indexOf(doc, field, id), 1)
}

/** The editor's move (MOVE-1): the block written again elsewhere with its id. */
function move(doc: Y.Doc, id: string, to: number): void {
  const index = indexOf(doc, BODY_FIELD, id)
  const copy = find(doc, BODY_FIELD, id).clone()
  const fragment = doc.getXmlFragment(BODY_FIELD)
  fragment.delete(index, 1)
  fragment.insert(Math.min(to, fragment.length), [copy])
}

/** The invariant of BILING-1: one counterpart per source block, same id, same order, same kind. */
function expectAligned(doc: Y.Doc): void {
  const source = blocks(doc, BODY_FIELD).map((b) => [b.getAttribute('id'), b.nodeName, b.getAttribute('kind') ?? null])
  const target = blocks(doc, TRANSLATION_FIELD).map((b) => [b.getAttribute('id'), b.nodeName, b.getAttribute('kind') ?? null])
  expect(target).toEqual(source)
}

const status = (doc: Y.Doc, id: string) => translationRows(doc).find((row) => row.id === id)!

/** A translated draft: every counterpart written in English and confirmed. */
function translated(): Y.Doc {
  const doc = draft()
  startTranslation(doc)
  const english: Record<string, string> = {
    h: 'Joint declaration',
    p1: 'Recognizing the contribution of migrants,',
    o1: 'Agree to strengthen regional cooperation.',
    o2: 'Urge States to promote migratory regularization.',
    o3: 'Request the Secretariat to submit an annual report.',
    o4: 'Decide to meet again in 2027.',
  }
  for (const [id, words] of Object.entries(english)) {
    type(doc, TRANSLATION_FIELD, id, words)
    confirmTranslation(doc, id)
  }
  return doc
}

describe('parallel text (BILING-*)', () => {
  it('BILING-1: starting a second language gives every block an empty counterpart with its id, kind and number', () => {
    const doc = draft()
    const result = startTranslation(doc)
    expect(result.added).toBe(6)
    expectAligned(doc)
    const rows = translationRows(doc)
    expect(rows.map((r) => r.label)).toEqual([null, 'PP1', 'OP1', 'OP2', 'OP3', 'OP4'])
    expect(rows.every((r) => r.status === 'untranslated')).toBe(true)
    expect(alignTranslation(doc)).toEqual({ added: 0, removed: 0, moved: 0, changed: 0 })
  })

  it('BILING-3: a counterpart written and confirmed is current; a later change of its source makes it outdated with the change word by word', () => {
    const doc = translated()
    expect(status(doc, 'o2').status).toBe('current')
    const text = textIn(find(doc, BODY_FIELD, 'o2'))
    text.insert(text.toString().indexOf('migratoria'), 'ordenada y ')
    const row = status(doc, 'o2')
    expect(row.status).toBe('outdated')
    expect(row.change).toEqual([
      { op: 'equal', text: 'Instan a los Estados a promover la regularización ' },
      { op: 'insert', text: 'ordenada y ' },
      { op: 'equal', text: 'migratoria.' },
    ])
    // Confirming (or rewriting) the counterpart makes it current again.
    confirmTranslation(doc, 'o2')
    expect(status(doc, 'o2').status).toBe('current')
    expect(status(doc, 'o2').change).toBeNull()
  })

  it('BILING-2: split, merge, a new paragraph, a deletion and a move in Spanish, concurrent with translating in English on another replica', () => {
    const [es, en] = replicas(translated())
    // Spanish side: OP1 split, OP3 merged into OP2, a new OP after OP4, PP1 deleted, the heading unchanged.
    split(es, 'o1', 'Acuerdan fortalecer'.length, 'o1b')
    merge(es, 'o3')
    es.getXmlFragment(BODY_FIELD).insert(indexOf(es, BODY_FIELD, 'o4') + 1, [paragraph('o5', 'operative', 'Agradecen al país anfitrión.')])
    remove(es, BODY_FIELD, 'p1')
    move(es, 'o4', 1)
    // English side, meanwhile: OP3 and PP1 revised (their sources are going away), OP2 confirmed again.
    type(en, TRANSLATION_FIELD, 'o3', ' by June')
    type(en, TRANSLATION_FIELD, 'p1', ' and refugees')
    type(en, TRANSLATION_FIELD, 'o2', ' (revised)')
    confirmTranslation(en, 'o2')
    sync(es, en)
    // The server aligns once it has both; the result reaches both replicas.
    alignTranslation(es)
    sync(es, en)
    expect(Y.encodeStateVector(es)).toEqual(Y.encodeStateVector(en))
    for (const doc of [es, en]) {
      expectAligned(doc)
      expect(yBlockText(find(doc, TRANSLATION_FIELD, 'o1b'))).toBe('')
      expect(status(doc, 'o1b').status).toBe('untranslated')
      expect(status(doc, 'o5').status).toBe('untranslated')
      // OP1's source lost words: outdated, its change shows them gone.
      expect(status(doc, 'o1').status).toBe('outdated')
      expect(status(doc, 'o1').change?.some((c) => c.op === 'delete' && c.text.includes('cooperación'))).toBe(true)
      // OP3's translation (with the English edit made meanwhile) joined OP2's, which is outdated since OP2's source took OP3's words.
      expect(yBlockText(find(doc, TRANSLATION_FIELD, 'o2'))).toContain('Request the Secretariat to submit an annual report. by June')
      expect(status(doc, 'o2').status).toBe('outdated')
      // PP1 was first; its words went to the counterpart before it (the heading) rather than nowhere.
      expect(yBlockText(find(doc, TRANSLATION_FIELD, 'h'))).toContain('Recognizing the contribution of migrants, and refugees')
      // The moved OP4 kept its confirmed English text, in its new place, still current.
      expect(yBlockText(find(doc, TRANSLATION_FIELD, 'o4'))).toBe('Decide to meet again in 2027.')
      expect(status(doc, 'o4').status).toBe('current')
      expect(translationRows(doc).map((r) => r.label)).toEqual([null, 'OP1', 'OP2', 'OP3', 'OP4', 'OP5'])
    }
  })

  it('BILING-2: two replicas that both align the same new paragraph keep one counterpart after they meet', () => {
    const [a, b] = replicas(translated())
    // Both see the new OP (it came from a third writer) and both add its counterpart.
    const third = new Y.Doc()
    sync(third, a)
    third.getXmlFragment(BODY_FIELD).insert(2, [paragraph('n1', 'operative', 'Nuevo párrafo.')])
    sync(third, a)
    sync(third, b)
    alignTranslation(a)
    alignTranslation(b)
    type(b, TRANSLATION_FIELD, 'n1', 'New paragraph.')
    sync(a, b)
    // Each now holds two counterparts of n1; aligning again (either side) keeps one, with the words.
    alignTranslation(a)
    sync(a, b)
    for (const doc of [a, b]) {
      expectAligned(doc)
      expect(yBlockText(find(doc, TRANSLATION_FIELD, 'n1'))).toBe('New paragraph.')
    }
  })

  it('BILING-2: a paragraph that becomes a heading, or changes kind, has its counterpart follow with its words', () => {
    const doc = translated()
    find(doc, BODY_FIELD, 'o1').setAttribute('kind', 'preamble')
    const fragment = doc.getXmlFragment(BODY_FIELD)
    const index = indexOf(doc, BODY_FIELD, 'o4')
    const heading = new Y.XmlElement('heading')
    heading.setAttribute('id', 'o4')
    heading.setAttribute('level', 2 as never)
    heading.insert(0, [textIn(find(doc, BODY_FIELD, 'o4')).clone()])
    fragment.delete(index, 1)
    fragment.insert(index, [heading])
    alignTranslation(doc)
    expectAligned(doc)
    expect(find(doc, TRANSLATION_FIELD, 'o4').getAttribute('level')).toBe(2)
    expect(yBlockText(find(doc, TRANSLATION_FIELD, 'o4'))).toBe('Decide to meet again in 2027.')
    expect(translationRows(doc).map((r) => r.label)).toEqual([null, 'PP1', 'PP2', 'OP1', 'OP2', null])
  })

  it('BILING-5: a paragraph agreed in the source language is not agreed in a language whose text is outdated', () => {
    const languages = { source: 'es', target: 'en' } as const
    expect(agreedLanguages(true, 'current', languages)).toEqual({ es: true, en: true })
    expect(agreedLanguages(true, 'outdated', languages)).toEqual({ es: true, en: false })
    expect(agreedLanguages(true, 'untranslated', languages)).toEqual({ es: true, en: false })
    expect(agreedLanguages(false, 'current', languages)).toEqual({ es: false, en: false })
  })

  it('BILING-2: seeded random schedules of edits on both sides keep the text aligned and lose no translated word', () => {
    const random = seededRandom('bilingual alignment')
    for (let round = 0; round < 40; round++) {
      const [es, en] = replicas(translated())
      const typedWords: string[] = []
      let next = 0
      for (let step = 0; step < 12; step++) {
        const sourceIds = blocks(es, BODY_FIELD).map((b) => String(b.getAttribute('id')))
        switch (random.int(6)) {
          case 0:
            if (sourceIds.length > 1) split(es, random.pick(sourceIds.slice(1)), 3, `s${next++}`)
            break
          case 1: {
            const at = 2 + random.int(Math.max(1, sourceIds.length - 2))
            if (at < sourceIds.length) merge(es, sourceIds[at]!)
            break
          }
          case 2:
            es.getXmlFragment(BODY_FIELD).insert(1 + random.int(sourceIds.length - 1), [paragraph(`n${next++}`, 'operative', 'Texto nuevo.')])
            break
          case 3:
            if (sourceIds.length > 2) remove(es, BODY_FIELD, random.pick(sourceIds.slice(1)))
            break
          case 4:
            if (sourceIds.length > 2) move(es, random.pick(sourceIds.slice(1)), 1 + random.int(sourceIds.length - 1))
            break
          default: {
            const targetIds = blocks(en, TRANSLATION_FIELD).map((b) => String(b.getAttribute('id')))
            const word = `w${round}x${step}`
            typedWords.push(word)
            type(en, TRANSLATION_FIELD, random.pick(targetIds), ` ${word}`)
          }
        }
        // Now and then the replicas meet and the server aligns, mid-schedule, its change reaching both.
        if (random.int(4) === 0) {
          sync(es, en)
          alignTranslation(random.int(2) === 0 ? es : en)
          sync(es, en)
        }
      }
      sync(es, en)
      alignTranslation(es)
      sync(es, en)
      for (const doc of [es, en]) {
        expectAligned(doc)
        const all = blocks(doc, TRANSLATION_FIELD).map(yBlockText).join(' ')
        for (const word of typedWords) expect(all, `seed ${random.seed} round ${round}`).toContain(word)
      }
    }
  })
})
