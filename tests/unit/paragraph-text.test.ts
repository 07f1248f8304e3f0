/**
 * PERF-8: the authorship text of a paragraph (AUTHOR-1) is read off its text items directly;
 * it must equal what joining the strings of Yjs' delta gives, marks, deletions and breaks included.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { paragraphText } from '@consenso/server/collab'

/** The reading before PERF-8, through the delta. */
function throughDelta(element: Y.XmlElement): string {
  let text = ''
  for (const child of element.toArray()) {
    if (child instanceof Y.XmlText) {
      for (const op of child.toDelta() as { insert: unknown }[]) if (typeof op.insert === 'string') text += op.insert
    } else if (child instanceof Y.XmlElement) {
      text += child.nodeName === 'hardBreak' ? '\n' : throughDelta(child)
    }
  }
  return text
}

describe('paragraphText', () => {
  it('[PERF-8] equals the delta reading after random inserts, marks, embeds and deletions', () => {
    const seed = Number(process.env.SEED ?? Date.now() % 100_000)
    console.log(`paragraph-text seed ${seed}`)
    let state = seed
    const random = (n: number): number => {
      state = (state * 1103515245 + 12345) % 2 ** 31
      return state % n
    }
    for (let round = 0; round < 50; round++) {
      const doc = new Y.Doc()
      const paragraph = new Y.XmlElement('paragraph')
      doc.getXmlFragment('default').insert(0, [paragraph])
      const first = new Y.XmlText()
      const brk = new Y.XmlElement('hardBreak')
      const second = new Y.XmlText()
      paragraph.insert(0, [first, brk, second])
      for (let step = 0; step < 40; step++) {
        const text = random(2) === 0 ? first : second
        const at = random(text.length + 1)
        switch (random(5)) {
          case 0:
          case 1:
            text.insert(at, 'palabra '.slice(0, 1 + random(8)), random(2) === 0 ? { bold: true } : {})
            break
          case 2:
            if (text.length > at) text.format(at, 1 + random(text.length - at), { italic: random(2) === 0 ? true : null })
            break
          case 3:
            if (text.length > at) text.delete(at, 1 + random(Math.min(4, text.length - at)))
            break
          case 4:
            text.insertEmbed(at, { image: 'x' })
            break
        }
        expect(paragraphText(paragraph), `seed ${seed}, round ${round}, step ${step}`).toBe(throughDelta(paragraph))
      }
    }
  })
})
