/**
 * A person's notifications (NOTIFY-*): `GET /api/notifications` (newest first, with the unread
 * count), `POST /api/notifications/read {ids?}`, `GET|PUT /api/notifications/prefs`, and
 * `GET /api/notifications/events`, a server-sent stream saying when the inbox changed
 * (`notification`) or when the silence procedure or the versions of a draft the person may read
 * changed (`silence` or `versions`, with its id), or a questionnaire the person may follow
 * (`questionnaire`, with its id and the delegation whose answer changed; QUEST-12), from any instance.
 */
import type { FastifyInstance } from 'fastify'
import {
  MarkReadRequest,
  NOTIFICATION_EVENT_NAME,
  NotificationPrefs,
  NotificationsQuery,
  PRACTICES_EVENT_NAME,
  FILES_EVENT_NAME,
  FOCAL_POINTS_EVENT_NAME,
  QUESTIONNAIRE_EVENT_NAME,
  SILENCE_EVENT_NAME,
  VERSIONS_EVENT_NAME,
  type NotificationsResponse,
} from '@consenso/protocol'
import { requireUser } from '../auth/plugin.ts'
import { effectiveRole } from '../auth/document-access.ts'
import { eventStreams } from './event-stream.ts'
import { questionnaireConcerns } from '../questionnaires/live.ts'

export async function notificationRoutes(app: FastifyInstance, options: { now?: () => Date }): Promise<void> {
  const now = options.now ?? (() => new Date())
  const streams = eventStreams(app)

  app.get<{ Querystring: NotificationsQuery }>(
    '/api/notifications',
    { schema: { querystring: NotificationsQuery } },
    async (request, reply): Promise<NotificationsResponse | undefined> => {
      const auth = requireUser(request, reply)
      if (!auth) return
      const rows = await app.storage.notifications.list(auth.user.id, request.query.limit ?? 50)
      return {
        notifications: rows.map(({ id, kind, documentId, data, createdAt, readAt }) => ({ id, kind, documentId, data, createdAt, readAt })),
        unread: await app.storage.notifications.unreadCount(auth.user.id),
      }
    },
  )

  app.post<{ Body: MarkReadRequest }>(
    '/api/notifications/read',
    { schema: { body: MarkReadRequest } },
    async (request, reply) => {
      const auth = requireUser(request, reply)
      if (!auth) return
      const changed = await app.storage.notifications.markRead(auth.user.id, request.body.ids, now().toISOString())
      // The person's other pages (and instances) update their counts too.
      if (changed > 0) app.collab.announce({ kind: 'notify', userIds: [auth.user.id] })
      return { changed, unread: await app.storage.notifications.unreadCount(auth.user.id) }
    },
  )

  app.get('/api/notifications/prefs', async (request, reply): Promise<NotificationPrefs | undefined> => {
    const auth = requireUser(request, reply)
    if (!auth) return
    return app.storage.notifications.getPrefs(auth.user.id)
  })

  app.put<{ Body: NotificationPrefs }>(
    '/api/notifications/prefs',
    { schema: { body: NotificationPrefs } },
    async (request, reply): Promise<NotificationPrefs | undefined> => {
      const auth = requireUser(request, reply)
      if (!auth) return
      await app.storage.notifications.setPrefs(auth.user.id, request.body)
      await app.audit(request, { action: 'notifications.prefs', details: { digest: request.body.digest, language: request.body.language } })
      return request.body
    },
  )

  app.get('/api/notifications/events', async (request, reply) => {
    const auth = requireUser(request, reply)
    if (!auth) return
    const userId = auth.user.id
    streams.open(request, reply, auth, (sink) =>
      app.collab.onSignal((signal) => {
        if (signal.kind === 'notify') {
          if (signal.userIds.includes(userId)) sink.send(NOTIFICATION_EVENT_NAME, {})
          return
        }
        // Everyone signed in hears that the practices changed; what each may read is the routes' answer.
        if (signal.kind === 'practices') return sink.send(PRACTICES_EVENT_NAME, {})
        // Without the file's id: one shared with chosen delegations must not be known to others by it.
        if (signal.kind === 'files') return sink.send(FILES_EVENT_NAME, {})
        if (signal.kind === 'focalPoints') return sink.send(FOCAL_POINTS_EVENT_NAME, {})
        if (signal.kind === 'questionnaire') {
          void questionnaireConcerns(app, auth.user, signal.questionnaireId, signal.delegation)
            .then((concerned) => concerned && sink.send(QUESTIONNAIRE_EVENT_NAME, { questionnaireId: signal.questionnaireId, delegation: signal.delegation }))
            .catch(() => {})
          return
        }
        // Only drafts the person may read: an id is not told to anyone else.
        void effectiveRole(app.storage, auth.user, signal.documentId)
          .then((role) => role && sink.send(signal.kind === 'silence' ? SILENCE_EVENT_NAME : VERSIONS_EVENT_NAME, { documentId: signal.documentId }))
          .catch(() => {})
      }),
    )
  })
}
