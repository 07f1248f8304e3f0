/**
 * E-mail through SMTP (NOTIFY-5..7): when `SMTP_URL` is set, notifications are mailed to
 * their recipients in the language of their preferences, one mail each or (digest `daily`)
 * one mail a day with everything waiting; kinds a person switched off are never mailed.
 * Without SMTP_URL nothing is mailed and the inbox works alone.
 *
 * Each round claims what is due in one statement (`claimMail`), so with several instances a
 * notification is mailed by one of them; a mail that fails is given back and tried again
 * in the next round.
 */
import nodemailer from 'nodemailer'
import type { FastifyBaseLogger } from 'fastify'
import { notificationPath, type Language, type NotificationKind } from '@consenso/protocol'
import type { Storage } from '../storage/storage.ts'
import type { NotificationRecord } from '../storage/notifications.ts'
import { MAIL_WORDS, notificationLine } from './wording.ts'

const DIGEST_MS = 24 * 60 * 60 * 1000
const ROUND_MS = 60_000
const CLAIM_LIMIT = 500

export interface MailerOptions {
  smtpUrl: string
  from: string
  /** Links in mails start here (PUBLIC_ORIGIN, else where the server listens). */
  origin: () => string
  storage: Storage
  log: FastifyBaseLogger
  now?: () => Date
}

export interface OutgoingMail {
  to: string
  subject: string
  text: string
}

/** One mail through SMTP, outside a running server (the command line's invitations, NOTIFY-23). */
export async function sendOnce(smtpUrl: string, from: string, mail: OutgoingMail): Promise<void> {
  const transport = nodemailer.createTransport(smtpUrl)
  try {
    await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text })
  } finally {
    transport.close()
  }
}

export class Mailer {
  readonly #options: MailerOptions
  readonly #transport
  readonly #now: () => Date
  #timer: NodeJS.Timeout | null = null
  #running: Promise<void> | null = null
  #again = false
  #closed = false

  constructor(options: MailerOptions) {
    this.#options = options
    this.#now = options.now ?? (() => new Date())
    this.#transport = nodemailer.createTransport(options.smtpUrl)
  }

  start(): void {
    // Digests fall due with time alone, and a mail given back waits for a round.
    this.#timer = setInterval(() => this.wake(), ROUND_MS)
    this.#timer.unref()
    this.wake()
  }

  /** Runs a round soon; rounds never overlap, and a wake during one runs one more. */
  wake(): void {
    if (this.#closed) return
    if (this.#running) {
      this.#again = true
      return
    }
    this.#running = this.#round()
      .catch((error: unknown) => this.#options.log.error({ err: error }, 'mail round failed'))
      .finally(() => {
        this.#running = null
        if (this.#again && !this.#closed) {
          this.#again = false
          this.wake()
        }
      })
  }

  /** Resolves once no round is running or asked for (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.#running) await this.#running
  }

  async close(): Promise<void> {
    this.#closed = true
    if (this.#timer) clearInterval(this.#timer)
    await this.idle()
    this.#transport.close()
  }

  async send(mail: OutgoingMail): Promise<void> {
    await this.#transport.sendMail({ from: this.#options.from, to: mail.to, subject: mail.subject, text: mail.text })
  }

  async #round(): Promise<void> {
    const now = this.#now()
    const { storage } = this.#options
    const claimed = await storage.notifications.claimMail(now.toISOString(), new Date(now.getTime() - DIGEST_MS).toISOString(), CLAIM_LIMIT)
    const byUser = new Map<string, NotificationRecord[]>()
    for (const n of claimed) byUser.set(n.userId, [...(byUser.get(n.userId) ?? []), n])
    for (const [userId, list] of byUser) {
      const user = await storage.accounts.getUser(userId)
      if (!user || user.disabled) continue
      const prefs = await storage.notifications.getPrefs(userId)
      const off = new Set<NotificationKind>(prefs.emailOff)
      const wanted = list.filter((n) => !off.has(n.kind))
      if (wanted.length === 0) continue
      const mails = prefs.digest === 'daily' ? [this.#digest(user.email, wanted, prefs.language)] : wanted.map((n) => this.#single(user.email, n, prefs.language))
      for (const [mail, ids] of mails) {
        try {
          await this.send(mail)
        } catch (error) {
          this.#options.log.warn({ err: error, userId }, 'could not send a notification e-mail; it will be tried again')
          await storage.notifications.unclaimMail(ids)
        }
      }
    }
  }

  #link(n: NotificationRecord): string {
    return `${this.#options.origin()}${notificationPath(n)}`
  }

  #single(to: string, n: NotificationRecord, lang: Language): [OutgoingMail, string[]] {
    const line = notificationLine(n.kind, n.data, lang)
    const words = MAIL_WORDS[lang]
    return [{ to, subject: `Consenso: ${line.length > 110 ? `${line.slice(0, 109)}…` : line}`, text: `${line}\n\n${words.open}: ${this.#link(n)}\n\n-- \n${words.settings}\n` }, [n.id]]
  }

  #digest(to: string, list: NotificationRecord[], lang: Language): [OutgoingMail, string[]] {
    const words = MAIL_WORDS[lang]
    const lines = list.map((n) => `- ${notificationLine(n.kind, n.data, lang)}\n  ${this.#link(n)}`)
    return [{ to, subject: words.digestSubject(list.length), text: `${lines.join('\n')}\n\n-- \n${words.settings}\n` }, list.map((n) => n.id)]
  }
}
