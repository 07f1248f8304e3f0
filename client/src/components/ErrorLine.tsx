import type { ReactNode } from 'react'

interface LineProps {
  message: ReactNode
  testId?: string
}

/** One line of what came of an action: a failure read out at once, a success said politely. */
function NoticeLine({ message, testId, tone }: LineProps & { tone: 'error' | 'success' }) {
  return message ? (
    <p className={`notice notice--${tone}`} role={tone === 'error' ? 'alert' : 'status'} data-testid={testId}>
      {message}
    </p>
  ) : null
}

/** What went wrong, read out at once; nothing when there is no message. */
export function ErrorLine(props: LineProps) {
  return <NoticeLine {...props} tone="error" />
}

/** What went through, said politely; nothing when there is no message. */
export function DoneLine(props: LineProps) {
  return <NoticeLine {...props} tone="success" />
}

/** What came of a page's actions: a failure read out at once, and the status line, always there so each success is heard. */
export function OutcomeLines({ error, done, errorTestId, statusTestId }: { error: string | null; done: string; errorTestId: string; statusTestId: string }) {
  return (
    <>
      <ErrorLine message={error} testId={errorTestId} />
      <p role="status" className="small" data-testid={statusTestId}>
        {done}
      </p>
    </>
  )
}
