/**
 * DOCX with the `docx` library. The review view writes suggestions as Word tracked changes
 * (`w:ins`/`w:del`, author "Delegation — Person", the suggestion's time), comment threads as
 * Word comments with replies, brackets with their sponsors and, under each numbered paragraph,
 * its consensus status. Everything Consenso adds is tagged with its own styles (ConsensoNumber,
 * ConsensoBracket, ConsensoSponsors, ConsensoStatus) so the importer can tell it from the text.
 */
import {
  AlignmentType,
  CommentRangeEnd,
  CommentRangeStart,
  CommentReference,
  DeletedTextRun,
  Document,
  ExternalHyperlink,
  FootnoteReferenceRun,
  Footer,
  Header,
  HeadingLevel,
  InsertedTextRun,
  LevelFormat,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  BorderStyle,
  type ICommentOptions,
  type IRunOptions,
  type ParagraphChild,
} from 'docx'
import type { SuggestionAttrs } from '@consenso/schema'
import { authorLabel, type ExportInput, type ExportResult, type ExportThread } from './model.ts'
import { bracketSegments, buildIR, inlineAlternatives, liveComments, textBlocks, type Block, type Inline, type IRDocument, type ListType, type ParagraphInfo, type TextRun as IRTextRun, tableGrid } from './ir.ts'
import { headerLine, words, type Words } from './labels.ts'

export const DOCX_STYLES = {
  preamble: 'Preamble',
  operative: 'Operative',
  status: 'ConsensoStatus',
  number: 'ConsensoNumber',
  bracket: 'ConsensoBracket',
  sponsors: 'ConsensoSponsors',
  quote: 'Quote',
} as const

/**
 * The names of those styles. LibreOffice keeps a style's name and rewrites its id (our
 * `ConsensoStatus` comes back as `Consensostatus`), so the importer knows them by either.
 */
export const DOCX_STYLE_NAMES: Record<keyof typeof DOCX_STYLES, string> = {
  preamble: 'Preamble',
  operative: 'Operative',
  status: 'Consenso status',
  number: 'Consenso paragraph number',
  bracket: 'Consenso bracket',
  sponsors: 'Consenso sponsors',
  quote: 'Quote',
}

interface ListFamily {
  reference: string
  levels: Map<number, { type: ListType; start: number }>
}

/** Word's number formats for the schema's list types ([CONV-121]); "(a)" and "(i)" as UN texts print them. */
const WORD_LIST_FORMATS: Record<NonNullable<ListType>, (typeof LevelFormat)[keyof typeof LevelFormat]> = {
  a: LevelFormat.LOWER_LETTER,
  A: LevelFormat.UPPER_LETTER,
  i: LevelFormat.LOWER_ROMAN,
  I: LevelFormat.UPPER_ROMAN,
}

/** The text's width on an A4 page with the margins below (11,906 twips less 2 × 1,440). */
const TEXT_WIDTH_TWIPS = 9026

const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3] as const

export function statusLine(info: ParagraphInfo, w: Words): string {
  const positions = info.positions.map(({ delegation, position }) => `${delegation}: ${position ? w.stance[position.stance] : w.noPosition}`)
  return `${info.label} · ${w.status[info.status]}${positions.length ? ` — ${positions.join('; ')}` : ''}`
}

export function bracketNote(input: ExportInput, id: string, w: Words): string {
  const record = input.brackets[id]
  if (!record) return ''
  const alternatives = record.alternatives.map((alt, i) => `${w.alternative} ${i + 2}: «${alt}»`)
  return [record.sponsors.join(', '), ...alternatives].filter(Boolean).join('; ')
}

function changeAttrs(s: SuggestionAttrs, id: number) {
  return { id, author: authorLabel({ delegation: s.delegation, name: s.authorName }), date: s.at }
}

/** The Word style a block had before a suggested change of its type, kind or level. */
export function styleOf(previous: { type: string; attrs: Record<string, unknown> }): string {
  if (previous.type === 'heading') return `Heading${Math.min(3, Math.max(1, Number(previous.attrs.level) || 1))}`
  if (previous.attrs.kind === 'preamble') return DOCX_STYLES.preamble
  if (previous.attrs.kind === 'operative') return DOCX_STYLES.operative
  return 'Normal'
}

export async function exportDocx(input: ExportInput): Promise<ExportResult> {
  const ir = buildIR(input)
  const w = words(input.meta.language)
  let revision = 1
  const nextRevision = () => revision++

  // Word numbers comments; a thread is its first comment plus replies pointing at it.
  const commentIds = new Map<string, number[]>()
  const comments: ICommentOptions[] = []
  let commentId = 0
  const commentParagraphs = (text: string) => text.split('\n').map((line) => new Paragraph({ children: [new TextRun(line)] }))
  const addThread = (thread: ExportThread, orphan: boolean) => {
    const ids: number[] = []
    const live = liveComments(thread)
    live.forEach((comment, i) => {
      const id = commentId++
      ids.push(id)
      const text = i === 0 && orphan ? `${w.onDeletedText}: «${thread.quote}»\n${comment.text}` : comment.text
      comments.push({
        id,
        author: authorLabel(comment.author),
        initials: comment.author.delegation || comment.author.name.slice(0, 2),
        date: new Date(comment.createdAt),
        children: commentParagraphs(text),
        ...(i > 0 ? { parentId: ids[0] } : {}),
        ...(thread.status === 'resolved' ? { resolved: true } : {}),
      })
    })
    commentIds.set(thread.id, ids)
  }
  for (const thread of ir.threads) addThread(thread, !thread.range || thread.range.from >= thread.range.to)
  const orphanIds = ir.threads.filter((t) => !t.range || t.range.from >= t.range.to).flatMap((t) => commentIds.get(t.id) ?? [])

  const runOptions = (run: IRTextRun): IRunOptions => ({
    text: run.text,
    // Word's own style for links (blue, underlined), which every reader knows.
    style: run.link ? 'Hyperlink' : undefined,
    bold: run.bold || undefined,
    italics: run.italic || undefined,
    underline: run.underline ? {} : undefined,
    strike: run.strike || undefined,
  })

  const inlineChildren = (inlines: Inline[]): ParagraphChild[] => {
    const all: ParagraphChild[] = []
    // Runs of one link, side by side, go into one w:hyperlink (tracked changes inside it, as Word writes them).
    let link: { href: string; children: ParagraphChild[] } | null = null
    const out = {
      push(...children: ParagraphChild[]) {
        if (link) all.push(new ExternalHyperlink({ link: link.href, children: link.children }))
        link = null
        all.push(...children)
      },
      linked(href: string | null, child: ParagraphChild) {
        if (!href) return out.push(child)
        if (link?.href !== href) {
          out.push()
          link = { href, children: [] }
        }
        link.children.push(child)
      },
    }
    for (const segment of bracketSegments(inlines)) {
      if (segment.bracket) out.push(new TextRun({ text: '[', style: DOCX_STYLES.bracket }))
      for (const inline of segment.inlines) {
        if (inline.kind === 'break') out.push(new TextRun({ break: 1 }))
        else if (inline.kind === 'footnote') out.push(new FootnoteReferenceRun(inline.number))
        else if (inline.kind === 'commentStart') for (const id of commentIds.get(inline.threadId) ?? []) out.push(new CommentRangeStart(id))
        else if (inline.kind === 'commentEnd') {
          for (const id of commentIds.get(inline.threadId) ?? []) {
            out.push(new CommentRangeEnd(id))
            out.push(new TextRun({ children: [new CommentReference(id)] }))
          }
        } else if (ir.review && inline.deletion) {
          out.linked(inline.link, new DeletedTextRun({ ...runOptions(inline), id: nextRevision(), author: authorLabel({ delegation: inline.deletion.delegation, name: inline.deletion.authorName }), date: inline.deletion.at }))
        } else if (ir.review && inline.insertion) {
          out.linked(inline.link, new InsertedTextRun({ ...runOptions(inline), id: nextRevision(), author: authorLabel({ delegation: inline.insertion.delegation, name: inline.insertion.authorName }), date: inline.insertion.at }))
        } else if (ir.review && inline.format) {
          // Word keeps the formatting as it was before the change (w:rPrChange).
          const before = { bold: inline.bold, italics: inline.italic, underline: inline.underline, strike: inline.strike }
          const key = ({ bold: 'bold', italic: 'italics', underline: 'underline', strike: 'strike' } as const)[inline.format.mark as 'bold']
          if (key) before[key] = inline.format.action === 'remove'
          out.linked(
            inline.link,
            new TextRun({
              ...runOptions(inline),
              revision: {
                id: nextRevision(),
                author: authorLabel({ delegation: inline.format.delegation, name: inline.format.authorName }),
                date: inline.format.at,
                bold: before.bold || undefined,
                italics: before.italics || undefined,
                underline: before.underline ? {} : undefined,
                strike: before.strike || undefined,
              },
            }),
          )
        } else out.linked(inline.link, new TextRun(runOptions(inline)))
      }
      if (segment.bracket) {
        for (const alternative of inlineAlternatives(input, ir, segment.bracket)) {
          // Plain runs: the importer reads bracket-styled runs as the bracket's own punctuation.
          out.push(new TextRun({ text: ` / ${alternative}` }))
        }
        out.push(new TextRun({ text: ']', style: DOCX_STYLES.bracket }))
        const note = ir.review ? bracketNote(input, segment.bracket, w) : ''
        if (note) out.push(new TextRun({ text: note, style: DOCX_STYLES.sponsors }))
      }
    }
    out.push()
    return all
  }

  const listItemChildren = (child: Block): ParagraphChild[] => {
    if (child.type !== 'heading' && child.type !== 'paragraph') return []
    const children = inlineChildren(child.inlines)
    if (child.type === 'paragraph' && child.label) children.unshift(new TextRun({ text: `${child.label}. `, style: DOCX_STYLES.number }))
    return children
  }

  // A suggested break before a block is, in Word, the previous paragraph's mark inserted or deleted.
  const markChange = new Map<Block, { insertion?: ReturnType<typeof changeAttrs>; deletion?: ReturnType<typeof changeAttrs> }>()
  const flat = ir.review ? textBlocks(ir.blocks) : []
  flat.forEach((block, i) => {
    const br = flat[i + 1]?.breakChange
    if (br) markChange.set(block, br.op === 'split' ? { insertion: changeAttrs(br, nextRevision()) } : { deletion: changeAttrs(br, nextRevision()) })
  })
  const paragraphOptions = (block: Block) => {
    if (block.type !== 'paragraph' && block.type !== 'heading') return {}
    const mark = markChange.get(block)
    const change = block.blockChange
    return {
      ...(mark ? { run: mark } : {}),
      ...(change ? { revision: { ...changeAttrs(change, nextRevision()), style: styleOf(change.previous) } } : {}),
    }
  }

  // One Word numbering per top-level ordered list (so each starts where it says), holding the
  // ordered lists nested in it as its deeper levels, each level with its own start and format.
  const families: ListFamily[] = []
  const paragraphs = (blocks: Block[], depth: number, quote: boolean, family?: ListFamily): Array<Paragraph | Table> => {
    const out: Array<Paragraph | Table> = []
    for (const block of blocks) {
      if (block.type === 'heading') {
        out.push(new Paragraph({ heading: HEADINGS[Math.min(3, Math.max(1, block.level)) - 1], children: inlineChildren(block.inlines), ...paragraphOptions(block) }))
      } else if (block.type === 'paragraph') {
        const children = inlineChildren(block.inlines)
        if (block.label) children.unshift(new TextRun({ text: `${block.label}. `, style: DOCX_STYLES.number }))
        const style = block.kind === 'preamble' ? DOCX_STYLES.preamble : block.kind === 'operative' ? DOCX_STYLES.operative : quote ? DOCX_STYLES.quote : undefined
        out.push(new Paragraph({ style, children, ...paragraphOptions(block) }))
        if (ir.review && block.info) out.push(new Paragraph({ style: DOCX_STYLES.status, children: [new TextRun(statusLine(block.info, w))] }))
      } else if (block.type === 'list') {
        let own: ListFamily | undefined
        if (block.ordered) {
          own = family ?? { reference: `ordered-${families.length + 1}`, levels: new Map() }
          if (!family) families.push(own)
          if (!own.levels.has(depth)) own.levels.set(depth, { type: block.listType, start: block.start })
        }
        for (const item of block.items) {
          item.forEach((child, i) => {
            if (child.type === 'list' || child.type === 'table') {
              out.push(...paragraphs([child], depth + 1, quote, own))
              return
            }
            const [first, ...rest] = paragraphs([child], depth, quote)
            if (!first) return
            // Only an item's first paragraph carries the bullet or number; Word then indents the rest.
            out.push(
              i === 0
                ? new Paragraph({
                    // A numbered paragraph in a list (UN operative paragraphs "1.", "2.") keeps its kind.
                    style: child.type === 'paragraph' && child.kind ? (child.kind === 'preamble' ? DOCX_STYLES.preamble : DOCX_STYLES.operative) : undefined,
                    children: listItemChildren(child),
                    numbering: { reference: own ? own.reference : 'bullets', level: Math.min(depth, 8) },
                    ...paragraphOptions(child),
                  })
                : first,
              ...rest,
            )
          })
        }
      } else if (block.type === 'table') out.push(tableOf(block, depth, quote))
      else out.push(...paragraphs(block.blocks, depth, true))
    }
    return out
  }

  // A Word table ([CONV-130]): header rows repeat on each page (w:tblHeader), spans as
  // w:gridSpan and w:vMerge (the library writes the continuing cells), single rules, columns
  // sharing the page's width.
  const tableOf = (block: Extract<Block, { type: 'table' }>, depth: number, quote: boolean): Table => {
    const { width } = tableGrid(block.rows)
    const columns = Math.max(1, width)
    const rule = { style: BorderStyle.SINGLE, size: 4, color: '555555' }
    return new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      columnWidths: Array.from({ length: columns }, () => Math.floor(TEXT_WIDTH_TWIPS / columns)),
      borders: { top: rule, bottom: rule, left: rule, right: rule, insideHorizontal: rule, insideVertical: rule },
      rows: block.rows.map(
        (cells) =>
          new TableRow({
            tableHeader: cells.every((cell) => cell.header) || undefined,
            children: cells.map((cell) => {
              const children = paragraphs(cell.blocks, depth, quote)
              return new TableCell({
                children: children.length ? children : [new Paragraph({})],
                ...(cell.colspan > 1 ? { columnSpan: cell.colspan } : {}),
                ...(cell.rowspan > 1 ? { rowSpan: cell.rowspan } : {}),
              })
            }),
          }),
      ),
    })
  }

  const body = paragraphs(ir.blocks, 0, false)
  if (orphanIds.length) {
    // Comments on words that are gone still travel, anchored at the top of the text.
    const first = new Paragraph({ style: DOCX_STYLES.status, children: orphanIds.flatMap((id) => [new CommentRangeStart(id), new CommentRangeEnd(id), new TextRun({ children: [new CommentReference(id)] })]) })
    body.unshift(first)
  }

  const headerText = `${input.meta.title} · ${headerLine(input.meta)}`
  const levels = (format: (typeof LevelFormat)[keyof typeof LevelFormat], text: (level: number) => string) =>
    Array.from({ length: 9 }, (_, level) => ({
      level,
      format,
      text: text(level),
      alignment: AlignmentType.LEFT,
      style: { paragraph: { indent: { left: 720 * (level + 1), hanging: 360 } } },
    }))

  const document = new Document({
    creator: 'Consenso',
    title: input.meta.title,
    description: ir.review ? w.reviewView : w.cleanView,
    features: { trackRevisions: false },
    comments: { children: comments },
    footnotes: Object.fromEntries(ir.footnotes.map((n) => [n.number, { children: n.text.split('\n').map((line) => new Paragraph({ children: [new TextRun(line)] })) }])),
    styles: {
      default: { document: { run: { font: 'Times New Roman', size: 24 } } },
      paragraphStyles: [
        { id: DOCX_STYLES.preamble, name: DOCX_STYLE_NAMES.preamble, basedOn: 'Normal', next: DOCX_STYLES.preamble, quickFormat: true, paragraph: { spacing: { after: 160 }, alignment: AlignmentType.JUSTIFIED } },
        { id: DOCX_STYLES.operative, name: DOCX_STYLE_NAMES.operative, basedOn: 'Normal', next: DOCX_STYLES.operative, quickFormat: true, paragraph: { spacing: { after: 160 }, alignment: AlignmentType.JUSTIFIED } },
        { id: DOCX_STYLES.status, name: DOCX_STYLE_NAMES.status, basedOn: 'Normal', run: { size: 18, color: '555555', italics: true }, paragraph: { spacing: { after: 200 }, indent: { left: 360 } } },
        { id: DOCX_STYLES.quote, name: DOCX_STYLE_NAMES.quote, basedOn: 'Normal', run: { italics: true }, paragraph: { indent: { left: 720, right: 720 } } },
      ],
      characterStyles: [
        { id: DOCX_STYLES.number, name: DOCX_STYLE_NAMES.number, run: { bold: true } },
        { id: DOCX_STYLES.bracket, name: DOCX_STYLE_NAMES.bracket, run: { bold: true, color: '9A3412' } },
        { id: DOCX_STYLES.sponsors, name: DOCX_STYLE_NAMES.sponsors, run: { superScript: true, color: '9A3412', size: 16 } },
      ],
    },
    numbering: {
      config: [
        { reference: 'bullets', levels: levels(LevelFormat.BULLET, (level) => ['•', '◦', '▪'][level % 3]!) },
        ...families.map((f) => ({
          reference: f.reference,
          levels: levels(LevelFormat.DECIMAL, (level) => `%${level + 1}.`).map((spec) => {
            const own = f.levels.get(spec.level) ?? { type: null, start: 1 }
            const format = own.type ? WORD_LIST_FORMATS[own.type] : LevelFormat.DECIMAL
            return { ...spec, format, start: own.start, text: own.type === 'a' || own.type === 'i' ? `(%${spec.level + 1})` : `%${spec.level + 1}.` }
          }),
        })),
      ],
    },
    sections: [
      {
        properties: { page: { margin: { top: 1440, bottom: 1440, left: 1440, right: 1440 } } },
        headers: { default: new Header({ children: [new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text: headerText, size: 18, color: '555555' })] })] }) },
        footers: {
          default: new Footer({
            children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT, ' / ', PageNumber.TOTAL_PAGES], size: 18 })] })],
          }),
        },
        children: body,
      },
    ],
  })
  const buffer = await Packer.toBuffer(document)
  return { data: new Uint8Array(buffer), contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx' }
}

export type { IRDocument }
