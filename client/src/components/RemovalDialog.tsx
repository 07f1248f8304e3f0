import type { ReactNode } from 'react'
import { ConfirmDialog } from './Dialog.tsx'
import type { useRemoval } from './useRemoval.ts'

interface RemovalDialogProps<T extends { id: string }> {
  removal: ReturnType<typeof useRemoval<T>>
  title: string
  confirmLabel: string
  /** What is about to be deleted, in words. */
  body: (entry: T) => ReactNode
}

/** "Delete this?" for the entry `removal` asks about, with the request's progress and failure. */
export function RemovalDialog<T extends { id: string }>({ removal, title, confirmLabel, body }: RemovalDialogProps<T>) {
  return (
    <ConfirmDialog
      open={removal.removing !== null}
      title={title}
      body={removal.removing ? <p>{body(removal.removing)}</p> : null}
      confirmLabel={confirmLabel}
      danger
      busy={removal.busy}
      error={removal.error}
      onConfirm={() => void removal.confirm()}
      onCancel={removal.cancel}
    />
  )
}
