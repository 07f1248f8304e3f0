/**
 * [ABUSE-4] The struct counter that refuses over-large updates before they are decoded
 * (server/src/collab/validation/struct-count.ts) agrees with Yjs's own decoder on updates
 * holding every kind of content, stops early past its limit, and gives up (null) on bytes it
 * cannot read rather than guessing.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { countStructsUpTo } from '@consenso/server/collab'
import { randomFromSeed, seededRandom } from '../helpers/random.ts'

function everyKind(seed: number): Uint8Array {
  const source = randomFromSeed(seed)
  const random = (): number => source.next()
  const doc = new Y.Doc()
  const body = doc.getXmlFragment('default')
  for (let i = 0; i < 40; i++) {
    const paragraph = new Y.XmlElement('paragraph')
    paragraph.setAttribute('id', `b${i}`)
    const text = new Y.XmlText()
    paragraph.insert(0, [text])
    body.push([paragraph])
    text.insert(0, `palabra ${i} `.repeat(1 + Math.floor(random() * 3)), random() < 0.3 ? { bold: true } : {})
    if (random() < 0.2) text.format(0, 3, { italic: true })
    if (random() < 0.1) text.insertEmbed(1, { image: 'x' })
  }
  body.delete(Math.floor(random() * 20), 5)
  doc.getMap('settings').set('language', 'es')
  doc.getMap('settings').set('nested', { a: [1, 'dos', null, true] })
  doc.getArray('bytes').push([new Uint8Array([1, 2, 3])])
  doc.getArray('docs').push([new Y.Doc()])
  doc.getXmlFragment('hooks').push([new Y.XmlHook('hook') as unknown as Y.XmlElement])
  // Legacy JSON content, still readable by Yjs.
  const legacy = new Y.Doc()
  legacy.getArray('legacy').insert(0, ['a'])
  return Y.mergeUpdates([Y.encodeStateAsUpdate(doc), Y.encodeStateAsUpdate(legacy)])
}

describe('counting structs without decoding', () => {
  it('[ABUSE-4] agrees with Y.decodeUpdate on every kind of content, stops past its limit, and gives up on garbage', () => {
    const first = seededRandom('struct-count').seed
    for (let seed = first; seed < first + 20; seed++) {
      const update = everyKind(seed)
      const expected = Y.decodeUpdate(update).structs.length
      expect(countStructsUpTo(update, 1_000_000), `seed ${seed}`).toBe(expected)
      expect(countStructsUpTo(update, expected - 1), `seed ${seed}`).toBe(expected)
      expect(countStructsUpTo(update, 10), `seed ${seed}`).toBe(11)
    }
    expect(countStructsUpTo(new Uint8Array([0, 0]), 10)).toBe(0)
    expect(countStructsUpTo(new Uint8Array([5, 1, 2]), 100)).toBeNull()
    expect(countStructsUpTo(new Uint8Array([1, 2, 7, 0, 99]), 100)).toBeNull()
  })
})
