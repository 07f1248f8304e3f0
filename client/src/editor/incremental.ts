/**
 * Keeping per-document work off the keystroke path. A keystroke changes a few letters of one
 * paragraph; the decorations and lists drawn from the whole draft (paragraph numbers,
 * suggestion colours, consensus chips and brackets, the suggestions list) only need drawing
 * again when the change touches what they are made of. These helpers tell, cheaply, what a
 * change touched; otherwise the previous result is mapped through the change (O(log n)).
 */
import type { Editor } from '@tiptap/core'
import type { Mark, Node as PMNode } from '@tiptap/pm/model'
import { Mapping, StepMap } from '@tiptap/pm/transform'
import type { DecorationSet } from '@tiptap/pm/view'

/** For `plainTextChange` where no mark matters (paragraph numbers, drag handles). */
export const NO_MARKS: ReadonlySet<string> = new Set()

export interface ChangedRange {
  start: number
  endBefore: number
  endAfter: number
}

/**
 * The last answers of `changedRange`, by the document before (PERF-22): a keystroke asks the
 * same question of the same two documents five or six times (paragraph numbers, drag handles,
 * suggestion colours, consensus chips, find, the suggestions list), each a walk over the
 * draft's top-level blocks. Documents are immutable, so an answer never goes stale.
 */
const lastRanges = new WeakMap<PMNode, { after: PMNode; range: ChangedRange | null }>()

/** Where `after` differs from `before` (positions in each); null if their content is equal. */
export function changedRange(before: PMNode, after: PMNode): ChangedRange | null {
  if (before === after) return null
  const known = lastRanges.get(before)
  if (known?.after === after) return known.range
  const range = findChangedRange(before, after)
  lastRanges.set(before, { after, range })
  return range
}

function findChangedRange(before: PMNode, after: PMNode): ChangedRange | null {
  const start = before.content.findDiffStart(after.content)
  if (start === null) return null
  const end = before.content.findDiffEnd(after.content) ?? { a: before.content.size, b: after.content.size }
  // The two searches may cross when the change repeats its surroundings ("aa" → "aaa"):
  // move both ends by the overlap, so that the sizes still differ by what was inserted or
  // deleted (clamping each end alone would map "xaab" → "xab" as a change of no size).
  const overlap = start - Math.min(end.a, end.b)
  const endBefore = overlap > 0 ? end.a + overlap : end.a
  const endAfter = overlap > 0 ? end.b + overlap : end.b
  return Object.freeze({ start, endBefore, endAfter })
}

/** Whether the change stays within the text of one textblock: no block made, removed, split, joined or re-attributed. */
export function withinOneTextblock(before: PMNode, after: PMNode, range: ChangedRange): boolean {
  const inside = (doc: PMNode, from: number, to: number): boolean => {
    const $from = doc.resolve(from)
    return $from.parent.isTextblock && $from.depth > 0 && to <= $from.end() && from >= $from.start()
  }
  return inside(before, range.start, range.endBefore) && inside(after, range.start, range.endAfter)
}

/**
 * Whether any text in [from, to) of `doc`, or right around it, carries one of `marks`. Asked
 * only of a range inside one textblock (PERF-24): the block's own children are searched, not
 * the draft's blocks from its start up to the range, twice for each of six callers a keystroke.
 */
export function touchesMarks(doc: PMNode, from: number, to: number, marks: ReadonlySet<string>): boolean {
  if (marks.size === 0) return false
  const $from = doc.resolve(from)
  const block = $from.parent
  const start = $from.start()
  // One position either side: text typed against a marked run may extend it.
  const lo = Math.max(0, from - 1 - start)
  const hi = Math.min(block.content.size, to + 1 - start)
  let found = false
  block.nodesBetween(lo, hi, (node) => {
    if (found) return false
    if (node.isText && node.marks.some((mark: Mark) => marks.has(mark.type.name))) found = true
    return !found
  })
  return found
}

/**
 * The last answers of `plainTextChange`, by the document before and the marks asked about: six
 * callers ask it of the same two documents on each keystroke, three with the same marks.
 */
const lastPlain = new WeakMap<PMNode, { after: PMNode; marks: ReadonlySet<string>; change: ChangedRange | 'same' | null }[]>()

/**
 * For a text-only change that none of `marks` is near, in either document: how to carry a
 * result over (`same`: content unchanged; else the range to map through). Null: redo the work.
 */
export function plainTextChange(before: PMNode, after: PMNode, marks: ReadonlySet<string>): ChangedRange | 'same' | null {
  const range = changedRange(before, after)
  if (!range) return 'same'
  const known = lastPlain.get(before)?.find((answer) => answer.after === after && answer.marks === marks)
  if (known) return known.change
  const plain =
    withinOneTextblock(before, after, range) &&
    !touchesMarks(before, range.start, range.endBefore, marks) &&
    !touchesMarks(after, range.start, range.endAfter, marks)
  const change = plain ? range : null
  const answers = (lastPlain.get(before) ?? []).filter((answer) => answer.after === after)
  answers.push({ after, marks, change })
  lastPlain.set(before, answers)
  return change
}

/**
 * `editor.isActive(name, attrs)` for a node type, for what asks it on every transaction (the
 * toolbar's buttons, PERF-24). Tiptap answers by walking the draft's blocks from its start up
 * to the selection, once per question: a dozen walks per keystroke over a long draft. For a
 * caret the answer is among its ancestors (the nodes that walk would find), looked up here;
 * a selection of some length is left to Tiptap.
 */
export function isNodeActive(editor: Editor, name: string, attrs: Record<string, unknown> = {}): boolean {
  const { selection } = editor.state
  if (!selection.empty) return editor.isActive(name, attrs)
  const { $from } = selection
  for (let depth = $from.depth; depth > 0; depth--) {
    const node = $from.node(depth)
    if (node.type.name === name && Object.keys(attrs).every((key) => node.attrs[key] === attrs[key])) return true
  }
  return false
}

/**
 * `set` carried over a text-only change. Through the change itself, not the transaction's
 * mapping: y-sync applies a remote change as one step replacing the whole document, which
 * would sweep every decoration away.
 */
export function mapDecorations(set: DecorationSet, change: ChangedRange | 'same', doc: PMNode): DecorationSet {
  if (change === 'same') return set.map(new Mapping(), doc)
  return set.map(new Mapping([new StepMap([change.start, change.endBefore - change.start, change.endAfter - change.start])]), doc)
}
