/**
 * Parallel text (BILING-*): a draft's second language lives in the same Y.Doc as its body, in a
 * second XmlFragment (`translation`) of the same schema, so both are live, co-edited and saved
 * in the same versions. Each top-level block of the body has one counterpart there with the
 * same block id, hence the same PP/OP number. `alignTranslation` keeps it so after any edit of
 * either side (the server runs it after each committed change, one writer per draft).
 *
 * Translation status is kept per block in the map `translationStatus`: the source text as it
 * was when someone last confirmed (or wrote) the counterpart. A counterpart whose source text
 * differs from that is outdated, and the change is the word difference between the two.
 */
import * as Y from 'yjs'
import { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap'
import type { JSONContent } from '@tiptap/core'
import { BODY_FIELD } from './headless.ts'
import { numberJSON } from './numbering.ts'
import { renderableJSON } from './renderable.ts'
import { diffWords, type WordChange } from './compare/words.ts'

/** The second language's fragment in the body's Y.Doc. */
export const TRANSLATION_FIELD = 'translation'
/** Map of block id → the source text the counterpart was last confirmed against. */
export const TRANSLATION_STATUS_KEY = 'translationStatus'
/** Longest source text kept for a confirmation (longer ones are refused by the server). */
export const MAX_CONFIRMED_TEXT = 100_000
/** Longest block id a confirmation may be kept under. */
export const MAX_STATUS_KEY = 64

export type TextLanguage = 'es' | 'en'
/** Which text is authentic: one language, or both equally. */
export type Authentic = TextLanguage | 'both'

/** The review settings' value naming a draft's second language (`settings.translation`). */
export interface TranslationSettings {
  /** The language of the `translation` fragment. */
  language: TextLanguage
  authentic: Authentic
}

export function isTranslationSettings(value: unknown): value is TranslationSettings {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return (v.language === 'es' || v.language === 'en') && (v.authentic === 'es' || v.authentic === 'en' || v.authentic === 'both')
}

export const otherLanguage = (language: TextLanguage): TextLanguage => (language === 'es' ? 'en' : 'es')

/**
 * Status of a counterpart: `current` (confirmed against the source text as it is), `outdated`
 * (the source changed since, or the counterpart was never confirmed), `untranslated` (empty),
 * `missing` (no counterpart yet: alignment has not run since the source block appeared).
 */
export type TranslationStatus = 'current' | 'outdated' | 'untranslated' | 'missing'

const TEXTBLOCKS = new Set(['paragraph', 'heading'])

/** True when the document holds a second language. */
export function hasTranslation(doc: Y.Doc): boolean {
  return doc.share.has(TRANSLATION_FIELD) && doc.getXmlFragment(TRANSLATION_FIELD).length > 0
}

export const translationStatusMap = (doc: Y.Doc): Y.Map<string> => doc.getMap<string>(TRANSLATION_STATUS_KEY)

/** A block's text as the status compares it: characters only (marks and inline atoms left out), blocks on lines of their own. */
export function yBlockText(node: Y.XmlElement | Y.XmlText | Y.XmlHook): string {
  if (node instanceof Y.XmlText) {
    return (node.toDelta() as { insert: unknown }[]).map((part) => (typeof part.insert === 'string' ? part.insert : '')).join('')
  }
  if (!(node instanceof Y.XmlElement)) return ''
  const children = node.toArray() as (Y.XmlElement | Y.XmlText)[]
  return children.map(yBlockText).join(TEXTBLOCKS.has(node.nodeName) ? '' : '\n')
}

const blockId = (node: unknown): string | null => {
  if (!(node instanceof Y.XmlElement)) return null
  const id = node.getAttribute('id') as unknown
  return typeof id === 'string' && id ? id : null
}

/** A new counterpart for a source block: an empty paragraph or heading of the same id, kind and level; any other block copied whole, to be translated in place. */
function counterpartOf(source: Y.XmlElement): Y.XmlElement {
  if (!TEXTBLOCKS.has(source.nodeName)) return source.clone()
  const element = new Y.XmlElement(source.nodeName)
  for (const key of ['id', 'kind', 'level'] as const) {
    const value = source.getAttribute(key) as unknown
    if (value !== undefined && value !== null) element.setAttribute(key, value as string)
  }
  return element
}

/** The last paragraph or heading inside `element` (itself included), where words can be added. */
function lastTextblock(element: Y.XmlElement): Y.XmlElement | null {
  if (TEXTBLOCKS.has(element.nodeName)) return element
  const children = element.toArray()
  for (let i = children.length - 1; i >= 0; i--) {
    const child = children[i]
    if (child instanceof Y.XmlElement) {
      const found = lastTextblock(child)
      if (found) return found
    }
  }
  return null
}

function appendWords(host: Y.XmlElement, words: string): boolean {
  const block = lastTextblock(host)
  if (!block) return false
  const children = block.toArray()
  const last = children[children.length - 1]
  if (last instanceof Y.XmlText) {
    last.insert(last.length, (last.length > 0 ? ' ' : '') + words)
  } else {
    const text = new Y.XmlText()
    text.insert(0, words)
    block.insert(block.length, [text])
  }
  return true
}

/** Replaces `old` at `index` by a counterpart of `source`, keeping its words. */
function replaceKeepingWords(target: Y.XmlFragment, index: number, old: Y.XmlElement, source: Y.XmlElement): void {
  const words = yBlockText(old).trim()
  const fresh = counterpartOf(source)
  target.delete(index, 1)
  target.insert(index, [fresh])
  if (words && TEXTBLOCKS.has(fresh.nodeName)) appendWords(fresh, words)
}

/** Longest increasing subsequence of `values` (indexes into it): the blocks left where they are. */
function longestIncreasing(values: readonly number[]): Set<number> {
  const tails: number[] = []
  const previous: number[] = new Array<number>(values.length).fill(-1)
  for (let i = 0; i < values.length; i++) {
    let low = 0
    let high = tails.length
    while (low < high) {
      const mid = (low + high) >> 1
      if (values[tails[mid]!]! < values[i]!) low = mid + 1
      else high = mid
    }
    if (low > 0) previous[i] = tails[low - 1]!
    tails[low] = i
  }
  const kept = new Set<number>()
  let at = tails.length > 0 ? tails[tails.length - 1]! : -1
  while (at >= 0) {
    kept.add(at)
    at = previous[at]!
  }
  return kept
}

export interface AlignResult {
  added: number
  removed: number
  moved: number
  changed: number
}

/**
 * Makes the translation fragment hold exactly one counterpart per top-level source block with an
 * id, in the source's order, of the same type, kind and level. A counterpart whose source block
 * is gone (deleted, or merged into the one before) is removed and its words are added to the
 * counterpart before it, so no translated words are lost; a second counterpart of one id (two
 * writers adding the same) is removed the same way; blocks out of order are moved (a copy in
 * place, the old one removed). Does nothing to a draft without a translation. Idempotent.
 */
export function alignTranslation(doc: Y.Doc, origin: unknown = null): AlignResult {
  const result: AlignResult = { added: 0, removed: 0, moved: 0, changed: 0 }
  if (!doc.share.has(TRANSLATION_FIELD)) return result
  const source = doc.getXmlFragment(BODY_FIELD)
  const target = doc.getXmlFragment(TRANSLATION_FIELD)
  const sourceBlocks = (source.toArray() as unknown[]).filter((node): node is Y.XmlElement => blockId(node) !== null)
  const order = new Map<string, number>()
  sourceBlocks.forEach((block, index) => {
    const id = blockId(block)!
    if (!order.has(id)) order.set(id, index)
  })
  doc.transact(() => {
    // 1. Orphans and duplicates out, their words kept in the counterpart before them.
    const items = target.toArray() as unknown[]
    const seen = new Map<string, Y.XmlElement>()
    const drop: number[] = []
    let previous: Y.XmlElement | null = null
    let homeless = ''
    for (let i = 0; i < items.length; i++) {
      const node = items[i]
      const id = blockId(node)
      if (node instanceof Y.XmlElement && id !== null && order.has(id) && !seen.has(id)) {
        seen.set(id, node)
        previous = node
        if (homeless && appendWords(node, homeless)) homeless = ''
        continue
      }
      const words = node instanceof Y.XmlElement || node instanceof Y.XmlText ? yBlockText(node).trim() : ''
      if (words) {
        const host = (id !== null ? seen.get(id) : undefined) ?? previous
        if (!host || !appendWords(host, words)) homeless = homeless ? `${homeless} ${words}` : words
      }
      drop.push(i)
    }
    for (let i = drop.length - 1; i >= 0; i--) target.delete(drop[i]!, 1)
    result.removed += drop.length
    // 2. Blocks out of the source's order: the longest run in order stays, the rest move.
    const remaining = target.toArray() as Y.XmlElement[]
    const positions = remaining.map((node) => order.get(blockId(node)!)!)
    const stay = longestIncreasing(positions)
    const moving = new Map<string, Y.XmlElement>()
    for (let i = remaining.length - 1; i >= 0; i--) {
      if (stay.has(i)) continue
      moving.set(blockId(remaining[i])!, remaining[i]!.clone())
      target.delete(i, 1)
      result.moved += 1
    }
    // 3. Walk the source: the next counterpart is there, or is inserted (moved or new).
    let at = 0
    for (const [index, block] of sourceBlocks.entries()) {
      const id = blockId(block)!
      if (order.get(id) !== index) continue
      const here = at < target.length ? (target.get(at) as Y.XmlElement) : null
      if (here && blockId(here) === id) {
        if (here.nodeName !== block.nodeName) {
          replaceKeepingWords(target, at, here, block)
          result.changed += 1
        } else if (TEXTBLOCKS.has(block.nodeName)) {
          for (const key of ['kind', 'level'] as const) {
            const want = (block.getAttribute(key) as unknown) ?? null
            const have = (here.getAttribute(key) as unknown) ?? null
            if (want !== have) {
              if (want === null) here.removeAttribute(key)
              else here.setAttribute(key, want as string)
              result.changed += 1
            }
          }
        }
        at += 1
        continue
      }
      const moved = moving.get(id)
      if (moved) {
        target.insert(at, [moved])
        if (moved.nodeName !== block.nodeName) replaceKeepingWords(target, at, moved, block)
      } else {
        target.insert(at, [counterpartOf(block)])
        result.added += 1
      }
      at += 1
    }
    if (homeless && target.length > 0) appendWords(target.get(target.length - 1) as Y.XmlElement, homeless)
  }, origin)
  return result
}

/** Starts the second language: an empty counterpart for every source block (lists and tables copied). */
export function startTranslation(doc: Y.Doc, origin: unknown = null): AlignResult {
  doc.getXmlFragment(TRANSLATION_FIELD)
  return alignTranslation(doc, origin)
}

/** The source block's text now, as a confirmation keeps it; null when the source has no such block. */
export function sourceTextOf(doc: Y.Doc, id: string): string | null {
  for (const node of doc.getXmlFragment(BODY_FIELD).toArray()) {
    if (blockId(node) === id) return yBlockText(node as Y.XmlElement)
  }
  return null
}

/** Someone confirmed (or wrote) the counterpart of block `id`: it is current against the source as it is now. */
export function confirmTranslation(doc: Y.Doc, id: string, origin: unknown = null): boolean {
  const text = sourceTextOf(doc, id)
  if (text === null || text.length > MAX_CONFIRMED_TEXT || id.length > MAX_STATUS_KEY) return false
  const map = translationStatusMap(doc)
  if (map.get(id) === text) return false
  doc.transact(() => map.set(id, text), origin)
  return true
}

export function statusOf(sourceText: string, counterpart: Y.XmlElement | null, confirmed: string | undefined): TranslationStatus {
  if (!counterpart) return 'missing'
  if (!yBlockText(counterpart).trim()) return 'untranslated'
  return confirmed === sourceText ? 'current' : 'outdated'
}

export interface TranslationRow {
  id: string
  /** PP1, OP2… as the source numbers it; null for other blocks. */
  label: string | null
  /** The source block's node name (paragraph, heading, bulletList…). */
  type: string
  sourceText: string
  targetText: string
  status: TranslationStatus
  /** For an outdated counterpart confirmed before: the source's change since, word by word. */
  change: WordChange[] | null
}

/** The two texts side by side, row by row in the source's order, with each counterpart's status. */
export function translationRows(doc: Y.Doc): TranslationRow[] {
  const source = doc.getXmlFragment(BODY_FIELD)
  const labels = numberJSON(renderableJSON(yXmlFragmentToProsemirrorJSON(source) as JSONContent))
  const counterparts = new Map<string, Y.XmlElement>()
  if (doc.share.has(TRANSLATION_FIELD)) {
    for (const node of doc.getXmlFragment(TRANSLATION_FIELD).toArray()) {
      const id = blockId(node)
      if (id !== null && !counterparts.has(id)) counterparts.set(id, node as Y.XmlElement)
    }
  }
  const confirmed = translationStatusMap(doc)
  const rows: TranslationRow[] = []
  for (const node of source.toArray()) {
    const id = blockId(node)
    if (id === null) continue
    const element = node as Y.XmlElement
    const sourceText = yBlockText(element)
    const counterpart = counterparts.get(id) ?? null
    const before = confirmed.get(id)
    const status = statusOf(sourceText, counterpart, before)
    rows.push({
      id,
      label: labels.get(id) ?? null,
      type: element.nodeName,
      sourceText,
      targetText: counterpart ? yBlockText(counterpart) : '',
      status,
      change: status === 'outdated' && typeof before === 'string' ? diffWords(before, sourceText) : null,
    })
  }
  return rows
}

/** The translation as ProseMirror JSON (empty document when there is none). */
export function translationJSON(doc: Y.Doc): JSONContent {
  if (!doc.share.has(TRANSLATION_FIELD)) return { type: 'doc', content: [] }
  return renderableJSON(yXmlFragmentToProsemirrorJSON(doc.getXmlFragment(TRANSLATION_FIELD)) as JSONContent)
}

/**
 * In which languages a paragraph stands agreed (BILING-5): the source language when consensus
 * says so, the other only when its counterpart is also current, since what was agreed is the
 * text as it reads in the authentic language and a stale translation says something else.
 */
export function agreedLanguages(agreed: boolean, status: TranslationStatus, languages: { source: TextLanguage; target: TextLanguage }): Record<TextLanguage, boolean> {
  const result = { es: false, en: false }
  result[languages.source] = agreed
  result[languages.target] = agreed && status === 'current'
  return result
}
