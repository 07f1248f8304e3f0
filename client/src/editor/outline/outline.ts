/**
 * Counts and the outline of a draft, from its ProseMirror document, without a DOM.
 *
 * Words are counted in the text as it reads with its suggestions in place but without the
 * words suggested for deletion (struck text is not anyone's proposal). Each textblock's count
 * is kept for that very node (nodes are immutable; an edit replaces only the blocks it
 * touches), so counting again after a keystroke only counts one paragraph.
 */
import type { Node as PMNode } from '@tiptap/pm/model'
import { DELETION, TABLE_CELL, TABLE_HEADER, numberNode } from '@consenso/schema'

export interface DraftCounts {
  words: number
  /**
   * Textblocks with text: paragraphs (numbered or not) and list items, not headings, nor the
   * paragraphs in a table's cells (a table is one block of the text, its words still counted).
   */
  paragraphs: number
  preambular: number
  operative: number
}

export interface OutlineEntry {
  kind: 'heading' | 'numbered'
  /** Heading level (1–3); 4 for numbered paragraphs, which sit under the last heading. */
  level: number
  /** "PP2", "OP12"; null for headings. */
  label: string | null
  text: string
  /** Position of the block in the document. */
  pos: number
}

const WORD = /[\p{L}\p{N}]+(?:['’.\-‐][\p{L}\p{N}]+)*/gu

const blockWords = new WeakMap<PMNode, number>()

/** The block's text without struck words; `\u0000` where struck text or an inline node stood. */
export function readableText(block: PMNode): string {
  let text = ''
  block.forEach((child) => {
    if (child.isText && !child.marks.some((mark) => mark.type.name === DELETION)) text += child.text ?? ''
    else text += ' '
  })
  return text
}

function wordsOf(block: PMNode): number {
  const known = blockWords.get(block)
  if (known !== undefined) return known
  const count = readableText(block).match(WORD)?.length ?? 0
  blockWords.set(block, count)
  return count
}

export function countDraft(doc: PMNode): DraftCounts {
  const counts: DraftCounts = { words: 0, paragraphs: 0, preambular: 0, operative: 0 }
  doc.descendants((node, _pos, parent) => {
    if (!node.isTextblock) return true
    const words = wordsOf(node)
    counts.words += words
    const inCell = parent?.type.name === TABLE_CELL || parent?.type.name === TABLE_HEADER
    if (node.type.name === 'paragraph' && words > 0 && !inCell) {
      counts.paragraphs += 1
      if (node.attrs.kind === 'preamble') counts.preambular += 1
      else if (node.attrs.kind === 'operative') counts.operative += 1
    }
    return false
  })
  return counts
}

const SNIPPET_WORDS = 10

function snippet(block: PMNode): string {
  const words = readableText(block).trim().split(/\s+/u).filter(Boolean)
  return words.length > SNIPPET_WORDS ? `${words.slice(0, SNIPPET_WORDS).join(' ')}…` : words.join(' ')
}

/** Headings and numbered paragraphs, in document order. */
export function outlineOf(doc: PMNode): OutlineEntry[] {
  const labels = new Map(numberNode(doc).map((n) => [n.pos, n.label]))
  const entries: OutlineEntry[] = []
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return true
    if (node.type.name === 'heading') {
      const text = snippet(node)
      if (text) entries.push({ kind: 'heading', level: Number(node.attrs.level) || 1, label: null, text, pos })
    } else {
      const label = labels.get(pos)
      if (label) entries.push({ kind: 'numbered', level: 4, label, text: snippet(node), pos })
    }
    return false
  })
  return entries
}

/**
 * What a person typed to go somewhere: "OP12", "op 12", "PP 3", "12" (an operative paragraph,
 * as delegates quote them), "§12" — as a label, or null when it names none.
 */
export function parseGoTo(input: string): string | null {
  const match = /^\s*(?:(pp|op)\s*\.?\s*|§\s*)?(\d{1,4})\s*$/iu.exec(input)
  if (!match) return null
  const prefix = (match[1] ?? 'op').toUpperCase()
  return `${prefix}${Number(match[2])}`
}

/** The position of the paragraph labelled `label` ("OP12"), or null. */
export function findLabel(doc: PMNode, label: string): number | null {
  return numberNode(doc).find((n) => n.label === label)?.pos ?? null
}
