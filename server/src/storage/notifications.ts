/**
 * The notification store (NOTIFY-*): each person's inbox, their preferences, and the mail
 * queue (a notification not yet mailed). Part of every Storage as `storage.notifications`;
 * the memory implementation is here, the SQL ones in notifications-sql.ts. Migration 10.
 */
import {
  DEFAULT_NOTIFICATION_PREFS,
  type NotificationData,
  type NotificationItem,
  type NotificationKind,
  type NotificationPrefs,
} from '@consenso/protocol'

export interface NotificationRecord extends NotificationItem {
  userId: string
  /** When it was mailed (or judged not to be mailed); null while the mailer has it to do. */
  mailedAt: string | null
}

export interface NewNotification {
  id: string
  userId: string
  kind: NotificationKind
  documentId: string | null
  data: NotificationData
  createdAt: string
}

export interface NotificationStore {
  add(notifications: readonly NewNotification[]): Promise<void>
  /** Newest first, at most `limit`. */
  list(userId: string, limit: number): Promise<NotificationRecord[]>
  unreadCount(userId: string): Promise<number>
  /** Marks the given ones (all when `ids` is undefined) read; answers how many changed. */
  markRead(userId: string, ids: readonly string[] | undefined, at: string): Promise<number>
  getPrefs(userId: string): Promise<NotificationPrefs>
  setPrefs(userId: string, prefs: NotificationPrefs): Promise<void>
  /**
   * Claims what is to be mailed now, oldest first, marking it mailed at `now` so that no other
   * instance mails it too: every unmailed notification of people without a digest, and all of
   * a digest reader's once their oldest waiting one was made at or before `digestBefore`.
   */
  claimMail(now: string, digestBefore: string, limit: number): Promise<NotificationRecord[]>
  /** Gives claimed notifications back (the mail could not be sent): the next round tries again. */
  unclaimMail(ids: readonly string[]): Promise<void>
  /**
   * Takes `key` for good (NOTIFY-21: a notice given once across instances, migration 12): true
   * for the one caller whose write landed, false for every later one, whoever asks.
   */
  claimOnce(key: string, at: string): Promise<boolean>
  /** Removes every notification about the draft (it was purged from the trash). */
  forgetDocument(documentId: string): Promise<void>
}

export class MemoryNotificationStore implements NotificationStore {
  readonly #rows: NotificationRecord[] = []
  readonly #prefs = new Map<string, NotificationPrefs>()
  readonly #once = new Map<string, string>()

  async add(notifications: readonly NewNotification[]): Promise<void> {
    for (const n of notifications) this.#rows.push({ ...n, data: structuredClone(n.data), readAt: null, mailedAt: null })
  }

  async list(userId: string, limit: number): Promise<NotificationRecord[]> {
    return this.#rows
      .filter((row) => row.userId === userId)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id))
      .slice(0, limit)
      .map((row) => structuredClone(row))
  }

  async unreadCount(userId: string): Promise<number> {
    return this.#rows.filter((row) => row.userId === userId && row.readAt === null).length
  }

  async markRead(userId: string, ids: readonly string[] | undefined, at: string): Promise<number> {
    let changed = 0
    for (const row of this.#rows) {
      if (row.userId !== userId || row.readAt !== null || (ids && !ids.includes(row.id))) continue
      row.readAt = at
      changed++
    }
    return changed
  }

  async getPrefs(userId: string): Promise<NotificationPrefs> {
    return structuredClone(this.#prefs.get(userId) ?? DEFAULT_NOTIFICATION_PREFS)
  }

  async setPrefs(userId: string, prefs: NotificationPrefs): Promise<void> {
    this.#prefs.set(userId, structuredClone(prefs))
  }

  async claimMail(now: string, digestBefore: string, limit: number): Promise<NotificationRecord[]> {
    const waiting = this.#rows.filter((row) => row.mailedAt === null && row.createdAt <= now)
    const digestDue = new Set(waiting.filter((row) => row.createdAt <= digestBefore).map((row) => row.userId))
    const claimed = waiting
      .filter((row) => this.#prefs.get(row.userId)?.digest !== 'daily' || digestDue.has(row.userId))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
      .slice(0, limit)
    for (const row of claimed) row.mailedAt = now
    return claimed.map((row) => structuredClone(row))
  }

  async unclaimMail(ids: readonly string[]): Promise<void> {
    for (const row of this.#rows) if (ids.includes(row.id)) row.mailedAt = null
  }

  async claimOnce(key: string, at: string): Promise<boolean> {
    if (this.#once.has(key)) return false
    this.#once.set(key, at)
    return true
  }

  async forgetDocument(documentId: string): Promise<void> {
    for (let i = this.#rows.length - 1; i >= 0; i--) if (this.#rows[i]!.documentId === documentId) this.#rows.splice(i, 1)
  }
}
