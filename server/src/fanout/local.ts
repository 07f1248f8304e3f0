import { randomUUID } from 'node:crypto'
import type { ControlMessage, DocumentMessage, Fanout } from './fanout.ts'

/** One instance: every client is here, so there is nobody else to tell. */
export class LocalFanout implements Fanout {
  readonly kind = 'local'
  readonly instanceId = randomUUID()
  async start(): Promise<void> {}
  async watch(): Promise<void> {}
  async unwatch(): Promise<void> {}
  publishDocument(_message: DocumentMessage): void {}
  publishControl(_message: ControlMessage): void {}
  async close(): Promise<void> {}
}
