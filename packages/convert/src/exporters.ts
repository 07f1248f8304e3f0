/** One entry point per format, so the server and the tests pick an exporter by name. */
import type { ExportFormat, ExportInput, ExportResult } from './model.ts'
import { exportDocx } from './docx.ts'
import { exportPdf } from './pdf.ts'
import { exportHtml } from './html.ts'
import { exportMarkdown } from './markdown.ts'
import { exportAkn } from './akn.ts'

export type Exporter = (input: ExportInput, options?: { signal?: AbortSignal }) => Promise<ExportResult>

export const EXPORTERS: Record<ExportFormat, Exporter> = {
  docx: exportDocx,
  pdf: exportPdf,
  html: exportHtml,
  md: exportMarkdown,
  akn: exportAkn,
}

export function exportDocument(format: ExportFormat, input: ExportInput, options: { signal?: AbortSignal } = {}): Promise<ExportResult> {
  return EXPORTERS[format](input, options)
}
