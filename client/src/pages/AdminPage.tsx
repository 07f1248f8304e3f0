import { useCallback, useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react'
import { PartyGroupsSection } from '../admin/PartyGroupsSection.tsx'
import { useTranslation } from 'react-i18next'
import { Link } from 'wouter'
import {
  AUDIT_ACTIONS,
  isRole,
  TEMPLATES,
  type TemplateId,
  type AdminUser,
  type AuditAction,
  type AuditEntry,
  type AuditQuery,
  type DocumentSummary,
  type InvitationCreated,
} from '@consenso/protocol'
import {
  adminAudit,
  adminCreateInvitation,
  adminListUsers,
  adminUpdateUser,
  auditCsvUrl,
  describeError,
  listDocuments,
} from '../api.ts'
import { useSignedInUser } from '../auth/context.ts'
import { EMAIL_PATTERN } from '../auth/passwords.ts'
import { AppHeader } from '../components/AppHeader.tsx'
import { DelegationSelect } from '../components/DelegationSelect.tsx'
import { ConfirmDialog } from '../components/Dialog.tsx'
import { TextField } from '../components/Field.tsx'
import { useDocumentTitle } from '../components/useDocumentTitle.ts'
import { delegationLabelOf } from '../delegations.ts'
import { absoluteTime, localDayStart, preciseTime } from '../format.ts'
import i18next from '../i18n/index.ts'

const AUDIT_PAGE = 200

type Loaded<T> = { kind: 'loading' } | { kind: 'ready'; value: T } | { kind: 'error'; message: string }

export function AdminPage() {
  const { t } = useTranslation()
  const me = useSignedInUser()
  useDocumentTitle(t('admin.documentTitle'))

  const [users, setUsers] = useState<Loaded<AdminUser[]>>({ kind: 'loading' })
  // Bumped after every change made here, so the audit log shows it at once.
  const [auditVersion, setAuditVersion] = useState(0)

  const loadUsers = useCallback((signal?: AbortSignal) => {
    adminListUsers(signal).then(
      (value) => setUsers({ kind: 'ready', value }),
      (error: unknown) => {
        if (!signal?.aborted) setUsers((previous) => (previous.kind === 'ready' ? previous : { kind: 'error', message: describeError(error) }))
      },
    )
  }, [])

  useEffect(() => {
    if (!me.admin) return
    const controller = new AbortController()
    loadUsers(controller.signal)
    // Someone may have accepted an invitation meanwhile.
    const onFocus = (): void => loadUsers()
    window.addEventListener('focus', onFocus)
    return () => {
      controller.abort()
      window.removeEventListener('focus', onFocus)
    }
  }, [loadUsers, me.admin])

  if (!me.admin) {
    return (
      <>
        <AppHeader />
        <main id="main" className="message-page" tabIndex={-1} data-testid="admin-forbidden">
          <h1>{t('admin.forbiddenHeading')}</h1>
          <p>{t('admin.forbiddenBody')}</p>
          <p>
            <Link href="/" className="button">
              {t('notFound.back')}
            </Link>
          </p>
        </main>
      </>
    )
  }

  const userList = users.kind === 'ready' ? users.value : []
  return (
    <>
      <AppHeader />
      <main id="main" className="admin" tabIndex={-1} data-testid="admin-page">
        <div className="section-heading admin__heading">
          <h1>{t('admin.heading')}</h1>
        </div>
        <div className="admin__top">
          <UsersSection
            users={users}
            onRetry={() => loadUsers()}
            onUpdated={(user) => {
              setUsers((previous) =>
                previous.kind === 'ready' ? { kind: 'ready', value: previous.value.map((u) => (u.id === user.id ? user : u)) } : previous,
              )
              setAuditVersion((n) => n + 1)
            }}
          />
          <InviteSection onCreated={() => setAuditVersion((n) => n + 1)} />
        </div>
        <PartyGroupsSection onChanged={() => setAuditVersion((n) => n + 1)} />
        <AuditSection users={userList} version={auditVersion} />
      </main>
    </>
  )
}

// ---------- people ----------

interface PendingChange {
  user: AdminUser
  change: 'disable' | 'enable' | 'makeAdmin' | 'removeAdmin'
}

function UsersSection({
  users,
  onRetry,
  onUpdated,
}: {
  users: Loaded<AdminUser[]>
  onRetry: () => void
  onUpdated: (user: AdminUser) => void
}) {
  const { t, i18n } = useTranslation()
  const me = useSignedInUser()
  const [pending, setPending] = useState<PendingChange | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [notice, setNotice] = useState<string | null>(null)

  const confirm = async (): Promise<void> => {
    if (!pending) return
    setBusy(true)
    setError(null)
    const { user, change } = pending
    try {
      const updated = await adminUpdateUser(
        user.id,
        change === 'disable' || change === 'enable' ? { disabled: change === 'disable' } : { admin: change === 'makeAdmin' },
      )
      onUpdated(updated)
      setNotice(t(`admin.users.done.${change}`, { name: user.name }))
      setPending(null)
    } catch (failure) {
      setError(t('admin.users.failed', { message: describeError(failure) }))
    } finally {
      setBusy(false)
    }
  }

  const sorted = users.kind === 'ready' ? [...users.value].sort((a, b) => a.name.localeCompare(b.name, i18n.language)) : []
  return (
    <section className="panel admin__users" aria-labelledby="admin-users-heading">
      <h2 id="admin-users-heading">{t('admin.users.heading')}</h2>
      <p className="visually-hidden" role="status">
        {notice}
      </p>
      {users.kind === 'loading' && (
        <p className="muted" role="status">
          {t('admin.users.loading')}
        </p>
      )}
      {users.kind === 'error' && (
        <div className="notice notice--error" role="alert">
          <p>{t('admin.users.loadError', { message: users.message })}</p>
          <button type="button" className="button" onClick={onRetry}>
            {t('common.retry')}
          </button>
        </div>
      )}
      {users.kind === 'ready' && (
        <div className="table-scroll">
          <table className="data-table" data-testid="users-table">
            <thead>
              <tr>
                <th scope="col">{t('admin.users.person')}</th>
                <th scope="col">{t('admin.users.delegation')}</th>
                <th scope="col">{t('admin.users.admin')}</th>
                <th scope="col">{t('admin.users.status')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('admin.users.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sorted.map((user) => {
                const self = user.id === me.id
                return (
                  <tr key={user.id} data-testid="user-row" data-user-id={user.id} data-email={user.email} className={user.disabled ? 'is-disabled' : undefined}>
                    <th scope="row">
                      <span className="data-table__name">
                        {user.name}
                        {self && <span className="muted small"> ({t('share.you')})</span>}
                      </span>
                      <span className="data-table__email">{user.email}</span>
                    </th>
                    <td>
                      <abbr title={delegationLabelOf(user.delegation, i18n.language)}>{user.delegation}</abbr>
                    </td>
                    <td>{user.admin ? <span className="tag">{t('admin.users.yes')}</span> : <span className="muted">{t('admin.users.no')}</span>}</td>
                    <td>
                      {user.disabled ? (
                        <span className="tag tag--bad">{t('admin.users.disabled')}</span>
                      ) : (
                        <span className="tag tag--ok">{t('admin.users.active')}</span>
                      )}
                    </td>
                    <td className="data-table__actions">
                      {self ? (
                        <span className="muted small">{t('admin.users.selfNote')}</span>
                      ) : (
                        <>
                          <button
                            type="button"
                            className="button button--small"
                            data-testid="user-toggle-disabled"
                            onClick={() => {
                              setError(null)
                              setPending({ user, change: user.disabled ? 'enable' : 'disable' })
                            }}
                          >
                            {user.disabled ? t('admin.users.enable') : t('admin.users.disable')}
                          </button>
                          <button
                            type="button"
                            className="button button--small"
                            data-testid="user-toggle-admin"
                            onClick={() => {
                              setError(null)
                              setPending({ user, change: user.admin ? 'removeAdmin' : 'makeAdmin' })
                            }}
                          >
                            {user.admin ? t('admin.users.removeAdmin') : t('admin.users.makeAdmin')}
                          </button>
                        </>
                      )}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
      <ConfirmDialog
        open={pending !== null}
        title={pending ? t(`admin.users.confirm.${pending.change}.title`, { name: pending.user.name }) : ''}
        body={pending ? <p>{t(`admin.users.confirm.${pending.change}.body`, { name: pending.user.name, email: pending.user.email })}</p> : null}
        confirmLabel={pending ? t(`admin.users.confirm.${pending.change}.action`) : ''}
        danger={pending?.change === 'disable' || pending?.change === 'removeAdmin'}
        busy={busy}
        error={error}
        onCancel={() => setPending(null)}
        onConfirm={() => void confirm()}
      />
    </section>
  )
}

// ---------- invitations ----------

function InviteSection({ onCreated }: { onCreated: () => void }) {
  const { t, i18n } = useTranslation()
  const [delegation, setDelegation] = useState('')
  const [email, setEmail] = useState('')
  const [admin, setAdmin] = useState(false)
  const [errors, setErrors] = useState<{ delegation?: string; email?: string }>({})
  const [failure, setFailure] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [created, setCreated] = useState<(InvitationCreated & { delegation: string; email: string | null }) | null>(null)
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null)
  const delegationRef = useRef<HTMLSelectElement>(null)
  const emailRef = useRef<HTMLInputElement>(null)
  const linkRef = useRef<HTMLInputElement>(null)
  const ids = useId()

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    if (busy) return
    const trimmed = email.trim()
    const next: typeof errors = {}
    if (!delegation) next.delegation = t('account.errors.delegationRequired')
    if (trimmed && !EMAIL_PATTERN.test(trimmed)) next.email = t('account.errors.emailInvalid')
    setErrors(next)
    setFailure(null)
    if (next.delegation) return delegationRef.current?.focus()
    if (next.email) return emailRef.current?.focus()
    setBusy(true)
    try {
      const invitation = await adminCreateInvitation({ delegation, ...(trimmed ? { email: trimmed } : {}), admin })
      setCreated({ ...invitation, delegation, email: trimmed || null })
      setCopied(null)
      setEmail('')
      setAdmin(false)
      onCreated()
    } catch (error) {
      setFailure(t('admin.invite.failed', { message: describeError(error) }))
    } finally {
      setBusy(false)
    }
  }

  useEffect(() => {
    if (created) linkRef.current?.focus()
  }, [created])

  const copy = async (): Promise<void> => {
    if (!created) return
    try {
      await navigator.clipboard.writeText(created.url)
      setCopied('yes')
    } catch {
      // Clipboard refused (no permission, plain http): leave the link selected to copy by hand.
      linkRef.current?.select()
      setCopied('no')
    }
  }

  return (
    <section className="panel admin__invite" aria-labelledby={`${ids}-heading`}>
      <h2 id={`${ids}-heading`}>{t('admin.invite.heading')}</h2>
      <p className="muted small">{t('admin.invite.intro')}</p>
      <form onSubmit={(event) => void submit(event)} noValidate data-testid="invite-form">
        <DelegationSelect
          label={t('admin.invite.delegation')}
          testId="invite-delegation-select"
          selectRef={delegationRef}
          value={delegation}
          onChange={(code) => {
            setDelegation(code)
            setErrors(({ delegation: _d, ...rest }) => rest)
          }}
          error={errors.delegation}
        />
        <TextField
          label={t('admin.invite.email')}
          testId="invite-email"
          inputRef={emailRef}
          type="email"
          autoComplete="off"
          value={email}
          hint={t('admin.invite.emailHint')}
          onChange={(event) => {
            setEmail(event.target.value)
            setErrors(({ email: _e, ...rest }) => rest)
          }}
          error={errors.email}
        />
        <label className="checkbox">
          <input type="checkbox" checked={admin} onChange={(event) => setAdmin(event.target.checked)} data-testid="invite-admin" />
          <span>
            {t('admin.invite.admin')}
            <span className="checkbox__hint">{t('admin.invite.adminHint')}</span>
          </span>
        </label>
        {failure && (
          <p className="notice notice--error" role="alert">
            {failure}
          </p>
        )}
        <button type="submit" className="button button--primary button--wide" data-testid="invite-submit" disabled={busy}>
          {busy ? t('admin.invite.submitting') : t('admin.invite.submit')}
        </button>
      </form>
      {created && (
        <div className="invite-result" data-testid="invite-result" role="status">
          <p className="invite-result__title">
            {t('admin.invite.created', { delegation: delegationLabelOf(created.delegation, i18n.language) })}
          </p>
          <label className="visually-hidden" htmlFor={`${ids}-link`}>
            {t('admin.invite.link')}
          </label>
          <div className="copy-field">
            <input
              ref={linkRef}
              id={`${ids}-link`}
              type="text"
              readOnly
              value={created.url}
              data-testid="invite-link"
              onFocus={(event) => event.currentTarget.select()}
            />
            <button type="button" className="button" onClick={() => void copy()} data-testid="invite-copy">
              {copied === 'yes' ? t('admin.invite.copied') : t('admin.invite.copy')}
            </button>
          </div>
          {copied === 'no' && <p className="field__error">{t('admin.invite.copyFailed')}</p>}
          <p className="muted small">
            {created.email ? t('admin.invite.onlyFor', { email: created.email }) : t('admin.invite.anyone')}{' '}
            {t('admin.invite.expires', { time: absoluteTime(created.expiresAt, i18n.language) })}
          </p>
        </div>
      )}
    </section>
  )
}

// ---------- audit log ----------

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

function AuditSection({ users, version }: { users: AdminUser[]; version: number }) {
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
        <div className="field">
          <label htmlFor={`${ids}-action`}>{t('admin.audit.action')}</label>
          <select
            id={`${ids}-action`}
            data-testid="audit-action"
            value={filters.action}
            onChange={(event) => update({ action: event.target.value as AuditAction | '' })}
          >
            <option value="">{t('admin.audit.allActions')}</option>
            {actions.map((action) => (
              <option key={action} value={action}>
                {t(`audit.actions.${action}`)}
              </option>
            ))}
          </select>
        </div>
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
      {entries.kind === 'loading' && (
        <p className="muted" role="status">
          {t('admin.audit.loading')}
        </p>
      )}
      {entries.kind === 'error' && (
        <div className="notice notice--error" role="alert">
          <p>{t('admin.audit.loadError', { message: entries.message })}</p>
          <button type="button" className="button" onClick={() => setAttempt((n) => n + 1)}>
            {t('common.retry')}
          </button>
        </div>
      )}
      {entries.kind === 'ready' &&
        (entries.value.length === 0 ? (
          <p className="empty-state" data-testid="audit-empty">
            {t('admin.audit.empty')}
          </p>
        ) : (
          <>
            <div className="table-scroll">
              <table className="data-table data-table--audit" data-testid="audit-table">
                <thead>
                  <tr>
                    <th scope="col">{t('admin.audit.time')}</th>
                    <th scope="col">{t('admin.audit.action')}</th>
                    <th scope="col">{t('admin.audit.actor')}</th>
                    <th scope="col">{t('admin.audit.document')}</th>
                    <th scope="col">{t('admin.audit.target')}</th>
                    <th scope="col">{t('admin.audit.ip')}</th>
                  </tr>
                </thead>
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
