import { useCallback, useEffect, useId, useRef, useState, type RefObject } from 'react'

/**
 * A header popup (account menu, inbox) closes on a press outside it, and on Escape, which
 * also gives focus back to the button that opened it.
 */
export function useDismiss(open: boolean, close: () => void, root: RefObject<HTMLElement | null>, opener: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    if (!open) return
    const onPointer = (event: PointerEvent): void => {
      if (!root.current?.contains(event.target as Node)) close()
    }
    const onKey = (event: KeyboardEvent): void => {
      if (event.key !== 'Escape') return
      close()
      opener.current?.focus()
    }
    document.addEventListener('pointerdown', onPointer)
    document.addEventListener('keydown', onKey)
    return () => {
      document.removeEventListener('pointerdown', onPointer)
      document.removeEventListener('keydown', onKey)
    }
  }, [open, close, root, opener])
}

export interface HeaderPopup {
  open: boolean
  setOpen: (open: boolean) => void
  /** For the element that holds the button and the panel: a press inside it keeps the popup open. */
  rootRef: RefObject<HTMLDivElement | null>
  /** The button's own ref, for a dialog opened from the popup to give focus back to. */
  buttonRef: RefObject<HTMLButtonElement | null>
  /** The `id` the panel must carry, which the button names in aria-controls. */
  panelId: string
  /** Spread on the button: it toggles the popup and says whether it is open (a disclosure). */
  buttonProps: {
    ref: RefObject<HTMLButtonElement | null>
    type: 'button'
    'aria-expanded': boolean
    'aria-controls': string
    onClick: () => void
  }
}

/**
 * A header popup's state and wiring, the same for every such disclosure so they behave alike:
 * its button toggles it, and a press outside it or Escape closes it (useDismiss).
 */
export function useHeaderPopup(): HeaderPopup {
  const [open, setOpen] = useState(false)
  const rootRef = useRef<HTMLDivElement>(null)
  const buttonRef = useRef<HTMLButtonElement>(null)
  const panelId = useId()
  const close = useCallback(() => setOpen(false), [])
  useDismiss(open, close, rootRef, buttonRef)
  const toggle = useCallback(() => setOpen((value) => !value), [])
  return {
    open,
    setOpen,
    rootRef,
    buttonRef,
    panelId,
    buttonProps: { ref: buttonRef, type: 'button', 'aria-expanded': open, 'aria-controls': panelId, onClick: toggle },
  }
}
