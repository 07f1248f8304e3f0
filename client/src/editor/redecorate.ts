/**
 * Decorations found by searching the text (find matches, glossary terms), kept current without a
 * search of the whole draft on each keystroke: a change searches again only the textblocks it
 * touched and carries the other decorations over.
 */
import type { Node as PMNode } from '@tiptap/pm/model'
import { Mapping, StepMap } from '@tiptap/pm/transform'
import type { Decoration, DecorationSet } from '@tiptap/pm/view'
import { DELETION } from '@consenso/schema'
import { changedRange } from './incremental.ts'

/** Never part of a match: struck text, inline nodes. One code unit each, so indexes stay positions. */
export const GAP = '\u0000'

/** The searchable text of a textblock, one code unit per position of its content. */
export function blockText(block: PMNode): string {
  let text = ''
  block.forEach((child) => {
    if (child.isText && !child.marks.some((mark) => mark.type.name === DELETION)) text += child.text ?? ''
    else text += GAP.repeat(child.nodeSize)
  })
  return text
}

/** The textblocks around a changed range of `doc`: where decorations may have appeared or gone. */
function touchedSpan(doc: PMNode, from: number, to: number): { from: number; to: number } {
  let lo = from
  let hi = to
  for (const pos of [from, to]) {
    const $pos = doc.resolve(pos)
    for (let depth = $pos.depth; depth > 0; depth--) {
      if ($pos.node(depth).isTextblock) {
        lo = Math.min(lo, $pos.start(depth))
        hi = Math.max(hi, $pos.end(depth))
        break
      }
    }
  }
  return { from: lo, to: hi }
}

/**
 * `decorations` after the change from `before` to `after`: those of the touched textblocks made
 * again by `decorate(doc, from, to)`, the others mapped over; null when the texts do not differ.
 */
export function redecorateChange(
  decorations: DecorationSet,
  before: PMNode,
  after: PMNode,
  decorate: (doc: PMNode, from: number, to: number) => Decoration[],
): DecorationSet | null {
  const range = changedRange(before, after)
  if (!range) return null
  // Through the change itself, not the transaction's mapping: y-sync writes a remote change
  // as one step over the whole document (see incremental.ts).
  const map = new Mapping([new StepMap([range.start, range.endBefore - range.start, range.endAfter - range.start])])
  const span = touchedSpan(after, range.start, range.endAfter)
  const mapped = decorations.map(map, after)
  const found = decorate(after, span.from, span.to).filter((d) => d.from >= span.from && d.to <= span.to)
  return mapped.remove(mapped.find(span.from, span.to)).add(after, found)
}
