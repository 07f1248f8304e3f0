/**
 * Suggesting mode as a pure function: given the state and a transaction made by an ordinary
 * edit, build the transaction that proposes the same change instead of making it. No DOM: the
 * browser editor (SuggestionMode's dispatch hook), the server and the tests run this same code.
 *
 * Each step of the original transaction is read for its intent against the document it was
 * made for, and re-expressed on a fresh transaction of the current state:
 * - deleted text is kept and marked `deletion`, except text that is itself a pending insertion
 *   (anyone's), which is really removed: deleting proposed text withdraws or rejects it;
 * - inserted content is inserted after any text it replaces and marked `insertion`;
 * - removed paragraph breaks become `breakChange: join` on the following block, added ones
 *   `breakChange: split`;
 * - formatting and block type/attribute changes are applied and remembered (`formatChange`,
 *   `blockChange`) so rejecting can restore them.
 * All pieces of one transaction share one suggestion id, or the id of the author's own
 * suggestion they touch, so a typing run, Backspace run or replacement is one suggestion.
 *
 * Why not @handlewithcare/prosemirror-suggest-changes (0.1.8), which this follows in outline:
 * its marks carry only an id and it creates them without our attributes; it gives new text the
 * id of any adjacent suggestion and rewrites the ids of abutting suggestions, whoever made them,
 * so CHL's words would be accepted or rejected with PAN's; it marks paragraph splits and joins
 * with zero-width spaces written into the text (which would reach Yjs, exports and numbering);
 * its block changes need marks on block nodes, which our schema and block ids do not use.
 */
import type { Mark, Node as PMNode, Slice } from '@tiptap/pm/model'
import { TextSelection, type EditorState, type Transaction } from '@tiptap/pm/state'
import { AddMarkStep, AttrStep, RemoveMarkStep, ReplaceAroundStep, ReplaceStep, type Step } from '@tiptap/pm/transform'
import { crossesTable, holdsTable, nextTextblock, previousTextblock, textblockAt, textblocksBetween, joinTextblockBackward, type TextblockInfo } from './blocks.ts'
import { isLocalUserEdit, suggestionPluginKey, type SuggestionMeta } from './plugin.ts'
import {
  BLOCK_CHANGE,
  BREAK_CHANGE,
  DELETION,
  FORMAT_CHANGE,
  INSERTION,
  encodeBlockAttr,
  readBlockChange,
  readBreakChange,
  suggestionAttrs,
  type SuggestionAttrs,
  type SuggestionAuthor,
} from './types.ts'

export interface SuggestTransformOptions {
  suggesting: boolean
  /** Who is suggesting; in suggesting mode an edit without an author is refused. */
  author: SuggestionAuthor | null
  /** ISO time for new suggestions (injected so tests are deterministic). */
  now: () => string
  /** Id for new suggestions. */
  newId: () => string
}

/**
 * The transaction to dispatch instead of `tr`: `tr` itself when it is not to be tracked (not
 * suggesting, or not a local user edit), a new transaction proposing the same change, or
 * null when the change cannot be expressed as a suggestion (wrapping in a list, lifting…) and
 * must be dropped.
 */
export function suggestTransaction(state: EditorState, tr: Transaction, options: SuggestTransformOptions): Transaction | null {
  const joinBefore = (tr.getMeta(suggestionPluginKey) as SuggestionMeta | undefined)?.joinBefore
  const joinRequest = options.suggesting && typeof joinBefore === 'number' && !tr.docChanged
  if (!joinRequest && (!options.suggesting || !isLocalUserEdit(tr))) return tr
  if (!options.author || !tr.before.eq(state.doc)) return null
  const builder = new SuggestionBuilder(state, tr, options.author, options)
  return joinRequest ? builder.join(joinBefore) : builder.build()
}

const SUGGESTION_MARKS = new Set([INSERTION, DELETION, FORMAT_CHANGE])

/** Two blocks of one type whose attributes differ at most in their id and suggestions. */
function sameShape(a: PMNode, b: PMNode): boolean {
  return Object.keys({ ...a.attrs, ...b.attrs }).every((key) => BOOKKEEPING_ATTRS.has(key) || a.attrs[key] === b.attrs[key])
}
/** Attributes that identify a block or describe suggestions, never themselves suggested. */
const BOOKKEEPING_ATTRS = new Set(['id', BREAK_CHANGE, BLOCK_CHANGE])

type Mapper = (pos: number, assoc: number) => number

class SuggestionBuilder {
  private readonly out: Transaction
  private attrs: SuggestionAttrs | null = null

  constructor(
    private readonly state: EditorState,
    private readonly tr: Transaction,
    private readonly author: SuggestionAuthor,
    private readonly options: SuggestTransformOptions,
  ) {
    this.out = state.tr
  }

  build(): Transaction | null {
    const { tr, out } = this
    for (let i = 0; i < tr.steps.length; i++) {
      const step = tr.steps[i]!
      const before = tr.docs[i]!
      // A position in the document this step was made for, in the document we are building:
      // back through the original steps so far, forward through ours.
      const back = tr.mapping.slice(0, i).invert()
      const toOut: Mapper = (pos, assoc) => out.mapping.map(back.map(pos, assoc), assoc)
      if (!this.step(step, before, toOut)) return null
    }
    this.finish()
    return out
  }

  /** A request (see suggestJoinBackward) to remove the break before the textblock at `pos`. */
  join(pos: number): Transaction | null {
    const block = textblockAt(this.out.doc, pos)
    const previous = block && previousTextblock(this.out.doc, block.pos)
    if (!block || !previous || crossesTable(this.out.doc, previous.end, block.start)) return null
    this.markDeleted(previous.end, block.start)
    this.finish()
    return this.out
  }

  private step(step: Step, before: PMNode, toOut: Mapper): boolean {
    if (step instanceof ReplaceStep) return this.replace(step, toOut)
    if (step instanceof ReplaceAroundStep) {
      const node = setNodeMarkupTarget(step, before)
      return node ? this.changeBlock(step.from, before, node.type, node.attrs, toOut) : false
    }
    if (step instanceof AttrStep) {
      if (BOOKKEEPING_ATTRS.has(step.attr)) return step.attr === 'id' ? this.replay(step, toOut) : true
      const node = before.nodeAt(step.pos)
      if (!node) return false
      return this.changeBlock(step.pos, before, node.type, { ...node.attrs, [step.attr]: step.value }, toOut)
    }
    if (step instanceof AddMarkStep || step instanceof RemoveMarkStep) return this.format(step, toOut)
    return false
  }

  /** Block ids are not suggestions: a local id change (UniqueID repairs) applies as it is. */
  private replay(step: AttrStep, toOut: Mapper): boolean {
    const pos = toOut(step.pos, -1)
    if (!this.out.doc.nodeAt(pos)) return false
    this.out.setNodeAttribute(pos, step.attr, step.value)
    return true
  }

  private replace(step: ReplaceStep, toOut: Mapper): boolean {
    // Rows, columns, cells and whole tables change only while editing (SCHEMA-133).
    if (holdsTable(step.slice.content) || crossesTable(this.out.doc, toOut(step.from, 1), toOut(step.to, -1))) return false
    if (step.from < step.to) {
      const from = toOut(step.from, 1)
      const to = toOut(step.to, -1)
      if (to > from) this.markDeleted(from, to)
    }
    // Inserted content goes after the text it replaces, which stays in place, struck through.
    // A deletion from a block's start into the next block comes with that next block opened
    // again (ProseMirror's way of closing the range): structure only, no content of its own.
    // The blocks stay, struck, their break marked as a join; inserting it would instead split
    // the next block at the range's end, moving the break (TRUST-4 refuses such a move).
    if (step.slice.size > 0 && !(step.from < step.to && !holdsInline(step.slice))) this.insert(toOut(step.to, 1), step.slice)
    return true
  }

  private markDeleted(from: number, to: number): void {
    const { out } = this
    const schema = out.doc.type.schema
    const doc = out.doc
    const toMark: Array<[number, number]> = []
    const toRemove: Array<[number, number]> = []
    doc.nodesBetween(from, to, (node, pos) => {
      if (!node.isInline) return true
      const a = Math.max(pos, from)
      const b = Math.min(pos + node.nodeSize, to)
      if (a >= b) return false
      if (node.marks.some((m) => m.type.name === INSERTION)) toRemove.push([a, b])
      else if (!node.marks.some((m) => m.type.name === DELETION)) toMark.push([a, b])
      return false
    })
    const boundaries = deletedBoundaries(doc, from, to)
    const toJoin: number[] = []
    const boundariesToMark: TextblockInfo[] = []
    for (const block of boundaries) {
      const existing = readBreakChange(block.node)
      // A break that is itself a pending insertion goes away for real, like proposed text.
      if (existing?.op === 'split') toJoin.push(block.pos)
      else if (!existing && hasBlockAttrs(block.node)) boundariesToMark.push(block)
    }
    if (toMark.length || boundariesToMark.length) {
      const attrs = this.attrsFor('delete', from, to)
      const deletion = schema.marks[DELETION]!.create(attrs)
      for (const [a, b] of toMark) out.addMark(a, b, deletion)
      for (const block of boundariesToMark) {
        out.setNodeAttribute(block.pos, BREAK_CHANGE, encodeBlockAttr({ ...attrs, op: 'join' }))
      }
    }
    // From the end backwards, so the positions still to be used stay valid.
    const start = out.steps.length
    for (const [a, b] of toRemove.reverse()) out.delete(a, b)
    // An empty block before one's own break is that break's other half, not the paragraph: Enter
    // at a block's start leaves the new empty block first and the block's id on the second
    // (UniqueID), so taking the break back keeps the second, id and all. Keeping the empty one
    // gave the paragraph the new block's id, and undoing past that then wrote the paragraph
    // back under its old id in the other's place, which the server refuses (TRUST-4). Only
    // where the binding then removes the empty element rather than write the second block's
    // id and attributes over it (an attribute change the server refuses): the second holds
    // words, and the first is of another type or, apart from its id and suggestions, alike.
    for (const pos of toJoin.reverse()) {
      const at = out.mapping.slice(start).map(pos, -1)
      const block = textblockAt(out.doc, at)
      const previous = block && previousTextblock(out.doc, block.pos)
      const keepFollowing = Boolean(block && previous && block.node.content.size > 0 && (block.node.type !== previous.node.type || sameShape(block.node, previous.node)))
      joinTextblockBackward(out, at, keepFollowing)
    }
  }

  private insert(at: number, slice: Slice): void {
    const { out } = this
    const schema = out.doc.type.schema
    const first = out.steps.length
    out.replace(at, at, slice)
    if (out.steps.length === first) return
    let from = Infinity
    let to = -Infinity
    out.steps[out.steps.length - 1]!.getMap().forEach((_oldStart, _oldEnd, newStart, newEnd) => {
      from = Math.min(from, newStart)
      to = Math.max(to, newEnd)
    })
    if (!(to > from)) return
    const attrs = this.attrsFor('insert', from, to)
    // Pasted text may carry other suggestions' marks: what is inserted now is this suggestion.
    out.removeMark(from, to, schema.marks[FORMAT_CHANGE])
    out.addMark(from, to, schema.marks[INSERTION]!.create(attrs))

    const created = textblocksBetween(out.doc, from, to).filter((block) => block.pos >= from && block.pos < to)
    for (const block of created) {
      if (!hasBlockAttrs(block.node)) continue
      if (block.node.attrs[BREAK_CHANGE] !== null) out.setNodeAttribute(block.pos, BREAK_CHANGE, null)
      if (block.node.attrs[BLOCK_CHANGE] !== null) out.setNodeAttribute(block.pos, BLOCK_CHANGE, null)
    }
    // Each new textblock start is a new break before it; content inserted at the very top of
    // the document has no break before it, but one after it instead.
    let breaks = created
    if (created.length && !previousTextblock(out.doc, created[0]!.pos)) {
      const last = created[created.length - 1]!
      const after = nextTextblock(out.doc, last.pos + last.node.nodeSize)
      breaks = [...created.slice(1), ...(after ? [after] : [])]
    }
    for (const block of breaks) {
      const current = textblockAt(out.doc, block.pos)
      if (current && hasBlockAttrs(current.node)) {
        out.setNodeAttribute(block.pos, BREAK_CHANGE, encodeBlockAttr({ ...attrs, op: 'split' }))
      }
    }
  }

  private format(step: AddMarkStep | RemoveMarkStep, toOut: Mapper): boolean {
    const mark = step.mark
    // Suggestions change only through suggesting and accept/reject, never by mark commands.
    if (SUGGESTION_MARKS.has(mark.type.name)) return true
    // A link's target cannot be given back by rejecting a suggestion: links change only while editing.
    if (mark.type.name === 'link') return false
    const { out } = this
    const schema = out.doc.type.schema
    const from = toOut(step.from, 1)
    const to = toOut(step.to, -1)
    if (to <= from) return true
    const adding = step instanceof AddMarkStep
    const pieces: Array<{ a: number; b: number; direct: boolean; cancels: Mark | undefined }> = []
    out.doc.nodesBetween(from, to, (node, pos) => {
      if (!node.isInline) return true
      const a = Math.max(pos, from)
      const b = Math.min(pos + node.nodeSize, to)
      if (a >= b) return false
      if (node.marks.some((m) => m.type.name === DELETION)) return false
      const direct = node.marks.some((m) => m.type.name === INSERTION)
      const changes = adding ? !mark.isInSet(node.marks) : mark.isInSet(node.marks)
      if (!changes) return false
      const cancels = node.marks.find(
        (m) => m.type.name === FORMAT_CHANGE && m.attrs.mark === mark.type.name && m.attrs.action === (adding ? 'remove' : 'add'),
      )
      pieces.push({ a, b, direct, cancels })
      return false
    })
    for (const { a, b, direct, cancels } of pieces) {
      if (adding) out.addMark(a, b, mark)
      else out.removeMark(a, b, mark)
      // Proposed text is formatted as it is; a change that undoes a pending one ends it.
      if (direct) continue
      if (cancels) out.removeMark(a, b, cancels)
      else {
        const attrs = { ...this.ensureAttrs(), mark: mark.type.name, action: adding ? 'add' : 'remove' }
        out.addMark(a, b, schema.marks[FORMAT_CHANGE]!.create(attrs))
      }
    }
    return true
  }

  private changeBlock(pos: number, before: PMNode, type: PMNode['type'], attrs: PMNode['attrs'], toOut: Mapper): boolean {
    const old = before.nodeAt(pos)
    // assoc -1: a node's position right after a setNodeMarkup of it would map past its opening token.
    const at = toOut(pos, -1)
    const current = this.out.doc.nodeAt(at)
    if (!old || !current || !current.isTextblock || !hasBlockAttrs(current) || !type.spec.attrs?.[BLOCK_CHANGE]) return false
    const keep = { id: current.attrs.id as unknown, [BREAK_CHANGE]: current.attrs[BREAK_CHANGE] as unknown }
    const wanted = significantAttrs(attrs)
    if (type === current.type && sameAttrs(wanted, significantAttrs(current.attrs))) return true
    // A paragraph that is itself this author's proposed new block is simply edited.
    const split = readBreakChange(current)
    if (split?.op === 'split' && split.authorId === this.author.id) {
      this.out.setNodeMarkup(at, type, { ...attrs, ...keep, [BLOCK_CHANGE]: current.attrs[BLOCK_CHANGE] })
      return true
    }
    const previous = readBlockChange(current)?.previous ?? { type: current.type.name, attrs: significantAttrs(current.attrs) }
    const backToPrevious = previous.type === type.name && sameAttrs(previous.attrs, wanted)
    const change = backToPrevious ? null : encodeBlockAttr({ ...this.ensureAttrs(), previous })
    this.out.setNodeMarkup(at, type, { ...attrs, ...keep, [BLOCK_CHANGE]: change })
    return true
  }

  /**
   * The attribution for this transaction, chosen on first use: the author's own suggestion
   * that the change touches (an insertion it extends, a deletion it continues, or for inserted
   * text a deletion it replaces), otherwise a new one.
   */
  private attrsFor(kind: 'insert' | 'delete', from: number, to: number): SuggestionAttrs {
    if (this.attrs) return this.attrs
    const doc = this.out.doc
    const around = [doc.resolve(from).nodeBefore, doc.resolve(to).nodeAfter]
    const own = (name: string): Mark | undefined =>
      around.flatMap((node) => node?.marks ?? []).find((m) => m.type.name === name && m.attrs.authorId === this.author.id)
    const reuse = kind === 'insert' ? (own(INSERTION) ?? own(DELETION)) : own(DELETION)
    const $from = doc.resolve(from)
    // Typing right after one's own Enter continues the same suggestion.
    const split = kind === 'insert' && $from.parent.isTextblock && $from.parentOffset === 0 ? readBreakChange($from.parent) : null
    const ownSplit = split?.op === 'split' && split.authorId === this.author.id ? split : null
    this.attrs = reuse
      ? pickAttrs(reuse.attrs)
      : ownSplit
        ? pickAttrs(ownSplit as unknown as Record<string, unknown>)
        : suggestionAttrs(this.author, this.options.newId(), this.options.now())
    return this.attrs
  }

  private ensureAttrs(): SuggestionAttrs {
    this.attrs ??= suggestionAttrs(this.author, this.options.newId(), this.options.now())
    return this.attrs
  }

  private finish(): void {
    const { tr, out } = this
    out.setSelection(this.selection())
    if (tr.storedMarksSet) out.setStoredMarks(tr.storedMarks)
    const meta = (tr as unknown as { meta: Record<string, unknown> }).meta
    for (const [key, value] of Object.entries(meta)) out.setMeta(key, value)
    const ours = (tr.getMeta(suggestionPluginKey) as SuggestionMeta | undefined) ?? {}
    out.setMeta(suggestionPluginKey, { ...ours, tracked: true } satisfies SuggestionMeta)
    out.setTime(tr.time)
    if (tr.scrolledIntoView) out.scrollIntoView()
  }

  /**
   * Deleting while suggesting leaves the text in place, so the caret must step over it the
   * way the deletion would have moved it: Backspace (and a Backspace join) leaves the caret
   * before the struck text, so the next Backspace continues leftwards; Delete and deleting a
   * selection leave it after. Otherwise the caret goes where the original edit put it.
   */
  private selection() {
    const { tr, out, state } = this
    const deletions = tr.steps.every((step) => step instanceof ReplaceStep && step.slice.size === 0)
    const first = tr.steps[0]
    if (deletions && first instanceof ReplaceStep) {
      const backwards = state.selection.empty && state.selection.head === first.to
      const pos = backwards ? out.mapping.map(first.from, -1) : out.mapping.map(first.to, 1)
      return TextSelection.near(out.doc.resolve(pos), backwards ? -1 : 1)
    }
    return tr.selection.map(state.doc, tr.mapping.invert()).map(out.doc, out.mapping)
  }
}

/**
 * Which paragraph breaks a deletion of [from, to] removes, as the textblocks after them.
 * A break between textblocks A and B goes when the deletion removes A's end and B's start
 * (a deletion across them), or lies wholly in the structure between them (Backspace at the
 * start of B, also between list items). Blocks deleted whole need one break each; when the
 * deletion starts and ends between blocks, the break before the first (or, at the top of the
 * document, after the last) is the extra one, so accepting leaves the neighbours untouched.
 */
function deletedBoundaries(doc: PMNode, from: number, to: number): TextblockInfo[] {
  const inside = textblocksBetween(doc, from, to)
  const first = inside[0]
  const last = inside[inside.length - 1]
  const previous = previousTextblock(doc, first ? first.pos : from)
  const next = nextTextblock(doc, last ? last.pos + last.node.nodeSize : to)
  const chain = [...(previous ? [previous] : []), ...inside, ...(next ? [next] : [])]
  const closeRemoved = (b: TextblockInfo) => from <= b.end && to >= b.end + 1
  const openRemoved = (b: TextblockInfo) => from <= b.start - 1 && to >= b.start
  const result: TextblockInfo[] = []
  for (let i = 0; i + 1 < chain.length; i++) {
    const a = chain[i]!
    const b = chain[i + 1]!
    if ((closeRemoved(a) && openRemoved(b)) || (from >= a.end && to <= b.start)) result.push(b)
  }
  const destroyed = inside.filter((b) => openRemoved(b) && closeRemoved(b))
  if (destroyed.length > result.length) {
    if (previous) result.unshift(destroyed[0]!)
    else if (next) result.push(next)
  }
  return result
}

/** The new node of a ReplaceAroundStep made by `setNodeMarkup` (type or attributes of one node). */
function setNodeMarkupTarget(step: ReplaceAroundStep, before: PMNode): PMNode | null {
  const { slice } = step
  const node = slice.content.firstChild
  const old = before.nodeAt(step.from)
  const shaped =
    step.insert === 1 &&
    step.gapFrom === step.from + 1 &&
    step.gapTo === step.to - 1 &&
    slice.openStart === 0 &&
    slice.openEnd === 0 &&
    slice.content.childCount === 1 &&
    node !== null &&
    node.content.size === 0 &&
    old !== null &&
    old.nodeSize === step.to - step.from
  return shaped ? node : null
}

/** Whether a slice holds any text or inline node (not only block structure). */
function holdsInline(slice: Slice): boolean {
  let found = false
  slice.content.descendants((node) => {
    if (node.isInline) found = true
    return !found
  })
  return found
}

function hasBlockAttrs(node: PMNode): boolean {
  return Boolean(node.type.spec.attrs?.[BREAK_CHANGE] && node.type.spec.attrs[BLOCK_CHANGE])
}

function significantAttrs(attrs: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(attrs).filter(([key]) => !BOOKKEEPING_ATTRS.has(key)))
}

function sameAttrs(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)])
  for (const key of keys) if ((a[key] ?? null) !== (b[key] ?? null)) return false
  return true
}

function pickAttrs(attrs: Record<string, unknown>): SuggestionAttrs {
  const { id, authorId, authorName, delegation, at } = attrs as unknown as SuggestionAttrs
  return { id, authorId, authorName, delegation, at }
}
