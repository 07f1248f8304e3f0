/**
 * Converters ([CONV-*] in packages/convert/SPEC.md): every case goes document → export →
 * import → the same document, for DOCX and Markdown, in both views; every DOCX is read back by
 * pandoc and its text and tracked changes compared; every Akoma Ntoso file is validated by
 * xmllint against the 3.0 schema; every PDF is read back by pdftotext.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { consensoSchema, numberJSON, resolveSuggestionsInDoc } from '@consenso/schema'
import {
  ConvertError,
  aknOf,
  exportDocx,
  exportPdf,
  htmlOf,
  importDocx,
  importMarkdown,
  markdownOf,
  type ExportInput,
  type ImportedDraft,
  type JSONContent,
} from '@consenso/convert'
import {
  AT,
  PEOPLE,
  bold,
  br,
  bracket,
  breakBefore,
  caseInput,
  changedFrom,
  fmt,
  del,
  expectedThreads,
  h,
  importedThreads,
  ins,
  italic,
  li,
  link,
  longCase,
  normalDoc,
  ol,
  op,
  p,
  pp,
  quote,
  strike,
  t,
  ul,
  underline,
  type ConvertCase,
} from '../helpers/convert-cases.ts'
import { seededRandom } from '../helpers/random.ts'
import { aknSchemaErrors, requireTool, tempFiles } from '../helpers/tools.ts'
import { pandocRead, squash, type Change } from '../helpers/pandoc.ts'

const hasPandoc = requireTool('pandoc', 'pandoc')
const hasXmllint = requireTool('xmllint', 'libxml2-utils')
const hasPdftotext = requireTool('pdftotext', 'poppler-utils')
const { folder: work, file: tempFile } = tempFiles('consenso-convert-')

const random = seededRandom('convert round trip')
const LATER = '2026-05-12T09:05:00.000Z'

const CASES: ConvertCase[] = [
  {
    name: 'formatting',
    blocks: [
      h(1, 'Declaración conjunta'),
      p(t('negrita', bold), ' y ', t('cursiva', italic), ', ', t('subrayado', underline), ', ', t('tachado', strike), ' y ', t('todo junto', bold, italic, underline)),
      p('Dentro de pala', t('bra', bold), 's y ', t('«comillas»', italic), ' con ', t('(paréntesis)', bold), '.'),
      p('Caracteres de Markdown: * _ [corchete] <etiqueta> # & ~ | ` y 1. al medio'),
      p('Línea uno', br, 'línea dos'),
      p(),
    ],
  },
  {
    name: 'headings, lists and quotes',
    blocks: [
      h(1, 'Acta de la reunión'),
      h(2, 'Acuerdos'),
      ul(li(p('Puntos focales')), li(p('Troikas'), ul(li(p('Chile')), li(p('Panamá')))), li(p('Secretarías Técnicas'))),
      h(3, 'Cronograma'),
      ol(li(p('Primera sesión')), li(p('Segunda ', t('sesión', bold)))),
      quote(p('Texto citado de la minuta.'), p('Segundo párrafo citado.')),
      p('Fin.'),
    ],
  },
  {
    name: 'PP/OP numbering',
    blocks: [
      h(1, 'Declaración'),
      p('Las delegaciones de la CRM y la CSM,'),
      pp(t('Reconociendo', italic), ' la contribución de los migrantes;'),
      pp(t('Reafirmando', italic), ' el compromiso regional;'),
      op(t('Acuerdan', italic), ' fortalecer el diálogo;'),
      op(t('Instan', italic), ' a los Estados a intercambiar información;'),
      p('PP7. no es un número: es texto escrito así.'),
    ],
    parties: ['CHL', 'PAN'],
    consensus: { 'blk-3': { CHL: 'agree', PAN: 'agree' }, 'blk-5': { CHL: 'agree_ad_ref', PAN: 'reservation' } },
  },
  {
    name: 'suggestions',
    blocks: [
      h(1, 'Propuestas'),
      pp('Reconociendo la migración ', t('segura, ', ins('s1', PEOPLE.ana)), 'ordenada', t(' e irregular', del('s2', PEOPLE.carlos, LATER)), ' y regular;'),
      op('Acuerdan ', t('promover', del('s3', PEOPLE.lucia)), t('fortalecer', ins('s3', PEOPLE.lucia)), ' la cooperación ', t('técnica', bold, ins('s4', PEOPLE.tomas, LATER)), '.'),
    ],
  },
  {
    name: 'format, break and paragraph-kind suggestions',
    blocks: [
      h(1, 'Propuestas de forma'),
      op('Acuerdan ', t('reforzar', bold, fmt('s1', PEOPLE.carlos, 'bold', 'add')), ' la cooperación ', t('técnica', fmt('s2', PEOPLE.ana, 'italic', 'remove', LATER)), '.'),
      { type: 'paragraph', attrs: { kind: 'operative', ...changedFrom('s3', PEOPLE.lucia, { type: 'paragraph', attrs: { kind: 'preamble' } }) }, content: [t('Reafirman el compromiso regional;')] },
      { type: 'paragraph', attrs: { ...breakBefore('s4', PEOPLE.tomas, 'split') }, content: [t('Párrafo nuevo propuesto.', ins('s4', PEOPLE.tomas))] },
      p('Texto que sigue'),
      { type: 'paragraph', attrs: { ...breakBefore('s5', PEOPLE.carlos, 'join', LATER) }, content: [t('y que se propone unir.')] },
      { type: 'heading', attrs: { level: 2, ...changedFrom('s6', PEOPLE.ana, { type: 'paragraph', attrs: { kind: null } }) }, content: [t('Anexo')] },
    ],
  },
  {
    name: 'comments',
    blocks: [h(1, 'Minuta'), pp('Reconociendo la labor de las Secretarías Técnicas;'), op('Acuerdan elaborar un glosario común de términos migratorios.')],
    threads: [
      { on: 'labor de las Secretarías', comments: [{ by: PEOPLE.carlos, text: '¿Incluimos a la OIM?' }, { by: PEOPLE.ana, text: 'Sí, como observadora.', at: LATER }] },
      { on: 'glosario común', status: 'resolved', comments: [{ by: PEOPLE.tomas, text: 'Propuesta de la ST-CSM.\nVer anexo.' }] },
      { on: 'común de términos', comments: [{ by: PEOPLE.lucia, text: 'Se superpone con el anterior.' }] },
    ],
  },
  {
    name: 'brackets',
    blocks: [
      h(1, 'Texto de compilación'),
      op('Instan a ', t('garantizar', bracket('b1')), ' el acceso a ', t('servicios ', bracket('b2')), t('básicos', bold, bracket('b2')), ';'),
      op('Solicitan ', t('a la brevedad', bracket('b3'), ins('s9', PEOPLE.carlos)), ' un informe.'),
    ],
    brackets: [
      { id: 'b1', sponsors: ['CHL', 'PAN'], alternatives: ['promover'] },
      { id: 'b2', sponsors: ['MEX'] },
      { id: 'b3', sponsors: ['ST-CSM'] },
    ],
    parties: ['CHL', 'PAN', 'MEX'],
  },
  {
    name: 'Spanish accents and punctuation',
    blocks: [
      h(1, 'Niñez migrante: ¿protección o control?'),
      p('¡Atención! Áéíóú ÁÉÍÓÚ ñÑ üÜ — «comillas» “inglesas” ‘simples’ … ¿Qué opinión tiene la Conferencia Sudamericana?'),
      op('Acuerdan que la acción de los países será según la información de cada sesión: 12,5 % más.'),
    ],
  },
  {
    name: 'links',
    blocks: [
      h(1, 'Enlaces'),
      pp('Recordando la ', t('resolución 73/195', link('https://undocs.org/es/A/RES/73/195')), ' de la Asamblea General;'),
      op('Escriban a ', t('secretaria@example.org', link('mailto:secretaria@example.org')), ' o consulten ', t('el portal', bold, link('https://example.org/portal?lang=es&x=1')), t(' regional', link('https://example.org/portal?lang=es&x=1')), '.'),
      op('Véase ', t('la propuesta', link('https://example.org/p'), ins('s1', PEOPLE.ana)), ' y ', t('el anexo', link('https://example.org/anexo'), bracket('b1')), '.'),
    ],
    brackets: [{ id: 'b1', sponsors: ['CHL'] }],
  },
  longCase(random, 120),
]

/** What pandoc should read in the review DOCX: numbers, `[` `]` around brackets, and the tracked changes. */
function expectedDocxReading(input: ExportInput): { paragraphs: string[]; changes: Change[] } {
  const labels = numberJSON(input.doc)
  const paragraphs: string[] = []
  const changes: Change[] = []
  const visit = (node: JSONContent): void => {
    if (node.type === 'paragraph' || node.type === 'heading') {
      let text = ''
      let open: string | null = null
      for (const child of node.content ?? []) {
        const b = (child.marks ?? []).find((m) => m.type === 'bracket')?.attrs?.bracketId ?? null
        if (b !== open) {
          if (open) text += ']'
          if (b) text += '['
          open = b
        }
        const value = child.type === 'text' ? (child.text ?? '') : ' '
        text += value
        const s = (child.marks ?? []).find((m) => m.type === 'deletion') ?? (child.marks ?? []).find((m) => m.type === 'insertion')
        if (s) {
          const author = `${s.attrs!.delegation} — ${s.attrs!.authorName}`
          const last = changes.at(-1)
          if (last?.open && last.type === s.type && last.author === author) last.text += value
          else changes.push({ type: s.type!, author, text: value, open: true })
        } else if (changes.length) changes.at(-1)!.open = false
      }
      if (open) text += ']'
      if (changes.length) changes.at(-1)!.open = false
      const label = labels.get(String(node.attrs?.id))
      paragraphs.push(squash(label ? `${label}. ${text}` : text))
      return
    }
    node.content?.forEach(visit)
  }
  visit(input.doc)
  return { paragraphs: paragraphs.filter(Boolean), changes: changes.map(({ type, author, text }) => ({ type, author, text: squash(text) })).filter((c) => c.text) }
}

/**
 * The clean view: the text as it stands, pending suggestions left out; resolved brackets gone;
 * an open bracket's alternatives printed inside it, "[words / Alt 2]" (CONV-20).
 */
function cleanDoc(input: ExportInput): JSONContent {
  const doc = resolveSuggestionsInDoc(consensoSchema().nodeFromJSON(input.doc), 'reject').toJSON() as JSONContent
  const visit = (node: JSONContent): void => {
    if (node.type !== 'paragraph' && node.type !== 'heading') return node.content?.forEach(visit)
    const children = node.content ?? []
    for (let i = children.length - 1; i >= 0; i--) {
      const id = children[i]!.marks?.find((m) => m.type === 'bracket')?.attrs?.bracketId as string | undefined
      const record = id ? input.brackets[id] : undefined
      const nextId = children[i + 1]?.marks?.find((m) => m.type === 'bracket')?.attrs?.bracketId
      if (!record || record.status === 'resolved' || nextId === id || record.alternatives.length === 0) continue
      const text = record.alternatives.map((a) => ` / ${a}`).join('')
      children.splice(i + 1, 0, { type: 'text', text, marks: [{ type: 'bracket', attrs: { bracketId: id } }] })
    }
  }
  visit(doc)
  return doc
}

/** A clean text read back from Markdown: each bracket is its printed characters, "[words / Alt 2]", with no mark. */
function bracketsAsText(doc: JSONContent): JSONContent {
  const visit = (node: JSONContent): JSONContent => {
    if (node.type !== 'paragraph' && node.type !== 'heading') return node.content ? { ...node, content: node.content.map(visit) } : node
    const out: JSONContent[] = []
    let open: unknown = null
    for (const child of node.content ?? []) {
      const id = child.marks?.find((m) => m.type === 'bracket')?.attrs?.bracketId ?? null
      if (id !== open && open) out.push({ type: 'text', text: ']' })
      if (id !== open && id) out.push({ type: 'text', text: '[' })
      open = id
      const marks = child.marks?.filter((m) => m.type !== 'bracket')
      out.push({ ...child, ...(marks?.length ? { marks } : { marks: undefined }) })
    }
    if (open) out.push({ type: 'text', text: ']' })
    return { ...node, content: out.map((c) => (c.marks ? c : (({ marks: _m, ...rest }) => rest)(c))) }
  }
  return visit(doc)
}

const bracketsOf = (draft: ImportedDraft) => draft.brackets.map((b) => ({ sponsors: b.sponsors, alternatives: b.alternatives }))
const caseBrackets = (c: ConvertCase) => {
  const order: string[] = []
  JSON.stringify(caseInput(c, 'review').doc, (key, value) => {
    if (key === 'bracketId' && !order.includes(value)) order.push(value)
    return value
  })
  return order.map((id) => {
    const b = c.brackets!.find((x) => x.id === id)!
    return { sponsors: b.sponsors, alternatives: b.alternatives ?? [] }
  })
}

describe('[CONV-1][CONV-2][CONV-3] DOCX round trip: document → DOCX → import → the same document', () => {
  for (const c of CASES) {
    it(`${c.name} (review view: suggestions, comments, brackets and their sponsors come back)`, async () => {
      const input = caseInput(c, 'review')
      const docx = await exportDocx(input)
      const back = importDocx(docx.data, { now: AT })
      expect(normalDoc(back.doc)).toEqual(normalDoc(input.doc))
      expect(importedThreads(back)).toEqual(expectedThreads(input))
      expect(bracketsOf(back)).toEqual(c.brackets ? caseBrackets(c) : [])
      expect(back.title).toBe((c.blocks[0]!.content ?? []).map((x) => x.text).join(''))
    })
    it(`${c.name} (clean view: pending suggestions left out, no comments, no sponsors)`, async () => {
      const input = caseInput(c, 'clean')
      const back = importDocx((await exportDocx(input)).data, { now: AT })
      expect(normalDoc(back.doc)).toEqual(normalDoc(cleanDoc(input)))
      expect(back.threads).toEqual([])
      expect(back.brackets.every((b) => b.sponsors.length === 0)).toBe(true)
    })
  }
})

describe.skipIf(!hasPandoc)('[CONV-4] every DOCX read back by pandoc: its text and tracked changes', () => {
  for (const c of CASES) {
    it(`${c.name}`, async () => {
      for (const view of ['review', 'clean'] as const) {
        const input = caseInput(c, view)
        const reading = pandocRead((await exportDocx(input)).data)
        const expected = expectedDocxReading(view === 'review' ? input : { ...input, doc: cleanDoc(input) })
        // Status lines under numbered paragraphs are the export's commentary: set them apart.
        const text = reading.paragraphs.filter((line) => !/^(PP|OP)\d+ · /u.test(line))
        expect(text).toEqual(expected.paragraphs)
        expect(reading.changes).toEqual(view === 'review' ? expected.changes : [])
        if (view === 'review') for (const b of c.brackets ?? []) expect(reading.superscripts.some((s) => s.startsWith(b.sponsors.join(', ')))).toBe(true)
        else expect(reading.superscripts).toEqual([])
        if (view === 'review' && c.parties?.length) expect(reading.paragraphs.some((line) => /^OP1 · (Acordado|Abierto)/u.test(line))).toBe(true)
      }
    })
  }
})

describe('[CONV-5][CONV-6] Markdown round trip: document → Markdown → import → the same document', () => {
  for (const c of CASES) {
    it(`${c.name} (review view)`, () => {
      const input = caseInput(c, 'review')
      const back = importMarkdown(markdownOf(input))
      expect(normalDoc(back.doc)).toEqual(normalDoc(input.doc))
      expect(importedThreads(back)).toEqual(expectedThreads(input))
      expect(bracketsOf(back)).toEqual(c.brackets ? caseBrackets(c) : [])
    })
    it(`${c.name} (clean view)`, () => {
      const input = caseInput(c, 'clean')
      const md = markdownOf(input)
      expect(md).not.toContain('<ins')
      expect(md).not.toContain('consenso:data')
      // No HTML in the clean text (CONV-20): a bracket is its characters, so it comes back as words.
      expect(md).not.toMatch(/<span|<sup/u)
      const back = importMarkdown(md)
      expect(normalDoc(back.doc)).toEqual(normalDoc(bracketsAsText(cleanDoc(input))))
      expect(back.threads).toEqual([])
    })
  }
})

describe('[TRUST-2] authors named in an imported Markdown file are imported ones', () => {
  it('neither comment authors nor suggestion authors keep the account ids the file claims', () => {
    const ids: string[] = []
    const walk = (node: { marks?: { attrs?: Record<string, unknown> }[]; content?: unknown[] }): void => {
      for (const mark of node.marks ?? []) if (typeof mark.attrs?.authorId === 'string') ids.push(mark.attrs.authorId)
      for (const child of node.content ?? []) walk(child as typeof node)
    }
    let forgedIds = 0
    for (const c of CASES) {
      const forged = markdownOf(caseInput(c, 'review'))
        .replace(/data-author-id="[^"]*"/gu, 'data-author-id="u-real-account"')
        .replace(/"id":"[^"]*","name"/gu, '"id":"u-real-account","name"')
      forgedIds += forged.split('u-real-account').length - 1
      const back = importMarkdown(forged)
      walk(back.doc as Parameters<typeof walk>[0])
      for (const thread of back.threads) for (const comment of thread.comments) ids.push(comment.author.id)
    }
    expect(forgedIds).toBeGreaterThan(1)
    expect(ids.length).toBeGreaterThan(1)
    for (const id of ids) expect(id).toMatch(/^import:/u)
  })
})

describe.skipIf(!hasXmllint)('[CONV-8] every Akoma Ntoso export validates against the 3.0 schema', () => {
  for (const c of CASES) {
    it(`${c.name}`, () => {
      for (const view of ['review', 'clean'] as const) {
        const input = caseInput(c, view)
        const xml = aknOf(input)
        expect(aknSchemaErrors(xml)).toBe('')
        expect(xml).toContain('<statement name="declaration">')
        if (view === 'review' && c.threads) expect(xml).toContain('<noteRef')
        if (view === 'review' && input.doc.content!.some((b) => b.attrs?.kind === 'operative')) expect(xml).toMatch(/<paragraph eId="para_blk-\d+"><num>OP1<\/num>/u)
        if (view === 'review' && c.name === 'suggestions') expect(xml).toMatch(/<ins class="suggestion" title="CHL — Ana Pérez/u)
        if (view === 'clean') expect(xml).not.toMatch(/<(ins|del) /u)
      }
    })
  }
})

describe('[CONV-7] HTML is one standalone page', () => {
  it('has its styles inline, no scripts, numbers, status and threads in the review view', () => {
    const input = caseInput(CASES.find((c) => c.name === 'comments')!, 'review')
    const html = htmlOf(input)
    expect(html.startsWith('<!doctype html>')).toBe(true)
    expect(html).toContain('<style>')
    expect(html).not.toMatch(/<script|<link /u)
    expect(html).toContain('<span class="num">PP1.</span>')
    expect(html).toContain('¿Incluimos a la OIM?')
    expect(htmlOf(caseInput(CASES.find((c) => c.name === 'comments')!, 'clean'))).not.toContain('¿Incluimos a la OIM?')
    const suggestions = htmlOf(caseInput(CASES.find((c) => c.name.startsWith('format, break'))!, 'review'))
    expect(suggestions).toContain('<span class="format-change" title="PAN — Carlos Méndez, 11 de mayo de 2026"><strong>reforzar</strong></span>')
    expect(suggestions).toMatch(/<p id="blk-\d+" data-suggested="suggested-split" title="ST-CSM — Tomás Herrera/u)
    expect(suggestions).toMatch(/<p id="blk-\d+" class="numbered" data-suggested="suggested-change"/u)
  })
})

describe.skipIf(!hasPdftotext)('[CONV-9] PDF: header, page numbers, numbering and Spanish text read back by pdftotext', () => {
  it('every case', async () => {
    for (const c of CASES) {
      const pdf = await exportPdf(caseInput(c, 'review'))
      expect(Buffer.from(pdf.data.slice(0, 5)).toString()).toBe('%PDF-')
      const text = execFileSync('pdftotext', ['-layout', tempFile('pdf', pdf.data), '-']).toString()
      expect(text).toContain('Declaración conjunta CRM–CSM')
      expect(text).toMatch(/Página 1 de \d+/u)
      expect(text).toContain('Rev. 2')
      if (c.name.startsWith('Spanish')) expect(text).toContain('¡Atención! Áéíóú ÁÉÍÓÚ ñÑ üÜ')
      if (c.name.startsWith('PP/OP')) expect(text).toMatch(/OP2\.\s+Instan/u)
      // [CONV-122] each suggestion says who proposed it, not only its colour.
      if (c.name === 'suggestions' || c.name.startsWith('format, break')) {
        for (const who of Object.values(PEOPLE)) expect(text.replace(/\s+/gu, ' '), who.name).toContain(`${who.delegation} — ${who.name}`)
      }
    }
  })
  it('stops when the download is cancelled, also half-way through a long text', async () => {
    const before = new AbortController()
    before.abort()
    await expect(exportPdf(caseInput(CASES.at(-1)!, 'clean'), { signal: before.signal })).rejects.toThrow('aborted')
    // The exporter yields to the event loop as it goes, so an abort arriving meanwhile is heard.
    const during = new AbortController()
    const running = exportPdf(caseInput(CASES.at(-1)!, 'review'), { signal: during.signal })
    setImmediate(() => during.abort())
    await expect(running).rejects.toThrow('aborted')
  })
})

describe('[CONV-10] broken and hostile files: a clear error, no partial draft', () => {
  const refuses = (run: () => unknown, code: string) => {
    try {
      run()
    } catch (error) {
      expect(error).toBeInstanceOf(ConvertError)
      expect((error as ConvertError).code).toBe(code)
      return
    }
    throw new Error('the file was accepted')
  }
  it('a file that is not a zip, a zip without a Word document, a truncated DOCX', async () => {
    refuses(() => importDocx(new TextEncoder().encode('esto no es un docx')), 'corrupt')
    const docx = (await exportDocx(caseInput(CASES[0]!, 'review'))).data
    refuses(() => importDocx(docx.slice(0, docx.length / 2)), 'corrupt')
  })
  it('malformed XML inside the DOCX, and a DTD', async () => {
    const { zipSync, unzipSync, strToU8 } = await import('fflate')
    const files = unzipSync((await exportDocx(caseInput(CASES[0]!, 'review'))).data)
    refuses(() => importDocx(zipSync({ ...files, 'word/document.xml': strToU8('<w:document><w:body><w:p></w:body>') })), 'corrupt')
    refuses(() => importDocx(zipSync({ ...files, 'word/document.xml': strToU8('<!DOCTYPE x [<!ENTITY a "aaaa">]><w:document/>') })), 'unsupported')
    refuses(() => importDocx(zipSync({ 'hola.txt': strToU8('hola') })), 'corrupt')
  })
  it('too large, empty, binary, and damaged review data in Markdown', () => {
    refuses(() => importMarkdown('x'.repeat(11 * 1024 * 1024)), 'too_large')
    refuses(() => importMarkdown(''), 'empty')
    refuses(() => importMarkdown(new Uint8Array([0xff, 0xfe, 0x00, 0x41])), 'corrupt')
    refuses(() => importMarkdown('# Hola\n\n<!-- consenso:review -->\n<!-- consenso:data {"threads": [ -->\n'), 'corrupt')
  })
  it('review data with wrong shapes is dropped field by field, not trusted', () => {
    const draft = importMarkdown('# Hola\n\ntexto\n\n<!-- consenso:review -->\n<!-- consenso:data {"threads":[{"id":5},{"id":"t","comments":[{"author":"x","text":"y"}]}],"brackets":[{"id":"b","sponsors":["<script>", "CHL"]}]} -->\n')
    expect(draft.threads).toEqual([])
    expect(draft.brackets).toEqual([])
  })
})

describe('[CONV-12] marks the schema cannot hold together are reconciled, not refused', () => {
  it('Markdown: doubled bold, a bracket inside a bracket, an insertion struck out', () => {
    const a = 'data-suggestion-id="s1" data-author-id="u" data-author-name="Ana" data-delegation="CHL" data-at="2026-05-11T14:30:00.000Z"'
    const d = a.replace('s1', 's2')
    const draft = importMarkdown(`# T\n\n**<b>doble</b>** <span data-bracket-id="x">[uno <span data-bracket-id="y">[dos]</span>]</span> <del ${d}><ins ${a}>retirado</ins></del>fin\n`)
    expect(normalDoc(draft.doc)).toEqual(normalDoc({ type: 'doc', content: [h(1, 'T'), p(t('doble', bold), ' ', t('uno ', bracket('x')), t('dos', bracket('y')), ' fin')] }))
  })
  it('Word: a pending insertion deleted by someone else is withdrawn', async () => {
    const { zipSync, unzipSync, strToU8 } = await import('fflate')
    const files = unzipSync((await exportDocx(caseInput(CASES[0]!, 'clean'))).data)
    const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    const body = `<w:document ${W}><w:body><w:p><w:r><w:t xml:space="preserve">Antes </w:t></w:r><w:ins w:id="1" w:author="CHL — Ana Pérez" w:date="2026-05-01T10:00:00Z"><w:del w:id="2" w:author="PAN — José Ruiz" w:date="2026-05-02T10:00:00Z"><w:r><w:delText>retirado </w:delText></w:r></w:del><w:r><w:t>queda</w:t></w:r></w:ins></w:p></w:body></w:document>`
    const draft = importDocx(zipSync({ ...files, 'word/document.xml': strToU8(body) }))
    expect(normalDoc(draft.doc)).toEqual(normalDoc({ type: 'doc', content: [p('Antes ', t('queda', ins('x', { id: '', name: 'Ana Pérez', delegation: 'CHL' }, '2026-05-01T10:00:00.000Z')))] }))
  })
})

describe('[CONV-10] damaged files never escape as anything but a ConvertError', () => {
  const fuzz = seededRandom('convert fuzz')
  const check = (run: () => ImportedDraft) => {
    try {
      const draft = run()
      // Whatever is accepted is a valid document.
      expect(() => consensoSchema().nodeFromJSON(draft.doc).check()).not.toThrow()
    } catch (error) {
      if (!(error instanceof ConvertError)) throw error
    }
  }
  it('DOCX with damaged XML parts, and Markdown with random syntax', async () => {
    const { zipSync, unzipSync, strToU8, strFromU8 } = await import('fflate')
    const files = unzipSync((await exportDocx(caseInput(CASES.find((c) => c.name === 'comments')!, 'review'))).data)
    const xml = strFromU8(files['word/document.xml']!)
    for (let i = 0; i < 40; i++) {
      // Cut a random slice out of the XML, or repeat one.
      const a = fuzz.int(xml.length)
      const b = a + fuzz.int(200)
      const damaged = fuzz.int(2) ? xml.slice(0, a) + xml.slice(b) : xml.slice(0, b) + xml.slice(a)
      check(() => importDocx(zipSync({ ...files, 'word/document.xml': strToU8(damaged) })))
    }
    const pieces = ['**', '*', '~~', '<ins data-suggestion-id="s">', '</ins>', '<del>', '</del>', '<span data-bracket-id="b">', '</span>', '<span data-comment-start="t">', '[', ']', '\n\n', '\n- ', '\n1. ', '> ', '# ', 'PP1. ', '<!-- consenso:block {"breakChange":{"op":"split"}} -->', 'texto ', 'ñandú ', '`', '<u>', '</u>', '&nbsp;', '\\']
    for (let i = 0; i < 60; i++) {
      const source = Array.from({ length: 5 + fuzz.int(40) }, () => fuzz.pick(pieces)).join('')
      check(() => importMarkdown(source))
    }
  })
})

describe('[CONV-11] Word files from elsewhere', () => {
  it('reads typed PP/OP numbers, Word heading and list styles, and plain author names', async () => {
    const { zipSync, unzipSync, strToU8 } = await import('fflate')
    const files = unzipSync((await exportDocx(caseInput(CASES[0]!, 'clean'))).data)
    const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    const body = `<w:document ${W}><w:body>
      <w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Borrador de Panamá</w:t></w:r></w:p>
      <w:p><w:r><w:t xml:space="preserve">PP 1. Considerando la </w:t></w:r><w:ins w:id="1" w:author="María López" w:date="2026-05-01T10:00:00Z"><w:r><w:t>nueva</w:t></w:r></w:ins><w:r><w:t xml:space="preserve"> agenda;</w:t></w:r></w:p>
      <w:p><w:r><w:t xml:space="preserve">OP1) Deciden </w:t></w:r><w:del w:id="2" w:author="PAN — José Ruiz" w:date="2026-05-02T10:00:00Z"><w:r><w:delText>no </w:delText></w:r></w:del><w:r><w:t>avanzar.</w:t></w:r></w:p>
    </w:body></w:document>`
    // Another author's file: no Consenso styles in it.
    delete files['word/styles.xml']
    const draft = importDocx(zipSync({ ...files, 'word/document.xml': strToU8(body) }))
    expect(draft.title).toBe('Borrador de Panamá')
    expect(normalDoc(draft.doc)).toEqual(
      normalDoc({
        type: 'doc',
        content: [
          h(1, 'Borrador de Panamá'),
          pp('Considerando la ', t('nueva', ins('x', { id: '', name: 'María López', delegation: '' }, '2026-05-01T10:00:00.000Z')), ' agenda;'),
          op('Deciden ', t('no ', del('y', { id: '', name: 'José Ruiz', delegation: 'PAN' }, '2026-05-02T10:00:00.000Z')), 'avanzar.'),
        ],
      }),
    )
  })
  it('paragraphs Word numbers itself as "PP1." and "OP1." are preambular and operative paragraphs', async () => {
    const { zipSync, unzipSync, strToU8 } = await import('fflate')
    const files = unzipSync((await exportDocx(caseInput(CASES[0]!, 'clean'))).data)
    delete files['word/styles.xml']
    const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    const numbering = `<w:numbering ${W}><w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="PP%1."/></w:lvl></w:abstractNum><w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/><w:lvlText w:val="OP %1."/></w:lvl></w:abstractNum><w:abstractNum w:abstractNumId="3"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/><w:lvlText w:val="%1)"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="2"/></w:num><w:num w:numId="3"><w:abstractNumId w:val="3"/></w:num></w:numbering>`
    const para = (numId: number, text: string) => `<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="${numId}"/></w:numPr></w:pPr><w:r><w:t>${text}</w:t></w:r></w:p>`
    const body = `<w:document ${W}><w:body>${para(1, 'Reconociendo;')}${para(1, 'Destacando;')}${para(2, 'Acuerdan;')}${para(3, 'uno')}</w:body></w:document>`
    const draft = importDocx(zipSync({ ...files, 'word/document.xml': strToU8(body), 'word/numbering.xml': strToU8(numbering) }))
    expect(normalDoc(draft.doc)).toEqual(normalDoc({ type: 'doc', content: [pp('Reconociendo;'), pp('Destacando;'), op('Acuerdan;'), ol(li(p('uno')))] }))
  })
  it('a comment Word opened between paragraphs covers the whole of them, with its author and date', async () => {
    const { zipSync, unzipSync, strToU8 } = await import('fflate')
    const files = unzipSync((await exportDocx(caseInput(CASES[0]!, 'clean'))).data)
    delete files['word/styles.xml']
    const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    const body = `<w:document ${W}><w:body><w:p><w:r><w:t>Título</w:t></w:r></w:p><w:commentRangeStart w:id="7"/><w:p><w:r><w:t>Primer párrafo.</w:t></w:r></w:p><w:p><w:r><w:t>Segundo.</w:t></w:r></w:p><w:commentRangeEnd w:id="7"/><w:p><w:r><w:t>Fuera.</w:t></w:r></w:p></w:body></w:document>`
    const comments = `<w:comments ${W}><w:comment w:id="7" w:author="María López" w:date="2026-05-03T08:00:00Z"><w:p><w:r><w:t>Revisar ambos.</w:t></w:r></w:p></w:comment></w:comments>`
    const draft = importDocx(zipSync({ ...files, 'word/document.xml': strToU8(body), 'word/comments.xml': strToU8(comments) }))
    expect(importedThreads(draft)).toEqual([{ quote: 'Primer párrafo. Segundo.', status: 'open', comments: [{ name: 'María López', delegation: '', text: 'Revisar ambos.', at: '2026-05-03T08:00:00.000Z' }] }])
  })
  it('a real Word file passes through pandoc and back (pandoc writes its own DOCX)', () => {
    if (!hasPandoc) return
    const source = tempFile('md', '# Informe de la troika\n\n- uno\n- dos\n\n1. primero\n2. segundo\n\n**Negrita** y *cursiva* con acentos: canción, pingüino.\n')
    const out = join(work, 'pandoc.docx')
    execFileSync('pandoc', [source, '-o', out])
    const draft = importDocx(new Uint8Array(readFileSync(out)))
    expect(normalDoc(draft.doc)).toEqual(
      normalDoc({
        type: 'doc',
        content: [h(1, 'Informe de la troika'), ul(li(p('uno')), li(p('dos'))), ol(li(p('primero')), li(p('segundo'))), p(t('Negrita', bold), ' y ', t('cursiva', italic), ' con acentos: canción, pingüino.')],
      }),
    )
  })
})
