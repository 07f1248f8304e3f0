/**
 * The .docx package as the importer reads it: the parts found through their relationships and
 * inflated under one cap ([CONV-13]), nesting checked before parsing ([CONV-14]), the main
 * part's body parsed in slices so a long document never becomes one DOM, and the few DOM
 * helpers the importer uses (@xmldom/xmldom; any XML error stops the import).
 */
import { DOMParser, type Element as XmlElement, type Document as XmlDocument } from '@xmldom/xmldom'
import { ConvertError, DOCX_MAX_UNZIPPED_BYTES, IMPORT_MAX_BYTES } from './model.ts'
import { openZip } from './unzip.ts'

/** The parts read besides the main one, by the relationship type that names them in its `_rels`. */
const RELATED = ['styles', 'numbering', 'comments', 'commentsExtended', 'footnotes', 'endnotes'] as const
type PartName = 'document' | (typeof RELATED)[number] | 'core'
export type Parts = Partial<Record<PartName, string>> & {
  /** The main part's outside links: relationship id → target (`w:hyperlink r:id`). */
  hyperlinks?: Map<string, string>
}
/** Where Word puts each part; used when a file's relationships do not say. */
const USUAL: Record<PartName, string> = {
  document: 'word/document.xml',
  styles: 'word/styles.xml',
  numbering: 'word/numbering.xml',
  comments: 'word/comments.xml',
  commentsExtended: 'word/commentsExtended.xml',
  footnotes: 'word/footnotes.xml',
  endnotes: 'word/endnotes.xml',
  core: 'docProps/core.xml',
}
const TOO_LARGE = 'The document expands to more text than a draft may hold.'
/** Deepest element nesting read ([CONV-14]); Word's own documents stay under 30. */
export const DOCX_MAX_DEPTH = 200

/** A relationship target as a zip entry name: relative to the folder of the part that names it. */
function resolveTarget(base: string, target: string): string {
  const segments = (target.startsWith('/') ? target.slice(1) : base + target).split('/')
  const out: string[] = []
  for (const segment of segments) {
    if (segment === '..') out.pop()
    else if (segment && segment !== '.') out.push(segment)
  }
  return out.join('/')
}

/** Relationship type (its last path segment) → target, from a `.rels` part. */
function relationships(text: string | undefined, base: string): Map<string, string> {
  const found = new Map<string, string>()
  if (!text) return found
  for (const rel of all(parseXml(text, 'relationships'), 'Relationship')) {
    const type = (attr(rel, 'Type') ?? '').split('/').at(-1) ?? ''
    const target = attr(rel, 'Target')
    if (type && target && attr(rel, 'TargetMode') !== 'External' && !found.has(type)) found.set(type, resolveTarget(base, target))
  }
  return found
}

/** Relationship id → target of the outside links (type `hyperlink`, mode External) in a `.rels` part. */
function hyperlinkTargets(text: string | undefined): Map<string, string> {
  const found = new Map<string, string>()
  if (!text) return found
  for (const rel of all(parseXml(text, 'relationships'), 'Relationship')) {
    const id = attr(rel, 'Id')
    const target = attr(rel, 'Target')
    if (id && target && attr(rel, 'TargetMode') === 'External' && (attr(rel, 'Type') ?? '').endsWith('/hyperlink')) found.set(id, target)
  }
  return found
}

/**
 * The parts the importer reads, found as Word finds them: the main part through the package's
 * `_rels/.rels` (any name is allowed), the others through the main part's own relationships,
 * with Word's usual names as the fallback. Only these entries are inflated, under one cap.
 */
export function unzip(data: Uint8Array): Parts {
  if (data.byteLength > IMPORT_MAX_BYTES) throw new ConvertError('too_large', `The file is larger than ${IMPORT_MAX_BYTES / 1024 / 1024} MB.`)
  const zip = openZip(data, DOCX_MAX_UNZIPPED_BYTES, TOO_LARGE)
  const decoder = new TextDecoder('utf-8', { fatal: true })
  const text = (name: string, bytes: Uint8Array | undefined): string | undefined => {
    if (!bytes) return undefined
    try {
      return decoder.decode(bytes)
    } catch {
      throw new ConvertError('corrupt', `Part ${name} of the document is not valid UTF-8 text.`)
    }
  }
  const readOne = (name: string) => text(name, zip.read([name]).get(name))
  const packageRels = relationships(readOne('_rels/.rels'), '')
  const main = packageRels.get('officeDocument') ?? USUAL.document
  const parts: Parts = { document: readOne(main) }
  if (parts.document === undefined) throw new ConvertError('corrupt', `The file is not a Word document (.docx): it has no ${main}.`)
  const folder = main.includes('/') ? main.slice(0, main.lastIndexOf('/') + 1) : ''
  const mainRelsText = readOne(`${folder}_rels/${main.slice(folder.length)}.rels`)
  const mainRels = relationships(mainRelsText, folder)
  parts.hyperlinks = hyperlinkTargets(mainRelsText)
  for (const name of RELATED) {
    const entry = mainRels.get(name) ?? USUAL[name]
    parts[name] = readOne(entry)
  }
  parts.core = readOne(packageRels.get('core-properties') ?? USUAL.core)
  return parts
}

type TagVisitor = (event: 'start' | 'end', depth: number, from: number, to: number) => void

/**
 * One linear pass over a part's tags that refuses it past DOCX_MAX_DEPTH levels before any
 * parser or walk of ours recurses into it: 100,000 nested content controls or 3,000 nested
 * tables are a 422 with this reason, not a stack overflow. `visit` sees each start tag (the
 * depth it opens) and end tag (the depth it returns to), with the tag's span in `text`.
 */
export function checkDepth(text: string, name: string, visit?: TagVisitor): void {
  let depth = 0
  let i = 0
  const n = text.length
  for (;;) {
    i = text.indexOf('<', i)
    if (i < 0) return
    const next = text.charCodeAt(i + 1)
    if (next === 47 /* / */) {
      const close = text.indexOf('>', i)
      if (close < 0) return
      depth--
      visit?.('end', depth, i, close + 1)
      i = close + 1
      continue
    }
    if (next === 63 /* ? */ || next === 33 /* ! */) {
      const close = text.startsWith('<!--', i) ? '-->' : text.startsWith('<![CDATA[', i) ? ']]>' : '>'
      const at = text.indexOf(close, i + 2)
      if (at < 0) return
      i = at + close.length
      continue
    }
    let j = i + 1
    let quote = 0
    for (; j < n; j++) {
      const ch = text.charCodeAt(j)
      if (quote) {
        if (ch === quote) quote = 0
      } else if (ch === 34 || ch === 39) quote = ch
      else if (ch === 62 /* > */) break
    }
    const selfClosing = text.charCodeAt(j - 1) === 47
    if (!selfClosing && depth + 1 > DOCX_MAX_DEPTH) {
      const tag = tagName(text, i)
      const what = /:(sdt|sdtContent)$/u.test(tag) ? 'content controls' : /:(tbl|tr|tc)$/u.test(tag) ? 'tables' : 'elements'
      throw new ConvertError('unsupported', `Part ${name} nests ${what} more than ${DOCX_MAX_DEPTH} levels deep (at <${tag}>); a draft cannot hold a structure this deep.`)
    }
    visit?.('start', depth + 1, i, j + 1)
    if (selfClosing) visit?.('end', depth, j + 1, j + 1)
    else depth++
    i = j + 1
  }
}

const tagName = (text: string, at: number): string => /^[^\s/>]+/u.exec(text.slice(at + 1, at + 80))?.[0] ?? '?'
const localName = (tag: string): string => tag.slice(tag.indexOf(':') + 1)

/** Body children parsed at once: a DOM costs some 50 times its XML, so a long body is read in slices. */
const SLICE_CHILDREN = 500

/**
 * The main part's body as a series of small XML documents, each the root and body start tags
 * (with their namespace declarations) around up to SLICE_CHILDREN of the body's children, in
 * order. Reading them one after another gives what reading the whole would, with the memory
 * of one slice: a 50,000-paragraph file needed over 500 MB as one DOM.
 */
export function bodySlices(text: string, name: string): Iterable<XmlElement> {
  if (/<!DOCTYPE/iu.test(text)) throw new ConvertError('unsupported', `Part ${name} declares a DTD, which Word documents never do.`)
  let rootOpen = ''
  let rootName = ''
  let bodyOpen = ''
  let bodyName = ''
  let inBody = false
  let childStart = -1
  let children = 0
  let sliceStart = -1
  let sliceEnd = -1
  const spans: Array<[number, number]> = []
  checkDepth(text, name, (event, depth, from, to) => {
    if (event === 'start') {
      if (depth === 1 && !rootOpen) {
        rootOpen = text.slice(from, to)
        rootName = tagName(text, from)
      } else if (depth === 2 && !bodyOpen && localName(tagName(text, from)) === 'body') {
        bodyOpen = text.slice(from, to)
        bodyName = tagName(text, from)
        if (bodyOpen.endsWith('/>')) bodyOpen = ''
        else inBody = true
      } else if (inBody && depth === 3) childStart = from
      return
    }
    if (inBody && depth === 2 && childStart >= 0) {
      if (sliceStart < 0) sliceStart = childStart
      sliceEnd = to
      childStart = -1
      if (++children % SLICE_CHILDREN === 0) {
        spans.push([sliceStart, sliceEnd])
        sliceStart = -1
      }
    } else if (inBody && depth === 1) {
      inBody = false
      if (sliceStart >= 0) spans.push([sliceStart, sliceEnd])
      sliceStart = -1
    }
  })
  if (!rootOpen || !bodyName) throw new ConvertError('corrupt', 'The Word document has no body.')
  if (inBody) throw new ConvertError('corrupt', `Part ${name} of the document is not well-formed XML.`)
  const close = `</${bodyName}></${rootName}>`
  return (function* () {
    for (const [from, to] of spans) {
      const body = all(parseXml(`${rootOpen}${bodyOpen}${text.slice(from, to)}${close}`, name), 'body')[0]
      if (body) yield body
    }
  })()
}

export function parseXml(text: string, name: string): XmlDocument {
  // No DTDs: nothing in a Word document needs one, and entity tricks start there.
  if (/<!DOCTYPE/iu.test(text)) throw new ConvertError('unsupported', `Part ${name} declares a DTD, which Word documents never do.`)
  checkDepth(text, name)
  try {
    return new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') throw new Error(message)
      },
    }).parseFromString(text, 'text/xml')
  } catch {
    throw new ConvertError('corrupt', `Part ${name} of the document is not well-formed XML.`)
  }
}

export const children = (el: XmlElement | null | undefined): XmlElement[] => {
  const out: XmlElement[] = []
  if (!el) return out
  for (let node = el.firstChild; node; node = node.nextSibling) if (node.nodeType === 1) out.push(node as XmlElement)
  return out
}
export const child = (el: XmlElement | null | undefined, name: string) => children(el).find((c) => c.localName === name)
export const attr = (el: XmlElement | null | undefined, name: string): string | null => {
  if (!el) return null
  for (let i = 0; i < el.attributes.length; i++) {
    const a = el.attributes.item(i)
    if (a && a.localName === name) return a.value
  }
  return null
}
export const all = (el: XmlElement | XmlDocument, name: string): XmlElement[] => {
  const found: XmlElement[] = []
  const list = el.getElementsByTagNameNS('*', name)
  for (let i = 0; i < list.length; i++) found.push(list.item(i)!)
  return found
}
/** `<w:b/>` and `<w:b w:val="true"/>` are on; `w:val="0"`/`false` is off. */
export const toggle = (el: XmlElement | undefined): boolean => {
  if (!el) return false
  const value = attr(el, 'val')
  return value === null || !['0', 'false', 'none'].includes(value)
}

