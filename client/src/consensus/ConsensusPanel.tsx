/**
 * The "Consensus" tab of the review sidebar: the progress line, the parties (set by owners),
 * the matrix of paragraphs × parties with its filters, and the focused paragraph's positions,
 * history and brackets — with the person's own delegation's position to record, and, for
 * owners, brackets to resolve.
 */
import type { TranslationStatus } from '@consenso/schema'
import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'wouter'
import {
  STANCES,
  stanceNeedsText,
  type BracketRecord,
  type ConsensusSummary,
  type ParagraphSummary,
  type Position,
  type Stance,
} from '@consenso/protocol'
import { recordPosition, resolveBracket, setParties } from '../api.ts'
import { groupName, usePartyGroups } from '../admin/party-groups.ts'
import { DelegationSelect } from '../components/DelegationSelect.tsx'
import { delegationLabelOf } from '../delegations.ts'
import { relativeTime } from '../format.ts'
import { consensusError } from './errors.ts'

interface ConsensusPanelProps {
  documentId: string
  summary: ConsensusSummary | null
  ownDelegation: string
  canEdit: boolean
  isOwner: boolean
  focusedParagraphId: string | null
  onFocusParagraph: (paragraphId: string | null, showText: boolean) => void
  now: number
  /** A bilingual draft's second language and each counterpart's status: an agreed paragraph says when its translation is not current (BILING-5). */
  translation?: { language: string; status: ReadonlyMap<string, TranslationStatus> } | null
}

const STANCE_SYMBOL: Record<Stance, string> = { agree: '✓', agree_ad_ref: '✓ᵃʳ', reservation: 'R', objection: '✗' }

interface Filters {
  openOnly: boolean
  delegation: string
  reservationsOnly: boolean
}

/**
 * Open only: paragraphs not agreed. Reservations: paragraphs with a reservation or objection
 * (of the chosen delegation, if one is chosen). A delegation alone: the paragraphs it has not
 * agreed to yet — what that delegation still has to look at.
 */
function matches(paragraph: ParagraphSummary, filters: Filters): boolean {
  if (filters.openOnly && paragraph.status !== 'open') return false
  if (filters.reservationsOnly) {
    return Object.values(paragraph.positions).some(
      (p) => (p.stance === 'reservation' || p.stance === 'objection') && (!filters.delegation || p.delegation === filters.delegation),
    )
  }
  if (filters.delegation) {
    const stance = paragraph.positions[filters.delegation]?.stance
    return stance !== 'agree' && stance !== 'agree_ad_ref'
  }
  return true
}

export function ConsensusPanel(props: ConsensusPanelProps) {
  const { summary, focusedParagraphId } = props
  const { t } = useTranslation()
  const [filters, setFilters] = useState<Filters>({ openOnly: false, delegation: '', reservationsOnly: false })
  if (!summary) return <p className="loading">{t('editor.loading')}</p>
  const { totals, parties } = summary
  const shown = summary.paragraphs.filter((p) => p.paragraphId === focusedParagraphId || matches(p, filters))
  const focused = summary.paragraphs.find((p) => p.paragraphId === focusedParagraphId) ?? null

  return (
    <div className="consensus-panel" data-testid="consensus-panel">
      <p className="consensus-progress" data-testid="consensus-progress" role="status">
        {t('consensus.progress', { agreed: totals.agreed + totals.agreedAdRef, total: totals.paragraphs, count: totals.paragraphs })}
        {totals.agreedAdRef > 0 && ` ${t('consensus.progressAdRef', { count: totals.agreedAdRef })}`}
        {', '}
        {t('consensus.openBrackets', { count: totals.openBrackets })}
      </p>
      <ul className="consensus-sections" data-testid="consensus-sections">
        {(['preamble', 'operative'] as const).map((section) =>
          summary.sections[section].paragraphs > 0 ? (
            <li key={section} data-section={section}>
              {t(`consensus.section.${section}`, {
                agreed: summary.sections[section].agreed + summary.sections[section].agreedAdRef,
                total: summary.sections[section].paragraphs,
              })}
              {summary.sections[section].openBrackets > 0 && ` · ${t('consensus.openBrackets', { count: summary.sections[section].openBrackets })}`}
            </li>
          ) : null,
        )}
      </ul>
      <p className="consensus-plenary">
        <Link href={`/d/${encodeURIComponent(props.documentId)}/plenary`} className="button button--small" data-testid="plenary-link">
          {t('plenary.open')}
        </Link>
      </p>
      <PartiesEditor {...props} parties={parties} />
      {parties.length > 0 && (
        <>
          <MatrixFilters filters={filters} onChange={setFilters} parties={parties} />
          <Matrix summary={summary} paragraphs={shown} focusedParagraphId={focusedParagraphId} onFocusParagraph={props.onFocusParagraph} translation={props.translation ?? null} />
        </>
      )}
      {focused && <ParagraphDetail key={focused.paragraphId} paragraph={focused} brackets={summary.brackets} {...props} parties={parties} />}
    </div>
  )
}

function PartiesEditor({ documentId, isOwner, parties }: ConsensusPanelProps & { parties: readonly string[] }) {
  const { t, i18n } = useTranslation()
  const ids = useId()
  const [adding, setAdding] = useState('')
  const [group, setGroup] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  // Kept by administrators (PARTY-*); read when the tab opens.
  const { state: groupsState } = usePartyGroups()
  const groups = groupsState.kind === 'ready' ? groupsState.value : []
  const save = async (next: string[]): Promise<void> => {
    setProblem(null)
    try {
      await setParties(documentId, next)
    } catch (error) {
      setProblem(consensusError(error))
    }
  }
  return (
    <section className="consensus-parties" aria-labelledby="consensus-parties-heading" data-testid="consensus-parties">
      <h3 id="consensus-parties-heading">{t('consensus.parties.heading')}</h3>
      {parties.length === 0 ? (
        <p className="review-note">{isOwner ? t('consensus.parties.noneOwner') : t('consensus.parties.none')}</p>
      ) : (
        <ul className="party-list">
          {parties.map((code) => (
            <li key={code} className="party-chip" data-testid={`party-${code}`}>
              <span>{delegationLabelOf(code, i18n.language)}</span>
              {isOwner && (
                <button
                  type="button"
                  className="party-chip__remove"
                  aria-label={t('consensus.parties.remove', { delegation: delegationLabelOf(code, i18n.language) })}
                  onClick={() => void save(parties.filter((c) => c !== code))}
                >
                  <span aria-hidden="true">×</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {isOwner && (
        <form
          className="party-add"
          onSubmit={(event) => {
            event.preventDefault()
            if (!adding || parties.includes(adding)) return
            void save([...parties, adding]).then(() => setAdding(''))
          }}
        >
          <DelegationSelect label={t('consensus.parties.add')} testId="party-add-select" value={adding} exclude={new Set(parties)} onChange={setAdding} />
          <button type="submit" className="button button--small" data-testid="party-add" disabled={!adding}>
            {t('consensus.parties.addButton')}
          </button>
        </form>
      )}
      {isOwner && (
        <form
          className="party-add"
          onSubmit={(event) => {
            event.preventDefault()
            const chosen = groups.find((g) => g.id === group)
            if (!chosen) return
            void save([...parties, ...chosen.members.filter((code) => !parties.includes(code))]).then(() => setGroup(''))
          }}
        >
          <div className="field">
            <label htmlFor={`${ids}-group`}>{t('consensus.parties.addGroup')}</label>
            <select id={`${ids}-group`} data-testid="party-group-select" value={group} onChange={(event) => setGroup(event.target.value)}>
              <option value="">{t('consensus.parties.chooseGroup')}</option>
              {groups.map((g) => (
                <option key={g.id} value={g.id}>
                  {groupName(g, i18n.language)} ({g.members.join(', ')})
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button button--small" data-testid="party-group-add" disabled={!group}>
            {t('consensus.parties.addGroupButton')}
          </button>
        </form>
      )}
      {problem && (
        <p className="field__error" role="alert">
          {problem}
        </p>
      )}
    </section>
  )
}

function MatrixFilters({ filters, onChange, parties }: { filters: Filters; onChange: (f: Filters) => void; parties: readonly string[] }) {
  const { t, i18n } = useTranslation()
  const ids = useId()
  return (
    <fieldset className="review-filters consensus-filters" data-testid="consensus-filters">
      <legend className="visually-hidden">{t('consensus.filters.label')}</legend>
      <label className="check-option">
        <input type="checkbox" data-testid="consensus-filter-open" checked={filters.openOnly} onChange={(e) => onChange({ ...filters, openOnly: e.target.checked })} />
        <span>{t('consensus.filters.openOnly')}</span>
      </label>
      <label className="check-option">
        <input
          type="checkbox"
          data-testid="consensus-filter-reservations"
          checked={filters.reservationsOnly}
          onChange={(e) => onChange({ ...filters, reservationsOnly: e.target.checked })}
        />
        <span>{t('consensus.filters.reservations')}</span>
      </label>
      <div className="review-filter">
        <label htmlFor={`${ids}-delegation`}>{t('consensus.filters.delegation')}</label>
        <select
          id={`${ids}-delegation`}
          data-testid="consensus-filter-delegation"
          aria-describedby={`${ids}-delegation-hint`}
          value={filters.delegation}
          onChange={(e) => onChange({ ...filters, delegation: e.target.value })}
        >
          <option value="">{t('review.filters.allDelegations')}</option>
          {parties.map((code) => (
            <option key={code} value={code}>
              {delegationLabelOf(code, i18n.language)}
            </option>
          ))}
        </select>
        <p id={`${ids}-delegation-hint`} className="field__hint">
          {t('consensus.filters.delegationHint')}
        </p>
      </div>
    </fieldset>
  )
}

function Matrix({
  summary,
  paragraphs,
  focusedParagraphId,
  onFocusParagraph,
  translation,
}: {
  summary: ConsensusSummary
  paragraphs: ParagraphSummary[]
  focusedParagraphId: string | null
  onFocusParagraph: ConsensusPanelProps['onFocusParagraph']
  translation: ConsensusPanelProps['translation'] | null
}) {
  const { t, i18n } = useTranslation()
  if (paragraphs.length === 0) return <p className="review-empty">{t('consensus.noMatch')}</p>
  return (
    <div className="consensus-matrix-wrap">
      <table className="consensus-matrix" data-testid="consensus-matrix">
        <caption className="visually-hidden">{t('consensus.matrixCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('consensus.paragraph')}</th>
            {summary.parties.map((code) => (
              <th scope="col" key={code} title={delegationLabelOf(code, i18n.language)}>
                {code}
              </th>
            ))}
            <th scope="col">{t('consensus.statusHeading')}</th>
          </tr>
        </thead>
        <tbody>
          {paragraphs.map((paragraph) => (
            <tr
              key={paragraph.paragraphId}
              data-testid="consensus-row"
              data-number={paragraph.number}
              data-status={paragraph.status}
              className={paragraph.paragraphId === focusedParagraphId ? 'consensus-row consensus-row--focused' : 'consensus-row'}
            >
              <th scope="row">
                <button
                  type="button"
                  className="link-button consensus-row__number"
                  aria-pressed={paragraph.paragraphId === focusedParagraphId}
                  onClick={() => onFocusParagraph(paragraph.paragraphId, true)}
                >
                  {paragraph.number}
                </button>
              </th>
              {summary.parties.map((code) => {
                const position = paragraph.positions[code]
                const label = `${code}: ${position ? t(`consensus.stance.${position.stance}`) : t('consensus.stance.none')}`
                return (
                  <td key={code} data-party={code} data-stance={position?.stance ?? 'none'} className={`stance stance--${position?.stance ?? 'none'}`} title={position?.text ?? label}>
                    <span aria-hidden="true">{position ? STANCE_SYMBOL[position.stance] : '·'}</span>
                    <span className="visually-hidden">{label}</span>
                  </td>
                )
              })}
              <td className={`status status--${paragraph.status}`} data-testid="consensus-row-status">
                {t(`consensus.status.${paragraph.status}`)}
                {paragraph.openBrackets > 0 && <span className="status__brackets"> [{paragraph.openBrackets}]</span>}
                {translation && paragraph.status !== 'open' && (translation.status.get(paragraph.paragraphId) ?? 'current') !== 'current' && (
                  <span className="status__translation" data-testid="consensus-row-translation">
                    {' · '}
                    {t('consensus.translationNotCurrent', {
                      language: translation.language.toUpperCase(),
                      status: t(`bilingual.status.${translation.status.get(paragraph.paragraphId) ?? 'current'}`).toLocaleLowerCase(),
                    })}
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function ParagraphDetail({
  documentId,
  paragraph,
  brackets,
  parties,
  ownDelegation,
  canEdit,
  isOwner,
  now,
}: ConsensusPanelProps & { paragraph: ParagraphSummary; brackets: readonly BracketRecord[]; parties: readonly string[] }) {
  const { t, i18n } = useTranslation()
  const here = brackets.filter((b) => b.paragraphId === paragraph.paragraphId)
  const canRecord = canEdit && parties.includes(ownDelegation)
  const ref = useRef<HTMLElement>(null)
  // Braces: Chromium's scrollIntoView now returns a promise, which React would take for a cleanup.
  useEffect(() => {
    ref.current?.scrollIntoView({ block: 'nearest' })
  }, [paragraph.paragraphId])
  return (
    <section ref={ref} className="consensus-detail" aria-labelledby="consensus-detail-heading" data-testid="consensus-detail" data-number={paragraph.number}>
      <h3 id="consensus-detail-heading">
        {paragraph.number} · <span className={`status status--${paragraph.status}`}>{t(`consensus.status.${paragraph.status}`)}</span>
      </h3>
      <p className="consensus-detail__text">{paragraph.text}</p>
      {paragraph.reopened && (
        <p className="review-note" data-testid="consensus-reopened">
          {t('consensus.reopened', {
            name: paragraph.reopened.by?.name ?? t('consensus.someone'),
            delegation: paragraph.reopened.by?.delegation ?? '',
            time: relativeTime(paragraph.reopened.at, i18n.language, now),
          })}
        </p>
      )}
      <h4>{t('consensus.positions')}</h4>
      <ul className="position-list" data-testid="position-list">
        {parties.map((code) => (
          <PositionItem key={code} code={code} position={paragraph.positions[code]} now={now} />
        ))}
      </ul>
      {canRecord && (
        // A new key when the recorded position changes (or is archived by an edit): the form starts from it again.
        <PositionForm
          key={`${paragraph.positions[ownDelegation]?.stance ?? 'none'}:${paragraph.positions[ownDelegation]?.at ?? ''}`}
          documentId={documentId}
          paragraph={paragraph}
          delegation={ownDelegation}
        />
      )}
      {here.length > 0 && (
        <>
          <h4>{t('consensus.brackets')}</h4>
          <ul className="bracket-list" data-testid="bracket-list">
            {here.map((bracket) => (
              <BracketItem key={bracket.id} documentId={documentId} bracket={bracket} isOwner={isOwner} />
            ))}
          </ul>
        </>
      )}
      {paragraph.history.length > 0 && (
        <details className="consensus-history" data-testid="consensus-history">
          <summary>{t('consensus.history', { count: paragraph.history.length })}</summary>
          <ol>
            {paragraph.history.map((archive, index) => (
              <li key={index}>
                <p className="small">
                  {t('consensus.archived', { time: relativeTime(archive.archivedAt, i18n.language, now), name: archive.reopenedBy?.name ?? t('consensus.someone') })}
                </p>
                <ul>
                  {archive.positions.map((position) => (
                    <li key={position.delegation}>
                      {position.delegation}: {t(`consensus.stance.${position.stance}`)}
                      {position.text ? ` — ${position.text}` : ''}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ol>
        </details>
      )}
    </section>
  )
}

function PositionItem({ code, position, now }: { code: string; position: Position | undefined; now: number }) {
  const { t, i18n } = useTranslation()
  return (
    <li className={`position position--${position?.stance ?? 'none'}`} data-testid={`position-${code}`} data-stance={position?.stance ?? 'none'}>
      <span className="position__who">{delegationLabelOf(code, i18n.language)}</span>
      <span className="position__stance">{position ? t(`consensus.stance.${position.stance}`) : t('consensus.stance.none')}</span>
      {position?.text && <q className="position__text">{position.text}</q>}
      {position && (
        <span className="position__by small">
          {position.by.name} · {relativeTime(position.at, i18n.language, now)}
        </span>
      )}
    </li>
  )
}

function PositionForm({ documentId, paragraph, delegation }: { documentId: string; paragraph: ParagraphSummary; delegation: string }) {
  const { t, i18n } = useTranslation()
  const ids = useId()
  const current = paragraph.positions[delegation]
  const [stance, setStance] = useState<Stance | null>(current?.stance ?? null)
  const [text, setText] = useState(current?.text ?? '')
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const needsText = stance !== null && stanceNeedsText(stance)

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    if (needsText && !text.trim()) {
      setProblem(t('consensus.errors.position_text_required'))
      return
    }
    setBusy(true)
    setProblem(null)
    try {
      await recordPosition(documentId, paragraph.paragraphId, { stance, text: needsText ? text.trim() : null })
    } catch (error) {
      setProblem(consensusError(error))
    } finally {
      setBusy(false)
    }
  }

  const options = useMemo(() => [...STANCES, null] as const, [])
  return (
    <form className="position-form" onSubmit={(event) => void submit(event)} data-testid="position-form" noValidate>
      <fieldset>
        <legend>{t('consensus.yourPosition', { delegation: delegationLabelOf(delegation, i18n.language) })}</legend>
        {options.map((option) => (
          <label key={option ?? 'none'} className="check-option">
            <input
              type="radio"
              name={`${ids}-stance`}
              data-testid={`position-stance-${option ?? 'none'}`}
              checked={stance === option}
              onChange={() => setStance(option)}
            />
            <span>{option ? t(`consensus.stance.${option}`) : t('consensus.withdraw')}</span>
          </label>
        ))}
      </fieldset>
      {needsText && (
        <div className="field">
          <label htmlFor={`${ids}-text`}>{t(stance === 'objection' ? 'consensus.objectionText' : 'consensus.reservationText')}</label>
          <textarea id={`${ids}-text`} rows={3} data-testid="position-text" value={text} onChange={(event) => setText(event.target.value)} />
        </div>
      )}
      {problem && (
        <p className="field__error" role="alert">
          {problem}
        </p>
      )}
      <button type="submit" className="button button--primary button--small" data-testid="position-save" disabled={busy}>
        {t('consensus.savePosition')}
      </button>
    </form>
  )
}

function BracketItem({ documentId, bracket, isOwner }: { documentId: string; bracket: BracketRecord; isOwner: boolean }) {
  const { t, i18n } = useTranslation()
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const resolve = async (kind: 'keep' | 'delete' | 'alternative', alternative?: number): Promise<void> => {
    setBusy(true)
    setProblem(null)
    try {
      await resolveBracket(documentId, bracket.id, { kind, ...(alternative === undefined ? {} : { alternative }) })
    } catch (error) {
      setProblem(consensusError(error))
    } finally {
      setBusy(false)
    }
  }
  const sponsors = bracket.sponsors.map((code) => delegationLabelOf(code, i18n.language)).join(', ')
  return (
    <li className={`bracket-item bracket-item--${bracket.status}`} data-testid="bracket-item" data-status={bracket.status} data-bracket-id={bracket.id}>
      <p>
        <span className="bracket-item__alt">{t('consensus.bracket.altN', { n: 1 })}:</span> [{bracket.quote}]{' '}
        <span className="small">{t('consensus.bracket.sponsoredBy', { sponsors })}</span>
      </p>
      {bracket.alternatives.map((text, index) => (
        <p key={index}>
          <span className="bracket-item__alt">{t('consensus.bracket.altN', { n: index + 2 })}:</span> [{text}]
        </p>
      ))}
      {bracket.resolution ? (
        <p className="small" data-testid="bracket-resolution">
          {t(`consensus.bracket.resolved.${bracket.resolution.kind}`, { name: bracket.resolution.by.name, n: (bracket.resolution.alternative ?? 0) + 1 })}
        </p>
      ) : (
        isOwner && (
          <div className="bracket-item__actions" role="group" aria-label={t('consensus.bracket.resolveLabel')}>
            <button type="button" className="button button--small" data-testid="bracket-keep" disabled={busy} onClick={() => void resolve('keep')}>
              {t('consensus.bracket.keep')}
            </button>
            {bracket.alternatives.map((_text, index) => (
              <button
                key={index}
                type="button"
                className="button button--small"
                data-testid={`bracket-choose-${index + 1}`}
                disabled={busy}
                onClick={() => void resolve('alternative', index + 1)}
              >
                {t('consensus.bracket.choose', { n: index + 2 })}
              </button>
            ))}
            <button type="button" className="button button--small button--danger" data-testid="bracket-delete" disabled={busy} onClick={() => void resolve('delete')}>
              {t('consensus.bracket.delete')}
            </button>
          </div>
        )
      )}
      {problem && (
        <p className="field__error" role="alert">
          {problem}
        </p>
      )}
    </li>
  )
}
