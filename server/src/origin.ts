/**
 * Which browser origins may open a collaboration websocket. Requests without an Origin
 * header come from programs, not browsers, and are not subject to cross-site attacks.
 */
export function isAllowedOrigin(origin: string | undefined, host: string | undefined, allowList: readonly string[]): boolean {
  if (!origin) return true
  const normalised = origin.replace(/\/$/, '')
  if (allowList.length > 0) return allowList.includes(normalised)
  try {
    return new URL(normalised).host === host
  } catch {
    return false
  }
}
