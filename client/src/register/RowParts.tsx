/**
 * What the agreements' and the meetings' tables share: delegations as codes, a row's Edit and
 * Delete, and the column headings with the Actions column's hidden one.
 */
import { useTranslation } from 'react-i18next'
import { TableHead } from '../components/TableHead.tsx'
import { delegationLabelOf } from '../delegations.ts'

/** Delegations as their codes, each named in full on hover; `empty` when there are none. */
export function CodeList({ codes, empty }: { codes: readonly string[]; empty: string }) {
  const { i18n } = useTranslation()
  if (codes.length === 0) return <span className="register-muted">{empty}</span>
  return (
    <ul className="register-codes">
      {codes.map((code) => (
        <li key={code} title={delegationLabelOf(code, i18n.language)}>
          <abbr title={delegationLabelOf(code, i18n.language)}>{code}</abbr>
        </li>
      ))}
    </ul>
  )
}

/** A register table's column headings, then, for whom manages the register, the Actions column's: read out, not shown (the buttons say what they do). */
export function RegisterTableHead({ columns, manage }: { columns: string[]; manage: boolean }) {
  const { t } = useTranslation()
  const actions = (
    <span key="actions" className="visually-hidden">
      {t('register.columns.actions')}
    </span>
  )
  return <TableHead columns={manage ? [...columns, actions] : columns} />
}

/** A row's Edit and Delete, named after the row for a screen reader (`name`: its text or title). */
export function RowActions({ name, onEdit, onDelete }: { name: string; onEdit: () => void; onDelete: () => void }) {
  const { t } = useTranslation()
  return (
    <td className="register-row__actions">
      <button type="button" className="button button--small" onClick={onEdit} aria-label={t('register.editOne', { text: name })}>
        {t('register.edit')}
      </button>
      <button type="button" className="button button--small button--quiet" onClick={onDelete} aria-label={t('register.deleteOne', { text: name })}>
        {t('register.delete')}
      </button>
    </td>
  )
}
