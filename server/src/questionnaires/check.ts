/**
 * What the shapes cannot say about a questionnaire and an answer (QUEST-2, QUEST-5): ids unique,
 * at least two choices for a choice question and one column for a table, and an answer that
 * fits its question's kind (its choices among the question's, as many cells as columns).
 * Each answers a sentence for people, or null when all is well.
 */
import type { AnswerValue, Question, QuestionSection } from '@consenso/protocol'

export function definitionProblem(sections: readonly QuestionSection[]): string | null {
  const sectionIds = new Set<string>()
  const questionIds = new Set<string>()
  for (const section of sections) {
    if (sectionIds.has(section.id)) return `Two sections have the id ${section.id}.`
    sectionIds.add(section.id)
    for (const question of section.questions) {
      if (questionIds.has(question.id)) return `Two questions have the id ${question.id}.`
      questionIds.add(question.id)
      const optionIds = new Set(question.options.map((o) => o.id))
      const columnIds = new Set(question.columns.map((c) => c.id))
      if (optionIds.size !== question.options.length || columnIds.size !== question.columns.length) return `Question ${question.id} repeats a choice or column id.`
      const choice = question.kind === 'single' || question.kind === 'multiple'
      if (choice && question.options.length < 2) return `Question ${question.id} needs at least two choices.`
      if (!choice && question.options.length > 0) return `Question ${question.id} is not a choice question and cannot have choices.`
      if (question.kind === 'table' && question.columns.length < 1) return `Question ${question.id} needs at least one column.`
      if (question.kind !== 'table' && question.columns.length > 0) return `Question ${question.id} is not a table and cannot have columns.`
    }
  }
  if (questionIds.size === 0) return 'A questionnaire needs at least one question.'
  return null
}

/** The value as stored: only the fields its kind uses. */
export function answerProblem(question: Question, value: AnswerValue): { problem: string } | { value: AnswerValue } {
  const fields = Object.keys(value)
  const allowed: Record<Question['kind'], string[]> = { text: ['text'], single: ['choice'], multiple: ['choices'], yesno: ['yes', 'text'], table: ['rows'] }
  const extra = fields.filter((f) => !allowed[question.kind].includes(f))
  if (extra.length > 0) return { problem: `A ${question.kind} answer has no ${extra.join(', ')}.` }
  const options = new Set(question.options.map((o) => o.id))
  switch (question.kind) {
    case 'text':
      return { value: { text: value.text ?? '' } }
    case 'single':
      if (value.choice && !options.has(value.choice)) return { problem: `${value.choice} is not one of this question's choices.` }
      return { value: { choice: value.choice ?? null } }
    case 'multiple': {
      const unknown = (value.choices ?? []).filter((c) => !options.has(c))
      if (unknown.length > 0) return { problem: `${unknown.join(', ')} is not one of this question's choices.` }
      return { value: { choices: value.choices ?? [] } }
    }
    case 'yesno':
      return { value: { yes: value.yes ?? null, text: value.text ?? '' } }
    case 'table': {
      const rows = value.rows ?? []
      if (rows.some((row) => row.length !== question.columns.length)) return { problem: `Every row needs ${question.columns.length} cells, one per column.` }
      return { value: { rows } }
    }
  }
}
