/*
 * checkBodyUpdate: a client's body update checked against the live document and the shared
 * schema (server/SPEC.md, TRUST-*). Updates are made the way the editor makes them: headless
 * editor transactions written into a client's Yjs copy by y-tiptap's own sync.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  acceptSuggestion,
  applyEdit,
  BODY_FIELD,
  createSuggestionState,
  headlessEdits,
  jsonToYUpdate,
  listSuggestions,
  MAX_ELEMENT_DEPTH,
  readYDoc,
  selectText,
  templateDocument,
  withBlockIds,
  writeYDoc,
  type SuggestionAuthor,
} from '@consenso/schema'
import { checkBodyUpdate, InvalidUpdateError, RefusedUpdateError, type Writer } from '@consenso/server/collab'
import { seededRandom } from '../helpers/random.ts'
import { clientOf, NOW, PAN, send, updateOf } from '../helpers/body-checks.ts'

const CHL: SuggestionAuthor = { id: 'u-chl', name: 'Ana Rojas', delegation: 'CHL' }
const writer = (who: SuggestionAuthor, suggestOnly = false): Writer => ({ userId: who.id, name: who.name, delegation: who.delegation, suggestOnly, now: NOW })

/** The server's copy of a draft, and a client synced with it. */
function draft(): { server: Y.Doc; client: () => Y.Doc } {
  const server = new Y.Doc()
  Y.applyUpdate(server, jsonToYUpdate(templateDocument('declaration', 'es', 'Declaración de Santiago')))
  return {
    server,
    client: () => clientOf(server),
  }
}

/**
 * The position of `words` (in the first textblock holding them), or of the character at
 * offset `words` of the first preambular paragraph.
 */
function positionOf(doc: ReturnType<typeof readYDoc>, words: string | number): number {
  let found = -1
  doc.descendants((node, pos) => {
    if (found >= 0 || !node.isTextblock) return found < 0
    if (typeof words === 'number') {
      if (node.attrs.kind === 'preamble') found = pos + 1 + words
      return false
    }
    const index = node.textContent.indexOf(words)
    if (index >= 0) found = pos + 1 + index
    return false
  })
  if (found < 0) throw new Error(`no paragraph with ${words}`)
  return found
}

let ids = 0
const edits = (author: SuggestionAuthor, at = new Date(NOW).toISOString()) => ({ author, now: () => at, newId: () => `s-${++ids}` })

/** A suggested edit made in `doc` (selecting `from`…`to` of the words `anchor`, then `act`). */
function suggest(doc: Y.Doc, author: SuggestionAuthor, anchor: string | number, act: (state: ReturnType<typeof createSuggestionState>) => ReturnType<typeof headlessEdits.type> | null, length = 0, at?: string): void {
  const start = readYDoc(doc)
  const from = positionOf(start, anchor)
  let state = createSuggestionState(start, { suggesting: true })
  state = selectText(state, from, from + length)
  state = applyEdit(state, act(state), edits(author, at))
  writeYDoc(doc, state.doc)
}

/** A direct (editing-mode) edit. */
function edit(doc: Y.Doc, anchor: string | number, act: (state: ReturnType<typeof createSuggestionState>) => ReturnType<typeof headlessEdits.type> | null, length = 0): void {
  const start = readYDoc(doc)
  const from = positionOf(start, anchor)
  let state = createSuggestionState(start, { suggesting: false })
  state = selectText(state, from, from + length)
  const tr = act(state)
  if (tr) state = state.apply(tr)
  writeYDoc(doc, state.doc)
}

/** The start of the first preambular paragraph (PP1). */
const firstWords = (_server: Y.Doc): number => 0

describe('checkBodyUpdate', () => {
  it('[TRUST-1] the editor’s own updates pass: typing, formatting, Enter, deleting, suggestions and accepting them', () => {
    const { server, client } = draft()
    const c = client()
    const words = firstWords(server)
    for (const change of [
      (d: Y.Doc) => edit(d, words, (s) => headlessEdits.type(s, 'Nuevo texto ')),
      (d: Y.Doc) => edit(d, words, (s) => headlessEdits.enter(s)),
      (d: Y.Doc) => edit(d, words, (s) => s.tr.addMark(s.selection.from, s.selection.to, s.schema.marks.bold!.create()), 5),
      (d: Y.Doc) => edit(d, words, (s) => headlessEdits.backspace(s), 3),
      (d: Y.Doc) => suggest(d, PAN, words, (s) => headlessEdits.type(s, 'propuesta ')),
      (d: Y.Doc) => suggest(d, PAN, words, (s) => headlessEdits.backspace(s), 4),
      (d: Y.Doc) => suggest(d, PAN, words, (s) => headlessEdits.enter(s)),
    ]) {
      expect(send(server, updateOf(c, change), writer(PAN))).toBeNull()
    }
    // Another editor accepts PAN's suggestions: the marks go, PAN's text stays.
    const other = client()
    const pending = listSuggestions(readYDoc(other))
    expect(pending.length).toBeGreaterThan(0)
    for (const suggestion of pending) {
      const update = updateOf(other, (d) => {
        let state = createSuggestionState(readYDoc(d))
        acceptSuggestion(suggestion.id)(state, (tr) => (state = state.apply(tr)))
        writeYDoc(d, state.doc)
      })
      expect(send(server, update, writer(CHL))).toBeNull()
    }
    expect(listSuggestions(readYDoc(server))).toEqual([])
  })

  it('[TRUST-4] a suggest-only writer’s suggestions pass: typing, deleting, Enter, and withdrawing their own', () => {
    const { server, client } = draft()
    const c = client()
    const words = firstWords(server)
    const proposer = writer(PAN, true)
    expect(send(server, updateOf(c, (d) => suggest(d, PAN, words, (s) => headlessEdits.type(s, 'nuevo '))), proposer)).toBeNull()
    expect(send(server, updateOf(c, (d) => suggest(d, PAN, 'nuevo', (s) => headlessEdits.type(s, 'muy '), 0)), proposer)).toBeNull()
    // Past 'muy nuevo ': four characters of the paragraph as it was, struck.
    expect(send(server, updateOf(c, (d) => suggest(d, PAN, 10, (s) => headlessEdits.backspace(s), 4)), proposer)).toBeNull()
    expect(send(server, updateOf(c, (d) => suggest(d, PAN, 20, (s) => headlessEdits.enter(s))), proposer)).toBeNull()
    // Withdrawing: deleting their own inserted words really removes them (SUGG-5).
    expect(send(server, updateOf(c, (d) => suggest(d, PAN, 'muy', (s) => headlessEdits.backspace(s), 3)), proposer)).toBeNull()
    expect(readYDoc(server).textContent).toContain('nuevo')
  })

  it('[TRUST-4] a suggest-only writer typing a replacement one keystroke per update passes (spaces before existing spaces included)', () => {
    const { server, client } = draft()
    const c = client()
    const old = readYDoc(c)
    const phrase = old.textContent.includes('consolidar las contribuciones') ? 'consolidar las contribuciones' : null
    expect(phrase).not.toBeNull()
    let state = createSuggestionState(old, { suggesting: true })
    const from = positionOf(old, phrase!)
    state = selectText(state, from, from + phrase!.length)
    for (const char of 'sistematizar los aportes') {
      state = applyEdit(state, headlessEdits.type(state, char), edits(PAN))
      const update = updateOf(c, (d) => writeYDoc(d, state.doc))
      expect(send(server, update, writer(PAN, true)), JSON.stringify(char)).toBeNull()
    }
    expect(readYDoc(server).textContent).toContain('sistematizar los aportes')
  })

  it('[TRUST-4] a suggest-only writer’s direct edits are refused: typing, deleting, formatting', () => {
    const { server, client } = draft()
    const words = firstWords(server)
    const proposer = writer(PAN, true)
    for (const change of [
      (d: Y.Doc) => edit(d, words, (s) => headlessEdits.type(s, 'directo ')),
      (d: Y.Doc) => edit(d, words, (s) => headlessEdits.backspace(s), 4),
      (d: Y.Doc) => edit(d, words, (s) => s.tr.addMark(s.selection.from, s.selection.to, s.schema.marks.bold!.create()), 5),
    ]) {
      const error = send(server, updateOf(client(), change), proposer)
      expect(error).toBeInstanceOf(RefusedUpdateError)
    }
    // Another person's suggestion is not theirs to withdraw.
    const c = client()
    expect(send(server, updateOf(c, (d) => suggest(d, CHL, words, (s) => headlessEdits.type(s, 'chileno '))), writer(CHL))).toBeNull()
    const pan = client()
    expect(send(server, updateOf(pan, (d) => edit(d, 'chileno', (s) => headlessEdits.backspace(s), 7)), proposer)).toBeInstanceOf(RefusedUpdateError)
  })

  it('[TRUST-2] a suggestion naming someone else, or a time far from the server’s, is refused', () => {
    const { server, client } = draft()
    const words = firstWords(server)
    const forged = send(server, updateOf(client(), (d) => suggest(d, CHL, words, (s) => headlessEdits.type(s, 'ajeno '))), writer(PAN))
    expect(forged).toBeInstanceOf(RefusedUpdateError)
    expect(forged?.message).toMatch(/someone else/)
    const wrongName = send(server, updateOf(client(), (d) => suggest(d, { ...PAN, name: 'Otro' }, words, (s) => headlessEdits.type(s, 'x '))), writer(PAN))
    expect(wrongName).toBeInstanceOf(RefusedUpdateError)
    const future = send(server, updateOf(client(), (d) => suggest(d, PAN, words, (s) => headlessEdits.type(s, 'x '), 0, '2027-01-01T00:00:00.000Z')), writer(PAN))
    expect(future?.message).toMatch(/time/)
    // A day-old time (made offline) still passes; an hour ahead does not.
    expect(send(server, updateOf(client(), (d) => suggest(d, PAN, words, (s) => headlessEdits.type(s, 'y '), 0, new Date(NOW - 20 * 3600_000).toISOString())), writer(PAN))).toBeNull()
    expect(send(server, updateOf(client(), (d) => suggest(d, PAN, 'Santiago', (s) => headlessEdits.type(s, 'z '), 0, new Date(NOW + 3600_000).toISOString())), writer(PAN))).toBeInstanceOf(RefusedUpdateError)
  })

  it('[TRUST-2] copying an existing suggestion (Enter inside someone’s insertion) passes', () => {
    const { server, client } = draft()
    const words = firstWords(server)
    expect(send(server, updateOf(client(), (d) => suggest(d, CHL, words, (s) => headlessEdits.type(s, 'palabras de Chile '))), writer(CHL))).toBeNull()
    const split = updateOf(client(), (d) => edit(d, 'de Chile', (s) => headlessEdits.enter(s)))
    expect(send(server, split, writer(PAN))).toBeNull()
  })

  it('[TRUST-3] a bracket mark is neither added nor removed by a client; copies and edits around it pass', () => {
    const { server, client } = draft()
    const words = firstWords(server)
    // The server brackets some words (as the bracket route does).
    const serverEdit = client()
    Y.applyUpdate(server, updateOf(serverEdit, (d) => edit(d, words, (s) => s.tr.addMark(s.selection.from, s.selection.to, s.schema.marks.bracket!.create({ bracketId: 'b-1' })), 5)))
    const add = updateOf(client(), (d) => edit(d, 'Santiago', (s) => s.tr.addMark(s.selection.from, s.selection.to, s.schema.marks.bracket!.create({ bracketId: 'b-1' })), 3))
    expect(send(server, add, writer(PAN))).toBeInstanceOf(RefusedUpdateError)
    const addNew = updateOf(client(), (d) => edit(d, 'Santiago', (s) => s.tr.addMark(s.selection.from, s.selection.to, s.schema.marks.bracket!.create({ bracketId: 'b-9' })), 3))
    expect(send(server, addNew, writer(PAN))).toBeInstanceOf(RefusedUpdateError)
    const remove = updateOf(client(), (d) => edit(d, words, (s) => s.tr.removeMark(s.selection.from, s.selection.to, s.schema.marks.bracket!), 5))
    expect(send(server, remove, writer(PAN))).toBeInstanceOf(RefusedUpdateError)
    const removePart = updateOf(client(), (d) => edit(d, 2, (s) => s.tr.removeMark(s.selection.from, s.selection.to, s.schema.marks.bracket!), 1))
    expect(send(server, removePart, writer(PAN))).toBeInstanceOf(RefusedUpdateError)
    // Typing inside and after the bracketed words, and Enter in them, pass.
    expect(send(server, updateOf(client(), (d) => edit(d, 2, (s) => headlessEdits.type(s, 'q'))), writer(PAN))).toBeNull()
    expect(send(server, updateOf(client(), (d) => edit(d, 6, (s) => headlessEdits.type(s, 'z'))), writer(PAN))).toBeNull()
    expect(send(server, updateOf(client(), (d) => edit(d, 3, (s) => headlessEdits.enter(s))), writer(PAN))).toBeNull()
  })

  it('[TRUST-1] what the editor cannot render is refused: embeds, other types and unknown marks in a text, unknown elements and attributes, misplaced elements', () => {
    const { server, client } = draft()
    const text = (d: Y.Doc): Y.XmlText => ((d.getXmlFragment(BODY_FIELD).get(1) as Y.XmlElement).get(0) as Y.XmlText)
    const cases: Array<[string, (d: Y.Doc) => void]> = [
      ['an embed in a text', (d) => text(d).insertEmbed(2, { image: 'x' })],
      ['a map in a text', (d) => text(d).insertEmbed(2, new Y.Map())],
      ['an unknown mark', (d) => text(d).format(0, 3, { blink: {} })],
      ['a mark with unknown attributes', (d) => text(d).format(0, 3, { bold: { colour: 'red' } })],
      ['a mark value that is not an object', (d) => text(d).format(0, 3, { bold: 'yes' })],
      ['an unknown element', (d) => d.getXmlFragment(BODY_FIELD).insert(1, [new Y.XmlElement('script')])],
      ['a list item at the top level', (d) => d.getXmlFragment(BODY_FIELD).insert(1, [new Y.XmlElement('listItem')])],
      ['a text at the top level', (d) => d.getXmlFragment(BODY_FIELD).insert(1, [new Y.XmlText('suelto')])],
      ['an unknown attribute', (d) => (d.getXmlFragment(BODY_FIELD).get(1) as Y.XmlElement).setAttribute('onclick', 'x')],
      ['an object attribute', (d) => (d.getXmlFragment(BODY_FIELD).get(1) as Y.XmlElement).setAttribute('id', { a: 1 } as unknown as string)],
      ['an unknown paragraph kind', (d) => (d.getXmlFragment(BODY_FIELD).get(1) as Y.XmlElement).setAttribute('kind', 'secret')],
      ['a heading level 9', (d) => (d.getXmlFragment(BODY_FIELD).get(0) as Y.XmlElement).setAttribute('level', 9 as unknown as string)],
      ['a malformed block change', (d) => (d.getXmlFragment(BODY_FIELD).get(1) as Y.XmlElement).setAttribute('blockChange', '{"id":1}')],
      ['a javascript: link', (d) => text(d).format(0, 3, { link: { href: 'javascript:alert(1)' } })],
      ['a data: link', (d) => text(d).format(0, 3, { link: { href: 'data:text/html,<script>x</script>' } })],
      ['a link without a target', (d) => text(d).format(0, 3, { link: { href: null } })],
      ['a link with a class', (d) => text(d).format(0, 3, { link: { href: 'https://example.org', class: 'bracket' } })],
      ['a link with spaces in its target', (d) => text(d).format(0, 3, { link: { href: 'https://example.org/a b' } })],
      ['a footnote whose text is a number', (d) => { const note = new Y.XmlElement('footnote'); note.setAttribute('text', 7 as unknown as string); (text(d).parent as Y.XmlElement).insert(1, [note]) }],
      ['a footnote with an unknown attribute', (d) => { const note = new Y.XmlElement('footnote'); note.setAttribute('href', 'x'); (text(d).parent as Y.XmlElement).insert(1, [note]) }],
      ['a footnote outside a paragraph', (d) => d.getXmlFragment(BODY_FIELD).insert(1, [new Y.XmlElement('footnote')])],
      ['a suggested link', (d) => text(d).format(0, 3, { formatChange: { id: 's', authorId: PAN.id, authorName: PAN.name, delegation: PAN.delegation, at: new Date(NOW).toISOString(), mark: 'link', action: 'add' } })],
    ]
    for (const [what, change] of cases) {
      const error = send(server, updateOf(client(), change), writer(PAN))
      expect(error, what).toBeInstanceOf(RefusedUpdateError)
    }
  })

  it('[TRUST-1] a link to a web or mail address passes, as the editor writes it (CONV-120)', () => {
    const { server, client } = draft()
    for (const href of ['https://undocs.org/es/A/RES/73/195', 'mailto:secretaria@example.org']) {
      const update = updateOf(client(), (d) => edit(d, 'movilidad', (s) => s.tr.addMark(s.selection.from, s.selection.to, s.schema.marks.link!.create({ href })), 9))
      expect(send(server, update, writer(PAN))).toBeNull()
    }
    const marks = readYDoc(server).toJSON().content.flatMap((b: { content?: Array<{ marks?: Array<{ type: string; attrs: { href: string } }> }> }) => b.content ?? []).flatMap((t: { marks?: Array<{ type: string; attrs: { href: string } }> }) => t.marks ?? [])
    expect(marks.filter((m: { type: string }) => m.type === 'link').map((m: { attrs: { href: string } }) => m.attrs.href)).toEqual(['mailto:secretaria@example.org'])
  })

  it('[TRUST-1] a footnote passes, as the editor writes it (SCHEMA-121)', () => {
    const { server, client } = draft()
    const update = updateOf(client(), (d) => edit(d, 'movilidad', (s) => s.tr.insert(s.selection.from, s.schema.nodes.footnote!.create({ text: 'A/RES/73/195, anexo.' }))))
    expect(send(server, update, writer(PAN))).toBeNull()
    expect(JSON.stringify(readYDoc(server).toJSON())).toContain('A/RES/73/195, anexo.')
  })

  it('[TRUST-1] another shared type at the root is not an update of this draft (HOST-5)', () => {
    const { server, client } = draft()
    expect(send(server, updateOf(client(), (d) => d.getMap('evil').set('x', 1)), writer(PAN))).toBeInstanceOf(InvalidUpdateError)
  })

  it(`[TRUST-1] elements nest at most ${MAX_ELEMENT_DEPTH} deep`, () => {
    const nested = (depth: number) => (d: Y.Doc) => {
      let outer = new Y.XmlElement('paragraph')
      outer.insert(0, [new Y.XmlText('hondo')])
      for (let i = 1; i < depth; i++) {
        const quote = new Y.XmlElement('blockquote')
        quote.insert(0, [outer])
        outer = quote
      }
      d.getXmlFragment(BODY_FIELD).insert(1, [outer])
    }
    const { server, client } = draft()
    expect(send(server, updateOf(client(), nested(MAX_ELEMENT_DEPTH)), writer(PAN))).toBeNull()
    expect(send(server, updateOf(client(), nested(MAX_ELEMENT_DEPTH + 1)), writer(PAN))).toBeInstanceOf(RefusedUpdateError)
    expect(send(server, updateOf(client(), nested(400)), writer(PAN))).toBeInstanceOf(RefusedUpdateError)
  })

  it('[TRUST-1] a delete set beyond a client’s current state is refused; deleting what exists passes', () => {
    const { server, client } = draft()
    const c = client()
    const own = updateOf(c, (d) => (d.getXmlFragment(BODY_FIELD).get(1) as Y.XmlElement).insert(0, [new Y.XmlText('x')]))
    expect(send(server, own, writer(PAN))).toBeNull()
    // A delete range over clocks of c that the server has not seen yet.
    const struct = Y.decodeUpdate(own).structs[0]!
    const encoded = deleteSetUpdate(c.clientID, struct.id.clock + 5, 100)
    expect(send(server, encoded, writer(PAN))?.message).toMatch(/does not exist/)
    expect(send(server, deleteSetUpdate(424242, 0, 1), writer(PAN))?.message).toMatch(/does not exist/)
    expect(send(server, updateOf(c, (d) => d.getXmlFragment(BODY_FIELD).delete(2, 1)), writer(PAN))).toBeNull()
  })
})

/** Where each paragraph's text lies in `doc` as [from, to], for picking places at random. */
function paragraphRanges(doc: ReturnType<typeof readYDoc>): [number, number][] {
  const ranges: [number, number][] = []
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return true
    if (node.type.name === 'paragraph') ranges.push([pos + 1, pos + 1 + node.content.size])
    return false
  })
  return ranges
}

/** A suggested edit at absolute positions `from`…`to` of the body as `doc` holds it. */
function suggestAt(doc: Y.Doc, author: SuggestionAuthor, from: number, to: number, act: (state: ReturnType<typeof createSuggestionState>) => ReturnType<typeof headlessEdits.type> | null): void {
  let state = createSuggestionState(readYDoc(doc), { suggesting: true })
  state = selectText(state, from, to)
  state = applyEdit(state, act(state), edits(author))
  writeYDoc(doc, state.doc)
}

describe('suggest-only updates judged by their net effect, however the client batched them (TRUST-4)', () => {
  it('[TRUST-4] a word typed and older words struck, sent as one update, pass; so does a withdrawal of part of the new word in the same update', () => {
    const { server, client } = draft()
    const c = client()
    const proposer = writer(PAN, true)
    const known = Y.encodeStateVector(server)
    suggest(c, PAN, 0, (s) => headlessEdits.type(s, ' regionales'))
    suggest(c, PAN, 'consolidar las contribuciones', (s) => headlessEdits.backspace(s), 10)
    // Part of the new word taken back at once: its characters go for good (own insertion).
    suggest(c, PAN, 'regionales', (s) => headlessEdits.backspace(s), 3)
    expect(send(server, Y.encodeStateAsUpdate(c, known), proposer)).toBeNull()
    expect(readYDoc(server).toJSON()).toEqual(readYDoc(c).toJSON())
    const kinds = listSuggestions(readYDoc(server)).map((s) => [s.kind, s.authorId])
    expect(kinds).toContainEqual(['insert', PAN.id])
    expect(kinds).toContainEqual(['delete', PAN.id])
  })

  it('[TRUST-4] a suggestion undone and redone (UI-4: Ctrl+Z then Ctrl+Shift+Z, the redo re-creating the words beside their deleted originals) passes, step by step and merged', () => {
    for (const merged of [false, true]) {
      const { server, client } = draft()
      const c = client()
      const undo = new Y.UndoManager(c.getXmlFragment(BODY_FIELD), { captureTimeout: 0 })
      const proposer = writer(PAN, true)
      const frames: Uint8Array[] = []
      const step = (change: () => void): void => {
        frames.push(updateOf(c, change))
        undo.stopCapturing()
      }
      step(() => suggest(c, PAN, 0, (s) => headlessEdits.type(s, ' regionales')))
      step(() => suggest(c, PAN, 'consolidar las contribuciones', (s) => headlessEdits.backspace(s), 10))
      step(() => undo.undo())
      step(() => undo.undo())
      step(() => undo.redo())
      step(() => undo.redo())
      for (const frame of merged ? [frames[0]!, Y.mergeUpdates(frames.slice(1))] : frames) expect(send(server, frame, proposer)).toBeNull()
      expect(readYDoc(server).toJSON()).toEqual(readYDoc(c).toJSON())
      expect(readYDoc(server).textContent).toContain(' regionales')
    }
  })

  it('[TRUST-4] an attribute written on a block the same update removes goes with it: passing when the block is written again as it was, refused otherwise', () => {
    /** The heading "Preámbulo" (level 2), given a level by the update, then as `then` leaves it. */
    const frame = (then: (fragment: Y.XmlFragment, old: Y.XmlElement) => void): Error | null => {
      const server = new Y.Doc()
      Y.applyUpdate(server, jsonToYUpdate(withBlockIds(templateDocument('declaration', 'es', 'Declaración de Santiago'))))
      // Without garbage collection, as under an undo manager: the attribute is sent with its value.
      const c = new Y.Doc({ gc: false })
      Y.applyUpdate(c, Y.encodeStateAsUpdate(server))
      const fragment = c.getXmlFragment(BODY_FIELD)
      const old = fragment.get(1) as Y.XmlElement
      // As an undo writes it: the level put back on the block, which then goes (seed 3088).
      return send(server, updateOf(c, () => c.transact(() => (old.setAttribute('level', 1 as unknown as string), then(fragment, old)))), writer(PAN, true))
    }
    const again = (level: number) => (fragment: Y.XmlFragment, old: Y.XmlElement): void => {
      const id = String(old.getAttribute('id'))
      fragment.delete(1, 1)
      const heading = new Y.XmlElement('heading')
      heading.setAttribute('id', id)
      heading.setAttribute('level', level as unknown as string)
      heading.insert(0, [new Y.XmlText('Preámbulo')])
      fragment.insert(1, [heading])
    }
    expect(frame(again(2))).toBeNull()
    // The level it was given does not count as what it was: written again at level 1, a level change.
    expect(frame(again(1))?.message).toMatch(/kind or level changes only as a block suggestion/)
    // Removed and not written again: a deletion.
    expect(frame((fragment) => fragment.delete(1, 1))?.message).toMatch(/paragraphs are removed by suggesting their deletion/)
    // Kept: the level change itself.
    expect(frame(() => {})?.message).toMatch(/kind or level changes only as a block suggestion/)
  })

  it('[TRUST-4] forgeries merged with valid suggestions are still refused: a raw delete of older text, an unmarked insertion, another person’s suggestion mark removed', () => {
    const { server, client } = draft()
    const proposer = writer(PAN, true)
    const chile = client()
    expect(send(server, updateOf(chile, (d) => suggest(d, CHL, 0, (s) => headlessEdits.type(s, 'chileno '))), writer(CHL))).toBeNull()
    const forgeries: [string, (d: Y.Doc) => void, RegExp][] = [
      ['raw delete of older text', (d) => edit(d, 'consolidar', (s) => headlessEdits.backspace(s), 10), /written as an insertion and removed as a deletion/],
      ['unmarked insertion', (d) => edit(d, 'consolidar', (s) => headlessEdits.type(s, 'directo ')), /written as an insertion and removed as a deletion/],
      ['another person’s insertion mark removed', (d) => edit(d, 'chileno', (s) => s.tr.removeMark(s.selection.from, s.selection.to, s.schema.marks.insertion!), 7), /another person’s suggestion/],
      ['another person’s insertion deleted', (d) => edit(d, 'chileno', (s) => headlessEdits.backspace(s), 7), /written as an insertion and removed as a deletion/],
    ]
    for (const [name, forge, reason] of forgeries) {
      const c = client()
      const known = Y.encodeStateVector(server)
      suggest(c, PAN, 'Declaración', (s) => headlessEdits.type(s, 'nueva '))
      forge(c)
      suggest(c, PAN, 'Encomendamos', (s) => headlessEdits.backspace(s), 5)
      const error = send(server, Y.encodeStateAsUpdate(c, known), proposer)
      expect(error, name).toBeInstanceOf(RefusedUpdateError)
      expect(error?.message, name).toMatch(reason)
    }
    expect(listSuggestions(readYDoc(server)).map((s) => s.authorId)).toEqual([CHL.id])
  })

  it('[TRUST-4] random suggest-mode edits (typing, striking, withdrawing, Enter, undo, redo), batched at random into frames, all pass', () => {
    const random = seededRandom('TRUST-4 batching')
    for (let run = 0; run < 6; run++) {
      const { server, client } = draft()
      const initial = Y.encodeStateAsUpdate(server)
      const c = client()
      const undo = new Y.UndoManager(c.getXmlFragment(BODY_FIELD), { captureTimeout: 0 })
      const updates: Uint8Array[] = []
      const log: string[] = []
      c.on('update', (update: Uint8Array) => void updates.push(update))
      for (let i = 0; i < 25; i++) {
        const ranges = paragraphRanges(readYDoc(c))
        const [start, end] = random.pick(ranges)
        const from = start + random.int(end - start + 1)
        const to = Math.min(end, from + random.int(8))
        const op = random.int(10)
        if (op < 4) {
          const word = random.pick(['a', ' nuevo', 'texto ', 'ñ', ' '])
          log.push(`type ${JSON.stringify(word)} at ${from}-${to}`)
          suggestAt(c, PAN, from, to, (s) => headlessEdits.type(s, word))
        } else if (op < 7) {
          log.push(`backspace ${from}-${to}`)
          suggestAt(c, PAN, from, to, (s) => headlessEdits.backspace(s))
        } else if (op < 8) {
          log.push(`enter at ${from}`)
          suggestAt(c, PAN, from, from, (s) => headlessEdits.enter(s))
        } else if (op < 9) {
          log.push('undo')
          undo.undo()
        } else {
          log.push('redo')
          undo.redo()
        }
        undo.stopCapturing()
      }
      // The same edits, cut into frames at random (one frame each, a few merged, all in one).
      for (const cut of [1, 2 + random.int(4), updates.length]) {
        const live = new Y.Doc()
        Y.applyUpdate(live, initial)
        let frame: Uint8Array[] = []
        const where = `seed ${random.seed}, run ${run}, frames of up to ${cut}; edits: ${log.join('; ')}`
        for (let i = 0; i < updates.length; i++) {
          frame.push(updates[i]!)
          if (i === updates.length - 1 || random.int(cut) === 0) {
            expect(send(live, Y.mergeUpdates(frame), writer(PAN, true))?.message, where).toBeUndefined()
            frame = []
          }
        }
        expect(readYDoc(live).toJSON(), where).toEqual(readYDoc(c).toJSON())
      }
    }
  })
})

describe('checkBodyUpdate on damaged bytes', () => {
  it('[TRUST-1] bit flips and cuts of real updates raise only its two errors, and what it accepts applies to the live document', () => {
    const random = seededRandom('TRUST-1')
    const { server, client } = draft()
    const liveState = Y.encodeStateAsUpdate(server)
    const bases = [
      updateOf(client(), (d) => suggest(d, PAN, 0, (s) => headlessEdits.type(s, 'texto propuesto '))),
      updateOf(client(), (d) => edit(d, 0, (s) => headlessEdits.enter(s))),
      updateOf(client(), (d) => edit(d, 0, (s) => s.tr.addMark(s.selection.from, s.selection.to, s.schema.marks.bold!.create()), 6)),
    ]
    let accepted = 0
    for (const base of bases) {
      for (let i = 0; i < 300; i++) {
        const bytes = base.slice(0, random.int(2) === 0 ? base.length : random.int(base.length))
        for (let flips = random.int(3); flips > 0; flips--) {
          const at = random.int(bytes.length)
          bytes[at] = bytes[at]! ^ (1 << random.int(8))
        }
        const live = new Y.Doc()
        Y.applyUpdate(live, liveState)
        const where = `seed ${random.seed}, bytes ${Buffer.from(bytes).toString('hex')}`
        try {
          checkBodyUpdate(live, bytes, writer(PAN))
        } catch (error) {
          if (error instanceof InvalidUpdateError || error instanceof RefusedUpdateError) continue
          throw new Error(`threw ${String(error)}, ${where}`, { cause: error })
        }
        accepted += 1
        expect(() => Y.applyUpdate(live, bytes), where).not.toThrow()
        live.destroy()
      }
    }
    expect(accepted).toBeGreaterThan(0)
  })
})

/** An update that carries no structs and deletes [clock, clock + len) of `client`. */
function deleteSetUpdate(client: number, clock: number, len: number): Uint8Array {
  const bytes = [0, 1]
  const varUint = (n: number): void => {
    while (n > 0x7f) {
      bytes.push((n & 0x7f) | 0x80)
      n = Math.floor(n / 128)
    }
    bytes.push(n)
  }
  varUint(client)
  varUint(1)
  varUint(clock)
  varUint(len)
  return Uint8Array.from(bytes)
}
