/** The notification routes (NOTIFY-1, NOTIFY-6). */
import type { NotificationPrefs, NotificationsResponse } from '@consenso/protocol'
import { request } from '../api.ts'

export const listNotifications = (): Promise<NotificationsResponse> => request<NotificationsResponse>('/api/notifications')

export const markNotificationsRead = (ids?: string[]): Promise<{ changed: number; unread: number }> =>
  request('/api/notifications/read', { method: 'POST', body: JSON.stringify(ids ? { ids } : {}) })

export const getNotificationPrefs = (): Promise<NotificationPrefs> => request<NotificationPrefs>('/api/notifications/prefs')

export const saveNotificationPrefs = (prefs: NotificationPrefs): Promise<NotificationPrefs> =>
  request<NotificationPrefs>('/api/notifications/prefs', { method: 'PUT', body: JSON.stringify(prefs) })
