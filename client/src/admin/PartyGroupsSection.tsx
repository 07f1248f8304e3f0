/**
 * Party groups on the administration page (PARTY-*, UI-PARTY-1): the groups an owner adds to
 * a draft's parties in one step — the CRM members, the CSM members, the ad hoc group, each
 * troika. Administrators add a group, change its names and members as presidencies change,
 * and delete it (after confirming).
 */
import { useId, useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { PartyGroup } from '@consenso/protocol'
import { describeError } from '../api.ts'
import { ConfirmDialog, Dialog } from '../components/Dialog.tsx'
import { TextField } from '../components/Field.tsx'
import { FormActions } from '../components/FormActions.tsx'
import { DelegationChecklist } from '../register/DelegationChecklist.tsx'
import { createPartyGroup, deletePartyGroup, groupName, updatePartyGroup, usePartyGroups } from './party-groups.ts'
import './party-groups.css'

export function PartyGroupsSection({ onChanged }: { onChanged: () => void }) {
  const { t, i18n } = useTranslation()
  const ids = useId()
  const { state, reload } = usePartyGroups()
  // null: closed; 'new': adding; a group: changing it.
  const [editing, setEditing] = useState<PartyGroup | 'new' | null>(null)
  const [removing, setRemoving] = useState<PartyGroup | null>(null)
  const [removeError, setRemoveError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [done, setDone] = useState<string | null>(null)
  const changed = (message: string): void => {
    setDone(message)
    reload()
    onChanged()
  }

  return (
    <section className="panel admin__groups" aria-labelledby={`${ids}-heading`} data-testid="party-groups">
      <div className="admin__groups-head">
        <h2 id={`${ids}-heading`}>{t('partyGroups.heading')}</h2>
        <button type="button" className="button button--small" data-testid="party-group-new" onClick={() => setEditing('new')}>
          {t('partyGroups.add')}
        </button>
      </div>
      <p className="muted small">{t('partyGroups.intro')}</p>
      <p role="status" className="small" data-testid="party-groups-status">
        {done ?? ''}
      </p>
      {state.kind === 'loading' && <p className="muted">{t('partyGroups.loading')}</p>}
      {state.kind === 'error' && (
        <p className="notice notice--error" role="alert">
          {t('partyGroups.loadError', { message: state.message })}
        </p>
      )}
      {state.kind === 'ready' && (
        <ul className="party-group-list">
          {state.value.map((group) => (
            <li key={group.id} className="party-group" data-testid="party-group" data-group-id={group.id}>
              <div>
                <p className="party-group__name">{groupName(group, i18n.language)}</p>
                <p className="party-group__members small">{group.members.join(', ')}</p>
              </div>
              <div className="party-group__actions">
                <button type="button" className="button button--small" data-testid="party-group-edit" aria-label={t('partyGroups.editNamed', { name: groupName(group, i18n.language) })} onClick={() => setEditing(group)}>
                  {t('partyGroups.edit')}
                </button>
                <button
                  type="button"
                  className="button button--small button--quiet"
                  data-testid="party-group-delete"
                  aria-label={t('partyGroups.deleteNamed', { name: groupName(group, i18n.language) })}
                  onClick={() => {
                    setRemoveError(null)
                    setRemoving(group)
                  }}
                >
                  {t('partyGroups.delete')}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {editing && (
        <GroupDialog
          group={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={(group, created) => {
            setEditing(null)
            changed(t(created ? 'partyGroups.created' : 'partyGroups.saved', { name: groupName(group, i18n.language) }))
          }}
        />
      )}
      <ConfirmDialog
        open={removing !== null}
        title={removing ? t('partyGroups.confirmTitle', { name: groupName(removing, i18n.language) }) : ''}
        body={t('partyGroups.confirmBody')}
        confirmLabel={t('partyGroups.delete')}
        danger
        busy={busy}
        error={removeError}
        onCancel={() => setRemoving(null)}
        onConfirm={() => {
          if (!removing) return
          setBusy(true)
          deletePartyGroup(removing.id).then(
            () => {
              setBusy(false)
              const name = groupName(removing, i18n.language)
              setRemoving(null)
              changed(t('partyGroups.deleted', { name }))
            },
            (error: unknown) => {
              setBusy(false)
              setRemoveError(describeError(error))
            },
          )
        }}
      />
    </section>
  )
}

function GroupDialog({ group, onClose, onSaved }: { group: PartyGroup | null; onClose: () => void; onSaved: (group: PartyGroup, created: boolean) => void }) {
  const { t } = useTranslation()
  const [nameEs, setNameEs] = useState(group?.nameEs ?? '')
  const [nameEn, setNameEn] = useState(group?.nameEn ?? '')
  const [members, setMembers] = useState<string[]>(group ? [...group.members] : [])
  const [errors, setErrors] = useState<{ nameEs?: string; nameEn?: string; members?: string }>({})
  const [failure, setFailure] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const nameEsRef = useRef<HTMLInputElement>(null)
  const nameEnRef = useRef<HTMLInputElement>(null)

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    if (busy) return
    const next: typeof errors = {}
    if (!nameEs.trim()) next.nameEs = t('partyGroups.errors.name')
    if (!nameEn.trim()) next.nameEn = t('partyGroups.errors.name')
    if (members.length === 0) next.members = t('partyGroups.errors.members')
    setErrors(next)
    setFailure(null)
    if (next.nameEs) return nameEsRef.current?.focus()
    if (next.nameEn) return nameEnRef.current?.focus()
    if (next.members) return
    setBusy(true)
    try {
      const input = { nameEs: nameEs.trim(), nameEn: nameEn.trim(), members }
      onSaved(group ? await updatePartyGroup(group.id, input) : await createPartyGroup(input), group === null)
    } catch (error) {
      setFailure(t('partyGroups.failed', { message: describeError(error) }))
      setBusy(false)
    }
  }

  return (
    <Dialog open onClose={onClose} title={group ? t('partyGroups.editTitle') : t('partyGroups.addTitle')} testId="party-group-dialog" wide>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <TextField label={t('partyGroups.nameEs')} testId="party-group-name-es" inputRef={nameEsRef} value={nameEs} onChange={(event) => {
            setNameEs(event.target.value)
            setErrors(({ nameEs: _n, ...rest }) => rest)
          }} error={errors.nameEs} />
        <TextField label={t('partyGroups.nameEn')} testId="party-group-name-en" inputRef={nameEnRef} value={nameEn} onChange={(event) => {
            setNameEn(event.target.value)
            setErrors(({ nameEn: _n, ...rest }) => rest)
          }} error={errors.nameEn} />
        <DelegationChecklist legend={t('partyGroups.members')} value={members}
          onChange={(codes) => {
            setMembers(codes)
            setErrors(({ members: _m, ...rest }) => rest)
          }} testId="party-group-members" />
        {errors.members && (
          <p className="field__error" role="alert">
            {errors.members}
          </p>
        )}
        <FormActions error={failure} onCancel={onClose} confirm={{ label: t('partyGroups.save'), testId: 'party-group-save', busy }} />
      </form>
    </Dialog>
  )
}
