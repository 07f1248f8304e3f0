/**
 * Compares two versions of a draft paragraph by paragraph, as negotiators read a revision:
 * which paragraphs changed words, which were added, removed, moved, renumbered, split or
 * merged, and how each paragraph's consensus status changed. Pure and headless: the server
 * answers comparisons with it, the client could run it too, and the tests pin it down
 * (rules COMPARE-* in packages/schema/SPEC.md).
 */
import type { JSONContent } from '@tiptap/core'
import { diffArrays } from 'diff'
import { paragraphStatus, paragraphTextHash, type BracketStatus, type ParagraphStatus, type Stance } from '@consenso/protocol'
import { BRACKET } from '../brackets.ts'
import { numberJSON } from '../numbering.ts'
import { settleSuggestions, type PendingSuggestions } from './settle.ts'
import {
  BLOCK_SEPARATOR,
  diffTokens,
  keptWords,
  splitAtSeparators,
  tokenize,
  withoutSeparators,
  wordCount,
  type WordChange,
} from './words.ts'

/** The review data a paragraph's consensus status is derived from, as it was in one version. */
export interface ReviewState {
  parties: readonly string[]
  /** By paragraph id: each party's position. */
  consensus: Readonly<Record<string, { positions?: Readonly<Record<string, { stance: Stance }>>; textHash?: string } | undefined>>
  /** By bracket id. */
  brackets: Readonly<Record<string, { status: BracketStatus } | undefined>>
}

export interface ComparableVersion {
  body: JSONContent
  /** Without it, statuses are not compared (they read as null). */
  review?: ReviewState | null
}

/** A text block (paragraph or heading) as it stands in one version. */
export interface BlockSide {
  id: string | null
  type: string
  /** `PP3`, `OP1`… for numbered paragraphs; null otherwise. */
  label: string | null
  text: string
  /** Position among the version's text blocks, from 0. */
  index: number
  status: ParagraphStatus | null
}

/** Another paragraph named in a change ("moved above OP1"): its label in the older version when it had one. */
export interface BlockRef {
  id: string | null
  label: string | null
  /** The first words, for blocks without a label. */
  excerpt: string
}

export type ParagraphChangeKind = 'unchanged' | 'edited' | 'added' | 'removed'

export interface ParagraphChange {
  change: ParagraphChangeKind
  before: BlockSide | null
  after: BlockSide | null
  /**
   * Word changes from `before` to `after`: for an added paragraph one insertion, for a
   * removed one one deletion; the part of a split, or the paragraph that received a merge,
   * is compared with the text it came from.
   */
  words: WordChange[]
  /** Set when the paragraph changed place relative to the others (not merely renumbered). */
  moved: { above: BlockRef | null; below: BlockRef | null } | null
  /** Both versions number it, with different labels ("PP3 → PP4"). */
  renumbered: boolean
  /** Same text, different inline formatting, brackets or suggestion marks. */
  formatChanged: boolean
  /** A new paragraph made by splitting this one (the one that keeps the id). */
  splitFrom: BlockRef | null
  /** On the paragraph that kept the id: the new paragraphs split off it. */
  splitInto: BlockRef[]
  /** On a removed paragraph: the paragraph its text now sits in. */
  mergedInto: BlockRef | null
  /** On the paragraph that received a merge: the removed paragraphs now inside it. */
  mergedFrom: BlockRef[]
  /** Both versions have a status for it, and they differ. */
  statusChanged: boolean
}

export interface ComparisonTotals {
  unchanged: number
  edited: number
  added: number
  removed: number
  moved: number
  renumbered: number
  split: number
  merged: number
  statusChanged: number
}

export interface VersionComparison {
  /** In the newer version's order; removed paragraphs stand where they were. */
  paragraphs: ParagraphChange[]
  totals: ComparisonTotals
}

/** Share of a new block's words that must come from its neighbour for a split (or merge). */
const SPLIT_MERGE_THRESHOLD = 0.5
/** Similarity of two blocks without ids for them to be taken as one block edited. */
const FALLBACK_SIMILARITY = 0.5
/** Similarity of a gone block and a new one (both with ids) to be taken as one block, cut and pasted. */
const REIDENTIFIED_SIMILARITY = 0.8
/** Shorter texts must match exactly: "Agree." and "Agreed." are not one paragraph. */
const REIDENTIFIED_MIN_WORDS = 4

interface Block {
  id: string | null
  type: string
  label: string | null
  text: string
  tokens: string[]
  /** How many of the tokens are words (hold a letter or a digit). */
  words: number
  /** Inline content as JSON, to notice formatting-only changes. */
  inline: string
  index: number
  bracketIds: string[]
  status: ParagraphStatus | null
}

/** Text blocks in document order, with their numbering and status. */
export function textBlocks(version: ComparableVersion): BlockSide[] {
  return collectBlocks(version).map(side)
}

function collectBlocks(version: ComparableVersion): Block[] {
  const labels = numberJSON(version.body)
  const blocks: Block[] = []
  const seen = new Set<string>()
  const visit = (node: JSONContent): void => {
    if (node.type === 'paragraph' || node.type === 'heading') {
      const rawId = typeof node.attrs?.id === 'string' ? (node.attrs.id as string) : null
      // A duplicated id (a paste the editor has not re-identified yet) identifies nothing.
      const id = rawId !== null && !seen.has(rawId) ? rawId : null
      if (id !== null) seen.add(id)
      const bracketIds: string[] = []
      let text = ''
      for (const child of node.content ?? []) {
        if (child.type === 'text') {
          text += child.text ?? ''
          for (const mark of child.marks ?? []) {
            const bracketId = mark.type === BRACKET ? mark.attrs?.bracketId : undefined
            if (typeof bracketId === 'string' && !bracketIds.includes(bracketId)) bracketIds.push(bracketId)
          }
        } else if (child.type === 'hardBreak') text += '\n'
      }
      const label = node.type === 'paragraph' && id !== null ? (labels.get(id) ?? null) : null
      const tokens = tokenize(text)
      blocks.push({
        id,
        type: node.type,
        label,
        text,
        tokens,
        words: wordCount(tokens),
        inline: JSON.stringify(node.content ?? []),
        index: blocks.length,
        bracketIds,
        status: label !== null ? statusOf(version.review, id!, text, bracketIds) : null,
      })
      return
    }
    node.content?.forEach(visit)
  }
  visit(version.body)
  return blocks
}

/** As the consensus view (`summarizeConsensus`) derives it, so both always agree. */
function statusOf(review: ReviewState | null | undefined, id: string, text: string, bracketIds: readonly string[]): ParagraphStatus | null {
  if (!review) return null
  const entry = review.consensus[id]
  // Positions given on another text no longer count.
  const current = entry && (entry.textHash === undefined || entry.textHash === paragraphTextHash(text)) ? entry.positions : undefined
  const open = bracketIds.filter((b) => review.brackets[b]?.status !== 'resolved').length
  return paragraphStatus(review.parties, current, open)
}

function side(block: Block): BlockSide {
  return { id: block.id, type: block.type, label: block.label, text: block.text, index: block.index, status: block.status }
}

function ref(block: Block, older?: Block): BlockRef {
  const label = older?.label ?? block.label
  const excerpt = block.text.length > 48 ? `${block.text.slice(0, 47).trimEnd()}…` : block.text
  return { id: block.id, label, excerpt }
}

const WORDLIKE = /[\p{L}\p{N}]/u
const bags = new WeakMap<Block, Map<string, number>>()

/** The block's words, counted: what it could at most share with another in any order. */
function bagOf(block: Block): Map<string, number> {
  let bag = bags.get(block)
  if (!bag) {
    bag = new Map()
    for (const token of block.tokens) {
      if (!WORDLIKE.test(token)) continue
      const word = token.trimEnd()
      bag.set(word, (bag.get(word) ?? 0) + 1)
    }
    bags.set(block, bag)
  }
  return bag
}

/** Words two blocks share in any order: an upper bound of what a diff can keep, found cheaply. */
function sharedWords(a: Block, b: Block): number {
  const [small, large] = bagOf(a).size <= bagOf(b).size ? [bagOf(a), bagOf(b)] : [bagOf(b), bagOf(a)]
  let shared = 0
  for (const [word, count] of small) shared += Math.min(count, large.get(word) ?? 0)
  return shared
}

/**
 * Share of the two blocks' words that a word diff keeps. Pairs that cannot reach `atLeast`
 * (by word counts, then by the words they share in any order) are answered 0 without a diff,
 * which is what keeps comparing hundreds of new and gone paragraphs cheap.
 */
function similarity(a: Block, b: Block, atLeast = 0): number {
  const wa = a.words
  const wb = b.words
  const total = wa + wb
  if (total === 0) return a.text === b.text ? 1 : 0
  if ((2 * Math.min(wa, wb)) / total < atLeast || (2 * sharedWords(a, b)) / total < atLeast) return 0
  return (2 * keptWords(diffTokens(a.tokens, b.tokens))) / total
}

/**
 * Pairs blocks: by id first; then blocks without ids by equal text, then by similar text;
 * then blocks whose id is gone with blocks whose id is new when their text is the same or
 * nearly so — a paragraph cut and pasted elsewhere gets a new id from the editor, and is
 * still the same paragraph, moved.
 */
function align(older: Block[], newer: Block[]): Map<Block, Block> {
  const pairs = new Map<Block, Block>()
  const byId = new Map<string, Block>()
  for (const block of newer) if (block.id !== null) byId.set(block.id, block)
  const taken = new Set<Block>()
  for (const block of older) {
    const match = block.id !== null ? byId.get(block.id) : undefined
    if (match) {
      pairs.set(block, match)
      taken.add(match)
    }
  }
  const olderLoose = older.filter((b) => b.id === null)
  const newerLoose = newer.filter((b) => b.id === null)
  if (olderLoose.length > 0 && newerLoose.length > 0) {
    let i = 0
    let j = 0
    for (const part of diffArrays(olderLoose, newerLoose, { comparator: (a, b) => a.text === b.text && a.type === b.type })) {
      if (part.added) j += part.count
      else if (part.removed) i += part.count
      else {
        for (let k = 0; k < part.count; k++) {
          pairs.set(olderLoose[i + k]!, newerLoose[j + k]!)
          taken.add(newerLoose[j + k]!)
        }
        i += part.count
        j += part.count
      }
    }
    let from = 0
    for (const block of olderLoose) {
      if (pairs.has(block)) continue
      for (let k = from; k < newerLoose.length; k++) {
        const candidate = newerLoose[k]!
        if (taken.has(candidate) || similarity(block, candidate, FALLBACK_SIMILARITY) < FALLBACK_SIMILARITY) continue
        pairs.set(block, candidate)
        taken.add(candidate)
        from = k + 1
        break
      }
    }
  }
  // Short or repeated texts ("}", "Agreed.") say nothing about where a paragraph went.
  const telling = (b: Block): boolean => b.words >= REIDENTIFIED_MIN_WORDS
  const gone = older.filter((b) => b.id !== null && !pairs.has(b) && telling(b))
  const fresh = newer.filter((b) => b.id !== null && !taken.has(b) && telling(b))
  if (gone.length === 0 || fresh.length === 0) return pairs
  const byText = (blocks: Block[]): Map<string, Block[]> => {
    const map = new Map<string, Block[]>()
    for (const block of blocks) map.set(block.text.trim(), [...(map.get(block.text.trim()) ?? []), block])
    return map
  }
  const goneByText = byText(gone)
  const freshByText = byText(fresh)
  for (const block of gone) {
    const twins = freshByText.get(block.text.trim())
    if (twins?.length !== 1 || goneByText.get(block.text.trim())!.length !== 1 || twins[0]!.type !== block.type) continue
    pairs.set(block, twins[0]!)
    taken.add(twins[0]!)
  }
  for (const block of gone) {
    if (pairs.has(block)) continue
    const match = fresh.find((b) => !taken.has(b) && b.type === block.type && similarity(block, b, REIDENTIFIED_SIMILARITY) >= REIDENTIFIED_SIMILARITY)
    if (!match) continue
    pairs.set(block, match)
    taken.add(match)
  }
  return pairs
}

/** Joins blocks' tokens with a separator between them, to compare several blocks as one text. */
function joined(blocks: readonly Block[]): string[] {
  const tokens: string[] = []
  blocks.forEach((block, i) => {
    if (i > 0) tokens.push(BLOCK_SEPARATOR)
    tokens.push(...block.tokens)
  })
  return tokens
}

/** Cheap test before a diff: could enough of `part`'s words be in `whole` at all? */
function couldComeFrom(part: Block, whole: Block): boolean {
  const shared = sharedWords(part, whole)
  return shared > 0 && shared >= SPLIT_MERGE_THRESHOLD * part.words
}

/** True when a part keeps at least the threshold share of its words (and at least one). */
function mostlyKept(part: readonly WordChange[], words: number): boolean {
  const kept = keptWords(part)
  return kept > 0 && kept >= SPLIT_MERGE_THRESHOLD * words
}

export interface CompareOptions {
  /**
   * Pending suggestions: left out of both texts (`aside`, as if rejected), taken in
   * (`included`, as if accepted), or read as text with the rest (`as-text`, the default here;
   * the versions API defaults to `aside`). COMPARE-12.
   */
  suggestions?: PendingSuggestions
}

export function compareVersions(olderVersion: ComparableVersion, newerVersion: ComparableVersion, options: CompareOptions = {}): VersionComparison {
  const how = options.suggestions ?? 'as-text'
  const older = collectBlocks({ ...olderVersion, body: settleSuggestions(olderVersion.body, how) })
  const newer = collectBlocks({ ...newerVersion, body: settleSuggestions(newerVersion.body, how) })
  const pairs = align(older, newer)
  const olderOf = new Map<Block, Block>()
  for (const [a, b] of pairs) olderOf.set(b, a)

  const changes = new Map<Block, ParagraphChange>()
  const blank = (before: Block | null, after: Block | null): ParagraphChange => ({
    change: 'unchanged',
    before: before && side(before),
    after: after && side(after),
    words: [],
    moved: null,
    renumbered: false,
    formatChanged: false,
    splitFrom: null,
    splitInto: [],
    mergedInto: null,
    mergedFrom: [],
    statusChanged: false,
  })

  // Splits: new blocks right after a paired block (or after its earlier parts) whose words
  // come from the end of that block's older text.
  const splitParts = new Map<Block, Block[]>()
  const partOf = new Map<Block, Block>()
  for (let k = 0; k < newer.length; k++) {
    const head = newer[k]!
    const origin = olderOf.get(head)
    if (!origin) continue
    const parts: Block[] = []
    for (let n = k + 1; n < newer.length && !olderOf.has(newer[n]!); n++) {
      const candidate = newer[n]!
      if (!couldComeFrom(candidate, origin)) break
      const pieces = splitAtSeparators(diffTokens(origin.tokens, joined([head, ...parts, candidate])), 'after')
      const all = [...parts, candidate]
      if (!all.every((block, p) => mostlyKept(pieces[p + 1]!, block.words))) break
      parts.push(candidate)
    }
    if (parts.length > 0) {
      splitParts.set(head, parts)
      for (const part of parts) partOf.set(part, head)
    }
  }

  // Merges: older blocks gone from the newer version whose words now sit at the end of the
  // paired block before them.
  const mergedParts = new Map<Block, Block[]>()
  const mergedInto = new Map<Block, Block>()
  for (let k = 0; k < older.length; k++) {
    const head = older[k]!
    const receiver = pairs.get(head)
    if (!receiver) continue
    const parts: Block[] = []
    for (let n = k + 1; n < older.length && !pairs.has(older[n]!); n++) {
      const candidate = older[n]!
      if (!couldComeFrom(candidate, receiver)) break
      const pieces = splitAtSeparators(diffTokens(joined([head, ...parts, candidate]), receiver.tokens), 'before')
      const all = [...parts, candidate]
      if (!all.every((block, p) => mostlyKept(pieces[p + 1]!, block.words))) break
      parts.push(candidate)
    }
    if (parts.length > 0) {
      mergedParts.set(receiver, parts)
      for (const part of parts) mergedInto.set(part, receiver)
    }
  }

  // Word changes of paired blocks; a split or merge compares the joined texts and hands each
  // block its own part, so text that merely changed paragraph is not shown as new.
  for (const [a, b] of pairs) {
    const change = blank(a, b)
    changes.set(b, change)
    const split = splitParts.get(b)
    const merged = mergedParts.get(b)
    if (split) {
      const pieces = splitAtSeparators(diffTokens(a.tokens, joined([b, ...split])), 'after')
      change.words = pieces[0]!
      change.splitInto = split.map((part) => ref(part))
      split.forEach((part, p) => {
        const partChange = blank(null, part)
        partChange.change = 'added'
        partChange.words = pieces[p + 1]!
        partChange.splitFrom = ref(b, a)
        changes.set(part, partChange)
      })
    } else if (merged) {
      change.words = withoutSeparators(diffTokens(joined([a, ...merged]), b.tokens))
      change.mergedFrom = merged.map((part) => ref(part))
    } else {
      change.words = diffTokens(a.tokens, b.tokens)
    }
    const textChanged = change.words.some((w) => w.op !== 'equal')
    change.change = textChanged || split || merged ? 'edited' : 'unchanged'
    change.formatChanged = !textChanged && a.text === b.text && a.inline !== b.inline
    change.renumbered = a.label !== null && b.label !== null && a.label !== b.label
    change.statusChanged = a.status !== null && b.status !== null && a.status !== b.status
  }
  for (const block of newer) {
    if (changes.has(block)) continue
    const change = blank(null, block)
    change.change = 'added'
    change.words = block.text ? [{ op: 'insert', text: block.text }] : []
    changes.set(block, change)
  }

  markMoves(older, newer, pairs, changes)

  // The newer order, with each removed block placed after the last paired block before it.
  const removedAfter = new Map<Block | null, Block[]>()
  let anchor: Block | null = null
  for (const block of older) {
    const paired = pairs.get(block)
    if (paired) {
      anchor = paired
      continue
    }
    const key = mergedInto.get(block) ?? anchor
    removedAfter.set(key, [...(removedAfter.get(key) ?? []), block])
  }
  const removedChange = (block: Block): ParagraphChange => {
    const change = blank(block, null)
    change.change = 'removed'
    const receiver = mergedInto.get(block)
    if (receiver) change.mergedInto = ref(receiver, olderOf.get(receiver))
    else change.words = block.text ? [{ op: 'delete', text: block.text }] : []
    return change
  }
  const paragraphs: ParagraphChange[] = (removedAfter.get(null) ?? []).map(removedChange)
  for (const block of newer) {
    paragraphs.push(changes.get(block)!)
    for (const removed of removedAfter.get(block) ?? []) paragraphs.push(removedChange(removed))
  }
  return { paragraphs, totals: totalsOf(paragraphs) }
}

/**
 * A paired block moved when it is outside the longest run of pairs that kept their relative
 * order; the others only shifted because something moved around them.
 */
function markMoves(older: Block[], newer: Block[], pairs: Map<Block, Block>, changes: Map<Block, ParagraphChange>): void {
  const olderOf = new Map<Block, Block>()
  for (const [a, b] of pairs) olderOf.set(b, a)
  const olderOrder = older.filter((b) => pairs.has(b)).map((b) => pairs.get(b)!)
  const newerOrder = newer.filter((b) => olderOf.has(b))
  const moved = new Set<Block>()
  for (const part of diffArrays(olderOrder, newerOrder)) if (part.added) for (const b of part.value) moved.add(b)
  if (moved.size === 0) return
  // Name the nearest neighbour that stayed in place: "OP3 moved above OP1".
  const nextStill: (Block | null)[] = new Array<Block | null>(newerOrder.length).fill(null)
  for (let i = newerOrder.length - 2, next: Block | null = null; i >= 0; i--) {
    const following = newerOrder[i + 1]!
    if (!moved.has(following)) next = following
    nextStill[i] = next
  }
  let previous: Block | null = null
  newerOrder.forEach((block, i) => {
    if (moved.has(block)) {
      const next = nextStill[i] ?? null
      changes.get(block)!.moved = {
        above: next ? ref(next, olderOf.get(next)) : null,
        below: !next && previous ? ref(previous, olderOf.get(previous)) : null,
      }
    } else previous = block
  })
}

function totalsOf(paragraphs: readonly ParagraphChange[]): ComparisonTotals {
  const totals: ComparisonTotals = { unchanged: 0, edited: 0, added: 0, removed: 0, moved: 0, renumbered: 0, split: 0, merged: 0, statusChanged: 0 }
  for (const p of paragraphs) {
    totals[p.change] += 1
    if (p.moved) totals.moved += 1
    if (p.renumbered) totals.renumbered += 1
    if (p.splitFrom) totals.split += 1
    if (p.mergedInto) totals.merged += 1
    if (p.statusChanged) totals.statusChanged += 1
  }
  return totals
}
