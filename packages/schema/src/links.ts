/**
 * Where a link may point. Drafts are read by people who click what they see, and a link's
 * target travels into every export (Word, PDF, HTML, Akoma Ntoso): only web and mail addresses
 * are kept, so a file or a client can never plant a `javascript:` or `data:` link in a draft.
 */

/** The longest link target kept (UN document URLs are long, but not this long). */
export const MAX_LINK_HREF = 2000

// eslint-disable-next-line no-control-regex
const CONTROL_OR_SPACE = /[\u0000-\u0020\u007f-\u009f]/u

export function isSafeLinkHref(href: unknown): href is string {
  if (typeof href !== 'string' || href.length === 0 || href.length > MAX_LINK_HREF) return false
  if (CONTROL_OR_SPACE.test(href)) return false
  return /^(https?:\/\/[^/?#]+|mailto:[^@\s]+@)/iu.test(href)
}
