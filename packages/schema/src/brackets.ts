/**
 * Structured brackets in the body: the bracketed words carry a `bracket` mark whose only
 * attribute is the bracket's id. Sponsors, alternatives and status live in the review
 * document's bracket record (see `@consenso/protocol` consensus.ts), written by the server;
 * the mark is what ties those records to the words as the text moves.
 */
import { Mark, mergeAttributes, type JSONContent } from '@tiptap/core'
import { isParagraphKind, type ParagraphKind } from './extensions.ts'
import { numberJSON } from './numbering.ts'

export const BRACKET = 'bracket'

/*
 * Not inclusive: text typed right after a bracket is not bracketed. A bracket excludes only
 * itself (brackets do not nest); it sits alongside bold, suggestions and comments.
 */
export const Bracket = Mark.create({
  name: BRACKET,
  inclusive: false,
  priority: 1100,
  addAttributes: () => ({
    bracketId: {
      default: null,
      parseHTML: (element: HTMLElement) => element.getAttribute('data-bracket-id'),
      renderHTML: (attributes: Record<string, unknown>) =>
        typeof attributes.bracketId === 'string' ? { 'data-bracket-id': attributes.bracketId } : {},
    },
  }),
  parseHTML: () => [{ tag: 'span[data-bracket-id]', priority: 100 }],
  renderHTML: ({ HTMLAttributes }) => ['span', mergeAttributes({ class: 'bracket' }, HTMLAttributes), 0],
})

/** One numbered paragraph as the consensus view sees it. */
export interface NumberedParagraph {
  id: string
  /** `PP1`, `OP2`… */
  label: string
  section: ParagraphKind
  /** Every character in the paragraph, suggested insertions and deletions included. */
  text: string
  /** Ids of the brackets whose marks are in this paragraph, in order, each once. */
  bracketIds: string[]
}

function inlineText(node: JSONContent, brackets: string[]): string {
  let text = ''
  for (const child of node.content ?? []) {
    if (child.type === 'text') {
      text += child.text ?? ''
      for (const mark of child.marks ?? []) {
        const id = mark.type === BRACKET ? mark.attrs?.bracketId : undefined
        if (typeof id === 'string' && !brackets.includes(id)) brackets.push(id)
      }
    } else if (child.type === 'hardBreak') {
      text += '\n'
    }
  }
  return text
}

/** The numbered paragraphs (PP/OP, with an id) of a document, in document order. */
export function numberedParagraphs(doc: JSONContent): NumberedParagraph[] {
  const labels = numberJSON(doc)
  const result: NumberedParagraph[] = []
  const visit = (node: JSONContent): void => {
    if (node.type === 'paragraph') {
      const id = node.attrs?.id
      const kind = node.attrs?.kind
      const label = typeof id === 'string' ? labels.get(id) : undefined
      if (typeof id === 'string' && label && isParagraphKind(kind)) {
        const bracketIds: string[] = []
        const text = inlineText(node, bracketIds)
        result.push({ id, label, section: kind, text, bracketIds })
      }
      return
    }
    node.content?.forEach(visit)
  }
  visit(doc)
  return result
}

/** Every bracket id marked anywhere in the document, with the block id it sits in. */
export function bracketLocations(doc: JSONContent): Map<string, string | null> {
  const found = new Map<string, string | null>()
  const visit = (node: JSONContent, blockId: string | null): void => {
    const id = typeof node.attrs?.id === 'string' ? (node.attrs.id as string) : blockId
    for (const mark of node.marks ?? []) {
      const bracketId = mark.type === BRACKET ? mark.attrs?.bracketId : undefined
      if (typeof bracketId === 'string' && !found.has(bracketId)) found.set(bracketId, id)
    }
    node.content?.forEach((child) => visit(child, id))
  }
  visit(doc, null)
  return found
}
