/** The questionnaires' HTTP API (QUEST-* in server/SPEC.md). */
import type {
  Answer,
  AnswersResponse,
  AnswerValue,
  Questionnaire,
  QuestionnaireChange,
  QuestionnaireDetail,
  QuestionnaireRequest,
  QuestionnairesResponse,
  ResponseSummary,
} from '@consenso/protocol'
import { request } from '../api.ts'

const enc = encodeURIComponent
const json = (method: string, body: unknown = {}): RequestInit => ({ method, body: JSON.stringify(body) })
const base = (id: string): string => `/api/questionnaires/${enc(id)}`

export const listQuestionnaires = (signal?: AbortSignal): Promise<QuestionnairesResponse> => request('/api/questionnaires', { signal })
export const getQuestionnaire = (id: string, signal?: AbortSignal): Promise<QuestionnaireDetail> => request(base(id), { signal })
export const createQuestionnaire = (input: QuestionnaireRequest): Promise<Questionnaire> => request('/api/questionnaires', json('POST', input))
export const changeQuestionnaire = (id: string, change: QuestionnaireChange): Promise<Questionnaire> => request(base(id), json('PATCH', change))
export const openQuestionnaire = (id: string): Promise<Questionnaire> => request(`${base(id)}/open`, json('POST'))
export const closeQuestionnaire = (id: string): Promise<Questionnaire> => request(`${base(id)}/close`, json('POST'))
export const publishAnswers = (id: string): Promise<Questionnaire> => request(`${base(id)}/publish`, json('POST'))
export const remind = (id: string, delegations?: string[]): Promise<{ reminded: string[] }> => request(`${base(id)}/remind`, json('POST', delegations ? { delegations } : {}))
export const compile = (id: string, language: 'es' | 'en'): Promise<{ id: string }> => request(`${base(id)}/compile`, json('POST', { language }))
export const answersXlsxUrl = (id: string, lang: 'es' | 'en'): string => `${base(id)}/answers.xlsx?lang=${lang}`

export const getAnswers = (id: string, delegation: string, signal?: AbortSignal): Promise<AnswersResponse> => request(`${base(id)}/answers/${enc(delegation)}`, { signal })
export const saveAnswer = (id: string, delegation: string, question: string, value: AnswerValue, version: number): Promise<Answer> =>
  request(`${base(id)}/answers/${enc(delegation)}/${enc(question)}`, json('PUT', { value, version }))
export const submitAnswers = (id: string, delegation: string): Promise<ResponseSummary> => request(`${base(id)}/answers/${enc(delegation)}/submit`, json('POST'))
export const askToReopen = (id: string, delegation: string): Promise<void> => request(`${base(id)}/answers/${enc(delegation)}/reopen-request`, json('POST'))
export const reopenAnswers = (id: string, delegation: string): Promise<void> => request(`${base(id)}/answers/${enc(delegation)}/reopen`, json('POST'))
