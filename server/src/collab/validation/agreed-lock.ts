/**
 * Agreed text, locked ([CONSENSUS-9]): when a draft's owner sets `lockAgreed`, a frame that
 * changes the words of a paragraph every party agreed to (agreed or agreed ad referendum) is
 * refused, unless the change is a suggestion. "The words" are the paragraph's agreed text:
 * its characters with pending insertions left out and pending deletions kept, so adding an
 * insertion, striking words as a deletion, or withdrawing an insertion leaves it as it was,
 * while typing plain text, deleting words for real or accepting a suggestion changes it.
 *
 * The websocket check must be synchronous, so the agreed paragraphs of each locked draft are
 * kept here (`AgreedLocks`), computed from the review document alone (parties, positions,
 * bracket records): when a body connection opens, whenever the server writes the review
 * document, and when access or settings are refreshed. Positions given on an earlier text still
 * count until the reopening watcher archives them a moment later, which errs on the safe side.
 */
import * as Y from 'yjs'
import {
  paragraphStatus,
  PARTIES_SETTING,
  REVIEW_BRACKETS_KEY,
  REVIEW_CONSENSUS_KEY,
  REVIEW_SETTINGS_KEY,
  type BracketRecord,
  type ParagraphConsensus,
} from '@consenso/protocol'
import { BODY_FIELD, INSERTION, markNameOfFormatKey } from '@consenso/schema'
import { RefusedUpdateError } from '../update-validation.ts'
import { silenceLockOf, type SilenceLock } from './silence-lock.ts'

/** The setting's key in the review document's settings map. */
export const LOCK_AGREED_SETTING = 'lockAgreed'

/**
 * The agreed paragraphs (block ids) of a draft whose owner locked agreed text, from its review
 * document; null when the draft is not locked.
 */
export function lockedParagraphs(meta: Y.Doc): ReadonlySet<string> | null {
  const settings = meta.getMap<unknown>(REVIEW_SETTINGS_KEY)
  if (settings.get(LOCK_AGREED_SETTING) !== true) return null
  const stored = settings.get(PARTIES_SETTING)
  const parties = Array.isArray(stored) ? stored.filter((p): p is string => typeof p === 'string') : []
  const locked = new Set<string>()
  if (parties.length === 0) return locked
  const openBrackets = new Map<string, number>()
  for (const record of meta.getMap<BracketRecord>(REVIEW_BRACKETS_KEY).values()) {
    if (record.status === 'open' && record.paragraphId) openBrackets.set(record.paragraphId, (openBrackets.get(record.paragraphId) ?? 0) + 1)
  }
  for (const entry of meta.getMap<ParagraphConsensus>(REVIEW_CONSENSUS_KEY).values()) {
    if (paragraphStatus(parties, entry.positions, openBrackets.get(entry.paragraphId) ?? 0) !== 'open') locked.add(entry.paragraphId)
  }
  return locked
}

/** The locked paragraphs of every locked draft on this instance (only those: the others are not kept). */
export class AgreedLocks {
  readonly #drafts = new Map<string, ReadonlySet<string>>()
  /** Drafts under a running silence procedure (SILENCE-3), read from the same settings. */
  readonly #silenced = new Map<string, SilenceLock>()
  /** Drafts whose review document was read here (locked or not). */
  readonly #read = new Set<string>()

  /** Reads the draft's review document again. */
  note(documentId: string, meta: Y.Doc): void {
    this.#read.add(documentId)
    const locked = lockedParagraphs(meta)
    if (locked) this.#drafts.set(documentId, locked)
    else this.#drafts.delete(documentId)
    const silence = silenceLockOf(meta)
    if (silence) this.#silenced.set(documentId, silence)
    else this.#silenced.delete(documentId)
  }

  silence(documentId: string): SilenceLock | null {
    return this.#silenced.get(documentId) ?? null
  }

  /** Whether the draft's lock was read here since it was last forgotten. */
  known(documentId: string): boolean {
    return this.#read.has(documentId)
  }

  forget(documentId: string): void {
    this.#read.delete(documentId)
    this.#drafts.delete(documentId)
    this.#silenced.delete(documentId)
  }

  get(documentId: string): ReadonlySet<string> | null {
    return this.#drafts.get(documentId) ?? null
  }
}

/** Throws RefusedUpdateError when `update` would change the agreed text of a locked paragraph. */
export function checkAgreedLock(doc: Y.Doc, update: Uint8Array, locked: ReadonlySet<string>): void {
  if (locked.size === 0) return
  const before = agreedTexts(doc, locked)
  if (before.size === 0) return
  // The update applied to a copy: its effect on the words is what counts, however Yjs spells it.
  const scratch = new Y.Doc({ gc: false })
  try {
    Y.applyUpdate(scratch, Y.encodeStateAsUpdate(doc))
    Y.applyUpdate(scratch, update)
    const after = agreedTexts(scratch, locked)
    for (const [id, text] of before) {
      if (after.get(id) !== text) throw new RefusedUpdateError('an agreed paragraph is locked: change it as a suggestion')
    }
  } finally {
    scratch.destroy()
  }
}

/** Each locked paragraph's agreed text: pending insertions left out, pending deletions kept. */
function agreedTexts(doc: Y.Doc, ids: ReadonlySet<string>): Map<string, string> {
  const texts = new Map<string, string>()
  const visit = (parent: Y.XmlFragment | Y.XmlElement): void => {
    for (const child of parent.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue
      const id = child.getAttribute('id')
      if (child.nodeName === 'paragraph' && typeof id === 'string' && ids.has(id)) texts.set(id, agreedText(child))
      else visit(child)
    }
  }
  visit(doc.getXmlFragment(BODY_FIELD))
  return texts
}

function agreedText(paragraph: Y.XmlElement): string {
  let text = ''
  for (const child of paragraph.toArray()) {
    if (!(child instanceof Y.XmlText)) continue
    for (const op of child.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
      if (typeof op.insert !== 'string') continue
      const proposed = Object.entries(op.attributes ?? {}).some(([key, value]) => value !== null && markNameOfFormatKey(key) === INSERTION)
      if (!proposed) text += op.insert
    }
  }
  return text
}
