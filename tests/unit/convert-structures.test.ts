/**
 * Data-driven cases for what UN texts hold besides paragraphs ([CONV-120] links, [CONV-121] list
 * numbering formats, [CONV-123] footnotes, [CONV-130..132] tables): each case goes through every exporter and back through our importers,
 * and is read by outside readers: pandoc (the DOCX and the Markdown), LibreOffice Writer (the
 * DOCX saved again by it imports back the same), xmllint (Akoma Ntoso against the 3.0 schema)
 * and pdftotext. Under CI=true a missing tool fails; elsewhere its checks are skipped.
 */
import { execFileSync } from 'node:child_process'
import { beforeAll, describe, expect, it } from 'vitest'
import { aknOf, exportDocx, exportPdf, htmlOf, importDocx, importMarkdown, markdownOf, type ExportInput, type JSONContent } from '@consenso/convert'
import { bold, caseInput, fn, h, ins, italic, li, link, normalDoc, op, p, PEOPLE, pp, t, table, td, th, tr, type ConvertCase } from '../helpers/convert-cases.ts'
import { pandocRead, pandocReadMarkdown } from '../helpers/pandoc.ts'
import { aknSchemaErrors, libreOfficeResaveMany, requireTool, tempFiles } from '../helpers/tools.ts'

const hasPandoc = requireTool('pandoc', 'pandoc')
const hasXmllint = requireTool('xmllint', 'libxml2-utils')
const hasPdftotext = requireTool('pdftotext', 'poppler-utils')
const hasSoffice = requireTool('soffice', 'libreoffice-writer-nogui')
const { file: tempFile } = tempFiles('consenso-structures-')

interface StructureCase extends ConvertCase {
  /** The links an outside reader should find: words and target, in order. */
  links?: Array<{ text: string; href: string }>
  /** The links of the clean view, when pending proposals change them. */
  cleanLinks?: Array<{ text: string; href: string }>
  /** The ordered lists pandoc should find in the DOCX. */
  lists?: Array<{ start: number; style: string; delim: string }>
  /** The printed numbers of the ordered lists' items, in order (PDF, Akoma Ntoso). */
  markers?: string[]
  /** The footnotes' texts, in order of reference. */
  notes?: string[]
  /** The tables pandoc should find in the DOCX (spans kept) and in the Markdown (pipe tables cannot span). */
  tables?: Array<{ head: number; rows: string[][] }>
  mdTables?: Array<{ head: number; rows: string[][] }>
}

const UN_RES = 'https://undocs.org/es/A/RES/73/195'
const CASES: StructureCase[] = [
  {
    name: 'links: web and mail addresses, formatted words, one link over two runs',
    blocks: [
      h(1, 'Enlaces'),
      pp('Recordando la ', t('resolución 73/195', link(UN_RES)), ' de la Asamblea General;'),
      op('Escriban a ', t('secretaria@example.org', link('mailto:secretaria@example.org')), ' o consulten ', t('el portal', bold, link('https://example.org/portal?lang=es&x=1')), t(' regional', link('https://example.org/portal?lang=es&x=1')), '.'),
      p('Un enlace en una lista:'),
      { type: 'bulletList', content: [li(p(t('Pacto Mundial', link('https://www.un.org/es/migration'))))] },
    ],
    links: [
      { text: 'resolución 73/195', href: UN_RES },
      { text: 'secretaria@example.org', href: 'mailto:secretaria@example.org' },
      { text: 'el portal regional', href: 'https://example.org/portal?lang=es&x=1' },
      { text: 'Pacto Mundial', href: 'https://www.un.org/es/migration' },
    ],
  },
  {
    name: 'links: a proposed link in the review view',
    blocks: [h(1, 'Propuesta'), op('Véase ', t('la propuesta', link('https://example.org/p'), ins('s1', PEOPLE.ana)), '.')],
    links: [{ text: 'la propuesta', href: 'https://example.org/p' }],
    cleanLinks: [],
  },
]

CASES.push({
  name: 'numbering: operative paragraphs with (a), (b) subparagraphs, a list starting at 3, roman numerals',
  blocks: [
    h(1, 'Resolución'),
    { type: 'orderedList', content: [li(op('Decide establecer un grupo de trabajo;')), li(op('Solicita al grupo:'), { type: 'orderedList', attrs: { type: 'a' }, content: [li(p('reunirse dos veces al año;')), li(p('informar a la Conferencia;'))] })] },
    p('Texto entre listas.'),
    { type: 'orderedList', attrs: { start: 3 }, content: [li(p('tercero')), li(p('cuarto'))] },
    { type: 'orderedList', attrs: { type: 'I' }, content: [li(p('Primera parte')), li(p('Segunda parte'))] },
    { type: 'orderedList', attrs: { type: 'i', start: 2 }, content: [li(p('segundo inciso'))] },
  ],
  lists: [
    { start: 1, style: 'Decimal', delim: 'Period' },
    // pandoc names the delimiter of a deeper level's "(%2)" only as its default.
    { start: 1, style: 'LowerAlpha', delim: 'DefaultDelim' },
    { start: 3, style: 'Decimal', delim: 'Period' },
    { start: 1, style: 'UpperRoman', delim: 'Period' },
    { start: 2, style: 'LowerRoman', delim: 'TwoParens' },
  ],
  markers: ['1.', '2.', '(a)', '(b)', '3.', '4.', 'I.', 'II.', '(ii)'],
})

CASES.push({
  name: 'footnotes: references in preambular and operative paragraphs, a note of two lines, one beside a link and a suggestion',
  blocks: [
    h(1, 'Notas'),
    pp('Recordando la resolución 73/195', fn('A/RES/73/195, anexo.'), ' y el informe del Secretario General', fn('A/73/567.\nVéase también el párrafo 12.'), ';'),
    op(t('Acuerdan', ins('s1', PEOPLE.carlos)), ' seguir ', t('el Pacto', link('https://www.un.org/es/migration')), fn('Con la reserva de la delegación de Panamá sobre «seguir».'), '.'),
  ],
  links: [{ text: 'el Pacto', href: 'https://www.un.org/es/migration' }],
  notes: ['A/RES/73/195, anexo.', 'A/73/567.\nVéase también el párrafo 12.', 'Con la reserva de la delegación de Panamá sobre «seguir».'],
})

CASES.push({
  name: 'tables: a header row, a link and a proposal in cells, a cell of two paragraphs, cells spanning two rows and two columns',
  blocks: [
    h(1, 'Anexo'),
    pp('Tomando nota de los documentos siguientes:'),
    table(
      tr(th('Documento'), th('Signatura'), th('Año')),
      tr(td('Agenda 2030 para el Desarrollo Sostenible'), td(p(t('A/RES/70/1', link('https://undocs.org/es/A/RES/70/1')))), td('2015')),
      tr(td([p('Pacto Mundial para la Migración'), p(t('Segura, ordenada y regular', italic))]), td(p('A/RES/73/195 ', t('y anexo', ins('s1', PEOPLE.carlos)))), td('2018', { rowspan: 2 })),
      tr(td('Nota conjunta CRM–CSM | con barra', { colspan: 2 })),
    ),
    op('Acuerdan seguir los documentos de la tabla.'),
  ],
  links: [{ text: 'A/RES/70/1', href: 'https://undocs.org/es/A/RES/70/1' }],
  tables: [
    {
      head: 1,
      rows: [
        ['Documento', 'Signatura', 'Año'],
        ['Agenda 2030 para el Desarrollo Sostenible', 'A/RES/70/1', '2015'],
        ['Pacto Mundial para la Migración ¶ Segura, ordenada y regular', 'A/RES/73/195 y anexo', '2018 ⟨2×1⟩'],
        ['Nota conjunta CRM–CSM | con barra ⟨1×2⟩'],
      ],
    },
  ],
  mdTables: [
    {
      head: 1,
      rows: [
        ['Documento', 'Signatura', 'Año'],
        ['Agenda 2030 para el Desarrollo Sostenible', 'A/RES/70/1', '2015'],
        ['Pacto Mundial para la Migración ¶ Segura, ordenada y regular', 'A/RES/73/195 y anexo', '2018'],
        ['Nota conjunta CRM–CSM | con barra', '', ''],
      ],
    },
  ],
})

/** What a GFM pipe table keeps of a table: its grid, every cell spanning one place, the others empty ([CONV-132]). */
function asPipeTables(doc: JSONContent): JSONContent {
  const empty = (): JSONContent => ({ type: 'tableCell', attrs: { colspan: 1, rowspan: 1 }, content: [{ type: 'paragraph' }] })
  const visit = (node: JSONContent): JSONContent => {
    if (node.type !== 'table') return { ...node, ...(node.content ? { content: node.content.map(visit) } : {}) }
    const rows = node.content!.map((row) => row.content!)
    const width = Math.max(...rows.map((cells) => cells.reduce((n, c) => n + Number(c.attrs?.colspan ?? 1), 0)))
    const grid: JSONContent[][] = rows.map(() => [])
    rows.forEach((cells, r) => {
      let col = 0
      for (const cell of cells) {
        while (grid[r]![col]) col++
        grid[r]![col] = { ...cell, attrs: { colspan: 1, rowspan: 1 } }
        for (let i = r; i < r + Number(cell.attrs?.rowspan ?? 1); i++) for (let j = col; j < col + Number(cell.attrs?.colspan ?? 1); j++) grid[i]![j] ??= empty()
        col += Number(cell.attrs?.colspan ?? 1)
      }
    })
    return { type: 'table', content: grid.map((cells) => ({ type: 'tableRow', content: Array.from({ length: width }, (_, i) => cells[i] ?? empty()) })) }
  }
  return visit(doc)
}

/** CommonMark numbers lists with digits only: letters and roman numerals read back as decimals (their start kept). */
function withoutListTypes(doc: JSONContent): JSONContent {
  const visit = (node: JSONContent): JSONContent => {
    const attrs = node.type === 'orderedList' && node.attrs ? { ...node.attrs, type: null } : node.attrs
    return { ...node, ...(attrs ? { attrs } : {}), ...(node.content ? { content: node.content.map(visit) } : {}) }
  }
  return visit(doc)
}

const inputs = CASES.map((c) => ({ c, input: caseInput(c, 'review') }))

describe('[CONV-120][CONV-121] each case through every exporter and back through our importers', () => {
  for (const { c, input } of inputs) {
    it(`${c.name}: DOCX and Markdown come back the same`, async () => {
      expect(normalDoc(importDocx((await exportDocx(input)).data).doc)).toEqual(normalDoc(input.doc))
      expect(normalDoc(importMarkdown(markdownOf(input)).doc)).toEqual(normalDoc(asPipeTables(withoutListTypes(input.doc))))
    })
    if (c.tables) {
      it(`[CONV-130] ${c.name}: HTML and Akoma Ntoso hold the table's cells and spans, the PDF draws each row on its line`, async () => {
        for (const xml of [htmlOf(input), aknOf(input)]) {
          expect(xml.match(/<th>/gu)?.length).toBe(3)
          expect(xml).toContain('<td rowspan="2"><p')
          expect(xml).toContain('<td colspan="2"><p')
        }
        if (hasPdftotext) {
          const lines = execFileSync('pdftotext', ['-layout', tempFile('pdf', (await exportPdf(input)).data), '-']).toString().split('\n')
          expect(lines.some((line) => /Documento\s{3,}Signatura\s{3,}Año/u.test(line))).toBe(true)
          expect(lines.some((line) => /Agenda 2030 para el\s{3,}A\/RES\/70\/1\s{3,}2015/u.test(line))).toBe(true)
        }
      })
    }
    if (c.notes) {
      it(`[CONV-123] ${c.name}: HTML, Akoma Ntoso and the PDF carry each note, numbered`, async () => {
        const html = htmlOf(input)
        c.notes!.forEach((note, i) => expect(html).toContain(`<li id="fn${i + 1}">${note.replace(/\n/gu, '\n')}`))
        const akn = aknOf(input)
        expect([...akn.matchAll(/<authorialNote marker="(\d+)"[^>]*><p>([^<]*)<\/p>/gu)].map((m) => [m[1], m[2]])).toEqual(c.notes!.map((n, i) => [String(i + 1), n.replace(/«/gu, '«')]))
        if (hasPdftotext) {
          const text = execFileSync('pdftotext', [tempFile('pdf', (await exportPdf(input)).data), '-']).toString().replace(/\s+/gu, ' ')
          expect(text).toContain('Notas')
          for (const note of c.notes!) expect(text).toContain(note.replace(/\s+/gu, ' '))
        }
      })
    }
    if (c.markers) {
      it(`[CONV-121] ${c.name}: the PDF, HTML and Akoma Ntoso print each item's number`, async () => {
        const akn = aknOf(input)
        expect([...akn.matchAll(/<li value="([^"]+)">/gu)].map((m) => m[1])).toEqual(c.markers)
        const html = htmlOf(input)
        expect(html).toContain('<ol type="a">')
        expect(html).toContain('<ol start="3">')
        expect(html).toContain('<ol start="2" type="i">')
        if (hasPdftotext) {
          const text = execFileSync('pdftotext', ['-layout', tempFile('pdf', (await exportPdf(input)).data), '-']).toString()
          const found = c.markers!.map((marker) => text.indexOf(`${marker} `))
          for (const [i, at] of found.entries()) expect(at, c.markers![i]).toBeGreaterThanOrEqual(0)
        }
      })
    }
    it(`${c.name}: HTML and Akoma Ntoso carry each link`, () => {
      const html = htmlOf(input)
      const akn = aknOf(input)
      for (const l of c.links ?? []) {
        expect(html).toContain(`href="${l.href.replace(/&/gu, '&amp;')}"`)
        expect(akn).toContain(`<a href="${l.href.replace(/&/gu, '&amp;')}">`)
      }
    })
  }
})

describe.skipIf(!hasPandoc)('[CONV-120][CONV-121] pandoc reads the same links (DOCX and Markdown) and list numbering (DOCX)', () => {
  for (const { c, input } of inputs) {
    it(c.name, async () => {
      const docx = pandocRead((await exportDocx(input)).data)
      expect(docx.links).toEqual(c.links ?? [])
      // The clean view: in the review view each OP's status line stands between the items, and pandoc rightly reads two lists.
      if (c.lists) expect(pandocRead((await exportDocx(caseInput(c, 'clean'))).data).lists).toEqual(c.lists)
      expect(docx.notes).toEqual(c.notes ?? [])
      expect(pandocReadMarkdown(markdownOf(input)).notes).toEqual(c.notes ?? [])
      expect(pandocReadMarkdown(markdownOf(input)).links).toEqual(c.links ?? [])
      expect(docx.tables).toEqual(c.tables ?? [])
      expect(pandocReadMarkdown(markdownOf(input)).tables).toEqual(c.mdTables ?? [])
      expect(pandocReadMarkdown(markdownOf(caseInput(c, 'clean'))).tables.length).toBe(c.mdTables?.length ?? 0)
      expect(pandocReadMarkdown(markdownOf(caseInput(c, 'clean'))).links).toEqual(c.cleanLinks ?? c.links ?? [])
    })
  }
})

describe.skipIf(!hasXmllint)('[CONV-120] Akoma Ntoso with links validates against the 3.0 schema', () => {
  for (const { c, input } of inputs) {
    it(c.name, () => {
      for (const view of ['review', 'clean'] as const) {
        expect(aknSchemaErrors(aknOf(view === 'review' ? input : caseInput(c, 'clean')))).toBe('')
      }
    })
  }
})

describe.skipIf(!hasPdftotext)('[CONV-120] the PDF keeps each link as a link annotation', () => {
  for (const { c, input } of inputs) {
    it(c.name, async () => {
      const pdf = await exportPdf(input)
      const raw = Buffer.from(pdf.data).toString('latin1')
      for (const l of c.links ?? []) expect(raw).toContain(`/URI (${l.href})`)
      const text = execFileSync('pdftotext', [tempFile('pdf', pdf.data), '-']).toString()
      for (const l of c.links ?? []) expect(text.replace(/\s+/gu, ' ')).toContain(l.text)
    })
  }
})

describe.skipIf(!hasSoffice)('[CONV-120][CONV-121] LibreOffice Writer opens and saves each DOCX; it imports back the same', () => {
  const resaved = new Map<string, Uint8Array>()
  // Lists are checked in the clean view: in the review view each OP's status line stands between
  // the items, and LibreOffice saves the items after it as lists of their own (limit, CONV-121).
  const viewFor = (c: StructureCase, input: ExportInput) => (c.lists ? caseInput(c, 'clean') : input)
  beforeAll(async () => {
    const files = await Promise.all(inputs.map(async ({ c, input }) => (await exportDocx(viewFor(c, input))).data))
    libreOfficeResaveMany(files).forEach((file, i) => resaved.set(inputs[i]!.c.name, file))
  }, 300_000)
  for (const { c, input } of inputs) {
    it(c.name, () => {
      const file = resaved.get(c.name)!
      expect(normalDoc(importDocx(file).doc)).toEqual(normalDoc(viewFor(c, input).doc))
      if (hasPandoc) expect(pandocRead(file).links).toEqual(c.links ?? [])
      if (hasPandoc) expect(pandocRead(file).notes).toEqual(c.notes ?? [])
      if (hasPandoc) expect(pandocRead(file).tables).toEqual(c.tables ?? [])
      // (Not pandoc on LibreOffice's lists: LibreOffice writes a list's first item with an instance
      // of its own that restarts the count, the rest with another, and pandoc reads two lists.)
    })
  }
})


describe.skipIf(!hasPandoc)('[CONV-131] a table another program wrote comes in as a table with its header row', () => {
  const markdown = '| País | Voto |\n| --- | --- |\n| Chile | sí |\n| Panamá | *no* |\n'
  const expected = normalDoc({ type: 'doc', content: [table(tr(th('País'), th('Voto')), tr(td('Chile'), td('sí')), tr(td('Panamá'), td(p(t('no', italic)))))] })
  const written = () => new Uint8Array(execFileSync('pandoc', ['-f', 'markdown', '-t', 'docx', '-o', '-'], { input: markdown }))
  it('pandoc’s DOCX', () => {
    const draft = importDocx(written())
    expect(normalDoc({ type: 'doc', content: draft.doc.content!.filter((b) => b.type === 'table') })).toEqual(expected)
    expect(draft.lost).toEqual([])
  })
  it.skipIf(!hasSoffice)('pandoc’s DOCX saved again by LibreOffice Writer', () => {
    const draft = importDocx(libreOfficeResaveMany([written()])[0]!)
    expect(normalDoc({ type: 'doc', content: draft.doc.content!.filter((b) => b.type === 'table') })).toEqual(expected)
  }, 120_000)
})
