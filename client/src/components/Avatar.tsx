import { useTranslation } from 'react-i18next'
import { delegationName } from '../delegations.ts'
import { distinctInitials, initials, textColorOn, type Person } from '../people.ts'

interface AvatarProps {
  person: Person
  size?: 'small' | 'normal'
  /** Decorative when a visible or screen-reader label is already next to it. */
  decorative?: boolean
  marker?: string
  /** What the face reads, when the group needs more than the initials (see distinctInitials). */
  text?: string
}

export function Avatar({ person, size = 'normal', decorative = false, marker, text }: AvatarProps) {
  const { t, i18n } = useTranslation()
  const label = t('editor.personLabel', { name: person.name, delegation: delegationName(person.delegation, i18n.language) })
  const full = marker ? `${label} (${marker})` : label
  return (
    <span
      className={`avatar avatar--${size}`}
      style={{ backgroundColor: person.color, color: textColorOn(person.color) }}
      title={full}
      {...(decorative ? { 'aria-hidden': true } : { role: 'img', 'aria-label': full })}
    >
      {text ?? initials(person.name)}
    </span>
  )
}

interface AvatarStackProps {
  people: Array<Person & { key: string; isSelf?: boolean }>
  label: string
  max?: number
  size?: 'small' | 'normal'
}

/** Who is in a draft: the first few faces, then "+N" with everyone's names for assistive tech. */
export function AvatarStack({ people, label, max = 5, size = 'normal' }: AvatarStackProps) {
  const { t } = useTranslation()
  const shown = people.slice(0, max)
  const hidden = people.slice(max)
  const faces = distinctInitials(shown)
  return (
    <ul className={`avatar-stack avatar-stack--${size}`} aria-label={label}>
      {shown.map((person, i) => (
        <li key={person.key}>
          <Avatar person={person} size={size} marker={person.isSelf ? t('editor.you') : undefined} text={faces[i]} />
        </li>
      ))}
      {hidden.length > 0 && (
        <li>
          <span
            className={`avatar avatar--${size} avatar--more`}
            title={hidden.map((person) => `${person.name} · ${person.delegation}`).join('\n')}
            role="img"
            aria-label={`${t('editor.presenceMore', { count: hidden.length })}: ${hidden
              .map((person) => `${person.name} — ${person.delegation}`)
              .join(', ')}`}
          >
            +{hidden.length}
          </span>
        </li>
      )}
    </ul>
  )
}
