/**
 * Markdown (CommonMark). Formatting is Markdown's own (`**`, `*`, `~~`; `<u>` for underline,
 * which Markdown lacks); where a delimiter would not parse back (next to punctuation, or
 * touching another delimiter) the run uses the HTML tag instead. The review view writes
 * suggestions as `<ins>`/`<del>` with the schema's data attributes, brackets as
 * `<span data-bracket-id>[…]</span>` followed by their sponsors, comment anchors as empty
 * `<span data-comment-start|end>` markers, and appends the threads, brackets and consensus for
 * people to read, plus the same data as JSON in an HTML comment for the importer.
 */
import { authorLabel, type ExportInput, type ExportResult } from './model.ts'
import { bracketSegments, buildIR, inlineAlternatives, liveComments, tableGrid, textBlocks, type Block, type Inline, type TextRun } from './ir.ts'
import { formatDate, words } from './labels.ts'
import { bracketNote, statusLine } from './docx.ts'

/** Where the appendix starts; everything after it is review data, not text. */
export const MD_REVIEW_MARKER = '<!-- consenso:review -->'
export const MD_DATA_PREFIX = '<!-- consenso:data '
/** Ends a paragraph that only reports consensus; the importer drops it. */
export const MD_STATUS_MARKER = '<!-- consenso:status -->'
/** Starts a paragraph's suggested break or type change (JSON), at the paragraph's end. */
export const MD_BLOCK_PREFIX = '<!-- consenso:block '

// `|` too: GFM splits a table row at every pipe before it reads any HTML in it.
const escapeAttr = (value: string) => value.replace(/&/gu, '&amp;').replace(/"/gu, '&quot;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;').replace(/\|/gu, '&#124;')

/** Backslash-escapes what Markdown would read as syntax. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>~|&!#{}]/gu, (c) => `\\${c}`)
}

const PUNCT = /[\p{P}\p{S}]/u

function suggestionAttrs(attrs: { id: string; authorId: string; authorName: string; delegation: string; at: string }): string {
  return `data-suggestion-id="${escapeAttr(attrs.id)}" data-author-id="${escapeAttr(attrs.authorId)}" data-author-name="${escapeAttr(attrs.authorName)}" data-delegation="${escapeAttr(attrs.delegation)}" data-at="${escapeAttr(attrs.at)}"`
}

export async function exportMarkdown(input: ExportInput): Promise<ExportResult> {
  return { data: new TextEncoder().encode(markdownOf(input)), contentType: 'text/markdown; charset=utf-8', extension: 'md' }
}

export function markdownOf(input: ExportInput): string {
  const ir = buildIR(input)
  const w = words(input.meta.language)
  let out = ''

  /** One formatted run: Markdown delimiters when they parse back unambiguously, HTML tags otherwise. */
  const formatted = (run: TextRun): string => {
    const match = /^(\s*)([\s\S]*?)(\s*)$/u.exec(run.text)!
    const [, lead = '', core = '', trail = ''] = match
    if (!core) return escapeMarkdown(run.text)
    const md: string[] = []
    if (run.strike) md.push('~~')
    if (run.bold) md.push('**')
    if (run.italic) md.push('*')
    let open = md.join('')
    let close = [...md].reverse().join('')
    const before = lead ? ' ' : out.at(-1)
    // Delimiters next to punctuation or to another delimiter would not parse back as written.
    // Spaces at the edges of formatted words stay inside it only with HTML tags.
    const edges = !!(lead || trail) && (md.length > 0 || run.underline)
    const safe = !md.length || (!edges && !PUNCT.test(core[0]!) && !PUNCT.test(core.at(-1)!) && before !== '*' && before !== '~')
    if (!safe || edges) {
      open = [run.strike ? '<s>' : '', run.bold ? '<strong>' : '', run.italic ? '<em>' : '', run.underline ? '<u>' : ''].join('')
      close = [run.underline ? '</u>' : '', run.italic ? '</em>' : '', run.bold ? '</strong>' : '', run.strike ? '</s>' : ''].join('')
      return `${open}${escapeMarkdown(run.text)}${close}`
    }
    const body = run.underline ? `<u>${escapeMarkdown(core)}</u>` : escapeMarkdown(core)
    return `${escapeMarkdown(lead)}${open}${body}${close}${escapeMarkdown(trail)}`
  }

  const inlines = (list: Inline[]): string => {
    const saved = out
    out = ''
    for (const segment of bracketSegments(list)) {
      // The clean texts hold no HTML: a bracket is its escaped characters, "\\[words / Alt 2\\]".
      if (segment.bracket) out += ir.review ? `<span data-bracket-id="${escapeAttr(segment.bracket)}">[` : '\\['
      let wrapper: { tag: string; id: string } | null = null
      // A link's words are `[…](<href>)`, opened inside a suggestion's tag and closed before it.
      let link: string | null = null
      const closeLink = () => {
        if (link) out += `](<${link.replace(/[<>\\]/gu, (c) => `\\${c}`)}>)`
        link = null
      }
      const closeWrapper = () => {
        closeLink()
        if (wrapper) out += `</${wrapper.tag}>`
        wrapper = null
      }
      for (const inline of segment.inlines) {
        if (inline.kind === 'footnote') {
          closeWrapper()
          out += `[^${inline.number}]`
        } else if (inline.kind === 'break') {
          closeWrapper()
          out += '\\\n'
        } else if (inline.kind === 'commentStart' || inline.kind === 'commentEnd') {
          closeWrapper()
          out += `<span data-comment-${inline.kind === 'commentStart' ? 'start' : 'end'}="${escapeAttr(inline.threadId)}"></span>`
        } else {
          const suggestion = ir.review
            ? inline.deletion
              ? { tag: 'del' as const, attrs: inline.deletion, extra: '' }
              : inline.insertion
                ? { tag: 'ins' as const, attrs: inline.insertion, extra: '' }
                : inline.format
                  ? { tag: 'span' as const, attrs: inline.format, extra: ` data-format-mark="${escapeAttr(inline.format.mark)}" data-format-action="${escapeAttr(inline.format.action)}"` }
                  : null
            : null
          const current = wrapper as { tag: string; id: string } | null
          if (current && (!suggestion || current.tag !== suggestion.tag || current.id !== suggestion.attrs.id)) closeWrapper()
          if (suggestion && !wrapper) {
            out += `<${suggestion.tag} ${suggestionAttrs(suggestion.attrs)}${suggestion.extra}>`
            wrapper = { tag: suggestion.tag, id: suggestion.attrs.id }
          }
          if (link !== inline.link) {
            closeLink()
            if (inline.link) out += '['
            link = inline.link
          }
          out += formatted(inline)
        }
      }
      closeWrapper()
      if (segment.bracket && !ir.review) {
        for (const alternative of inlineAlternatives(input, ir, segment.bracket)) out += ` / ${escapeMarkdown(alternative)}`
        out += '\\]'
      } else if (segment.bracket) {
        out += ']</span>'
        const note = ir.review ? bracketNote(input, segment.bracket, w) : ''
        if (note) out += `<sup data-bracket-note="${escapeAttr(segment.bracket)}">${escapeMarkdown(note)}</sup>`
      }
    }
    const result = out
    out = saved
    return result
  }

  /** A suggested break before the block or change of its type, as JSON in a trailing HTML comment. */
  const blockNote = (block: Extract<Block, { type: 'heading' | 'paragraph' }>): string => {
    if (!block.breakChange && !block.blockChange) return ''
    const data = { breakChange: block.breakChange, blockChange: block.blockChange }
    return `${MD_BLOCK_PREFIX}${JSON.stringify(data).replace(/</gu, '\\u003c').replace(/>/gu, '\\u003e')} -->`
  }

  /**
   * A GFM pipe table ([CONV-130]): the first row is the header row, as GFM requires; a cell's
   * paragraphs and line breaks are joined by `<br>` (a row is one line); a cell spanning
   * columns or rows stands in its first place and leaves the others empty, as pipes cannot span.
   */
  const pipeTable = (block: Extract<Block, { type: 'table' }>): string[] => {
    const { width, placed } = tableGrid(block.rows)
    const grid = block.rows.map(() => Array.from({ length: width }, () => ''))
    for (const { row, col, cell } of placed) {
      grid[row]![col] = textBlocks(cell.blocks)
        .map((inner) => `${inner.type === 'paragraph' && inner.label ? `${inner.label}. ` : ''}${inlines(inner.inlines)}${inner.type === 'paragraph' || inner.type === 'heading' ? blockNote(inner) : ''}`)
        .join('<br>')
        .replace(/\\\n/gu, '<br>')
        .replace(/\n/gu, ' ')
    }
    const line = (cells: string[]) => `| ${cells.map((c) => c || ' ').join(' | ')} |`
    return [line(grid[0]!), `|${Array.from({ length: width }, () => ' --- ').join('|')}|`, ...grid.slice(1).map(line)]
  }

  const lines: string[] = []
  const blocks = (list: Block[], indent: string): void => {
    // Two lists of one kind side by side would read back as one: the second changes its marker
    // ("1)" after "1.", "*" after "-"), which CommonMark reads as a new list.
    let alternate = false
    for (const [index, block] of list.entries()) {
      const previous = list[index - 1]
      alternate = block.type === 'list' && previous?.type === 'list' && previous.ordered === block.ordered ? !alternate : false
      if (block.type === 'heading') {
        lines.push(`${indent}${'#'.repeat(block.level)} ${inlines(block.inlines)}${blockNote(block)}`, '')
      } else if (block.type === 'paragraph') {
        let text = inlines(block.inlines)
        // A paragraph that starts like a typed number, but is not one, must not become one.
        text = text.replace(/^(\s*)(PP|OP)(\s?\d+)([.)])/u, '$1$2$3\\$4')
        text = text.replace(/^(\s*)(\d+)([.)])/u, '$1$2\\$3').replace(/^(\s*)([-+])(\s)/u, '$1\\$2$3')
        if (block.label) text = `${block.label}. ${text}`
        if (!text) text = '&nbsp;'
        text += blockNote(block)
        lines.push(`${indent}${text.replace(/\n/gu, `\n${indent}`)}`, '')
        if (ir.review && block.info) lines.push(`${indent}*${escapeMarkdown(statusLine(block.info, w))}* ${MD_STATUS_MARKER}`, '')
      } else if (block.type === 'list') {
        block.items.forEach((item, i) => {
          const bullet = block.ordered ? `${block.start + i}${alternate ? ')' : '.'} ` : alternate ? '* ' : '- '
          const inner = indent + ' '.repeat(bullet.length)
          const start = lines.length
          blocks(item, inner)
          if (lines.length === start) lines.push(inner, '')
          lines[start] = indent + bullet + lines[start]!.slice(inner.length)
          // Items of one list sit together (a tight list) unless they hold several blocks.
          if (item.length === 1 && item[0]!.type !== 'list' && lines.at(-1) === '') lines.pop()
        })
        if (lines.at(-1) !== '') lines.push('')
      } else if (block.type === 'table') {
        lines.push(...pipeTable(block).map((line) => `${indent}${line}`), '')
      } else {
        const start = lines.length
        blocks(block.blocks, '')
        for (let i = start; i < lines.length; i++) lines[i] = `${indent}> ${lines[i]}`.trimEnd()
        if (lines.at(-1) !== '') lines.push('')
        else lines[lines.length - 1] = ''
        lines.push('')
      }
    }
  }
  blocks(ir.blocks, '')
  // Notes as Markdown writes them (pandoc, markdown-it-footnote): `[^1]: text`, after the text.
  // A note of several lines is several paragraphs of the note, indented under it.
  for (const note of ir.footnotes) {
    const [first = '', ...more] = note.text.split('\n').map((line) => escapeMarkdown(line.trim()) || '&nbsp;')
    lines.push(`[^${note.number}]: ${first || '&nbsp;'}`, '')
    for (const line of more) lines.push(`    ${line}`, '')
  }

  if (ir.review && (ir.threads.length || ir.brackets.length)) {
    lines.push(MD_REVIEW_MARKER, '', '---', '')
    if (ir.threads.length) {
      lines.push(`## ${w.comments}`, '')
      for (const thread of ir.threads) {
        const [first, ...replies] = liveComments(thread)
        if (!first) continue
        const where = thread.range ? `«${escapeMarkdown(thread.quote)}»` : `${w.onDeletedText}: «${escapeMarkdown(thread.quote)}»`
        lines.push(`- ${where}${thread.status === 'resolved' ? ` (${w.resolved})` : ''} — **${escapeMarkdown(authorLabel(first.author))}**, ${formatDate(first.createdAt, input.meta.language)}: ${escapeMarkdown(first.text).replace(/\n/gu, ' ')}`)
        for (const reply of replies) lines.push(`  - **${escapeMarkdown(authorLabel(reply.author))}**, ${formatDate(reply.createdAt, input.meta.language)}: ${escapeMarkdown(reply.text).replace(/\n/gu, ' ')}`)
      }
      lines.push('')
    }
    const data = {
      threads: ir.threads.map((t) => ({ id: t.id, status: t.status, quote: t.quote, comments: liveComments(t).map((c) => ({ author: c.author, text: c.text, createdAt: c.createdAt })) })),
      brackets: ir.brackets.map((b) => ({ id: b.id, sponsors: b.sponsors, alternatives: b.alternatives })),
    }
    // JSON inside an HTML comment: `<` and `>` are escaped so the comment cannot end early.
    lines.push(`${MD_DATA_PREFIX}${JSON.stringify(data).replace(/</gu, '\\u003c').replace(/>/gu, '\\u003e')} -->`, '')
  }
  return `${lines.join('\n').replace(/\n{3,}/gu, '\n\n').trim()}\n`
}
