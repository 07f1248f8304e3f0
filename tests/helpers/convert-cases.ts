/**
 * Documents for the converter tests, written compactly, and the normal form two documents are
 * compared in after a round trip: block ids, author ids and the ids of suggestions and
 * brackets are not kept by Word, so they are replaced by their order of appearance.
 */
import type { JSONContent } from '@consenso/convert'
import { consensoSchema } from '@consenso/schema'
import type { Author, BracketRecord, ParagraphConsensus } from '@consenso/protocol'
import type { ExportInput, ExportThread, ImportedDraft } from '@consenso/convert'
import type { Random } from './random.ts'

export const AT = '2026-05-11T14:30:00.000Z'
export const PEOPLE = {
  ana: { id: 'u-ana', name: 'Ana Pérez', delegation: 'CHL' },
  carlos: { id: 'u-carlos', name: 'Carlos Méndez', delegation: 'PAN' },
  lucia: { id: 'u-lucia', name: 'Lucía Hernández', delegation: 'MEX' },
  tomas: { id: 'u-tomas', name: 'Tomás Herrera', delegation: 'ST-CSM' },
} satisfies Record<string, Author>

type Mark = NonNullable<JSONContent['marks']>[number]
export const bold: Mark = { type: 'bold' }
export const italic: Mark = { type: 'italic' }
export const underline: Mark = { type: 'underline' }
export const strike: Mark = { type: 'strike' }
const suggestion = (type: 'insertion' | 'deletion') => (id: string, who: Author, at = AT): Mark => ({
  type,
  attrs: { id, authorId: who.id, authorName: who.name, delegation: who.delegation, at },
})
export const ins = suggestion('insertion')
export const del = suggestion('deletion')
export const fmt = (id: string, who: Author, mark: string, action: 'add' | 'remove', at = AT): Mark => ({
  type: 'formatChange',
  attrs: { id, authorId: who.id, authorName: who.name, delegation: who.delegation, at, mark, action },
})
/** Block attributes of a suggested break before a block (split/join) or of a changed type, kind or level. */
export const breakBefore = (id: string, who: Author, op: 'split' | 'join', at = AT) => ({
  breakChange: JSON.stringify({ id, authorId: who.id, authorName: who.name, delegation: who.delegation, at, op }),
})
export const changedFrom = (id: string, who: Author, previous: { type: string; attrs: Record<string, unknown> }, at = AT) => ({
  blockChange: JSON.stringify({ id, authorId: who.id, authorName: who.name, delegation: who.delegation, at, previous }),
})
export const bracket = (id: string): Mark => ({ type: 'bracket', attrs: { bracketId: id } })
export const link = (href: string): Mark => ({ type: 'link', attrs: { href } })

export const t = (text: string, ...marks: Mark[]): JSONContent => ({ type: 'text', text, ...(marks.length ? { marks } : {}) })
export const br: JSONContent = { type: 'hardBreak' }
export const fn = (text: string): JSONContent => ({ type: 'footnote', attrs: { text } })
const inline = (content: Array<JSONContent | string>) => content.map((c) => (typeof c === 'string' ? t(c) : c))
export const h = (level: number, ...content: Array<JSONContent | string>): JSONContent => ({ type: 'heading', attrs: { level }, content: inline(content) })
export const p = (...content: Array<JSONContent | string>): JSONContent => ({ type: 'paragraph', content: inline(content) })
export const pp = (...content: Array<JSONContent | string>): JSONContent => ({ type: 'paragraph', attrs: { kind: 'preamble' }, content: inline(content) })
export const op = (...content: Array<JSONContent | string>): JSONContent => ({ type: 'paragraph', attrs: { kind: 'operative' }, content: inline(content) })
export const li = (...blocks: JSONContent[]): JSONContent => ({ type: 'listItem', content: blocks })
export const ul = (...items: JSONContent[]): JSONContent => ({ type: 'bulletList', content: items })
export const ol = (...items: JSONContent[]): JSONContent => ({ type: 'orderedList', content: items })
export const quote = (...blocks: JSONContent[]): JSONContent => ({ type: 'blockquote', content: blocks })
export const table = (...rows: JSONContent[]): JSONContent => ({ type: 'table', content: rows })
export const tr = (...cells: JSONContent[]): JSONContent => ({ type: 'tableRow', content: cells })
const cell = (type: string) => (content: JSONContent | JSONContent[] | string, span: { colspan?: number; rowspan?: number } = {}): JSONContent => ({
  type,
  attrs: { colspan: span.colspan ?? 1, rowspan: span.rowspan ?? 1 },
  content: typeof content === 'string' ? [p(content)] : Array.isArray(content) ? content : [content],
})
/** A header cell and a body cell: words, a paragraph or several, and what they span. */
export const th = cell('tableHeader')
export const td = cell('tableCell')

/** Gives every block an id, so consensus can refer to paragraphs. */
function withIds(doc: JSONContent): JSONContent {
  let n = 0
  const visit = (node: JSONContent): JSONContent => {
    const typed = ['heading', 'paragraph', 'bulletList', 'orderedList', 'listItem', 'blockquote'].includes(node.type ?? '')
    return { ...node, ...(typed ? { attrs: { ...node.attrs, id: `blk-${++n}` } } : {}), ...(node.content ? { content: node.content.map(visit) } : {}) }
  }
  return visit(doc)
}

export interface CaseThread {
  /** The anchored words: the first occurrence of this text inside one paragraph. */
  on: string
  status?: 'open' | 'resolved'
  comments: Array<{ by: Author; text: string; at?: string }>
}

export interface ConvertCase {
  name: string
  blocks: JSONContent[]
  threads?: CaseThread[]
  brackets?: Array<{ id: string; sponsors: string[]; alternatives?: string[]; status?: 'open' | 'resolved' }>
  parties?: string[]
  consensus?: Record<string, Partial<Record<string, 'agree' | 'agree_ad_ref' | 'reservation' | 'objection'>>>
}

export function findRange(doc: JSONContent, text: string): { from: number; to: number } {
  let found: { from: number; to: number } | null = null
  consensoSchema()
    .nodeFromJSON(doc)
    .descendants((node, pos) => {
      if (found || !node.isTextblock) return !found
      let offset = 0
      let flat = ''
      const starts: number[] = []
      node.forEach((child) => {
        starts.push(offset)
        flat += child.isText ? child.text : '\u0000'
        offset += child.nodeSize
      })
      const at = flat.indexOf(text)
      if (at >= 0) found = { from: pos + 1 + at, to: pos + 1 + at + text.length }
      return false
    })
  if (!found) throw new Error(`no text «${text}» in the case`)
  return found
}

/** The export input of a case, with its threads anchored and its review data filled in. */
export function caseInput(c: ConvertCase, view: 'clean' | 'review', language: 'es' | 'en' = 'es'): ExportInput {
  const doc = withIds({ type: 'doc', content: c.blocks })
  const threads: ExportThread[] = (c.threads ?? []).map((thread, i) => {
    const first = thread.comments[0]!
    return {
      id: `t${i + 1}`,
      anchor: null,
      range: findRange(doc, thread.on),
      quote: thread.on,
      suggestionId: null,
      status: thread.status ?? 'open',
      author: first.by,
      createdAt: first.at ?? AT,
      resolvedBy: null,
      resolvedAt: null,
      mentions: [],
      comments: thread.comments.map((comment, j) => ({ id: `c${i}-${j}`, author: comment.by, text: comment.text, createdAt: comment.at ?? AT, editedAt: null, deleted: false })),
    }
  })
  const brackets: Record<string, BracketRecord> = {}
  for (const b of c.brackets ?? []) {
    brackets[b.id] = { id: b.id, sponsors: b.sponsors, alternatives: b.alternatives ?? [], status: b.status ?? 'open', quote: '', paragraphId: null, createdBy: PEOPLE.ana, createdAt: AT, resolution: null }
  }
  const consensus: Record<string, ParagraphConsensus> = {}
  for (const [paragraphId, stances] of Object.entries(c.consensus ?? {})) {
    const positions = Object.fromEntries(
      Object.entries(stances).map(([delegation, stance]) => [delegation, { delegation, stance: stance!, text: stance === 'reservation' || stance === 'objection' ? 'Por consultar con la capital.' : null, by: PEOPLE.ana, at: AT }]),
    )
    consensus[paragraphId] = { paragraphId, positions, textHash: '', reopened: null, history: [] }
  }
  return {
    doc,
    view,
    meta: { title: 'Declaración conjunta CRM–CSM', versionName: view === 'review' ? 'Rev. 2' : null, date: AT, language, documentId: 'doc-test' },
    threads,
    brackets,
    consensus,
    parties: c.parties ?? [],
    delegationNames: { CHL: 'Chile', PAN: 'Panamá', MEX: 'México', 'ST-CSM': 'Secretaría Técnica de la CSM' },
  }
}

/** The normal form of a body: no block or author ids, suggestion and bracket ids by order of appearance. */
export function normalDoc(doc: JSONContent): JSONContent {
  const canonical = consensoSchema().nodeFromJSON(doc).toJSON() as JSONContent
  const ids = new Map<string, string>()
  const renumber = (kind: string, id: unknown) => {
    const key = `${kind}:${String(id)}`
    if (!ids.has(key)) ids.set(key, `${kind}${[...ids.keys()].filter((k) => k.startsWith(`${kind}:`)).length + 1}`)
    return ids.get(key)!
  }
  const visit = (node: JSONContent): JSONContent => {
    const out: JSONContent = { type: node.type }
    if (node.attrs) {
      const attrs = Object.fromEntries(
        Object.entries(node.attrs)
          .filter(([k, v]) => k !== 'id' && v !== null && !(k === 'start' && v === 1))
          .map(([k, v]) => {
            if (k !== 'breakChange' && k !== 'blockChange') return [k, v]
            const { id, authorId: _authorId, at, ...rest } = JSON.parse(String(v)) as Record<string, unknown>
            return [k, { ...rest, id: renumber('s', id), at: new Date(String(at)).toISOString() }]
          }),
      )
      if (Object.keys(attrs).length) out.attrs = attrs
    }
    if (node.text !== undefined) out.text = node.text
    if (node.marks?.length) {
      out.marks = node.marks.map((mark) => {
        if (mark.type === 'insertion' || mark.type === 'deletion') {
          const a = mark.attrs!
          return { type: mark.type, attrs: { id: renumber('s', a.id), authorName: a.authorName, delegation: a.delegation, at: new Date(String(a.at)).toISOString() } }
        }
        if (mark.type === 'formatChange') {
          const a = mark.attrs!
          return { type: mark.type, attrs: { id: renumber('s', a.id), authorName: a.authorName, delegation: a.delegation, at: new Date(String(a.at)).toISOString(), mark: a.mark, action: a.action } }
        }
        if (mark.type === 'bracket') return { type: 'bracket', attrs: { bracketId: renumber('b', mark.attrs!.bracketId) } }
        if (mark.type === 'link') return { type: 'link', attrs: { href: mark.attrs!.href } }
        return { type: mark.type }
      })
    }
    if (node.content?.length) out.content = node.content.map(visit)
    return out
  }
  return visit(canonical)
}

export interface NormalThread {
  quote: string
  status: string
  comments: Array<{ name: string; delegation: string; text: string; at: string }>
}

export function expectedThreads(input: ExportInput): NormalThread[] {
  return [...input.threads]
    .sort((a, b) => a.range!.from - b.range!.from)
    .map((thread) => ({
      quote: thread.quote,
      status: thread.status,
      comments: thread.comments.map((c) => ({ name: c.author.name, delegation: c.author.delegation, text: c.text, at: new Date(c.createdAt).toISOString() })),
    }))
}

export function importedThreads(draft: ImportedDraft): NormalThread[] {
  return [...draft.threads]
    .sort((a, b) => (a.range?.from ?? -1) - (b.range?.from ?? -1))
    .map((thread) => ({
      quote: thread.quote,
      status: thread.status,
      comments: thread.comments.map((c) => ({ name: c.author.name, delegation: c.author.delegation, text: c.text, at: new Date(c.createdAt).toISOString() })),
    }))
}

const WORDS = ['migración', 'cooperación', 'regional', 'países', 'protección', 'niñez', 'acción', 'diálogo', 'Conferencia', 'Sudamericana', 'más', 'también', 'según', 'sesión', 'información', 'gestión', 'acuerdo', 'insumos', 'buenas', 'prácticas', 'glosario', 'cronograma', '¿cuándo?', '¡urgente!', '«Pacto»', 'trabajo—digno']

/** A long declaration: many PP and OP paragraphs of seeded random words, some formatted. */
export function longCase(random: Random, paragraphs: number): ConvertCase {
  const sentence = () => {
    const words = Array.from({ length: 8 + random.int(40) }, () => random.pick(WORDS))
    const text = words.join(' ')
    return text.charAt(0).toUpperCase() + text.slice(1) + ';'
  }
  const blocks: JSONContent[] = [h(1, 'Declaración de Santiago sobre movilidad humana')]
  for (let i = 0; i < paragraphs; i++) {
    const make = i < paragraphs / 3 ? pp : op
    const lead = random.pick(['Reconociendo', 'Reafirmando', 'Acuerdan', 'Instan', 'Solicitan'])
    blocks.push(make(t(lead, italic), ` ${sentence()}`, ...(random.int(4) === 0 ? [t(' en especial', bold), ` ${sentence()}`] : [])))
  }
  return { name: `long text (${paragraphs} paragraphs)`, blocks }
}
