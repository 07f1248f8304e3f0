import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { findDelegation } from '@consenso/protocol'
import {
  delegationGroups,
  delegationLabel,
  NAME_MAX_LENGTH,
  personOf,
  saveIdentity,
  textColorOn,
  type Identity,
} from '../identity.ts'
import { caretLabel } from '../editor/carets.ts'

interface IdentityDialogProps {
  open: boolean
  identity: Identity | null
  /** First visit: nothing works without a name, so the dialog cannot be dismissed. */
  required: boolean
  onClose: () => void
}

/**
 * A native modal <dialog>: the browser makes the rest of the page inert, keeps focus inside
 * and returns it to the opener on close, which a hand-made overlay would have to imitate.
 */
export function IdentityDialog({ open, identity, required, onClose }: IdentityDialogProps) {
  const { t, i18n } = useTranslation()
  const dialogRef = useRef<HTMLDialogElement>(null)
  const nameRef = useRef<HTMLInputElement>(null)
  const delegationRef = useRef<HTMLSelectElement>(null)
  const [name, setName] = useState(identity?.name ?? '')
  const [delegation, setDelegation] = useState(identity?.delegation ?? '')
  const [errors, setErrors] = useState<{ name?: string; delegation?: string }>({})
  const ids = useId()

  useEffect(() => {
    const dialog = dialogRef.current
    if (!dialog) return
    if (open && !dialog.open) {
      setName(identity?.name ?? '')
      setDelegation(identity?.delegation ?? '')
      setErrors({})
      dialog.showModal()
      nameRef.current?.focus()
      nameRef.current?.select()
    } else if (!open && dialog.open) {
      dialog.close()
    }
  }, [open, identity])

  const submit = (event: FormEvent): void => {
    event.preventDefault()
    const trimmed = name.trim()
    const next: typeof errors = {}
    if (!trimmed) next.name = t('identity.errors.nameRequired')
    else if (trimmed.length > NAME_MAX_LENGTH) next.name = t('identity.errors.nameTooLong', { max: NAME_MAX_LENGTH })
    if (!findDelegation(delegation)) next.delegation = t('identity.errors.delegationRequired')
    setErrors(next)
    if (next.name) return nameRef.current?.focus()
    if (next.delegation) return delegationRef.current?.focus()
    saveIdentity({ name: trimmed, delegation })
    onClose()
  }

  // A <select> does not submit its form on Enter by itself; every field of this one should.
  const onSelectKeyDown = (event: KeyboardEvent<HTMLSelectElement>): void => {
    if (event.key === 'Enter') {
      event.preventDefault()
      event.currentTarget.form?.requestSubmit()
    }
  }

  const chosen = findDelegation(delegation)
  const preview = chosen && name.trim() ? personOf({ name: name.trim(), delegation: chosen.code }) : null

  return (
    <dialog
      ref={dialogRef}
      className="identity-dialog"
      aria-labelledby={`${ids}-title`}
      aria-describedby={`${ids}-intro`}
      data-testid="identity-dialog"
      onCancel={(event) => {
        if (required) event.preventDefault()
        else onClose()
      }}
    >
      <form onSubmit={submit} noValidate>
        <h2 id={`${ids}-title`}>{t('identity.title')}</h2>
        <p id={`${ids}-intro`} className="identity-dialog__intro">
          {t('identity.intro')}
        </p>

        <div className="field">
          <label htmlFor={`${ids}-name`}>{t('identity.name')}</label>
          <input
            ref={nameRef}
            id={`${ids}-name`}
            name="name"
            data-testid="identity-name"
            type="text"
            autoComplete="name"
            autoFocus
            maxLength={NAME_MAX_LENGTH}
            placeholder={t('identity.namePlaceholder')}
            value={name}
            onChange={(event) => {
              setName(event.target.value)
              if (errors.name) setErrors(({ name: _name, ...rest }) => rest)
            }}
            aria-invalid={errors.name ? true : undefined}
            aria-describedby={errors.name ? `${ids}-name-error` : undefined}
            required
          />
          {errors.name && (
            <p id={`${ids}-name-error`} className="field__error" role="alert">
              {errors.name}
            </p>
          )}
        </div>

        <div className="field">
          <label htmlFor={`${ids}-delegation`}>{t('identity.delegation')}</label>
          <select
            ref={delegationRef}
            id={`${ids}-delegation`}
            name="delegation"
            data-testid="identity-delegation"
            value={delegation}
            onChange={(event) => {
              setDelegation(event.target.value)
              if (errors.delegation) setErrors(({ delegation: _delegation, ...rest }) => rest)
            }}
            onKeyDown={onSelectKeyDown}
            aria-invalid={errors.delegation ? true : undefined}
            aria-describedby={errors.delegation ? `${ids}-delegation-error` : undefined}
            required
          >
            <option value="" disabled>
              {t('identity.chooseDelegation')}
            </option>
            {delegationGroups(i18n.language).map((group) => (
              <optgroup key={group.key} label={t(`identity.${group.key}`)}>
                {group.delegations.map((d) => (
                  <option key={d.code} value={d.code}>
                    {delegationLabel(d, i18n.language)}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
          {errors.delegation && (
            <p id={`${ids}-delegation-error`} className="field__error" role="alert">
              {errors.delegation}
            </p>
          )}
        </div>

        <div className="identity-dialog__preview" aria-live="polite">
          {preview && (
            <>
              <span className="identity-dialog__preview-label">{t('identity.preview')}</span>
              <span
                className="identity-dialog__preview-caret"
                style={{ backgroundColor: preview.color, color: textColorOn(preview.color) }}
              >
                {caretLabel({ ...preview })}
              </span>
            </>
          )}
        </div>

        <div className="dialog-actions">
          {!required && (
            <button type="button" className="button button--quiet" onClick={onClose}>
              {t('identity.cancel')}
            </button>
          )}
          <button type="submit" className="button button--primary" data-testid="identity-submit">
            {required ? t('identity.submitFirst') : t('identity.submit')}
          </button>
        </div>
      </form>
    </dialog>
  )
}
