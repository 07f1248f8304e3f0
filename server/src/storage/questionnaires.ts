/**
 * Questionnaires and their answers (QUEST-*; the contract QUEST-20, QUEST-21): part of every Storage as
 * `storage.questionnaires`; stored in `questionnaires`, `questionnaire_answers` and
 * `questionnaire_responses` (migration 13). An answer is one row per delegation and question
 * with a version: a save names the version it replaces, and the store, not a read before the
 * write, refuses a save over a newer one (QUEST-6) or into a submitted response.
 */
import type { AnswerValue, Questionnaire } from '@consenso/protocol'

export interface StoredAnswer {
  questionnaireId: string
  delegation: string
  questionId: string
  value: AnswerValue
  version: number
  updatedBy: string
  updatedAt: string
}

export interface StoredResponse {
  questionnaireId: string
  delegation: string
  /** Null while open (never submitted, or reopened). */
  submittedAt: string | null
  submittedBy: string | null
  late: boolean
  reopenRequestedAt: string | null
}

export type SaveAnswerResult = { saved: true; version: number } | { saved: false; reason: 'conflict' | 'submitted' }

export interface QuestionnaireStore {
  create(questionnaire: Questionnaire): Promise<void>
  get(id: string): Promise<Questionnaire | undefined>
  /** Newest first. */
  list(): Promise<Questionnaire[]>
  /** Replaces the record; false for an unknown id. */
  update(questionnaire: Questionnaire): Promise<boolean>
  /** A questionnaire's answers, of one delegation or all; by delegation, then question id. */
  listAnswers(questionnaireId: string, delegation?: string): Promise<StoredAnswer[]>
  /**
   * Saves one answer over `expectedVersion` (0: there is none yet): refused as `conflict` when
   * the stored version differs, as `submitted` once the delegation has submitted.
   */
  saveAnswer(answer: Omit<StoredAnswer, 'version'>, expectedVersion: number): Promise<SaveAnswerResult>
  /** Delegations that submitted, asked to reopen or were reopened (by delegation). */
  listResponses(questionnaireId: string): Promise<StoredResponse[]>
  /** Marks it submitted; false (nothing changed) when it already is. */
  submit(questionnaireId: string, delegation: string, by: string, at: string, late: boolean): Promise<boolean>
  /** Records a submitted delegation's request to reopen; false when it is not submitted. */
  requestReopen(questionnaireId: string, delegation: string, at: string): Promise<boolean>
  /** Opens a submitted response again; false when it is not submitted. */
  reopen(questionnaireId: string, delegation: string): Promise<boolean>
}

const copy = <T>(value: T): T => structuredClone(value)
export const byDelegationThenQuestion = (a: StoredAnswer, b: StoredAnswer): number =>
  a.delegation < b.delegation ? -1 : a.delegation > b.delegation ? 1 : a.questionId < b.questionId ? -1 : a.questionId > b.questionId ? 1 : 0
export const newestFirst = (a: Questionnaire, b: Questionnaire): number => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id < b.id ? -1 : 1)

export class MemoryQuestionnaireStore implements QuestionnaireStore {
  readonly #questionnaires = new Map<string, Questionnaire>()
  readonly #answers = new Map<string, StoredAnswer>()
  readonly #responses = new Map<string, StoredResponse>()

  async create(questionnaire: Questionnaire): Promise<void> {
    if (this.#questionnaires.has(questionnaire.id)) throw new Error(`questionnaire ${questionnaire.id} exists`)
    this.#questionnaires.set(questionnaire.id, copy(questionnaire))
  }

  async get(id: string): Promise<Questionnaire | undefined> {
    const found = this.#questionnaires.get(id)
    return found && copy(found)
  }

  async list(): Promise<Questionnaire[]> {
    return [...this.#questionnaires.values()].map(copy).sort(newestFirst)
  }

  async update(questionnaire: Questionnaire): Promise<boolean> {
    if (!this.#questionnaires.has(questionnaire.id)) return false
    this.#questionnaires.set(questionnaire.id, copy(questionnaire))
    return true
  }

  async listAnswers(questionnaireId: string, delegation?: string): Promise<StoredAnswer[]> {
    return [...this.#answers.values()]
      .filter((a) => a.questionnaireId === questionnaireId && (delegation === undefined || a.delegation === delegation))
      .map(copy)
      .sort(byDelegationThenQuestion)
  }

  async saveAnswer(answer: Omit<StoredAnswer, 'version'>, expectedVersion: number): Promise<SaveAnswerResult> {
    if (this.#responses.get(`${answer.questionnaireId}\n${answer.delegation}`)?.submittedAt) return { saved: false, reason: 'submitted' }
    const key = `${answer.questionnaireId}\n${answer.delegation}\n${answer.questionId}`
    const stored = this.#answers.get(key)
    if ((stored?.version ?? 0) !== expectedVersion) return { saved: false, reason: 'conflict' }
    const version = expectedVersion + 1
    this.#answers.set(key, { ...copy(answer), version })
    return { saved: true, version }
  }

  async listResponses(questionnaireId: string): Promise<StoredResponse[]> {
    return [...this.#responses.values()]
      .filter((r) => r.questionnaireId === questionnaireId)
      .map(copy)
      .sort((a, b) => (a.delegation < b.delegation ? -1 : 1))
  }

  async submit(questionnaireId: string, delegation: string, by: string, at: string, late: boolean): Promise<boolean> {
    const key = `${questionnaireId}\n${delegation}`
    if (this.#responses.get(key)?.submittedAt) return false
    this.#responses.set(key, { questionnaireId, delegation, submittedAt: at, submittedBy: by, late, reopenRequestedAt: null })
    return true
  }

  async requestReopen(questionnaireId: string, delegation: string, at: string): Promise<boolean> {
    const found = this.#responses.get(`${questionnaireId}\n${delegation}`)
    if (!found?.submittedAt) return false
    found.reopenRequestedAt = at
    return true
  }

  async reopen(questionnaireId: string, delegation: string): Promise<boolean> {
    const found = this.#responses.get(`${questionnaireId}\n${delegation}`)
    if (!found?.submittedAt) return false
    Object.assign(found, { submittedAt: null, submittedBy: null, late: false, reopenRequestedAt: null })
    return true
  }
}
