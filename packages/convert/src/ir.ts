/**
 * The one walk over the body that every exporter shares: blocks with their PP/OP labels and
 * consensus status, and inline runs carrying formatting, suggestion attribution, bracket and
 * comment boundaries. Exporters only decide how each piece looks; what is in the export (and
 * what the clean view leaves out) is decided here, once.
 */
import type { Node as PMNode } from '@tiptap/pm/model'
import {
  BRACKET,
  DELETION,
  FORMAT_CHANGE,
  FOOTNOTE,
  INSERTION,
  LINK,
  consensoSchema,
  isCellSpan,
  isSafeLinkHref,
  isParagraphKind,
  markSuggestion,
  numberJSON,
  readBlockChange,
  readBreakChange,
  resolveSuggestionsInDoc,
  type BlockChange,
  type BreakChange,
  type FormatChangeAttrs,
  type ParagraphKind,
  type SuggestionAttrs,
} from '@consenso/schema'
import { paragraphStatus, type BracketRecord, type ParagraphStatus, type Position } from '@consenso/protocol'
import type { ExportInput, ExportThread } from './model.ts'

export interface TextRun {
  kind: 'text'
  text: string
  bold: boolean
  italic: boolean
  underline: boolean
  strike: boolean
  insertion: SuggestionAttrs | null
  deletion: SuggestionAttrs | null
  format: FormatChangeAttrs | null
  /** Id of the open bracket these words are in (resolved brackets and the clean view's sponsors aside). */
  bracket: string | null
  /** Where the words link to (web or mail addresses only, [CONV-120]). */
  link: string | null
}

/** A footnote at its point of reference, numbered in document order from 1 ([CONV-123]). */
export interface FootnoteRef {
  kind: 'footnote'
  number: number
  text: string
}

export type Inline = TextRun | FootnoteRef | { kind: 'break' } | { kind: 'commentStart'; threadId: string } | { kind: 'commentEnd'; threadId: string }

export interface ParagraphInfo {
  label: string
  status: ParagraphStatus
  /** Each party's position (or null), in the order of the parties list. */
  positions: Array<{ delegation: string; position: Position | null }>
  openBrackets: number
}

/** Suggested changes to a text block itself (review view only). */
export interface BlockSuggestions {
  /** The paragraph break before this block is a suggested insertion (split) or removal (join). */
  breakChange: BreakChange | null
  /** The block's type, kind or level is a suggestion; `previous` is what it was. */
  blockChange: BlockChange | null
}

export type Block =
  | ({ type: 'heading'; id: string | null; level: number; inlines: Inline[] } & BlockSuggestions)
  | ({ type: 'paragraph'; id: string | null; kind: ParagraphKind | null; label: string | null; info: ParagraphInfo | null; inlines: Inline[] } & BlockSuggestions)
  | { type: 'list'; id: string | null; ordered: boolean; start: number; listType: ListType; items: Block[][] }
  | { type: 'quote'; id: string | null; blocks: Block[] }
  | { type: 'table'; id: string | null; rows: TableCell[][] }

/** A table's cell ([CONV-130]): its paragraphs, whether it heads its column or row, and what it spans. */
export interface TableCell {
  header: boolean
  colspan: number
  rowspan: number
  blocks: Block[]
}

export interface IRDocument {
  review: boolean
  blocks: Block[]
  /** Threads shown (review view only), in order of their anchors; those whose words are gone last. */
  threads: ExportThread[]
  /** Open brackets present in the text, in order of appearance. */
  brackets: BracketRecord[]
  /** Every footnote, numbered in order of appearance. */
  footnotes: FootnoteRef[]
}

interface Boundary {
  pos: number
  kind: 'commentStart' | 'commentEnd'
  threadId: string
}

export function buildIR(input: ExportInput): IRDocument {
  const review = input.view === 'review'
  let doc: PMNode = consensoSchema().nodeFromJSON(input.doc)
  // The clean view is the agreed text: pending suggestions are proposals, not part of it, so
  // they are left out (proposed words dropped, words proposed for deletion kept). The
  // `proposals` view takes every pending proposal in instead.
  if (!review) doc = resolveSuggestionsInDoc(doc, input.view === 'proposals' ? 'accept' : 'reject')
  const labels = numberJSON(doc.toJSON())

  const threads = review ? input.threads.filter((t) => t.comments.some((c) => !c.deleted)) : []
  const boundaries: Boundary[] = []
  for (const thread of threads) {
    if (!thread.range || thread.range.from >= thread.range.to) continue
    boundaries.push({ pos: thread.range.from, kind: 'commentStart', threadId: thread.id })
    boundaries.push({ pos: thread.range.to, kind: 'commentEnd', threadId: thread.id })
  }
  // At one position, ends come before starts, so touching ranges do not overlap.
  boundaries.sort((a, b) => a.pos - b.pos || (a.kind === b.kind ? 0 : a.kind === 'commentEnd' ? -1 : 1))
  let next = 0

  const openBracket = (id: unknown): string | null => {
    if (typeof id !== 'string') return null
    const record = input.brackets[id]
    return record?.status === 'resolved' ? null : id
  }
  const seenBrackets: string[] = []
  const footnotes: FootnoteRef[] = []

  const takeBoundaries = (upTo: number, out: Inline[]): void => {
    while (next < boundaries.length && boundaries[next]!.pos <= upTo) {
      const b = boundaries[next++]!
      out.push({ kind: b.kind, threadId: b.threadId })
    }
  }

  const inlinesOf = (node: PMNode, contentStart: number): Inline[] => {
    const out: Inline[] = []
    node.forEach((child, offset) => {
      const pos = contentStart + offset
      if (child.isText) {
        const text = child.text ?? ''
        const marks = child.marks
        const has = (name: string) => marks.some((m) => m.type.name === name)
        const suggestion = (name: string) => {
          const mark = marks.find((m) => m.type.name === name)
          return mark ? markSuggestion(mark) : null
        }
        const bracket = openBracket(marks.find((m) => m.type.name === BRACKET)?.attrs.bracketId)
        if (bracket && !seenBrackets.includes(bracket)) seenBrackets.push(bracket)
        const base: Omit<TextRun, 'text'> = {
          kind: 'text',
          bold: has('bold'),
          italic: has('italic'),
          underline: has('underline'),
          strike: has('strike'),
          insertion: suggestion(INSERTION),
          deletion: suggestion(DELETION),
          format: suggestion(FORMAT_CHANGE) as FormatChangeAttrs | null,
          bracket,
          link: linkOf(marks.find((m) => m.type.name === LINK)?.attrs.href),
        }
        let cut = 0
        while (cut < text.length) {
          takeBoundaries(pos + cut, out)
          const limit = next < boundaries.length ? Math.min(boundaries[next]!.pos - pos, text.length) : text.length
          const end = limit > cut ? limit : text.length
          out.push({ ...base, text: text.slice(cut, end) })
          cut = end
        }
      } else if (child.type.name === 'hardBreak') {
        takeBoundaries(pos, out)
        out.push({ kind: 'break' })
      } else if (child.type.name === FOOTNOTE) {
        takeBoundaries(pos, out)
        const note: FootnoteRef = { kind: 'footnote', number: footnotes.length + 1, text: String(child.attrs.text ?? '') }
        footnotes.push(note)
        out.push(note)
      }
    })
    takeBoundaries(contentStart + node.content.size, out)
    return out
  }

  const paragraphInfo = (id: string | null, node: PMNode): ParagraphInfo | null => {
    const label = id ? labels.get(id) : undefined
    if (!id || !label) return null
    const bracketIds = new Set<string>()
    node.descendants((child) => {
      const b = openBracket(child.marks.find((m) => m.type.name === BRACKET)?.attrs.bracketId)
      if (b) bracketIds.add(b)
    })
    const openBrackets = [...bracketIds].filter((b) => (input.brackets[b]?.status ?? 'open') === 'open').length
    const consensus = input.consensus[id]
    return {
      label,
      status: paragraphStatus(input.parties, consensus?.positions, openBrackets),
      positions: input.parties.map((delegation) => ({ delegation, position: consensus?.positions[delegation] ?? null })),
      openBrackets,
    }
  }

  const suggestionsOf = (node: PMNode): BlockSuggestions =>
    review ? { breakChange: readBreakChange(node), blockChange: readBlockChange(node) } : { breakChange: null, blockChange: null }

  const blocksOf = (parent: PMNode, contentStart: number): Block[] => {
    const blocks: Block[] = []
    parent.forEach((child, offset) => {
      const pos = contentStart + offset
      const id = typeof child.attrs.id === 'string' ? (child.attrs.id as string) : null
      switch (child.type.name) {
        case 'heading':
          blocks.push({ type: 'heading', id, level: Number(child.attrs.level) || 1, inlines: inlinesOf(child, pos + 1), ...suggestionsOf(child) })
          break
        case 'paragraph': {
          const kind = isParagraphKind(child.attrs.kind) ? child.attrs.kind : null
          const info = paragraphInfo(id, child)
          blocks.push({ type: 'paragraph', id, kind, label: info?.label ?? null, info, inlines: inlinesOf(child, pos + 1), ...suggestionsOf(child) })
          break
        }
        case 'bulletList':
        case 'orderedList': {
          const items: Block[][] = []
          child.forEach((item, itemOffset) => items.push(blocksOf(item, pos + 1 + itemOffset + 1)))
          const listType = LIST_TYPES.find((t) => t === child.attrs.type) ?? null
          blocks.push({ type: 'list', id, ordered: child.type.name === 'orderedList', start: Number(child.attrs.start) || 1, listType, items })
          break
        }
        case 'blockquote':
          blocks.push({ type: 'quote', id, blocks: blocksOf(child, pos + 1) })
          break
        case 'table': {
          const rows: TableCell[][] = []
          child.forEach((row, rowOffset) => {
            const cells: TableCell[] = []
            row.forEach((cell, cellOffset) => {
              const cellPos = pos + 1 + rowOffset + 1 + cellOffset
              cells.push({ header: cell.type.name === 'tableHeader', colspan: span(cell.attrs.colspan), rowspan: span(cell.attrs.rowspan), blocks: blocksOf(cell, cellPos + 1) })
            })
            rows.push(cells)
          })
          blocks.push({ type: 'table', id, rows })
          break
        }
        default:
          // Unknown block types cannot occur in a valid document; keep their text anyway.
          if (child.isTextblock) blocks.push({ type: 'paragraph', id, kind: null, label: null, info: null, inlines: inlinesOf(child, pos + 1), breakChange: null, blockChange: null })
          else blocks.push(...blocksOf(child, pos + 1))
      }
    })
    return blocks
  }

  const blocks = blocksOf(doc, 0)
  const anchored = threads.filter((t) => t.range && t.range.from < t.range.to).sort((a, b) => a.range!.from - b.range!.from)
  const orphans = threads.filter((t) => !t.range || t.range.from >= t.range.to)
  return {
    review,
    blocks,
    threads: [...anchored, ...orphans],
    brackets: seenBrackets.map((id) => input.brackets[id]).filter((b): b is BracketRecord => !!b),
    footnotes,
  }
}

/** An ordered list's numbers: decimals (null), letters or roman numerals, lower or upper case. */
export const LIST_TYPES = ['a', 'A', 'i', 'I'] as const
export type ListType = (typeof LIST_TYPES)[number] | null

function roman(n: number): string {
  const parts: Array<[number, string]> = [[1000, 'm'], [900, 'cm'], [500, 'd'], [400, 'cd'], [100, 'c'], [90, 'xc'], [50, 'l'], [40, 'xl'], [10, 'x'], [9, 'ix'], [5, 'v'], [4, 'iv'], [1, 'i']]
  let out = ''
  for (const [value, letters] of parts) for (; n >= value; n -= value) out += letters
  return out
}

function letters(n: number): string {
  let out = ''
  for (; n > 0; n = Math.floor((n - 1) / 26)) out = String.fromCharCode(97 + ((n - 1) % 26)) + out
  return out
}

/**
 * The number of item `n` as UN texts print it: "1.", subparagraphs "(a)", "(i)", and upper-case
 * "A.", "I."; the same in the PDF, the Word numbering and Akoma Ntoso's `li value`.
 */
export function listMarker(type: ListType, n: number): string {
  if (n < 1 || type === null) return `${n}.`
  if (type === 'a') return `(${letters(n)})`
  if (type === 'i') return `(${roman(n)})`
  return `${type === 'A' ? letters(n).toUpperCase() : roman(n).toUpperCase()}.`
}

const span = (value: unknown): number => (isCellSpan(value) ? value : 1)

const linkOf = (href: unknown): string | null => (isSafeLinkHref(href) ? href : null)

/** The blocks directly inside a list, quote or table, in document order (none for a text block). */
export function innerBlocks(block: Block): Block[] {
  if (block.type === 'list') return block.items.flat()
  if (block.type === 'quote') return block.blocks
  if (block.type === 'table') return block.rows.flat().flatMap((cell) => cell.blocks)
  return []
}

/** Every heading and paragraph, in document order (inside lists, quotes and table cells too). */
export function textBlocks(blocks: Block[]): Array<Extract<Block, { type: 'heading' | 'paragraph' }>> {
  return blocks.flatMap((b) => (b.type === 'heading' || b.type === 'paragraph' ? [b] : textBlocks(innerBlocks(b))))
}

/**
 * The other wordings printed inside an open bracket, as negotiators write them: "[Alt 1 / Alt 2]".
 * The clean texts print them there; the review view names them in the bracket's note instead
 * (with its sponsors), which the importers read back.
 */
export function inlineAlternatives(input: ExportInput, ir: IRDocument, id: string): string[] {
  if (ir.review) return []
  const record = input.brackets[id]
  return record && record.status !== 'resolved' ? record.alternatives : []
}

/** Runs grouped by the bracket they are in, so an exporter can print `[` and `]` once each. */
export function bracketSegments(inlines: Inline[]): Array<{ bracket: string | null; inlines: Inline[] }> {
  const segments: Array<{ bracket: string | null; inlines: Inline[] }> = []
  for (const inline of inlines) {
    const bracket = inline.kind === 'text' ? inline.bracket : (segments.at(-1)?.bracket ?? null)
    const last = segments.at(-1)
    if (last && last.bracket === bracket) last.inlines.push(inline)
    else segments.push({ bracket, inlines: [inline] })
  }
  return segments
}

/** Every text run of the blocks, depth first (for plain-text checks and summaries). */
export function plainInlineText(inlines: Inline[]): string {
  return inlines.map((i) => (i.kind === 'text' ? i.text : i.kind === 'break' ? '\n' : '')).join('')
}

/** Visible comments of a thread (deleted ones leave no trace in an export). */
export function liveComments(thread: ExportThread) {
  return thread.comments.filter((c) => !c.deleted)
}

export const INSERTION_MARK = INSERTION
export const DELETION_MARK = DELETION

/** Where each cell of a table stands in its grid (spans taken into account), and the grid's size. */
export function tableGrid(rows: TableCell[][]): { width: number; placed: Array<{ row: number; col: number; cell: TableCell }> } {
  const taken = new Set<string>()
  const placed: Array<{ row: number; col: number; cell: TableCell }> = []
  let width = 0
  rows.forEach((cells, row) => {
    let col = 0
    for (const cell of cells) {
      while (taken.has(`${row}:${col}`)) col++
      placed.push({ row, col, cell })
      for (let r = row; r < Math.min(rows.length, row + cell.rowspan); r++) for (let c = col; c < col + cell.colspan; c++) taken.add(`${r}:${c}`)
      col += cell.colspan
      width = Math.max(width, col)
    }
  })
  for (const key of taken) width = Math.max(width, Number(key.split(':')[1]) + 1)
  return { width, placed }
}
