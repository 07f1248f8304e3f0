/**
 * A table read from a file, made to fit the schema ([CONV-131]): cells as the file lists them
 * (Word's `w:gridSpan` and `w:vMerge`, Markdown's pipes) become a rectangular grid of cells
 * holding paragraphs. A vertically merged run becomes one cell spanning its rows; rows
 * shorter than the widest are filled with empty cells, as every reader of the grid expects;
 * a row left without a cell of its own keeps its merged cells apart instead.
 */
import type { JSONContent } from '@tiptap/core'
import { MAX_CELL_SPAN } from '@consenso/schema'

export interface RawCell {
  header: boolean
  /** Columns the cell spans in the file. */
  colspan: number
  /** Word's vertical merge: `restart` opens a merged run, `continue` extends the one above. */
  merge: 'restart' | 'continue' | null
  /** The cell's paragraphs (anything else already made a paragraph). */
  paragraphs: JSONContent[]
}

const clampSpan = (n: number): number => (Number.isInteger(n) && n >= 1 ? Math.min(n, MAX_CELL_SPAN) : 1)

export function tableFromRows(rawRows: RawCell[][]): JSONContent | null {
  const rows = rawRows.filter((row) => row.length > 0)
  if (!rows.length) return null
  // Where each cell starts in the grid, and the cell that last started in each column.
  const kept: Array<Array<{ cell: RawCell; col: number; rowspan: number }>> = []
  const above = new Map<number, { rowspan: number }>()
  for (const row of rows) {
    const out: Array<{ cell: RawCell; col: number; rowspan: number }> = []
    let col = 0
    const continuing: Array<{ rowspan: number }> = []
    for (const cell of row) {
      const span = clampSpan(cell.colspan)
      const target = cell.merge === 'continue' ? above.get(col) : undefined
      if (target) continuing.push(target)
      else {
        const entry = { cell, col, rowspan: 1 }
        out.push(entry)
        for (let c = col; c < col + span; c++) above.delete(c)
        above.set(col, entry)
      }
      col += span
    }
    if (out.length === 0) {
      // Every cell merges into the row above: keep them as cells of their own (a row needs one).
      for (const cell of row) out.push({ cell: { ...cell, merge: null }, col: out.reduce((n, e) => n + clampSpan(e.cell.colspan), 0), rowspan: 1 })
    } else for (const target of continuing) if (target.rowspan < MAX_CELL_SPAN) target.rowspan++
    kept.push(out)
  }
  // The grid's width: the widest row, counting cells that span down into it.
  const occupied: number[] = kept.map(() => 0)
  kept.forEach((row, r) => {
    for (const entry of row) for (let k = r; k < Math.min(kept.length, r + entry.rowspan); k++) occupied[k]! += clampSpan(entry.cell.colspan)
  })
  const width = Math.max(...occupied)
  return {
    type: 'table',
    content: kept.map((row, r) => ({
      type: 'tableRow',
      content: [
        ...row.map(({ cell, rowspan }) => ({
          type: cell.header ? 'tableHeader' : 'tableCell',
          attrs: { colspan: clampSpan(cell.colspan), rowspan: Math.min(rowspan, kept.length - r) },
          content: cell.paragraphs.length ? cell.paragraphs : [{ type: 'paragraph' }],
        })),
        ...Array.from({ length: width - occupied[r]! }, () => ({ type: 'tableCell', attrs: { colspan: 1, rowspan: 1 }, content: [{ type: 'paragraph' }] })),
      ],
    })),
  }
}

/**
 * The paragraphs of blocks read into a cell, which holds paragraphs only: a heading's or a list
 * item's words become a paragraph, a table inside it its cells' paragraphs. Returns how many
 * such structures were flattened (the import lists them as lost table structure).
 */
export function cellParagraphs(blocks: JSONContent[], into: JSONContent[]): number {
  let flattened = 0
  for (const block of blocks) {
    if (block.type === 'paragraph') into.push(block)
    else if (block.type === 'heading') into.push({ type: 'paragraph', content: block.content ?? [] })
    else {
      flattened += block.type === 'table' || block.type === 'bulletList' || block.type === 'orderedList' ? 1 : 0
      cellParagraphs(block.content ?? [], into)
    }
  }
  return flattened
}
