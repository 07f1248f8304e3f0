/**
 * Reading the agreements out of a minutes draft (server/src/register/minutes.ts), behind
 * [REGISTER-5]: which blocks count, and how "Responsible — action — date" is split.
 */
import { describe, expect, it } from 'vitest'
import { DELEGATIONS } from '@consenso/protocol'
import { templateDocument, withBlockIds } from '@consenso/schema'
import { agreementsFromMinutes, parseDueDate, parseItem } from '@consenso/server/register'

/** A ProseMirror JSON node (the tests package does not depend on Tiptap itself). */
type JSONContent = Parameters<typeof agreementsFromMinutes>[0]

const CODES = new Set(DELEGATIONS.map((d) => d.code))
const text = (value: string, marks?: JSONContent['marks']): JSONContent => ({ type: 'text', text: value, ...(marks ? { marks } : {}) })
const p = (id: string, ...content: JSONContent[]): JSONContent => ({ type: 'paragraph', attrs: { id }, content })
const item = (id: string, ...content: JSONContent[]): JSONContent => ({ type: 'listItem', attrs: { id }, content })
const h = (level: number, value: string): JSONContent => ({ type: 'heading', attrs: { level, id: `h-${value}` }, content: [text(value)] })
const doc = (...content: JSONContent[]): JSONContent => ({ type: 'doc', content })

describe('agreements from minutes', () => {
  it('[REGISTER-5] splits "CODES — action — date" and keeps anything else as written', () => {
    expect(parseItem('PAN, CHL — Circulate the draft — 2026-12-15', CODES)).toEqual({ text: 'Circulate the draft', responsible: ['PAN', 'CHL'], dueDate: '2026-12-15' })
    expect(parseItem('ST-CRM y OIM – Consolidar los insumos – 1/2/2027', CODES)).toEqual({ text: 'Consolidar los insumos', responsible: ['ST-CRM', 'OIM'], dueDate: '2027-02-01' })
    expect(parseItem('mex / arg — Compartir buenas prácticas', CODES)).toEqual({ text: 'Compartir buenas prácticas', responsible: ['MEX', 'ARG'], dueDate: null })
    // A first part that is not only delegation codes stays part of the text.
    expect(parseItem('Las delegaciones — revisar el glosario — 2026-12-01', CODES)).toEqual({ text: 'Las delegaciones — revisar el glosario', responsible: [], dueDate: '2026-12-01' })
    expect(parseItem('Hold the next meeting — soon', CODES)).toEqual({ text: 'Hold the next meeting — soon', responsible: [], dueDate: null })
    expect(parseItem('Sin estructura', CODES)).toEqual({ text: 'Sin estructura', responsible: [], dueDate: null })
    // Hyphens inside words are not separators; a date that does not exist is not a date.
    expect(parseItem('CHL — follow-up on the e-mail — 2026-02-30', CODES)).toEqual({ text: 'follow-up on the e-mail — 2026-02-30', responsible: ['CHL'], dueDate: null })
    expect(parseDueDate('31/04/2026')).toBeNull()
    expect(parseDueDate('2026-04-30.')).toBe('2026-04-30')
  })

  it('[REGISTER-5] takes the items and paragraphs of the Acuerdos/Agreements section only, by block id', () => {
    const body = doc(
      h(1, 'Minuta'),
      h(2, 'Agenda'),
      { type: 'orderedList', attrs: { id: 'l0' }, content: [item('i0', p('p0', text('No es un acuerdo')))] },
      h(2, 'Acuerdos:'),
      p('p1', text('CHL — Enviar el borrador — 2026-12-01')),
      p('p-empty'),
      {
        type: 'bulletList',
        attrs: { id: 'l1' },
        content: [
          item('i1', p('p2', text('PAN — Revisar '), text('NO ', [{ type: 'deletion' }]), text('el glosario'))),
          item('i2', p('p3', text('Responsable — acción — fecha'))),
          item('i3', p('p4', text('Coordinar la agenda')), { type: 'bulletList', attrs: { id: 'l2' }, content: [item('i4', p('p5', text('URY — Proponer fechas')))] }),
        ],
      },
      h(3, 'Subsección sigue dentro'),
      p('p6', text('MEX — Circular el acta')),
      h(2, 'Próxima reunión'),
      p('p7', text('Fuera de la sección')),
    )
    const items = agreementsFromMinutes(body, CODES)!
    expect(items.map(({ blockId, text: t, responsible, dueDate }) => ({ blockId, text: t, responsible, dueDate }))).toEqual([
      { blockId: 'p1', text: 'Enviar el borrador', responsible: ['CHL'], dueDate: '2026-12-01' },
      { blockId: 'i1', text: 'Revisar el glosario', responsible: ['PAN'], dueDate: null },
      { blockId: 'i3', text: 'Coordinar la agenda', responsible: [], dueDate: null },
      { blockId: 'i4', text: 'Proponer fechas', responsible: ['URY'], dueDate: null },
      { blockId: 'p6', text: 'Circular el acta', responsible: ['MEX'], dueDate: null },
    ])
    expect(agreementsFromMinutes(doc(h(1, 'Declaración'), p('x', text('Acordamos'))), CODES)).toBeNull()
  })

  it('[REGISTER-5] the minutes template in either language has the section and only its sample item, which is skipped', () => {
    for (const language of ['es', 'en'] as const) {
      expect(agreementsFromMinutes(withBlockIds(templateDocument('minutes', language, 'Minuta')), CODES)).toEqual([])
    }
  })
})
