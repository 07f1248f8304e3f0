/**
 * Validation cost per update (Consenso only, in process): the checks every body update passes
 * before it is applied (server/SPEC.md TRUST-*), on a 300-page draft, against the validator as
 * it was before them (a copy is kept in lib/validator-before.ts, for comparisons only: it decoded
 * the update and integrated it into a scratch Y.Doc).
 *
 * The draft: 300 pages of 3,000 characters in 4,500 numbered paragraphs, written by six authors
 * in typing bursts of a dozen characters (so the document holds tens of thousands of structs,
 * as a negotiated text does), with suggestions and brackets here and there. The updates: a
 * seeded mix of what people send on every keystroke: a character typed, one deleted, a word
 * made bold, a character typed as a suggestion (checked as an editor's and as a proposer's).
 * Each update is timed through both validators, then applied, so the next one meets the
 * document it would meet on a server; a thousand updates go through all the checks untimed
 * first (JIT warm-up; the proposer's check ten times each, as it meets a fifth of the updates).
 */
import * as Y from 'yjs'
import { BODY_FIELD } from '@consenso/schema'
import { checkBodyUpdate, type Writer } from '@consenso/server/collab'
import { median, percentile } from '../lib/stats.ts'
import { validateBefore as oldValidate } from '../lib/validator-before.ts'

export interface ValidationOptions {
  pages: number
  updates: number
  seed: number
}

export interface ValidationResult {
  pages: number
  paragraphs: number
  structs: number
  updates: number
  /** Microseconds per update, median and p99, for each validator. */
  old: { medianUs: number; p99Us: number; meanUs: number }
  current: { medianUs: number; p99Us: number; meanUs: number }
  /** The suggestion updates only, checked for a proposer (suggest-only, TRUST-4). */
  proposer: { medianUs: number; p99Us: number; meanUs: number }
}

const CHARS_PER_PAGE = 3000
const PARAGRAPH_CHARS = 200
const WORDS = 'considerando la movilidad humana en la región los puntos focales acuerdan presentar insumos conjuntos al pacto mundial para la migración segura ordenada y regular'.split(' ')

/** A small seeded generator (mulberry32), so every run times the same updates. */
export function seeded(seed: number): (n: number) => number {
  let state = seed >>> 0
  return (n) => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n)
  }
}

const AUTHORS = [
  { id: 'u-chl', name: 'Ana Rojas', delegation: 'CHL' },
  { id: 'u-pan', name: 'Rosa Pérez', delegation: 'PAN' },
  { id: 'u-mex', name: 'Lucía Torres', delegation: 'MEX' },
]

export function buildDraft(pages: number, random: (n: number) => number): Y.Doc {
  const doc = new Y.Doc()
  const body = doc.getXmlFragment(BODY_FIELD)
  const paragraphs = Math.round((pages * CHARS_PER_PAGE) / PARAGRAPH_CHARS)
  const at = new Date().toISOString()
  for (let p = 0; p < paragraphs; p++) {
    // Six authors take turns by section.
    doc.clientID = 1000 + Math.floor(p / 50) % 6
    const paragraph = new Y.XmlElement('paragraph')
    paragraph.setAttribute('id', `p-${p}`)
    paragraph.setAttribute('kind', p % 3 === 0 ? 'preamble' : 'operative')
    const text = new Y.XmlText()
    paragraph.insert(0, [text])
    body.push([paragraph])
    let written = 0
    while (written < PARAGRAPH_CHARS) {
      let burst = ''
      while (burst.length < 12) burst += WORDS[random(WORDS.length)] + ' '
      text.insert(written, burst)
      written += burst.length
    }
    if (p % 10 === 5) {
      const author = AUTHORS[p % AUTHORS.length]!
      text.format(20, 15, { insertion: { id: `s-${p}`, authorId: author.id, authorName: author.name, delegation: author.delegation, at } })
    }
    if (p % 50 === 7) text.format(40, 25, { bracket: { bracketId: `b-${p}` } })
  }
  return doc
}

type Kind = 'type' | 'delete' | 'bold' | 'suggest'

const summary = (samples: number[]): { medianUs: number; p99Us: number; meanUs: number } => ({
  medianUs: median(samples),
  p99Us: percentile(samples, 99),
  meanUs: samples.reduce((a, b) => a + b, 0) / Math.max(1, samples.length),
})

export function runValidation(options: ValidationOptions): ValidationResult {
  const random = seeded(options.seed)
  const server = buildDraft(options.pages, random)
  const client = new Y.Doc()
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server))
  const body = client.getXmlFragment(BODY_FIELD)
  const me = AUTHORS[1]!
  const editor: Writer = { userId: me.id, name: me.name, delegation: me.delegation, suggestOnly: false, now: Date.now() }
  const proposer: Writer = { ...editor, suggestOnly: true }
  const kinds: Kind[] = ['type', 'type', 'type', 'type', 'type', 'type', 'delete', 'bold', 'suggest', 'suggest']
  const old: number[] = []
  const current: number[] = []
  const suggestOnly: number[] = []
  const at = new Date().toISOString()
  // A server runs these checks all day: the first thousand updates, before V8 has optimised
  // the checks, are not timed. Every update, warm-up included, is applied.
  const warmup = Math.min(1000, options.updates)
  for (let i = -warmup; i < options.updates; i++) {
    const kind = kinds[random(kinds.length)]!
    const paragraph = body.get(random(body.length)) as Y.XmlElement
    const text = paragraph.get(0) as Y.XmlText
    const offset = random(Math.max(1, text.length - 10))
    const updates: Uint8Array[] = []
    const listener = (update: Uint8Array): void => void updates.push(update)
    client.on('update', listener)
    if (kind === 'type') text.insert(offset, 'x')
    else if (kind === 'delete') text.delete(offset, 1)
    else if (kind === 'bold') text.format(offset, 5, { bold: {} })
    else text.insert(offset, 'y', { insertion: { id: `s-new-${i}`, authorId: me.id, authorName: me.name, delegation: me.delegation, at } })
    client.off('update', listener)
    const update = updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates)

    if (i < 0) {
      oldValidate(update)
      checkBodyUpdate(server, update, editor)
      // The proposer's path runs on a fifth of the updates: checked ten times here, so that it
      // reaches V8's optimised tiers like the others (on a loaded machine that takes thousands of calls).
      if (kind === 'suggest') for (let k = 0; k < 10; k++) checkBodyUpdate(server, update, proposer)
      Y.applyUpdate(server, update)
      continue
    }
    let started = process.hrtime.bigint()
    oldValidate(update)
    old.push(Number(process.hrtime.bigint() - started) / 1000)
    started = process.hrtime.bigint()
    checkBodyUpdate(server, update, editor)
    current.push(Number(process.hrtime.bigint() - started) / 1000)
    if (kind === 'suggest') {
      started = process.hrtime.bigint()
      checkBodyUpdate(server, update, proposer)
      suggestOnly.push(Number(process.hrtime.bigint() - started) / 1000)
    }
    Y.applyUpdate(server, update)
  }
  let structs = 0
  for (const list of server.store.clients.values()) structs += list.length
  return {
    pages: options.pages,
    paragraphs: server.getXmlFragment(BODY_FIELD).length,
    structs,
    updates: options.updates,
    old: summary(old),
    current: summary(current),
    proposer: summary(suggestOnly),
  }
}
