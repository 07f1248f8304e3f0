/**
 * Questionnaires (QUEST-* in server/SPEC.md, UI-QUEST-* in client/SPEC.md): a technical
 * secretariat builds one (sections, questions of five kinds, titles in Spanish and English),
 * addresses it to delegations with a deadline and opens it; each addressed delegation's focal
 * points answer together, question by question, each answer saved on its own with a version
 * number so that two people saving the same answer at once never overwrite each other
 * unknowingly (QUEST-6); a delegation submits once, may ask to reopen; the secretariat follows,
 * reminds, publishes and compiles the answers into a new draft.
 */
import { Type, type Static } from 'typebox'
import { LANGUAGES } from './api.ts'
import { DelegationCode, IsoTime, RecordId, StringEnum } from './shapes.ts'

export const QUESTION_KINDS = ['text', 'single', 'multiple', 'yesno', 'table'] as const
export type QuestionKind = (typeof QUESTION_KINDS)[number]

export const QUESTIONNAIRE_STATUSES = ['draft', 'open', 'closed'] as const
export type QuestionnaireStatus = (typeof QUESTIONNAIRE_STATUSES)[number]

/** Where a delegation's answer stands, as the secretariat sees it (QUEST-8). */
export const RESPONSE_STATES = ['not_started', 'in_progress', 'submitted'] as const
export type ResponseState = (typeof RESPONSE_STATES)[number]

export const QUESTIONNAIRE_LIMITS = {
  sections: 30,
  questionsPerSection: 60,
  options: 30,
  columns: 12,
  rows: 100,
  label: 500,
  help: 2000,
  answerText: 20_000,
  cellText: 2000,
  addressees: 200,
} as const

const Label = Type.String({ minLength: 1, maxLength: QUESTIONNAIRE_LIMITS.label, pattern: '\\S' })
const Help = Type.String({ maxLength: QUESTIONNAIRE_LIMITS.help })
/** Every title and label in both languages. */
export const Bilingual = Type.Object({ es: Label, en: Label }, { additionalProperties: false })
export type Bilingual = Static<typeof Bilingual>
const BilingualHelp = Type.Object({ es: Help, en: Help }, { additionalProperties: false })

const LocalId = Type.String({ pattern: '^[A-Za-z0-9_-]{1,40}$' })

export const QuestionOption = Type.Object({ id: LocalId, label: Bilingual }, { additionalProperties: false })
export type QuestionOption = Static<typeof QuestionOption>

export const Question = Type.Object(
  {
    id: LocalId,
    kind: Type.Unsafe<QuestionKind>({ type: 'string', enum: [...QUESTION_KINDS] }),
    required: Type.Boolean(),
    label: Bilingual,
    help: BilingualHelp,
    /** Single and multiple choice: the choices (at least two). */
    options: Type.Array(QuestionOption, { maxItems: QUESTIONNAIRE_LIMITS.options }),
    /** Tables: the columns the secretariat defines (at least one). */
    columns: Type.Array(QuestionOption, { maxItems: QUESTIONNAIRE_LIMITS.columns }),
  },
  { additionalProperties: false },
)
export type Question = Static<typeof Question>

export const QuestionSection = Type.Object(
  { id: LocalId, title: Bilingual, questions: Type.Array(Question, { maxItems: QUESTIONNAIRE_LIMITS.questionsPerSection }) },
  { additionalProperties: false },
)
export type QuestionSection = Static<typeof QuestionSection>

const Sections = Type.Array(QuestionSection, { minItems: 1, maxItems: QUESTIONNAIRE_LIMITS.sections })
const Addressees = Type.Array(DelegationCode, { maxItems: QUESTIONNAIRE_LIMITS.addressees, uniqueItems: true })

/** A new questionnaire (a draft until opened). */
export const QuestionnaireRequest = Type.Object(
  { title: Bilingual, sections: Sections, addressees: Addressees, deadline: Type.Union([IsoTime, Type.Null()]) },
  { additionalProperties: false },
)
export type QuestionnaireRequest = Static<typeof QuestionnaireRequest>

/** A change: the questions only while a draft; addressees and deadline at any time (QUEST-3). */
export const QuestionnaireChange = Type.Partial(QuestionnaireRequest, { additionalProperties: false, minProperties: 1 })
export type QuestionnaireChange = Static<typeof QuestionnaireChange>

/**
 * One answer's value; which fields count depends on the question's kind (QUEST-5): `text` for
 * free text and a yes/no's explanation, `choice` for single choice, `choices` for multiple,
 * `yes` for yes/no, `rows` (one string per column) for tables.
 */
export const AnswerValue = Type.Object(
  {
    text: Type.Optional(Type.String({ maxLength: QUESTIONNAIRE_LIMITS.answerText })),
    choice: Type.Optional(Type.Union([LocalId, Type.Null()])),
    choices: Type.Optional(Type.Array(LocalId, { maxItems: QUESTIONNAIRE_LIMITS.options, uniqueItems: true })),
    yes: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])),
    rows: Type.Optional(
      Type.Array(Type.Array(Type.String({ maxLength: QUESTIONNAIRE_LIMITS.cellText }), { maxItems: QUESTIONNAIRE_LIMITS.columns }), { maxItems: QUESTIONNAIRE_LIMITS.rows }),
    ),
  },
  { additionalProperties: false },
)
export type AnswerValue = Static<typeof AnswerValue>

/** Saving one answer: `version` is the one the writer last saw (0 for none yet). */
export const SaveAnswerRequest = Type.Object({ value: AnswerValue, version: Type.Integer({ minimum: 0 }) }, { additionalProperties: false })
export type SaveAnswerRequest = Static<typeof SaveAnswerRequest>

export const AnswerParams = Type.Object({ id: RecordId, delegation: DelegationCode, question: LocalId }, { additionalProperties: false })
export type AnswerParams = Static<typeof AnswerParams>
export const ResponseParams = Type.Object({ id: RecordId, delegation: DelegationCode }, { additionalProperties: false })
export type ResponseParams = Static<typeof ResponseParams>

export const RemindRequest = Type.Object({ delegations: Type.Optional(Addressees) }, { additionalProperties: false })
export type RemindRequest = Static<typeof RemindRequest>

export const CompileQuestionnaireRequest = Type.Object({ language: Type.Optional(StringEnum(LANGUAGES)) }, { additionalProperties: false })
export type CompileQuestionnaireRequest = Static<typeof CompileQuestionnaireRequest>

export const QuestionnaireExportQuery = Type.Object({ lang: Type.Optional(StringEnum(LANGUAGES)) }, { additionalProperties: false })
export type QuestionnaireExportQuery = Static<typeof QuestionnaireExportQuery>

export interface Questionnaire {
  id: string
  title: Bilingual
  sections: QuestionSection[]
  addressees: string[]
  deadline: string | null
  status: QuestionnaireStatus
  /** Once published, every signed-in person reads the submitted answers (QUEST-9). */
  publishedAt: string | null
  createdBy: string
  createdAt: string
  updatedAt: string
  openedAt: string | null
}

export interface Answer {
  questionId: string
  value: AnswerValue
  version: number
  updatedBy: string
  updatedByName: string
  updatedAt: string
}

export interface ResponseSummary {
  delegation: string
  state: ResponseState
  /** Submitted after the deadline (QUEST-7). */
  late: boolean
  submittedAt: string | null
  reopenRequestedAt: string | null
  answered: number
}

export interface QuestionnaireSummary {
  questionnaire: Questionnaire
  /** May the caller change it, follow every delegation, compile (a secretariat or an administrator)? */
  manages: boolean
  /** The caller's delegation's answer, when it is addressed. */
  mine: ResponseSummary | null
}

export interface QuestionnairesResponse {
  questionnaires: QuestionnaireSummary[]
}

export interface QuestionnaireDetail extends QuestionnaireSummary {
  /** Every addressed delegation's state, for those who manage it and once published. */
  responses: ResponseSummary[]
}

export interface AnswersResponse {
  response: ResponseSummary
  answers: Answer[]
}

/** A refused save (409): someone saved this answer first; theirs is here. */
export interface AnswerConflict {
  error: 'answer_conflict'
  message: string
  current: Answer
}

export const QUESTIONNAIRE_EVENT_NAME = 'questionnaire'

/** Total questions, for progress. */
export const questionsOf = (q: { sections: QuestionSection[] }): Question[] => q.sections.flatMap((s) => s.questions)

/** Has this value anything in it for its kind? (a required question needs one, QUEST-7). */
export function answered(kind: QuestionKind, value: AnswerValue | undefined): boolean {
  if (!value) return false
  switch (kind) {
    case 'text':
      return (value.text ?? '').trim() !== ''
    case 'single':
      return typeof value.choice === 'string'
    case 'multiple':
      return (value.choices ?? []).length > 0
    case 'yesno':
      return typeof value.yes === 'boolean'
    case 'table':
      return (value.rows ?? []).some((row) => row.some((cell) => cell.trim() !== ''))
  }
}
