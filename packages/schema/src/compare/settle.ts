/**
 * A body with its pending suggestions settled one way, for comparing versions (COMPARE-12):
 * `aside` reads the text as if every suggestion were rejected (the text as it stands, proposals
 * left out), `included` as if every one were accepted. Pure JSON; the body is not changed.
 */
import type { JSONContent } from '@tiptap/core'
import { BLOCK_CHANGE, BREAK_CHANGE, DELETION, INSERTION } from '../suggestions/types.ts'

export type PendingSuggestions = 'aside' | 'included' | 'as-text'

const TEXTBLOCKS = new Set(['paragraph', 'heading'])

function parsed(value: unknown): Record<string, unknown> | null {
  if (typeof value !== 'string') return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null
  try {
    const result: unknown = JSON.parse(value)
    return typeof result === 'object' && result !== null ? (result as Record<string, unknown>) : null
  } catch {
    return null
  }
}

function settleInline(content: readonly JSONContent[] | undefined, how: 'aside' | 'included'): JSONContent[] {
  const drop = how === 'aside' ? INSERTION : DELETION
  const out: JSONContent[] = []
  for (const child of content ?? []) {
    const marks = child.marks ?? []
    if (marks.some((m) => m.type === drop)) continue
    const kept = marks.filter((m) => m.type !== INSERTION && m.type !== DELETION)
    const copy: JSONContent = { ...child }
    if (kept.length > 0) copy.marks = kept
    else delete copy.marks
    out.push(copy)
  }
  return out
}

function settleBlock(node: JSONContent, how: 'aside' | 'included'): JSONContent {
  if (!TEXTBLOCKS.has(node.type ?? '')) return node.content ? { ...node, content: settleChildren(node.content, how) } : node
  let type = node.type
  let attrs: Record<string, unknown> = { ...(node.attrs ?? {}) }
  const blockChange = parsed(attrs[BLOCK_CHANGE])
  const previous = blockChange && parsed(blockChange.previous)
  if (how === 'aside' && previous && typeof previous.type === 'string') {
    type = previous.type
    attrs = { ...(parsed(previous.attrs) ?? {}), id: attrs.id }
  }
  delete attrs[BLOCK_CHANGE]
  delete attrs[BREAK_CHANGE]
  return { ...node, type, attrs, content: settleInline(node.content, how) }
}

function settleChildren(children: readonly JSONContent[], how: 'aside' | 'included'): JSONContent[] {
  const out: JSONContent[] = []
  for (const child of children) {
    const op = TEXTBLOCKS.has(child.type ?? '') ? parsed(child.attrs?.[BREAK_CHANGE])?.op : undefined
    // A suggested break left out (aside) or a suggested join taken in (included): one block.
    const joins = (how === 'aside' && op === 'split') || (how === 'included' && op === 'join')
    const settled = settleBlock(child, how)
    const last = out[out.length - 1]
    if (joins && last && TEXTBLOCKS.has(last.type ?? '')) {
      out[out.length - 1] = { ...last, content: [...(last.content ?? []), ...(settled.content ?? [])] }
      continue
    }
    out.push(settled)
  }
  return out
}

/** The body with its pending suggestions left out (`aside`) or taken in (`included`); `as-text` returns it as it is. */
export function settleSuggestions(body: JSONContent, how: PendingSuggestions): JSONContent {
  if (how === 'as-text') return body
  return { ...body, content: settleChildren(body.content ?? [], how) }
}
