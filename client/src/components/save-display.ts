/**
 * What the save indicator says, from the session's count of unacknowledged changes seen over
 * time (UI-SAVE-1). Pure, with the clock passed in, so it is tested without a browser.
 *
 * - A change the server confirms within a second never shows: "Saving…" appears only once
 *   the oldest unconfirmed change has waited `SAVING_AFTER_MS`. Typing with a healthy
 *   connection therefore leaves the indicator still.
 * - Unsaved work is counted in edits, as a person remembers them: the changes made without a
 *   pause longer than `EDIT_GAP_MS` are one edit (a typed phrase, its corrections included),
 *   not one per keystroke or frame.
 * - The time of the last confirmation is kept for "saved 3 minutes ago".
 */
export const SAVING_AFTER_MS = 1000
export const EDIT_GAP_MS = 2000

export interface SaveTracker {
  /** One entry per unconfirmed change, oldest first: when it was made and which edit it belongs to. */
  readonly waiting: ReadonlyArray<{ at: number; edit: number }>
  readonly lastChangeAt: number | null
  readonly edit: number
  /** When the server last confirmed everything. */
  readonly savedAt: number | null
}

export const initialTracker: SaveTracker = { waiting: [], lastChangeAt: null, edit: 0, savedAt: null }

/** Follows the count of unconfirmed changes (`pending`) as it moves. */
export function track(previous: SaveTracker, pending: number, now: number): SaveTracker {
  const waiting = previous.waiting.slice()
  let { lastChangeAt, edit, savedAt } = previous
  if (pending > waiting.length) {
    if (lastChangeAt === null || now - lastChangeAt > EDIT_GAP_MS) edit++
    while (waiting.length < pending) waiting.push({ at: now, edit })
    lastChangeAt = now
  } else if (pending < waiting.length) {
    // The server confirms in order: the oldest changes are the ones acknowledged.
    waiting.splice(0, waiting.length - pending)
    if (pending === 0) savedAt = now
  } else {
    return previous
  }
  return { waiting, lastChangeAt, edit, savedAt }
}

export type SaveLook = 'saved' | 'saving' | 'offline' | 'connecting'

export interface SaveDisplay {
  look: SaveLook
  /** Unsaved edits, as a person counts them. */
  edits: number
  /** Milliseconds since the server last confirmed everything; null if not in this session. */
  savedAgo: number | null
  /** When to look again (ms from now) because the display will change by itself; null: never. */
  recheckIn: number | null
}

export function describeSave(
  tracker: SaveTracker,
  session: { save: 'saved' | 'saving' | 'offline'; connection: string; everConnected: boolean },
  now: number,
): SaveDisplay {
  const edits = new Set(tracker.waiting.map((entry) => entry.edit)).size
  const savedAgo = tracker.savedAt === null ? null : Math.max(0, now - tracker.savedAt)
  if (session.save === 'offline') {
    const connecting = !session.everConnected && edits === 0 && session.connection === 'connecting'
    return { look: connecting ? 'connecting' : 'offline', edits, savedAgo, recheckIn: savedAgo === null ? null : 30_000 }
  }
  const oldest = tracker.waiting[0]
  if (session.save === 'saving' && oldest) {
    const waited = now - oldest.at
    if (waited >= SAVING_AFTER_MS) return { look: 'saving', edits, savedAgo, recheckIn: null }
    return { look: 'saved', edits, savedAgo, recheckIn: SAVING_AFTER_MS - waited }
  }
  return { look: 'saved', edits: 0, savedAgo, recheckIn: savedAgo === null ? null : 30_000 }
}
