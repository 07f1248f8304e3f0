import { useEffect, useId, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'wouter'
import { AGREEMENT_STATUSES, isAgreementStatus, isOverdue, type Agreement, type AgreementStatus, type DocumentSummary, type Meeting } from '@consenso/protocol'
import { agreementsCsvUrl, agreementsXlsxUrl, deleteAgreement, deleteMeeting, describeError, listDocuments, registerCalendarUrl, updateAgreement, type RegisterFilters } from '../api.ts'
import { AppHeader } from '../components/AppHeader.tsx'
import { TabNav, TabPanel } from '../components/TabNav.tsx'
import { ChoiceField } from '../components/ChoiceField.tsx'
import { DelegationOptions } from '../components/DelegationSelect.tsx'
import { DoneLine, ErrorLine } from '../components/ErrorLine.tsx'
import { LoadStatus } from '../components/LoadStatus.tsx'
import { RemovalDialog } from '../components/RemovalDialog.tsx'
import { useEntryEditing } from '../components/useRemoval.ts'
import { useDocumentTitle } from '../components/useDocumentTitle.ts'
import { searchTargetProps, useSearchTarget } from '../search/focus-target.ts'
import { useDelegations } from '../delegations.ts'
import { currentLanguage } from '../i18n/index.ts'
import { AgreementDialog } from './AgreementDialog.tsx'
import { daysBetween, formatDay, formatDayRange, localToday } from './dates.ts'
import { MeetingDialog } from './MeetingDialog.tsx'
import { CodeList, RegisterTableHead, RowActions } from './RowParts.tsx'
import { useMayManageRegister } from './permissions.ts'
import { useRegister, type LiveState, type Loaded } from './useRegister.ts'
import { MeetingFiles, useFilesByMeeting } from '../files/MeetingFiles.tsx'

export type RegisterTab = 'agreements' | 'meetings'

/**
 * The register of agreements (`/register`) and the meetings calendar (`/register/meetings`);
 * `?agreement=ID` / `?meeting=ID` (a search result) open it at that row (UI-SEARCH-3).
 */
export function RegisterPage({ tab }: { tab: RegisterTab }) {
  const { t } = useTranslation()
  useDocumentTitle(tab === 'agreements' ? t('register.documentTitle') : t('register.meetingsDocumentTitle'))
  const [filters, setFilters] = useState<{ responsible: string; status: AgreementStatus | ''; overdue: boolean }>({ responsible: '', status: '', overdue: false })
  const today = localToday()
  const query: RegisterFilters = {
    ...(filters.responsible ? { responsible: filters.responsible } : {}),
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.overdue ? { overdue: true } : {}),
    today,
  }
  const { agreements, meetings, live, reload } = useRegister(query)
  const [drafts, setDrafts] = useState<DocumentSummary[]>([])
  useEffect(() => {
    const controller = new AbortController()
    listDocuments(controller.signal).then(setDrafts, () => {})
    return () => controller.abort()
  }, [])

  return (
    <>
      <AppHeader />
      <main id="main" className="register" tabIndex={-1} data-testid="register-page">
        <div className="section-heading register__heading">
          <h1>{t('register.heading')}</h1>
          <LiveIndicator state={live} />
        </div>
        <TabNav
          label={t('register.tabsLabel')}
          tabs={[
            { href: '/register', label: t('register.tabs.agreements'), current: tab === 'agreements', testId: 'tab-agreements' },
            { href: '/register/meetings', label: t('register.tabs.meetings'), current: tab === 'meetings', testId: 'tab-meetings' },
          ]}
        />
        {tab === 'agreements' ? (
          <AgreementsView agreements={agreements} meetings={meetings} drafts={drafts} filters={filters} setFilters={setFilters} query={query} today={today} reload={reload} />
        ) : (
          <MeetingsView meetings={meetings} agreements={agreements} drafts={drafts} today={today} reload={reload} filtered={query.responsible !== undefined || query.status !== undefined || query.overdue === true} />
        )}
      </main>
    </>
  )
}

function LiveIndicator({ state }: { state: LiveState }) {
  const { t } = useTranslation()
  return (
    <p className={`register-live register-live--${state}`} role="status" data-testid="register-live">
      <span className="register-live__dot" aria-hidden="true" />
      {t(`register.live.${state}`)}
    </p>
  )
}

function draftTitle(drafts: readonly DocumentSummary[], id: string, untitled: string): string | null {
  const draft = drafts.find((d) => d.id === id)
  return draft ? draft.title || untitled : null
}

// ---------- agreements ----------

interface AgreementsViewProps {
  agreements: Loaded<Agreement[]>
  meetings: Loaded<Meeting[]>
  drafts: DocumentSummary[]
  filters: { responsible: string; status: AgreementStatus | ''; overdue: boolean }
  setFilters: (f: { responsible: string; status: AgreementStatus | ''; overdue: boolean }) => void
  query: RegisterFilters
  today: string
  reload: () => void
}

function AgreementsView({ agreements, meetings, drafts, filters, setFilters, query, today, reload }: AgreementsViewProps) {
  const { t, i18n } = useTranslation()
  const ids = useId()
  const manage = useMayManageRegister()
  const delegations = useDelegations()
  const { editing, open, close, saved, notice, setNotice, removal } = useEntryEditing<Agreement>(deleteAgreement, reload, {
    created: t('register.agreement.created'),
    saved: t('register.agreement.saved'),
    deleted: t('register.agreement.deleted'),
  })
  const [rowError, setRowError] = useState<string | null>(null)
  const meetingList = meetings.kind === 'ready' ? meetings.value : []
  const meetingOf = useMemo(() => new Map(meetingList.map((m) => [m.id, m])), [meetingList])
  const list = agreements.kind === 'ready' ? agreements.value : []
  const overdueCount = list.filter((a) => isOverdue(a, today)).length
  const lang = currentLanguage()
  const target = useSearchTarget('agreement', agreements.kind === 'ready')

  /** Secretariats follow up in the table itself: a status is one choice away. */
  const changeStatus = async (agreement: Agreement, status: AgreementStatus): Promise<void> => {
    setNotice(null)
    setRowError(null)
    try {
      await updateAgreement(agreement.id, { status })
      setNotice(t('register.statusChanged', { status: t(`register.status.${status}`) }))
      reload()
    } catch (failure) {
      setRowError(describeError(failure))
    }
  }

  return (
    <TabPanel title={t('register.tabs.agreements')}>
      <div className="register-toolbar">
        <form className="register-filters" role="search" aria-label={t('register.filters.label')} onSubmit={(event) => event.preventDefault()}>
          <div className="field">
            <label htmlFor={`${ids}-responsible`}>{t('register.filters.responsible')}</label>
            <select id={`${ids}-responsible`} data-testid="filter-responsible" value={filters.responsible} onChange={(event) => setFilters({ ...filters, responsible: event.target.value })}>
              <option value="">{t('register.filters.anyDelegation')}</option>
              {delegations.kind === 'ready' && <DelegationOptions delegations={delegations.delegations} />}
            </select>
          </div>
          <ChoiceField<AgreementStatus | '', AgreementStatus>
            label={t('register.filters.status')}
            testId="filter-status"
            value={filters.status}
            choices={AGREEMENT_STATUSES}
            labelOf={(s) => t(`register.status.${s}`)}
            first={{ value: '', label: t('register.filters.anyStatus') }}
            onChange={(status) => setFilters({ ...filters, status: isAgreementStatus(status) ? status : '' })}
          />
          <label className="register-filters__check">
            <input type="checkbox" data-testid="filter-overdue" checked={filters.overdue} onChange={(event) => setFilters({ ...filters, overdue: event.target.checked })} />
            {t('register.filters.overdueOnly')}
          </label>
        </form>
        <div className="register-actions">
          {manage && (
            <button type="button" className="button button--primary" data-testid="new-agreement" onClick={() => open(null)}>
              {t('register.agreement.new')}
            </button>
          )}
          <a className="button" href={agreementsXlsxUrl({ ...query, lang })} download data-testid="download-xlsx">
            {t('register.downloadXlsx')}
          </a>
          <a className="button" href={agreementsCsvUrl({ ...query, lang })} download data-testid="download-csv">
            {t('register.downloadCsv')}
          </a>
          <a className="button" href={registerCalendarUrl(lang)} download data-testid="download-ics">
            {t('register.downloadIcs')}
          </a>
        </div>
      </div>
      <DoneLine message={notice} />
      <ErrorLine message={rowError} />
      <LoadStatus state={agreements} loading={t('register.loading')} failed={(message) => t('register.loadError', { message })} onRetry={reload} />
      {agreements.kind === 'ready' && (
        <>
          <p className="register-summary" data-testid="register-summary">
            {t('register.summary', { count: list.length })}
            {overdueCount > 0 && <strong className="register-summary__overdue"> · {t('register.summaryOverdue', { count: overdueCount })}</strong>}
          </p>
          {list.length === 0 ? (
            <p className="register-empty">{query.responsible || query.status || query.overdue ? t('register.emptyFiltered') : t('register.empty')}</p>
          ) : (
            <div className="table-scroll register-table-wrap">
              <table className="data-table register-table" data-testid="agreements-table">
                <caption className="visually-hidden">{t('register.tableCaption')}</caption>
                <RegisterTableHead manage={manage} columns={(['agreement', 'responsible', 'due', 'status', 'meeting'] as const).map((column) => t(`register.columns.${column}`))} />
                <tbody>
                  {list.map((a) => {
                    const overdue = isOverdue(a, today)
                    const meeting = a.meetingId ? meetingOf.get(a.meetingId) : undefined
                    const title = a.documentId ? draftTitle(drafts, a.documentId, t('editor.untitled')) : null
                    return (
                      <tr
                        key={a.id}
                        className={overdue ? 'register-row register-row--overdue' : 'register-row'}
                        data-testid="agreement-row"
                        data-overdue={overdue ? 'true' : 'false'}
                        {...searchTargetProps(a.id, target)}
                      >
                        <td className="register-row__text">
                          <p>{a.text}</p>
                          {a.documentId && title && (
                            <Link href={`/d/${a.documentId}${a.blockId ? `?block=${encodeURIComponent(a.blockId)}` : ''}`} className="register-row__link" data-testid="agreement-source">
                              {t('register.inDraft', { title })}
                            </Link>
                          )}
                        </td>
                        <td>
                          <CodeList codes={a.responsible} empty={t('register.nobody')} />
                        </td>
                        <td className="register-row__due">
                          {a.dueDate ? <time dateTime={a.dueDate}>{formatDay(a.dueDate, i18n.language)}</time> : <span className="register-muted">{t('register.noDate')}</span>}
                          {overdue && a.dueDate && (
                            <span className="overdue-badge" data-testid="overdue-badge">
                              <span aria-hidden="true">⚠ </span>
                              {t('register.overdueBy', { count: daysBetween(a.dueDate, today) })}
                            </span>
                          )}
                        </td>
                        <td>
                          {manage ? (
                            <select
                              className={`status-select status-chip--${a.status}`}
                              value={a.status}
                              aria-label={t('register.statusOf', { text: a.text.slice(0, 60) })}
                              data-testid="agreement-row-status"
                              onChange={(event) => {
                                if (isAgreementStatus(event.target.value)) void changeStatus(a, event.target.value)
                              }}
                            >
                              {AGREEMENT_STATUSES.map((s) => (
                                <option key={s} value={s}>
                                  {t(`register.status.${s}`)}
                                </option>
                              ))}
                            </select>
                          ) : (
                            <span className={`status-chip status-chip--${a.status}`}>{t(`register.status.${a.status}`)}</span>
                          )}
                        </td>
                        <td>{meeting ? `${formatDay(meeting.startsOn, i18n.language)} — ${meeting.title}` : <span className="register-muted">—</span>}</td>
                        {manage && <RowActions name={a.text.slice(0, 60)} onEdit={() => open(a)} onDelete={() => removal.ask(a)} />}
                      </tr>
                    )
                  })}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
      <AgreementDialog
        open={editing !== null}
        agreement={editing?.entry ?? null}
        meetings={meetingList}
        drafts={drafts}
        onClose={close}
        onSaved={saved}
      />
      <RemovalDialog removal={removal} title={t('register.agreement.deleteTitle')} confirmLabel={t('register.delete')} body={(a) => t('register.agreement.deleteBody', { text: a.text })} />
    </TabPanel>
  )
}

// ---------- meetings ----------

interface MeetingsViewProps {
  meetings: Loaded<Meeting[]>
  agreements: Loaded<Agreement[]>
  drafts: DocumentSummary[]
  today: string
  reload: () => void
  /** The agreements loaded are filtered: their counts per meeting would mislead. */
  filtered: boolean
}

function MeetingsView({ meetings, agreements, drafts, today, reload, filtered }: MeetingsViewProps) {
  const { t, i18n } = useTranslation()
  const manage = useMayManageRegister()
  const filesByMeeting = useFilesByMeeting()
  const { editing, open, close, saved, notice, removal } = useEntryEditing<Meeting>(deleteMeeting, reload, {
    created: t('register.meeting.created'),
    saved: t('register.meeting.saved'),
    deleted: t('register.meeting.deleted'),
  })
  const list = meetings.kind === 'ready' ? meetings.value : []
  const target = useSearchTarget('meeting', meetings.kind === 'ready')
  const upcoming = list.filter((m) => (m.endsOn ?? m.startsOn) >= today)
  const past = list.filter((m) => (m.endsOn ?? m.startsOn) < today).reverse()
  const counts = new Map<string, number>()
  if (agreements.kind === 'ready' && !filtered) for (const a of agreements.value) if (a.meetingId) counts.set(a.meetingId, (counts.get(a.meetingId) ?? 0) + 1)

  const table = (rows: Meeting[], caption: string, testId: string) => (
    <div className="table-scroll register-table-wrap">
      <table className="data-table register-table meetings-table" data-testid={testId}>
        <caption>{caption}</caption>
        <RegisterTableHead manage={manage} columns={(['date', 'meeting', 'place', 'delegations', 'minutes'] as const).map((column) => t(`register.meetingColumns.${column}`))} />
        <tbody>
          {rows.map((m) => {
            const minutesTitle = m.minutesDocumentId ? draftTitle(drafts, m.minutesDocumentId, t('editor.untitled')) : null
            const count = counts.get(m.id)
            return (
              <tr key={m.id} data-testid="meeting-row" {...searchTargetProps(m.id, target)}>
                <td className="meetings-table__date">
                  <time dateTime={m.startsOn}>{formatDayRange(m.startsOn, m.endsOn, i18n.language)}</time>
                  {m.startTime && m.endTime && m.timeZone && (
                    <span className="meeting-hours" data-testid="meeting-hours">
                      {' '}
                      {m.startTime}–{m.endTime} ({t('register.meeting.timeIn', { zone: m.timeZone.replace(/_/g, ' ') })})
                    </span>
                  )}
                  {m.startsOn <= today && today <= (m.endsOn ?? m.startsOn) && <span className="today-badge">{t('register.meeting.today')}</span>}
                </td>
                <td>
                  <strong>{m.title}</strong>
                  {count !== undefined && <p className="register-muted">{t('register.meeting.agreementCount', { count })}</p>}
                  <MeetingFiles meetingId={m.id} meetingTitle={m.title} files={filesByMeeting.get(m.id) ?? []} />
                </td>
                <td>{m.place || <span className="register-muted">—</span>}</td>
                <td>
                  <CodeList codes={m.delegations} empty="—" />
                </td>
                <td>
                  {m.minutesDocumentId ? (
                    <Link href={`/d/${m.minutesDocumentId}`}>{minutesTitle ?? t('register.meeting.openMinutes')}</Link>
                  ) : (
                    <span className="register-muted">{t('register.meeting.noMinutesYet')}</span>
                  )}
                </td>
                {manage && <RowActions name={m.title} onEdit={() => open(m)} onDelete={() => removal.ask(m)} />}
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )

  return (
    <section className="register-section" aria-label={t('register.tabs.meetings')}>
      <div className="register-toolbar">
        <p className="register-summary">{meetings.kind === 'ready' ? t('register.meeting.summary', { count: list.length }) : null}</p>
        <div className="register-actions">
          {manage && (
            <button type="button" className="button button--primary" data-testid="new-meeting" onClick={() => open(null)}>
              {t('register.meeting.new')}
            </button>
          )}
          <a className="button" href={registerCalendarUrl(currentLanguage())} download data-testid="download-ics">
            {t('register.downloadIcs')}
          </a>
        </div>
      </div>
      <DoneLine message={notice} />
      <LoadStatus state={meetings} loading={t('register.loading')} failed={(message) => t('register.loadError', { message })} onRetry={reload} />
      {meetings.kind === 'ready' && list.length === 0 && <p className="register-empty">{t('register.meeting.empty')}</p>}
      {upcoming.length > 0 && table(upcoming, t('register.meeting.upcoming'), 'meetings-upcoming')}
      {past.length > 0 && table(past, t('register.meeting.past'), 'meetings-past')}
      <MeetingDialog
        open={editing !== null}
        meeting={editing?.entry ?? null}
        drafts={drafts}
        onClose={close}
        onSaved={saved}
      />
      <RemovalDialog removal={removal} title={t('register.meeting.deleteTitle')} confirmLabel={t('register.delete')} body={(m) => t('register.meeting.deleteBody', { title: m.title })} />
    </section>
  )
}
