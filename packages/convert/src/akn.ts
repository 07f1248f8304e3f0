/**
 * Akoma Ntoso 3.0: `<statement name="declaration">` with the title in the preface, preambular
 * paragraphs as `<recital>`s in the `<preamble>` and everything else in the `<mainBody>`
 * (operative paragraphs as numbered `<paragraph>`s). eIds come from block ids. In the review
 * view suggestions are `<ins>`/`<del>`, brackets `<inline name="bracket">` referring to their
 * sponsors (TLCOrganization entries), comments are `<note>`s with `<noteRef>`s, and paragraph
 * consensus sits in a `<proprietary>` block in Consenso's own namespace.
 */
import { authorLabel, type ExportInput, type ExportResult } from './model.ts'
import { bracketSegments, buildIR, inlineAlternatives, listMarker, liveComments, textBlocks, type Block, type Inline } from './ir.ts'

export const AKN_NS = 'http://docs.oasis-open.org/legaldocml/ns/akn/3.0'
export const CONSENSO_NS = 'https://consenso.example/ns/review/1.0'

// XML 1.0 cannot carry most control characters at all, not even escaped.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/gu
const esc = (text: string): string =>
  text.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;').replace(/"/gu, '&quot;').replace(CONTROL, '')

/** An eId: no white space, and (for tools that take it as an NCName) starting with a letter. */
const eid = (prefix: string, id: string) => `${prefix}_${id.replace(/[^A-Za-z0-9_.-]/gu, '-')}`
const tlc = (code: string) => `org_${code.toLowerCase().replace(/[^a-z0-9]/gu, '-')}`

const ISO639_2: Record<string, string> = { es: 'spa', en: 'eng' }

export async function exportAkn(input: ExportInput): Promise<ExportResult> {
  return { data: new TextEncoder().encode(aknOf(input)), contentType: 'application/akn+xml; charset=utf-8', extension: 'xml' }
}

export function aknOf(input: ExportInput): string {
  const ir = buildIR(input)
  const used = new Set<string>()
  const eIds = new Map<string, string>()
  const unique = (id: string, blockId?: string) => {
    let candidate = id
    for (let n = 2; used.has(candidate); n++) candidate = `${id}_${n}`
    used.add(candidate)
    if (blockId) eIds.set(blockId, candidate)
    return candidate
  }
  const delegations = new Set<string>()
  const noteIds = new Map(ir.threads.map((t, i) => [t.id, `note_${i + 1}`]))

  const inlines = (list: Inline[]): string => {
    let xml = ''
    for (const segment of bracketSegments(list)) {
      const record = segment.bracket ? input.brackets[segment.bracket] : undefined
      if (segment.bracket) {
        const sponsors = ir.review ? (record?.sponsors ?? []) : []
        sponsors.forEach((s) => delegations.add(s))
        xml += `<inline name="bracket" eId="${unique(eid('bracket', segment.bracket))}"${sponsors.length ? ` refersTo="${sponsors.map((s) => `#${tlc(s)}`).join(' ')}"` : ''}>`
      }
      for (const inline of segment.inlines) {
        if (inline.kind === 'break') xml += '<br/>'
        else if (inline.kind === 'footnote') xml += `<authorialNote marker="${inline.number}" placement="bottom" eId="${unique(`fnote_${inline.number}`)}"><p>${esc(inline.text)}</p></authorialNote>`
        else if (inline.kind === 'commentStart') continue
        else if (inline.kind === 'commentEnd') xml += `<noteRef href="#${noteIds.get(inline.threadId)}" marker="${noteIds.get(inline.threadId)!.slice(5)}" placement="side"/>`
        else {
          let text = esc(inline.text)
          if (inline.italic) text = `<i>${text}</i>`
          if (inline.bold) text = `<b>${text}</b>`
          if (inline.underline) text = `<u>${text}</u>`
          if (inline.strike) text = `<span class="strike">${text}</span>`
          if (inline.link) text = `<a href="${esc(inline.link)}">${text}</a>`
          const s = ir.review ? (inline.deletion ? (['del', inline.deletion] as const) : inline.insertion ? (['ins', inline.insertion] as const) : null) : null
          if (s) {
            delegations.add(s[1].delegation)
            text = `<${s[0]} class="suggestion" title="${esc(`${authorLabel({ delegation: s[1].delegation, name: s[1].authorName })} ${s[1].at}`)}"${s[1].delegation ? ` refersTo="#${tlc(s[1].delegation)}"` : ''}>${text}</${s[0]}>`
          }
          xml += text
        }
      }
      if (segment.bracket) {
        for (const alternative of inlineAlternatives(input, ir, segment.bracket)) xml += ` / <inline name="alternative">${esc(alternative)}</inline>`
        xml += '</inline>'
      }
    }
    return xml
  }

  const p = (block: Extract<Block, { type: 'heading' | 'paragraph' }>, extra = '') => `<p${extra}>${inlines(block.inlines)}</p>`

  // Inside a list or a quote only blocks may stand, not <paragraph>: a numbered paragraph there
  // (UN operative paragraphs in a numbered list) is a <p> whose number is an <inline name="num">.
  const body = (list: Block[], nested = false): string[] =>
    list.map((block) => {
      if (block.type === 'heading') return p(block, ` class="heading${block.level}"${block.id ? ` eId="${unique(eid('hdg', block.id))}"` : ''}`)
      if (block.type === 'paragraph') {
        if (nested && block.kind && block.label && block.id) {
          return `<p eId="${unique(eid('para', block.id), block.id)}" class="${block.kind}"><inline name="num">${block.label}</inline> ${inlines(block.inlines)}</p>`
        }
        if (block.kind === 'operative' && block.label && block.id) {
          return `<paragraph eId="${unique(eid('para', block.id), block.id)}"><num>${block.label}</num><content>${p(block)}</content></paragraph>`
        }
        return p(block, block.id ? ` eId="${unique(eid('p', block.id), block.id)}"` : '')
      }
      if (block.type === 'list') {
        const tag = block.ordered ? 'ol' : 'ul'
        // Each item carries its printed number ("2.", "(b)"), which <ol> alone cannot say.
        const items = block.items.map((item, i) => `<li${block.ordered ? ` value="${esc(listMarker(block.listType, block.start + i))}"` : ''}>${body(item, true).join('')}</li>`)
        return `<${tag}${block.id ? ` eId="${unique(eid('list', block.id))}"` : ''}>${items.join('')}</${tag}>`
      }
      if (block.type === 'table') {
        // Akoma Ntoso's table is HTML's: <tr>, <th>/<td> with colspan and rowspan, blocks in the cells.
        const rows = block.rows.map((row) => `<tr>${row.map((cell) => {
          const tag = cell.header ? 'th' : 'td'
          return `<${tag}${cell.colspan > 1 ? ` colspan="${cell.colspan}"` : ''}${cell.rowspan > 1 ? ` rowspan="${cell.rowspan}"` : ''}>${body(cell.blocks, true).join('')}</${tag}>`
        }).join('')}</tr>`)
        return `<table${block.id ? ` eId="${unique(eid('table', block.id))}"` : ''}>${rows.join('')}</table>`
      }
      return `<blockContainer class="quote"${block.id ? ` eId="${unique(eid('quote', block.id))}"` : ''}>${body(block.blocks, true).join('')}</blockContainer>`
    })

  // The title (first heading) opens the preface. The preamble runs to the last preambular
  // paragraph before the first operative one, whatever stands between them: headings
  // ("Preámbulo", as our declaration template has), words that introduce it ("Las
  // delegaciones…"). Each run of preambular paragraphs is a <recitals> with their numbers.
  const blocks = [...ir.blocks]
  const titleBlock = blocks[0]?.type === 'heading' ? blocks.shift() : undefined
  const isRecital = (block: Block | undefined): block is Extract<Block, { type: 'paragraph' }> =>
    block?.type === 'paragraph' && block.kind === 'preamble' && !!block.label && !!block.id
  const firstOperative = blocks.findIndex((b) => b.type === 'paragraph' && b.kind === 'operative')
  const lastRecital = blocks.findLastIndex((b, i) => isRecital(b) && (firstOperative < 0 || i < firstOperative))
  const preamble: string[] = []
  let recitals: string[] = []
  const closeRecitals = () => {
    if (recitals.length) preamble.push(`<recitals>${recitals.join('\n')}</recitals>`)
    recitals = []
  }
  for (const block of blocks.splice(0, lastRecital + 1)) {
    if (isRecital(block)) recitals.push(`<recital eId="${unique(eid('recital', block.id!), block.id!)}"><num>${block.label}</num>${p(block)}</recital>`)
    else {
      closeRecitals()
      preamble.push(...body([block]))
    }
  }
  closeRecitals()
  const main = body(blocks)
  if (!main.length) main.push('<p/>')

  const date = input.meta.date.slice(0, 10)
  const lang = ISO639_2[input.meta.language] ?? 'spa'
  const work = `/akn/int/statement/declaration/${date}/${input.meta.documentId ?? 'draft'}`
  const expression = `${work}/${lang}@${date}`
  const frbr = (uri: string, kind: string, extra = '') =>
    `<FRBR${kind}><FRBRthis value="${esc(uri)}/!main"/><FRBRuri value="${esc(uri)}"/><FRBRdate date="${date}" name="${kind === 'Work' ? 'draft' : 'export'}"/><FRBRauthor href="#consenso"/>${extra}</FRBR${kind}>`

  const status = ir.review
    ? ir.blocks
        .flatMap((b) => textBlocks([b]))
        .flatMap((b) => (b.type === 'paragraph' && b.info && b.id ? [{ block: b, info: b.info }] : []))
        .map(
          ({ block, info }) =>
            `<cs:paragraph ref="#${eIds.get(block.id!) ?? ''}" number="${info.label}" status="${info.status}" openBrackets="${info.openBrackets}">${info.positions
              .map(({ delegation, position }) => `<cs:position delegation="${esc(delegation)}" stance="${position?.stance ?? 'none'}"${position ? ` by="${esc(authorLabel(position.by))}" at="${esc(position.at)}"` : ''}>${esc(position?.text ?? '')}</cs:position>`)
              .join('')}</cs:paragraph>`,
        )
        .join('')
    : ''
  const bracketRecords = ir.review
    ? ir.brackets.map((b) => `<cs:bracket ref="#${eid('bracket', b.id)}" status="${b.status}" sponsors="${esc(b.sponsors.join(' '))}">${b.alternatives.map((a) => `<cs:alternative>${esc(a)}</cs:alternative>`).join('')}</cs:bracket>`).join('')
    : ''
  for (const party of input.parties) if (ir.review) delegations.add(party)
  delegations.delete('')
  const references = [
    `<TLCOrganization eId="consenso" href="/ontology/organization/consenso" showAs="Consenso"/>`,
    ...[...delegations].sort().map((code) => `<TLCOrganization eId="${tlc(code)}" href="/ontology/organization/${esc(code.toLowerCase())}" showAs="${esc(input.delegationNames[code] ?? code)}"/>`),
  ]
  const notes = ir.threads.length
    ? `<notes source="#consenso">${ir.threads
        .map((t) => {
          const comments = liveComments(t)
          return `<note eId="${noteIds.get(t.id)}" class="comment ${t.status}">${comments
            .map((c) => `<p><b>${esc(authorLabel(c.author))}</b> <i>${esc(c.createdAt)}</i>: ${esc(c.text)}</p>`)
            .join('')}</note>`
        })
        .join('')}</notes>`
    : ''

  return `<?xml version="1.0" encoding="UTF-8"?>
<akomaNtoso xmlns="${AKN_NS}">
<statement name="declaration">
<meta>
<identification source="#consenso">${frbr(work, 'Work', '<FRBRcountry value="int"/>')}${frbr(expression, 'Expression', `<FRBRlanguage language="${lang}"/>`)}${frbr(`${expression}/main.xml`, 'Manifestation')}</identification>
<references source="#consenso">${references.join('')}</references>
${notes}
<proprietary source="#consenso"><cs:review xmlns:cs="${CONSENSO_NS}" view="${input.view}" title="${esc(input.meta.title)}" version="${esc(input.meta.versionName ?? '')}" date="${esc(input.meta.date)}" parties="${esc(input.parties.join(' '))}">${status}${bracketRecords}</cs:review></proprietary>
</meta>
<preface><longTitle>${titleBlock && titleBlock.type === 'heading' ? `<p${titleBlock.id ? ` eId="${unique(eid('title', titleBlock.id))}"` : ''}><docTitle>${inlines(titleBlock.inlines)}</docTitle></p>` : `<p><docTitle>${esc(input.meta.title)}</docTitle></p>`}</longTitle></preface>
${preamble.length ? `<preamble>${preamble.join('\n')}</preamble>` : ''}
<mainBody>
${main.join('\n')}
</mainBody>
</statement>
</akomaNtoso>
`
}
