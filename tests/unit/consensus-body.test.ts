/*
 * [CONSENSUS-4] The server reads paragraph texts straight from the Yjs body to notice edits to
 * agreed paragraphs: it must read exactly the characters the consensus summary reads from
 * JSON, or positions would be archived (or kept) wrongly.
 */
import { describe, expect, it } from 'vitest'
import { jsonToYDoc, numberedParagraphs, templateDocument, type TemplateLanguage } from '@consenso/schema'
import { paragraphTexts } from '@consenso/server/consensus'

type JSONContent = Parameters<typeof numberedParagraphs>[0]

const numbered = (id: string, kind: 'preamble' | 'operative', content: JSONContent[]): JSONContent => ({ type: 'paragraph', attrs: { id, kind }, content })
const marked: JSONContent = {
  type: 'doc',
  content: [
    numbered('a', 'preamble', [
      { type: 'text', text: 'Recordando ' },
      { type: 'text', text: 'la Declaración', marks: [{ type: 'bold' }] },
      { type: 'hardBreak' },
      { type: 'text', text: 'de Nueva York,', marks: [{ type: 'bracket', attrs: { bracketId: 'b1' } }] },
    ]),
    {
      type: 'bulletList',
      attrs: { id: 'l' },
      content: [{ type: 'listItem', attrs: { id: 'li' }, content: [numbered('b', 'operative', [{ type: 'text', text: 'En una lista — ñandú' }])] }],
    },
    {
      type: 'blockquote',
      attrs: { id: 'q' },
      content: [
        numbered('c', 'operative', [
          { type: 'text', text: 'propuesto', marks: [{ type: 'insertion', attrs: { id: 's1', authorId: 'u', authorName: 'Ana', delegation: 'CHL', at: '2026-11-29T10:00:00.000Z' } }] },
          { type: 'text', text: ' y tachado', marks: [{ type: 'deletion', attrs: { id: 's2', authorId: 'u', authorName: 'Ana', delegation: 'CHL', at: '2026-11-29T10:00:00.000Z' } }] },
        ]),
      ],
    },
    numbered('d', 'operative', []),
  ],
}

describe('[CONSENSUS-4] paragraph texts read from the Yjs body', () => {
  const cases: Array<[string, JSONContent]> = [['marks, breaks, lists, quotes, suggestions, empty', marked]]
  for (const language of ['es', 'en'] as TemplateLanguage[]) {
    for (const template of ['declaration', 'minutes', 'good-practices'] as const) {
      cases.push([`${template} (${language})`, templateDocument(template, language, 'Título')])
    }
  }
  for (const [name, doc] of cases) {
    it(`match the consensus summary's texts: ${name}`, () => {
      const expected = new Map(numberedParagraphs(doc).map((p) => [p.id, p.text]))
      const read = paragraphTexts(jsonToYDoc(doc), new Set([...expected.keys(), 'not-there']))
      expect(read).toEqual(expected)
    })
  }
})
