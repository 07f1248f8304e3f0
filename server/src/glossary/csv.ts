/**
 * The glossary as CSV (GLOSS-30/31): written through the server's CSV writer (a byte-order
 * mark, the interface language's separator, formula-looking cells prefixed with an
 * apostrophe) and read with csv-parse, which knows quoting, embedded line breaks and both
 * separators. The header names the columns, so a spreadsheet may reorder or drop them.
 */
import { parse } from 'csv-parse/sync'
import type { GlossaryEntry, GlossaryStatus } from '@consenso/protocol'
import { toCsv, type CsvSeparator } from '../csv.ts'
import { GlossaryFileError, type ImportedEntry } from './imported.ts'

export const GLOSSARY_CSV_COLUMNS = ['id', 'term_es', 'term_en', 'definition_es', 'definition_en', 'source', 'notes', 'status', 'preferred_id'] as const

export function glossaryToCsv(entries: readonly GlossaryEntry[], separator: CsvSeparator): string {
  return toCsv(
    [...GLOSSARY_CSV_COLUMNS],
    entries.map((e) => [e.id, e.termEs, e.termEn, e.definitionEs, e.definitionEn, e.source, e.notes, e.status, e.preferredId ?? '']),
    separator,
  )
}

/** Spanish spellings of the statuses are read too (a spreadsheet typed by hand). */
const STATUS_WORDS: Record<string, GlossaryStatus> = {
  preferred: 'preferred',
  preferido: 'preferred',
  admitted: 'admitted',
  admitido: 'admitted',
  deprecated: 'deprecated',
  desaconsejado: 'deprecated',
  obsoleto: 'deprecated',
}

/** The apostrophe our writer put before a cell a spreadsheet would run as a formula. */
const unguard = (cell: string): string => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell)

export function glossaryFromCsv(text: string): ImportedEntry[] {
  const body = text.replace(/^\uFEFF/, '')
  const firstLine = body.slice(0, body.search(/\r?\n|$/))
  const delimiter = firstLine.split(';').length > firstLine.split(',').length ? ';' : ','
  let rows: string[][]
  try {
    rows = parse(body, { delimiter, relax_column_count: true, skip_empty_lines: true }) as string[][]
  } catch (error) {
    throw new GlossaryFileError(`The CSV file cannot be read: ${(error as Error).message}`)
  }
  const header = (rows.shift() ?? []).map((h) => h.trim().toLowerCase())
  const column = (name: string): number => header.indexOf(name)
  if (column('term_es') < 0 && column('term_en') < 0) throw new GlossaryFileError(`The CSV file's first line must name its columns: ${GLOSSARY_CSV_COLUMNS.join(', ')}.`)
  return rows.map((row, index) => {
    const place = `row ${index + 2}`
    const cell = (name: string): string => {
      const at = column(name)
      return at >= 0 ? unguard(row[at] ?? '') : ''
    }
    const statusWord = cell('status').trim().toLowerCase() || 'preferred'
    const status = STATUS_WORDS[statusWord]
    if (!status) throw new GlossaryFileError(`${place}: "${statusWord}" is not a status (preferred, admitted or deprecated).`)
    return {
      place,
      id: cell('id').trim() || null,
      termEs: cell('term_es'),
      termEn: cell('term_en'),
      definitionEs: cell('definition_es'),
      definitionEn: cell('definition_en'),
      source: cell('source'),
      notes: cell('notes'),
      status,
      preferredId: cell('preferred_id').trim() || null,
    }
  })
}
