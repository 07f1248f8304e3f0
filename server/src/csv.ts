/**
 * RFC 4180 CSV, written for spreadsheets: a byte-order mark first, so Excel reads UTF-8 (it
 * guesses the machine's legacy code page otherwise and garbles every accent), and the list
 * separator the reader's spreadsheet expects: a comma in English, a semicolon in Spanish
 * (locales with a decimal comma split fields on semicolons, and a comma file opens as one
 * column). Cells that a spreadsheet would run as a formula (=, +, -, @) are prefixed with an
 * apostrophe: the audit log and the register hold text that people typed.
 */
type Cell = string | number | boolean | null | undefined

export type CsvSeparator = ',' | ';'

export const CSV_BYTE_ORDER_MARK = '\uFEFF'

function cell(value: Cell, separator: CsvSeparator): string {
  if (value === null || value === undefined) return ''
  let text = String(value)
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return text.includes(separator) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export function toCsv(header: string[], rows: Cell[][], separator: CsvSeparator = ','): string {
  return CSV_BYTE_ORDER_MARK + [header, ...rows].map((row) => row.map((value) => cell(value, separator)).join(separator)).join('\r\n') + '\r\n'
}

/** The separator a spreadsheet in this interface language expects. */
export const separatorFor = (lang: 'es' | 'en'): CsvSeparator => (lang === 'es' ? ';' : ',')
