/**
 * Where to go after signing in. Only a path on this site: `?next=https://elsewhere` or
 * `//elsewhere` must not turn the sign-in page into a redirector.
 */
export function safeNext(search: string): string {
  const next = new URLSearchParams(search).get('next')
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/'
  return next
}

/** The sign-in address that returns to `path` (the front page needs no reminder). */
export function signInPath(path: string): string {
  return path === '/' || path === '' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(path)}`
}
