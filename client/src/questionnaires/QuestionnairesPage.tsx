/**
 * Questionnaires (`/questionnaires`, `/questionnaires/new`, `/questionnaires/:id`; UI-QUEST-*):
 * the list a person may see; a secretariat's builder; a questionnaire's page, where an addressed
 * delegation answers (AnswerForm) and a secretariat follows every delegation (not started, in
 * progress, submitted, late), reminds, reopens, publishes, downloads the answers and compiles
 * them into a new draft. Kept current through the page's event stream.
 */
import { useCallback, useEffect, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useLocation } from 'wouter'
import type { QuestionnaireDetail, QuestionnaireSummary, ResponseSummary } from '@consenso/protocol'
import { describeError } from '../api.ts'
import { useAuth } from '../auth/context.ts'
import { AppHeader } from '../components/AppHeader.tsx'
import { useDocumentTitle } from '../components/useDocumentTitle.ts'
import { delegationName, useDelegations } from '../delegations.ts'
import { absoluteTime } from '../format.ts'
import { currentLanguage } from '../i18n/index.ts'
import { followLive } from '../notifications/live.ts'
import { AnswerForm } from './AnswerForm.tsx'
import { Builder, fromLocalInput } from './Builder.tsx'
import {
  answersXlsxUrl,
  changeQuestionnaire,
  closeQuestionnaire,
  compile,
  createQuestionnaire,
  getQuestionnaire,
  listQuestionnaires,
  openQuestionnaire,
  publishAnswers,
  remind,
  reopenAnswers,
} from './api.ts'
import { TableHead } from '../components/TableHead.tsx'

export function QuestionnairesPage({ id }: { id?: string }) {
  const { t } = useTranslation()
  useDocumentTitle(t('questionnaires.documentTitle'))
  return (
    <>
      <AppHeader />
      <main id="main" className="questionnaires" tabIndex={-1} data-testid="questionnaires-page">
        {id === 'new' ? <NewQuestionnaire /> : id ? <QuestionnaireView key={id} id={id} /> : <QuestionnaireList />}
      </main>
    </>
  )
}

function useLive(reload: () => void, id?: string) {
  useEffect(
    () =>
      followLive((event) => {
        if (event === null || (event.kind === 'questionnaire' && (id === undefined || event.questionnaireId === id))) reload()
      }),
    [reload, id],
  )
}

function QuestionnaireList() {
  const { t } = useTranslation()
  const lang = currentLanguage()
  const { user } = useAuth()
  const stateWords = useStateWords()
  const [items, setItems] = useState<QuestionnaireSummary[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const delegations = useDelegations()
  const reload = useCallback(() => {
    listQuestionnaires().then((r) => setItems(r.questionnaires), (e: unknown) => setError(describeError(e)))
  }, [])
  useEffect(reload, [reload])
  useLive(reload)
  const manages = user?.admin || (delegations.kind === 'ready' && delegations.delegations.find((d) => d.code === user?.delegation)?.kind === 'secretariat')
  return (
    <>
      <div className="section-heading">
        <h1>{t('questionnaires.heading')}</h1>
        {manages && (
          <Link href="/questionnaires/new" className="button button--primary" data-testid="new-questionnaire">
            {t('questionnaires.new')}
          </Link>
        )}
      </div>
      {error && <p role="alert">{error}</p>}
      {items === null ? (
        <p role="status">{t('questionnaires.loading')}</p>
      ) : items.length === 0 ? (
        <p>{t('questionnaires.none')}</p>
      ) : (
        <ul className="quest-list">
          {items.map(({ questionnaire: q, mine }) => (
            <li key={q.id} className="quest-list__item">
              <Link href={`/questionnaires/${q.id}`}>{q.title[lang]}</Link>{' '}
              <span className="quest-badge">{t(`questionnaires.status.${q.status}`)}</span>
              {q.deadline && <span> · {t('questionnaires.deadlineIs', { when: absoluteTime(q.deadline, lang) })}</span>}
              {mine && <span> · {stateWords(mine)}</span>}
            </li>
          ))}
        </ul>
      )}
    </>
  )
}

/** Not started, in progress, submitted, or submitted late (UI-QUEST-3). */
function useStateWords(): (r: ResponseSummary) => string {
  const { t } = useTranslation()
  return (r) =>
    r.state === 'submitted'
      ? r.late
        ? t('questionnaires.states.late')
        : t('questionnaires.states.submitted')
      : r.state === 'in_progress'
        ? t('questionnaires.states.in_progress')
        : t('questionnaires.states.not_started')
}

function NewQuestionnaire() {
  const { t } = useTranslation()
  const [, navigate] = useLocation()
  return (
    <>
      <h1>{t('questionnaires.newHeading')}</h1>
      <Builder
        saveLabel={t('questionnaires.saveDraft')}
        onSave={async (value) => {
          const q = await createQuestionnaire(value)
          navigate(`/questionnaires/${q.id}`)
        }}
      />
    </>
  )
}

function QuestionnaireView({ id }: { id: string }) {
  const { t } = useTranslation()
  const lang = currentLanguage()
  const { user } = useAuth()
  const [, navigate] = useLocation()
  const ids = useId()
  const stateWords = useStateWords()
  const [detail, setDetail] = useState<QuestionnaireDetail | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [message, setMessage] = useState<string | null>(null)
  const [reading, setReading] = useState<string | null>(null)
  const [deadline, setDeadline] = useState('')
  const reload = useCallback(() => {
    getQuestionnaire(id).then(setDetail, (e: unknown) => setError(describeError(e)))
  }, [id])
  useEffect(reload, [reload])
  useLive(reload, id)
  useDocumentTitle(detail ? `${detail.questionnaire.title[lang]} — Consenso` : t('questionnaires.documentTitle'))

  const act = (run: () => Promise<unknown>, done?: string) => {
    setError(null)
    run().then(
      () => {
        if (done) setMessage(done)
        reload()
      },
      (e: unknown) => setError(describeError(e)),
    )
  }

  if (!detail) return error ? <p role="alert">{error}</p> : <p role="status">{t('questionnaires.loading')}</p>
  const q = detail.questionnaire
  const mineAddressed = detail.mine !== null && user !== null && q.addressees.includes(user.delegation)
  return (
    <>
      <p>
        <Link href="/questionnaires">{t('questionnaires.back')}</Link>
      </p>
      <div className="section-heading">
        <h1>{q.title[lang]}</h1>
        <span className="quest-badge" data-testid="quest-status">
          {t(`questionnaires.status.${q.status}`)}
        </span>
      </div>
      <p>
        {q.deadline ? t('questionnaires.deadlineIs', { when: absoluteTime(q.deadline, lang) }) : t('questionnaires.noDeadline')}
        {q.publishedAt && ` · ${t('questionnaires.published')}`}
      </p>
      {message && (
        <p role="status" className="notice">
          {message}
        </p>
      )}
      {error && (
        <p role="alert" className="notice notice--error">
          {error}
        </p>
      )}
      {detail.manages && q.status === 'draft' && (
        <>
          <Builder
            initial={{ title: q.title, sections: q.sections, addressees: q.addressees, deadline: q.deadline }}
            saveLabel={t('questionnaires.saveChanges')}
            onSave={async (value) => {
              await changeQuestionnaire(q.id, value)
              setMessage(t('questionnaires.savedChanges'))
              reload()
            }}
          />
          <p>
            <button type="button" className="button button--primary" onClick={() => act(() => openQuestionnaire(q.id), t('questionnaires.opened'))} data-testid="open-questionnaire">
              {t('questionnaires.open')}
            </button>
          </p>
        </>
      )}
      {detail.manages && q.status !== 'draft' && (
        <section aria-labelledby={`${ids}-follow`} className="quest-follow">
          <h2 id={`${ids}-follow`}>{t('questionnaires.follow')}</h2>
          <table className="quest-follow__table" data-testid="quest-follow">
            <TableHead columns={[t('questionnaires.delegation'), t('questionnaires.state'), t('questionnaires.submittedAt'), t('questionnaires.actions')]} />
            <tbody>
              {detail.responses.map((r) => (
                <tr key={r.delegation} data-testid={`follow-${r.delegation}`}>
                  <th scope="row">{delegationName(r.delegation, lang)}</th>
                  <td className={r.late ? 'quest-follow__late' : undefined}>
                    {stateWords(r)}
                    {r.reopenRequestedAt && ` · ${t('questionnaires.reopenRequested')}`}
                  </td>
                  <td>{r.submittedAt ? absoluteTime(r.submittedAt, lang) : '—'}</td>
                  <td>
                    <button type="button" className="button button--quiet" onClick={() => setReading(r.delegation)}>
                      {t('questionnaires.read', { delegation: delegationName(r.delegation, lang) })}
                    </button>
                    {r.state === 'submitted' && (
                      <button type="button" className="button button--quiet" onClick={() => act(() => reopenAnswers(q.id, r.delegation))}>
                        {t('questionnaires.reopen', { delegation: delegationName(r.delegation, lang) })}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="quest-follow__tools">
            {q.status === 'open' && (
              <button type="button" className="button" onClick={() => act(() => remind(q.id), t('questionnaires.reminded'))} data-testid="remind">
                {t('questionnaires.remind')}
              </button>
            )}
            {!q.publishedAt && (
              <button type="button" className="button" onClick={() => act(() => publishAnswers(q.id), t('questionnaires.publishedNow'))}>
                {t('questionnaires.publish')}
              </button>
            )}
            {q.status === 'open' && (
              <button type="button" className="button" onClick={() => act(() => closeQuestionnaire(q.id))}>
                {t('questionnaires.close')}
              </button>
            )}
            <a className="button" href={answersXlsxUrl(q.id, lang)} download data-testid="download-xlsx">
              {t('questionnaires.download')}
            </a>
            <button
              type="button"
              className="button button--primary"
              data-testid="compile"
              onClick={() => act(async () => navigate(`/d/${(await compile(q.id, lang)).id}`))}
            >
              {t('questionnaires.compile')}
            </button>
          </div>
          <form
            className="quest-builder__row"
            onSubmit={(e) => {
              e.preventDefault()
              act(() => changeQuestionnaire(q.id, { deadline: fromLocalInput(deadline) }), t('questionnaires.savedChanges'))
            }}
          >
            <label htmlFor={`${ids}-deadline`}>{t('questionnaires.newDeadline')}</label>
            <input id={`${ids}-deadline`} type="datetime-local" value={deadline} onChange={(e) => setDeadline(e.target.value)} data-testid="new-deadline" />
            <button type="submit" className="button">
              {t('questionnaires.changeDeadline')}
            </button>
          </form>
        </section>
      )}
      {!detail.manages && q.publishedAt && (
        <section aria-labelledby={`${ids}-published`}>
          <h2 id={`${ids}-published`}>{t('questionnaires.publishedAnswers')}</h2>
          <ul>
            {detail.responses
              .filter((r) => r.state === 'submitted')
              .map((r) => (
                <li key={r.delegation}>
                  <button type="button" className="button button--quiet" onClick={() => setReading(r.delegation)}>
                    {t('questionnaires.read', { delegation: delegationName(r.delegation, lang) })}
                  </button>
                </li>
              ))}
          </ul>
        </section>
      )}
      {mineAddressed && user && q.status !== 'draft' && <AnswerForm questionnaire={q} delegation={user.delegation} writable onChanged={reload} />}
      {reading && reading !== user?.delegation && <AnswerForm key={reading} questionnaire={q} delegation={reading} writable={false} onChanged={reload} />}
    </>
  )
}
