/**
 * The silence procedure and adoption (SILENCE-*, ADOPT-*). State lives in storage
 * (`storage.silence`), where every transition is one conditional write; the running
 * procedure is also written into the review document's settings (`silence`), which is what
 * the websocket check of every instance reads (SILENCE-3) and what live readers see.
 *
 * The deadline is kept by a sweep every instance runs (at start, then every second):
 * `claimDue` hands each due procedure to one instance only, with a lease, so the adoption
 * happens once across instances and after a restart that missed the deadline.
 */
import type { FastifyInstance } from 'fastify'
import type { Adoption, Author, BracketRecord, ParagraphConsensus, SilenceProcedure } from '@consenso/protocol'
import { REVIEW_BRACKETS_KEY, REVIEW_CONSENSUS_KEY, REVIEW_SETTINGS_KEY } from '@consenso/protocol'
import { summarizeConsensus, yDocToJSON } from '@consenso/schema'
import { SILENCE_SETTING } from '../collab/validation/silence-lock.ts'
import { partiesOf } from '../routes/consensus.ts'
import { draftNotice } from '../notify/notices.ts'
import type { VersionRecord } from '../storage/storage.ts'
import { RepeatingJob } from '../repeating-job.ts'

/** A claim older than this is taken over by another instance (its holder died mid-adoption). */
export const ADOPTION_LEASE_MS = 60_000
export const SWEEP_EVERY_MS = 1_000

export class SilenceService extends RepeatingJob {
  readonly #app: FastifyInstance
  readonly #now: () => Date

  constructor(app: FastifyInstance, now: () => Date = () => new Date()) {
    super((error) => app.log.error({ err: error }, 'silence sweep failed'), SWEEP_EVERY_MS)
    this.#app = app
    this.#now = now
  }

  /** Writes (or, with null, removes) the running procedure in the review document. */
  async mirror(documentId: string, procedure: SilenceProcedure | null): Promise<void> {
    await this.#app.collab.write({ documentId, name: 'meta' }, (doc) => {
      const settings = doc.getMap<unknown>(REVIEW_SETTINGS_KEY)
      if (procedure) {
        settings.set(SILENCE_SETTING, {
          id: procedure.id,
          paragraphIds: procedure.paragraphIds,
          deadline: procedure.deadline,
          timeZone: procedure.timeZone,
          localDeadline: procedure.localDeadline,
          parties: procedure.parties,
        })
      } else if (settings.has(SILENCE_SETTING)) settings.delete(SILENCE_SETTING)
    })
    this.#app.collab.announce({ kind: 'silence', documentId })
  }

  /** Adopts every procedure due now; answers how many this instance adopted (a sweep under way is joined). */
  sweep(): Promise<number> {
    return this.runNow()
  }

  protected tick(): Promise<number> {
    return this.#sweep()
  }

  async #sweep(): Promise<number> {
    const now = this.#now()
    const due = await this.#app.storage.silence.claimDue(now.toISOString(), ADOPTION_LEASE_MS)
    let adopted = 0
    for (const procedure of due) {
      try {
        await this.#adoptBySilence(procedure, now)
        adopted++
      } catch (error) {
        // The claim's lease runs out and an instance tries again.
        this.#app.log.error({ err: error, documentId: procedure.documentId }, 'could not adopt a text at the end of its silence procedure')
      }
    }
    return adopted
  }

  async #adoptBySilence(procedure: SilenceProcedure, now: Date): Promise<void> {
    const { documentId } = procedure
    if (!(await this.#app.storage.getDocument(documentId))) return
    // The text stays frozen until the version is taken, then the lock is lifted.
    const version = await this.freeze(documentId, procedure.parties, now, null)
    await this.#app.storage.silence.recordAdoption({
      documentId,
      versionId: version.id,
      adoptedAt: now.toISOString(),
      adoptedBy: null,
      parties: procedure.parties,
      silenceId: procedure.id,
    })
    await this.mirror(documentId, null)
    await this.#app.audit(null, {
      action: 'silence.adopted',
      actorId: null,
      actorDelegation: null,
      documentId,
      target: procedure.id,
      details: { version: version.id, parties: procedure.parties.join(' ') },
    })
    this.#app.notifier.later(draftNotice(this.#app, 'adopted', documentId, null, { versionName: version.name }))
  }

  /** The "Adopted" version: body and review data frozen together, named with the date. */
  async freeze(documentId: string, parties: readonly string[], at: Date, by: Author | null): Promise<VersionRecord> {
    const day = at.toISOString().slice(0, 10)
    return this.#app.versions.capture(
      documentId,
      {
        kind: 'named',
        name: `Adoptado / Adopted ${day}`,
        note: parties.length > 0 ? `${parties.join(', ')}` : '',
        reason: null,
        restoring: null,
        createdBy: by?.id ?? null,
      },
      at,
    )
  }

  /** Whether every numbered paragraph is agreed by every party, with no open bracket (ADOPT-1). */
  async allAgreed(documentId: string): Promise<{ ok: boolean; parties: string[]; open: number }> {
    const review = await this.#app.collab.read({ documentId, name: 'meta' }, (doc) => ({
      parties: partiesOf(doc),
      consensus: doc.getMap<ParagraphConsensus>(REVIEW_CONSENSUS_KEY).toJSON() as Record<string, ParagraphConsensus>,
      brackets: doc.getMap<BracketRecord>(REVIEW_BRACKETS_KEY).toJSON() as Record<string, BracketRecord>,
    }))
    const body = await this.#app.collab.read({ documentId, name: 'body' }, yDocToJSON)
    const summary = summarizeConsensus(body, review)
    const open = summary.totals.open + summary.totals.openBrackets
    return { ok: review.parties.length > 0 && summary.totals.paragraphs > 0 && open === 0, parties: review.parties, open }
  }

  async adoption(documentId: string): Promise<Adoption | null> {
    return (await this.#app.storage.silence.getAdoption(documentId)) ?? null
  }
}
