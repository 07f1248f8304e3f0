/**
 * Text under silence (SILENCE-3): while a silence procedure holds a draft, a websocket frame
 * that changes the text under silence — the whole body, or the chosen paragraphs — is refused
 * like any TRUST refusal, suggestions included (comments, which live in the review document,
 * stay open). The procedure is written by the server into the review document's settings
 * (`silence`), so every instance reads it with the agreed-text lock (AgreedLocks).
 *
 * The update is applied to a copy and the text compared, as checkAgreedLock does: a resend of
 * content already here, or an empty answer, changes nothing and passes.
 */
import * as Y from 'yjs'
import { REVIEW_SETTINGS_KEY } from '@consenso/protocol'
import { BODY_FIELD } from '@consenso/schema'
import { RefusedUpdateError } from '../update-validation.ts'

/** The settings key of the running silence procedure. */
export const SILENCE_SETTING = 'silence'

/** What the websocket check needs: the whole body (null) or these block ids. */
export interface SilenceLock {
  paragraphIds: ReadonlySet<string> | null
}

/** The silence procedure holding a draft, from its review document; null when none holds it. */
export function silenceLockOf(meta: Y.Doc): SilenceLock | null {
  const stored = meta.getMap<unknown>(REVIEW_SETTINGS_KEY).get(SILENCE_SETTING)
  if (!stored || typeof stored !== 'object') return null
  const ids = (stored as { paragraphIds?: unknown }).paragraphIds
  return { paragraphIds: Array.isArray(ids) ? new Set(ids.filter((id): id is string => typeof id === 'string')) : null }
}

export function checkSilence(doc: Y.Doc, update: Uint8Array, lock: SilenceLock): void {
  const before = silencedText(doc, lock)
  const scratch = new Y.Doc({ gc: false })
  try {
    Y.applyUpdate(scratch, Y.encodeStateAsUpdate(doc))
    Y.applyUpdate(scratch, update)
    if (silencedText(scratch, lock) !== before) throw new RefusedUpdateError('the text is under silence procedure: it cannot change until the procedure ends')
  } finally {
    scratch.destroy()
  }
}

/** The silenced text with its structure and marks (a suggestion is a change too). */
function silencedText(doc: Y.Doc, lock: SilenceLock): string {
  const body = doc.getXmlFragment(BODY_FIELD)
  const ids = lock.paragraphIds
  if (ids === null) return body.toString()
  const parts: string[] = []
  const visit = (parent: Y.XmlFragment | Y.XmlElement): void => {
    for (const child of parent.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue
      const id = child.getAttribute('id')
      if (typeof id === 'string' && ids.has(id)) parts.push(`${id}:${child.toString()}`)
      else visit(child)
    }
  }
  visit(body)
  return parts.join('\n')
}
