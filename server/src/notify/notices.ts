/**
 * What each event tells whom (NOTIFY-2): the builders the routes and watchers hand to
 * `Notifier.later`. Each reads the draft's title (and paragraph numbers) once, when it happens.
 */
import type { FastifyInstance } from 'fastify'
import type { Author, NotificationData, NotificationKind } from '@consenso/protocol'
import { numberedParagraphs, yDocToJSON } from '@consenso/schema'
import type { Reopened } from '../consensus/reopen.ts'
import type { NotifyInput } from './notifier.ts'
import { delegationReaders, mentionedReaders, readableExcerpt, readersOf } from './recipients.ts'

async function titleOf(app: FastifyInstance, documentId: string): Promise<string> {
  return (await app.storage.getDocument(documentId))?.title ?? ''
}

async function labels(app: FastifyInstance, documentId: string): Promise<Map<string, string>> {
  const json = await app.collab.read({ documentId, name: 'body' }, yDocToJSON)
  return new Map(numberedParagraphs(json).map((p) => [p.id, p.label]))
}

const actor = (author: Author | null): Pick<NotificationData, 'actorName' | 'actorDelegation'> =>
  author ? { actorName: author.name, actorDelegation: author.delegation } : {}

/** Positions archived by an edit: the delegations that had given them are told, per paragraph. */
export async function reopenedNotices(app: FastifyInstance, documentId: string, reopened: Reopened[], author: Author | null): Promise<NotifyInput[]> {
  const title = await titleOf(app, documentId)
  const numbers = await labels(app, documentId)
  const out: NotifyInput[] = []
  for (const r of reopened) {
    out.push({
      kind: 'reopened',
      documentId,
      data: { title, ...actor(author), paragraph: numbers.get(r.paragraphId), paragraphId: r.paragraphId },
      recipients: await delegationReaders(app.storage, documentId, r.delegations),
      actorId: author?.id ?? null,
    })
  }
  return out
}

/** A position recorded: the other delegations holding a position on that paragraph are told. */
export async function positionNotice(
  app: FastifyInstance,
  documentId: string,
  paragraphId: string,
  stance: string | null,
  author: Author,
  delegationsWithPositions: readonly string[],
): Promise<NotifyInput> {
  const others = delegationsWithPositions.filter((code) => code !== author.delegation)
  return {
    kind: 'position',
    documentId,
    data: { title: await titleOf(app, documentId), ...actor(author), paragraph: (await labels(app, documentId)).get(paragraphId), paragraphId, stance: stance ?? 'withdrawn' },
    recipients: await delegationReaders(app.storage, documentId, others),
    actorId: author.id,
  }
}

/** A comment that mentions people or delegations: they are told, with its words as names. */
export async function mentionNotice(app: FastifyInstance, documentId: string, mentions: readonly string[], text: string, author: Author): Promise<NotifyInput | null> {
  if (mentions.length === 0) return null
  return {
    kind: 'mention',
    documentId,
    data: { title: await titleOf(app, documentId), ...actor(author), excerpt: await readableExcerpt(app.storage, text) },
    recipients: await mentionedReaders(app.storage, documentId, mentions),
    actorId: author.id,
  }
}

/** Something every reader of the draft hears of (versions, restores, silence, adoption). */
export async function draftNotice(
  app: FastifyInstance,
  kind: NotificationKind,
  documentId: string,
  author: Author | null,
  data: NotificationData = {},
): Promise<NotifyInput> {
  return {
    kind,
    documentId,
    data: { title: await titleOf(app, documentId), ...actor(author), ...data },
    recipients: (await readersOf(app.storage, documentId)).map((user) => user.id),
    actorId: author?.id ?? null,
  }
}

/**
 * Access given to a draft (NOTIFY-20): the people who could not read it before and can now —
 * the person shared with, or the members of the delegation — hear who gave them which role.
 * `before` is the draft's readers before the change (their ids).
 */
export async function accessNotice(app: FastifyInstance, documentId: string, before: ReadonlySet<string>, role: string, author: Author): Promise<NotifyInput> {
  const now = (await readersOf(app.storage, documentId)).map((user) => user.id)
  return {
    kind: 'invited',
    documentId,
    data: { title: await titleOf(app, documentId), ...actor(author), role },
    recipients: now.filter((id) => !before.has(id)),
    actorId: author.id,
  }
}

/** The ids of the draft's readers now, for `accessNotice` to compare with after a change. */
export async function readerIds(app: FastifyInstance, documentId: string): Promise<Set<string>> {
  return new Set((await readersOf(app.storage, documentId)).map((user) => user.id))
}
