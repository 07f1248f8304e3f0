import { useId, type FormEvent, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorLine } from '../components/ErrorLine.tsx'

interface PracticePanelProps {
  heading: string
  testId: string
  /** Between the heading and the form (a secretariat's comment to act on). */
  notice?: ReactNode
  onSubmit: (event: FormEvent) => void
  /** What went wrong, read out above the buttons. */
  error: string | null
  /** The form's own buttons; Close comes after them. */
  buttons: ReactNode
  onClose: () => void
  children: ReactNode
}

/** The frame of the practices' forms (a practice, a round): heading, fields, what went wrong, the buttons and Close. */
export function PracticePanel({ heading, testId, notice, onSubmit, error, buttons, onClose, children }: PracticePanelProps) {
  const { t } = useTranslation()
  const id = useId()
  return (
    <section className="panel practice-form" aria-labelledby={`${id}-h`} data-testid={testId}>
      <h2 id={`${id}-h`}>{heading}</h2>
      {notice}
      <form onSubmit={onSubmit} noValidate>
        {children}
        <ErrorLine message={error} />
        <div className="practice-form__buttons">
          {buttons}
          <button type="button" className="link-button" onClick={onClose}>
            {t('common.close')}
          </button>
        </div>
      </form>
    </section>
  )
}
