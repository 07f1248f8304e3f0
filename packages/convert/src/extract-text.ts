/**
 * Plain text of a file for the search index (FILES-7): a Word file through our own importer
 * (its paragraphs, tables and footnotes as the draft would hold them), a PDF through unpdf
 * (pdf.js) reading at most `maxPages` pages. Runs as a `text` job in the conversion pool's
 * worker threads, so a hostile file meets the pool's memory and time limits, never the
 * server's event loop. The text is cut at `maxChars`.
 */
import type { JSONContent } from '@tiptap/core'
import { importDocx } from './import-docx.ts'

export const TEXT_FORMATS = ['docx', 'pdf'] as const
export type TextFormat = (typeof TEXT_FORMATS)[number]

export interface TextLimits {
  maxPages: number
  maxChars: number
}

/** The text of a document's inline content, one line per block. */
export function plainTextOf(doc: JSONContent): string {
  const lines: string[] = []
  const visit = (node: JSONContent): string => {
    if (node.type === 'text') return node.text ?? ''
    if (node.type === 'hardBreak') return ' '
    const inline = node.content?.every((c) => c.type === 'text' || c.type === 'hardBreak' || c.type === 'footnote')
    if (inline) {
      const line = (node.content ?? []).map(visit).join('')
      if (line.trim()) lines.push(line)
      return ''
    }
    node.content?.forEach(visit)
    return ''
  }
  visit(doc)
  return lines.join('\n')
}

export async function extractText(format: TextFormat, bytes: Uint8Array, limits: TextLimits): Promise<string> {
  const text = format === 'docx' ? plainTextOf(importDocx(bytes, { fallbackTitle: '' }).doc) : await pdfText(bytes, limits.maxPages)
  return text.length > limits.maxChars ? text.slice(0, limits.maxChars) : text
}

async function pdfText(bytes: Uint8Array, maxPages: number): Promise<string> {
  const { getDocumentProxy } = await import('unpdf')
  // pdf.js takes the buffer over; a copy keeps the caller's bytes intact.
  const pdf = await getDocumentProxy(new Uint8Array(bytes))
  try {
    const pages: string[] = []
    for (let n = 1; n <= Math.min(pdf.numPages, maxPages); n++) {
      const page = await pdf.getPage(n)
      const content = await page.getTextContent()
      pages.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join(''))
      page.cleanup()
    }
    return pages.join('\n')
  } finally {
    await pdf.cleanup()
  }
}
