/** What went wrong, read out at once; nothing when there is no message. */
export function ErrorLine({ message }: { message: string | null }) {
  return message ? (
    <p className="notice notice--error" role="alert">
      {message}
    </p>
  ) : null
}
