/**
 * Protocol records several suites build or expect the same way: a glossary entry (as asked for,
 * and as stored), a questionnaire's section with one question of each kind, and the meeting the
 * minutes reader finds in the 11 May 2017 minute (tests/fixtures/minutes).
 */
import type { GlossaryEntry, GlossaryEntryInput, QuestionSection } from '@consenso/protocol'

/** A preferred term with nothing but its two words, unless `more` says otherwise. */
export const glossaryInput = (termEs: string, termEn: string, more: Partial<GlossaryEntryInput> = {}): GlossaryEntryInput => ({
  termEs,
  termEn,
  definitionEs: '',
  definitionEn: '',
  source: '',
  notes: '',
  status: 'preferred',
  preferredId: null,
  ...more,
})

const at = '2026-12-07T10:00:00.000Z'

/** The stored form of `glossaryInput`, written by u1. */
export const glossaryEntry = (id: string, termEs: string, termEn: string, more: Partial<GlossaryEntry> = {}): GlossaryEntry => ({
  id,
  ...glossaryInput(termEs, termEn),
  createdBy: 'u1',
  createdAt: at,
  updatedBy: 'u1',
  updatedAt: at,
  ...more,
})

/** "Practices": a required text, then single and multiple choice, yes/no with a note, and a table. */
export const PRACTICES_SECTION: QuestionSection = {
  id: 's1',
  title: { es: 'Prácticas', en: 'Practices' },
  questions: [
    { id: 'q1', kind: 'text', required: true, label: { es: 'Describa su práctica', en: 'Describe your practice' }, help: { es: '', en: '' }, options: [], columns: [] },
    { id: 'q2', kind: 'single', required: false, label: { es: 'Prioridad', en: 'Priority' }, help: { es: '', en: '' }, options: [{ id: 'alta', label: { es: 'Alta', en: 'High' } }, { id: 'baja', label: { es: 'Baja', en: 'Low' } }], columns: [] },
    { id: 'q3', kind: 'multiple', required: false, label: { es: 'Temas', en: 'Themes' }, help: { es: '', en: '' }, options: [{ id: 'consular', label: { es: 'Protección consular', en: 'Consular protection' } }, { id: 'regular', label: { es: 'Regularización', en: 'Regularisation' } }], columns: [] },
    { id: 'q4', kind: 'yesno', required: false, label: { es: '¿Tiene ley?', en: 'Is there a law?' }, help: { es: 'Cite la ley', en: 'Cite the law' }, options: [], columns: [] },
    { id: 'q5', kind: 'table', required: false, label: { es: 'Datos', en: 'Data' }, help: { es: '', en: '' }, options: [], columns: [{ id: 'year', label: { es: 'Año', en: 'Year' } }, { id: 'people', label: { es: 'Personas', en: 'People' } }] },
  ],
}

/** The meeting read from the 11 May 2017 CRM–CSM minute's heading: its title, date, place and the delegations present. */
export const MINUTE_2017_MEETING = {
  title: 'Reunión Virtual para discusión sobre consultas temáticas del Pacto Mundial CRM- CSM',
  startsOn: '2017-05-11',
  endsOn: null,
  place: 'Virtual',
  delegations: ['CAN', 'CHL', 'CRI', 'SLV', 'USA', 'GTM', 'HND', 'MEX', 'PAN', 'PRY', 'URY', 'ST-CRM', 'ST-CSM'],
  when: null,
}
