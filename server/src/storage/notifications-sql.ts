/** The notification store on SQLite and Postgres (migration 10), through one SqlRunner. */
import {
  DEFAULT_NOTIFICATION_PREFS,
  isNotificationKind,
  type NotificationData,
  type NotificationKind,
  type NotificationPrefs,
} from '@consenso/protocol'
import type { NewNotification, NotificationRecord, NotificationStore } from './notifications.ts'
import { SqlStore } from './sql-runner.ts'

interface NotificationRow {
  id: string
  user_id: string
  kind: string
  document_id: string | null
  data: string
  created_at: string
  read_at: string | null
  mailed_at: string | null
}

const toRecord = (row: NotificationRow): NotificationRecord => ({
  id: row.id,
  userId: row.user_id,
  kind: row.kind as NotificationKind,
  documentId: row.document_id,
  data: JSON.parse(row.data) as NotificationData,
  createdAt: row.created_at,
  readAt: row.read_at,
  mailedAt: row.mailed_at,
})

/** Ids are bound one by one: the list of a mark-read request is small (NOTIFICATIONS_PAGE_MAX). */
const placeholders = (n: number): string => Array.from({ length: n }, () => '?').join(', ')

export class SqlNotificationStore extends SqlStore implements NotificationStore {
  async add(notifications: readonly NewNotification[]): Promise<void> {
    if (notifications.length === 0) return
    await this.sql.batch(
      notifications.map(
        (n) =>
          [
            'INSERT INTO notifications (id, user_id, kind, document_id, data, created_at) VALUES (?, ?, ?, ?, ?, ?)',
            [n.id, n.userId, n.kind, n.documentId, JSON.stringify(n.data), n.createdAt],
          ] as const,
      ),
    )
  }

  async list(userId: string, limit: number): Promise<NotificationRecord[]> {
    const rows = await this.sql.all<NotificationRow>(
      'SELECT * FROM notifications WHERE user_id = ? ORDER BY created_at DESC, id DESC LIMIT ?',
      [userId, limit],
    )
    return rows.map(toRecord)
  }

  async unreadCount(userId: string): Promise<number> {
    const [row] = await this.sql.all<{ n: number | string }>('SELECT count(*) AS n FROM notifications WHERE user_id = ? AND read_at IS NULL', [userId])
    return Number(row?.n ?? 0)
  }

  async markRead(userId: string, ids: readonly string[] | undefined, at: string): Promise<number> {
    if (ids === undefined) return this.sql.run('UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL', [at, userId])
    if (ids.length === 0) return 0
    return this.sql.run(`UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL AND id IN (${placeholders(ids.length)})`, [
      at,
      userId,
      ...ids,
    ])
  }

  async getPrefs(userId: string): Promise<NotificationPrefs> {
    const [row] = await this.sql.all<{ language: string; digest: string; email_off: string }>(
      'SELECT language, digest, email_off FROM notification_prefs WHERE user_id = ?',
      [userId],
    )
    if (!row) return structuredClone(DEFAULT_NOTIFICATION_PREFS)
    const off = (JSON.parse(row.email_off) as unknown[]).filter(isNotificationKind)
    return {
      language: row.language === 'en' ? 'en' : 'es',
      digest: row.digest === 'daily' ? 'daily' : 'off',
      emailOff: off,
    }
  }

  async setPrefs(userId: string, prefs: NotificationPrefs): Promise<void> {
    await this.sql.run(
      `INSERT INTO notification_prefs (user_id, language, digest, email_off) VALUES (?, ?, ?, ?)
       ON CONFLICT (user_id) DO UPDATE SET language = excluded.language, digest = excluded.digest, email_off = excluded.email_off`,
      [userId, prefs.language, prefs.digest, JSON.stringify(prefs.emailOff)],
    )
  }

  async claimMail(now: string, digestBefore: string, limit: number): Promise<NotificationRecord[]> {
    // One statement, so two instances never both claim a row (Postgres re-reads a row another
    // UPDATE changed meanwhile, and finds it mailed).
    const rows = await this.sql.all<NotificationRow>(
      `UPDATE notifications SET mailed_at = ?
       WHERE id IN (
         SELECT n.id FROM notifications n
         WHERE n.mailed_at IS NULL AND n.created_at <= ?
           AND (
             n.user_id NOT IN (SELECT p.user_id FROM notification_prefs p WHERE p.digest = 'daily')
             OR n.user_id IN (SELECT o.user_id FROM notifications o WHERE o.mailed_at IS NULL AND o.created_at <= ?)
           )
         ORDER BY n.created_at, n.id LIMIT ?
       ) AND mailed_at IS NULL
       RETURNING *`,
      [now, now, digestBefore, limit],
    )
    return rows.map(toRecord).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
  }

  async unclaimMail(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return
    await this.sql.run(`UPDATE notifications SET mailed_at = NULL WHERE id IN (${placeholders(ids.length)})`, [...ids])
  }

  async claimOnce(key: string, at: string): Promise<boolean> {
    // The primary key decides: of several instances inserting one key, one row lands.
    return (await this.sql.run('INSERT INTO notification_once (key, at) VALUES (?, ?) ON CONFLICT DO NOTHING', [key, at])) === 1
  }

  async forgetDocument(documentId: string): Promise<void> {
    await this.sql.run('DELETE FROM notifications WHERE document_id = ?', [documentId])
  }
}
