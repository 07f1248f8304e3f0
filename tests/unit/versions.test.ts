/*
 * Writing a version's body into a live document ([VERS-1] in packages/schema/SPEC.md).
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { BODY_FIELD, jsonToYDoc, templateDocument, withBlockIds, writeBody, yDocToJSON } from '@consenso/schema'

type JSONContent = ReturnType<typeof templateDocument>

function paragraphText(doc: Y.Doc, index: number): Y.XmlText {
  return (doc.getXmlFragment(BODY_FIELD).get(index) as Y.XmlElement).get(0) as Y.XmlText
}

describe('writing a version into a live body', () => {
  it('[VERS-1] the body becomes exactly the version, and words the version shares keep their Yjs items (anchors stay put)', () => {
    const zero = withBlockIds(templateDocument('declaration', 'en', 'Joint declaration')) as JSONContent
    const live = jsonToYDoc(zero)
    const frozen = yDocToJSON(live)

    // An anchor on words of OP2, which the restore will not touch.
    const op2 = paragraphText(live, 6)
    const at = op2.toString().indexOf('Technical Secretariats')
    const anchor = Y.createRelativePositionFromTypeIndex(op2, at)

    // Rev.1: OP1 reworded, a new paragraph, PP1 gone.
    const rev1 = structuredClone(frozen)
    const content = rev1.content!
    content[5]!.content![0]!.text = 'Agree to present joint inputs.'
    content.push({ type: 'paragraph', attrs: { id: 'new-op3', kind: 'operative' }, content: [{ type: 'text', text: 'Decide to meet again.' }] })
    content.splice(2, 1)
    writeBody(live, rev1)
    expect(yDocToJSON(live)).toEqual(rev1)

    // Back to the zero draft, as a change on top.
    const before = Y.encodeStateVector(live)
    writeBody(live, frozen)
    expect(yDocToJSON(live)).toEqual(frozen)
    expect(Y.encodeStateVector(live)).not.toEqual(before)

    const resolved = Y.createAbsolutePositionFromRelativePosition(anchor, live)!
    expect(resolved.type).toBe(op2)
    expect((resolved.type as Y.XmlText).toString().slice(resolved.index)).toMatch(/^Technical Secretariats/)
  })

  it('[VERS-1] a body that is not a valid document is refused and nothing changes', () => {
    const live = jsonToYDoc(withBlockIds(templateDocument('blank', 'en', 'Draft')) as JSONContent)
    const before = Y.encodeStateAsUpdate(live)
    expect(() => writeBody(live, { type: 'doc', content: [{ type: 'noSuchNode' }] })).toThrow()
    expect(Y.encodeStateAsUpdate(live)).toEqual(before)
  })
})
