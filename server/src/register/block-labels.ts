/**
 * How a person names a block of a draft in a list of agreements: its paragraph number as
 * negotiators quote it ("OP3", "PP2"), or else the start of its words in quotes ("«Las STs
 * en coordinación…»"), never the internal block id.
 */
import type { JSONContent } from '@tiptap/core'
import { numberJSON } from '@consenso/schema'

const EXCERPT_LENGTH = 48

function wordsOf(node: JSONContent): string {
  if (node.type === 'text') return node.marks?.some((mark) => mark.type === 'deletion') ? '' : (node.text ?? '')
  return (node.content ?? []).map(wordsOf).join(node.content?.some((c) => c.type !== 'text') ? ' ' : '')
}

const excerpt = (text: string): string => {
  const words = text.replace(/\s+/g, ' ').trim()
  return words.length <= EXCERPT_LENGTH ? `«${words}»` : `«${words.slice(0, EXCERPT_LENGTH - 1).trimEnd()}…»`
}

/** Every block with an id in the body, by id. */
export function blockLabels(body: JSONContent): Map<string, string> {
  const numbers = numberJSON(body)
  const labels = new Map<string, string>()
  const visit = (node: JSONContent): void => {
    const id = node.attrs?.['id']
    if (typeof id === 'string' && id && !labels.has(id)) labels.set(id, numbers.get(id) ?? excerpt(wordsOf(node)))
    node.content?.forEach(visit)
  }
  visit(body)
  return labels
}

/** Blocks a person may link an agreement to: numbered paragraphs, headings and list items, in order. */
const LINKABLE = new Set(['paragraph', 'heading', 'listItem', 'blockquote'])

export interface LinkableBlock {
  id: string
  /** "OP3", "PP2", or null for a block without a number. */
  number: string | null
  /** The block's first words. */
  text: string
}

export function linkableBlocks(body: JSONContent): LinkableBlock[] {
  const numbers = numberJSON(body)
  const blocks: LinkableBlock[] = []
  const visit = (node: JSONContent, insideItem: boolean): void => {
    const id = node.attrs?.['id']
    // A paragraph inside a list item is the item itself, as minutes items are linked.
    if (typeof id === 'string' && id && node.type && LINKABLE.has(node.type) && !(insideItem && node.type === 'paragraph')) {
      const words = wordsOf(node).replace(/\s+/g, ' ').trim()
      if (words) blocks.push({ id, number: numbers.get(id) ?? null, text: words.length <= 120 ? words : `${words.slice(0, 119).trimEnd()}…` })
    }
    node.content?.forEach((child) => visit(child, insideItem || node.type === 'listItem'))
  }
  visit(body, false)
  return blocks
}
