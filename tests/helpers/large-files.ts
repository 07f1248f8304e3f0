/**
 * Word and Markdown files made for the conversion limits ([CONV-13]–[CONV-15]): long texts of
 * N paragraphs (as long UN reports are) and the hostile classes — a zip whose headers lie
 * about its sizes, content controls or tables nested thousands deep. Built with fflate so each
 * is a real .docx package: content types, relationships, the main part.
 */
import { strToU8, zipSync, type Zippable } from 'fflate'

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
const PACKAGE_RELS =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'

/** A .docx whose main part has `body` (the inside of `<w:body>`). */
export function docxWithBody(body: string | Uint8Array, extra: Zippable = {}): Uint8Array {
  const documentXml = typeof body === 'string' ? strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${W}><w:body>${body}</w:body></w:document>`) : body
  return zipSync({ '[Content_Types].xml': strToU8(CONTENT_TYPES), '_rels/.rels': strToU8(PACKAGE_RELS), 'word/document.xml': documentXml, ...extra })
}

const WORDS = ['Reconociendo', 'la labor de los puntos focales', 'de la Conferencia Regional sobre Migración', 'y de la Conferencia Suramericana', 'en la preparación de insumos', 'para el Pacto Mundial']

/** Paragraph `i`'s words: varied, so nothing compresses to nothing. */
export function paragraphText(i: number): string {
  return `${WORDS[i % WORDS.length]} ${WORDS[(i * 7 + 3) % WORDS.length]} (${i}).`
}

/** A Word file of `n` paragraphs: a heading every 100, some words in bold. */
export function longDocx(n: number): Uint8Array {
  const parts: string[] = []
  for (let i = 0; i < n; i++) {
    if (i % 100 === 0) parts.push(`<w:p><w:pPr><w:pStyle w:val="Heading2"/></w:pPr><w:r><w:t>Sección ${i / 100 + 1}</w:t></w:r></w:p>`)
    parts.push(`<w:p><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">${i + 1}. </w:t></w:r><w:r><w:t>${paragraphText(i)}</w:t></w:r></w:p>`)
  }
  return docxWithBody(parts.join(''))
}

/** A Markdown file of `n` paragraphs, with a heading every 100. */
export function longMarkdown(n: number): Uint8Array {
  const parts: string[] = []
  for (let i = 0; i < n; i++) {
    if (i % 100 === 0) parts.push(`## Sección ${i / 100 + 1}`)
    parts.push(`**${i + 1}\\.** ${paragraphText(i)}`)
  }
  return strToU8(parts.join('\n\n') + '\n')
}

/** Paragraphs the importers give for `n` paragraphs of longDocx/longMarkdown (with their headings). */
export const blocksOf = (n: number): number => n + Math.ceil(n / 100)

/**
 * A .docx whose main part inflates to `megabytes` MB of spaces while both its headers (local
 * and central) say it holds 1 KB — the "zip that lies about its sizes" class.
 */
export function lyingZip(megabytes = 80): Uint8Array {
  const filler = new Uint8Array(megabytes * 1024 * 1024).fill(0x20)
  const head = strToU8(`<?xml version="1.0" encoding="UTF-8"?><w:document ${W}><w:body><w:p><w:r><w:t>x</w:t></w:r></w:p>`)
  const xml = new Uint8Array(head.byteLength + filler.byteLength + 40)
  xml.set(head)
  xml.set(filler, head.byteLength)
  xml.set(strToU8('</w:body></w:document>'), head.byteLength + filler.byteLength)
  const zip = docxWithBody(xml.subarray(0, head.byteLength + filler.byteLength + '</w:body></w:document>'.length))
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength)
  // Every header naming word/document.xml now says 1 KB uncompressed.
  for (let at = 0; at + 4 <= zip.byteLength; at++) {
    const signature = view.getUint32(at, true)
    if (signature === 0x04034b50 && nameAt(zip, at + 30, view.getUint16(at + 26, true)) === 'word/document.xml') view.setUint32(at + 22, 1024, true)
    if (signature === 0x02014b50 && nameAt(zip, at + 46, view.getUint16(at + 28, true)) === 'word/document.xml') view.setUint32(at + 24, 1024, true)
  }
  return zip
}

const nameAt = (zip: Uint8Array, at: number, length: number): string => new TextDecoder().decode(zip.subarray(at, at + length))

/** `depth` content controls, each inside the last, around one paragraph. */
export function nestedContentControls(depth: number): Uint8Array {
  return docxWithBody(`${'<w:sdt><w:sdtContent>'.repeat(depth)}<w:p><w:r><w:t>centro</w:t></w:r></w:p>${'</w:sdtContent></w:sdt>'.repeat(depth)}`)
}

/** `depth` tables, each in the only cell of the last. */
export function nestedTables(depth: number): Uint8Array {
  return docxWithBody(`${'<w:tbl><w:tr><w:tc>'.repeat(depth)}<w:p><w:r><w:t>centro</w:t></w:r></w:p>${'</w:tc></w:tr></w:tbl>'.repeat(depth)}<w:p/>`)
}

/** `n` paragraphs of one or two characters: a 7 KB file that once exhausted the heap. */
export function shortParagraphs(n: number): Uint8Array {
  return docxWithBody(Array.from({ length: n }, (_, i) => `<w:p><w:r><w:t>${i % 10}</w:t></w:r></w:p>`).join(''))
}
