/**
 * The copy of a draft kept on this device (y-indexeddb) is written in batches (TYPE-4).
 * y-indexeddb opens one IndexedDB transaction per Yjs update, which is one per keystroke:
 * here the updates made while typing are gathered and written as one merged update at most
 * every `delayMs`, and at once when the page is hidden or the session ends. What the
 * device copy may lack at a crash is the last fraction of a second of typing, which the
 * server has most likely received already (the websocket is not delayed).
 */
import * as Y from 'yjs'
import type { IndexeddbPersistence } from 'y-indexeddb'

export const DEVICE_COPY_DELAY_MS = 300

export interface DeviceCopyWriter {
  /** Writes what waits now. */
  flush(): void
  /** Writes what waits and stops batching (before the persistence is destroyed). */
  stop(): void
}

/** `persistence` is the draft's y-indexeddb copy of `ydoc`, just created. */
export function batchDeviceWrites(persistence: Pick<IndexeddbPersistence, '_storeUpdate'>, ydoc: Y.Doc, delayMs = DEVICE_COPY_DELAY_MS): DeviceCopyWriter {
  const store = persistence._storeUpdate
  ydoc.off('update', store)
  let waiting: Uint8Array[] = []
  let timer: ReturnType<typeof setTimeout> | null = null
  const flush = (): void => {
    if (timer !== null) clearTimeout(timer)
    timer = null
    if (waiting.length === 0) return
    const update = waiting.length === 1 ? waiting[0]! : Y.mergeUpdates(waiting)
    waiting = []
    store(update, null)
  }
  const onUpdate = (update: Uint8Array, origin: unknown): void => {
    // What the copy itself loaded is already in it.
    if (origin === persistence) return
    waiting.push(update)
    timer ??= setTimeout(flush, delayMs)
  }
  ydoc.on('update', onUpdate)
  return {
    flush,
    stop: () => {
      flush()
      ydoc.off('update', onUpdate)
    },
  }
}
