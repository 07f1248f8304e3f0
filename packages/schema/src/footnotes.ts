/**
 * Footnotes, as UN texts carry them (references to resolutions, reports, reservations): an
 * inline atom at the point of reference holding the note's text as an attribute. A plain
 * string keeps the note one value in Yjs (no nested document to merge) and lets every
 * converter number the notes in document order; a note's own formatting is not kept.
 */
import { mergeAttributes, Node } from '@tiptap/core'

export const FOOTNOTE = 'footnote'
/** The longest note kept (the server's attribute bound, TRUST-1). */
export const MAX_FOOTNOTE_CHARS = 4000

export const Footnote = Node.create({
  name: FOOTNOTE,
  group: 'inline',
  inline: true,
  atom: true,
  selectable: true,
  addAttributes() {
    return {
      text: {
        default: '',
        parseHTML: (element: HTMLElement) => (element.getAttribute('data-footnote') ?? '').slice(0, MAX_FOOTNOTE_CHARS),
        renderHTML: (attributes: Record<string, unknown>) => ({ 'data-footnote': String(attributes.text ?? ''), title: String(attributes.text ?? '') }),
      },
    }
  },
  parseHTML() {
    return [{ tag: 'sup[data-footnote]' }]
  },
  // The number is drawn by the stylesheet (a CSS counter), so it follows the notes' order.
  renderHTML({ HTMLAttributes }) {
    return ['sup', mergeAttributes(HTMLAttributes, { class: 'footnote' })]
  },
  renderText({ node }) {
    return ` [${String(node.attrs.text ?? '')}]`
  },
})
