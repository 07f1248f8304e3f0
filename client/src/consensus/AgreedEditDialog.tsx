/**
 * Asked before an edit of a paragraph every party agreed to: whose agreement falls, and that
 * the edit reopens it. When the owner locked agreed paragraphs and the person is editing (not
 * suggesting), the server would refuse the edit: the dialog offers Suggesting instead.
 */
import { useTranslation } from 'react-i18next'
import { ConfirmDialog } from '../components/Dialog.tsx'
import type { AgreedEditAsk } from './consensus-view.ts'

interface AgreedEditDialogProps {
  ask: AgreedEditAsk | null
  locked: boolean
  /** Whether the person may switch to Suggesting themself. */
  canSwitch: boolean
  onClose: () => void
  onProceed: () => void
  onSuggest: () => void
}

export function AgreedEditDialog({ ask, locked, canSwitch, onClose, onProceed, onSuggest }: AgreedEditDialogProps) {
  const { t } = useTranslation()
  const parties = [...(ask?.agreedBy ?? [])].sort().join(', ')
  if (locked) {
    return (
      <ConfirmDialog
        open={ask !== null}
        title={t('consensus.agreedEdit.lockedTitle')}
        body={`${t('consensus.agreedEdit.body', { parties })} ${t('consensus.agreedEdit.locked')}`}
        confirmLabel={canSwitch ? t('consensus.agreedEdit.suggest') : t('common.close')}
        onConfirm={canSwitch ? onSuggest : onClose}
        onCancel={onClose}
      />
    )
  }
  return (
    <ConfirmDialog
      open={ask !== null}
      title={t('consensus.agreedEdit.title')}
      body={`${t('consensus.agreedEdit.body', { parties })} ${t('consensus.agreedEdit.reopens')}`}
      confirmLabel={t('consensus.agreedEdit.proceed')}
      onConfirm={onProceed}
      onCancel={onClose}
    />
  )
}
