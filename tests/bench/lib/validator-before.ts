/**
 * The body validator as it was before TRUST-* (server/src/collab/update-validation.ts at
 * 5cdc4f0), kept for comparisons only: the validation scenario times it in process, and
 * servers/validator-before.ts puts it back into a benchmarked Consenso to measure what the
 * checks cost the replay (`BENCH_VALIDATOR=before`). It checked each decoded struct's kind
 * alone and then integrated the whole update into a scratch Y.Doc.
 */
import * as Y from 'yjs'
import { BODY_FIELD } from '@consenso/schema'

export function validateBefore(update: Uint8Array, fail: (why: string) => Error = (why) => new Error(why)): { empty: boolean } {
  const { structs, ds } = Y.decodeUpdate(update)
  if (structs.length === 0 && ds.clients.size === 0) return { empty: true }
  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue
    const parent: unknown = struct.parent
    if (typeof parent === 'string' && parent !== BODY_FIELD) throw fail('update writes to a root type that does not exist here')
    const content = struct.content
    if (content instanceof Y.ContentDeleted) continue
    if (parent === null && (struct.origin !== null || struct.rightOrigin !== null)) continue
    if (typeof parent === 'string') {
      if (struct.parentSub !== null || !(content instanceof Y.ContentType)) throw fail('the body holds only elements and text at its top level')
      continue
    }
    if (struct.parentSub !== null) {
      if (content instanceof Y.ContentAny || content instanceof Y.ContentString) continue
      throw fail('an attribute of the body holds a value of an unsupported kind')
    }
    if (content instanceof Y.ContentType || content instanceof Y.ContentString || content instanceof Y.ContentFormat) continue
    throw fail(`the body cannot hold content of kind ${content.constructor.name}`)
  }
  const scratch = new Y.Doc({ gc: false, guid: 'consenso-validation-scratch' })
  try {
    Y.applyUpdate(scratch, update)
  } catch (error) {
    throw fail(`update cannot be applied: ${(error as Error).message}`)
  } finally {
    scratch.destroy()
  }
  return { empty: false }
}
