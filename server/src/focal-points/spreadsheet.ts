/**
 * The directory as an Excel workbook (FOCAL-21) through `write-excel-file`, as the register and
 * questionnaires write theirs: one sheet, a row per entry in the directory's order, dates as
 * dates, every other cell as text (a phone number never turned into a number).
 */
import writeXlsxFile from 'write-excel-file/node'
import type { FocalPoint, Language } from '@consenso/protocol'

const WORDS = {
  es: {
    sheet: 'Puntos focales',
    header: ['Delegación', 'Proceso', 'Función', 'Nombre', 'Apellidos', 'Título', 'Ministerio o institución', 'Correo', 'Teléfonos', 'Idiomas', 'Desde', 'Hasta', 'Notas', 'Actualizado'],
    focal: 'punto focal',
    alternate: 'alterno/a',
  },
  en: {
    sheet: 'Focal points',
    header: ['Delegation', 'Process', 'Role', 'Given name', 'Family name', 'Title', 'Ministry or institution', 'E-mail', 'Phones', 'Languages', 'Since', 'Until', 'Notes', 'Updated'],
    focal: 'focal point',
    alternate: 'alternate',
  },
} as const satisfies Record<Language, unknown>

const day = (value: string): Date => new Date(`${value}T00:00:00Z`)

export async function focalPointsXlsx(entries: readonly FocalPoint[], delegationName: (code: string) => string, lang: Language): Promise<Buffer> {
  const w = WORDS[lang]
  const text = (value: string) => ({ value, type: String })
  const header = w.header.map((value) => ({ value, fontWeight: 'bold' as const }))
  const rows = entries.map((e) => [
    text(delegationName(e.delegation)),
    text(e.process),
    text(e.role === 'focal' ? w.focal : w.alternate),
    text(e.givenName),
    text(e.familyName),
    text(e.title),
    text(e.institution),
    text(e.email),
    text(e.phones.join('; ')),
    text(e.languages.join(', ')),
    { value: day(e.since), type: Date, format: 'yyyy-mm-dd' },
    e.until ? { value: day(e.until), type: Date, format: 'yyyy-mm-dd' } : null,
    { value: e.notes, type: String, wrap: true },
    { value: new Date(e.updatedAt), type: Date, format: 'yyyy-mm-dd hh:mm' },
  ])
  const widths = [18, 30, 14, 18, 20, 22, 30, 30, 26, 12, 12, 12, 30, 18]
  return writeXlsxFile([header, ...rows], { sheet: w.sheet, columns: widths.map((width) => ({ width })), stickyRowsCount: 1 }).toBuffer()
}
