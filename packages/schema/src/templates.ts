/**
 * Starting texts for new drafts, in Spanish and English. The sample wording is Consenso's
 * own; it only borrows the vocabulary of the CRM–CSM process (focal points, technical
 * secretariats, inputs to the Global Compact for Migration).
 */
import type { JSONContent } from '@tiptap/core'
import { withBlockIds } from './headless.ts'
import type { ParagraphKind } from './extensions.ts'

export const TEMPLATE_IDS = ['declaration', 'minutes', 'good-practices', 'questionnaire', 'glossary', 'blank'] as const
export type TemplateName = (typeof TEMPLATE_IDS)[number]
export type TemplateLanguage = 'es' | 'en'

const text = (value: string): JSONContent[] => (value ? [{ type: 'text', text: value }] : [])
const h = (level: 1 | 2 | 3, value: string): JSONContent => ({ type: 'heading', attrs: { level }, content: text(value) })
const p = (value: string, kind: ParagraphKind | null = null): JSONContent => ({
  type: 'paragraph',
  attrs: { kind },
  content: text(value),
})
const bullets = (items: string[]): JSONContent => ({
  type: 'bulletList',
  content: items.map((item) => ({ type: 'listItem', content: [p(item)] })),
})
const numbered = (items: string[]): JSONContent => ({
  type: 'orderedList',
  attrs: { start: 1 },
  content: items.map((item) => ({ type: 'listItem', content: [p(item)] })),
})

type Builder = (title: string) => JSONContent[]

const TEMPLATES: Record<TemplateName, Record<TemplateLanguage, Builder>> = {
  declaration: {
    es: (title) => [
      h(1, title),
      h(2, 'Preámbulo'),
      p('Reconociendo que la movilidad humana en la región exige respuestas coordinadas entre los países de origen, tránsito, destino y retorno,', 'preamble'),
      p('Destacando el diálogo sostenido entre la Conferencia Regional sobre Migración y la Conferencia Suramericana sobre Migraciones,', 'preamble'),
      h(2, 'Parte dispositiva'),
      p('Acordamos presentar insumos conjuntos al proceso del Pacto Mundial para una Migración Segura, Ordenada y Regular;', 'operative'),
      p('Encomendamos a las Secretarías Técnicas consolidar las contribuciones de los puntos focales en un documento único;', 'operative'),
    ],
    en: (title) => [
      h(1, title),
      h(2, 'Preamble'),
      p('Recognising that human mobility in the region calls for coordinated responses among countries of origin, transit, destination and return,', 'preamble'),
      p('Highlighting the sustained dialogue between the Regional Conference on Migration and the South American Conference on Migration,', 'preamble'),
      h(2, 'Operative part'),
      p('Agree to submit joint inputs to the process of the Global Compact for Safe, Orderly and Regular Migration;', 'operative'),
      p('Entrust the Technical Secretariats with consolidating the contributions of the focal points into a single document;', 'operative'),
    ],
  },
  minutes: {
    es: (title) => [
      h(1, title),
      h(2, 'Participantes'),
      bullets(['Punto focal — delegación', 'Secretaría Técnica']),
      h(2, 'Agenda'),
      numbered(['Bienvenida y aprobación de la agenda', 'Avance de los insumos conjuntos', 'Próximos pasos']),
      h(2, 'Desarrollo de la reunión'),
      p(''),
      h(2, 'Acuerdos'),
      numbered(['Responsable — acción — fecha']),
    ],
    en: (title) => [
      h(1, title),
      h(2, 'Participants'),
      bullets(['Focal point — delegation', 'Technical Secretariat']),
      h(2, 'Agenda'),
      numbered(['Welcome and adoption of the agenda', 'Progress on the joint inputs', 'Next steps']),
      h(2, 'Discussion'),
      p(''),
      h(2, 'Agreements'),
      numbered(['Responsible — action — date']),
    ],
  },
  'good-practices': {
    es: (title) => [
      h(1, title),
      h(2, 'Práctica 1: nombre de la práctica'),
      p('País o institución que la aplica:'),
      h(3, 'Por qué es una buena práctica'),
      p(''),
      h(3, 'Cómo contribuye al Pacto Mundial'),
      p(''),
    ],
    en: (title) => [
      h(1, title),
      h(2, 'Practice 1: name of the practice'),
      p('Country or institution applying it:'),
      h(3, 'Why it is a good practice'),
      p(''),
      h(3, 'How it contributes to the Global Compact'),
      p(''),
    ],
  },
  questionnaire: {
    es: (title) => [
      h(1, title),
      p('Instrucciones: responda cada pregunta en nombre de su delegación.'),
      h(2, 'Pregunta 1'),
      p('¿Qué mecanismos de coordinación existen entre su país y los países vecinos?'),
      h(3, 'Respuesta'),
      p(''),
    ],
    en: (title) => [
      h(1, title),
      p('Instructions: answer each question on behalf of your delegation.'),
      h(2, 'Question 1'),
      p('Which coordination mechanisms exist between your country and its neighbours?'),
      h(3, 'Answer'),
      p(''),
    ],
  },
  glossary: {
    es: (title) => [
      h(1, title),
      h(2, 'Punto focal'),
      p('Persona designada por una delegación para dar seguimiento a un tema y representar su posición.'),
      h(2, 'Troika'),
      p('Grupo formado por la presidencia en ejercicio, la anterior y la siguiente de una conferencia.'),
    ],
    en: (title) => [
      h(1, title),
      h(2, 'Focal point'),
      p('Person appointed by a delegation to follow a subject and represent its position.'),
      h(2, 'Troika'),
      p('Group formed by the current, previous and next chairs of a conference.'),
    ],
  },
  blank: {
    es: (title) => [h(1, title), p('')],
    en: (title) => [h(1, title), p('')],
  },
}

/** The starting document of a new draft, with fresh block ids. */
export function templateDocument(template: TemplateName, language: TemplateLanguage, title: string): JSONContent {
  return withBlockIds({ type: 'doc', content: TEMPLATES[template][language](title) })
}

/** Headings that open a minutes' agreements section, folded (no case, accents or colon). */
export const AGREEMENTS_HEADINGS: ReadonlySet<string> = new Set(['acuerdos', 'agreements', 'acuerdos adoptados', 'agreements reached'])

/** A heading as AGREEMENTS_HEADINGS holds it: lower case, no accents, no trailing colon or dot. */
export const foldHeading = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[\s:.]+$/u, '')
    .trim()

const plainText = (node: JSONContent): string => (node.type === 'text' ? (node.text ?? '') : (node.content ?? []).map(plainText).join(''))

/**
 * What kind of draft an imported body reads as, so the portal names it for what it is: numbered
 * preambular or operative paragraphs make a declaration, an "Acuerdos"/"Agreements" heading
 * minutes; anything else is a blank draft.
 */
export function templateOfContent(doc: JSONContent): TemplateName {
  let numbered = false
  let agreements = false
  const visit = (node: JSONContent): void => {
    if (node.type === 'paragraph' && (node.attrs?.['kind'] === 'preamble' || node.attrs?.['kind'] === 'operative')) numbered = true
    if (node.type === 'heading' && AGREEMENTS_HEADINGS.has(foldHeading(plainText(node)))) agreements = true
    node.content?.forEach(visit)
  }
  visit(doc)
  if (numbered) return 'declaration'
  if (agreements) return 'minutes'
  return 'blank'
}
