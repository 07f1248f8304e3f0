/**
 * Checks an incoming Yjs update before it can touch a live document or the disk. A client
 * may send bytes that are not an update at all, or a well-formed update that writes where
 * nothing of ours lives; both are refused here so they are never stored.
 */
import * as Y from 'yjs'

export class InvalidUpdateError extends Error {}

export interface UpdateInfo {
  /** True when the update carries no structs and no deletions (a no-op sync step 2). */
  empty: boolean
}

/**
 * @param allowedRoots names of the root types this channel may write (for the body, the
 *   Tiptap field), or null to allow any.
 */
export function validateUpdate(update: Uint8Array, allowedRoots: ReadonlySet<string> | null): UpdateInfo {
  let decoded: ReturnType<typeof Y.decodeUpdate>
  try {
    decoded = Y.decodeUpdate(update)
  } catch (error) {
    throw new InvalidUpdateError(`undecodable update: ${(error as Error).message}`)
  }
  const { structs, ds } = decoded
  if (structs.length === 0 && ds.clients.size === 0) return { empty: true }
  if (allowedRoots) {
    for (const struct of structs) {
      // A decoded item names its parent by root key (a string) or by the id of another item;
      // Yjs's typings do not list the string case.
      const parent: unknown = struct instanceof Y.Item ? struct.parent : null
      if (typeof parent === 'string' && !allowedRoots.has(parent)) {
        throw new InvalidUpdateError(`update writes to a root type that does not exist here: ${JSON.stringify(parent.slice(0, 40))}`)
      }
    }
  }
  // Decoding alone accepts some corrupt byte strings; integrating into a scratch document
  // reads every piece of content the way the live document would.
  const scratch = new Y.Doc({ gc: false })
  try {
    Y.applyUpdate(scratch, update)
  } catch (error) {
    throw new InvalidUpdateError(`update cannot be applied: ${(error as Error).message}`)
  } finally {
    scratch.destroy()
  }
  return { empty: false }
}
