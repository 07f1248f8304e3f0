/**
 * Reads Markdown into a draft with markdown-it (CommonMark plus strikethrough, inline HTML on):
 * headings, paragraphs, lists, block quotes, bold/italic/strike/underline, hard breaks; the
 * `PP1.`/`OP1.` numbers written at the start of paragraphs; and what the review export writes
 * (suggestions as `<ins>`/`<del>` with data attributes, brackets, comment markers, and the
 * threads' JSON after the review marker). Unknown HTML is dropped, its text kept.
 */
import MarkdownIt from 'markdown-it'
import footnotes from 'markdown-it-footnote'
import type { Token } from 'markdown-it'
import type { JSONContent } from '@tiptap/core'
import type { Author, ThreadStatus } from '@consenso/protocol'
import { BLOCK_CHANGE, BREAK_CHANGE, FOOTNOTE, LINK, MAX_FOOTNOTE_CHARS, isSafeLinkHref, normaliseBlockAttr } from '@consenso/schema'
import { ConvertError, IMPORT_MAX_BYTES, LostTally, type ImportedBracket, type ImportedDraft } from './model.ts'
import { MD_BLOCK_PREFIX, MD_DATA_PREFIX, MD_REVIEW_MARKER, MD_STATUS_MARKER } from './markdown.ts'
import { commentMarker, finishDraft, firstHeadingText, TYPED_NUMBER, type PendingThread } from './import-common.ts'

const md = new MarkdownIt('default', { html: true, linkify: false, typographer: false }).use(
  // The plugin's types are written against @types/markdown-it, markdown-it 15 brings its own.
  footnotes as unknown as (md: InstanceType<typeof MarkdownIt>) => void,
)

type Mark = NonNullable<JSONContent['marks']>[number]

function parseTag(html: string): { name: string; closing: boolean; attrs: Record<string, string> } | null {
  const match = /^<(\/?)([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>$/u.exec(html.trim())
  if (!match) return null
  const attrs: Record<string, string> = {}
  for (const a of match[3]!.matchAll(/([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=\s*"([^"]*)"/gu)) attrs[a[1]!.toLowerCase()] = decodeEntities(a[2]!)
  return { name: match[2]!.toLowerCase(), closing: match[1] === '/', attrs }
}

/** A cell's paragraphs, split where a hard break stands (how the exporter writes several). */
function splitAtBreaks(paragraphs: JSONContent[]): JSONContent[] {
  const out: JSONContent[] = []
  for (const paragraph of paragraphs) {
    let current: JSONContent = { ...paragraph, content: [] }
    out.push(current)
    for (const piece of paragraph.content ?? []) {
      if (piece.type !== 'hardBreak') current.content!.push(piece)
      else {
        current = { type: 'paragraph', content: [] }
        out.push(current)
      }
    }
  }
  return out.length ? out : [{ type: 'paragraph' }]
}

function decodeEntities(value: string): string {
  return value.replace(/&(amp|quot|lt|gt|#39|#124|apos);/gu, (_, e: string) => ({ amp: '&', quot: '"', lt: '<', gt: '>', '#39': "'", '#124': '|', apos: "'" })[e] ?? '')
}

const isString = (v: unknown): v is string => typeof v === 'string'

/**
 * A comment's author as the file names them. The file's account id is never kept: anyone can
 * write any id into a file, so the author is an imported one (`import:…`), shown by name.
 */
function readAuthor(value: unknown): Author | null {
  if (typeof value !== 'object' || value === null) return null
  const a = value as Record<string, unknown>
  if (!isString(a.id) || !isString(a.name) || !isString(a.delegation)) return null
  const name = a.name.slice(0, 200)
  const delegation = a.delegation.slice(0, 16)
  return { id: importedId(delegation, name), name, delegation }
}

/** The id an author named in a file gets: never an account's (TRUST-2). */
const importedId = (delegation: string, name: string): string => `import:${delegation ? `${delegation}:` : ''}${name}`

/** The review data the export appended, checked field by field (it comes from a file). */
function readReviewData(appendix: string): { threads: Array<PendingThread & { id: string }>; brackets: ImportedBracket[] } {
  const start = appendix.indexOf(MD_DATA_PREFIX)
  if (start < 0) return { threads: [], brackets: [] }
  const end = appendix.indexOf('-->', start)
  let data: unknown
  try {
    data = JSON.parse(appendix.slice(start + MD_DATA_PREFIX.length, end < 0 ? undefined : end))
  } catch {
    throw new ConvertError('corrupt', 'The review data at the end of the Markdown file is damaged.')
  }
  const d = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>
  const threads: Array<PendingThread & { id: string }> = []
  for (const t of Array.isArray(d.threads) ? d.threads : []) {
    const thread = t as Record<string, unknown>
    if (!isString(thread.id) || !Array.isArray(thread.comments)) continue
    const comments = thread.comments.flatMap((c: unknown) => {
      const comment = c as Record<string, unknown>
      const author = readAuthor(comment?.author)
      const created = isString(comment?.createdAt) && !Number.isNaN(Date.parse(comment.createdAt)) ? new Date(comment.createdAt).toISOString() : null
      return author && created && isString(comment.text) && comment.text.trim() ? [{ author, text: comment.text.slice(0, 10_000), createdAt: created }] : []
    })
    const status: ThreadStatus = thread.status === 'resolved' ? 'resolved' : 'open'
    threads.push({ id: thread.id, key: thread.id, status, comments })
  }
  const brackets: ImportedBracket[] = []
  for (const b of Array.isArray(d.brackets) ? d.brackets : []) {
    const bracket = b as Record<string, unknown>
    if (!isString(bracket.id)) continue
    brackets.push({
      id: bracket.id,
      sponsors: Array.isArray(bracket.sponsors) ? bracket.sponsors.filter((s): s is string => isString(s) && /^[A-Z][A-Z0-9-]{1,15}$/u.test(s)) : [],
      alternatives: Array.isArray(bracket.alternatives) ? bracket.alternatives.filter(isString).slice(0, 5) : [],
    })
  }
  return { threads, brackets }
}

export function importMarkdown(data: Uint8Array | string, options: { fallbackTitle?: string } = {}): ImportedDraft {
  if ((typeof data === 'string' ? data.length : data.byteLength) > IMPORT_MAX_BYTES) {
    throw new ConvertError('too_large', `The file is larger than ${IMPORT_MAX_BYTES / 1024 / 1024} MB.`)
  }
  let source: string
  try {
    source = typeof data === 'string' ? data : new TextDecoder('utf-8', { fatal: true }).decode(data)
  } catch {
    throw new ConvertError('corrupt', 'The file is not UTF-8 text, so it cannot be Markdown.')
  }
  if (source.includes('\u0000')) throw new ConvertError('corrupt', 'The file holds binary data, so it cannot be Markdown.')
  source = source.replace(/^\uFEFF/u, '')
  const markerAt = source.indexOf(MD_REVIEW_MARKER)
  const body = markerAt >= 0 ? source.slice(0, markerAt) : source
  const review = markerAt >= 0 ? readReviewData(source.slice(markerAt)) : { threads: [], brackets: [] }
  const knownBrackets = new Map(review.brackets.map((b) => [b.id, b]))
  const brackets: ImportedBracket[] = []
  const bracketIds = new Set<string>()
  const lost = new LostTally()

  const tokens = md.parse(body, {})
  // Footnotes (`[^1]` … `[^1]: text`, [CONV-123]): the notes' text by id, read first, as the
  // plugin puts the notes after the text; their own formatting is not kept.
  const noteTexts = new Map<number, string>()
  let noteId: number | null = null
  for (const token of tokens) {
    if (token.type === 'footnote_open') noteId = Number((token.meta as { id?: number } | null)?.id)
    else if (token.type === 'footnote_close') noteId = null
    else if (noteId !== null && token.type === 'inline') {
      const text = (token.children ?? []).map((c) => (c.type === 'text' || c.type === 'code_inline' ? c.content : c.type === 'softbreak' || c.type === 'hardbreak' ? ' ' : '')).join('').replace(/\u00a0/gu, ' ').trim()
      const before = noteTexts.get(noteId)
      noteTexts.set(noteId, (before ? `${before}\n${text}` : text).slice(0, MAX_FOOTNOTE_CHARS))
    }
  }
  let inNotes = 0
  const root: JSONContent = { type: 'doc', content: [] }
  const stack: JSONContent[] = [root]
  const current = () => stack.at(-1)!
  const open = (node: JSONContent) => {
    node.content = []
    current().content!.push(node)
    stack.push(node)
  }
  const close = () => {
    const node = stack.pop()!
    if (node.attrs?.drop) current().content!.pop()
    return node
  }

  const inline = (token: Token): { content: JSONContent[]; status: boolean; blockAttrs: Record<string, string | null> | null } => {
    const content: JSONContent[] = []
    const marks: Mark[] = []
    const spans: Array<'bracket' | 'format' | 'other'> = []
    let status = false
    let blockAttrs: Record<string, string | null> | null = null
    let skipping = 0
    let bracketOpening = false
    const without = (type: string) => {
      const i = marks.findLastIndex((m) => m.type === type)
      if (i >= 0) marks.splice(i, 1)
    }
    const text = (value: string) => {
      if (skipping || !value) return
      if (bracketOpening) {
        value = value.replace(/^\[/u, '')
        bracketOpening = false
        if (!value) return
      }
      content.push({ type: 'text', text: value, ...(marks.length ? { marks: marks.map((m) => ({ ...m })) } : {}) })
    }
    for (const child of token.children ?? []) {
      switch (child.type) {
        case 'text':
        case 'code_inline':
          text(child.content)
          break
        case 'softbreak':
          text(' ')
          break
        case 'hardbreak':
          if (!skipping) content.push({ type: 'hardBreak' })
          break
        case 'strong_open':
          marks.push({ type: 'bold' })
          break
        case 'strong_close':
          without('bold')
          break
        case 'em_open':
          marks.push({ type: 'italic' })
          break
        case 'em_close':
          without('italic')
          break
        case 's_open':
          marks.push({ type: 'strike' })
          break
        case 's_close':
          without('strike')
          break
        case 'image':
          // Its description stays as text; the picture does not.
          lost.add('images')
          text(child.content)
          break
        case 'link_open': {
          // A web or mail address is kept as the words' link; anything else leaves only the words.
          const href = child.attrGet('href')
          if (isSafeLinkHref(href)) marks.push({ type: LINK, attrs: { href } })
          else if (href) lost.add('links')
          break
        }
        case 'link_close':
          without(LINK)
          break
        case 'footnote_ref':
          if (!skipping) content.push({ type: FOOTNOTE, attrs: { text: noteTexts.get(Number((child.meta as { id?: number } | null)?.id)) ?? '' } })
          break
        case 'html_inline': {
          if (child.content.trim() === MD_STATUS_MARKER) {
            status = true
            break
          }
          if (child.content.startsWith(MD_BLOCK_PREFIX)) {
            try {
              const data = JSON.parse(child.content.slice(MD_BLOCK_PREFIX.length).replace(/-->\s*$/u, '')) as Record<string, unknown>
              // Checked like the schema checks pasted HTML: a malformed value is dropped.
              blockAttrs = {
                [BREAK_CHANGE]: normaliseBlockAttr(BREAK_CHANGE, data.breakChange ? JSON.stringify(data.breakChange) : null),
                [BLOCK_CHANGE]: normaliseBlockAttr(BLOCK_CHANGE, data.blockChange ? JSON.stringify(data.blockChange) : null),
              }
            } catch {
              throw new ConvertError('corrupt', 'A paragraph\'s suggestion data in the Markdown file is damaged.')
            }
            break
          }
          const tag = parseTag(child.content)
          if (!tag) break
          const simple: Record<string, string> = { strong: 'bold', b: 'bold', em: 'italic', i: 'italic', u: 'underline', s: 'strike', del: 'strike', strike: 'strike' }
          if (tag.name === 'br') {
            if (!skipping) content.push({ type: 'hardBreak' })
          } else if ((tag.name === 'ins' || tag.name === 'del') && (tag.closing || tag.attrs['data-suggestion-id'])) {
            const type = tag.name === 'ins' ? 'insertion' : 'deletion'
            if (tag.closing) {
              if (marks.some((m) => m.type === type)) without(type)
              else without('strike')
            } else {
              const a = tag.attrs
              marks.push({ type, attrs: { id: a['data-suggestion-id']!, authorId: importedId(a['data-delegation'] ?? '', a['data-author-name'] ?? '?'), authorName: a['data-author-name'] ?? '?', delegation: a['data-delegation'] ?? '', at: a['data-at'] ?? '' } })
            }
          } else if (tag.name === 'sup' || tag.name === 'sub') {
            if (tag.name === 'sup' && tag.attrs['data-bracket-note'] !== undefined) skipping++
            else if (tag.closing && skipping) skipping--
            else if (!tag.closing) lost.add('superscript')
          } else if (tag.name === 'span') {
            if (tag.closing) {
              const closing = spans.pop()
              if (closing === 'format') without('formatChange')
              if (closing === 'bracket') {
                const last = content.at(-1)
                if (last?.type === 'text' && last.text?.endsWith(']')) last.text = last.text.slice(0, -1)
                if (last?.type === 'text' && !last.text) content.pop()
                without('bracket')
              }
            } else if (tag.attrs['data-comment-start'] !== undefined || tag.attrs['data-comment-end'] !== undefined) {
              const start = tag.attrs['data-comment-start']
              content.push(commentMarker((start ?? tag.attrs['data-comment-end'])!, start !== undefined ? 'start' : 'end'))
              spans.push('other')
            } else if (tag.attrs['data-format-mark'] && tag.attrs['data-suggestion-id']) {
              const a = tag.attrs
              marks.push({
                type: 'formatChange',
                attrs: { id: a['data-suggestion-id']!, authorId: importedId(a['data-delegation'] ?? '', a['data-author-name'] ?? '?'), authorName: a['data-author-name'] ?? '?', delegation: a['data-delegation'] ?? '', at: a['data-at'] ?? '', mark: a['data-format-mark']!, action: a['data-format-action'] === 'remove' ? 'remove' : 'add' },
              })
              spans.push('format')
            } else if (tag.attrs['data-bracket-id']) {
              const id = tag.attrs['data-bracket-id']
              if (!bracketIds.has(id)) {
                bracketIds.add(id)
                brackets.push(knownBrackets.get(id) ?? { id, sponsors: [], alternatives: [] })
              }
              marks.push({ type: 'bracket', attrs: { bracketId: id } })
              spans.push('bracket')
              bracketOpening = true
            } else spans.push('other')
          } else if (simple[tag.name]) {
            if (tag.closing) without(simple[tag.name]!)
            else marks.push({ type: simple[tag.name]! })
          }
          break
        }
        default:
      }
    }
    // Markdown cannot start a paragraph with spaces; `&nbsp;` alone stands for an empty one.
    if (content.length === 1 && content[0]!.type === 'text' && content[0]!.text === '\u00a0') content.pop()
    return { content, status, blockAttrs }
  }

  for (const token of tokens) {
    if (token.type === 'footnote_block_open') inNotes++
    if (token.type === 'footnote_block_close') inNotes--
    if (inNotes > 0 || token.type === 'footnote_block_close') continue
    switch (token.type) {
      case 'heading_open':
        open({ type: 'heading', attrs: { level: Math.min(3, Number(token.tag.slice(1)) || 1) } })
        break
      case 'paragraph_open':
        open({ type: 'paragraph' })
        break
      case 'inline': {
        // Table cells hold inline content directly: each becomes a paragraph.
        const wrapped = current().type !== 'paragraph' && current().type !== 'heading'
        if (wrapped) open({ type: 'paragraph' })
        const node = current()
        const parsed = inline(token)
        // The number is read from the source, so an escaped `PP1\.` stays text.
        const typed = node.type === 'paragraph' ? TYPED_NUMBER.exec(token.content) : null
        if (typed) {
          node.attrs = { kind: typed[1] === 'PP' ? 'preamble' : 'operative' }
          const first = parsed.content.find((c) => c.type === 'text')
          if (first?.text) first.text = first.text.replace(TYPED_NUMBER, '')
        }
        // A consensus status line is the export's commentary, not text.
        if (parsed.status) node.attrs = { ...node.attrs, drop: true }
        if (parsed.blockAttrs) node.attrs = { ...node.attrs, ...parsed.blockAttrs }
        // One by one: spreading a paragraph of 100,000 pieces would overflow the call stack.
        for (const piece of parsed.content) node.content!.push(piece)
        if (wrapped) close()
        break
      }
      // GFM pipe tables ([CONV-131]): the header row's cells are header cells; `<br>` in a cell
      // (a hard break) starts a new paragraph of the cell, as the exporter joins them so.
      case 'table_open':
        open({ type: 'table' })
        break
      case 'tr_open':
        open({ type: 'tableRow' })
        break
      case 'th_open':
      case 'td_open':
        open({ type: token.type === 'th_open' ? 'tableHeader' : 'tableCell' })
        break
      case 'th_close':
      case 'td_close': {
        const cell = close()
        cell.content = splitAtBreaks(cell.content ?? [])
        break
      }
      case 'tr_close':
      case 'table_close':
        close()
        break
      case 'bullet_list_open':
        open({ type: 'bulletList' })
        break
      case 'ordered_list_open': {
        const start = Number(token.attrGet('start') ?? 1)
        open({ type: 'orderedList', attrs: start !== 1 && Number.isFinite(start) ? { start } : {} })
        break
      }
      case 'list_item_open':
        open({ type: 'listItem' })
        break
      case 'blockquote_open':
        open({ type: 'blockquote' })
        break
      case 'heading_close':
      case 'paragraph_close':
      case 'bullet_list_close':
      case 'ordered_list_close':
      case 'blockquote_close':
        close()
        break
      case 'list_item_close': {
        const item = close()
        // A list item starts with a paragraph in this schema.
        if (item.content![0]?.type !== 'paragraph') item.content!.unshift({ type: 'paragraph' })
        break
      }
      case 'fence':
      case 'code_block': {
        const code = token.content.replace(/\n$/u, '').replace(/\n/gu, ' ')
        current().content!.push({ type: 'paragraph', content: code ? [{ type: 'text', text: code }] : [] })
        break
      }
      default:
    }
    if (stack.length > 64) throw new ConvertError('unsupported', 'The Markdown is nested too deeply.')
  }
  const blocks = root.content!
  return finishDraft(blocks, { title: firstHeadingText(blocks) || options.fallbackTitle || 'Draft', threads: review.threads, brackets, lost: lost.list() })
}


