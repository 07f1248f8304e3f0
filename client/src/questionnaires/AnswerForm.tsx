/**
 * A delegation's answer, written together (UI-QUEST-2): every question saves on its own a
 * moment after the last change (a choice at once) over the version this page last saw; what
 * another focal point saves arrives through the page's event stream and replaces the questions
 * this page has not changed. A question changed here and saved there first is never written
 * over: the server refuses (QUEST-6), the other person's answer is shown and ours is kept
 * beside it with "Use mine". Read-only once submitted (with "Ask to reopen") or for readers.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { questionsOf, type Answer, type AnswerValue, type Question, type Questionnaire, type ResponseSummary } from '@consenso/protocol'
import { ApiRequestError, describeError } from '../api.ts'
import { followLive } from '../notifications/live.ts'
import { currentLanguage } from '../i18n/index.ts'
import { askToReopen, getAnswers, saveAnswer, submitAnswers } from './api.ts'

interface Field {
  value: AnswerValue
  version: number
  /** Changed here and not yet saved. */
  dirty: boolean
  by: string
  /** Our value the server refused because someone saved first. */
  mine: AnswerValue | null
}

const TEXT_DELAY_MS = 500

export function AnswerForm({ questionnaire, delegation, writable, onChanged }: { questionnaire: Questionnaire; delegation: string; writable: boolean; onChanged: () => void }) {
  const { t } = useTranslation()
  const lang = currentLanguage()
  const [fields, setFields] = useState<Record<string, Field>>({})
  const [response, setResponse] = useState<ResponseSummary | null>(null)
  const [saving, setSaving] = useState(0)
  const [error, setError] = useState<string | null>(null)
  // What saving needs at once, ahead of React's next render: each question's latest value here,
  // the version it replaces, whether it has unsaved changes, and whether a save is on its way.
  const latest = useRef(new Map<string, AnswerValue>())
  const versions = useRef(new Map<string, number>())
  const dirty = useRef(new Set<string>())
  const inFlight = useRef(new Set<string>())
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>())

  const load = useCallback(async () => {
    try {
      const got = await getAnswers(questionnaire.id, delegation)
      setResponse(got.response)
      const taken = got.answers.filter((answer) => !dirty.current.has(answer.questionId))
      // A question changed here keeps its words and the version it replaces: its save decides.
      for (const answer of taken) {
        versions.current.set(answer.questionId, answer.version)
        latest.current.set(answer.questionId, answer.value)
      }
      setFields((previous) => {
        const next: Record<string, Field> = { ...previous }
        for (const answer of taken) next[answer.questionId] = { value: answer.value, version: answer.version, dirty: false, by: answer.updatedByName, mine: previous[answer.questionId]?.mine ?? null }
        return next
      })
    } catch (e) {
      setError(describeError(e))
    }
  }, [questionnaire.id, delegation])

  useEffect(() => {
    void load()
    return followLive((event) => {
      if (event === null || (event.kind === 'questionnaire' && event.questionnaireId === questionnaire.id && (event.delegation === delegation || event.delegation === null))) void load()
    })
  }, [load, questionnaire.id, delegation])

  const schedule = (questionId: string, delay: number) => {
    const timer = timers.current.get(questionId)
    if (timer) clearTimeout(timer)
    timers.current.set(questionId, setTimeout(() => void save(questionId), delay))
  }

  const save = async (questionId: string): Promise<void> => {
    if (!dirty.current.has(questionId) || inFlight.current.has(questionId)) return
    const value = latest.current.get(questionId)!
    inFlight.current.add(questionId)
    setSaving((n) => n + 1)
    try {
      const saved: Answer = await saveAnswer(questionnaire.id, delegation, questionId, value, versions.current.get(questionId) ?? 0)
      versions.current.set(questionId, saved.version)
      const same = JSON.stringify(latest.current.get(questionId)) === JSON.stringify(value)
      if (same) dirty.current.delete(questionId)
      setFields((f) => ({ ...f, [questionId]: { ...f[questionId]!, version: saved.version, dirty: !same, by: saved.updatedByName } }))
      setError(null)
    } catch (e) {
      if (e instanceof ApiRequestError && e.code === 'answer_conflict') {
        // Someone saved first: take theirs, keep ours aside.
        dirty.current.delete(questionId)
        setFields((f) => ({ ...f, [questionId]: { ...f[questionId]!, dirty: false, mine: latest.current.get(questionId) ?? value } }))
        await load()
      } else {
        setError(describeError(e))
      }
    } finally {
      inFlight.current.delete(questionId)
      setSaving((n) => n - 1)
      // Typed on while it was saving: saved again, over the version just written.
      if (dirty.current.has(questionId)) schedule(questionId, 0)
    }
  }

  const change = (question: Question, value: AnswerValue, delay = TEXT_DELAY_MS) => {
    latest.current.set(question.id, value)
    dirty.current.add(question.id)
    setFields((f) => ({ ...f, [question.id]: { version: 0, by: '', mine: null, ...f[question.id], value, dirty: true } }))
    schedule(question.id, delay)
  }

  const useMine = (question: Question) => {
    const mine = fields[question.id]?.mine
    if (mine) {
      latest.current.set(question.id, mine)
      dirty.current.add(question.id)
      setFields((f) => ({ ...f, [question.id]: { ...f[question.id]!, value: mine, dirty: true, mine: null } }))
      schedule(question.id, 0)
    }
  }

  const submitted = response?.state === 'submitted'
  const editable = writable && !submitted && questionnaire.status === 'open'
  const pending = Object.values(fields).some((f) => f.dirty) || saving > 0

  const submit = async () => {
    try {
      setResponse(await submitAnswers(questionnaire.id, delegation))
      onChanged()
    } catch (e) {
      setError(describeError(e))
    }
  }

  return (
    <section className="quest-answers" aria-labelledby="quest-answers-heading" data-testid={`answers-${delegation}`}>
      <div className="section-heading">
        <h2 id="quest-answers-heading">{t('questionnaires.answersOf', { delegation })}</h2>
        <p role="status" className="quest-answers__status" data-testid="answers-status">
          {submitted
            ? response?.late
              ? t('questionnaires.submittedLate')
              : t('questionnaires.submittedOnTime')
            : editable
              ? pending
                ? t('questionnaires.saving')
                : t('questionnaires.allSaved')
              : ''}
        </p>
      </div>
      {questionnaire.sections.map((section) => (
        <section key={section.id} className="quest-answers__section">
          <h3>{section.title[lang]}</h3>
          {section.questions.map((q) => {
            const n = questionsOf(questionnaire).indexOf(q) + 1
            const field = fields[q.id]
            return (
              <div key={q.id} className="quest-answers__question" data-testid={`answer-${q.id}`}>
                <QuestionInput n={n} question={q} value={field?.value} editable={editable} onChange={(v, delay) => change(q, v, delay)} onBlur={() => schedule(q.id, 0)} />
                {field?.by && !field.dirty && <p className="quest-answers__by">{t('questionnaires.lastSavedBy', { name: field.by })}</p>}
                {field?.mine && (
                  <div className="notice" role="alert">
                    <p>{t('questionnaires.conflict', { name: field.by })}</p>
                    <p className="quest-answers__mine">{JSON.stringify(field.mine.text ?? field.mine.choice ?? field.mine.choices ?? field.mine.rows ?? '')}</p>
                    <button type="button" className="button" onClick={() => useMine(q)}>
                      {t('questionnaires.useMine')}
                    </button>
                  </div>
                )}
              </div>
            )
          })}
        </section>
      ))}
      {error && (
        <p role="alert" className="notice notice--error">
          {error}
        </p>
      )}
      {editable && (
        <p>
          <button type="button" className="button button--primary" disabled={pending} onClick={() => void submit()} data-testid="submit-answers">
            {t('questionnaires.submit')}
          </button>
        </p>
      )}
      {writable && submitted && (
        <p>
          {response?.reopenRequestedAt ? (
            <span>{t('questionnaires.reopenAsked')}</span>
          ) : (
            <button type="button" className="button" onClick={() => void askToReopen(questionnaire.id, delegation).then(load, (e: unknown) => setError(describeError(e)))}>
              {t('questionnaires.askReopen')}
            </button>
          )}
        </p>
      )}
    </section>
  )
}

function QuestionInput({ n, question: q, value, editable, onChange, onBlur }: { n: number; question: Question; value: AnswerValue | undefined; editable: boolean; onChange: (value: AnswerValue, delay?: number) => void; onBlur: () => void }) {
  const { t } = useTranslation()
  const lang = currentLanguage()
  const id = `quest-${q.id}`
  const label = `${n}. ${q.label[lang]}${q.required ? ` (${t('questionnaires.required')})` : ''}`
  const help = q.help[lang] ? <small id={`${id}-help`}>{q.help[lang]}</small> : null
  const describedBy = q.help[lang] ? `${id}-help` : undefined
  switch (q.kind) {
    case 'text':
      return (
        <>
          <label htmlFor={id}>{label}</label>
          {help}
          <textarea id={id} rows={3} readOnly={!editable} aria-describedby={describedBy} value={value?.text ?? ''} onChange={(e) => onChange({ text: e.target.value })} onBlur={onBlur} />
        </>
      )
    case 'single':
    case 'multiple':
      return (
        <fieldset aria-describedby={describedBy}>
          <legend>{label}</legend>
          {help}
          {q.options.map((o) => (
            <label key={o.id} className="quest-answers__choice">
              <input
                type={q.kind === 'single' ? 'radio' : 'checkbox'}
                name={id}
                disabled={!editable}
                checked={q.kind === 'single' ? value?.choice === o.id : (value?.choices ?? []).includes(o.id)}
                onChange={(e) =>
                  onChange(
                    q.kind === 'single' ? { choice: o.id } : { choices: e.target.checked ? [...(value?.choices ?? []), o.id] : (value?.choices ?? []).filter((c) => c !== o.id) },
                    0,
                  )
                }
              />{' '}
              {o.label[lang]}
            </label>
          ))}
        </fieldset>
      )
    case 'yesno':
      return (
        <fieldset aria-describedby={describedBy}>
          <legend>{label}</legend>
          {help}
          {([true, false] as const).map((yes) => (
            <label key={String(yes)} className="quest-answers__choice">
              <input type="radio" name={id} disabled={!editable} checked={value?.yes === yes} onChange={() => onChange({ yes, text: value?.text ?? '' }, 0)} /> {yes ? t('questionnaires.yes') : t('questionnaires.no')}
            </label>
          ))}
          <label htmlFor={`${id}-why`}>{t('questionnaires.explanationOf', { n })}</label>
          <textarea id={`${id}-why`} rows={2} readOnly={!editable} value={value?.text ?? ''} onChange={(e) => onChange({ yes: value?.yes ?? null, text: e.target.value })} onBlur={onBlur} />
        </fieldset>
      )
    case 'table': {
      const rows = value?.rows && value.rows.length > 0 ? value.rows : [q.columns.map(() => '')]
      const setCell = (r: number, c: number, text: string) => onChange({ rows: rows.map((row, i) => (i === r ? row.map((cell, j) => (j === c ? text : cell)) : row)) })
      return (
        <fieldset aria-describedby={describedBy}>
          <legend>{label}</legend>
          {help}
          <table className="quest-answers__table">
            <thead>
              <tr>
                {q.columns.map((c) => (
                  <th key={c.id} scope="col">
                    {c.label[lang]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row, r) => (
                <tr key={r}>
                  {row.map((cell, c) => (
                    <td key={c}>
                      <input
                        aria-label={t('questionnaires.cell', { column: q.columns[c]?.label[lang] ?? '', row: r + 1 })}
                        readOnly={!editable}
                        value={cell}
                        onChange={(e) => setCell(r, c, e.target.value)}
                        onBlur={onBlur}
                      />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          {editable && (
            <button type="button" className="button button--quiet" onClick={() => onChange({ rows: [...rows, q.columns.map(() => '')] }, 0)}>
              {t('questionnaires.addRow', { n })}
            </button>
          )}
        </fieldset>
      )
    }
  }
}
