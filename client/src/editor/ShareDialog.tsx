import { useCallback, useEffect, useId, useMemo, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { ROLE_RANK, ROLES, type MemberEntry, type Principal, type PublicUser, type ReviewSettings, type Role } from '@consenso/protocol'
import { ApiRequestError, describeError, getMembers, listUsers, removeMember, setMember, updateReviewSettings } from '../api.ts'
import { useSignedInUser } from '../auth/context.ts'
import { DelegationSelect } from '../components/DelegationSelect.tsx'
import { ConfirmDialog, Dialog } from '../components/Dialog.tsx'
import { delegationLabelOf, delegationName } from '../delegations.ts'
import i18next from '../i18n/index.ts'
import { initials } from '../people.ts'
import { RetryNotice } from '../components/LoadStatus.tsx'
import { CheckboxField } from '../components/CheckboxField.tsx'

interface ShareDialogProps {
  open: boolean
  onClose: () => void
  documentId: string
  title: string
  /** The signed-in person's role: only owners change who has access. */
  role: Role
  /** Something changed: the page asks for the person's own role again. */
  onChanged: () => void
  /** The owner's "require suggestions" setting, as the review document has it now. */
  settings: ReviewSettings
}

const principalKey = (principal: Principal): string => `${principal.type}:${principal.id}`

/** Owners first, then down the roles; delegations before people; then by name. */
function sortMembers(members: MemberEntry[]): MemberEntry[] {
  return [...members].sort(
    (a, b) =>
      ROLE_RANK[b.role] - ROLE_RANK[a.role] ||
      Number(b.principal.type === 'delegation') - Number(a.principal.type === 'delegation') ||
      a.label.localeCompare(b.label),
  )
}

/** Sharing mistakes the server refuses, in words for the owner. */
function shareError(error: unknown): string {
  const t = i18next.t
  if (error instanceof ApiRequestError && error.status === 409) return t('share.errors.lastOwner')
  if (error instanceof ApiRequestError && error.status === 403) return t('share.errors.notOwner')
  return t('share.errors.failed', { message: describeError(error) })
}

export function ShareDialog(props: ShareDialogProps) {
  const { t } = useTranslation()
  return (
    <Dialog
      open={props.open}
      onClose={props.onClose}
      title={t('share.title', { title: props.title })}
      description={<p>{t('share.intro')}</p>}
      testId="share-dialog"
      wide
    >
      <SharePanel {...props} />
    </Dialog>
  )
}

type Members = { kind: 'loading' } | { kind: 'ready'; members: MemberEntry[] } | { kind: 'error'; message: string }

interface PendingConfirm {
  principal: Principal
  /** null: remove. */
  role: Role | null
}

/**
 * Draft-wide settings for owners: "Require suggestions" (every change by editors becomes a
 * suggestion for owners to accept) and "Lock agreed paragraphs" (the server refuses edits of
 * agreed text other than suggestions). Each checkbox shows the live setting; while its request
 * runs it shows what was asked.
 */
function ReviewSettingsFields({ documentId, owner, value }: { documentId: string; owner: boolean; value: ReviewSettings }) {
  const { t } = useTranslation()
  const [asked, setAsked] = useState<Partial<ReviewSettings>>({})
  const [error, setError] = useState<string | null>(null)
  if (!owner) {
    return value.requireSuggesting || value.lockAgreed ? (
      <>
        {value.requireSuggesting && (
          <p className="notice notice--info" data-testid="require-suggesting-note">
            {t('suggestions.require.note')}
          </p>
        )}
        {value.lockAgreed && (
          <p className="notice notice--info" data-testid="lock-agreed-note">
            {t('consensus.lock.note')}
          </p>
        )}
      </>
    ) : null
  }
  const change = <K extends keyof ReviewSettings>(key: K, next: ReviewSettings[K]): void => {
    setAsked((a) => ({ ...a, [key]: next }))
    setError(null)
    const done = (): void => setAsked((a) => Object.fromEntries(Object.entries(a).filter(([k]) => k !== key)))
    updateReviewSettings(documentId, { [key]: next }).then(done, (failure: unknown) => {
      done()
      setError(t('review.errors.failed', { message: describeError(failure) }))
    })
  }
  return (
    <fieldset className="share-settings" data-testid="review-settings">
      <legend>{t('suggestions.require.legend')}</legend>
      <CheckboxField
        label={t('suggestions.require.label')}
        hint={t('suggestions.require.hint')}
        checked={asked.requireSuggesting ?? value.requireSuggesting}
        disabled={asked.requireSuggesting !== undefined}
        testId="require-suggesting"
        onChange={(checked) => change('requireSuggesting', checked)}
      />
      <CheckboxField
        label={t('consensus.lock.label')}
        hint={t('consensus.lock.hint')}
        checked={asked.lockAgreed ?? value.lockAgreed}
        disabled={asked.lockAgreed !== undefined}
        testId="lock-agreed"
        onChange={(checked) => change('lockAgreed', checked)}
      />
      <div className="field share-settings__language">
        <label htmlFor={`${documentId}-text-language`}>{t('share.textLanguage')}</label>
        <select
          id={`${documentId}-text-language`}
          data-testid="text-language"
          value={asked.language ?? value.language ?? ''}
          disabled={asked.language !== undefined}
          onChange={(event) => {
            const next = event.target.value
            if (next === 'es' || next === 'en') change('language', next)
          }}
        >
          {(asked.language ?? value.language) === null && <option value="">{t('share.textLanguageUnset')}</option>}
          <option value="es">{t('language.es')}</option>
          <option value="en">{t('language.en')}</option>
        </select>
        <p className="field__hint">{t('share.textLanguageHint')}</p>
      </div>
      {error && (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  )
}

function SharePanel({ documentId, role, onChanged, onClose, settings }: ShareDialogProps) {
  const { t, i18n } = useTranslation()
  const me = useSignedInUser()
  const owner = role === 'owner'
  const [members, setMembers] = useState<Members>({ kind: 'loading' })
  const [users, setUsers] = useState<PublicUser[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [confirm, setConfirm] = useState<PendingConfirm | null>(null)

  const load = useCallback((signal?: AbortSignal) => {
    getMembers(documentId, signal).then(
      (response) => setMembers({ kind: 'ready', members: response.members }),
      (failure: unknown) => {
        if (!signal?.aborted) setMembers({ kind: 'error', message: describeError(failure) })
      },
    )
  }, [documentId])

  useEffect(() => {
    const controller = new AbortController()
    load(controller.signal)
    return () => controller.abort()
  }, [load, role])

  // Everyone's delegation next to their name; for owners, also the people to add.
  useEffect(() => {
    const controller = new AbortController()
    listUsers(controller.signal).then(setUsers, () => {
      if (!controller.signal.aborted) setUsers([])
    })
    return () => controller.abort()
  }, [])

  const usersById = useMemo(() => new Map((users ?? []).map((user) => [user.id, user])), [users])

  const labelOf = (entry: MemberEntry): string => {
    if (entry.principal.type === 'delegation') return delegationLabelOf(entry.principal.id, i18n.language)
    const user = usersById.get(entry.principal.id)
    return user ? `${entry.label} · ${user.delegation}` : entry.label
  }

  const apply = async (principal: Principal, next: Role | null, label: string): Promise<boolean> => {
    setBusy(true)
    setError(null)
    setNotice(null)
    try {
      const response = next === null ? await removeMember(documentId, principal) : await setMember(documentId, principal, next)
      setMembers({ kind: 'ready', members: response.members })
      setNotice(
        next === null
          ? t('share.removed', { name: label })
          : t('share.saved', { name: label, role: t(`roles.${next}.name`) }),
      )
      onChanged()
      return true
    } catch (failure) {
      setError(shareError(failure))
      if (failure instanceof ApiRequestError && failure.status === 403) onChanged()
      load()
      return false
    } finally {
      setBusy(false)
    }
  }

  /** Changing one's own access asks first: an owner who steps down cannot undo it alone. */
  const change = (principal: Principal, next: Role | null, label: string): void => {
    const self = principal.type === 'user' && principal.id === me.id
    if (self && (next === null || ROLE_RANK[next] < ROLE_RANK.owner)) setConfirm({ principal, role: next })
    else void apply(principal, next, label)
  }

  const memberKeys = new Set(members.kind === 'ready' ? members.members.map((entry) => principalKey(entry.principal)) : [])

  return (
    <>
      {error && (
        <p className="notice notice--error" role="alert" data-testid="share-error">
          {error}
        </p>
      )}
      <p className="visually-hidden" role="status">
        {notice}
      </p>

      <h3 className="dialog__subheading">{t('share.membersHeading')}</h3>
      {members.kind === 'loading' && (
        <p className="muted" role="status">
          {t('share.loading')}
        </p>
      )}
      {members.kind === 'error' && (
        <RetryNotice message={t('share.loadError', { message: members.message })} onRetry={() => load()} />
      )}
      {members.kind === 'ready' && (
        <ul className="member-list" data-testid="member-list" aria-busy={busy || undefined}>
          {sortMembers(members.members).map((entry) => {
            const label = labelOf(entry)
            const isMe = entry.principal.type === 'user' && entry.principal.id === me.id
            const isMyDelegation = entry.principal.type === 'delegation' && entry.principal.id === me.delegation
            return (
              <li
                key={principalKey(entry.principal)}
                className="member"
                data-testid="member-item"
                data-principal-type={entry.principal.type}
                data-principal-id={entry.principal.id}
                data-role={entry.role}
              >
                <span className={`member__icon member__icon--${entry.principal.type}`} aria-hidden="true">
                  {entry.principal.type === 'delegation' ? entry.principal.id : initials(entry.label)}
                </span>
                <span className="member__who">
                  <span className="member__name">{label}</span>
                  <span className="member__kind">
                    {entry.principal.type === 'delegation'
                      ? t('share.wholeDelegation')
                      : t('share.person')}
                    {isMe && ` · ${t('share.you')}`}
                    {isMyDelegation && ` · ${t('share.yourDelegation')}`}
                  </span>
                </span>
                {owner ? (
                  <>
                    <select
                      className="member__role"
                      data-testid="member-role"
                      aria-label={t('share.roleOf', { name: label })}
                      value={entry.role}
                      disabled={busy}
                      onChange={(event) => change(entry.principal, event.target.value as Role, label)}
                    >
                      {ROLES.map((r) => (
                        <option key={r} value={r}>
                          {t(`roles.${r}.name`)}
                        </option>
                      ))}
                    </select>
                    <button
                      type="button"
                      className="button button--quiet button--small member__remove"
                      data-testid="member-remove"
                      aria-label={t('share.removeWho', { name: label })}
                      title={t('share.removeWho', { name: label })}
                      disabled={busy}
                      onClick={() => change(entry.principal, null, label)}
                    >
                      {t('share.remove')}
                    </button>
                  </>
                ) : (
                  <span className={`role-badge role-badge--${entry.role}`} title={t(`roles.${entry.role}.description`)}>
                    {t(`roles.${entry.role}.name`)}
                  </span>
                )}
              </li>
            )
          })}
        </ul>
      )}

      {owner ? (
        <AddMemberForm
          users={users}
          exclude={memberKeys}
          busy={busy}
          onAdd={(principal, next, label) => apply(principal, next, label)}
        />
      ) : (
        <p className="notice notice--info" data-testid="share-read-only">
          {t('share.onlyOwners')}
        </p>
      )}

      <ReviewSettingsFields documentId={documentId} owner={owner} value={settings} />

      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose} data-testid="share-close">
          {t('common.close')}
        </button>
      </div>

      <ConfirmDialog
        open={confirm !== null}
        title={confirm?.role === null ? t('share.confirmRemoveSelfTitle') : t('share.confirmDowngradeSelfTitle')}
        body={<p>{confirm?.role === null ? t('share.confirmRemoveSelf') : t('share.confirmDowngradeSelf')}</p>}
        confirmLabel={confirm?.role === null ? t('share.remove') : t('share.confirmDowngrade')}
        danger
        busy={busy}
        onCancel={() => {
          setConfirm(null)
          // The select shows the role it was changed to; put it back.
          load()
        }}
        onConfirm={() => {
          if (!confirm) return
          const { principal, role: next } = confirm
          setConfirm(null)
          void apply(principal, next, me.name)
        }}
      />
    </>
  )
}

interface AddMemberFormProps {
  users: PublicUser[] | null
  exclude: ReadonlySet<string>
  busy: boolean
  onAdd: (principal: Principal, role: Role, label: string) => Promise<boolean>
}

function AddMemberForm({ users, exclude, busy, onAdd }: AddMemberFormProps) {
  const { t, i18n } = useTranslation()
  const ids = useId()
  const [kind, setKind] = useState<Principal['type']>('user')
  const [userId, setUserId] = useState('')
  const [delegation, setDelegation] = useState('')
  const [role, setRole] = useState<Role>('commenter')
  const [problem, setProblem] = useState<string | null>(null)

  const candidates = (users ?? [])
    .filter((user) => !exclude.has(`user:${user.id}`))
    .sort((a, b) => a.name.localeCompare(b.name, i18n.language))
  const excludedDelegations = useMemo(
    () => new Set([...exclude].filter((key) => key.startsWith('delegation:')).map((key) => key.slice('delegation:'.length))),
    [exclude],
  )

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    const id = kind === 'user' ? userId : delegation
    if (!id) {
      setProblem(kind === 'user' ? t('share.errors.choosePerson') : t('share.errors.chooseDelegation'))
      return
    }
    setProblem(null)
    const user = kind === 'user' ? users?.find((u) => u.id === id) : undefined
    const label = user ? `${user.name} · ${user.delegation}` : delegationLabelOf(id, i18n.language)
    if (await onAdd({ type: kind, id }, role, label)) {
      setUserId('')
      setDelegation('')
    }
  }

  return (
    <form className="share-add" onSubmit={(event) => void submit(event)} noValidate data-testid="share-form">
      <h3 className="dialog__subheading">{t('share.addHeading')}</h3>
      <fieldset className="segmented">
        <legend>{t('share.with')}</legend>
        <label>
          <input
            type="radio"
            name={`${ids}-kind`}
            value="user"
            data-testid="share-kind-user"
            checked={kind === 'user'}
            onChange={() => {
              setKind('user')
              setProblem(null)
            }}
          />
          <span>{t('share.aPerson')}</span>
        </label>
        <label>
          <input
            type="radio"
            name={`${ids}-kind`}
            value="delegation"
            data-testid="share-kind-delegation"
            checked={kind === 'delegation'}
            onChange={() => {
              setKind('delegation')
              setProblem(null)
            }}
          />
          <span>{t('share.aDelegation')}</span>
        </label>
      </fieldset>

      {kind === 'user' ? (
        <div className="field">
          <label htmlFor={`${ids}-user`}>{t('share.person')}</label>
          <select
            id={`${ids}-user`}
            data-testid="share-user"
            value={userId}
            disabled={users === null}
            aria-busy={users === null || undefined}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? `${ids}-problem` : undefined}
            onChange={(event) => {
              setUserId(event.target.value)
              setProblem(null)
            }}
          >
            <option value="" disabled>
              {users === null ? t('share.loadingPeople') : candidates.length === 0 ? t('share.noPeople') : t('share.choosePerson')}
            </option>
            {candidates.map((user) => (
              <option key={user.id} value={user.id}>
                {user.name} · {user.delegation} ({delegationName(user.delegation, i18n.language)})
              </option>
            ))}
          </select>
        </div>
      ) : (
        <DelegationSelect
          label={t('share.delegation')}
          testId="share-delegation"
          value={delegation}
          exclude={excludedDelegations}
          hint={t('share.delegationHint')}
          onChange={(code) => {
            setDelegation(code)
            setProblem(null)
          }}
        />
      )}
      {problem && (
        <p id={`${ids}-problem`} className="field__error" role="alert">
          {problem}
        </p>
      )}

      <fieldset className="role-picker">
        <legend>{t('share.role')}</legend>
        {ROLES.map((r) => (
          <label key={r} className="role-option">
            <input
              type="radio"
              name={`${ids}-role`}
              value={r}
              data-testid={`share-role-${r}`}
              checked={role === r}
              onChange={() => setRole(r)}
            />
            <span className="role-option__text">
              <span className="role-option__name">{t(`roles.${r}.name`)}</span>
              <span className="role-option__description">{t(`roles.${r}.description`)}</span>
            </span>
          </label>
        ))}
      </fieldset>

      <button type="submit" className="button button--primary" data-testid="share-submit" disabled={busy}>
        {t('share.submit')}
      </button>
    </form>
  )
}
