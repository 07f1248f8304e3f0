/**
 * Tables, as UN texts carry them (annexes, lists of documents, budgets): Tiptap's table nodes
 * (prosemirror-tables underneath, for cell selection and row and column commands), narrowed to
 * what every converter and the server's checks can keep. A cell holds paragraphs only, so a
 * table never holds a table (Word allows it; UN texts do not need it, and every format reads
 * a flat grid); a row holds at least one cell; cells keep only how many columns and rows they
 * span. Column widths are not kept: dragging a column is layout, not negotiated text, and the
 * exports share the page equally.
 */
import { Table, TableCell, TableHeader, TableRow } from '@tiptap/extension-table'

export const TABLE = 'table'
export const TABLE_ROW = 'tableRow'
export const TABLE_CELL = 'tableCell'
export const TABLE_HEADER = 'tableHeader'
/** The most columns or rows one cell may span (the server's attribute bound, TRUST-1). */
export const MAX_CELL_SPAN = 64

const spans = () => ({
  colspan: { default: 1, parseHTML: (element: HTMLElement) => spanOf(element.getAttribute('colspan')) },
  rowspan: { default: 1, parseHTML: (element: HTMLElement) => spanOf(element.getAttribute('rowspan')) },
})

function spanOf(value: string | null): number {
  const n = Number(value ?? 1)
  return Number.isInteger(n) && n >= 1 && n <= MAX_CELL_SPAN ? n : 1
}

/** Whether `value` may be a cell's `colspan` or `rowspan`. */
export function isCellSpan(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_CELL_SPAN
}

export const ConsensoTable = Table.configure({ resizable: false, allowTableNodeSelection: false })
export const ConsensoTableRow = TableRow.extend({ content: '(tableCell | tableHeader)+' })
export const ConsensoTableCell = TableCell.extend({ content: 'paragraph+', addAttributes: spans })
export const ConsensoTableHeader = TableHeader.extend({ content: 'paragraph+', addAttributes: spans })

export const tableExtensions = [ConsensoTable, ConsensoTableRow, ConsensoTableCell, ConsensoTableHeader]
