/** Prioritisation rounds (UI-PRACT-*): opening one, ballots, the ranking, compiling the chosen practices. */
import { useId, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { TabPanel } from '../components/TabNav.tsx'
import { Link, useLocation } from 'wouter'
import type { PracticeWithAttachments, RoundView } from '@consenso/protocol'
import { ErrorLine } from '../components/ErrorLine.tsx'
import { useAction } from '../components/useAction.ts'
import { delegationLabelOf } from '../delegations.ts'
import { absoluteTime } from '../format.ts'
import { DelegationChecklist } from '../register/DelegationChecklist.tsx'
import { PracticePanel } from './PracticePanel.tsx'
import { castBallot, closeRound, compilePractices, createRound } from './api.ts'
import { TableHead } from '../components/TableHead.tsx'
import { ChoiceField } from '../components/ChoiceField.tsx'

export function RoundsSection({ rounds, practices, manages, reload }: { rounds: RoundView[]; practices: PracticeWithAttachments[]; manages: boolean; reload: () => void }) {
  const { t } = useTranslation()
  const [creating, setCreating] = useState(false)
  const titleOf = (id: string): string => practices.find((p) => p.id === id)?.title ?? id
  return (
    <TabPanel title={t('practices.tabs.rounds')}>
      {manages && (
        <div className="register-toolbar">
          <div className="register-actions">
            <button type="button" className="button button--primary" data-testid="new-round" onClick={() => setCreating(true)}>
              {t('practices.rounds.new')}
            </button>
          </div>
        </div>
      )}
      {creating && (
        <RoundForm
          practices={practices.filter((p) => p.status === 'accepted')}
          onDone={() => {
            setCreating(false)
            reload()
          }}
          onClose={() => setCreating(false)}
        />
      )}
      {rounds.length === 0 ? (
        <p className="practices__empty">{t('practices.rounds.empty')}</p>
      ) : (
        <ul className="practices__list">
          {rounds.map((r) => (
            <li key={r.id}>
              <RoundCard round={r} titleOf={titleOf} manages={manages} reload={reload} />
            </li>
          ))}
        </ul>
      )}
    </TabPanel>
  )
}

function inAWeek(): string {
  const d = new Date(Date.now() + 7 * 86_400_000)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`
}

function RoundForm({ practices, onDone, onClose }: { practices: PracticeWithAttachments[]; onDone: () => void; onClose: () => void }) {
  const { t } = useTranslation()
  const ids = useId()
  const action = useAction()
  const [title, setTitle] = useState('')
  const [chosen, setChosen] = useState<string[]>(practices.map((p) => p.id))
  const [voters, setVoters] = useState<string[]>([])
  const [priorities, setPriorities] = useState(Math.min(3, Math.max(1, practices.length)))
  const [deadline, setDeadline] = useState(inAWeek())
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const when = new Date(deadline)
    void action
      .run(() => createRound({ title, practiceIds: chosen, voters, priorities, deadline: Number.isNaN(when.getTime()) ? deadline : when.toISOString() }))
      .then((ok) => ok && onDone())
  }
  return (
    <PracticePanel
      heading={t('practices.rounds.newHeading')}
      testId="round-form"
      onSubmit={submit}
      error={action.error}
      onClose={onClose}
      buttons={
        <button type="submit" className="button button--primary" disabled={action.busy} data-testid="open-round">
          {t('practices.rounds.open')}
        </button>
      }
    >
      <div className="field">
        <label htmlFor={`${ids}-title`}>{t('practices.rounds.title')}</label>
        <input id={`${ids}-title`} value={title} onChange={(e) => setTitle(e.target.value)} data-testid="round-title" />
      </div>
      <fieldset className="field">
        <legend>{t('practices.rounds.practices')}</legend>
        {practices.length === 0 && <p className="field__hint">{t('practices.rounds.noAccepted')}</p>}
        {practices.map((p) => (
          <label key={p.id} className="practices__check">
            <input type="checkbox" checked={chosen.includes(p.id)} onChange={(e) => setChosen(e.target.checked ? [...chosen, p.id] : chosen.filter((id) => id !== p.id))} />
            {p.title}
          </label>
        ))}
      </fieldset>
      <DelegationChecklist legend={t('practices.rounds.voters')} value={voters} onChange={setVoters} testId="round-voters" />
      <div className="field">
        <label htmlFor={`${ids}-n`}>{t('practices.rounds.priorities')}</label>
        <input id={`${ids}-n`} type="number" min={1} max={20} value={priorities} onChange={(e) => setPriorities(Number(e.target.value))} data-testid="round-priorities" />
      </div>
      <div className="field">
        <label htmlFor={`${ids}-deadline`}>{t('practices.rounds.deadline')}</label>
        <input id={`${ids}-deadline`} type="datetime-local" value={deadline} onChange={(e) => setDeadline(e.target.value)} data-testid="round-deadline" />
      </div>
    </PracticePanel>
  )
}

function RoundCard({ round: r, titleOf, manages, reload }: { round: RoundView; titleOf: (id: string) => string; manages: boolean; reload: () => void }) {
  const { t, i18n } = useTranslation()
  const ids = useId()
  const action = useAction()
  return (
    <article className="practice-card" aria-labelledby={`${ids}-title`} data-testid="round-card">
      <header className="practice-card__header">
        <h3 id={`${ids}-title`}>{r.title}</h3>
        <span className={`practice-status practice-status--${r.closed ? 'accepted' : 'submitted'}`}>{r.closed ? t('practices.rounds.closed') : t('practices.rounds.openStatus')}</span>
      </header>
      <p className="practice-card__meta">
        {t('practices.rounds.meta', { deadline: absoluteTime(r.deadline, i18n.language), count: r.priorities })}
      </p>
      <p className="practice-card__meta" data-testid="round-voted">
        {t('practices.rounds.voted', { voted: r.voted.length, total: r.voters.length })}{' '}
        {r.voters.map((code) => `${code}${r.voted.includes(code) ? ' ✓' : ''}`).join(', ')}
      </p>
      {r.myBallot && (
        <div>
          <h4>{t('practices.rounds.myBallot')}</h4>
          <ol>
            {r.myBallot.map((id) => (
              <li key={id}>{titleOf(id)}</li>
            ))}
          </ol>
        </div>
      )}
      {r.mayVote && <BallotForm round={r} titleOf={titleOf} reload={reload} />}
      {r.ranking && r.ballots && (
        <>
          <table className="practices-ranking" data-testid="round-ranking">
            <caption>{t('practices.rounds.ranking')}</caption>
            <TableHead columns={[t('practices.rounds.rank'), t('practices.rounds.practice'), t('practices.rounds.points'), t('practices.rounds.firsts')]} />
            <tbody>
              {r.ranking.map((e) => (
                <tr key={e.practiceId}>
                  <td>{e.tied ? t('practices.rounds.tiedRank', { rank: e.rank }) : e.rank}</td>
                  <th scope="row">{titleOf(e.practiceId)}</th>
                  <td>{e.points}</td>
                  <td>{e.firstChoices}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table className="practices-ranking" data-testid="round-ballots">
            <caption>{t('practices.rounds.ballots')}</caption>
            <TableHead columns={[t('practices.rounds.delegation'), t('practices.rounds.theirRanking')]} />
            <tbody>
              {r.ballots.map((b) => (
                <tr key={b.delegation}>
                  <th scope="row">{delegationLabelOf(b.delegation, i18n.language)}</th>
                  <td>{b.ranking.map((id, i) => `${i + 1}. ${titleOf(id)}`).join(' · ')}</td>
                </tr>
              ))}
              {r.voters
                .filter((code) => !r.voted.includes(code))
                .map((code) => (
                  <tr key={code}>
                    <th scope="row">{delegationLabelOf(code, i18n.language)}</th>
                    <td>{t('practices.rounds.noVote')}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </>
      )}
      {r.documentId && (
        <p>
          <Link href={`/d/${r.documentId}`} data-testid="open-compilation">
            {t('practices.compile.open')}
          </Link>
        </p>
      )}
      {manages && !r.closed && (
        <button type="button" className="button" disabled={action.busy} data-testid="close-round" onClick={() => void action.run(() => closeRound(r.id)).then((ok) => ok && reload())}>
          {t('practices.rounds.close')}
        </button>
      )}
      {manages && r.closed && r.ranking && <CompileForm round={r} titleOf={titleOf} />}
      <ErrorLine message={action.error} />
    </article>
  )
}

function BallotForm({ round: r, titleOf, reload }: { round: RoundView; titleOf: (id: string) => string; reload: () => void }) {
  const { t } = useTranslation()
  const ids = useId()
  const action = useAction()
  const [places, setPlaces] = useState<string[]>(Array.from({ length: r.priorities }, () => ''))
  const ranking = places.filter(Boolean)
  const repeated = new Set(ranking).size !== ranking.length
  const submit = (event: FormEvent) => {
    event.preventDefault()
    void action.run(() => castBallot(r.id, { ranking })).then((ok) => ok && reload())
  }
  return (
    <form onSubmit={submit} className="practices-ballot" aria-labelledby={`${ids}-h`} data-testid="ballot-form">
      <h4 id={`${ids}-h`}>{t('practices.rounds.ballotHeading', { count: r.priorities })}</h4>
      {places.map((value, i) => (
        <div className="field" key={i}>
          <label htmlFor={`${ids}-${i}`}>{t('practices.rounds.priority', { n: i + 1 })}</label>
          <select
            id={`${ids}-${i}`}
            value={value}
            data-testid={`ballot-priority-${i + 1}`}
            onChange={(e) => setPlaces(places.map((p, j) => (j === i ? e.target.value : p)))}
          >
            <option value="">{t('practices.rounds.none')}</option>
            {r.practiceIds.map((id) => (
              <option key={id} value={id}>
                {titleOf(id)}
              </option>
            ))}
          </select>
        </div>
      ))}
      {repeated && (
        <p className="field__error" role="alert">
          {t('practices.rounds.repeated')}
        </p>
      )}
      <p className="field__hint">{t('practices.rounds.once')}</p>
      <ErrorLine message={action.error} />
      <button type="submit" className="button button--primary" disabled={action.busy || repeated || ranking.length === 0} data-testid="cast-ballot">
        {t('practices.rounds.cast')}
      </button>
    </form>
  )
}

function CompileForm({ round: r, titleOf }: { round: RoundView; titleOf: (id: string) => string }) {
  const { t, i18n } = useTranslation()
  const ids = useId()
  const action = useAction()
  const [, navigate] = useLocation()
  const ranked = r.ranking ?? []
  const [chosen, setChosen] = useState<string[]>(ranked.filter((e) => e.points > 0).map((e) => e.practiceId))
  const [title, setTitle] = useState(t('practices.compile.defaultTitle', { round: r.title }))
  const [language, setLanguage] = useState<'es' | 'en'>(i18n.language.startsWith('en') ? 'en' : 'es')
  const submit = (event: FormEvent) => {
    event.preventDefault()
    let id = ''
    // In the ranking's order, so a theme lists its practices by priority.
    const practiceIds = ranked.map((e) => e.practiceId).filter((p) => chosen.includes(p))
    void action
      .run(async () => {
        id = (await compilePractices({ title, practiceIds, language, roundId: r.id })).id
      })
      .then((ok) => ok && navigate(`/d/${id}`))
  }
  return (
    <form onSubmit={submit} className="practices-compile" aria-labelledby={`${ids}-h`} data-testid="compile-form">
      <h4 id={`${ids}-h`}>{t('practices.compile.heading')}</h4>
      <div className="field">
        <label htmlFor={`${ids}-title`}>{t('practices.compile.title')}</label>
        <input id={`${ids}-title`} value={title} onChange={(e) => setTitle(e.target.value)} data-testid="compile-title" />
      </div>
      <ChoiceField<'es' | 'en'> label={t('practices.compile.language')} value={language} choices={['es', 'en']} labelOf={(l) => t(`language.${l}`)} onChange={setLanguage} />
      <fieldset className="field">
        <legend>{t('practices.compile.chosen')}</legend>
        {ranked.map((e) => (
          <label key={e.practiceId} className="practices__check">
            <input type="checkbox" checked={chosen.includes(e.practiceId)} onChange={(ev) => setChosen(ev.target.checked ? [...chosen, e.practiceId] : chosen.filter((id) => id !== e.practiceId))} />
            {titleOf(e.practiceId)} ({t('practices.compile.points', { count: e.points })})
          </label>
        ))}
      </fieldset>
      <ErrorLine message={action.error} />
      <button type="submit" className="button button--primary" disabled={action.busy || chosen.length === 0} data-testid="compile">
        {t('practices.compile.make')}
      </button>
    </form>
  )
}
