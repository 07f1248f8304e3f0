/**
 * The answers as an Excel workbook (QUEST-11) through `write-excel-file`, the library the
 * register's download already uses: one sheet with a row per addressed delegation (its state,
 * whether late, when submitted, then a column per question), and one sheet of counts per
 * choice question (the chart's data: write-excel-file writes no charts).
 */
import writeXlsxFile from 'write-excel-file/node'
import { questionsOf, type AnswerValue, type Language, type Questionnaire, type ResponseSummary } from '@consenso/protocol'
import { answerText, choiceCounts } from './render.ts'

const WORDS = {
  es: { answers: 'Respuestas', counts: 'Recuentos', delegation: 'Delegación', state: 'Estado', late: 'Tardía', submitted: 'Enviada', question: 'Pregunta', choice: 'Opción', count: 'Delegaciones', yes: 'sí', no: 'no', states: { not_started: 'sin empezar', in_progress: 'en curso', submitted: 'enviada' } },
  en: { answers: 'Answers', counts: 'Counts', delegation: 'Delegation', state: 'State', late: 'Late', submitted: 'Submitted', question: 'Question', choice: 'Choice', count: 'Delegations', yes: 'yes', no: 'no', states: { not_started: 'not started', in_progress: 'in progress', submitted: 'submitted' } },
} as const

export interface SheetRow {
  name: string
  response: ResponseSummary
  answers: ReadonlyMap<string, AnswerValue>
}

export async function answersXlsx(questionnaire: Questionnaire, rows: readonly SheetRow[], lang: Language): Promise<Buffer> {
  const w = WORDS[lang]
  const questions = questionsOf(questionnaire)
  const bold = (value: string) => ({ value, fontWeight: 'bold' as const })
  const header = [bold(w.delegation), bold(w.state), bold(w.late), bold(w.submitted), ...questions.map((q) => bold(q.label[lang]))]
  const body = rows.map((row) => [
    { value: row.name, type: String },
    { value: w.states[row.response.state], type: String },
    { value: row.response.late ? w.yes : w.no, type: String },
    row.response.submittedAt ? { value: new Date(row.response.submittedAt), type: Date, format: 'yyyy-mm-dd hh:mm' } : null,
    ...questions.map((q) => ({ value: answerText(q, row.answers.get(q.id), lang), type: String, wrap: true })),
  ])
  const submitted = rows.filter((r) => r.response.state === 'submitted')
  const counts: ({ value: string; fontWeight?: 'bold' } | { value: number; type: NumberConstructor } | null)[][] = [[bold(w.question), bold(w.choice), bold(w.count)]]
  for (const q of questions) {
    const c = choiceCounts(q, submitted.map((r) => r.answers.get(q.id)).filter((v): v is AnswerValue => v !== undefined), lang)
    for (const [i, entry] of (c ?? []).entries()) counts.push([i === 0 ? { value: q.label[lang] } : null, { value: entry.label }, { value: entry.count, type: Number }])
  }
  return writeXlsxFile([
    { data: [header, ...body], sheet: w.answers, columns: [{ width: 24 }, { width: 14 }, { width: 8 }, { width: 18 }, ...questions.map(() => ({ width: 40 }))], stickyRowsCount: 1 },
    { data: counts, sheet: w.counts, columns: [{ width: 40 }, { width: 30 }, { width: 12 }], stickyRowsCount: 1 },
  ]).toBuffer()
}
