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
