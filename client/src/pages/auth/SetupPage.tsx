import { useTranslation } from 'react-i18next'
import { ApiRequestError, describeError, setupFirstAdmin } from '../../api.ts'
import { useAuth } from '../../auth/context.ts'
import { useDocumentTitle } from '../../components/useDocumentTitle.ts'
import { AccountForm } from './AccountForm.tsx'
import { AuthLayout } from './AuthLayout.tsx'

/** First run: nobody has an account yet, and whoever installed Consenso creates the first. */
export function SetupPage() {
  const { t } = useTranslation()
  const { signedIn, retry } = useAuth()
  useDocumentTitle(t('setup.documentTitle'))

  return (
    <AuthLayout
      testId="setup"
      title={t('setup.heading')}
      intro={
        <>
          <p>{t('setup.intro')}</p>
          <p className="muted small">{t('setup.introAdmin')}</p>
        </>
      }
    >
      <AccountForm
        chooseDelegation
        submitLabel={t('setup.submit')}
        busyLabel={t('setup.submitting')}
        onSubmit={async ({ name, email, delegation, password }) => {
          try {
            signedIn(await setupFirstAdmin({ name, email, delegation, password }))
          } catch (error) {
            if (error instanceof ApiRequestError && error.status === 409) {
              // Someone completed the setup meanwhile: the page should now ask to sign in.
              retry()
              throw new Error(t('setup.errors.done'))
            }
            throw new Error(t('setup.errors.failed', { message: describeError(error) }))
          }
        }}
      />
    </AuthLayout>
  )
}
