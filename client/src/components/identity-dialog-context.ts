import { createContext, useContext } from 'react'

export interface IdentityDialogControl {
  open: () => void
}

export const IdentityDialogContext = createContext<IdentityDialogControl>({ open: () => {} })

export function useIdentityDialog(): IdentityDialogControl {
  return useContext(IdentityDialogContext)
}
