/**
 * What the editor page holds of a second language (useBilingual's readBilingual, issue 14):
 * on a draft without one, a keystroke's update must hand React the same state object, or the
 * whole page re-renders on every keystroke (it did: half of a keystroke's main-thread time).
 * With a second language, a change of either text is a new state with the new rows.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { readBilingual, type Bilingual } from '@consenso/client/bilingual-state'
import { BODY_FIELD, jsonToYDoc, startTranslation, yBlockText } from '@consenso/schema'

const NONE: Bilingual = { settings: null, source: null, ready: false, rows: [] }

function draft(): Y.Doc {
  return jsonToYDoc({
    type: 'doc',
    content: [{ type: 'paragraph', attrs: { id: 'o1', kind: 'operative' }, content: [{ type: 'text', text: 'Acuerdan fortalecer la cooperación.' }] }],
  })
}

function typeInto(doc: Y.Doc, text: string): void {
  const paragraph = doc.getXmlFragment(BODY_FIELD).get(0) as Y.XmlElement
  const ytext = paragraph.get(0) as Y.XmlText
  ytext.insert(ytext.length, text)
}

describe('[TYPE-4] the page state of a second language', () => {
  it('stays the same object while someone types in a draft without one', () => {
    const body = draft()
    const settings = new Y.Doc().getMap<unknown>('settings')
    let state = readBilingual(body, settings, NONE)
    expect(state).toBe(NONE)
    for (const letter of 'regional') {
      typeInto(body, letter)
      const next = readBilingual(body, settings, state)
      expect(next).toBe(state)
      state = next
    }
  })

  it('follows the texts once a second language is added', () => {
    const body = draft()
    const settings = new Y.Doc().getMap<unknown>('settings')
    settings.set('translation', { language: 'en', authentic: 'es' })
    // Settings without the fragment yet: the panel waits (not ready), a new state all the same.
    const waiting = readBilingual(body, settings, NONE)
    expect(waiting).not.toBe(NONE)
    expect(waiting).toMatchObject({ source: 'es', ready: false, rows: [] })
    startTranslation(body, 'en')
    const ready = readBilingual(body, settings, waiting)
    expect(ready.ready).toBe(true)
    expect(ready.rows.map((row) => row.sourceText)).toEqual(['Acuerdan fortalecer la cooperación.'])
    typeInto(body, ' Regional.')
    const typed = readBilingual(body, settings, ready)
    expect(typed).not.toBe(ready)
    expect(typed.rows[0]?.sourceText).toBe(yBlockText((body.getXmlFragment(BODY_FIELD).get(0) as Y.XmlElement)))
    expect(typed.rows[0]?.sourceText).toMatch(/cooperación\. Regional\.$/)
  })
})
