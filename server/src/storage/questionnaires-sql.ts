/** Questionnaires on SQLite and Postgres (migration 13), through one SqlRunner; the same SQL on both. */
import type { AnswerValue, Questionnaire } from '@consenso/protocol'
import { byDelegationThenQuestion, newestFirst, type QuestionnaireStore, type SaveAnswerResult, type StoredAnswer, type StoredResponse } from './questionnaires.ts'
import { SqlStore } from './sql-runner.ts'

/** Migration 13's statements: JSON kept as text (a questionnaire's parts are read whole). */
export const QUESTIONNAIRES_MIGRATION_SQL = `
  -- Questionnaires a secretariat builds (QUEST-1); title, sections and addressees as JSON.
  CREATE TABLE questionnaires (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    sections TEXT NOT NULL,
    addressees TEXT NOT NULL,
    deadline TEXT NULL,
    status TEXT NOT NULL,
    published_at TEXT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    opened_at TEXT NULL
  );
  -- One answer per delegation and question, versioned: a save names the version it replaces (QUEST-6).
  CREATE TABLE questionnaire_answers (
    questionnaire_id TEXT NOT NULL,
    delegation TEXT NOT NULL,
    question_id TEXT NOT NULL,
    value TEXT NOT NULL,
    version INTEGER NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (questionnaire_id, delegation, question_id)
  );
  -- A delegation's submission (QUEST-7): submitted_at null while open again.
  CREATE TABLE questionnaire_responses (
    questionnaire_id TEXT NOT NULL,
    delegation TEXT NOT NULL,
    submitted_at TEXT NULL,
    submitted_by TEXT NULL,
    late INTEGER NOT NULL,
    reopen_requested_at TEXT NULL,
    PRIMARY KEY (questionnaire_id, delegation)
  );
`

interface QuestionnaireRow {
  id: string
  title: string
  sections: string
  addressees: string
  deadline: string | null
  status: Questionnaire['status']
  published_at: string | null
  created_by: string
  created_at: string
  updated_at: string
  opened_at: string | null
}

interface AnswerRow {
  questionnaire_id: string
  delegation: string
  question_id: string
  value: string
  version: number | string
  updated_by: string
  updated_at: string
}

interface ResponseRow {
  questionnaire_id: string
  delegation: string
  submitted_at: string | null
  submitted_by: string | null
  late: number | string
  reopen_requested_at: string | null
}

const toQuestionnaire = (row: QuestionnaireRow): Questionnaire => ({
  id: row.id,
  title: JSON.parse(row.title) as Questionnaire['title'],
  sections: JSON.parse(row.sections) as Questionnaire['sections'],
  addressees: JSON.parse(row.addressees) as string[],
  deadline: row.deadline,
  status: row.status,
  publishedAt: row.published_at,
  createdBy: row.created_by,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  openedAt: row.opened_at,
})

const toAnswer = (row: AnswerRow): StoredAnswer => ({
  questionnaireId: row.questionnaire_id,
  delegation: row.delegation,
  questionId: row.question_id,
  value: JSON.parse(row.value) as AnswerValue,
  version: Number(row.version),
  updatedBy: row.updated_by,
  updatedAt: row.updated_at,
})

const toResponse = (row: ResponseRow): StoredResponse => ({
  questionnaireId: row.questionnaire_id,
  delegation: row.delegation,
  submittedAt: row.submitted_at,
  submittedBy: row.submitted_by,
  late: Number(row.late) === 1,
  reopenRequestedAt: row.reopen_requested_at,
})

const COLUMNS = 'id, title, sections, addressees, deadline, status, published_at, created_by, created_at, updated_at, opened_at'
const NOT_SUBMITTED = 'NOT EXISTS (SELECT 1 FROM questionnaire_responses r WHERE r.questionnaire_id = ? AND r.delegation = ? AND r.submitted_at IS NOT NULL)'

export class SqlQuestionnaireStore extends SqlStore implements QuestionnaireStore {
  async create(q: Questionnaire): Promise<void> {
    await this.sql.run(`INSERT INTO questionnaires (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
      q.id,
      JSON.stringify(q.title),
      JSON.stringify(q.sections),
      JSON.stringify(q.addressees),
      q.deadline,
      q.status,
      q.publishedAt,
      q.createdBy,
      q.createdAt,
      q.updatedAt,
      q.openedAt,
    ])
  }

  get(id: string): Promise<Questionnaire | undefined> {
    return this.getById(`SELECT ${COLUMNS} FROM questionnaires`, id, toQuestionnaire)
  }

  list(): Promise<Questionnaire[]> {
    return this.listSorted(`SELECT ${COLUMNS} FROM questionnaires`, toQuestionnaire, newestFirst)
  }

  async update(q: Questionnaire): Promise<boolean> {
    const changed = await this.sql.run(
      'UPDATE questionnaires SET title = ?, sections = ?, addressees = ?, deadline = ?, status = ?, published_at = ?, updated_at = ?, opened_at = ? WHERE id = ?',
      [JSON.stringify(q.title), JSON.stringify(q.sections), JSON.stringify(q.addressees), q.deadline, q.status, q.publishedAt, q.updatedAt, q.openedAt, q.id],
    )
    return changed > 0
  }

  async listAnswers(questionnaireId: string, delegation?: string): Promise<StoredAnswer[]> {
    const rows =
      delegation === undefined
        ? await this.sql.all<AnswerRow>('SELECT * FROM questionnaire_answers WHERE questionnaire_id = ?', [questionnaireId])
        : await this.sql.all<AnswerRow>('SELECT * FROM questionnaire_answers WHERE questionnaire_id = ? AND delegation = ?', [questionnaireId, delegation])
    return rows.map(toAnswer).sort(byDelegationThenQuestion)
  }

  async saveAnswer(a: Omit<StoredAnswer, 'version'>, expectedVersion: number): Promise<SaveAnswerResult> {
    const value = JSON.stringify(a.value)
    // One statement each: the version and the submission are checked where the row is written.
    const changed =
      expectedVersion === 0
        ? await this.sql.run(
            `INSERT INTO questionnaire_answers (questionnaire_id, delegation, question_id, value, version, updated_by, updated_at)
             SELECT ?, ?, ?, ?, 1, ?, ? WHERE ${NOT_SUBMITTED}
             ON CONFLICT (questionnaire_id, delegation, question_id) DO NOTHING`,
            [a.questionnaireId, a.delegation, a.questionId, value, a.updatedBy, a.updatedAt, a.questionnaireId, a.delegation],
          )
        : await this.sql.run(
            `UPDATE questionnaire_answers SET value = ?, version = version + 1, updated_by = ?, updated_at = ?
             WHERE questionnaire_id = ? AND delegation = ? AND question_id = ? AND version = ? AND ${NOT_SUBMITTED}`,
            [value, a.updatedBy, a.updatedAt, a.questionnaireId, a.delegation, a.questionId, expectedVersion, a.questionnaireId, a.delegation],
          )
    if (changed > 0) return { saved: true, version: expectedVersion + 1 }
    const submitted = await this.sql.all<{ one: number }>(
      'SELECT 1 AS one FROM questionnaire_responses WHERE questionnaire_id = ? AND delegation = ? AND submitted_at IS NOT NULL',
      [a.questionnaireId, a.delegation],
    )
    return { saved: false, reason: submitted.length > 0 ? 'submitted' : 'conflict' }
  }

  async listResponses(questionnaireId: string): Promise<StoredResponse[]> {
    const rows = await this.sql.all<ResponseRow>('SELECT * FROM questionnaire_responses WHERE questionnaire_id = ?', [questionnaireId])
    return rows.map(toResponse).sort((a, b) => (a.delegation < b.delegation ? -1 : 1))
  }

  async submit(questionnaireId: string, delegation: string, by: string, at: string, late: boolean): Promise<boolean> {
    const changed = await this.sql.run(
      `INSERT INTO questionnaire_responses (questionnaire_id, delegation, submitted_at, submitted_by, late, reopen_requested_at)
       VALUES (?, ?, ?, ?, ?, NULL)
       ON CONFLICT (questionnaire_id, delegation) DO UPDATE
       SET submitted_at = excluded.submitted_at, submitted_by = excluded.submitted_by, late = excluded.late, reopen_requested_at = NULL
       WHERE questionnaire_responses.submitted_at IS NULL`,
      [questionnaireId, delegation, at, by, late ? 1 : 0],
    )
    return changed > 0
  }

  async requestReopen(questionnaireId: string, delegation: string, at: string): Promise<boolean> {
    const changed = await this.sql.run(
      'UPDATE questionnaire_responses SET reopen_requested_at = ? WHERE questionnaire_id = ? AND delegation = ? AND submitted_at IS NOT NULL',
      [at, questionnaireId, delegation],
    )
    return changed > 0
  }

  async reopen(questionnaireId: string, delegation: string): Promise<boolean> {
    const changed = await this.sql.run(
      'UPDATE questionnaire_responses SET submitted_at = NULL, submitted_by = NULL, late = 0, reopen_requested_at = NULL WHERE questionnaire_id = ? AND delegation = ? AND submitted_at IS NOT NULL',
      [questionnaireId, delegation],
    )
    return changed > 0
  }
}
