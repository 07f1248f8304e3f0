/**
 * The schema side of suggestions: marks `insertion`, `deletion` and `formatChange` on text,
 * and the textblock attributes `breakChange` and `blockChange` (see SPEC.md, SUGG-1…3).
 */
import { Extension, Mark, mergeAttributes } from '@tiptap/core'
import { BLOCK_CHANGE, BREAK_CHANGE, DELETION, FORMAT_CHANGE, INSERTION, SUGGESTION_BLOCK_TYPES, normaliseBlockAttr } from './types.ts'

const dataAttribute = (name: string, dataName: string) => ({
  default: null,
  parseHTML: (element: HTMLElement) => element.getAttribute(dataName),
  renderHTML: (attributes: Record<string, unknown>) =>
    typeof attributes[name] === 'string' ? { [dataName]: attributes[name] } : {},
})

const attributionAttributes = () => ({
  id: dataAttribute('id', 'data-suggestion-id'),
  authorId: dataAttribute('authorId', 'data-author-id'),
  authorName: dataAttribute('authorName', 'data-author-name'),
  delegation: dataAttribute('delegation', 'data-delegation'),
  at: dataAttribute('at', 'data-at'),
})

/*
 * `inclusive: false` so text typed at the edge of a suggestion does not silently join it (in
 * editing mode it must not become part of someone's proposal); in suggesting mode the
 * transform extends the author's own insertion explicitly.
 * Insertion and deletion exclude each other: a piece of text is either proposed or struck.
 * The parse rules outrank Strike's `del` rule (priority 50), which would otherwise read our
 * `<del>` back as strikethrough.
 */
export const Insertion = Mark.create({
  name: INSERTION,
  inclusive: false,
  excludes: `${INSERTION} ${DELETION}`,
  priority: 1000,
  addAttributes: attributionAttributes,
  parseHTML: () => [{ tag: 'ins[data-suggestion-id]', priority: 100 }],
  renderHTML: ({ HTMLAttributes }) => ['ins', mergeAttributes(HTMLAttributes), 0],
})

export const Deletion = Mark.create({
  name: DELETION,
  inclusive: false,
  excludes: `${INSERTION} ${DELETION}`,
  priority: 1000,
  addAttributes: attributionAttributes,
  parseHTML: () => [{ tag: 'del[data-suggestion-id]', priority: 100 }],
  renderHTML: ({ HTMLAttributes }) => ['del', mergeAttributes(HTMLAttributes), 0],
})

/*
 * `excludes: ''` lets several format changes sit on the same text (CHL makes it bold, PAN
 * italic); y-prosemirror stores such overlapping marks under hashed keys.
 */
export const FormatChange = Mark.create({
  name: FORMAT_CHANGE,
  inclusive: false,
  excludes: '',
  addAttributes: () => ({
    ...attributionAttributes(),
    mark: dataAttribute('mark', 'data-format-mark'),
    action: dataAttribute('action', 'data-format-action'),
  }),
  parseHTML: () => [{ tag: 'span[data-format-mark]', priority: 100 }],
  renderHTML: ({ HTMLAttributes }) => ['span', mergeAttributes(HTMLAttributes), 0],
})

/*
 * Rendered as the JSON itself (read back by parseHTML) plus plain attributes that stylesheets
 * and the review UI can select on, e.g. `p[data-break-op="join"][data-break-delegation="PAN"]`.
 */
const blockAttribute = (name: typeof BREAK_CHANGE | typeof BLOCK_CHANGE, dataName: string, extra: (value: Record<string, unknown>) => Record<string, string>) => ({
  default: null,
  // A split must not copy a pending suggestion onto the new paragraph.
  keepOnSplit: false,
  parseHTML: (element: HTMLElement) => normaliseBlockAttr(name, element.getAttribute(dataName)),
  renderHTML: (attributes: Record<string, unknown>) => {
    const value = normaliseBlockAttr(name, attributes[name])
    return value ? { [dataName]: value, ...extra(JSON.parse(value) as Record<string, unknown>) } : {}
  },
})

export const SuggestionBlockAttributes = Extension.create({
  name: 'suggestionBlockAttributes',
  addGlobalAttributes: () => [
    {
      types: [...SUGGESTION_BLOCK_TYPES],
      attributes: {
        [BREAK_CHANGE]: blockAttribute(BREAK_CHANGE, 'data-break-change', (v) => ({
          'data-break-op': String(v.op),
          'data-break-delegation': String(v.delegation),
        })),
        [BLOCK_CHANGE]: blockAttribute(BLOCK_CHANGE, 'data-block-change', (v) => ({ 'data-block-change-delegation': String(v.delegation) })),
      },
    },
  ],
})
