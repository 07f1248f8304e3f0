/**
 * Load for the load and fault suites: many y-websocket clients on many drafts making random
 * edits, each edit carrying a unique token, and a checker that rebuilds every draft from
 * storage and compares it with what the clients were told.
 *
 * Edits only ever insert whole tokens at paragraph boundaries (a new paragraph anywhere, or a
 * word at the start or end of an existing paragraph), so no concurrent edit can land inside
 * a token and every token stays countable: present once, or absent.
 */
import * as Y from 'yjs'
import { expect } from 'vitest'
import { MessageType } from '@consenso/protocol'
import { BODY_FIELD, plainText, yDocToJSON } from '@consenso/schema'
import type { Storage } from '@consenso/server/storage'
import { connectClient, type Endpoint, type TestClient } from './clients.ts'
import type { Random } from './random.ts'
import { waitFor } from './wait.ts'

/** How big a load or fault run is: `CONSENSO_LOAD_SCALE` (1 = the short form in `pnpm test`). */
export function loadScale(): number {
  const raw = process.env.CONSENSO_LOAD_SCALE
  const scale = raw === undefined || raw === '' ? 1 : Number(raw)
  if (!Number.isFinite(scale) || scale <= 0) throw new Error(`CONSENSO_LOAD_SCALE must be a positive number (got ${raw})`)
  return scale
}

export interface Edit {
  token: string
  draft: string
  clientId: number
  /** The writer's own clock after the edit: acknowledged once `saved` covers it. */
  clock: number
  acked: boolean
}

export interface LoadClient {
  draft: string
  client: TestClient
  edits: Edit[]
}

const TOKEN = /^L\d+\.\d+\.\d+$/

/** Every token in a document's text, with how many times it occurs. */
export function tokenCounts(doc: Y.Doc): Map<string, number> {
  const counts = new Map<string, number>()
  for (const word of plainText(yDocToJSON(doc)).split(/\s+/)) {
    if (TOKEN.test(word)) counts.set(word, (counts.get(word) ?? 0) + 1)
  }
  return counts
}

export class Load {
  readonly clients: LoadClient[] = []
  readonly edits: Edit[] = []
  readonly #random: Random
  #counter = 0
  #timer: NodeJS.Timeout | null = null

  constructor(random: Random) {
    this.#random = random
  }

  /** Connects `perDraft` clients to each draft and waits until they are synced. */
  async connect(endpoint: Endpoint, drafts: string[], perDraft: number): Promise<void> {
    for (const draft of drafts) {
      for (let i = 0; i < perDraft; i++) this.add(endpoint, draft)
    }
    await Promise.all(this.clients.map((c) => c.client.waitSynced(30_000)))
  }

  /** One more client; its `saved` messages mark its edits as acknowledged as they arrive. */
  add(endpoint: Endpoint, draft: string, doc?: Y.Doc): LoadClient {
    const client = connectClient(endpoint, draft, doc ? { doc } : {})
    const entry: LoadClient = { draft, client, edits: [] }
    const original = client.provider.messageHandlers[MessageType.saved]!
    client.provider.messageHandlers[MessageType.saved] = (...args) => {
      original(...args)
      const covered = client.saved.get(client.doc.clientID) ?? 0
      for (const edit of entry.edits) if (!edit.acked && edit.clock <= covered) edit.acked = true
    }
    this.clients.push(entry)
    return entry
  }

  /** Makes one random edit on a random client (or `on`). */
  edit(on?: LoadClient): Edit {
    const random = this.#random
    const target = on ?? random.pick(this.clients)
    const { doc } = target.client
    const token = `L${this.clients.indexOf(target)}.${target.client.doc.clientID % 1000}.${this.#counter++}`
    const body = doc.getXmlFragment(BODY_FIELD)
    const paragraphs = body.toArray().filter(
      (node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === 'paragraph' && node.get(0) instanceof Y.XmlText,
    )
    const choice = random.int(3)
    if (choice === 0 || paragraphs.length === 0) {
      const paragraph = new Y.XmlElement('paragraph')
      paragraph.insert(0, [new Y.XmlText(token)])
      body.insert(random.int(body.length + 1), [paragraph])
    } else {
      const text = random.pick(paragraphs).get(0) as Y.XmlText
      if (choice === 1) text.insert(0, `${token} `)
      else text.insert(text.length, ` ${token}`)
    }
    const edit: Edit = { token, draft: target.draft, clientId: doc.clientID, clock: Y.getState(doc.store, doc.clientID), acked: false }
    target.edits.push(edit)
    this.edits.push(edit)
    return edit
  }

  /** Edits at random, `perSecond` edits in all, until `stop()`. */
  start(perSecond: number): void {
    const tick = 20
    const perTick = (perSecond * tick) / 1000
    let owed = 0
    this.#timer = setInterval(() => {
      owed += perTick
      for (; owed >= 1; owed--) this.edit()
    }, tick)
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer)
    this.#timer = null
  }

  acked(): Edit[] {
    return this.edits.filter((e) => e.acked)
  }

  /** Waits until every client has been told all its edits are saved and each draft's replicas agree. */
  async settle(timeoutMs = 60_000): Promise<void> {
    await waitFor(() => this.edits.every((e) => e.acked), 'every edit to be acknowledged as saved', {
      timeoutMs,
      describe: () => ({ pending: this.edits.filter((e) => !e.acked).length, of: this.edits.length }),
    })
    await waitFor(() => this.divergent().length === 0, 'every draft to converge on all its clients', {
      timeoutMs,
      describe: () => ({ divergent: this.divergent() }),
    })
  }

  /** Drafts whose clients do not all hold the same state. */
  divergent(): string[] {
    const out: string[] = []
    for (const draft of this.drafts()) {
      const states = this.clients.filter((c) => c.draft === draft).map((c) => Buffer.from(Y.encodeStateVector(c.client.doc)).toString('hex'))
      if (new Set(states).size > 1) out.push(draft)
    }
    return out
  }

  drafts(): string[] {
    return [...new Set(this.clients.map((c) => c.draft))]
  }

  destroy(): void {
    this.stop()
    for (const c of this.clients) c.client.destroy()
  }
}

/** A draft's body as storage holds it (snapshot plus log). */
export async function storedBody(storage: Pick<Storage, 'loadLog'>, documentId: string): Promise<Y.Doc> {
  const stored = await storage.loadLog({ documentId, name: 'body' })
  const doc = new Y.Doc()
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot)
  for (const update of stored.updates) Y.applyUpdate(doc, update)
  return doc
}

/**
 * The checker: every edit in `acked` is stored exactly once, no token is stored twice, and
 * (with `converged`) storage holds exactly what every client of the draft holds.
 */
export async function checkStorage(
  storage: Pick<Storage, 'loadLog'>,
  load: Load,
  { acked = load.acked(), converged = false }: { acked?: Edit[]; converged?: boolean } = {},
): Promise<{ stored: number; acked: number }> {
  let stored = 0
  for (const draft of load.drafts()) {
    const doc = await storedBody(storage, draft)
    const counts = tokenCounts(doc)
    stored += counts.size
    for (const [token, count] of counts) expect(count, `${token} stored ${count} times`).toBe(1)
    for (const edit of acked.filter((e) => e.draft === draft)) {
      expect(counts.get(edit.token), `${edit.token} was acknowledged as saved but is not stored`).toBe(1)
    }
    if (converged) {
      const text = plainText(yDocToJSON(doc))
      for (const c of load.clients.filter((c) => c.draft === draft)) {
        expect(plainText(yDocToJSON(c.client.doc)), `a client of ${draft} differs from storage`).toBe(text)
      }
      for (const edit of load.edits.filter((e) => e.draft === draft)) expect(counts.get(edit.token), edit.token).toBe(1)
    }
    doc.destroy()
  }
  return { stored, acked: acked.length }
}
