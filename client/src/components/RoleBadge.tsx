import { useTranslation } from 'react-i18next'
import type { Role } from '@consenso/protocol'

/** The person's role on a draft, with what it allows as the tooltip. */
export function RoleBadge({ role, testId = 'role-badge' }: { role: Role; testId?: string }) {
  const { t } = useTranslation()
  const name = t(`roles.${role}.name`)
  const description = t(`roles.${role}.description`)
  return (
    <span className={`role-badge role-badge--${role}`} data-testid={testId} data-role={role} title={description}>
      <span className="visually-hidden">{t('roles.yourRole')} </span>
      {name}
    </span>
  )
}
