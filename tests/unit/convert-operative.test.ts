/**
 * UN resolutions numbered by Word itself ([CONV-140..143]): data-driven cases of Word files from
 * elsewhere — written by pandoc from Markdown (an outside DOCX writer), and by hand as Word
 * numbers them ("%1." then "(%2)") — read by our importer, then the same files opened and saved
 * again by LibreOffice Writer, which must read the same. Cases that are not a resolution's
 * operative part (a plain numbered list, a file with typed numbers, our own export) stay lists.
 */
import { execFileSync } from 'node:child_process'
import { beforeAll, describe, expect, it } from 'vitest'
import { exportDocx, importDocx, type JSONContent } from '@consenso/convert'
import { caseInput, h, italic, li, normalDoc, op, p, pp, t } from '../helpers/convert-cases.ts'
import { docxWithBody } from '../helpers/large-files.ts'
import { libreOfficeResaveMany, requireTool } from '../helpers/tools.ts'

const hasPandoc = requireTool('pandoc', 'pandoc')
const hasSoffice = requireTool('soffice', 'libreoffice-writer-nogui')

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
/** Word's usual outline for resolutions: "1." at the first level, "(a)" at the second. */
const NUMBERING = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering ${W}><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%2)"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>`
const run = (text: string, isItalic = false) => `<w:r>${isItalic ? '<w:rPr><w:i/></w:rPr>' : ''}<w:t xml:space="preserve">${text}</w:t></w:r>`
const para = (runs: string, level?: number) => `<w:p>${level !== undefined ? `<w:pPr><w:numPr><w:ilvl w:val="${level}"/><w:numId w:val="1"/></w:numPr></w:pPr>` : ''}${runs}</w:p>`
// The numbering part named in the main part's relationships and in the content types, as Word
// writes it: LibreOffice finds parts only so (our importer also by Word's usual names).
const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/></Types>`
const DOCUMENT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/></Relationships>`
const numbered = (body: string) =>
  docxWithBody(body, {
    '[Content_Types].xml': new TextEncoder().encode(CONTENT_TYPES),
    'word/_rels/document.xml.rels': new TextEncoder().encode(DOCUMENT_RELS),
    'word/numbering.xml': new TextEncoder().encode(NUMBERING),
  })
const pandocDocx = (markdown: string): Uint8Array => new Uint8Array(execFileSync('pandoc', ['-f', 'markdown', '-t', 'docx', '-o', '-'], { input: markdown, maxBuffer: 16 * 1024 * 1024 }))
const ola = (...items: JSONContent[]): JSONContent => ({ type: 'orderedList', attrs: { type: 'a' }, content: items })
const ol = (...items: JSONContent[]): JSONContent => ({ type: 'orderedList', content: items })

interface OperativeCase {
  name: string
  file: () => Uint8Array
  needs?: 'pandoc'
  expected: JSONContent[]
}

const RESOLUTION_MD = `# Resolución 78/1

La Asamblea General,

*Recordando* su resolución 73/195,

*Reconociendo* la contribución de las personas migrantes,

1. *Decide* establecer un grupo de trabajo;
2. *Solicita* al grupo:

    a. reunirse dos veces al año;
    b. informar a la Asamblea;

3. *Decide* seguir ocupándose de la cuestión.
`

const CASES: OperativeCase[] = [
  {
    name: 'pandoc: italic preambular paragraphs, then operative paragraphs as a numbered list with (a), (b) subparagraphs',
    needs: 'pandoc',
    file: () => pandocDocx(RESOLUTION_MD),
    expected: [
      h(1, 'Resolución 78/1'),
      p('La Asamblea General,'),
      pp(t('Recordando', italic), ' su resolución 73/195,'),
      pp(t('Reconociendo', italic), ' la contribución de las personas migrantes,'),
      op(t('Decide', italic), ' establecer un grupo de trabajo;'),
      op(t('Solicita', italic), ' al grupo:'),
      ola(li(p('reunirse dos veces al año;')), li(p('informar a la Asamblea;'))),
      op(t('Decide', italic), ' seguir ocupándose de la cuestión.'),
    ],
  },
  {
    name: 'Word numbering "%1." / "(%2)": a decision with operative verbs in italics and no preamble, the count continued after a plain paragraph',
    file: () =>
      numbered(
        para(run('Decisión 2/3')) +
          para(run('Decide', true) + run(' convocar una reunión;'), 0) +
          para(run('Pide', true) + run(' a la Secretaría:'), 0) +
          para(run('preparar un informe;'), 1) +
          para(run('distribuirlo a las delegaciones;'), 1) +
          para(run('Texto aprobado en la tercera sesión.')) +
          para(run('Decide', true) + run(' seguir ocupándose de la cuestión.'), 0),
      ),
    expected: [
      p('Decisión 2/3'),
      op(t('Decide', italic), ' convocar una reunión;'),
      op(t('Pide', italic), ' a la Secretaría:'),
      ola(li(p('preparar un informe;')), li(p('distribuirlo a las delegaciones;'))),
      p('Texto aprobado en la tercera sesión.'),
      op(t('Decide', italic), ' seguir ocupándose de la cuestión.'),
    ],
  },
  {
    name: 'not a resolution: a numbered list of plain items after a plain paragraph stays a list',
    file: () => numbered(para(run('Documentos recibidos:')) + para(run('informe de la Secretaría;'), 0) + para(run('nota de la Presidencia.'), 0)),
    expected: [p('Documentos recibidos:'), ol(li(p('informe de la Secretaría;')), li(p('nota de la Presidencia.')))],
  },
  {
    name: 'a file that types its own numbers: "PP1." kept, the numbered list stays a list',
    file: () => numbered(para(run('PP1. ') + run('Recordando', true) + run(' la Declaración;')) + para(run('Decide', true) + run(' algo;'), 0)),
    expected: [pp(t('Recordando', italic), ' la Declaración;'), ol(li(p(t('Decide', italic), ' algo;')))],
  },
]

const runnable = CASES.filter((c) => c.needs !== 'pandoc' || hasPandoc)

describe('[CONV-140][CONV-141][CONV-142] Word-numbered operative paragraphs come in as OPs', () => {
  for (const c of runnable) {
    it(c.name, () => {
      expect(normalDoc(importDocx(c.file()).doc)).toEqual(normalDoc({ type: 'doc', content: c.expected }))
    })
  }
  it('[CONV-143] our own export with operative paragraphs in a numbered list keeps them as it wrote them', async () => {
    const blocks = [h(1, 'Resolución'), ol(li(op(t('Decide', italic), ' establecer un grupo;')), li(p(t('Pide', italic), ' informes.')))]
    const input = caseInput({ name: 'own', blocks }, 'clean')
    expect(normalDoc(importDocx((await exportDocx(input)).data).doc)).toEqual(normalDoc(input.doc))
  })
})

describe.skipIf(!hasSoffice)('[CONV-144] the same files opened and saved again by LibreOffice Writer read the same', () => {
  const resaved: Uint8Array[] = []
  beforeAll(() => {
    resaved.push(...libreOfficeResaveMany(runnable.map((c) => c.file())))
  }, 300_000)
  runnable.forEach((c, i) => {
    it(c.name, () => {
      expect(normalDoc(importDocx(resaved[i]!).doc)).toEqual(normalDoc({ type: 'doc', content: c.expected }))
    })
  })
})
