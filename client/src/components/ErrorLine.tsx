import type { ReactNode } from 'react'

/** What went wrong, read out at once; nothing when there is no message. */
export function ErrorLine({ message, testId }: { message: ReactNode; testId?: string }) {
  return message ? (
    <p className="notice notice--error" role="alert" data-testid={testId}>
      {message}
    </p>
  ) : null
}
