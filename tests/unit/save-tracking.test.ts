/**
 * [SAVE-1..4] The client's half of `saved` (SaveTracker in @consenso/protocol), shared by the
 * browser client, the test clients and the in-memory sync harness. Frames are built with the
 * protocol's own encoders from real Yjs changes.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import * as awarenessProtocol from 'y-protocols/awareness'
import { encodeAwarenessMessage, encodeSyncStep1, encodeSyncStep2, encodeSyncUpdate, SaveTracker } from '@consenso/protocol'
import { BODY_FIELD } from '@consenso/schema'

/** A client document whose changes are sent (when online) as the provider does: one update frame each. */
function client(tracker: SaveTracker) {
  const doc = new Y.Doc()
  let online = true
  doc.on('update', (update: Uint8Array) => {
    if (online) tracker.frameSent(encodeSyncUpdate(update))
    tracker.changed(doc.clientID, Y.getState(doc.store, doc.clientID), online)
  })
  const fragment = doc.getXmlFragment(BODY_FIELD)
  return {
    doc,
    add(text: string) {
      const p = new Y.XmlElement('paragraph')
      p.insert(0, [new Y.XmlText(text)])
      fragment.push([p])
    },
    removeFirst() {
      fragment.delete(0, 1)
    },
    setOnline(value: boolean) {
      online = value
    },
  }
}

describe('SaveTracker', () => {
  it('[SAVE-1] a change is confirmed by the `saved` that counts its frame, never by an earlier one', () => {
    const tracker = new SaveTracker()
    tracker.connectionOpened()
    const c = client(tracker)
    c.add('uno')
    c.add('dos')
    expect(tracker.framesSent).toBe(2)
    expect(tracker.saved(1)).toBe(true)
    expect(tracker.count).toBe(1)
    expect(tracker.saved(1)).toBe(false)
    expect(tracker.saved(2)).toBe(true)
    expect(tracker.count).toBe(0)
  })

  it('[SAVE-2] a deletion, which leaves the state vector as it was, waits for its own frame', () => {
    const tracker = new SaveTracker()
    tracker.connectionOpened()
    const c = client(tracker)
    c.add('borrable')
    tracker.saved(1)
    const before = Y.encodeStateVector(c.doc)
    c.removeFirst()
    // A state-vector comparison would call this saved already; the frame count does not.
    expect(Y.encodeStateVector(c.doc)).toEqual(before)
    expect(tracker.count).toBe(1)
    expect(tracker.saved(1)).toBe(false)
    expect(tracker.saved(2)).toBe(true)
    expect(tracker.count).toBe(0)
  })

  it('[SAVE-3] after a reconnect, changes made offline and unconfirmed ones ride on the sync step 2, numbered afresh', () => {
    const tracker = new SaveTracker()
    tracker.connectionOpened()
    const c = client(tracker)
    c.add('enviado sin confirmar')
    c.setOnline(false)
    c.add('sin conexión')
    c.removeFirst()
    expect(tracker.count).toBe(3)
    // A `saved` of the old connection's numbering is gone with it; the new one starts at zero.
    tracker.connectionOpened()
    c.setOnline(true)
    expect(tracker.frameSent(encodeSyncStep1(Y.encodeStateVector(c.doc)))).toBe(false)
    expect(tracker.frameSent(encodeAwarenessMessage(awarenessProtocol.encodeAwarenessUpdate(new awarenessProtocol.Awareness(c.doc), [c.doc.clientID])))).toBe(false)
    expect(tracker.frameSent(encodeSyncStep2(Y.encodeStateAsUpdate(c.doc)))).toBe(true)
    c.add('después')
    expect(tracker.framesSent).toBe(2)
    expect(tracker.saved(1)).toBe(true)
    expect(tracker.count).toBe(1)
    expect(tracker.saved(2)).toBe(true)
    expect(tracker.count).toBe(0)
  })

  it('[SAVE-4] pairs loaded from before (a reload) wait for the next sync step 2 and are kept as pairs', () => {
    const tracker = new SaveTracker([
      [7, 3],
      [8, 1],
    ])
    expect(tracker.pairs()).toEqual([
      [7, 3],
      [8, 1],
    ])
    tracker.connectionOpened()
    expect(tracker.saved(5)).toBe(false)
    tracker.frameSent(encodeSyncUpdate(new Uint8Array([0, 0])))
    tracker.frameSent(encodeSyncStep2(new Uint8Array([0, 0])))
    expect(tracker.saved(1)).toBe(false)
    expect(tracker.saved(2)).toBe(true)
    expect(tracker.pairs()).toEqual([])
  })
})
