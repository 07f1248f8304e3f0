/**
 * Answers in words, shared by the compiled draft (QUEST-10) and the spreadsheet (QUEST-11):
 * a choice by its label, yes/no with its explanation, a table as rows; and the counts of a
 * choice question over the submitted answers, every choice listed even when nobody took it.
 */
import type { AnswerValue, Language, Question } from '@consenso/protocol'

const YES_NO = { es: { yes: 'Sí', no: 'No' }, en: { yes: 'Yes', no: 'No' } } as const

export function answerText(question: Question, value: AnswerValue | undefined, lang: Language): string {
  if (!value) return ''
  const label = (id: string): string => question.options.find((o) => o.id === id)?.label[lang] ?? id
  switch (question.kind) {
    case 'text':
      return (value.text ?? '').trim()
    case 'single':
      return value.choice ? label(value.choice) : ''
    case 'multiple':
      return (value.choices ?? []).map(label).join('; ')
    case 'yesno': {
      const yes = value.yes === true ? YES_NO[lang].yes : value.yes === false ? YES_NO[lang].no : ''
      const why = (value.text ?? '').trim()
      return yes && why ? `${yes}. ${why}` : yes || why
    }
    case 'table':
      return (value.rows ?? [])
        .filter((row) => row.some((cell) => cell.trim() !== ''))
        .map((row) => row.map((cell) => cell.trim()).join(' | '))
        .join('\n')
  }
}

/** For single, multiple and yes/no questions: each choice and how many delegations took it. */
export function choiceCounts(question: Question, values: readonly AnswerValue[], lang: Language): { label: string; count: number }[] | null {
  if (question.kind === 'yesno') {
    return [
      { label: YES_NO[lang].yes, count: values.filter((v) => v.yes === true).length },
      { label: YES_NO[lang].no, count: values.filter((v) => v.yes === false).length },
    ]
  }
  if (question.kind !== 'single' && question.kind !== 'multiple') return null
  return question.options.map((option) => ({
    label: option.label[lang],
    count: values.filter((v) => (question.kind === 'single' ? v.choice === option.id : (v.choices ?? []).includes(option.id))).length,
  }))
}
