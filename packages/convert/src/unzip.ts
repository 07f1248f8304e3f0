/**
 * Reads chosen entries of a zip (a .docx) without trusting what its headers say about sizes.
 * The central directory gives each entry's place and compressed length; the bytes are then
 * inflated in small slices by fflate's streaming `Inflate`, counting what comes out, so a file
 * whose headers claim 1 KB and inflate to gigabytes stops at the cap after a few megabytes of
 * work instead of after the whole inflation ([CONV-13]). Stored (uncompressed) entries are
 * counted the same way.
 */
import { Inflate } from 'fflate'
import { ConvertError } from './model.ts'
import { concatBytes } from './bytes.ts'

const SLICE = 16 * 1024

interface Entry {
  name: string
  method: number
  compressedSize: number
  localOffset: number
}

const corrupt = () => new ConvertError('corrupt', 'The file is not a Word document (.docx), or it is damaged.')

function centralDirectory(data: Uint8Array): Entry[] {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength)
  // The end record sits in the last 22 bytes plus a comment of up to 65,535.
  let end = -1
  for (let i = data.byteLength - 22; i >= Math.max(0, data.byteLength - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      end = i
      break
    }
  }
  if (end < 0) throw corrupt()
  const count = view.getUint16(end + 10, true)
  let at = view.getUint32(end + 16, true)
  const entries: Entry[] = []
  const names = new TextDecoder('utf-8')
  for (let n = 0; n < count; n++) {
    if (at + 46 > data.byteLength || view.getUint32(at, true) !== 0x02014b50) throw corrupt()
    const nameLength = view.getUint16(at + 28, true)
    const extraLength = view.getUint16(at + 30, true)
    const commentLength = view.getUint16(at + 32, true)
    if (at + 46 + nameLength > data.byteLength) throw corrupt()
    entries.push({
      name: names.decode(data.subarray(at + 46, at + 46 + nameLength)),
      method: view.getUint16(at + 10, true),
      compressedSize: view.getUint32(at + 20, true),
      localOffset: view.getUint32(at + 42, true),
    })
    at += 46 + nameLength + extraLength + commentLength
  }
  return entries
}

/** The bytes an entry's local header points at, checked to lie inside the file. */
function compressedBytes(data: Uint8Array, entry: Entry): Uint8Array {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength)
  const at = entry.localOffset
  if (at + 30 > data.byteLength || view.getUint32(at, true) !== 0x04034b50) throw corrupt()
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true)
  const end = start + entry.compressedSize
  if (end > data.byteLength) throw corrupt()
  return data.subarray(start, end)
}

/**
 * A zip opened for reading: `read` gives the named entries it holds, inflated; every read
 * counts against one `maxBytes` for the whole file and throws `too_large` past it, and
 * `corrupt` for anything that is not a readable zip.
 */
export function openZip(data: Uint8Array, maxBytes: number, tooLarge: string): { names: Set<string>; read: (names: readonly string[]) => Map<string, Uint8Array> } {
  const entries = centralDirectory(data)
  let total = 0
  const read = (names: readonly string[]): Map<string, Uint8Array> => {
    const out = new Map<string, Uint8Array>()
    for (const entry of entries) {
      if (!names.includes(entry.name) || out.has(entry.name)) continue
      const source = compressedBytes(data, entry)
      const chunks: Uint8Array[] = []
      const take = (chunk: Uint8Array) => {
        total += chunk.byteLength
        if (total > maxBytes) throw new ConvertError('too_large', tooLarge)
        chunks.push(chunk)
      }
      if (entry.method === 0) take(source.slice())
      else if (entry.method === 8) {
        const inflate = new Inflate((chunk) => take(chunk))
        try {
          for (let i = 0; i < source.byteLength; i += SLICE) inflate.push(source.subarray(i, i + SLICE), i + SLICE >= source.byteLength)
          if (source.byteLength === 0) inflate.push(new Uint8Array(0), true)
        } catch (error) {
          if (error instanceof ConvertError) throw error
          throw corrupt()
        }
      } else throw new ConvertError('unsupported', `Part ${entry.name} of the file is compressed in a way Word does not use.`)
      out.set(entry.name, concatBytes(chunks))
    }
    return out
  }
  return { names: new Set(entries.map((e) => e.name)), read }
}
