/**
 * The editor's glossary marks (client/src/glossary/glossary-plugin.ts, [UI-GLOSS-2], [UI-GLOSS-4]):
 * decorations only (the document is untouched), struck text left out, deprecated terms told
 * apart, the preferred replacement in the found words' form; and the marks carried over
 * seeded random edits always equal a fresh marking of the whole draft.
 */
import { describe, expect, it } from 'vitest'
import { EditorState } from '@tiptap/pm/state'
import { getSchema } from '@tiptap/core'
import { glossaryKey, glossaryMarkAt, glossaryPlugins, preferredReplacement } from '@consenso/client/glossary'
import { consensoExtensions, DELETION } from '@consenso/schema'
import { seededRandom } from '../helpers/random.ts'
import { glossaryEntry } from '../helpers/records.ts'

const schema = getSchema(consensoExtensions())
const struck = schema.marks[DELETION]!.create({ id: 's1', authorId: 'u', authorName: 'Ana', delegation: 'CHL', at: '2026-01-01T00:00:00Z' })
const ENTRIES = [glossaryEntry('mig', 'migrante', 'migrant'), glossaryEntry('irr', 'irregular', 'irregular'), glossaryEntry('ile', 'ilegal', 'illegal', { status: 'deprecated', preferredId: 'irr' })]

function state(): EditorState {
  const doc = schema.node('doc', null, [
    schema.node('paragraph', { id: 'p1', kind: 'operative' }, [schema.text('Los migrantes ilegales; '), schema.text('ilegal', [struck]), schema.text(' y Migrantes.')]),
    schema.node('paragraph', { id: 'p2', kind: 'operative' }, [schema.text('ILEGALES no.')]),
  ])
  const s = EditorState.create({ schema, doc, plugins: glossaryPlugins() })
  return s.apply(s.tr.setMeta(glossaryKey, { entries: ENTRIES, lang: 'es' }))
}

const marks = (s: EditorState): [string, string, string][] =>
  (glossaryKey.getState(s)?.decorations.find() ?? [])
    .sort((a, b) => a.from - b.from)
    .map((d) => [s.doc.textBetween(d.from, d.to), String((d.spec as { glossary: { entryId: string } }).glossary.entryId), String((d as unknown as { type: { attrs: { class: string } } }).type.attrs.class)])

describe('glossary marks in the editor', () => {
  it('[UI-GLOSS-2] [UI-GLOSS-4] terms marked as decorations, struck text left out, deprecated ones told apart and their replacement in form', () => {
    const s = state()
    expect(marks(s)).toEqual([
      ['migrantes', 'mig', 'glossary-term'],
      ['ilegales', 'ile', 'glossary-term glossary-term--deprecated'],
      ['Migrantes', 'mig', 'glossary-term'],
      ['ILEGALES', 'ile', 'glossary-term glossary-term--deprecated'],
    ])
    // Nothing is written into the document.
    expect(s.doc.eq(EditorState.create({ schema, doc: s.doc }).doc)).toBe(true)
    const found = (glossaryKey.getState(s)?.decorations.find() ?? []).map((d) => glossaryMarkAt(s, d.from)!)
    expect(found.map((m) => preferredReplacement(s, m)?.text ?? null)).toEqual([null, 'irregulares', null, 'IRREGULARES'])
  })

  it('[UI-GLOSS-2] marks carried over random edits equal a fresh marking (seeded)', () => {
    const random = seededRandom('glossary-incremental')
    let s = state()
    const pieces = ['migrante', 'ilegal', 's', 'es', ' ', 'x', ' irregular ', 'Ilegales']
    for (let i = 0; i < 300; i++) {
      const pos = 1 + Math.floor(random.next() * (s.doc.content.size - 1))
      const $pos = s.doc.resolve(pos)
      if (!$pos.parent.isTextblock) continue
      const tr = s.tr
      const roll = random.next()
      if (roll < 0.55) tr.insertText(random.pick(pieces), pos)
      else if (roll < 0.8 && $pos.parentOffset > 0) tr.delete(pos - 1, pos)
      else if (roll < 0.9) tr.split(pos)
      else if ($pos.parentOffset > 0) tr.addMark(pos - 1, pos, struck)
      s = s.apply(tr)
      const fresh = EditorState.create({ schema, doc: s.doc, plugins: glossaryPlugins() })
      expect(marks(s), `after edit ${i}`).toEqual(marks(fresh.apply(fresh.tr.setMeta(glossaryKey, { entries: ENTRIES, lang: 'es' }))))
    }
  })
})
