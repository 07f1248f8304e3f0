/**
 * Side by side, paragraph by paragraph (UI-BILING-2): the source editor and the translation
 * editor each take this extension; `alignEditors` measures both texts' top-level blocks by id
 * and gives the shorter of each pair a bottom padding (a node decoration, so ProseMirror keeps
 * drawing its own DOM) that makes the pair equally tall, so every row starts at the same height
 * on both sides. Measured again whenever either text's size changes (ResizeObserver).
 */
import { Extension, type Editor } from '@tiptap/core'
import type { Node as PMNode } from '@tiptap/pm/model'
import { Plugin, PluginKey } from '@tiptap/pm/state'
import { Decoration, DecorationSet } from '@tiptap/pm/view'

type Pads = ReadonlyMap<string, number>
interface AlignState {
  pads: Pads
  set: DecorationSet
}

export const alignRowsKey = new PluginKey<AlignState>('consensoAlignRows')
const NO_PADS: Pads = new Map()

function build(doc: PMNode, pads: Pads): DecorationSet {
  if (pads.size === 0) return DecorationSet.empty
  const decorations: Decoration[] = []
  doc.forEach((node, offset) => {
    const id = node.attrs.id as unknown
    const pad = typeof id === 'string' ? (pads.get(id) ?? 0) : 0
    if (pad > 0) decorations.push(Decoration.node(offset, offset + node.nodeSize, { style: `padding-bottom: ${pad}px` }))
  })
  return DecorationSet.create(doc, decorations)
}

export const AlignRows = Extension.create({
  name: 'alignRows',
  addProseMirrorPlugins() {
    return [
      new Plugin<AlignState>({
        key: alignRowsKey,
        state: {
          init: () => ({ pads: NO_PADS, set: DecorationSet.empty }),
          apply(tr, value, _old, state) {
            const pads = (tr.getMeta(alignRowsKey) as Pads | undefined) ?? value.pads
            if (!tr.docChanged && pads === value.pads) return value
            return { pads, set: build(state.doc, pads) }
          },
        },
        props: { decorations: (state) => alignRowsKey.getState(state)?.set },
      }),
    ]
  },
})

const padsOf = (editor: Editor): Pads => alignRowsKey.getState(editor.state)?.pads ?? NO_PADS

function blocksById(editor: Editor): Map<string, HTMLElement> {
  const found = new Map<string, HTMLElement>()
  for (const child of Array.from(editor.view.dom.children)) {
    if (child instanceof HTMLElement && child.dataset.id && !found.has(child.dataset.id)) found.set(child.dataset.id, child)
  }
  return found
}

const samePads = (a: Pads, b: Map<string, number>): boolean => a.size === b.size && [...b].every(([id, pad]) => Math.abs((a.get(id) ?? 0) - pad) < 1)

/**
 * Keeps `source` and `target` aligned while both live; `spacer` (above the translation's text)
 * takes up the difference between where the two texts begin. Returns the cleanup.
 */
export function alignEditors(source: Editor, target: Editor, spacer: HTMLElement): () => void {
  let frame = 0
  const measure = (): void => {
    frame = 0
    if (source.isDestroyed || target.isDestroyed) return
    const left = blocksById(source)
    const right = blocksById(target)
    const oldLeft = padsOf(source)
    const oldRight = padsOf(target)
    const nextLeft = new Map<string, number>()
    const nextRight = new Map<string, number>()
    let first = true
    for (const [id, a] of left) {
      const b = right.get(id)
      if (!b) continue
      if (first) {
        first = false
        const gap = a.getBoundingClientRect().top - b.getBoundingClientRect().top + spacer.offsetHeight
        spacer.style.height = `${Math.max(0, Math.round(gap))}px`
      }
      const heightA = a.getBoundingClientRect().height - (oldLeft.get(id) ?? 0)
      const heightB = b.getBoundingClientRect().height - (oldRight.get(id) ?? 0)
      const tall = Math.max(heightA, heightB)
      if (tall - heightA >= 1) nextLeft.set(id, Math.round(tall - heightA))
      if (tall - heightB >= 1) nextRight.set(id, Math.round(tall - heightB))
    }
    if (!samePads(oldLeft, nextLeft)) source.view.dispatch(source.state.tr.setMeta(alignRowsKey, nextLeft).setMeta('addToHistory', false))
    if (!samePads(oldRight, nextRight)) target.view.dispatch(target.state.tr.setMeta(alignRowsKey, nextRight).setMeta('addToHistory', false))
  }
  const schedule = (): void => {
    if (!frame) frame = requestAnimationFrame(measure)
  }
  const observer = new ResizeObserver(schedule)
  observer.observe(source.view.dom)
  observer.observe(target.view.dom)
  source.on('update', schedule)
  target.on('update', schedule)
  window.addEventListener('resize', schedule)
  schedule()
  return () => {
    observer.disconnect()
    source.off('update', schedule)
    target.off('update', schedule)
    window.removeEventListener('resize', schedule)
    if (frame) cancelAnimationFrame(frame)
    spacer.style.height = '0px'
    if (!source.isDestroyed && padsOf(source).size > 0) source.view.dispatch(source.state.tr.setMeta(alignRowsKey, NO_PADS))
  }
}
