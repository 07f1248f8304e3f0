import { lazy, Suspense } from 'react'
import { useTranslation } from 'react-i18next'
import { PageChange } from './a11y/PageChange.tsx'
import { Redirect, Route, Switch, useLocation, useSearch } from 'wouter'
import { AuthProvider } from './auth/AuthProvider.tsx'
import { useAuth } from './auth/context.ts'
import { safeNext, signInPath } from './auth/next.ts'
import { AppHeader } from './components/AppHeader.tsx'
import { useDelegationNames } from './delegations.ts'
import { InvitePage } from './pages/auth/InvitePage.tsx'
import { SetupPage } from './pages/auth/SetupPage.tsx'
import { SignInPage } from './pages/auth/SignInPage.tsx'
import { NotFoundPage } from './pages/NotFoundPage.tsx'
import { PortalPage } from './pages/PortalPage.tsx'

// The editor (Tiptap, Yjs, the providers) is most of the bundle; the portal should not wait for it.
const EditorPage = lazy(() => import('./pages/EditorPage.tsx').then((module) => ({ default: module.EditorPage })))
// Administration and the register are visited rarely (and by few): their own chunks, fetched on the way in.
const AdminPage = lazy(() => import('./pages/AdminPage.tsx').then((module) => ({ default: module.AdminPage })))
// The plenary view is opened for a session's screen, not on every visit.
const PlenaryPage = lazy(() => import('./plenary/PlenaryPage.tsx').then((module) => ({ default: module.PlenaryPage })))
const FocalPointsPage = lazy(() => import('./focal-points/FocalPointsPage.tsx').then((module) => ({ default: module.FocalPointsPage })))
const GlossaryPage = lazy(() => import('./glossary/GlossaryPage.tsx').then((module) => ({ default: module.GlossaryPage })))
const PracticesPage = lazy(() => import('./practices/PracticesPage.tsx').then((module) => ({ default: module.PracticesPage })))
const QuestionnairesPage = lazy(() => import('./questionnaires/QuestionnairesPage.tsx').then((module) => ({ default: module.QuestionnairesPage })))
const RegisterPage = lazy(() => import('./register/RegisterPage.tsx').then((module) => ({ default: module.RegisterPage })))

function PageLoading() {
  const { t } = useTranslation()
  return (
    <p className="loading" role="status">
      {t('editor.loading')}
    </p>
  )
}

export function App() {
  return (
    <AuthProvider>
      <Gate />
    </AuthProvider>
  )
}

/**
 * Who may see what: before the first account exists everything leads to /setup; signed out,
 * to /sign-in (remembering the address to return to); the invitation page is open to all.
 */
function Gate() {
  const { t } = useTranslation()
  const { status, user, retry } = useAuth()
  const [location] = useLocation()
  const search = useSearch()
  useDelegationNames()

  if (status.kind === 'loading') return <PageLoading />
  if (status.kind === 'unavailable') {
    return (
      <>
        <AppHeader />
        <main id="main" className="message-page" tabIndex={-1}>
          <h1>{t('auth.unavailableHeading')}</h1>
          <p role="alert">{status.message}</p>
          <p>
            <button type="button" className="button" onClick={retry}>
              {t('common.retry')}
            </button>
          </p>
        </main>
      </>
    )
  }
  if (status.firstRun) return location === '/setup' ? <SetupPage /> : <Redirect to="/setup" replace />

  return (
    <Switch>
      <Route path="/setup">
        <Redirect to="/" replace />
      </Route>
      <Route path="/sign-in">{user ? <Redirect to={safeNext(search)} replace /> : <SignInPage />}</Route>
      <Route path="/invite/:token">{(params) => <InvitePage token={params.token} />}</Route>
      <Route>
        {user ? (
          <SignedIn />
        ) : (
          <Redirect to={signInPath(search ? `${location}?${search}` : location)} replace />
        )}
      </Route>
    </Switch>
  )
}

function SignedIn() {
  return (
    <Suspense fallback={<PageLoading />}>
      <PageChange />
      <Switch>
        <Route path="/" component={PortalPage} />
        <Route path="/admin">{() => <AdminPage />}</Route>
        <Route path="/register">{() => <RegisterPage tab="agreements" />}</Route>
        <Route path="/glossary">{() => <GlossaryPage />}</Route>
        <Route path="/focal-points">{() => <FocalPointsPage />}</Route>
        <Route path="/practices">{() => <PracticesPage tab="catalogue" />}</Route>
        <Route path="/practices/rounds">{() => <PracticesPage tab="rounds" />}</Route>
        <Route path="/questionnaires">{() => <QuestionnairesPage />}</Route>
        <Route path="/questionnaires/:id">{(params) => <QuestionnairesPage key={params.id} id={params.id} />}</Route>
        <Route path="/register/meetings">{() => <RegisterPage tab="meetings" />}</Route>
        <Route path="/d/:id/plenary">{(params) => <PlenaryPage key={params.id} documentId={params.id} />}</Route>
        <Route path="/d/:id">{(params) => <EditorPage key={params.id} documentId={params.id} />}</Route>
        <Route component={NotFoundPage} />
      </Switch>
    </Suspense>
  )
}
