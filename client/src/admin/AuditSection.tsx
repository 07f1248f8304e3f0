/**
 * The administration page's audit log: filters (person, action, draft, dates), pages of
 * entries with their details in the person's language, and the CSV download.
 */
import { useEffect, useId, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'wouter'
import { AUDIT_ACTIONS, isRole, TEMPLATES, type TemplateId, type AdminUser, type AuditAction, type AuditEntry, type AuditQuery, type DocumentSummary } from '@consenso/protocol'
import { adminAudit, auditCsvUrl, describeError, listDocuments } from '../api.ts'
import { delegationLabelOf } from '../delegations.ts'
import { localDayStart, preciseTime } from '../format.ts'
import i18next from '../i18n/index.ts'
import { TableHead } from '../components/TableHead.tsx'
import { LoadStatus, type Loaded } from '../components/LoadStatus.tsx'
import { ChoiceField } from '../components/ChoiceField.tsx'

const AUDIT_PAGE = 200


interface AuditFilters {
  action: AuditAction | ''
  from: string
  to: string
}

function toQuery(filters: AuditFilters, limit: number): AuditQuery {
  const since = filters.from ? localDayStart(filters.from) : undefined
  // "To" is inclusive: up to the start of the next day.
  const until = filters.to ? localDayStart(filters.to, 1) : undefined
  return {
    ...(filters.action ? { action: filters.action } : {}),
    ...(since ? { since } : {}),
    ...(until ? { until } : {}),
    limit,
  }
}

/** One `details` field of an audit entry in words; unknown fields as they are. */
function describeDetail(key: string, value: string | number | boolean | null): string {
  const t = i18next.t
  const yesNo = (flag: unknown): string => (flag ? t('admin.users.yes') : t('admin.users.no')).toLowerCase()
  switch (key) {
    case 'role':
      return isRole(value) ? t('audit.details.role', { role: t(`roles.${value}.name`) }) : `${key}: ${String(value)}`
    case 'template':
      return (TEMPLATES as readonly unknown[]).includes(value)
        ? t('audit.details.template', { template: t(`templates.${value as TemplateId}.name`) })
        : `${key}: ${String(value)}`
    case 'delegation':
      return t('audit.details.delegation', { delegation: String(value) })
    case 'admin':
      return t('audit.details.admin', { value: yesNo(value) })
    case 'disabled':
      return value ? t('audit.details.disabled') : t('audit.details.enabled')
    case 'sessions':
    case 'sessionsRevoked':
      return t('audit.details.sessions', { count: Number(value) })
    case 'reason':
      return value === 'credentials' || value === 'disabled' || value === 'throttled' ? t(`audit.reasons.${value}`) : `${key}: ${String(value)}`
    default:
      return `${key}: ${String(value)}`
  }
}

export function AuditSection({ users, version }: { users: AdminUser[]; version: number }) {
  const { t, i18n } = useTranslation()
  const ids = useId()
  const [filters, setFilters] = useState<AuditFilters>({ action: '', from: '', to: '' })
  const [limit, setLimit] = useState(AUDIT_PAGE)
  const [entries, setEntries] = useState<Loaded<AuditEntry[]>>({ kind: 'loading' })
  const [documents, setDocuments] = useState<Map<string, DocumentSummary>>(new Map())
  const [attempt, setAttempt] = useState(0)
  const query = useMemo(() => toQuery(filters, limit), [filters, limit])
  const rangeProblem = filters.from && filters.to && filters.from > filters.to ? t('admin.audit.badRange') : null

  useEffect(() => {
    if (rangeProblem) return
    const controller = new AbortController()
    adminAudit(query, controller.signal).then(
      (value) => setEntries({ kind: 'ready', value }),
      (error: unknown) => {
        if (!controller.signal.aborted) setEntries({ kind: 'error', message: describeError(error) })
      },
    )
    return () => controller.abort()
  }, [query, version, attempt, rangeProblem])

  // Titles for the drafts the log mentions (those this administrator may read).
  useEffect(() => {
    const controller = new AbortController()
    listDocuments(controller.signal).then(
      (list) => setDocuments(new Map(list.map((d) => [d.id, d]))),
      () => {},
    )
    return () => controller.abort()
  }, [version])

  const usersById = useMemo(() => new Map(users.map((user) => [user.id, user])), [users])
  const nameOf = (id: string): string | null => usersById.get(id)?.name ?? null

  const target = (value: string | null): string => {
    if (!value) return '—'
    const principal = /^(user|delegation):(.+)$/u.exec(value)
    if (principal?.[1] === 'delegation' && principal[2]) return delegationLabelOf(principal[2], i18n.language)
    if (principal?.[1] === 'user' && principal[2]) return nameOf(principal[2]) ?? value
    return nameOf(value) ?? value
  }

  const update = (patch: Partial<AuditFilters>): void => {
    setFilters((previous) => ({ ...previous, ...patch }))
    setLimit(AUDIT_PAGE)
  }

  const actions = [...AUDIT_ACTIONS].sort((a, b) => t(`audit.actions.${a}`).localeCompare(t(`audit.actions.${b}`), i18n.language))
  return (
    <section className="panel admin__audit" aria-labelledby={`${ids}-heading`}>
      <div className="admin__audit-head">
        <h2 id={`${ids}-heading`}>{t('admin.audit.heading')}</h2>
        <a className="button button--small" href={auditCsvUrl(query)} download data-testid="audit-csv">
          <svg viewBox="0 0 20 20" width="16" height="16" aria-hidden="true" focusable="false">
            <path d="M10 3v9m0 0-3.5-3.5M10 12l3.5-3.5M4 15.5h12" fill="none" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
          {t('admin.audit.csv')}
        </a>
      </div>
      <form className="audit-filters" onSubmit={(event) => event.preventDefault()} data-testid="audit-filters">
        <ChoiceField<AuditAction | '', AuditAction>
          label={t('admin.audit.action')}
          testId="audit-action"
          value={filters.action}
          first={{ value: '', label: t('admin.audit.allActions') }}
          choices={actions}
          labelOf={(action) => t(`audit.actions.${action}`)}
          onChange={(action) => update({ action })}
        />
        <div className="field">
          <label htmlFor={`${ids}-from`}>{t('admin.audit.from')}</label>
          <input id={`${ids}-from`} type="date" data-testid="audit-from" value={filters.from} max={filters.to || undefined} onChange={(event) => update({ from: event.target.value })} />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-to`}>{t('admin.audit.to')}</label>
          <input id={`${ids}-to`} type="date" data-testid="audit-to" value={filters.to} min={filters.from || undefined} onChange={(event) => update({ to: event.target.value })} />
        </div>
        {(filters.action || filters.from || filters.to) && (
          <button type="button" className="button button--quiet" onClick={() => update({ action: '', from: '', to: '' })}>
            {t('admin.audit.clear')}
          </button>
        )}
      </form>
      {rangeProblem && (
        <p className="field__error" role="alert">
          {rangeProblem}
        </p>
      )}
      <LoadStatus state={entries} loading={t('admin.audit.loading')} failed={(message) => t('admin.audit.loadError', { message })} onRetry={() => setAttempt((n) => n + 1)} />
      {entries.kind === 'ready' &&
        (entries.value.length === 0 ? (
          <p className="empty-state" data-testid="audit-empty">
            {t('admin.audit.empty')}
          </p>
        ) : (
          <>
            <div className="table-scroll">
              <table className="data-table data-table--audit" data-testid="audit-table">
                <TableHead columns={(['time', 'action', 'actor', 'document', 'target', 'ip'] as const).map((column) => t(`admin.audit.${column}`))} />
                <tbody>
                  {entries.value.map((entry) => {
                    const known = (AUDIT_ACTIONS as readonly string[]).includes(entry.action)
                    const details = Object.entries(entry.details ?? {}).filter(([, value]) => value !== null && value !== '')
                    const document = entry.documentId ? documents.get(entry.documentId) : undefined
                    return (
                      <tr key={entry.id} data-testid="audit-row" data-action={entry.action}>
                        <td className="data-table__time">
                          <time dateTime={entry.at}>{preciseTime(entry.at, i18n.language)}</time>
                        </td>
                        <td>
                          <span className={`audit-action audit-action--${entry.action.split('.')[0]}${entry.action.endsWith('failed') || entry.action.endsWith('denied') ? ' audit-action--bad' : ''}`}>
                            {known ? t(`audit.actions.${entry.action}`) : entry.action}
                          </span>
                        </td>
                        <td>
                          {entry.actorId ? (
                            <>
                              {nameOf(entry.actorId) ?? <code>{entry.actorId}</code>}
                              {entry.actorDelegation && <span className="muted"> · {entry.actorDelegation}</span>}
                            </>
                          ) : (
                            <span className="muted">{entry.actorDelegation ?? t('admin.audit.noActor')}</span>
                          )}
                        </td>
                        <td>
                          {entry.documentId ? (
                            document ? (
                              <Link href={`/d/${encodeURIComponent(entry.documentId)}`}>{document.title || t('editor.untitled')}</Link>
                            ) : (
                              <code title={entry.documentId}>{entry.documentId}</code>
                            )
                          ) : (
                            <span className="muted">—</span>
                          )}
                        </td>
                        <td className="data-table__target">
                          {target(entry.target)}
                          {details.length > 0 && (
                            <span className="data-table__details">{details.map(([key, value]) => describeDetail(key, value)).join(' · ')}</span>
                          )}
                        </td>
                        <td className="data-table__ip">{entry.ip ?? '—'}</td>
                      </tr>
                    )
                  })}
                </tbody>
              </table>
            </div>
            <p className="muted small admin__audit-foot">
              {t('admin.audit.count', { count: entries.value.length })}{' '}
              {entries.value.length >= limit && (
                <button type="button" className="link-button" onClick={() => setLimit((n) => n + AUDIT_PAGE)}>
                  {t('admin.audit.more')}
                </button>
              )}
            </p>
          </>
        ))}
    </section>
  )
}
