/**
 * Counts the structs of a Yjs update (format v1) without decoding them (ABUSE-4). Decoding
 * builds an object per struct, and a shared type for each element: on this machine
 * `Y.decodeUpdate` of a 1.6 MB update of 100,000 structs took 1 to 1.5 s, during which every
 * other draft of the server waited. This walks the same bytes, creating nothing but the
 * occasional small value, and stops as soon as the count passes the limit: the count is in each
 * client's header, so an over-large block is known before its structs are read.
 *
 * The layout followed is Yjs 13's `readClientsStructRefs` (utils/encoding.js) and the content
 * readers of structs/Content*.js for UpdateDecoderV1.
 */
import * as decoding from 'lib0/decoding'

const BITS5 = 31
const BIT6 = 32
const BIT7 = 64
const BIT8 = 128
const GC = 0
const SKIP = 10
const CONTENT_DELETED = 1
const CONTENT_JSON = 2
const CONTENT_BINARY = 3
const CONTENT_STRING = 4
const CONTENT_EMBED = 5
const CONTENT_FORMAT = 6
const CONTENT_TYPE = 7
const CONTENT_ANY = 8
const CONTENT_DOC = 9
/** Shared types whose encoding carries a name (an element's node name, a hook's name). */
const XML_ELEMENT_REF = 3
const XML_HOOK_REF = 5

/** A v1 string, skipped without decoding its UTF-8. */
const skipString = (decoder: decoding.Decoder): void => void decoding.readVarUint8Array(decoder)

function skipContent(decoder: decoding.Decoder, kind: number): void {
  switch (kind) {
    case CONTENT_DELETED:
      decoding.readVarUint(decoder)
      return
    case CONTENT_JSON: {
      const length = decoding.readVarUint(decoder)
      for (let i = 0; i < length; i++) skipString(decoder)
      return
    }
    case CONTENT_BINARY:
    case CONTENT_STRING:
    case CONTENT_EMBED:
      skipString(decoder)
      return
    case CONTENT_FORMAT:
      skipString(decoder)
      skipString(decoder)
      return
    case CONTENT_TYPE: {
      const ref = decoding.readVarUint(decoder)
      if (ref === XML_ELEMENT_REF || ref === XML_HOOK_REF) skipString(decoder)
      return
    }
    case CONTENT_ANY: {
      const length = decoding.readVarUint(decoder)
      for (let i = 0; i < length; i++) decoding.readAny(decoder)
      return
    }
    case CONTENT_DOC:
      skipString(decoder)
      decoding.readAny(decoder)
      return
    default:
      throw new Error(`unknown content kind ${kind}`)
  }
}

/**
 * The number of structs in `update` if it is at most `max`; `max + 1` as soon as it is known to
 * be more; null when the bytes cannot be read this way (the ordinary decoder then says why).
 */
export function countStructsUpTo(update: Uint8Array, max: number): number | null {
  try {
    const decoder = decoding.createDecoder(update)
    const clients = decoding.readVarUint(decoder)
    let count = 0
    for (let c = 0; c < clients; c++) {
      const structs = decoding.readVarUint(decoder)
      count += structs
      if (count > max) return max + 1
      decoding.readVarUint(decoder) // client
      decoding.readVarUint(decoder) // first clock
      for (let s = 0; s < structs; s++) {
        const info = decoding.readUint8(decoder)
        const kind = info & BITS5
        if (kind === GC || kind === SKIP) {
          decoding.readVarUint(decoder)
          continue
        }
        if (info & BIT8) {
          decoding.readVarUint(decoder)
          decoding.readVarUint(decoder)
        }
        if (info & BIT7) {
          decoding.readVarUint(decoder)
          decoding.readVarUint(decoder)
        }
        if ((info & (BIT7 | BIT8)) === 0) {
          // Parent: a root type's name, or the id of the item holding the type.
          if (decoding.readVarUint(decoder) === 1) skipString(decoder)
          else {
            decoding.readVarUint(decoder)
            decoding.readVarUint(decoder)
          }
          if (info & BIT6) skipString(decoder)
        }
        skipContent(decoder, kind)
      }
    }
    return count
  } catch {
    return null
  }
}
