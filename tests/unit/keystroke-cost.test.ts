// @vitest-environment happy-dom
/**
 * What one keystroke may set off besides its own update (TYPE-4): our own caret moves neither
 * go out nor redraw the carets (a second transaction through every plugin and the Yjs
 * binding's whole-draft diff) once per keystroke, and the device copy is written in batches.
 * Fake timers: the counts are of calls, not of time.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness'
import * as Y from 'yjs'
import { CARET_INTERVAL_MS, CaretAwareness } from '@consenso/client/caret-awareness'
import { batchDeviceWrites, DEVICE_COPY_DELAY_MS } from '@consenso/client/device-copy'
import { jsonToYUpdate, withBlockIds } from '@consenso/schema'
import { headlessEditor } from '../helpers/typing-sim.ts'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

function caretAt(doc: Y.Doc, index: number): unknown {
  const text = doc.getText('t')
  return { anchor: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, index)), head: null }
}

describe('[TYPE-4] our own caret', () => {
  it('moves announced at most once per interval: the first at once, the last always; hiding it at once', () => {
    const doc = new Y.Doc()
    doc.getText('t').insert(0, 'x'.repeat(100))
    const inner = new Awareness(doc)
    let clock = 0
    const caret = new CaretAwareness(inner, CARET_INTERVAL_MS, () => clock)
    const announced: unknown[] = []
    inner.on('update', () => announced.push(inner.getLocalState()?.cursor))
    // Forty keystrokes, 25 ms apart: one second of fast typing.
    for (let i = 1; i <= 40; i++) {
      caret.setLocalStateField('cursor', caretAt(doc, i))
      // What the caret plugin compares against is the caret that will be announced.
      expect(caret.getLocalState()?.cursor).toEqual(caretAt(doc, i))
      clock += 25
      vi.advanceTimersByTime(25)
    }
    vi.advanceTimersByTime(CARET_INTERVAL_MS)
    expect(announced.length).toBeGreaterThanOrEqual(2)
    expect(announced.length).toBeLessThanOrEqual(1 + Math.ceil((40 * 25) / CARET_INTERVAL_MS))
    expect(announced[0]).toEqual(caretAt(doc, 1))
    expect(announced.at(-1)).toEqual(caretAt(doc, 40))
    expect(inner.getLocalState()?.cursor).toEqual(caretAt(doc, 40))
    // Leaving the editor hides the caret for everyone at once, and nothing stale follows.
    caret.setLocalStateField('cursor', caretAt(doc, 41))
    caret.setLocalStateField('cursor', null)
    expect(inner.getLocalState()?.cursor).toBeNull()
    vi.advanceTimersByTime(CARET_INTERVAL_MS * 2)
    expect(inner.getLocalState()?.cursor).toBeNull()
    // Other fields go out at once.
    caret.setLocalStateField('user', { name: 'Ana' })
    expect(inner.getLocalState()?.user).toEqual({ name: 'Ana' })
  })

  it('[PERF-12] a caret that did not move is not announced again (y-tiptap re-announces it after every remote change)', () => {
    const doc = new Y.Doc()
    doc.getText('t').insert(0, 'x'.repeat(10))
    const inner = new Awareness(doc)
    let clock = 0
    const caret = new CaretAwareness(inner, CARET_INTERVAL_MS, () => clock)
    let announced = 0
    inner.on('update', () => (announced += 1))
    caret.setLocalStateField('cursor', caretAt(doc, 3))
    expect(announced).toBe(1)
    // Someone else types twenty letters: the plugin hands over the same caret each time.
    for (let i = 0; i < 20; i++) {
      caret.setLocalStateField('cursor', caretAt(doc, 3))
      clock += 25
      vi.advanceTimersByTime(25)
    }
    vi.advanceTimersByTime(CARET_INTERVAL_MS)
    expect(announced).toBe(1)
    // A move away and back within one interval: what waits is the same caret, so nothing goes out.
    clock += CARET_INTERVAL_MS
    caret.setLocalStateField('cursor', caretAt(doc, 4))
    expect(announced).toBe(2)
    caret.setLocalStateField('cursor', caretAt(doc, 3))
    caret.setLocalStateField('cursor', caretAt(doc, 4))
    vi.advanceTimersByTime(CARET_INTERVAL_MS)
    expect(announced).toBe(2)
    // Hidden, then shown again at the same place: both go out.
    caret.setLocalStateField('cursor', null)
    caret.setLocalStateField('cursor', caretAt(doc, 4))
    vi.advanceTimersByTime(CARET_INTERVAL_MS)
    expect(announced).toBe(4)
    expect(inner.getLocalState()?.cursor).toEqual(caretAt(doc, 4))
  })

  it('[PERF-14] in the real editor, our own caret moves redraw nothing; someone else’s redraw at once; carets hidden by our paragraph split come back on the next tick', () => {
    const doc = new Y.Doc()
    Y.applyUpdate(doc, jsonToYUpdate(withBlockIds({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Reconociendo la labor.' }] }] })))
    const awareness = new Awareness(doc)
    const { editor, element } = headlessEditor(doc, { author: { id: 'u1', name: 'Ana', delegation: 'CHL' }, awareness })
    vi.advanceTimersByTime(50)
    let transactions = 0
    editor.on('transaction', () => (transactions += 1))
    const text = doc.getXmlFragment('default')
    // What the caret plugin was given: the awareness it announces our caret through.
    const caret = editor.extensionManager.extensions.find((extension) => extension.name === 'collaborationCaret')!.options.provider.awareness as CaretAwareness
    expect(caret).toBeInstanceOf(CaretAwareness)
    // Twenty keystrokes 25 ms apart: half a second of fast typing.
    for (let i = 0; i < 20; i++) {
      caret.setLocalStateField('cursor', { anchor: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, 0)), head: null, i })
      vi.advanceTimersByTime(25)
    }
    vi.advanceTimersByTime(CARET_INTERVAL_MS)
    expect(awareness.getLocalState()?.cursor).toMatchObject({ i: 19 })
    expect(transactions).toBe(0)
    // John's caret after "Recono": drawn at once.
    const words = (text.get(0) as Y.XmlElement).get(0) as Y.XmlText
    const at = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(words, 'Recono'.length))
    const other = new Awareness(new Y.Doc())
    other.setLocalStateField('user', { name: 'John', delegation: 'PAN', color: '#993366' })
    other.setLocalStateField('cursor', { anchor: at, head: at })
    applyAwarenessUpdate(awareness, encodeAwarenessUpdate(other, [other.clientID]), 'remote')
    vi.advanceTimersByTime(50)
    expect(transactions).toBe(1)
    const carets = (): number => element.querySelectorAll('.collaboration-carets__caret').length
    expect(carets()).toBe(1)
    // Our Enter after "Reconociendo": the plugin hides the carets, and they come back by themselves.
    editor.commands.setTextSelection(1 + 'Reconociendo'.length)
    editor.commands.splitBlock()
    expect(carets()).toBe(0)
    vi.advanceTimersByTime(1)
    expect(carets()).toBe(1)
    editor.destroy()
    element.remove()
  })
})

describe('[TYPE-4] the device copy', () => {
  it('is written as one merged update per batch, at once on flush, never what it loaded itself', () => {
    const doc = new Y.Doc()
    const writes: Uint8Array[] = []
    const persistence = { _storeUpdate: (update: Uint8Array, _origin: unknown) => void writes.push(update) }
    doc.on('update', persistence._storeUpdate)
    const writer = batchDeviceWrites(persistence, doc)
    const text = doc.getText('t')
    for (const letter of 'negociamos') text.insert(text.length, letter)
    expect(writes).toHaveLength(0)
    vi.advanceTimersByTime(DEVICE_COPY_DELAY_MS)
    expect(writes).toHaveLength(1)
    const copy = new Y.Doc()
    Y.applyUpdate(copy, writes[0]!)
    expect(copy.getText('t').toString()).toBe('negociamos')
    // Loaded from the copy: not written back.
    const loaded = new Y.Doc()
    loaded.getText('t').insert(0, 'x')
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(loaded), persistence)
    vi.advanceTimersByTime(DEVICE_COPY_DELAY_MS)
    expect(writes).toHaveLength(1)
    // Hidden page or closed session: written at once.
    text.insert(0, '¡')
    writer.flush()
    expect(writes).toHaveLength(2)
    text.insert(0, '¿')
    writer.stop()
    expect(writes).toHaveLength(3)
    text.insert(0, 'after')
    vi.advanceTimersByTime(DEVICE_COPY_DELAY_MS)
    expect(writes).toHaveLength(3)
  })
})
