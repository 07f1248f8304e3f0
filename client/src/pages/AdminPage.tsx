import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react'
import { PartyGroupsSection } from '../admin/PartyGroupsSection.tsx'
import { AliasesSection } from '../admin/AliasesSection.tsx'
import { AuditSection } from '../admin/AuditSection.tsx'
import { useTranslation } from 'react-i18next'
import { type AdminUser, type InvitationCreated } from '@consenso/protocol'
import { adminCreateInvitation, adminListUsers, adminUpdateUser, describeError } from '../api.ts'
import { useSignedInUser } from '../auth/context.ts'
import { EMAIL_PATTERN } from '../auth/passwords.ts'
import { AppHeader } from '../components/AppHeader.tsx'
import { DelegationSelect } from '../components/DelegationSelect.tsx'
import { ConfirmDialog } from '../components/Dialog.tsx'
import { TextField } from '../components/Field.tsx'
import { useDocumentTitle } from '../components/useDocumentTitle.ts'
import { delegationLabelOf } from '../delegations.ts'
import { absoluteTime } from '../format.ts'
import { TableHead } from '../components/TableHead.tsx'
import { LoadStatus, type Loaded } from '../components/LoadStatus.tsx'
import { MessagePage } from '../components/MessagePage.tsx'
import { WideSubmit } from '../components/FormActions.tsx'
import { CheckboxField } from '../components/CheckboxField.tsx'
import { useFormFields } from '../components/useFormFields.ts'


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
    return <MessagePage heading={t('admin.forbiddenHeading')} body={t('admin.forbiddenBody')} testId="admin-forbidden" />
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
        <AliasesSection onChanged={() => setAuditVersion((n) => n + 1)} />
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
  /** Asks to confirm a change to a person, forgetting the last one's failure. */
  const ask = (change: PendingChange): void => {
    setError(null)
    setPending(change)
  }
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
      <LoadStatus state={users} loading={t('admin.users.loading')} failed={(message) => t('admin.users.loadError', { message })} onRetry={onRetry} />
      {users.kind === 'ready' && (
        <div className="table-scroll">
          <table className="data-table" data-testid="users-table">
            <TableHead
              columns={[
                t('admin.users.person'),
                t('admin.users.delegation'),
                t('admin.users.admin'),
                t('admin.users.status'),
                <span className="visually-hidden">{t('admin.users.actions')}</span>,
              ]}
            />
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
                          <button type="button" className="button button--small" data-testid="user-toggle-disabled" onClick={() => ask({ user, change: user.disabled ? 'enable' : 'disable' })}>
                            {user.disabled ? t('admin.users.enable') : t('admin.users.disable')}
                          </button>
                          <button type="button" className="button button--small" data-testid="user-toggle-admin" onClick={() => ask({ user, change: user.admin ? 'removeAdmin' : 'makeAdmin' })}>
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
  const form = useFormFields({ delegation: '', email: '' })
  const [admin, setAdmin] = useState(false)
  const [failure, setFailure] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [created, setCreated] = useState<(InvitationCreated & { delegation: string; email: string | null }) | null>(null)
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null)
  const linkRef = useRef<HTMLInputElement>(null)
  const ids = useId()

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    if (busy) return
    const { delegation, email } = form.values
    const trimmed = email.trim()
    setFailure(null)
    const problems = {
      delegation: delegation ? undefined : t('account.errors.delegationRequired'),
      email: trimmed && !EMAIL_PATTERN.test(trimmed) ? t('account.errors.emailInvalid') : undefined,
    }
    if (!form.check(problems)) return
    setBusy(true)
    try {
      const invitation = await adminCreateInvitation({ delegation, ...(trimmed ? { email: trimmed } : {}), admin })
      setCreated({ ...invitation, delegation, email: trimmed || null })
      setCopied(null)
      form.set('email', '')
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
          selectRef={form.refFor('delegation')}
          value={form.values.delegation}
          onChange={(code) => form.set('delegation', code)}
          error={form.errors.delegation}
        />
        <TextField label={t('admin.invite.email')} testId="invite-email" type="email" autoComplete="off" hint={t('admin.invite.emailHint')} {...form.bind('email')} />
        <CheckboxField label={t('admin.invite.admin')} hint={t('admin.invite.adminHint')} checked={admin} onChange={setAdmin} testId="invite-admin" />
        <WideSubmit error={failure} busy={busy} label={busy ? t('admin.invite.submitting') : t('admin.invite.submit')} testId="invite-submit" />
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
