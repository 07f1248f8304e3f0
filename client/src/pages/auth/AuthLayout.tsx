import type { ReactNode } from 'react'
import { AppHeader } from '../../components/AppHeader.tsx'

interface AuthLayoutProps {
  title: string
  intro?: ReactNode
  children: ReactNode
  testId: string
}

/** One centred card under the usual header: sign-in, first-run setup, invitations. */
export function AuthLayout({ title, intro, children, testId }: AuthLayoutProps) {
  return (
    <>
      <AppHeader />
      <main id="main" className="auth-page" tabIndex={-1}>
        <section className="auth-card panel" aria-labelledby="auth-heading" data-testid={testId}>
          <h1 id="auth-heading">{title}</h1>
          {intro && <div className="auth-card__intro">{intro}</div>}
          {children}
        </section>
      </main>
    </>
  )
}
