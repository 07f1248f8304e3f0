/**
 * Word files that went through other hands ([CONV-16] in packages/convert/SPEC.md): a review
 * .docx opened and saved by LibreOffice Writer (`soffice --headless --convert-to docx`, its own
 * profile per run) imports back as the same text, suggestions, comment threads and brackets;
 * typed PP/OP numbers are found when they span runs; what a draft cannot keep is listed
 * ([CONV-17]); Word numbering keeps its start, continuation and formats ([CONV-18]).
 * Under CI=true a missing soffice fails.
 */
import { describe, expect, it } from 'vitest'
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate'
import { exportDocx, importDocx, importMarkdown } from '@consenso/convert'
import { bracket, caseInput, del, expectedThreads, h, importedThreads, ins, italic, bold, normalDoc, op, p, pp, PEOPLE, t, type ConvertCase } from '../helpers/convert-cases.ts'
import { docxWithBody } from '../helpers/large-files.ts'
import { libreOfficeResave, requireTool } from '../helpers/tools.ts'

const hasSoffice = requireTool('soffice', 'libreoffice-writer-nogui')

const DECLARATION: ConvertCase = {
  name: 'declaration with a heading, suggestions, a thread with a reply and a bracket',
  blocks: [
    h(1, 'Declaración conjunta'),
    p('Las delegaciones de la CRM y la CSM,'),
    pp(t('Reconociendo', italic), ' la labor de las Secretarías Técnicas;'),
    pp(t('Reafirmando', italic), ' el compromiso ', t('regional', bracket('b1')), ';'),
    op(t('Acuerdan', italic), ' ', t('promover', del('s1', PEOPLE.lucia)), t('fortalecer', ins('s1', PEOPLE.lucia)), ' la cooperación ', t('técnica', bold, ins('s2', PEOPLE.tomas)), '.'),
    op('Instan a elaborar un ', t('glosario', bracket('b2')), ' común.'),
  ],
  threads: [
    { on: 'labor de las Secretarías', comments: [{ by: PEOPLE.carlos, text: '¿Incluimos a la OIM?' }, { by: PEOPLE.ana, text: 'Sí, como observadora.' }] },
    { on: 'cooperación', comments: [{ by: PEOPLE.lucia, text: 'Falta la palabra «técnica».' }] },
  ],
  brackets: [
    { id: 'b1', sponsors: ['CHL', 'PAN'], alternatives: ['hemisférico'] },
    { id: 'b2', sponsors: ['MEX'] },
  ],
  parties: ['CHL', 'PAN'],
}

const bracketsOf = (draft: ReturnType<typeof importDocx>) => draft.brackets.map((b) => ({ sponsors: b.sponsors, alternatives: b.alternatives }))

describe.skipIf(!hasSoffice)('[CONV-16] a review .docx saved again by LibreOffice imports back the same', () => {
  it('text, PP/OP kinds, suggestions, threads with their replies and brackets with their sponsors', async () => {
    const input = caseInput(DECLARATION, 'review')
    const exported = (await exportDocx(input)).data
    const resaved = libreOfficeResave(exported)
    // LibreOffice rewrites our style ids and drops the reply links: the test sees the file it made.
    const styles = strFromU8(unzipSync(resaved)['word/styles.xml']!)
    expect(styles).toMatch(/w:name w:val="Consenso status"/u)
    const back = importDocx(resaved)
    expect(normalDoc(back.doc)).toEqual(normalDoc(input.doc))
    expect(importedThreads(back)).toEqual(expectedThreads(input))
    expect(bracketsOf(back)).toEqual([
      { sponsors: ['CHL', 'PAN'], alternatives: ['hemisférico'] },
      { sponsors: ['MEX'], alternatives: [] },
    ])
  }, 240_000)
})

describe('[CONV-16] our styles known by name, typed numbers across runs', () => {
  it('a file whose style ids were rewritten (names kept) reads as our own export', async () => {
    const input = caseInput(DECLARATION, 'review')
    const files = unzipSync((await exportDocx(input)).data)
    const renamed: Record<string, string> = { ConsensoStatus: 'Estilo1', ConsensoNumber: 'Estilo2', ConsensoBracket: 'Estilo3', ConsensoSponsors: 'Estilo4', Preamble: 'Estilo5', Operative: 'Estilo6' }
    for (const part of ['word/styles.xml', 'word/document.xml']) {
      let xml = strFromU8(files[part]!)
      for (const [from, to] of Object.entries(renamed)) {
        xml = xml.replaceAll(`w:styleId="${from}"`, `w:styleId="${to}"`).replace(new RegExp(`(<w:(?:pStyle|rStyle|basedOn|next) w:val=)"${from}"`, 'gu'), `$1"${to}"`)
      }
      files[part] = strToU8(xml)
    }
    const back = importDocx(zipSync(files))
    expect(normalDoc(back.doc)).toEqual(normalDoc(input.doc))
    expect(importedThreads(back)).toEqual(expectedThreads(input))
    expect(back.brackets).toHaveLength(2)
  })
  it('"PP1." in one run and an italic "Recordando" in the next is a preambular paragraph without its number', () => {
    const run = (text: string, props = '') => `<w:r>${props ? `<w:rPr>${props}</w:rPr>` : ''}<w:t xml:space="preserve">${text}</w:t></w:r>`
    const draft = importDocx(
      docxWithBody(
        `<w:p>${run('PP1.')}${run('Recordando', '<w:i/>')}${run(' la Declaración de Nueva York;')}</w:p>` +
          `<w:p>${run('OP')}${run('2. ')}${run('Decide', '<w:i/>')}${run(' continuar.')}</w:p>` +
          `<w:p>${run('PP12 sin punto')}</w:p>`,
      ),
    )
    expect(normalDoc(draft.doc)).toEqual(
      normalDoc({
        type: 'doc',
        content: [pp(t('Recordando', italic), ' la Declaración de Nueva York;'), op(t('Decide', italic), ' continuar.'), pp('sin punto')],
      }),
    )
  })
})

describe('[CONV-17] what a file held that a draft cannot keep is listed in the import', () => {
  it('Word: footnotes, a table inside a table, link targets, images and super/subscript are counted, their words kept', () => {
    const W_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    const draft = importDocx(
      docxWithBody(
        `<w:p><w:r><w:t xml:space="preserve">Según el informe</w:t></w:r><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="1"/></w:r><w:r><w:t xml:space="preserve"> de la </w:t></w:r><w:hyperlink ${W_R} r:id="rId9"><w:r><w:t>OIM</w:t></w:r></w:hyperlink><w:r><w:t xml:space="preserve">, el CO</w:t></w:r><w:r><w:rPr><w:vertAlign w:val="subscript"/></w:rPr><w:t>2</w:t></w:r></w:p>` +
          // The table is kept ([CONV-131]); the table inside its second cell becomes that cell's paragraphs.
          `<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Chile</w:t></w:r></w:p></w:tc><w:tc><w:tbl><w:tr><w:tc><w:p><w:r><w:t>Panamá</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p/></w:tc></w:tr></w:tbl>` +
          `<w:p><w:r><w:drawing/></w:r><w:r><w:t>Figura 1</w:t></w:r></w:p>`,
      ),
    )
    expect(draft.lost).toEqual([
      { kind: 'footnotes', count: 1 },
      { kind: 'tables', count: 1 },
      { kind: 'links', count: 1 },
      { kind: 'images', count: 1 },
      { kind: 'superscript', count: 1 },
    ])
    expect(JSON.stringify(draft.doc)).toContain('OIM')
    const tableNode = draft.doc.content!.find((b) => b.type === 'table')!
    expect(tableNode.content![0]!.content!.map((cell) => cell.content!.map((q) => q.content?.[0]?.text ?? ''))).toEqual([['Chile'], ['Panamá', '']])
  })
  it('Markdown: images, links to other files and <sup>/<sub> are counted (tables are kept); a plain file loses nothing', () => {
    // A link to a web address is kept ([CONV-120]); one to a file beside the Markdown cannot be.
    const draft = importMarkdown('Ver [el informe](informe.md) y ![mapa](mapa.png).\n\n| país | voto |\n| --- | --- |\n| Chile | sí |\n\nH<sub>2</sub>O y m<sup>2</sup>\n')
    expect(draft.lost).toEqual([
      { kind: 'links', count: 1 },
      { kind: 'images', count: 1 },
      { kind: 'superscript', count: 2 },
    ])
    expect(draft.doc.content!.some((b) => b.type === 'table')).toBe(true)
    expect(importMarkdown('# Título\n\nPP1. Reconociendo algo;\n').lost).toEqual([])
    expect(importMarkdown('Ver [el informe](https://example.org/informe).\n').lost).toEqual([])
  })
  it('our own review export loses nothing (sponsors are ours, not superscript)', async () => {
    expect(importDocx((await exportDocx(caseInput(DECLARATION, 'review'))).data).lost).toEqual([])
  })
})

describe('[CONV-18] Word numbering: start, continuation, level overrides, letters and roman numerals', () => {
  it('a list starting at 2, one Word continues after a paragraph, an overridden level and (a)/(i) formats', () => {
    const lvl = (ilvl: number, fmt: string, start = 1) => `<w:lvl w:ilvl="${ilvl}"><w:start w:val="${start}"/><w:numFmt w:val="${fmt}"/><w:lvlText w:val="%${ilvl + 1}."/></w:lvl>`
    const numbering =
      `<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
      `<w:abstractNum w:abstractNumId="1">${lvl(0, 'decimal', 2)}${lvl(1, 'lowerLetter')}</w:abstractNum>` +
      `<w:abstractNum w:abstractNumId="2">${lvl(0, 'upperRoman')}</w:abstractNum>` +
      `<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>` +
      `<w:num w:numId="2"><w:abstractNumId w:val="2"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>` +
      `</w:numbering>`
    const item = (numId: number, ilvl: number, text: string) => `<w:p><w:pPr><w:numPr><w:ilvl w:val="${ilvl}"/><w:numId w:val="${numId}"/></w:numPr></w:pPr><w:r><w:t>${text}</w:t></w:r></w:p>`
    const body =
      item(1, 0, 'Bip') + item(1, 1, 'uno') + item(1, 1, 'dos') + item(1, 0, 'Bap') + `<w:p><w:r><w:t>Entre medio.</w:t></w:r></w:p>` + item(1, 0, 'Bop') + item(1, 1, 'tres') + item(2, 0, 'Quinto')
    const draft = importDocx(docxWithBody(body, { 'word/numbering.xml': strToU8(numbering) }))
    const ol = (attrs: Record<string, unknown> | null, ...items: unknown[]) => ({ type: 'orderedList', ...(attrs ? { attrs } : {}), content: items })
    const li = (text: string, ...nested: unknown[]) => ({ type: 'listItem', content: [p(text), ...nested] })
    expect(normalDoc(draft.doc)).toEqual(
      normalDoc({
        type: 'doc',
        content: [
          ol({ start: 2 }, li('Bip', ol({ type: 'a' }, li('uno'), li('dos'))), li('Bap')),
          p('Entre medio.'),
          // Word goes on: "4. Bop", and its sub-list starts again at (a).
          ol({ start: 4 }, li('Bop', ol({ type: 'a' }, li('tres')))),
          ol({ start: 5, type: 'I' }, li('Quinto')),
        ],
      } as never),
    )
  })
})
