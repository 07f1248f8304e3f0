/**
 * Versions of a draft ([VERSION-*] in server/SPEC.md): freezing the body and the review
 * document together, opening a frozen version, restoring one as a new change on top of the
 * current text, and the automatic checkpoints.
 *
 * A version holds each document's whole Yjs state (`encodeStateAsUpdate`), so opening one is
 * one decode, however long the draft's history; restoring writes the differences between the
 * current text and the version's as an ordinary server change, so history is never rewritten
 * and every connected client receives the restore like any other edit.
 */
import * as Y from 'yjs'
import type { FastifyBaseLogger } from 'fastify'
import {
  CHECKPOINT_INTERVAL_MS,
  DEFAULT_REVIEW_SETTINGS,
  PARTIES_SETTING,
  REVIEW_BRACKETS_KEY,
  REVIEW_CONSENSUS_KEY,
  REVIEW_SETTINGS_KEY,
  REVIEW_THREADS_KEY,
  type Author,
  type BracketRecord,
  type CheckpointReason,
  type ParagraphConsensus,
  type Thread,
  type VersionReview,
  type VersionSummary,
} from '@consenso/protocol'
import { reviewStateFromDoc, writeBody, yDocToJSON, type ComparableVersion } from '@consenso/schema'
import type { JSONContent } from '@tiptap/core'
import type { DocumentRegistry } from '../collab/registry.ts'
import { newId } from '../auth/tokens.ts'
import type { Storage, VersionContent, VersionRecord } from '../storage/storage.ts'

/** The review document's maps a version freezes and a restore brings back. */
const REVIEW_MAPS = [REVIEW_THREADS_KEY, REVIEW_SETTINGS_KEY, REVIEW_CONSENSUS_KEY, REVIEW_BRACKETS_KEY] as const

export interface NewVersion {
  kind: VersionRecord['kind']
  name: string
  note: string
  reason: CheckpointReason | null
  restoring: string | null
  createdBy: string | null
}

/** A version's two documents, decoded. */
export interface OpenedVersion {
  body: JSONContent
  meta: Y.Doc
}

export class VersionService {
  readonly #storage: Storage
  readonly #collab: DocumentRegistry
  readonly #log: FastifyBaseLogger
  readonly #now: () => Date
  /** By draft: when its latest version or checkpoint was taken (filled lazily). */
  readonly #latest = new Map<string, string>()

  constructor(storage: Storage, collab: DocumentRegistry, log: FastifyBaseLogger, now: () => Date = () => new Date()) {
    this.#storage = storage
    this.#collab = collab
    this.#log = log
    this.#now = now
  }

  /**
   * Freezes the body and the review document as they are in memory now. Both are held loaded
   * and encoded in the same turn, so no change lands in one and not the other; and the
   * version is stored only once everything it holds is committed (a live document may hold
   * an accepted update whose commit is still running: if that commit fails, so does this).
   */
  async capture(documentId: string, version: NewVersion, at: Date = this.#now()): Promise<VersionRecord> {
    const body = { documentId, name: 'body' as const }
    const meta = { documentId, name: 'meta' as const }
    const [bodyState, metaState] = await this.#collab.read(meta, () =>
      this.#collab.read(body, () =>
        // Changing nothing, these writes only wait for the commit of what each document holds.
        Promise.all([this.#collab.write(body, (doc) => Y.encodeStateAsUpdate(doc)), this.#collab.write(meta, (doc) => Y.encodeStateAsUpdate(doc))]),
      ),
    )
    const content: VersionContent = { body: bodyState, meta: metaState }
    const record: VersionRecord = { id: newId(), documentId, ...version, createdAt: at.toISOString() }
    await this.#storage.createVersion(record, content)
    this.#latest.set(documentId, record.createdAt)
    return record
  }

  async open(documentId: string, versionId: string): Promise<OpenedVersion | undefined> {
    const content = await this.#storage.loadVersion(documentId, versionId)
    if (!content) return undefined
    return decode(content)
  }

  /** The draft as it is now, in the shape the comparison takes. */
  async current(documentId: string): Promise<ComparableVersion> {
    return this.#collab.read({ documentId, name: 'meta' }, (meta) =>
      this.#collab.read({ documentId, name: 'body' }, (body) => ({ body: yDocToJSON(body), review: reviewStateFromDoc(meta) })),
    )
  }

  /**
   * Makes the draft read as the version did: a checkpoint of the current state first, then
   * the differences written into the live body and review document as server changes.
   */
  async restore(documentId: string, versionId: string, by: string): Promise<{ checkpoint: VersionRecord } | undefined> {
    const opened = await this.open(documentId, versionId)
    if (!opened) return undefined
    const checkpoint = await this.capture(documentId, { kind: 'checkpoint', name: '', note: '', reason: 'before_restore', restoring: versionId, createdBy: by })
    // Only what differs is rewritten, so paragraphs the version shares with the current text
    // keep their Yjs items (and the comments and brackets anchored in them). Both documents
    // are held loaded and written in the same turn, so the group commit stores both updates in
    // one transaction: a failed commit leaves neither body nor review data half restored, and
    // both writes reject.
    const body = { documentId, name: 'body' as const }
    const meta = { documentId, name: 'meta' as const }
    try {
      await this.#collab.read(meta, () =>
        this.#collab.read(body, () =>
          Promise.all([
            this.#collab.write(body, (doc) => writeBody(doc, opened.body)),
            this.#collab.write(meta, (doc) => {
              for (const name of REVIEW_MAPS) syncMap(doc.getMap(name), opened.meta.getMap(name))
            }),
          ]),
        ),
      )
    } finally {
      opened.meta.destroy()
    }
    return { checkpoint }
  }

  /**
   * Takes an hourly checkpoint of every draft whose body changed since its latest version
   * or checkpoint when that is an hour old or more (or, without one, the draft is). Drafts are
   * read from the list storage already keeps in last-change order, so an idle server pays
   * one query per sweep. Returns how many checkpoints were taken.
   */
  async sweep(now: Date = this.#now()): Promise<number> {
    let taken = 0
    const due = new Date(now.getTime() - CHECKPOINT_INTERVAL_MS).toISOString()
    for (const document of await this.#storage.listDocuments()) {
      try {
        let latest = this.#latest.get(document.id)
        if (latest === undefined) {
          latest = (await this.#storage.listVersions(document.id))[0]?.createdAt ?? document.createdAt
          this.#latest.set(document.id, latest)
        }
        if (document.updatedAt <= latest || latest > due) continue
        // Another instance may have taken it meanwhile.
        const fresh = (await this.#storage.listVersions(document.id))[0]?.createdAt
        if (fresh !== undefined && fresh > latest) {
          this.#latest.set(document.id, fresh)
          if (document.updatedAt <= fresh || fresh > due) continue
        }
        await this.capture(document.id, { kind: 'checkpoint', name: '', note: '', reason: 'hourly', restoring: null, createdBy: null }, now)
        taken += 1
      } catch (error) {
        // A draft deleted meanwhile, or one failing to load, must not stop the others.
        this.#log.warn({ err: error, documentId: document.id }, 'hourly checkpoint skipped')
      }
    }
    return taken
  }

  /** Forgets a deleted draft. */
  forget(documentId: string): void {
    this.#latest.delete(documentId)
  }
}

export function decode(content: VersionContent): OpenedVersion {
  const body = new Y.Doc()
  Y.applyUpdate(body, content.body)
  const json = yDocToJSON(body)
  body.destroy()
  const meta = new Y.Doc()
  Y.applyUpdate(meta, content.meta)
  return { body: json, meta }
}

/** The review data of a version, as the API answers it. */
export function reviewOf(meta: Y.Doc): VersionReview {
  const settings = meta.getMap(REVIEW_SETTINGS_KEY).toJSON() as Record<string, unknown>
  const parties = settings[PARTIES_SETTING]
  return {
    parties: Array.isArray(parties) ? parties.filter((p): p is string => typeof p === 'string') : [],
    requireSuggesting: typeof settings.requireSuggesting === 'boolean' ? settings.requireSuggesting : DEFAULT_REVIEW_SETTINGS.requireSuggesting,
    threads: Object.values(meta.getMap<Thread>(REVIEW_THREADS_KEY).toJSON() as Record<string, Thread>).sort(
      (a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id),
    ),
    consensus: meta.getMap<ParagraphConsensus>(REVIEW_CONSENSUS_KEY).toJSON() as Record<string, ParagraphConsensus>,
    brackets: meta.getMap<BracketRecord>(REVIEW_BRACKETS_KEY).toJSON() as Record<string, BracketRecord>,
  }
}

/** Makes `target` hold exactly `source`'s entries, touching only those that differ. */
function syncMap(target: Y.Map<unknown>, source: Y.Map<unknown>): void {
  const wanted = source.toJSON() as Record<string, unknown>
  for (const key of [...target.keys()]) if (!(key in wanted)) target.delete(key)
  for (const [key, value] of Object.entries(wanted)) {
    const held = target.get(key)
    const heldJSON = held instanceof Y.AbstractType ? held.toJSON() : held
    if (JSON.stringify(heldJSON) !== JSON.stringify(value)) target.set(key, value)
  }
}

/** The record as the API lists it, with who made it. */
export async function summaryOf(storage: Storage, record: VersionRecord, people = new Map<string, Author | null>()): Promise<VersionSummary> {
  let createdBy: Author | null = null
  if (record.createdBy !== null) {
    if (!people.has(record.createdBy)) {
      const user = await storage.getUser(record.createdBy)
      people.set(record.createdBy, user ? { id: user.id, name: user.name, delegation: user.delegation } : null)
    }
    createdBy = people.get(record.createdBy) ?? null
  }
  return {
    id: record.id,
    documentId: record.documentId,
    kind: record.kind,
    name: record.name,
    note: record.note,
    reason: record.reason,
    restoring: record.restoring,
    createdAt: record.createdAt,
    createdBy,
  }
}
