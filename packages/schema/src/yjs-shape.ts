/**
 * What the editor's Yjs binding (y-tiptap) can write for this schema, read off the same
 * extension list the editor uses: which elements may sit in which, which elements hold text,
 * which marks a text may carry, and the attribute shapes of nodes and marks. The server checks
 * every client update against it (and drops what falls outside it when loading old drafts), so
 * nothing is stored that an editor cannot render: the binding deletes, for everyone, a
 * paragraph it cannot turn into a ProseMirror node.
 */
import type { NodeType, Schema } from '@tiptap/pm/model'
import { consensoSchema } from './headless.ts'
import { isParagraphKind } from './extensions.ts'
import { BRACKET } from './brackets.ts'
import { isSafeLinkHref } from './links.ts'
import { FOOTNOTE } from './footnotes.ts'
import { isCellSpan } from './tables.ts'
import { BLOCK_CHANGE, BREAK_CHANGE, DELETION, FORMAT_CHANGE, INSERTION, normaliseBlockAttr } from './suggestions/types.ts'

/** The link mark (Tiptap's Link, from StarterKit). */
export const LINK = 'link'

/** The name y-tiptap gives the body fragment's parent: the schema's top node. */
export const BODY_ROOT_NODE = 'doc'

/**
 * The deepest element nesting accepted (a top-level block is at depth 1). Lists and quotes nest
 * without limit in the schema; nobody negotiates a text nested twenty deep, and a bound keeps a
 * small update of thousands of nested elements from exhausting every converter's stack.
 */
export const MAX_ELEMENT_DEPTH = 24

/** Longest string accepted as a node or mark attribute (ids, JSON of a block change). */
const MAX_ATTRIBUTE_CHARS = 4000

export interface BodyShape {
  /** Element names allowed as children of each element name (and of `doc`, the fragment). */
  children: ReadonlyMap<string, ReadonlySet<string>>
  /** Elements that hold text (Y.XmlText children) and inline elements. */
  textblocks: ReadonlySet<string>
  /** Marks allowed in the text of each textblock. */
  marks: ReadonlyMap<string, ReadonlySet<string>>
  /** Every mark name of the schema. */
  markNames: ReadonlySet<string>
  nodeAttributes: ReadonlyMap<string, ReadonlySet<string>>
  markAttributes: ReadonlyMap<string, ReadonlySet<string>>
  headingLevels: ReadonlySet<number>
}

/** Every node type that can appear anywhere in `type`'s content expression. */
function possibleChildren(type: NodeType): Set<string> {
  const found = new Set<string>()
  const seen = new Set<unknown>()
  const stack = [type.contentMatch]
  while (stack.length > 0) {
    const match = stack.pop()!
    if (seen.has(match)) continue
    seen.add(match)
    for (let i = 0; i < match.edgeCount; i++) {
      const edge = match.edge(i)
      found.add(edge.type.name)
      stack.push(edge.next)
    }
  }
  return found
}

function buildShape(schema: Schema): BodyShape {
  const children = new Map<string, Set<string>>()
  const textblocks = new Set<string>()
  const marks = new Map<string, Set<string>>()
  const nodeAttributes = new Map<string, Set<string>>()
  for (const type of Object.values(schema.nodes)) {
    // Text is a Y.XmlText, never an element of its own.
    children.set(type.name, new Set([...possibleChildren(type)].filter((name) => name !== 'text')))
    nodeAttributes.set(type.name, new Set(Object.keys(type.spec.attrs ?? {})))
    if (type.inlineContent) {
      textblocks.add(type.name)
      marks.set(type.name, new Set(Object.values(schema.marks).filter((mark) => type.allowsMarkType(mark)).map((mark) => mark.name)))
    }
  }
  const markAttributes = new Map(Object.values(schema.marks).map((mark) => [mark.name, new Set(Object.keys(mark.spec.attrs ?? {}))]))
  const headingLevels = new Set<number>()
  for (const rule of schema.nodes.heading?.spec.parseDOM ?? []) {
    const level = (rule.attrs as { level?: unknown } | undefined)?.level
    if (typeof level === 'number') headingLevels.add(level)
  }
  return { children, textblocks, marks, markNames: new Set(Object.keys(schema.marks)), nodeAttributes, markAttributes, headingLevels }
}

let cached: BodyShape | undefined
export function bodyShape(): BodyShape {
  cached ??= buildShape(consensoSchema())
  return cached
}

/** The mark a Yjs formatting key stands for: overlapping marks carry a `--hash` suffix. */
export function markNameOfFormatKey(key: string): string {
  const dash = key.length - 10
  return dash > 0 && key.charCodeAt(dash) === 45 && key.charCodeAt(dash + 1) === 45 ? key.slice(0, dash) : key
}

export const SUGGESTION_MARKS: ReadonlySet<string> = new Set([INSERTION, DELETION, FORMAT_CHANGE])
export const SUGGESTION_BLOCK_ATTRIBUTES: ReadonlySet<string> = new Set([BREAK_CHANGE, BLOCK_CHANGE])

const isPrimitive = (value: unknown): boolean =>
  value === null || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && value.length <= MAX_ATTRIBUTE_CHARS)

/** Why `value` cannot be attribute `key` of element `node`, or null when it can. */
export function nodeAttributeProblem(shape: BodyShape, node: string, key: string, value: unknown): string | null {
  if (!shape.nodeAttributes.get(node)?.has(key)) return `${node} has no attribute ${JSON.stringify(key.slice(0, 40))}`
  if (!isPrimitive(value)) return `attribute ${key} of ${node} holds a value of an unsupported kind`
  if (value === null) return null
  switch (key) {
    case 'id':
      return typeof value === 'string' ? null : 'a block id is a string'
    case 'kind':
      return isParagraphKind(value) ? null : 'unknown paragraph kind'
    case 'level':
      return typeof value === 'number' && shape.headingLevels.has(value) ? null : 'heading level out of range'
    case 'start':
      return Number.isInteger(value) ? null : 'a list start is a whole number'
    case 'colspan':
    case 'rowspan':
      return isCellSpan(value) ? null : `a cell spans 1 to 64 columns or rows`
    case 'text':
      return node === FOOTNOTE && typeof value === 'string' ? null : 'a footnote holds its text'
    case BREAK_CHANGE:
    case BLOCK_CHANGE:
      return normaliseBlockAttr(key, value) ? null : `malformed ${key}`
    default:
      return null
  }
}

/** Why `value` cannot be the formatting value of mark `mark`, or null when it can (null ends a mark). */
export function markValueProblem(shape: BodyShape, mark: string, value: unknown): string | null {
  if (value === null) return null
  if (typeof value !== 'object' || Array.isArray(value)) return `mark ${mark} holds a value of an unsupported kind`
  const allowed = shape.markAttributes.get(mark)
  if (!allowed) return `unknown mark ${JSON.stringify(mark.slice(0, 40))}`
  const attrs = value as Record<string, unknown>
  for (const key of Object.keys(attrs)) {
    if (!allowed.has(key)) return `mark ${mark} has no attribute ${JSON.stringify(key.slice(0, 40))}`
    if (!isPrimitive(attrs[key])) return `attribute ${key} of mark ${mark} holds a value of an unsupported kind`
  }
  if (SUGGESTION_MARKS.has(mark)) {
    for (const key of ['id', 'authorId', 'authorName', 'delegation', 'at']) {
      if (typeof attrs[key] !== 'string') return `a ${mark} mark names its ${key}`
    }
    if (mark === FORMAT_CHANGE) {
      // A link is not a format: suggesting its removal could not give its target back.
      if (typeof attrs.mark !== 'string' || !shape.markNames.has(attrs.mark) || SUGGESTION_MARKS.has(attrs.mark) || attrs.mark === BRACKET || attrs.mark === LINK) {
        return 'a format change names a formatting mark'
      }
      if (attrs.action !== 'add' && attrs.action !== 'remove') return 'a format change adds or removes'
    }
  }
  if (mark === BRACKET && typeof attrs.bracketId !== 'string') return 'a bracket mark names its bracket'
  if (mark === LINK) {
    if (!isSafeLinkHref(attrs.href)) return 'a link points to a web (http, https) or mail address'
    // A class would let a link dress as one of the editor's own marks (a bracket, a suggestion).
    if (attrs.class !== undefined && attrs.class !== null) return 'a link carries no class'
    if (attrs.target !== undefined && attrs.target !== null && attrs.target !== '_blank') return 'a link opens in this or a new window only'
  }
  return null
}
