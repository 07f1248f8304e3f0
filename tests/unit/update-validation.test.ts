/*
 * validateUpdate rules:
 * [VALID-1] Real Yjs updates to the body fragment ('default') are accepted and not empty: a
 *           whole template document, incremental edits, formatting, deletions.
 * [VALID-2] An update that carries no structs and no deletions is reported as empty.
 * [VALID-3] On any bytes at all, validateUpdate throws nothing but InvalidUpdateError; an update
 *           it accepts applies cleanly to a fresh document, and where it clashes with the live
 *           document's content, applying it there throws without changing anything.
 * [VALID-4] An update that writes to a root other than the allowed ones is refused, even when
 *           it also carries good body content; with allowedRoots = null it is accepted.
 * [VALID-5] The body holds only XML (elements and text): an update that puts plain text, JSON
 *           values or other shared types into the body fragment or into one of its elements is
 *           refused.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { BODY_FIELD, jsonToYUpdate, templateDocument } from '@consenso/schema'
import { InvalidUpdateError, validateUpdate } from '@consenso/server/collab'
import { seededRandom, type Random } from '../helpers/random.ts'

const BODY_ROOTS: ReadonlySet<string> = new Set([BODY_FIELD])
/** The rules of the body channel, and of a server-written channel. */
const BODY = { allowedRoots: BODY_ROOTS, xmlOnly: true }
const ANY = { allowedRoots: null, xmlOnly: false }

/** A document edited the way the editor edits it, remembering each update it emitted. */
function editedDocument(): { doc: Y.Doc; updates: Uint8Array[] } {
  const doc = new Y.Doc()
  const updates: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => updates.push(update))
  const fragment = doc.getXmlFragment(BODY_FIELD)
  const heading = new Y.XmlElement('heading')
  heading.setAttribute('level', 1 as unknown as string)
  heading.insert(0, [new Y.XmlText('Declaración conjunta')])
  fragment.push([heading])
  const paragraph = new Y.XmlElement('paragraph')
  paragraph.setAttribute('kind', 'preamble')
  paragraph.setAttribute('id', 'p-1')
  const text = new Y.XmlText('Reconociendo la movilidad humana,')
  paragraph.insert(0, [text])
  fragment.push([paragraph])
  text.format(0, 12, { bold: {} })
  text.insert(text.length, ' en la región')
  text.delete(0, 1)
  const list = new Y.XmlElement('bulletList')
  const item = new Y.XmlElement('listItem')
  const inner = new Y.XmlElement('paragraph')
  inner.insert(0, [new Y.XmlText('Punto focal')])
  item.insert(0, [inner])
  list.insert(0, [item])
  fragment.push([list])
  fragment.delete(0, 1)
  return { doc, updates }
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex')

describe('validateUpdate', () => {
  it('[VALID-1] real updates to the body fragment are accepted', () => {
    const template = jsonToYUpdate(templateDocument('declaration', 'es', 'Declaración de Santiago'))
    expect(validateUpdate(template, BODY)).toEqual({ empty: false })

    const { doc, updates } = editedDocument()
    expect(updates.length).toBeGreaterThan(5)
    for (const update of updates) expect(validateUpdate(update, BODY)).toEqual({ empty: false })
    expect(validateUpdate(Y.encodeStateAsUpdate(doc), BODY)).toEqual({ empty: false })
    expect(validateUpdate(Y.mergeUpdates(updates), BODY)).toEqual({ empty: false })
  })

  it('[VALID-1] changing an attribute that already has a value (a paragraph kind) is accepted', () => {
    // The new value is encoded next to the old one, without its parent or key.
    const paragraph = new Y.XmlElement('paragraph')
    const doc = new Y.Doc()
    doc.getXmlFragment(BODY_FIELD).push([paragraph])
    paragraph.setAttribute('kind', 'operative')
    paragraph.insert(0, [new Y.XmlText('Acordamos presentar insumos conjuntos;')])
    const before = Y.encodeStateVector(doc)
    paragraph.setAttribute('kind', 'preamble')
    expect(validateUpdate(Y.encodeStateAsUpdate(doc, before), BODY)).toEqual({ empty: false })
  })

  it('[VALID-1] an update that only deletes is accepted and not empty', () => {
    const { doc } = editedDocument()
    const before = Y.encodeStateVector(doc)
    const deletions: Uint8Array[] = []
    doc.on('update', (update: Uint8Array) => deletions.push(update))
    doc.getXmlFragment(BODY_FIELD).delete(0, 1)
    expect(Y.encodeStateVector(doc)).toEqual(before)
    expect(deletions).toHaveLength(1)
    expect(validateUpdate(deletions[0]!, BODY)).toEqual({ empty: false })
  })

  it('[VALID-2] an update with nothing in it is empty', () => {
    expect(validateUpdate(Y.encodeStateAsUpdate(new Y.Doc()), BODY)).toEqual({ empty: true })
    expect(validateUpdate(Y.encodeStateAsUpdate(new Y.Doc()), ANY)).toEqual({ empty: true })
    // What a peer that holds nothing new (and never deleted anything) answers to sync step 1.
    const doc = new Y.Doc()
    doc.getXmlFragment(BODY_FIELD).push([new Y.XmlElement('paragraph')])
    expect(validateUpdate(Y.encodeStateAsUpdate(doc, Y.encodeStateVector(doc)), BODY)).toEqual({ empty: true })
  })

  it('[VALID-3] arbitrary bytes: only InvalidUpdateError, and what is accepted applies cleanly', () => {
    const random = seededRandom('VALID-3')
    const small = editedDocument()
    const bases = [
      Y.encodeStateAsUpdate(small.doc),
      ...small.updates,
      jsonToYUpdate(templateDocument('minutes', 'en', 'Minutes of the focal points')),
    ]
    const live = new Y.Doc()
    Y.applyUpdate(live, bases[0]!)
    const liveState = Y.encodeStateAsUpdate(live)

    const outcome = { accepted: 0, refused: 0, throwsOnLive: 0 }
    const check = (bytes: Uint8Array, how: string): void => {
      const where = `${how}, seed ${random.seed}, bytes ${hex(bytes)}`
      for (const roots of [BODY, ANY]) {
        try {
          validateUpdate(bytes, roots)
        } catch (error) {
          if (error instanceof InvalidUpdateError) {
            outcome.refused += 1
            continue
          }
          throw new Error(`validateUpdate threw ${String(error)} (not InvalidUpdateError) for ${where}`, { cause: error })
        }
        outcome.accepted += 1
        for (const [label, target] of [
          ['a fresh document', new Y.Doc()],
          ['a fresh document without gc', new Y.Doc({ gc: false })],
        ] as const) {
          try {
            Y.applyUpdate(target, bytes)
          } catch (error) {
            throw new Error(`accepted update threw ${String(error)} when applied to ${label}, ${where}`, { cause: error })
          } finally {
            target.destroy()
          }
        }
        // The check runs against an empty document, so an update can still clash with what
        // the live document holds (say, a parent id that does not exist there). The server
        // then closes the sender's connection; that is only safe if the failed apply left the
        // live document untouched and emitted nothing to commit or broadcast.
        const live = new Y.Doc()
        Y.applyUpdate(live, liveState)
        let emitted = 0
        live.on('update', () => (emitted += 1))
        try {
          Y.applyUpdate(live, bytes)
        } catch (error) {
          outcome.throwsOnLive += 1
          expect(emitted, `update event after a failed apply, ${where}: ${String(error)}`).toBe(0)
          expect(Y.encodeStateAsUpdate(live), `live document changed by a failed apply, ${where}`).toEqual(liveState)
        } finally {
          live.destroy()
        }
      }
    }

    for (const base of bases) {
      // Every cut of a short update; a sample of cuts of a long one, to keep the run short.
      const cuts = base.length <= 400 ? base.length : 200
      for (let i = 0; i < cuts; i++) {
        const length = base.length <= 400 ? i : random.int(base.length)
        check(base.subarray(0, length), `truncated to ${length}`)
      }
      for (let i = 0; i < 150; i++) check(flipBits(base, random), 'bit flips')
      for (let i = 0; i < 60; i++) check(splice(base, random), 'splice')
    }
    for (let i = 0; i < 400; i++) check(randomBytes(random), 'random bytes')
    // Both branches must have been exercised, or the property says nothing.
    expect(outcome.accepted).toBeGreaterThan(0)
    expect(outcome.refused).toBeGreaterThan(0)
  })

  it('[VALID-4] an update writing to another root is refused, unless any root is allowed', () => {
    const evil = new Y.Doc()
    evil.getMap('evil').set('x', 1)
    const update = Y.encodeStateAsUpdate(evil)
    expect(() => validateUpdate(update, BODY)).toThrow(InvalidUpdateError)
    expect(validateUpdate(update, ANY)).toEqual({ empty: false })

    // Good body content does not carry a foreign root through.
    const mixed = editedDocument().doc
    mixed.getArray('comments').push(['smuggled'])
    expect(() => validateUpdate(Y.encodeStateAsUpdate(mixed), BODY)).toThrow(InvalidUpdateError)
    expect(validateUpdate(Y.encodeStateAsUpdate(mixed), ANY)).toEqual({ empty: false })

    const review = new Y.Doc()
    review.getMap('threads').set('t1', 'observación')
    expect(() => validateUpdate(Y.encodeStateAsUpdate(review), BODY)).toThrow(InvalidUpdateError)
    expect(validateUpdate(Y.encodeStateAsUpdate(review), { allowedRoots: new Set(['threads']), xmlOnly: false })).toEqual({ empty: false })
  })

  // Tiptap reads the body fragment as XML only: a string or a JSON value in it makes the
  // binding (and the headless converter used by export) throw on every load of the draft.
  const nonXml: Array<[string, (doc: Y.Doc) => void]> = [
    ['plain text directly', (doc) => doc.getText(BODY_FIELD).insert(0, 'hola')],
    ['JSON values directly', (doc) => doc.getArray(BODY_FIELD).insert(0, [1, { a: 2 }])],
    ['a map directly', (doc) => doc.getArray(BODY_FIELD).insert(0, [new Y.Map()])],
    [
      'a JSON value inside a paragraph element',
      (doc) => {
        const paragraph = new Y.XmlElement('paragraph')
        doc.getXmlFragment(BODY_FIELD).push([paragraph])
        paragraph.insert(0, [42 as unknown as Y.XmlText])
      },
    ],
  ]
  for (const [what, write] of nonXml) {
    it(`[VALID-5] ${what} in the body fragment is refused`, () => {
      const doc = new Y.Doc()
      write(doc)
      expect(() => validateUpdate(Y.encodeStateAsUpdate(doc), BODY)).toThrow(InvalidUpdateError)
    })
  }
})

function flipBits(base: Uint8Array, random: Random): Uint8Array {
  const bytes = base.slice()
  const flips = 1 + random.int(3)
  for (let i = 0; i < flips; i++) {
    const at = random.int(bytes.length)
    bytes[at] = bytes[at]! ^ (1 << random.int(8))
  }
  return bytes
}

/** Deletes, inserts or overwrites a short run of bytes somewhere in `base`. */
function splice(base: Uint8Array, random: Random): Uint8Array {
  const at = random.int(base.length + 1)
  const run = Uint8Array.from({ length: 1 + random.int(4) }, () => random.int(256))
  const bytes = [...base]
  const mode = random.int(3)
  if (mode === 0) bytes.splice(at, run.length)
  else if (mode === 1) bytes.splice(at, 0, ...run)
  else bytes.splice(at, run.length, ...run)
  return Uint8Array.from(bytes)
}

function randomBytes(random: Random): Uint8Array {
  const bytes = Uint8Array.from({ length: 1 + random.int(80) }, () => random.int(256))
  // Half of them start like an update (a few structs from one client), to get past the
  // first varint and into the struct decoder.
  if (random.int(2) === 0) {
    bytes[0] = 1 + random.int(3)
    if (bytes.length > 1) bytes[1] = 1 + random.int(5)
  }
  return bytes
}
