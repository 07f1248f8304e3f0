/**
 * Which of the repository's allowed types a file is, from its own bytes (FILES-3): the type a
 * browser declares is a guess from the file's name, and a file's name is whatever its sender
 * chose. Six formats, each recognised by its signature; the Office and OpenDocument files are
 * zip archives told apart by the names of their parts (kept uncompressed in a zip's headers).
 * Why not a detection library: the list is six types long and closed, and each check is a
 * signature or a part name; a general detector would accept many types we refuse anyway.
 */

export const FILE_TYPES = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  odt: 'application/vnd.oasis.opendocument.text',
  png: 'image/png',
  jpeg: 'image/jpeg',
  text: 'text/plain; charset=utf-8',
} as const

export type FileKind = keyof typeof FILE_TYPES

const ALLOWED_TYPES: ReadonlySet<string> = new Set(Object.values(FILE_TYPES))

/** The media type a download may carry: one of ours, else bytes (FILES-6). */
export function servedType(stored: string): string {
  return ALLOWED_TYPES.has(stored) ? stored : 'application/octet-stream'
}

const startsWith = (data: Uint8Array, signature: readonly number[], at = 0): boolean => signature.every((b, i) => data[at + i] === b)
const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0))

/** The kind of a file, or null when it is none of the allowed ones. */
export function sniff(data: Uint8Array): FileKind | null {
  if (startsWith(data, ascii('%PDF-'))) return 'pdf'
  if (startsWith(data, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png'
  if (startsWith(data, [0xff, 0xd8, 0xff])) return 'jpeg'
  if (startsWith(data, [0x50, 0x4b, 0x03, 0x04])) return zipKind(data)
  return isText(data) ? 'text' : null
}

function zipKind(data: Uint8Array): FileKind | null {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength)
  // An OpenDocument file starts with its uncompressed `mimetype` part (ODF 1.2, part 3, §3.3).
  if (bytes.subarray(30, 38).toString('latin1') === 'mimetype' && bytes.subarray(38, 38 + FILE_TYPES.odt.length).toString('latin1') === FILE_TYPES.odt) return 'odt'
  if (!bytes.includes('[Content_Types].xml', 0, 'latin1')) return null
  if (bytes.includes('word/document.xml', 0, 'latin1')) return 'docx'
  if (bytes.includes('xl/workbook.xml', 0, 'latin1')) return 'xlsx'
  return null
}

/** UTF-8 with no NUL and no control characters but tab, line ends and form feed. */
function isText(data: Uint8Array): boolean {
  if (data.byteLength === 0) return false
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data)
  } catch {
    return false
  }
  // eslint-disable-next-line no-control-regex -- the control characters are what is looked for
  return !/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/u.test(text)
}
