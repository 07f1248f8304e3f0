/**
 * PDF for circulation, made on the server with pdfkit (no browser): A4, a running header with
 * title, version and date, "Page n of N" on every page, PP/OP numbers, and in the review view
 * the same marks as the HTML export in colour. DejaVu Serif is embedded (from the
 * dejavu-fonts-ttf package) so accents, ñ, ¿ ¡ « » and dashes print the same on every machine.
 */
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import PDFDocument from 'pdfkit'
import { authorLabel, type ExportInput, type ExportResult } from './model.ts'
import { bracketSegments, buildIR, inlineAlternatives, listMarker, liveComments, plainInlineText, tableGrid, textBlocks, type Block, type Inline } from './ir.ts'
import { formatDate, headerLine, words } from './labels.ts'
import { bracketNote, statusLine } from './docx.ts'
import { concatBytes } from './bytes.ts'
import type { SuggestionAttrs } from '@consenso/schema'

const fontDir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf')
const FONTS = {
  regular: join(fontDir, 'DejaVuSerif.ttf'),
  bold: join(fontDir, 'DejaVuSerif-Bold.ttf'),
  italic: join(fontDir, 'DejaVuSerif-Italic.ttf'),
  boldItalic: join(fontDir, 'DejaVuSerif-BoldItalic.ttf'),
}

const COLORS = { format: '#6d28d9', text: '#111111', muted: '#555555', ins: '#1d4ed8', del: '#b91c1c', bracket: '#9a3412', comment: '#854d0e', agreed: '#166534', adRef: '#92400e' }

interface Piece {
  text: string
  font: keyof typeof FONTS
  color: string
  size?: number
  underline?: boolean
  strike?: boolean
  /** A web or mail address the words open in a PDF reader. */
  link?: string
}

export async function exportPdf(input: ExportInput, options: { signal?: AbortSignal } = {}): Promise<ExportResult> {
  const signal = options.signal
  const ir = buildIR(input)
  const w = words(input.meta.language)
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 72, bottom: 72, left: 72, right: 72 },
    bufferPages: true,
    info: { Title: input.meta.title, Creator: 'Consenso', Producer: 'Consenso', CreationDate: new Date(input.meta.date) },
    lang: input.meta.language,
    displayTitle: true,
  })
  for (const [name, path] of Object.entries(FONTS)) doc.registerFont(name, path)
  const chunks: Uint8Array[] = []
  doc.on('data', (chunk: Uint8Array) => chunks.push(chunk))
  const finished = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve())
    doc.on('error', reject)
  })
  const left = doc.page.margins.left
  const fullWidth = doc.page.width - doc.page.margins.left - doc.page.margins.right
  const threadNumbers = new Map(ir.threads.map((t, i) => [t.id, i + 1]))

  // Colour alone does not say who proposed a change: each suggestion is followed by its author,
  // small, in its colour ("PAN — Carlos Méndez"); a replacement (one id) once, after its new words.
  const signature = (s: SuggestionAttrs) => authorLabel({ delegation: s.delegation, name: s.authorName })
  const piecesOf = (list: Inline[]): Piece[] => {
    const pieces: Piece[] = []
    let open: { id: string; label: string; color: string } | null = null
    const sign = (next: { id: string } | null) => {
      if (open && open.id !== next?.id) pieces.push({ text: ` ${open.label} `, font: 'italic', color: open.color, size: 7 })
      if (open?.id !== next?.id) open = null
    }
    for (const segment of bracketSegments(list)) {
      if (segment.bracket) pieces.push({ text: '[', font: 'bold', color: COLORS.bracket })
      for (const inline of segment.inlines) {
        if (inline.kind === 'break') pieces.push({ text: '\n', font: 'regular', color: COLORS.text })
        else if (inline.kind === 'footnote') pieces.push({ text: `${inline.number}`, font: 'regular', color: COLORS.text, size: 7.5 })
        else if (inline.kind === 'commentEnd') pieces.push({ text: ` [${threadNumbers.get(inline.threadId)}]`, font: 'regular', color: COLORS.comment, size: 8 })
        else if (inline.kind === 'text') {
          const font = inline.bold && inline.italic ? 'boldItalic' : inline.bold ? 'bold' : inline.italic ? 'italic' : 'regular'
          const del = ir.review && inline.deletion
          const ins = ir.review && !del && inline.insertion
          const suggestion = ir.review ? (inline.deletion ?? inline.insertion ?? inline.format) : null
          sign(suggestion)
          if (suggestion) open = { id: suggestion.id, label: signature(suggestion), color: inline.deletion ? COLORS.del : inline.insertion ? COLORS.ins : COLORS.format }
          pieces.push({
            text: inline.text,
            font,
            color: del ? COLORS.del : ins ? COLORS.ins : ir.review && inline.format ? COLORS.format : COLORS.text,
            underline: inline.underline || !!ins || !!inline.link,
            strike: inline.strike || !!del,
            ...(inline.link ? { link: inline.link } : {}),
          })
        }
      }
      if (segment.bracket) {
        sign(null)
        for (const alternative of inlineAlternatives(input, ir, segment.bracket)) {
          pieces.push({ text: ' / ', font: 'bold', color: COLORS.bracket }, { text: alternative, font: 'regular', color: COLORS.text })
        }
        pieces.push({ text: ']', font: 'bold', color: COLORS.bracket })
        const note = ir.review ? bracketNote(input, segment.bracket, w) : ''
        if (note) pieces.push({ text: ` ${note}`, font: 'regular', color: COLORS.bracket, size: 8 })
      }
    }
    sign(null)
    return pieces
  }

  const write = (pieces: Piece[], options: { x: number; width: number; size: number; align?: 'left' | 'center'; after?: number }) => {
    if (signal?.aborted) throw new Error('aborted')
    const list = pieces.length ? pieces : [{ text: ' ', font: 'regular' as const, color: COLORS.text }]
    doc.x = options.x
    list.forEach((piece, i) => {
      doc.font(piece.font).fontSize(piece.size ?? options.size).fillColor(piece.color)
      const last = i === list.length - 1
      // pdfkit carries `link` over to the next piece unless told otherwise.
      const opts = { continued: !last, underline: !!piece.underline, strike: !!piece.strike, align: options.align ?? 'left', lineGap: 2.5, link: piece.link ?? null }
      if (i === 0) doc.text(piece.text, options.x, undefined, { ...opts, width: options.width })
      else doc.text(piece.text, opts)
    })
    doc.moveDown(options.after ?? 0.6)
  }

  // A long text takes seconds: yield to the event loop now and then, so the server keeps serving
  // everyone else and a cancelled download is noticed.
  let written = 0
  const breathe = async () => {
    if (++written % 20 === 0) await new Promise<void>((resolve) => setImmediate(resolve))
    if (signal?.aborted) throw new Error('aborted')
  }

  const blocks = async (list: Block[], depth: number, quote: boolean): Promise<void> => {
    const x = left + depth * 22 + (quote ? 28 : 0)
    const width = fullWidth - depth * 22 - (quote ? 56 : 0)
    for (const block of list) {
      await breathe()
      if (block.type === 'heading') {
        const size = [17, 14, 12.5][block.level - 1] ?? 12
        doc.moveDown(0.3)
        write(piecesOf(block.inlines).map((p) => ({ ...p, font: p.font.startsWith('bold') ? p.font : p.font === 'italic' ? 'boldItalic' : 'bold' })), { x, width, size, align: block.level === 1 ? 'center' : 'left', after: 0.5 })
      } else if (block.type === 'paragraph') {
        const pieces = piecesOf(block.inlines).map((p) => (quote && p.font === 'regular' ? { ...p, font: 'italic' as const } : p))
        // A suggested paragraph break or kind change is marked before the paragraph, in its colour.
        if (ir.review && block.breakChange) {
          const color = block.breakChange.op === 'split' ? COLORS.ins : COLORS.del
          pieces.unshift({ text: '¶', font: 'bold', color, strike: block.breakChange.op === 'join' }, { text: ` ${signature(block.breakChange)}  `, font: 'italic', color, size: 7 })
        }
        if (ir.review && block.blockChange) pieces.unshift({ text: '§', font: 'bold', color: COLORS.format }, { text: ` ${signature(block.blockChange)}  `, font: 'italic', color: COLORS.format, size: 7 })
        if (block.label) pieces.unshift({ text: `${block.label}.  `, font: 'bold', color: COLORS.text })
        write(pieces, { x, width, size: 11.5 })
        if (ir.review && block.info) {
          const color = block.info.status === 'agreed' ? COLORS.agreed : block.info.status === 'agreed_ad_ref' ? COLORS.adRef : COLORS.muted
          write([{ text: statusLine(block.info, w), font: 'italic', color }], { x: x + 18, width: width - 18, size: 8.5, align: 'left', after: 0.8 })
        }
      } else if (block.type === 'list') {
        for (const [i, item] of block.items.entries()) {
          const marker = block.ordered ? listMarker(block.listType, block.start + i) : '•'
          const [first, ...rest] = item
          if (first && (first.type === 'paragraph' || first.type === 'heading')) {
            const pieces = piecesOf(first.inlines)
            if (first.type === 'paragraph' && first.label) pieces.unshift({ text: `${first.label}.  `, font: 'bold', color: COLORS.text })
            pieces.unshift({ text: `${marker}  `, font: 'regular', color: COLORS.text })
            write(pieces, { x: x + 8, width: width - 8, size: 11.5, after: 0.3 })
            await blocks(rest, depth + 1, quote)
          } else await blocks(item, depth + 1, quote)
        }
        doc.moveDown(0.3)
      } else if (block.type === 'table') await table(block, x, width)
      else await blocks(block.blocks, depth, true)
    }
  }

  // A table as a ruled grid ([CONV-130]): columns share the width, a row is as tall as its
  // tallest cell, a cell spanning rows or columns covers them; a row that would not fit starts
  // a new page. Header cells are bold.
  const table = async (block: Extract<Block, { type: 'table' }>, x: number, width: number): Promise<void> => {
    const { width: columns, placed } = tableGrid(block.rows)
    if (!columns) return
    const column = width / columns
    const pad = 4
    const page = () => doc.bufferedPageRange().start + doc.bufferedPageRange().count - 1
    const bottomLimit = () => doc.page.height - doc.page.margins.bottom
    const rows = block.rows.length
    const top: Array<{ y: number; page: number }> = []
    const bottom: number[] = []
    const needed = new Map<number, number>()
    doc.moveDown(0.2)
    for (let r = 0; r < rows; r++) {
      await breathe()
      const starting = placed.filter((p) => p.row === r)
      // A rough height first, so a row that cannot fit opens a new page rather than splitting.
      const estimate = Math.max(16, ...starting.map((p) => doc.font('regular').fontSize(10).heightOfString(textBlocks(p.cell.blocks).map((b) => plainInlineText(b.inlines)).join('\n') || ' ', { width: column * p.cell.colspan - 2 * pad }) + 2 * pad + 4))
      if (doc.y + Math.min(estimate, bottomLimit() - doc.page.margins.top) > bottomLimit()) doc.addPage()
      const y = doc.y
      top[r] = { y, page: page() }
      let rowBottom = y + 16
      for (const { col, cell } of starting) {
        doc.y = y + pad
        for (const inner of textBlocks(cell.blocks)) {
          const pieces = piecesOf(inner.inlines).map((p) => (cell.header && !p.font.startsWith('bold') ? { ...p, font: p.font === 'italic' ? ('boldItalic' as const) : ('bold' as const) } : p))
          if (inner.type === 'paragraph' && inner.label) pieces.unshift({ text: `${inner.label}.  `, font: 'bold', color: COLORS.text })
          write(pieces, { x: x + col * column + pad, width: column * cell.colspan - 2 * pad, size: 10, after: 0.15 })
        }
        const end = doc.y + pad
        const last = Math.min(rows - 1, r + cell.rowspan - 1)
        if (last === r) rowBottom = Math.max(rowBottom, end)
        else needed.set(last, Math.max(needed.get(last) ?? 0, end))
      }
      bottom[r] = Math.max(rowBottom, top[r]!.page === page() ? (needed.get(r) ?? 0) : 0)
      // Rules of the cells that end in this row, from their top (or this page's top).
      doc.lineWidth(0.6).strokeColor('#555555')
      for (const p of placed) {
        if (Math.min(rows - 1, p.row + p.cell.rowspan - 1) !== r) continue
        const from = top[p.row]!.page === page() ? top[p.row]!.y : doc.page.margins.top
        doc.rect(x + p.col * column, from, column * p.cell.colspan, bottom[r]! - from).stroke()
      }
      doc.x = x
      doc.y = bottom[r]!
    }
    doc.moveDown(0.6)
  }

  await blocks(ir.blocks, 0, false)

  // Notes after the text, numbered as their references are.
  if (ir.footnotes.length) {
    doc.moveDown(0.6)
    doc.moveTo(left, doc.y).lineTo(left + fullWidth / 3, doc.y).lineWidth(0.5).strokeColor('#999999').stroke()
    doc.moveDown(0.4)
    write([{ text: w.notes, font: 'bold', color: COLORS.text }], { x: left, width: fullWidth, size: 11, align: 'left', after: 0.3 })
    for (const note of ir.footnotes) {
      await breathe()
      write([{ text: `${note.number}. `, font: 'bold', color: COLORS.text }, { text: note.text || ' ', font: 'regular', color: COLORS.text }], { x: left, width: fullWidth, size: 9.5, align: 'left', after: 0.2 })
    }
  }

  if (ir.threads.length) {
    doc.moveDown(1)
    write([{ text: w.comments, font: 'bold', color: COLORS.text }], { x: left, width: fullWidth, size: 13, align: 'left', after: 0.5 })
    for (const thread of ir.threads) {
      const [first, ...replies] = liveComments(thread)
      if (!first) continue
      const where = thread.range ? `«${thread.quote}»` : `${w.onDeletedText}: «${thread.quote}»`
      write([{ text: `[${threadNumbers.get(thread.id)}] ${where}${thread.status === 'resolved' ? ` (${w.resolved})` : ''}`, font: 'italic', color: COLORS.comment }], { x: left, width: fullWidth, size: 9.5, align: 'left', after: 0.2 })
      for (const [i, c] of [first, ...replies].entries()) {
        write(
          [
            { text: `${authorLabel(c.author)}, ${formatDate(c.createdAt, input.meta.language)}: `, font: 'bold', color: COLORS.text },
            { text: c.text, font: 'regular', color: COLORS.text },
          ],
          { x: left + (i ? 36 : 14), width: fullWidth - (i ? 36 : 14), size: 9.5, align: 'left', after: 0.3 },
        )
      }
    }
  }

  // Header and page numbers go on last, once the number of pages is known.
  const range = doc.bufferedPageRange()
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i)
    const bottom = doc.page.margins.bottom
    doc.page.margins.bottom = 0
    doc.font('regular').fontSize(8.5).fillColor(COLORS.muted)
    doc.text(input.meta.title, left, 36, { width: fullWidth / 2, align: 'left', lineBreak: false, ellipsis: true })
    doc.text(headerLine(input.meta), left + fullWidth / 2, 36, { width: fullWidth / 2, align: 'right', lineBreak: false })
    doc.moveTo(left, 50).lineTo(left + fullWidth, 50).lineWidth(0.5).strokeColor('#cccccc').stroke()
    doc.text(w.page(i - range.start + 1, range.count), left, doc.page.height - 44, { width: fullWidth, align: 'center', lineBreak: false })
    doc.page.margins.bottom = bottom
  }
  doc.end()
  await finished
  return { data: concatBytes(chunks), contentType: 'application/pdf', extension: 'pdf' }
}
