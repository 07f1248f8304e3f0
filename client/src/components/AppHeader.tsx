import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'wouter'
import { useAuth } from '../auth/context.ts'
import { LanguageSwitch } from './LanguageSwitch.tsx'
import { UserMenu } from './UserMenu.tsx'
import { Inbox } from '../notifications/Inbox.tsx'
import { SearchBox } from '../search/SearchBox.tsx'

interface AppHeaderProps {
  /** Replaces the brand's tagline: the draft's title and the way back, on the editor page. */
  lead?: ReactNode
  /** Page-specific indicators before the language switch (presence, save status). */
  children?: ReactNode
}

export function AppHeader({ lead, children }: AppHeaderProps) {
  const { t } = useTranslation()
  const { user } = useAuth()
  return (
    <header className={lead ? 'app-header app-header--editor' : 'app-header'}>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <div className="app-header__lead">
        <Link href="/" className="brand" aria-label={`${t('app.name')} — ${t('portal.heading')}`}>
          <span className="brand__mark" aria-hidden="true">
            [ ]
          </span>
          <span className="brand__name">{t('app.name')}</span>
        </Link>
        {lead ?? <span className="app-header__tagline">{t('app.tagline')}</span>}
      </div>
      <div className="app-header__tools">
        {children}
        {user && <SearchBox />}
        {user && (
          <>
            <HeaderLink href="/register" modifier="" label={t('register.navLabel')} text={t('register.navLink')} testId="register-link" />
            <HeaderLink href="/glossary" modifier="glossary" label={t('glossary.navLabel')} text={t('glossary.navLink')} testId="glossary-link" />
          </>
        )}
        {/* Neither the files nor the directory on a draft's page: its title needs the room, and both are a click away from the portal. */}
        {user && !lead && (
          <>
            <HeaderLink href="/files" modifier="files" label={t('files.navLabel')} text={t('files.navLink')} testId="files-link" />
            <HeaderLink href="/focal-points" modifier="focal" label={t('focalPoints.navLabel')} text={t('focalPoints.navLink')} testId="focal-points-link" />
          </>
        )}
        {user && <Inbox />}
        <LanguageSwitch />
        {user && <UserMenu user={user} />}
      </div>
    </header>
  )
}

/** One of the header's ways to a workspace page, a navigation landmark of its own (`modifier`: its class for narrow windows). */
function HeaderLink({ href, modifier, label, text, testId }: { href: string; modifier: string; label: string; text: string; testId: string }) {
  return (
    <nav className={modifier ? `header-nav header-nav--${modifier}` : 'header-nav'} aria-label={label}>
      <Link href={href} className="header-link" data-testid={testId}>
        {text}
      </Link>
    </nav>
  )
}
