/**
 * Textblock helpers shared by the transform and the accept/reject commands. A paragraph break
 * is modelled as the boundary between two consecutive textblocks in document order, whatever
 * lists or quotes lie between them; in this schema every block ends in textblocks, so these
 * boundaries describe all of the document's structure that suggestions can change.
 */
import type { Node as PMNode } from '@tiptap/pm/model'
import { Selection } from '@tiptap/pm/state'
import type { Transform } from '@tiptap/pm/transform'
import { BREAK_CHANGE } from './types.ts'

export interface TextblockInfo {
  node: PMNode
  /** Position before the block's opening token. */
  pos: number
  /** Start and end of its inline content. */
  start: number
  end: number
}

export function textblockAt(doc: PMNode, pos: number): TextblockInfo | null {
  const node = doc.nodeAt(pos)
  if (!node?.isTextblock) return null
  return { node, pos, start: pos + 1, end: pos + 1 + node.content.size }
}

/** Textblocks that overlap [from, to], in document order. */
export function textblocksBetween(doc: PMNode, from: number, to: number): TextblockInfo[] {
  const found: TextblockInfo[] = []
  doc.nodesBetween(from, Math.max(from + 1, to), (node, pos) => {
    if (!node.isTextblock) return true
    found.push({ node, pos, start: pos + 1, end: pos + 1 + node.content.size })
    return false
  })
  return found
}

/** The textblock that ends last before `pos`, where `pos` is a position between blocks. */
export function previousTextblock(doc: PMNode, pos: number): TextblockInfo | null {
  if (pos <= 0) return null
  const found = Selection.findFrom(doc.resolve(pos), -1, true)
  if (!found || found.$from.pos >= pos) return null
  return textblockAt(doc, found.$from.before())
}

/** The textblock that starts first after `pos`, where `pos` is a position between blocks. */
export function nextTextblock(doc: PMNode, pos: number): TextblockInfo | null {
  if (pos >= doc.content.size) return null
  const found = Selection.findFrom(doc.resolve(pos), 1, true)
  if (!found || found.$from.pos <= pos) return null
  return textblockAt(doc, found.$from.before())
}

/**
 * Joins the textblock at `pos` to the textblock before it, as deleting the break between them
 * would. With `keepFollowingIfPreviousEmpty` (accepting a suggested join), an empty previous
 * block gives way to the following one, whose type, kind and id survive: that is what the
 * author of a whole-paragraph deletion meant. Rejecting a split keeps the first block, which
 * is the original paragraph. Returns false when there is no previous textblock.
 */
export function joinTextblockBackward(tr: Transform, pos: number, keepFollowingIfPreviousEmpty: boolean): boolean {
  const block = textblockAt(tr.doc, pos)
  if (!block) return false
  const previous = previousTextblock(tr.doc, block.pos)
  if (!previous) return false
  const takeFollowing = keepFollowingIfPreviousEmpty && previous.node.content.size === 0
  tr.delete(previous.end, block.start)
  const merged = tr.doc.nodeAt(previous.pos)
  if (!merged?.isTextblock) return true
  const $merged = tr.doc.resolve(previous.pos)
  const index = $merged.index()
  if (takeFollowing && $merged.parent.canReplaceWith(index, index + 1, block.node.type)) {
    // The break before the merged block is still the one that was before `previous`.
    tr.setNodeMarkup(previous.pos, block.node.type, { ...block.node.attrs, [BREAK_CHANGE]: previous.node.attrs[BREAK_CHANGE] })
  }
  return true
}

/** Position before the table cell holding `pos`, or null outside tables. */
function cellAt(doc: PMNode, pos: number): number | null {
  const $pos = doc.resolve(pos)
  for (let depth = $pos.depth; depth > 0; depth--) {
    const role = $pos.node(depth).type.spec.tableRole as string | undefined
    if (role === 'cell' || role === 'header_cell') return $pos.before(depth)
  }
  return null
}

const isTableNode = (node: PMNode): boolean => node.type.spec.tableRole !== undefined

/**
 * Whether a change of [from, to] reaches across a table's structure: from one cell into
 * another or out of the table, or over a whole table. Rows, columns and tables are not
 * suggestions (rejecting could not rebuild them), so suggesting mode refuses such changes;
 * text inside one cell is suggested as in any paragraph (SCHEMA-133).
 */
export function crossesTable(doc: PMNode, from: number, to: number): boolean {
  if (cellAt(doc, from) !== cellAt(doc, to)) return true
  let found = false
  doc.nodesBetween(from, to, (node, pos) => {
    if (found) return false
    if (isTableNode(node) && pos >= from && pos + node.nodeSize <= to) found = true
    return !found
  })
  return found
}

/** Whether pasted or inserted content carries table structure (a table, a row or a cell). */
export function holdsTable(content: { descendants: PMNode['descendants'] }): boolean {
  let found = false
  content.descendants((node) => {
    if (isTableNode(node)) found = true
    return !found
  })
  return found
}
