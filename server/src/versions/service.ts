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
import { compareVersions, consensoSchema, reviewStateFromDoc, textBlocks, writeBody, yDocToJSON, type ComparableVersion } from '@consenso/schema'
import { importedReviewData, type ImportedDraft } from '@consenso/convert'
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
  async capture(documentId: string, version: NewVersion, at: Date = this.#now(), id: string = newId()): Promise<VersionRecord> {
    const body = { documentId, name: 'body' as const }
    const meta = { documentId, name: 'meta' as const }
    const [bodyState, metaState] = await this.#collab.read(meta, () =>
      this.#collab.read(body, () =>
        // Changing nothing, these writes only wait for the commit of what each document holds.
        Promise.all([this.#collab.write(body, (doc) => Y.encodeStateAsUpdate(doc)), this.#collab.write(meta, (doc) => Y.encodeStateAsUpdate(doc))]),
      ),
    )
    const content: VersionContent = { body: bodyState, meta: metaState }
    const record: VersionRecord = { id, documentId, ...version, createdAt: at.toISOString() }
    await this.#storage.versions.createVersion(record, content)
    this.#latest.set(documentId, record.createdAt)
    return record
  }

  async open(documentId: string, versionId: string): Promise<OpenedVersion | undefined> {
    const content = await this.#storage.versions.loadVersion(documentId, versionId)
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
    // Only what differs is rewritten, so paragraphs the version shares with the current text
    // keep their Yjs items (and the comments and brackets anchored in them).
    try {
      const checkpoint = await this.#rewrite(
        documentId,
        { kind: 'checkpoint', name: '', note: '', reason: 'before_restore', restoring: versionId, createdBy: by },
        (doc) => writeBody(doc, opened.body),
        (doc) => {
          for (const name of REVIEW_MAPS) syncMap(doc.getMap(name), opened.meta.getMap(name))
        },
      )
      return { checkpoint }
    } finally {
      opened.meta.destroy()
    }
  }

  /**
   * Makes the draft read as an imported file ([IMPORT-4]) the way a restore does — a
   * checkpoint first, then the differences as one server change — adds the file's comment
   * threads and bracket records to the review document, and saves the result as the named
   * version `name`. The checkpoint names that version as the one it was taken before.
   */
  async importVersion(
    documentId: string,
    draft: ImportedDraft,
    input: { name: string; note: string; by: Author },
  ): Promise<{ checkpoint: VersionRecord; version: VersionRecord; threads: number; brackets: number }> {
    // A body the schema refuses must fail before the checkpoint, so nothing changes.
    consensoSchema().nodeFromJSON(draft.doc).check()
    const versionId = newId()
    const now = this.#now().toISOString()
    let review: ReturnType<typeof importedReviewData> | undefined
    const checkpoint = await this.#rewrite(
      documentId,
      { kind: 'checkpoint', name: '', note: '', reason: 'before_restore', restoring: versionId, createdBy: input.by.id },
      (doc) => {
        writeBody(doc, withCurrentIds(yDocToJSON(doc), draft.doc))
        // Anchored into the live body as just rewritten, so they resolve for every client.
        review = importedReviewData(draft, doc, { importer: input.by, now, newId })
      },
      (doc) => {
        if (!review) throw new Error('the imported body was not written before its review data')
        const threads = doc.getMap(REVIEW_THREADS_KEY)
        for (const thread of review.threads) threads.set(thread.id, thread)
        const brackets = doc.getMap(REVIEW_BRACKETS_KEY)
        for (const bracket of review.brackets) brackets.set(bracket.id, bracket)
      },
    )
    const version = await this.capture(
      documentId,
      { kind: 'named', name: input.name, note: input.note, reason: null, restoring: null, createdBy: input.by.id },
      undefined,
      versionId,
    )
    return { checkpoint, version, threads: review?.threads.length ?? 0, brackets: review?.brackets.length ?? 0 }
  }

  /**
   * A checkpoint of the current state, then `body` and `meta` run as server changes on the
   * live documents. Both are held loaded and written in the same turn (the body first), so
   * the group commit stores both updates in one transaction: a failed commit leaves neither
   * half written, and both writes reject.
   */
  async #rewrite(documentId: string, checkpoint: NewVersion, body: (doc: Y.Doc) => void, meta: (doc: Y.Doc) => void): Promise<VersionRecord> {
    const taken = await this.capture(documentId, checkpoint)
    const bodyKey = { documentId, name: 'body' as const }
    const metaKey = { documentId, name: 'meta' as const }
    await this.#collab.read(metaKey, () =>
      this.#collab.read(bodyKey, () => Promise.all([this.#collab.write(bodyKey, body), this.#collab.write(metaKey, meta)])),
    )
    return taken
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
          latest = (await this.#storage.versions.listVersions(document.id))[0]?.createdAt ?? document.createdAt
          this.#latest.set(document.id, latest)
        }
        if (document.updatedAt <= latest || latest > due) continue
        // Another instance may have taken it meanwhile.
        const fresh = (await this.#storage.versions.listVersions(document.id))[0]?.createdAt
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

const isTextBlock = (node: JSONContent): boolean => node.type === 'paragraph' || node.type === 'heading'

/** A copy of `json` whose text blocks carry `ids(index)` (their position among text blocks, as the comparison counts them). */
function withBlockIds(json: JSONContent, ids: (index: number) => string | null | undefined): JSONContent {
  let index = 0
  const visit = (node: JSONContent): JSONContent => {
    if (isTextBlock(node)) {
      const id = ids(index++)
      return id === undefined ? node : { ...node, attrs: { ...node.attrs, id } }
    }
    return node.content ? { ...node, content: node.content.map(visit) } : node
  }
  return visit(json)
}

/**
 * The imported body with the ids of the current paragraphs it keeps, matched as the
 * comparison matches blocks without ids (same text, else similar text in order). A file
 * carries no paragraph ids, so without this every paragraph would read as removed and added
 * again: the comparison of the rounds would be useless, and writing the body would replace
 * unchanged paragraphs along with the comments and positions anchored in them.
 */
function withCurrentIds(current: JSONContent, imported: JSONContent): JSONContent {
  const currentIds = textBlocks({ body: current }).map((block) => block.id)
  const { paragraphs } = compareVersions({ body: withBlockIds(current, () => null) }, { body: withBlockIds(imported, () => null) })
  const kept = new Map<number, string>()
  for (const paragraph of paragraphs) {
    const id = paragraph.before && paragraph.after ? currentIds[paragraph.before.index] : null
    if (id && paragraph.after) kept.set(paragraph.after.index, id)
  }
  return withBlockIds(imported, (index) => kept.get(index))
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
      const user = await storage.accounts.getUser(record.createdBy)
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
