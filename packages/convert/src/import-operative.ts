/**
 * UN resolutions laid out with Word's own numbering ([CONV-140..143]): preambular paragraphs
 * that open with an italic word ("*Recordando* …,"), then the operative paragraphs as a
 * numbered list "1.", "2." whose items open with an italic verb ("*Decide* …;"), subparagraphs
 * "(a)", "(b)" as its deeper levels. Read as they were meant: operative paragraphs, each
 * followed by its subparagraphs as a list, and the italic-led paragraphs before them as
 * preambular ones. Only for Word files from elsewhere with no PP/OP paragraph of their own.
 */
import type { JSONContent } from '@tiptap/core'

const isDecimalList = (block: JSONContent): boolean => block.type === 'orderedList' && !block.attrs?.type

/** Whether a paragraph's first words are italic (leading spaces aside). */
function opensInItalic(block: JSONContent | undefined): boolean {
  if (block?.type !== 'paragraph') return false
  const first = (block.content ?? []).find((piece) => piece.type !== 'text' || (piece.text ?? '').trim() !== '')
  return first?.type === 'text' && (first.marks ?? []).some((mark) => mark.type === 'italic')
}

function hasKind(blocks: JSONContent[]): boolean {
  return blocks.some((block) => (block.type === 'paragraph' && !!block.attrs?.kind) || hasKind(block.content ?? []))
}

const isEmptyParagraph = (block: JSONContent | undefined): boolean => block?.type === 'paragraph' && !(block.content ?? []).length

/**
 * A sublist Word numbers at a deeper level of a list of its own comes in wrapped in an empty
 * item of that list's first level (how pandoc writes "a." under "1."): the sublist itself.
 */
function unwrapped(block: JSONContent): JSONContent {
  const items = block.content ?? []
  const only = items[0]?.content ?? []
  if ((block.type === 'orderedList' || block.type === 'bulletList') && items.length === 1 && only.length === 2 && isEmptyParagraph(only[0]) && /List$/u.test(only[1]!.type ?? '')) {
    return unwrapped(only[1]!)
  }
  return block
}

/** The item's first paragraph, made operative, then what else it held, at the top level. */
function liftItem(item: JSONContent): JSONContent[] {
  const [first, ...rest] = item.content ?? []
  const paragraph: JSONContent = { ...(first ?? { type: 'paragraph' }), type: 'paragraph', attrs: { ...first?.attrs, kind: 'operative' } }
  return [paragraph, ...rest.map(unwrapped)]
}

/**
 * `blocks` (the top level of an imported draft) with a UN-style numbered operative part made
 * operative paragraphs, or `blocks` itself when the file does not look so laid out.
 */
export function operativeParagraphsFromLists(blocks: JSONContent[]): JSONContent[] {
  if (hasKind(blocks)) return blocks
  const first = blocks.findIndex((block, i) => {
    if (!isDecimalList(block) || Number(block.attrs?.start ?? 1) !== 1) return false
    const items = block.content ?? []
    const italicItems = items.filter((item) => opensInItalic(item.content?.[0])).length
    // [CONV-140] The list is the operative part when its items open with italic verbs, as UN
    // operative paragraphs do, or when italic-led (preambular) paragraphs stand right before it.
    return (items.length > 0 && italicItems * 2 >= items.length) || opensInItalic(blocks[i - 1])
  })
  if (first < 0) return blocks
  const out: JSONContent[] = []
  blocks.forEach((block, i) => {
    // [CONV-141] Every top-level decimal list from there on (Word continues the count across
    // paragraphs between them) is operative: each item an OP, its subparagraphs a list after it.
    if (i >= first && isDecimalList(block)) out.push(...(block.content ?? []).flatMap(liftItem))
    else out.push(i >= first ? unwrapped(block) : block)
  })
  // [CONV-142] Preambular: the paragraphs before the first OP, back to the nearest heading or
  // list, that open in italics; others there ("La Asamblea General,") stay plain.
  for (let i = first - 1; i >= 0; i--) {
    const block = out[i]!
    if (block.type !== 'paragraph') break
    if (opensInItalic(block)) out[i] = { ...block, attrs: { ...block.attrs, kind: 'preamble' } }
  }
  return out
}
