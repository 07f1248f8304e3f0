/**
 * Accepting, rejecting and listing suggestions. All three scan the document they are given for
 * the suggestion's pieces at that moment, so they stay right after any number of concurrent
 * edits: nothing is remembered by position. Accepting or rejecting is an ordinary edit (one
 * transaction, undoable, synced like typing) marked so suggesting mode leaves it alone.
 */
import type { Mark, Node as PMNode } from '@tiptap/pm/model'
import type { Command, Transaction } from '@tiptap/pm/state'
import { Transform } from '@tiptap/pm/transform'
import { joinTextblockBackward } from './blocks.ts'
import { suggestionPluginKey, type SuggestionMeta } from './plugin.ts'
import {
  BLOCK_CHANGE,
  BREAK_CHANGE,
  DELETION,
  FORMAT_CHANGE,
  INSERTION,
  markSuggestion,
  readBlockChange,
  readBreakChange,
  type BlockChange,
  type BreakChange,
  type SuggestionAttrs,
} from './types.ts'

export type SuggestionDecision = 'accept' | 'reject'
export type SuggestionFilter = (attrs: SuggestionAttrs) => boolean

interface Found {
  pieces: Array<{ mark: Mark; from: number; to: number }>
  breaks: Array<{ pos: number; change: BreakChange }>
  blocks: Array<{ pos: number; change: BlockChange }>
}

function collect(doc: PMNode, filter: SuggestionFilter): Found {
  const found: Found = { pieces: [], breaks: [], blocks: [] }
  doc.descendants((node, pos) => {
    if (node.isTextblock) {
      const br = readBreakChange(node)
      if (br && filter(br)) found.breaks.push({ pos, change: br })
      const bc = readBlockChange(node)
      if (bc && filter(bc)) found.blocks.push({ pos, change: bc })
      return true
    }
    if (!node.isInline) return true
    for (const mark of node.marks) {
      const attrs = markSuggestion(mark)
      if (!attrs || !filter(attrs)) continue
      const last = found.pieces[found.pieces.length - 1]
      if (last && last.to === pos && last.mark.eq(mark)) last.to = pos + node.nodeSize
      else found.pieces.push({ mark, from: pos, to: pos + node.nodeSize })
    }
    return false
  })
  return found
}

/**
 * Accepts or rejects, in `tr`, every suggestion piece whose attribution passes `filter`.
 * Accept: inserted text and breaks stay, deleted text and joined breaks go, format and block
 * changes stay. Reject: the reverse, restoring previous formatting, block type and kind.
 * Returns whether anything was found.
 */
export function resolveSuggestions(tr: Transform, filter: SuggestionFilter, decision: SuggestionDecision): boolean {
  const found = collect(tr.doc, filter)
  if (!found.pieces.length && !found.breaks.length && !found.blocks.length) return false
  const schema = tr.doc.type.schema
  const accept = decision === 'accept'
  const start = tr.steps.length
  const map = (pos: number, assoc: number) => tr.mapping.slice(start).map(pos, assoc)

  const toDelete: Array<{ from: number; to: number }> = []
  for (const { mark, from, to } of found.pieces) {
    const name = mark.type.name
    if ((name === INSERTION && !accept) || (name === DELETION && accept)) {
      toDelete.push({ from, to })
      continue
    }
    if (name === FORMAT_CHANGE && !accept) {
      const format = schema.marks[String(mark.attrs.mark)]
      if (format && mark.attrs.action === 'add') tr.removeMark(map(from, 1), map(to, -1), format)
      if (format && mark.attrs.action === 'remove') tr.addMark(map(from, 1), map(to, -1), format.create())
    }
    tr.removeMark(map(from, 1), map(to, -1), mark)
  }

  // Block positions map with assoc -1: a setNodeMarkup just made at a block's position would
  // push assoc 1 past its opening token.
  for (const { pos, change } of found.blocks) {
    const at = map(pos, -1)
    const node = tr.doc.nodeAt(at)
    if (!node) continue
    const previousType = schema.nodes[change.previous.type]
    const $at = tr.doc.resolve(at)
    const fits = previousType && $at.parent.canReplaceWith($at.index(), $at.index() + 1, previousType)
    if (!accept && previousType && fits) {
      tr.setNodeMarkup(at, previousType, {
        ...change.previous.attrs,
        id: node.attrs.id as unknown,
        [BREAK_CHANGE]: node.attrs[BREAK_CHANGE] as unknown,
        [BLOCK_CHANGE]: null,
      })
    } else tr.setNodeAttribute(at, BLOCK_CHANGE, null)
  }

  const toJoin: Array<{ pos: number; id: string }> = []
  for (const { pos, change } of found.breaks) {
    if ((change.op === 'split') === accept) tr.setNodeAttribute(map(pos, -1), BREAK_CHANGE, null)
    else toJoin.push({ pos, id: change.id })
  }

  // Text first, then breaks, each from the end of the document backwards; a join whose
  // previous block has emptied keeps the following block (see joinTextblockBackward).
  for (const { from, to } of toDelete.sort((a, b) => b.from - a.from)) {
    const a = map(from, 1)
    const b = map(to, -1)
    if (b > a) tr.delete(a, b)
  }
  for (const { pos, id } of toJoin.sort((a, b) => b.pos - a.pos)) {
    const at = map(pos, -1)
    const node = tr.doc.nodeAt(at)
    if (!node?.isTextblock || readBreakChange(node)?.id !== id) continue
    if (!joinTextblockBackward(tr, at, accept)) tr.setNodeAttribute(at, BREAK_CHANGE, null)
  }

  if ('setMeta' in tr) (tr as Transaction).setMeta(suggestionPluginKey, { resolved: decision } satisfies SuggestionMeta)
  return true
}

function resolveCommand(filter: SuggestionFilter, decision: SuggestionDecision): Command {
  return (state, dispatch) => {
    const tr = state.tr
    if (!resolveSuggestions(tr, filter, decision)) return false
    dispatch?.(tr.scrollIntoView())
    return true
  }
}

export const acceptSuggestion = (id: string): Command => resolveCommand((s) => s.id === id, 'accept')
export const rejectSuggestion = (id: string): Command => resolveCommand((s) => s.id === id, 'reject')
export const acceptAll = (): Command => resolveCommand(() => true, 'accept')
export const rejectAll = (): Command => resolveCommand(() => true, 'reject')
export const acceptAllFrom = (delegation: string): Command => resolveCommand((s) => s.delegation === delegation, 'accept')
export const rejectAllFrom = (delegation: string): Command => resolveCommand((s) => s.delegation === delegation, 'reject')

/** The document with suggestions resolved, e.g. the clean view of an export (reject all: the text as it stands). */
export function resolveSuggestionsInDoc(doc: PMNode, decision: SuggestionDecision, filter: SuggestionFilter = () => true): PMNode {
  const tr = new Transform(doc)
  resolveSuggestions(tr, filter, decision)
  return tr.doc
}

export type SuggestionKind = 'insert' | 'delete' | 'replace' | 'format'

export interface SuggestionSummary extends SuggestionAttrs {
  kind: SuggestionKind
  /** Inserted text for insert and replace, deleted text for delete, the affected text for format. */
  text: string
  /** Paragraph breaks count as `\n`. */
  insertedText: string
  deletedText: string
  /** Span of the document the suggestion covers now (for scrolling to it, not for editing). */
  from: number
  to: number
  formats: Array<{ mark: string; action: 'add' | 'remove' }>
  blockChanges: Array<{ pos: number; previous: BlockChange['previous']; current: { type: string; attrs: Record<string, unknown> } }>
}

/** Every suggestion in the document, in the order they first appear. */
export function listSuggestions(doc: PMNode): SuggestionSummary[] {
  const byId = new Map<string, SuggestionSummary & { formattedText: string; split: boolean; join: boolean }>()
  const entry = (attrs: SuggestionAttrs, from: number, to: number) => {
    let e = byId.get(attrs.id)
    if (!e) {
      e = {
        id: attrs.id,
        authorId: attrs.authorId,
        authorName: attrs.authorName,
        delegation: attrs.delegation,
        at: attrs.at,
        kind: 'format',
        text: '',
        insertedText: '',
        deletedText: '',
        from,
        to,
        formats: [],
        blockChanges: [],
        formattedText: '',
        split: false,
        join: false,
      }
      byId.set(attrs.id, e)
    }
    e.from = Math.min(e.from, from)
    e.to = Math.max(e.to, to)
    if (attrs.at < e.at) e.at = attrs.at
    return e
  }
  doc.descendants((node, pos) => {
    if (node.isTextblock) {
      const br = readBreakChange(node)
      if (br) {
        const e = entry(br, pos, pos + 1)
        if (br.op === 'split') {
          e.split = true
          e.insertedText += '\n'
        } else {
          e.join = true
          e.deletedText += '\n'
        }
      }
      const bc = readBlockChange(node)
      if (bc) {
        const e = entry(bc, pos, pos + node.nodeSize)
        const current = { type: node.type.name, attrs: Object.fromEntries(Object.entries(bc.previous.attrs).map(([k]) => [k, node.attrs[k] as unknown])) }
        e.blockChanges.push({ pos, previous: bc.previous, current })
        e.formattedText += node.textContent
      }
      return true
    }
    if (!node.isInline) return true
    const text = node.isText ? (node.text ?? '') : '\n'
    for (const mark of node.marks) {
      const attrs = markSuggestion(mark)
      if (!attrs) continue
      const e = entry(attrs, pos, pos + node.nodeSize)
      if (mark.type.name === INSERTION) e.insertedText += text
      else if (mark.type.name === DELETION) e.deletedText += text
      else {
        e.formattedText += text
        const format = { mark: String(mark.attrs.mark), action: mark.attrs.action === 'remove' ? 'remove' : 'add' } as const
        if (!e.formats.some((f) => f.mark === format.mark && f.action === format.action)) e.formats.push(format)
      }
    }
    return false
  })
  return [...byId.values()]
    .map(({ formattedText, split, join, ...e }) => {
      const inserts = e.insertedText.length > 0 || split
      const deletes = e.deletedText.length > 0 || join
      const kind: SuggestionKind = inserts && deletes ? 'replace' : inserts ? 'insert' : deletes ? 'delete' : 'format'
      const text = kind === 'delete' ? e.deletedText : kind === 'format' ? formattedText : e.insertedText
      return { ...e, kind, text }
    })
    .sort((a, b) => a.from - b.from)
}
