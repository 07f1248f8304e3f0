import { lazy, Suspense, useCallback, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Route, Switch } from 'wouter'
import { IdentityDialog } from './components/IdentityDialog.tsx'
import { IdentityDialogContext } from './components/identity-dialog-context.ts'
import { useIdentity } from './identity.ts'
import { NotFoundPage } from './pages/NotFoundPage.tsx'
import { PortalPage } from './pages/PortalPage.tsx'

// The editor (Tiptap, Yjs, the providers) is most of the bundle; the portal should not wait for it.
const EditorPage = lazy(() => import('./pages/EditorPage.tsx').then((module) => ({ default: module.EditorPage })))

function PageLoading() {
  const { t } = useTranslation()
  return (
    <p className="loading" role="status">
      {t('editor.loading')}
    </p>
  )
}

export function App() {
  const identity = useIdentity()
  const [editing, setEditing] = useState(false)
  const open = useCallback(() => setEditing(true), [])
  const control = useMemo(() => ({ open }), [open])

  return (
    <IdentityDialogContext.Provider value={control}>
      <Switch>
        <Route path="/" component={PortalPage} />
        <Route path="/d/:id">
          {(params) => (
            <Suspense fallback={<PageLoading />}>
              <EditorPage key={params.id} documentId={params.id} />
            </Suspense>
          )}
        </Route>
        <Route component={NotFoundPage} />
      </Switch>
      <IdentityDialog
        open={identity === null || editing}
        identity={identity}
        required={identity === null}
        onClose={() => setEditing(false)}
      />
    </IdentityDialogContext.Provider>
  )
}
