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
          <nav className="header-nav" aria-label={t('register.navLabel')}>
            <Link href="/register" className="header-link" data-testid="register-link">
              {t('register.navLink')}
            </Link>
          </nav>
        )}
        {user && (
          <nav className="header-nav header-nav--glossary" aria-label={t('glossary.navLabel')}>
            <Link href="/glossary" className="header-link" data-testid="glossary-link">
              {t('glossary.navLink')}
            </Link>
          </nav>
        )}
        {/* Neither the files nor the directory on a draft's page: its title needs the room, and both are a click away from the portal. */}
        {user && !lead && (
          <nav className="header-nav header-nav--files" aria-label={t('files.navLabel')}>
            <Link href="/files" className="header-link" data-testid="files-link">
              {t('files.navLink')}
            </Link>
          </nav>
        )}
        {user && !lead && (
          <nav className="header-nav header-nav--focal" aria-label={t('focalPoints.navLabel')}>
            <Link href="/focal-points" className="header-link" data-testid="focal-points-link">
              {t('focalPoints.navLink')}
            </Link>
          </nav>
        )}
        {user && <Inbox />}
        <LanguageSwitch />
        {user && <UserMenu user={user} />}
      </div>
    </header>
  )
}
