/**
 * Each counterpart's status drawn in the translation (UI-BILING-3): outdated and untranslated
 * blocks get a class and a badge before their text saying so in the interface's language;
 * current ones nothing. The statuses come from `translationRows`, passed in by the page and
 * redrawn on `refreshStatusView`.
 */
import { Extension } from '@tiptap/core'
import type { Node as PMNode } from '@tiptap/pm/model'
import { Plugin, PluginKey } from '@tiptap/pm/state'
import type { EditorView } from '@tiptap/pm/view'
import { Decoration, DecorationSet } from '@tiptap/pm/view'
import type { TranslationStatus } from '@consenso/schema'

export interface StatusViewOptions {
  statuses: { current: ReadonlyMap<string, TranslationStatus> }
  label: { current: (status: TranslationStatus) => string }
}

const statusKey = new PluginKey<DecorationSet>('consensoTranslationStatus')

function badge(text: string, status: string): HTMLElement {
  const element = document.createElement('span')
  element.className = `translation-badge translation-badge--${status}`
  element.contentEditable = 'false'
  element.textContent = text
  return element
}

function build(doc: PMNode, options: StatusViewOptions): DecorationSet {
  const decorations: Decoration[] = []
  doc.forEach((node, offset) => {
    const id = node.attrs.id as unknown
    const status = typeof id === 'string' ? options.statuses.current.get(id) : undefined
    if (status !== 'outdated' && status !== 'untranslated') return
    decorations.push(Decoration.node(offset, offset + node.nodeSize, { class: `translation-block translation-block--${status}`, 'data-status': status }))
    const text = options.label.current(status)
    decorations.push(Decoration.widget(offset + 1, () => badge(text, status), { side: -1, key: `${status}:${text}`, ignoreSelection: true }))
  })
  return DecorationSet.create(doc, decorations)
}

export const TranslationStatusView = Extension.create<StatusViewOptions>({
  name: 'translationStatusView',
  // No plain-object defaults: Tiptap merges configured options into plain defaults by copying
  // them, and the copy would not see the page's later `current` (the refs must stay the page's).
  addOptions() {
    return { statuses: null as unknown as StatusViewOptions['statuses'], label: null as unknown as StatusViewOptions['label'] }
  },
  addProseMirrorPlugins() {
    const options = this.options
    return [
      new Plugin<DecorationSet>({
        key: statusKey,
        state: {
          init: (_config, state) => build(state.doc, options),
          apply: (tr, value, _old, state) => (tr.docChanged || tr.getMeta(statusKey) ? build(state.doc, options) : value),
        },
        props: { decorations: (state) => statusKey.getState(state) },
      }),
    ]
  },
})

/** The statuses or the language changed: draw again. */
export function refreshStatusView(view: EditorView): void {
  view.dispatch(view.state.tr.setMeta(statusKey, true).setMeta('addToHistory', false))
}
