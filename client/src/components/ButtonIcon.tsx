import type { ReactNode } from 'react'

/**
 * The line icon a header or toolbar button shows beside its text: drawn on a 20-unit grid at
 * 16 pixels in the text's colour, with round ends and joins, so the icons read as one set.
 * Hidden from assistive technology (and out of the tab order in old browsers that focus SVG):
 * the button's text names it.
 */
export function ButtonIcon({ children }: { children: ReactNode }) {
  return (
    <svg viewBox="0 0 20 20" width="16" height="16" aria-hidden="true" focusable="false">
      <g fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round">
        {children}
      </g>
    </svg>
  )
}
