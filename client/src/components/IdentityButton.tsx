import { useTranslation } from 'react-i18next'
import { personOf, type Identity } from '../identity.ts'
import { Avatar } from './Avatar.tsx'

export function IdentityButton({ identity, onClick }: { identity: Identity | null; onClick: () => void }) {
  const { t } = useTranslation()
  if (!identity) return null
  return (
    <button
      type="button"
      className="identity-button"
      data-testid="identity-button"
      onClick={onClick}
      aria-label={t('identity.button', { name: identity.name, delegation: identity.delegation })}
      title={t('identity.button', { name: identity.name, delegation: identity.delegation })}
    >
      <Avatar person={personOf(identity)} size="small" decorative />
      <span className="identity-button__name">{identity.name}</span>
      <span className="identity-button__delegation">{identity.delegation}</span>
    </button>
  )
}
