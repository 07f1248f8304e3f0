/**
 * Agreements coming due (NOTIFY-21): every instance checks the register at start and then
 * every hour; an agreement still pending or in progress whose date falls within the next
 * DUE_SOON_DAYS days is told to the members of its responsible delegations once. "Once" is
 * decided by the database: each instance asks to take the key (agreement, date) with
 * `claimOnce`, and only the one whose write landed notifies — as the silence sweep claims a
 * due procedure in one conditional write. A new date is a new key, so a postponed agreement
 * is told again when its new date nears. Claimed before notifying: a crash in between loses
 * that notice rather than sending it twice.
 */
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { Agreement } from '@consenso/protocol'
import type { NotifyInput } from './notifier.ts'
import { RepeatingJob } from '../repeating-job.ts'

/** How near a date must be to be told: today and the three days after it. */
export const DUE_SOON_DAYS = 3
export const DUE_CHECK_MS = 60 * 60 * 1000
const DAY_MS = 24 * 60 * 60 * 1000
const OPEN_STATUSES: readonly Agreement['status'][] = ['pending', 'in_progress']

declare module 'fastify' {
  interface FastifyInstance {
    /** The agreements-coming-due check (NOTIFY-21); tests run `check()` by hand. */
    agreementsDue: AgreementDueCheck
  }
}

export class AgreementDueCheck extends RepeatingJob {
  readonly #app: FastifyInstance
  readonly #now: () => Date

  constructor(app: FastifyInstance, now: () => Date = () => new Date()) {
    super((error) => app.log.error({ err: error }, 'could not check the agreements coming due'), DUE_CHECK_MS)
    this.#app = app
    this.#now = now
  }

  /** Tells what is due soon and not told yet; answers how many agreements this instance told (a check under way is joined). */
  check(): Promise<number> {
    return this.runNow()
  }

  protected tick(): Promise<number> {
    return this.#check()
  }

  async #check(): Promise<number> {
    const now = this.#now()
    const today = now.toISOString().slice(0, 10)
    const horizon = new Date(now.getTime() + DUE_SOON_DAYS * DAY_MS).toISOString().slice(0, 10)
    const due = (await this.#app.storage.register.listAgreements({})).filter(
      (a) => a.dueDate !== null && a.dueDate >= today && a.dueDate <= horizon && OPEN_STATUSES.includes(a.status) && a.responsible.length > 0,
    )
    if (due.length === 0) return 0
    let told = 0
    for (const agreement of due) {
      if (!(await this.#app.storage.notifications.claimOnce(`agreement_due:${agreement.id}:${agreement.dueDate}`, now.toISOString()))) continue
      await this.#app.notifier.notify(await this.#notice(agreement))
      told++
    }
    return told
  }

  async #notice(agreement: Agreement): Promise<NotifyInput> {
    const responsible = new Set(agreement.responsible)
    const users = (await this.#app.storage.accounts.listUsers()).filter((user) => !user.disabled && responsible.has(user.delegation))
    const text = agreement.text.replace(/\s+/g, ' ').trim()
    return {
      kind: 'agreement_due',
      documentId: null,
      data: { dueDate: agreement.dueDate ?? '', responsible: agreement.responsible.join(', '), excerpt: text.length > 200 ? `${text.slice(0, 199)}…` : text },
      recipients: users.map((user) => user.id),
      actorId: null,
    }
  }
}

export const agreementsDue = fp(
  async (app: FastifyInstance, options: { now?: () => Date; everyMs?: number }): Promise<void> => {
    const check = new AgreementDueCheck(app, options.now)
    app.decorate('agreementsDue', check)
    app.addHook('onReady', async () => check.start(options.everyMs))
    app.addHook('preClose', async () => check.stop())
  },
  { name: 'consenso-agreements-due' },
)
