import type { ReactNode } from 'react'
import { AppHeader } from './AppHeader.tsx'

interface WorkspacePageProps {
  /** The page's own class, beside the shared one-column layout. */
  className: string
  testId: string
  heading: string
  intro: string
  children: ReactNode
}

/** A one-column workspace page (the glossary, the focal points): the header, then its heading and what it is for. */
export function WorkspacePage({ className, testId, heading, intro, children }: WorkspacePageProps) {
  return (
    <>
      <AppHeader />
      <main id="main" className={`page-column ${className}`} tabIndex={-1} data-testid={testId}>
        <h1>{heading}</h1>
        <p className="muted">{intro}</p>
        {children}
      </main>
    </>
  )
}
