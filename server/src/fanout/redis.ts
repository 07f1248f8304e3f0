/**
 * Redis pub/sub fan-out. One channel per open document (an instance only hears about the
 * documents it holds) and one control channel. Messages carry the sending instance's id and
 * are dropped by that instance when they come back.
 */
import { randomUUID } from 'node:crypto'
import { Redis } from 'ioredis'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import type { ControlMessage, DocumentMessage, Fanout, FanoutHandlers } from './fanout.ts'

/** What the fan-out logs through (Fastify's logger, or anything with these methods). */
export interface FanoutLog {
  info(object: object | string, message?: string): void
  warn(object: object | string, message?: string): void
  error(object: object | string, message?: string): void
}

const PREFIX = 'consenso:'
const CONTROL_CHANNEL = `${PREFIX}control`
const documentChannel = (key: string): string => `${PREFIX}doc:${key}`
const KIND_CODES = { update: 0, awareness: 1 } as const

export class RedisFanout implements Fanout {
  readonly kind = 'redis'
  readonly instanceId = randomUUID()
  readonly #publisher: Redis
  readonly #subscriber: Redis
  readonly #log: FanoutLog
  #handlers: FanoutHandlers | null = null
  #connectedOnce = false

  constructor(url: string, log: FanoutLog) {
    this.#log = log
    // Retry forever with a short ceiling: an instance that loses Redis keeps serving its own
    // clients and catches up when Redis returns.
    const options = { retryStrategy: (times: number) => Math.min(times * 100, 2000), maxRetriesPerRequest: null, lazyConnect: true }
    this.#publisher = new Redis(url, options)
    this.#subscriber = new Redis(url, options)
    for (const client of [this.#publisher, this.#subscriber]) {
      client.on('error', (error: Error) => this.#log.warn({ err: error }, 'redis connection error'))
    }
  }

  async start(handlers: FanoutHandlers): Promise<void> {
    this.#handlers = handlers
    this.#subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) => this.#receive(channel.toString(), message))
    this.#subscriber.on('ready', () => {
      // ioredis re-subscribes by itself after a reconnect; what was published meanwhile is lost.
      if (this.#connectedOnce) {
        this.#log.info('redis connection restored; resynchronising open documents from storage')
        this.#handlers?.onResync()
      }
      this.#connectedOnce = true
    })
    await Promise.all([this.#publisher.connect(), this.#subscriber.connect()])
    await this.#subscriber.subscribe(CONTROL_CHANNEL)
  }

  ready(): boolean {
    return this.#publisher.status === 'ready' && this.#subscriber.status === 'ready'
  }

  async watch(key: string): Promise<void> {
    await this.#subscriber.subscribe(documentChannel(key))
  }

  async unwatch(key: string): Promise<void> {
    await this.#subscriber.unsubscribe(documentChannel(key))
  }

  publishDocument(message: DocumentMessage): void {
    const encoder = encoding.createEncoder()
    encoding.writeVarString(encoder, this.instanceId)
    encoding.writeVarUint(encoder, KIND_CODES[message.kind])
    encoding.writeVarUint8Array(encoder, message.payload)
    this.#publish(documentChannel(message.key), Buffer.from(encoding.toUint8Array(encoder)))
  }

  publishControl(message: ControlMessage): void {
    this.#publish(CONTROL_CHANNEL, Buffer.from(JSON.stringify({ from: this.instanceId, message })))
  }

  async close(): Promise<void> {
    this.#handlers = null
    await Promise.allSettled([this.#subscriber.quit(), this.#publisher.quit()])
  }

  #publish(channel: string, payload: Buffer): void {
    // While Redis is away the message is lost; the receivers resynchronise from storage.
    this.#publisher.publish(channel, payload).catch((error: unknown) => this.#log.warn({ err: error, channel }, 'redis publish failed'))
  }

  #receive(channel: string, message: Buffer): void {
    const handlers = this.#handlers
    if (!handlers) return
    try {
      if (channel === CONTROL_CHANNEL) {
        const { from, message: control } = JSON.parse(message.toString()) as { from: string; message: ControlMessage }
        if (from !== this.instanceId) handlers.onControl(control)
        return
      }
      const decoder = decoding.createDecoder(new Uint8Array(message.buffer, message.byteOffset, message.byteLength))
      const from = decoding.readVarString(decoder)
      if (from === this.instanceId) return
      const kind = decoding.readVarUint(decoder) === KIND_CODES.update ? 'update' : 'awareness'
      const payload = decoding.readVarUint8Array(decoder)
      handlers.onDocument({ kind, key: channel.slice(`${PREFIX}doc:`.length), payload })
    } catch (error) {
      this.#log.error({ err: error, channel }, 'undecodable fan-out message ignored')
    }
  }
}

/**
 * Publishes one control message and disconnects: for the command line, which runs no fan-out
 * of its own (`consenso user disable` ends the person's connections on every instance, REVOKE-1).
 * Resolves once Redis has taken the message, so the instances hear of it before the command ends.
 */
export async function publishControlOnce(url: string, message: ControlMessage): Promise<void> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null })
  client.on('error', () => {})
  try {
    await client.connect()
    await client.publish(CONTROL_CHANNEL, JSON.stringify({ from: `cli-${randomUUID()}`, message }))
  } finally {
    client.disconnect()
  }
}
