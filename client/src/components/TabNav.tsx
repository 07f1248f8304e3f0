import { useId, type ReactNode } from 'react'
import { Link } from 'wouter'

interface Tab {
  href: string
  label: ReactNode
  current: boolean
  testId: string
}

/** A page's tabs as links (each its own address, so a tab can be bookmarked and shared); the shown one is the current page. */
export function TabNav({ label, tabs }: { label: string; tabs: Tab[] }) {
  return (
    <nav className="register-tabs" aria-label={label}>
      {tabs.map((tab) => (
        <Link key={tab.href} href={tab.href} className="register-tabs__tab" aria-current={tab.current ? 'page' : undefined} data-testid={tab.testId}>
          {tab.label}
        </Link>
      ))}
    </nav>
  )
}

/** The shown tab's content, named by a heading that screen readers list and eyes do not need (the tab says it). */
export function TabPanel({ title, children }: { title: string; children: ReactNode }) {
  const id = useId()
  return (
    <section aria-labelledby={id} className="register-section">
      <h2 id={id} className="visually-hidden">
        {title}
      </h2>
      {children}
    </section>
  )
}
