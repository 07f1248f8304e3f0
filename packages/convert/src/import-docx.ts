/**
 * Reads a .docx (Office Open XML) into a draft: the parts needed, read as docx-package.ts
 * finds, inflates and parses them (the body slice by slice). Headings,
 * lists, block quotes, PP/OP paragraphs (our styles, or numbers typed by hand), bold, italic,
 * underline and strike, tracked insertions and deletions (attributed to their Word author and
 * date), comments with their replies (commentsExtended) and Consenso's brackets come through.
 */
import type { Element as XmlElement } from '@xmldom/xmldom'
import type { JSONContent } from '@tiptap/core'
import { FOOTNOTE, LINK, MAX_FOOTNOTE_CHARS, defaultSuggestionId, encodeBlockAttr, isSafeLinkHref } from '@consenso/schema'
import { LostTally, parseAuthorLabel, type ImportedBracket, type ImportedDraft } from './model.ts'
import { DOCX_STYLE_NAMES, DOCX_STYLES } from './docx.ts'
import { all, attr, bodySlices, child, children, parseXml, toggle, unzip } from './docx-package.ts'
import { cellParagraphs, tableFromRows, type RawCell } from './import-table.ts'
import { operativeParagraphsFromLists } from './import-operative.ts'
import { commentMarker, finishDraft, firstHeadingText, importedAuthor, stripTypedNumber, type PendingThread } from './import-common.ts'

interface StyleInfo {
  name: string
  basedOn: string | null
  numbering: { numId: string; ilvl: number } | null
}

interface Suggestion {
  key: string
  id: string
  author: string
  date: string
}

interface Ctx {
  insertion: Suggestion | null
  deletion: Suggestion | null
  /** The web or mail address of the w:hyperlink the runs are in. */
  link: string | null
}

export function importDocx(data: Uint8Array, options: { fallbackTitle?: string; now?: string } = {}): ImportedDraft {
  const parts = unzip(data)
  const now = options.now ?? new Date().toISOString()
  const styles = new Map<string, StyleInfo>()
  if (parts.styles) {
    for (const style of all(parseXml(parts.styles, 'styles'), 'style')) {
      const id = attr(style, 'styleId')
      if (!id) continue
      const numPr = child(child(style, 'pPr'), 'numPr')
      styles.set(id, {
        name: (attr(child(style, 'name'), 'val') ?? id).toLowerCase(),
        basedOn: attr(child(style, 'basedOn'), 'val'),
        numbering: numPr ? { numId: attr(child(numPr, 'numId'), 'val') ?? '0', ilvl: Number(attr(child(numPr, 'ilvl'), 'val') ?? 0) } : null,
      })
    }
  }
  // Our own styles by id or by name ([CONV-16]): style id → which of ours it is.
  const ours = new Map<string, keyof typeof DOCX_STYLES>()
  for (const key of Object.keys(DOCX_STYLES) as Array<keyof typeof DOCX_STYLES>) {
    const name = DOCX_STYLE_NAMES[key].toLowerCase()
    ours.set(DOCX_STYLES[key], key)
    for (const [id, style] of styles) if (style.name === name) ours.set(id, key)
  }
  const ourStyle = (id: string | null) => (id ? ours.get(id) : undefined)
  // A file that defines our number style was made by Consenso (maybe saved again elsewhere).
  const fromConsenso = [...styles.keys()].some((id) => ours.get(id) === 'number')
  // numId → abstract numbering → format of each level ('bullet' or a number format).
  const listFormats = new Map<string, Map<number, string>>()
  // numId:level → the number its list starts at ([CONV-18]).
  const listStarts = new Map<string, number>()
  // numId → its abstract numbering: Word counts on across list instances of one abstract
  // numbering; an instance that overrides a level's start restarts it there (LibreOffice writes
  // a list's first item so, and the rest with the plain instance).
  const abstractOfNum = new Map<string, string>()
  const overridden = new Set<string>()
  if (parts.numbering) {
    const numbering = parseXml(parts.numbering, 'numbering')
    const abstracts = new Map<string, Map<number, string>>()
    const abstractElements = new Map<string, XmlElement>()
    for (const abstract of all(numbering, 'abstractNum')) {
      const levels = new Map<number, string>()
      for (const lvl of children(abstract).filter((c) => c.localName === 'lvl')) {
        const format = attr(child(lvl, 'numFmt'), 'val') ?? 'decimal'
        // Drafts numbered by Word itself as "PP1."/"OP1." are preambular/operative paragraphs, not a list.
        const typed = /^\s*(PP|OP)\s?%\d/u.exec(attr(child(lvl, 'lvlText'), 'val') ?? '')
        levels.set(Number(attr(lvl, 'ilvl') ?? 0), typed ? `kind:${typed[1]}` : format)
      }
      abstracts.set(attr(abstract, 'abstractNumId') ?? '', levels)
      abstractElements.set(attr(abstract, 'abstractNumId') ?? '', abstract)
    }
    for (const num of all(numbering, 'num')) {
      const numId = attr(num, 'numId') ?? ''
      const levels = abstracts.get(attr(child(num, 'abstractNumId'), 'val') ?? '')
      if (levels) listFormats.set(numId, levels)
      abstractOfNum.set(numId, `a${attr(child(num, 'abstractNumId'), 'val') ?? numId}`)
      // A list instance may start its levels elsewhere than its abstract numbering does.
      for (const override of children(num).filter((c) => c.localName === 'lvlOverride')) {
        const value = attr(child(override, 'startOverride'), 'val')
        const start = Number(value)
        if (value !== null && Number.isInteger(start) && start >= 0) {
          listStarts.set(`${numId}:${Number(attr(override, 'ilvl') ?? 0)}`, start)
          overridden.add(`${numId}:${Number(attr(override, 'ilvl') ?? 0)}`)
        }
      }
      const abstract = abstractElements.get(attr(child(num, 'abstractNumId'), 'val') ?? '')
      if (abstract) {
        for (const lvl of children(abstract).filter((c) => c.localName === 'lvl')) {
          const key = `${numId}:${Number(attr(lvl, 'ilvl') ?? 0)}`
          const value = attr(child(lvl, 'start'), 'val')
          const start = Number(value)
          if (value !== null && !listStarts.has(key) && Number.isInteger(start) && start >= 0) listStarts.set(key, start)
        }
      }
    }
  }

  // Comments: a thread is a comment without a parent, plus the replies pointing at it.
  const threads: PendingThread[] = []
  const threadOfComment = new Map<string, string>()
  if (parts.comments) {
    const comments = all(parseXml(parts.comments, 'comments'), 'comment')
    const extended = new Map<string, { parent: string | null; done: boolean }>()
    if (parts.commentsExtended) {
      for (const ex of all(parseXml(parts.commentsExtended, 'commentsExtended'), 'commentEx')) {
        extended.set(attr(ex, 'paraId') ?? '', { parent: attr(ex, 'paraIdParent'), done: attr(ex, 'done') === '1' })
      }
    }
    const byParaId = new Map<string, string>()
    const threadByKey = new Map<string, PendingThread>()
    const info = comments.map((comment) => {
      const id = attr(comment, 'id') ?? ''
      const paragraphs = all(comment, 'p')
      const paraId = attr(paragraphs.at(-1), 'paraId')
      if (paraId) byParaId.set(paraId, id)
      const text = paragraphs.map((p) => all(p, 't').map((t) => t.textContent ?? '').join('')).join('\n').trim()
      return { id, paraId, text, author: attr(comment, 'author') ?? '?', date: attr(comment, 'date') ?? now }
    })
    for (const comment of info) {
      const ex = comment.paraId ? extended.get(comment.paraId) : undefined
      const parentId = ex?.parent ? byParaId.get(ex.parent) : undefined
      const rootKey = parentId !== undefined ? (threadOfComment.get(parentId) ?? parentId) : comment.id
      threadOfComment.set(comment.id, rootKey)
      let thread = threadByKey.get(rootKey)
      if (!thread) {
        thread = { key: rootKey, status: 'open', comments: [] }
        threads.push(thread)
        threadByKey.set(rootKey, thread)
      }
      if (ex?.done && parentId === undefined) thread.status = 'resolved'
      if (comment.text) thread.comments.push({ author: importedAuthor(comment.author), text: comment.text, createdAt: validDate(comment.date, now) })
    }
  }

  // Footnotes and endnotes by id: their paragraphs' text, one line each (the reference mark and
  // Word's separator notes left out). Both become footnotes of the draft ([CONV-123]).
  const notes = { footnoteReference: new Map<string, string>(), endnoteReference: new Map<string, string>() }
  for (const [part, element, into] of [[parts.footnotes, 'footnote', notes.footnoteReference], [parts.endnotes, 'endnote', notes.endnoteReference]] as const) {
    if (!part) continue
    for (const note of all(parseXml(part, `${element}s`), element)) {
      const type = attr(note, 'type')
      if (type === 'separator' || type === 'continuationSeparator' || type === 'continuationNotice') continue
      const text = all(note, 'p')
        .map((p) => all(p, 't').map((t) => t.textContent ?? '').join('').trim())
        .filter(Boolean)
        .join('\n')
      into.set(attr(note, 'id') ?? '', text.slice(0, MAX_FOOTNOTE_CHARS))
    }
  }

  const lost = new LostTally()
  const brackets: ImportedBracket[] = []
  let openBracket: ImportedBracket | null = null
  let lastBracket: ImportedBracket | null = null
  let lastSuggestion: (Suggestion & { textSince: number }) | null = null
  let textCount = 0

  const suggestionFor = (el: XmlElement, kind: 'ins' | 'del'): Suggestion => {
    const author = attr(el, 'author') ?? '?'
    const date = validDate(attr(el, 'date'), now)
    // A deletion followed at once by an insertion of the same author and time is one replacement.
    if (lastSuggestion && lastSuggestion.author === author && lastSuggestion.date === date && lastSuggestion.textSince === textCount) {
      return lastSuggestion
    }
    lastSuggestion = { key: `${kind}:${attr(el, 'id')}`, id: defaultSuggestionId(), author, date, textSince: textCount }
    return lastSuggestion
  }
  const suggestionMark = (type: 'insertion' | 'deletion', s: Suggestion) => {
    const { delegation, name } = parseAuthorLabel(s.author)
    return { type, attrs: { id: s.id, authorId: `import:${s.author}`, authorName: name, delegation, at: s.date } }
  }

  /** One id per author, time and change, so the runs of one format suggestion stay one suggestion. */
  const formatIds = new Map<string, string>()
  const attribution = (el: XmlElement) => {
    const author = attr(el, 'author') ?? '?'
    const { delegation, name } = parseAuthorLabel(author)
    return { authorId: `import:${author}`, authorName: name, delegation, at: validDate(attr(el, 'date'), now), author }
  }
  /** `w:rPrChange` holds the formatting before the change: the first of ours that differs is the suggestion. */
  const formatChangeOf = (rPr: XmlElement | undefined) => {
    const change = child(rPr, 'rPrChange')
    if (!change) return null
    const before = child(change, 'rPr')
    const has = (props: XmlElement | undefined, name: string) =>
      name === 'u' ? !!child(props, 'u') && attr(child(props, 'u'), 'val') !== 'none' : name === 'strike' ? toggle(child(props, 'strike')) || toggle(child(props, 'dstrike')) : toggle(child(props, name))
    for (const [name, mark] of [['b', 'bold'], ['i', 'italic'], ['u', 'underline'], ['strike', 'strike']] as const) {
      const now = has(rPr, name)
      if (now === has(before, name)) continue
      const who = attribution(change)
      const action = now ? 'add' : 'remove'
      const key = `${who.author}|${who.at}|${mark}|${action}`
      if (!formatIds.has(key)) formatIds.set(key, defaultSuggestionId())
      return { type: 'formatChange', attrs: { id: formatIds.get(key)!, authorId: who.authorId, authorName: who.authorName, delegation: who.delegation, at: who.at, mark, action } }
    }
    return null
  }

  const inlineOf = (el: XmlElement, ctx: Ctx, out: JSONContent[]): void => {
    for (const node of children(el)) {
      switch (node.localName) {
        case 'r':
          runOf(node, ctx, out)
          break
        case 'ins':
        case 'moveTo':
          inlineOf(node, { ...ctx, insertion: suggestionFor(node, 'ins') }, out)
          if (lastSuggestion) lastSuggestion.textSince = textCount
          break
        case 'del':
        case 'moveFrom':
          inlineOf(node, { ...ctx, deletion: suggestionFor(node, 'del') }, out)
          if (lastSuggestion) lastSuggestion.textSince = textCount
          break
        case 'commentRangeStart':
        case 'commentRangeEnd': {
          const key = threadOfComment.get(attr(node, 'id') ?? '')
          // Replies repeat their parent's range; the thread's own markers are enough.
          if (key !== undefined && key === attr(node, 'id')) out.push(commentMarker(key, node.localName === 'commentRangeStart' ? 'start' : 'end'))
          break
        }
        case 'hyperlink': {
          // A web or mail address becomes the words' link; a bookmark in the file (w:anchor) or
          // any other target leaves only the words.
          const target = parts.hyperlinks?.get(attr(node, 'id') ?? '')
          const href = target && isSafeLinkHref(target) ? target : null
          if (!href && (attr(node, 'id') || attr(node, 'anchor'))) lost.add('links')
          inlineOf(node, { ...ctx, link: href ?? ctx.link }, out)
          break
        }
        case 'smartTag':
        case 'customXml':
        case 'fldSimple':
        case 'sdt':
        case 'sdtContent':
          inlineOf(node, ctx, out)
          break
        default:
      }
    }
  }

  const runOf = (run: XmlElement, ctx: Ctx, out: JSONContent[]): void => {
    const rPr = child(run, 'rPr')
    if (toggle(child(rPr, 'vanish'))) return
    const style = attr(child(rPr, 'rStyle'), 'val')
    const text = children(run)
      .map((c) => (c.localName === 't' || c.localName === 'delText' ? (c.textContent ?? '') : c.localName === 'tab' ? '\t' : c.localName === 'noBreakHyphen' ? '-' : ''))
      .join('')
    const our = ourStyle(style)
    if (our === 'number') return
    if (our === 'bracket') {
      if (text.includes('[')) {
        openBracket = { id: `b-${defaultSuggestionId().slice(2)}`, sponsors: [], alternatives: [] }
        brackets.push(openBracket)
      }
      if (text.includes(']')) {
        lastBracket = openBracket
        openBracket = null
      }
      return
    }
    if (our === 'sponsors') {
      if (lastBracket) {
        const [sponsors = '', ...alternatives] = text.split(';').map((s) => s.trim())
        lastBracket.sponsors = sponsors.split(',').map((s) => s.trim()).filter((s) => /^[A-Z][A-Z0-9-]{1,15}$/u.test(s))
        lastBracket.alternatives = alternatives.map((a) => /«(.*)»/su.exec(a)?.[1] ?? a).filter(Boolean)
      }
      return
    }
    const references: JSONContent[] = []
    for (const c of children(run)) {
      if (c.localName === 'footnoteReference' || c.localName === 'endnoteReference') {
        const text = notes[c.localName].get(attr(c, 'id') ?? '')
        if (text === undefined) lost.add('footnotes')
        else references.push({ type: FOOTNOTE, attrs: { text } })
      } else if (c.localName === 'drawing' || c.localName === 'pict' || c.localName === 'object') lost.add('images')
    }
    const vertAlign = attr(child(rPr, 'vertAlign'), 'val')
    if (text && (vertAlign === 'superscript' || vertAlign === 'subscript')) lost.add('superscript')
    const marks: JSONContent['marks'] = []
    if (toggle(child(rPr, 'b'))) marks.push({ type: 'bold' })
    if (toggle(child(rPr, 'i'))) marks.push({ type: 'italic' })
    const u = child(rPr, 'u')
    if (u && attr(u, 'val') !== 'none') marks.push({ type: 'underline' })
    if (toggle(child(rPr, 'strike')) || toggle(child(rPr, 'dstrike'))) marks.push({ type: 'strike' })
    const formatChange = formatChangeOf(rPr)
    if (formatChange) marks.push(formatChange)
    if (ctx.insertion) marks.push(suggestionMark('insertion', ctx.insertion))
    if (ctx.deletion) marks.push(suggestionMark('deletion', ctx.deletion))
    if (openBracket) marks.push({ type: 'bracket', attrs: { bracketId: openBracket.id } })
    if (ctx.link) marks.push({ type: LINK, attrs: { href: ctx.link } })
    for (const c of children(run)) {
      if (c.localName === 'br' || c.localName === 'cr') {
        const type = attr(c, 'type')
        if (type !== 'page' && type !== 'column') out.push({ type: 'hardBreak' })
      }
    }
    if (text) {
      out.push({ type: 'text', text, ...(marks.length ? { marks } : {}) })
      textCount += 1
    }
    out.push(...references)
  }

  interface Entry {
    block: JSONContent
    list: ListLevel[]
    quote: boolean
  }
  let entries: Entry[] = []

  const styleChain = (id: string | null): StyleInfo[] => {
    const chain: StyleInfo[] = []
    for (let s = id ? styles.get(id) : undefined; s && chain.length < 10; s = s.basedOn ? styles.get(s.basedOn) : undefined) chain.push(s)
    return chain
  }

  const restarted = new Set<string>()
  let pendingBreak: ({ op: string } & ReturnType<typeof attribution>) | null = null
  const startsBefore: string[] = []
  const paragraphOf = (p: XmlElement): void => {
    const pPr = child(p, 'pPr')
    const styleId = attr(child(pPr, 'pStyle'), 'val')
    if (ourStyle(styleId) === 'status') return
    const chain = styleChain(styleId)
    const name = chain[0]?.name ?? ''
    const incomingBreak = pendingBreak
    const breakId = defaultSuggestionId()
    // Text inserted by the same person at the same time as the new paragraph is the same suggestion.
    if (incomingBreak?.op === 'split') lastSuggestion = { key: 'break', id: breakId, author: incomingBreak.author, date: incomingBreak.at, textSince: textCount }
    const content: JSONContent[] = startsBefore.splice(0).map((key) => commentMarker(key, 'start'))
    inlineOf(p, { insertion: null, deletion: null, link: null }, content)

    const headingMatch = /^heading (\d)$/u.exec(name) ?? (styleId ? /^Heading(\d)$/u.exec(styleId) : null)
    const isTitle = name === 'title'
    const quote = chain.some((s) => s.name === 'quote' || s.name === 'intense quote')
    const own = ourStyle(styleId)
    let kind: string | null = own === 'preamble' ? 'preamble' : own === 'operative' ? 'operative' : null
    // Our own exports number paragraphs by style; typed numbers are read only in others' files.
    if (!fromConsenso) kind ??= stripTypedNumber(content)

    const numPr = child(pPr, 'numPr')
    let numbering = numPr ? { numId: attr(child(numPr, 'numId'), 'val') ?? '0', ilvl: Number(attr(child(numPr, 'ilvl'), 'val') ?? 0) } : (chain.find((s) => s.numbering)?.numbering ?? null)
    if (numbering && numbering.numId === '0') numbering = null
    const list: Entry['list'] = []
    const numberedKind = numbering ? listFormats.get(numbering.numId)?.get(numbering.ilvl) : undefined
    if (numberedKind?.startsWith('kind:')) {
      kind ??= numberedKind === 'kind:PP' ? 'preamble' : 'operative'
      numbering = null
    }
    if (numbering && !headingMatch && !isTitle) {
      const formats = listFormats.get(numbering.numId)
      const depth = Math.max(0, Math.min(8, Number.isFinite(numbering.ilvl) ? numbering.ilvl : 0))
      for (let level = 0; level <= depth; level++) {
        const format = formats?.get(level) ?? 'decimal'
        const own = `${numbering.numId}:${level}`
        const key = `${abstractOfNum.get(numbering.numId) ?? numbering.numId}:${level}`
        // The first paragraph of an instance that overrides this level's start begins a new list.
        const restart = level === depth && overridden.has(own) && !restarted.has(own)
        if (restart) restarted.add(own)
        list.push({ ordered: format !== 'bullet', key, start: listStarts.get(own) ?? 1, type: LIST_TYPES[format] ?? null, restart })
      }
    } else if (!numbering && /^list (bullet|number)/u.test(name)) {
      list.push({ ordered: name.startsWith('list number'), key: name, start: 1, type: null, restart: false })
    }

    // A suggested paragraph mark is the break after this paragraph: it belongs to the next block.
    const markProps = child(pPr, 'rPr')
    const markChange = child(markProps, 'ins') ?? child(markProps, 'del')
    pendingBreak = markChange ? { op: markChange.localName === 'ins' ? 'split' : 'join', ...attribution(markChange) } : null
    const styleChange = child(pPr, 'pPrChange')

    let block: JSONContent
    if ((headingMatch || isTitle) && !kind) {
      const level = Math.min(3, Math.max(1, headingMatch ? Number(headingMatch[1]) : 1))
      block = { type: 'heading', attrs: { level }, content }
    } else {
      block = { type: 'paragraph', attrs: kind ? { kind } : {}, content }
    }
    const suggestionAttrs = (who: ReturnType<typeof attribution>, id: string) => ({ id, authorId: who.authorId, authorName: who.authorName, delegation: who.delegation, at: who.at })
    if (incomingBreak) {
      const { op, ...who } = incomingBreak
      block.attrs = { ...block.attrs, breakChange: encodeBlockAttr({ ...suggestionAttrs(who, breakId), op: op as 'split' | 'join' }) }
    }
    if (styleChange) {
      const previousStyle = attr(child(child(styleChange, 'pPr'), 'pStyle'), 'val')
      const previousHeading = previousStyle ? /^Heading(\d)$/u.exec(previousStyle) : null
      const previous = previousHeading
        ? { type: 'heading', attrs: { level: Math.min(3, Number(previousHeading[1])) } }
        : { type: 'paragraph', attrs: { kind: ourStyle(previousStyle) === 'preamble' ? 'preamble' : ourStyle(previousStyle) === 'operative' ? 'operative' : null } }
      const current = block.type === 'heading' ? { level: block.attrs?.level } : { kind: block.attrs?.kind ?? null }
      if (previous.type !== block.type || JSON.stringify(previous.attrs) !== JSON.stringify(current)) {
        block.attrs = { ...block.attrs, blockChange: encodeBlockAttr({ ...suggestionAttrs(attribution(styleChange), defaultSuggestionId()), previous }) }
      }
    }
    entries.push({ block, list, quote })
  }

  const blockOf = (el: XmlElement): void => {
    for (const node of children(el)) {
      if (node.localName === 'commentRangeStart' || node.localName === 'commentRangeEnd') {
        // Word may open or close a comment between paragraphs: it then belongs to the next or the last one.
        const key = threadOfComment.get(attr(node, 'id') ?? '')
        if (key === undefined || key !== attr(node, 'id')) continue
        if (node.localName === 'commentRangeStart') startsBefore.push(key)
        else entries.at(-1)?.block.content?.push(commentMarker(key, 'end'))
        continue
      }
      if (node.localName === 'p') paragraphOf(node)
      else if (node.localName === 'tbl') tableOf(node)
      else if (node.localName === 'sdt' || node.localName === 'sdtContent' || node.localName === 'customXml') blockOf(node)
    }
  }

  /** A Word table ([CONV-131]): header rows (`w:tblHeader`), merged cells (`w:gridSpan`, `w:vMerge`), each cell's paragraphs. */
  const tableOf = (tbl: XmlElement): void => {
    const rows: RawCell[][] = []
    const within = (el: XmlElement, name: string): XmlElement[] =>
      children(el).flatMap((c) => (c.localName === name ? [c] : c.localName === 'sdt' || c.localName === 'sdtContent' || c.localName === 'customXml' ? within(c, name) : []))
    for (const tr of within(tbl, 'tr')) {
      const trPr = child(tr, 'trPr')
      const header = toggle(child(trPr, 'tblHeader'))
      const cells: RawCell[] = []
      const before = Number(attr(child(trPr, 'gridBefore'), 'val') ?? 0)
      if (Number.isInteger(before) && before > 0) cells.push({ header: false, colspan: before, merge: null, paragraphs: [] })
      for (const tc of within(tr, 'tc')) {
        const tcPr = child(tc, 'tcPr')
        const vMerge = child(tcPr, 'vMerge')
        const saved = entries
        entries = []
        blockOf(tc)
        const inner = assemble(entries)
        entries = saved
        const paragraphs: JSONContent[] = []
        const flattened = cellParagraphs(inner, paragraphs)
        if (flattened) lost.add('tables', flattened)
        cells.push({ header, colspan: Number(attr(child(tcPr, 'gridSpan'), 'val') ?? 1), merge: vMerge ? (attr(vMerge, 'val') === 'restart' ? 'restart' : 'continue') : null, paragraphs })
      }
      rows.push(cells)
    }
    const table = tableFromRows(rows)
    if (table) entries.push({ block: table, list: [], quote: false })
  }
  // Slice by slice: what crosses slices (open comments, brackets, a suggested break) lives here, not in the DOM.
  for (const body of bodySlices(parts.document!, 'document')) blockOf(body)

  // Our own exports carry their kinds in styles; a file from elsewhere may number its OPs as a Word list.
  const blocks = fromConsenso ? assemble(entries) : operativeParagraphsFromLists(assemble(entries))
  let title = firstHeadingText(blocks)
  if (!title && parts.core) title = all(parseXml(parts.core, 'core'), 'title')[0]?.textContent ?? ''
  return finishDraft(blocks, { title: title || options.fallbackTitle || 'Draft', threads, brackets, repliesBySameRange: !parts.commentsExtended, lost: lost.list() })
}

function validDate(value: string | null, fallback: string): string {
  if (!value) return fallback
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? fallback : date.toISOString()
}

/** Word's number formats as the ordered list's `type` (HTML's `<ol type>`); decimal is the default. */
const LIST_TYPES: Record<string, string> = { lowerLetter: 'a', upperLetter: 'A', lowerRoman: 'i', upperRoman: 'I' }

/** One level of a paragraph's list path: which list, ordered or not, its first number and type. */
interface ListLevel {
  ordered: boolean
  key: string
  start: number
  type: string | null
  /** This paragraph starts its list again at `start` (an instance's start override). */
  restart: boolean
}

/**
 * Flat paragraphs with their list path and quote flag → nested lists and block quotes. A list
 * that Word continues after other paragraphs ("4. Bop") starts where it left off ([CONV-18]):
 * items are counted per list and level, and a deeper level restarts when a shallower one advances.
 */
function assemble(entries: Array<{ block: JSONContent; list: ListLevel[]; quote: boolean }>): JSONContent[] {
  const counted = new Map<string, number>()
  const top: JSONContent[] = []
  // Open lists, outermost first: each with the node and its last item.
  let open: Array<{ key: string; node: JSONContent; item: JSONContent | null }> = []
  let quote: JSONContent | null = null
  for (const entry of entries) {
    const target = (): JSONContent[] => {
      if (entry.quote) {
        if (!quote) {
          quote = { type: 'blockquote', content: [] }
          top.push(quote)
        }
        return quote.content!
      }
      quote = null
      return top
    }
    if (!entry.list.length) {
      open = []
      target().push(entry.block)
      continue
    }
    // Keep the open lists this paragraph continues; close the rest.
    let keep = 0
    while (keep < open.length && keep < entry.list.length - 1 && open[keep]!.key === entry.list[keep]!.key) keep++
    if (keep === entry.list.length - 1 && open[keep]?.key === entry.list[keep]!.key) keep++
    if (entry.list.at(-1)!.restart) keep = Math.min(keep, entry.list.length - 1)
    open = open.slice(0, keep)
    if (!open.length) quote = entry.quote ? quote : null
    for (let level = open.length; level < entry.list.length; level++) {
      const spec = entry.list[level]!
      const start = counted.has(spec.key) && !spec.restart ? counted.get(spec.key)! + 1 : spec.start
      const attrs = spec.ordered && (start !== 1 || spec.type) ? { ...(start !== 1 ? { start } : {}), ...(spec.type ? { type: spec.type } : {}) } : undefined
      const node: JSONContent = { type: spec.ordered ? 'orderedList' : 'bulletList', ...(attrs ? { attrs } : {}), content: [] }
      if (level === 0) target().push(node)
      else {
        const parent = open[level - 1]!
        if (!parent.item) {
          parent.item = { type: 'listItem', content: [{ type: 'paragraph' }] }
          parent.node.content!.push(parent.item)
        }
        parent.item.content!.push(node)
      }
      open.push({ key: spec.key, node, item: null })
    }
    const deepest = open.at(-1)!
    // A list item starts with a paragraph in this schema.
    const first = entry.block.type === 'paragraph' ? entry.block : { type: 'paragraph', content: entry.block.content }
    deepest.item = { type: 'listItem', content: [first] }
    deepest.node.content!.push(deepest.item)
    const spec = entry.list.at(-1)!
    counted.set(spec.key, (spec.restart ? spec.start - 1 : (counted.get(spec.key) ?? spec.start - 1)) + 1)
    // Word restarts the deeper levels of a list when a shallower item comes.
    const [numId] = spec.key.split(':')
    for (let level = entry.list.length; level < 9; level++) counted.delete(`${numId}:${level}`)
  }
  return top
}
