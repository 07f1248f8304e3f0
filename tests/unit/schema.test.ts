/*
 * Document schema rules:
 * [SCHEMA-1] Every template, in every language, is a valid Consenso document that starts with
 *            the draft's title as its first heading.
 * [SCHEMA-2] Every heading, paragraph, list and list item of a template carries a block id; the
 *            ids are unique within the draft and fresh for every new draft.
 * [SCHEMA-3] JSON -> Yjs update -> Y.Doc -> JSON gives back the same document (same nodes,
 *            attributes, ids and text), and a second round trip changes nothing at all.
 * [SCHEMA-4] Paragraphs are numbered PP1, PP2… (preamble) and OP1, OP2… (operative) in document
 *            order, wherever they sit; plain paragraphs and headings get no number; numberJSON
 *            and numberNode agree. The declaration template is PP1, PP2, OP1, OP2.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  BLOCK_TYPES_WITH_ID,
  TEMPLATE_IDS,
  assertValidDocument,
  consensoSchema,
  isSafeLinkHref,
  jsonToYUpdate,
  numberJSON,
  numberNode,
  plainText,
  templateDocument,
  withBlockIds,
  yDocToJSON,
  type ParagraphKind,
  type TemplateLanguage,
  type TemplateName,
} from '@consenso/schema'

type JSONContent = ReturnType<typeof templateDocument>

const LANGUAGES: readonly TemplateLanguage[] = ['es', 'en']

/** The paragraph numbers each template starts with, in order. */
const TEMPLATE_NUMBERING: Record<TemplateName, string[]> = {
  declaration: ['PP1', 'PP2', 'OP1', 'OP2'],
  minutes: [],
  'good-practices': [],
  questionnaire: [],
  glossary: [],
  blank: [],
}

const TEMPLATE_CASES = TEMPLATE_IDS.flatMap((template) =>
  LANGUAGES.map((language) => ({
    template,
    language,
    title: `Borrador ${template} (${language}) — Grupo ad hoc CRM–CSM`,
    numbering: TEMPLATE_NUMBERING[template],
  })),
)

function nodes(json: JSONContent): JSONContent[] {
  return [json, ...(json.content ?? []).flatMap(nodes)]
}

const idTypes: ReadonlySet<string> = new Set(BLOCK_TYPES_WITH_ID)

/** y-tiptap leaves out attributes whose value is null; the schema puts the defaults back. */
const canonical = (json: JSONContent): unknown => consensoSchema().nodeFromJSON(json).toJSON()

function roundTrip(json: JSONContent): JSONContent {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, jsonToYUpdate(json))
  const back = yDocToJSON(doc)
  doc.destroy()
  return back
}

describe('templates', () => {
  for (const { template, language, title, numbering } of TEMPLATE_CASES) {
    describe(`${template} (${language})`, () => {
      it('[SCHEMA-1] is a valid document headed by the title', () => {
        const json = templateDocument(template, language, title)
        expect(() => assertValidDocument(json)).not.toThrow()
        const first = json.content?.[0]
        expect(first?.type).toBe('heading')
        expect(first?.attrs?.level).toBe(1)
        expect(plainText(json).split('\n')[0]).toBe(title)
      })

      it('[SCHEMA-2] gives every block a unique, fresh id', () => {
        const json = templateDocument(template, language, title)
        const blocks = nodes(json).filter((node) => idTypes.has(node.type ?? ''))
        expect(blocks.length).toBeGreaterThan(0)
        const ids = blocks.map((node) => node.attrs?.id as unknown)
        for (const [i, id] of ids.entries()) expect(id, `${blocks[i]!.type} #${i}`).toEqual(expect.stringMatching(/\S/))
        expect(new Set(ids).size).toBe(ids.length)
        // Adding ids again must not change ids that are already there.
        expect(withBlockIds(json)).toEqual(json)
        const again = nodes(templateDocument(template, language, title)).filter((node) => idTypes.has(node.type ?? ''))
        for (const node of again) expect(ids).not.toContain(node.attrs?.id)
      })

      it('[SCHEMA-3] survives the round trip through Yjs', () => {
        const json = templateDocument(template, language, title)
        const back = roundTrip(json)
        expect(canonical(back)).toEqual(canonical(json))
        expect(consensoSchema().nodeFromJSON(back).eq(consensoSchema().nodeFromJSON(json))).toBe(true)
        expect(plainText(back)).toBe(plainText(json))
        expect(roundTrip(back)).toEqual(back)
      })

      it(`[SCHEMA-4] is numbered ${numbering.join(', ') || 'nowhere'}, before and after Yjs`, () => {
        const json = templateDocument(template, language, title)
        for (const doc of [json, roundTrip(json)]) {
          expect([...numberJSON(doc).values()]).toEqual(numbering)
          expect(numberNode(consensoSchema().nodeFromJSON(doc)).map((n) => n.label)).toEqual(numbering)
        }
      })
    })
  }
})

type Block = { kind: ParagraphKind | null } | { heading: true } | { inside: 'bulletList' | 'blockquote'; kind: ParagraphKind | null }

const NUMBERING_CASES: Array<{ name: string; blocks: Block[]; expected: string[] }> = [
  { name: 'no numbered paragraph', blocks: [{ heading: true }, { kind: null }, { kind: null }], expected: [] },
  {
    name: 'preamble then operative',
    blocks: [{ kind: 'preamble' }, { kind: 'preamble' }, { kind: 'preamble' }, { kind: 'operative' }],
    expected: ['PP1', 'PP2', 'PP3', 'OP1'],
  },
  {
    name: 'plain paragraphs and headings in between',
    blocks: [
      { heading: true },
      { kind: null },
      { kind: 'preamble' },
      { kind: null },
      { heading: true },
      { kind: 'operative' },
      { kind: null },
      { kind: 'operative' },
    ],
    expected: ['PP1', 'OP1', 'OP2'],
  },
  {
    name: 'the two series interleaved',
    blocks: [{ kind: 'operative' }, { kind: 'preamble' }, { kind: 'operative' }, { kind: 'preamble' }, { kind: 'operative' }],
    expected: ['OP1', 'PP1', 'OP2', 'PP2', 'OP3'],
  },
  {
    name: 'numbered paragraphs inside lists and quotes',
    blocks: [
      { kind: 'preamble' },
      { inside: 'bulletList', kind: 'preamble' },
      { inside: 'blockquote', kind: 'operative' },
      { inside: 'bulletList', kind: null },
      { kind: 'operative' },
    ],
    expected: ['PP1', 'PP2', 'OP1', 'OP2'],
  },
]

function buildDocument(blocks: Block[]): JSONContent {
  const paragraph = (kind: ParagraphKind | null, i: number): JSONContent => ({
    type: 'paragraph',
    attrs: { kind },
    content: [{ type: 'text', text: `Párrafo ${i}` }],
  })
  return withBlockIds({
    type: 'doc',
    content: blocks.map((block, i): JSONContent => {
      if ('heading' in block) return { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: `Sección ${i}` }] }
      if ('inside' in block) {
        return block.inside === 'bulletList'
          ? { type: 'bulletList', content: [{ type: 'listItem', content: [paragraph(block.kind, i)] }] }
          : { type: 'blockquote', content: [paragraph(block.kind, i)] }
      }
      return paragraph(block.kind, i)
    }),
  })
}

describe('paragraph numbering', () => {
  for (const { name, blocks, expected } of NUMBERING_CASES) {
    it(`[SCHEMA-4] ${name}: ${expected.join(', ') || 'no numbers'}`, () => {
      const json = buildDocument(blocks)
      assertValidDocument(json)
      const numbered = nodes(json).filter((node) => node.type === 'paragraph' && node.attrs?.kind)
      const expectedPairs = numbered.map((node, i) => [node.attrs?.id as string, expected[i]])
      expect(numbered).toHaveLength(expected.length)

      expect([...numberJSON(json).entries()]).toEqual(expectedPairs)

      const doc = consensoSchema().nodeFromJSON(json)
      const fromNode = numberNode(doc)
      expect(fromNode.map((n) => [n.id, n.label])).toEqual(expectedPairs)
      for (const [i, n] of fromNode.entries()) {
        expect(doc.nodeAt(n.pos)?.attrs.id).toBe(n.id)
        if (i > 0) expect(n.pos).toBeGreaterThan(fromNode[i - 1]!.pos)
      }
    })
  }
})

describe('[SCHEMA-121] footnotes in the schema', () => {
  it('[SCHEMA-121] a footnote keeps its text through Yjs and counts for nothing in the plain text', () => {
    const json = withBlockIds({
      type: 'doc',
      content: [{ type: 'paragraph', attrs: { kind: 'preamble' }, content: [{ type: 'text', text: 'Recordando la resolución 73/195' }, { type: 'footnote', attrs: { text: 'A/RES/73/195, anexo.\nVéase también.' } }, { type: 'text', text: ';' }] }],
    })
    assertValidDocument(json)
    const back = roundTrip(json)
    expect(canonical(back)).toEqual(canonical(json))
    expect(plainText(back)).toBe('Recordando la resolución 73/195;')
  })
})

describe('[SCHEMA-120] links in the schema', () => {
  it('[SCHEMA-120] a link keeps its target through Yjs; an unsafe target is not a link', () => {
    const json = withBlockIds({
      type: 'doc',
      content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Véase ' }, { type: 'text', text: 'la resolución', marks: [{ type: 'link', attrs: { href: 'https://undocs.org/es/A/RES/73/195' } }] }] }],
    })
    assertValidDocument(json)
    const back = roundTrip(json)
    expect(canonical(back)).toEqual(canonical(json))
    expect(JSON.stringify(back)).toContain('https://undocs.org/es/A/RES/73/195')
    for (const href of ['https://undocs.org/x', 'http://example.org', 'mailto:a@b.org']) expect(isSafeLinkHref(href), href).toBe(true)
    for (const href of ['javascript:alert(1)', 'data:text/html,x', 'file:///etc/passwd', 'https://a b', '', null, 'x'.repeat(3000), 'vbscript:x', '//example.org']) expect(isSafeLinkHref(href), String(href)).toBe(false)
  })
})
