/**
 * The compiled draft (QUEST-10): the questionnaire's title, then per section and question a
 * heading, the counts of a choice question as a table, and every submitted answer once, under
 * its delegation's name (a table question's rows as a table). An ordinary draft's body, made
 * with the schema's ids, to be reviewed and commented like any other.
 */
import type { JSONContent } from '@tiptap/core'
import { withBlockIds } from '@consenso/schema'
import type { AnswerValue, Language, Questionnaire } from '@consenso/protocol'
import { answerText, choiceCounts } from './render.ts'

export interface SubmittedAnswers {
  code: string
  name: string
  answers: ReadonlyMap<string, AnswerValue>
}

const WORDS = {
  es: { compiled: 'Compilación de respuestas', choice: 'Opción', count: 'Delegaciones', none: 'Ninguna delegación respondió esta pregunta.', submitted: 'Respuestas enviadas por' },
  en: { compiled: 'Compilation of answers', choice: 'Choice', count: 'Delegations', none: 'No delegation answered this question.', submitted: 'Answers submitted by' },
} as const

const text = (value: string): JSONContent[] => (value === '' ? [] : [{ type: 'text', text: value }])
const heading = (level: number, value: string): JSONContent => ({ type: 'heading', attrs: { level }, content: text(value) })
const paragraph = (...content: JSONContent[]): JSONContent => ({ type: 'paragraph', attrs: { kind: null }, content })
const cell = (type: 'tableHeader' | 'tableCell', value: string): JSONContent => ({ type, attrs: { colspan: 1, rowspan: 1 }, content: [paragraph(...text(value))] })
const table = (header: string[], rows: string[][]): JSONContent => ({
  type: 'table',
  content: [
    { type: 'tableRow', content: header.map((h) => cell('tableHeader', h)) },
    ...rows.map((row) => ({ type: 'tableRow', content: row.map((c) => cell('tableCell', c)) })),
  ],
})

export function compiledBody(questionnaire: Questionnaire, submitted: readonly SubmittedAnswers[], lang: Language): JSONContent {
  const w = WORDS[lang]
  const content: JSONContent[] = [
    heading(1, `${questionnaire.title[lang]} — ${w.compiled}`),
    paragraph(...text(`${w.submitted}: ${submitted.map((s) => s.name).join(', ') || '—'}`)),
  ]
  for (const section of questionnaire.sections) {
    content.push(heading(2, section.title[lang]))
    for (const question of section.questions) {
      content.push(heading(3, question.label[lang]))
      const values = submitted.map((s) => s.answers.get(question.id)).filter((v): v is AnswerValue => v !== undefined)
      const counts = choiceCounts(question, values, lang)
      if (counts) content.push(table([w.choice, w.count], counts.map((c) => [c.label, String(c.count)])))
      let any = false
      for (const delegation of submitted) {
        const value = delegation.answers.get(question.id)
        const words = answerText(question, value, lang)
        if (words === '') continue
        any = true
        const name: JSONContent = { type: 'text', text: `${delegation.name}:`, marks: [{ type: 'bold' }] }
        if (question.kind === 'table') {
          content.push(paragraph(name))
          const rows = (value?.rows ?? []).filter((row) => row.some((c) => c.trim() !== ''))
          content.push(table(question.columns.map((c) => c.label[lang]), rows.map((row) => row.map((c) => c.trim()))))
        } else {
          content.push(paragraph(name, ...text(` ${words}`)))
        }
      }
      if (!any) content.push(paragraph(...text(w.none)))
    }
  }
  return withBlockIds({ type: 'doc', content })
}
