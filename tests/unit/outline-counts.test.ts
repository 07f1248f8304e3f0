/**
 * [UI-OUTLINE-1] The status line's counts, from the ProseMirror document: words in the text as
 * it reads (struck words left out), paragraphs with text (not headings, not a table's cells),
 * and the PP/OP among them.
 */
import { describe, expect, it } from 'vitest'
import { countDraft } from '@consenso/client/outline'
import { consensoSchema } from '@consenso/schema'

const text = (value: string, marks: unknown[] = []) => ({ type: 'text', text: value, ...(marks.length ? { marks } : {}) })
const paragraph = (value: string, kind: string | null = null) => ({ type: 'paragraph', attrs: { kind }, content: value ? [text(value)] : [] })
const cell = (value: string, type = 'tableCell') => ({ type, content: [paragraph(value)] })
const struck = { type: 'deletion', attrs: { id: 's1', authorId: 'u1', authorName: 'Ana', delegation: 'CHL', at: '2026-12-07T10:00:00.000Z' } }

const doc = (content: unknown[]) => consensoSchema().nodeFromJSON({ type: 'doc', content })

describe('counts under the text', () => {
  it('[UI-OUTLINE-1] headings are not paragraphs; empty paragraphs are not counted; PP and OP are', () => {
    const counts = countDraft(doc([
      { type: 'heading', attrs: { level: 1 }, content: [text('Declaración conjunta')] },
      paragraph('Reconociendo la movilidad humana,', 'preamble'),
      paragraph(''),
      paragraph('Acordamos presentar insumos;', 'operative'),
      paragraph('Encomendamos a las Secretarías;', 'operative'),
    ]))
    expect(counts).toEqual({ words: 13, paragraphs: 3, preambular: 1, operative: 2 })
  })

  it('[UI-OUTLINE-1] struck words are not counted', () => {
    const counts = countDraft(doc([{ type: 'paragraph', attrs: { kind: 'operative' }, content: [text('Acordamos '), text('no ', [struck]), text('presentar')] }]))
    expect(counts.words).toBe(2)
  })

  it('[UI-OUTLINE-1] a table is one block: its words count, its cells are not paragraphs', () => {
    const counts = countDraft(doc([
      paragraph('Tomando nota de los documentos siguientes:', 'preamble'),
      {
        type: 'table',
        content: [
          { type: 'tableRow', content: [cell('Documento', 'tableHeader'), cell('Año', 'tableHeader')] },
          { type: 'tableRow', content: [cell('Agenda 2030'), cell('2015')] },
        ],
      },
    ]))
    expect(counts).toEqual({ words: 6 + 5, paragraphs: 1, preambular: 1, operative: 0 })
  })
})
