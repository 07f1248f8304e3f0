/**
 * How suggestions look in the editor, and what suggesting mode must keep away from them.
 *
 * The marks themselves render as plain `<ins>`/`<del>` with `data-delegation`; delegation
 * colours are data from the server, not a fixed list a stylesheet could enumerate, so each
 * suggested piece gets a decoration carrying its delegation's colour as a CSS variable and a
 * title naming who suggested it and when. Paragraph breaks and block changes, which have no
 * text of their own, get a pilcrow or a badge.
 *
 * The same extension turns Tiptap's input rules off while suggesting (the schema's SPEC, SUGG-8:
 * "1. " would wrap the paragraph in a list, a change suggesting mode refuses, so the typed
 * space would be lost with it; "**x**" would remove the asterisks for real).
 */
import { Extension } from '@tiptap/core'
import type { Node as PMNode } from '@tiptap/pm/model'
import { Plugin, PluginKey, type EditorState } from '@tiptap/pm/state'
import { Decoration, DecorationSet, type EditorView } from '@tiptap/pm/view'
import {
  DELETION,
  FORMAT_CHANGE,
  INSERTION,
  isSuggesting,
  markSuggestion,
  readBlockChange,
  readBreakChange,
  type SuggestionAttrs,
} from '@consenso/schema'
import { mapDecorations, plainTextChange } from './incremental.ts'
import { spokenText } from '../a11y/spoken.ts'

const SUGGESTION_MARKS: ReadonlySet<string> = new Set([INSERTION, DELETION, FORMAT_CHANGE])

export type SuggestionPiece = 'insert' | 'delete' | 'format' | 'split' | 'join' | 'block'

export interface SuggestionViewOptions {
  /** The colour of a delegation, e.g. `#c8102e`. */
  color: (delegation: string) => string
  /** The tooltip of a piece ("Suggested by Ana Pérez · CHL, 14:05"); read when drawing. */
  describe: { current: (attrs: SuggestionAttrs, piece: SuggestionPiece) => string }
  /**
   * What a screen reader says at a suggestion's start and end (A11Y-40), read when drawing;
   * empty strings draw nothing (the headless editor).
   */
  spoken: { current: (attrs: SuggestionAttrs, piece: SuggestionPiece, edge: 'start' | 'end') => string }
}

interface ViewState {
  /** The suggestion picked in the sidebar, drawn stronger. */
  activeId: string | null
  decorations: DecorationSet
}

export const suggestionViewKey = new PluginKey<ViewState>('consensoSuggestionView')

const SAFE_COLOR = /^#[0-9a-f]{6}$/iu

function styleFor(options: SuggestionViewOptions, delegation: string): string {
  const color = options.color(delegation)
  return `--suggestion-color: ${SAFE_COLOR.test(color) ? color : '#4b5563'}`
}

function pilcrow(op: 'split' | 'join', style: string, title: string, id: string, spoken: string): HTMLElement {
  const element = document.createElement('span')
  element.className = `suggestion-break suggestion-break--${op}`
  element.contentEditable = 'false'
  element.style.cssText = style
  element.title = title
  element.dataset.suggestionRef = id
  if (!spoken) {
    element.textContent = '¶'
    return element
  }
  const glyph = document.createElement('span')
  glyph.setAttribute('aria-hidden', 'true')
  glyph.textContent = '¶'
  element.append(glyph, spokenText(spoken))
  return element
}

function decorate(doc: PMNode, options: SuggestionViewOptions, activeId: string | null): DecorationSet {
  const decorations: Decoration[] = []
  const active = (id: string) => (id === activeId ? ' suggestion--active' : '')
  doc.descendants((node, pos) => {
    if (node.isTextblock) {
      const br = readBreakChange(node)
      if (br) {
        const style = styleFor(options, br.delegation)
        const title = options.describe.current(br, br.op)
        const spoken = options.spoken.current(br, br.op, 'start')
        decorations.push(
          Decoration.widget(pos + 1, () => pilcrow(br.op, style, title, br.id, spoken), {
            side: -1,
            ignoreSelection: true,
            key: `break:${br.id}:${br.op}:${br.delegation}:${title}:${spoken}`,
          }),
        )
      }
      const bc = readBlockChange(node)
      if (bc) {
        decorations.push(
          Decoration.node(pos, pos + node.nodeSize, {
            class: `suggestion-block${active(bc.id)}`,
            style: styleFor(options, bc.delegation),
            title: options.describe.current(bc, 'block'),
            'data-suggestion-ref': bc.id,
          }),
        )
      }
      // No spoken widgets at the edges of suggested words (A11Y-41): a widget where the caret
      // stands made two people typing at one spot in Suggesting mode break each other's words
      // (typing-together seed 1706088029). <ins>/<del> and their titles say what they are.
      return true
    }
    if (!node.isInline) return true
    for (const mark of node.marks) {
      const attrs = markSuggestion(mark)
      if (!attrs) continue
      const piece: SuggestionPiece = mark.type.name === INSERTION ? 'insert' : mark.type.name === DELETION ? 'delete' : 'format'
      if (mark.type.name === FORMAT_CHANGE && node.marks.some((m) => m.type.name === INSERTION || m.type.name === DELETION)) continue
      decorations.push(
        Decoration.inline(pos, pos + node.nodeSize, {
          class: `suggestion suggestion--${piece}${active(attrs.id)}`,
          style: styleFor(options, attrs.delegation),
          title: options.describe.current(attrs, piece),
          'data-suggestion-ref': attrs.id,
        }),
      )
    }
    return false
  })
  return DecorationSet.create(doc, decorations)
}

/** Tells the editor which suggestion the sidebar is showing (null: none). */
export function setActiveSuggestion(view: EditorView, activeId: string | null): void {
  if (suggestionViewKey.getState(view.state)?.activeId === activeId) return
  view.dispatch(view.state.tr.setMeta(suggestionViewKey, { activeId }).setMeta('addToHistory', false))
}

/** Redraws the tooltips (the language changed). */
export function refreshSuggestionView(view: EditorView): void {
  view.dispatch(view.state.tr.setMeta(suggestionViewKey, { refresh: true }).setMeta('addToHistory', false))
}

/** The suggestion whose marked text is at `pos`, if any. */
export function suggestionAt(state: EditorState, pos: number): string | null {
  const $pos = state.doc.resolve(pos)
  for (const node of [$pos.nodeAfter, $pos.nodeBefore]) {
    for (const mark of node?.marks ?? []) {
      const attrs = markSuggestion(mark)
      if (attrs) return attrs.id
    }
  }
  return null
}

export const SuggestionView = Extension.create<SuggestionViewOptions>({
  name: 'consensoSuggestionView',

  // Ahead of every extension that brings input rules, so that its text input comes first.
  priority: 1100,

  addOptions() {
    return { color: () => '#4b5563', describe: { current: () => '' }, spoken: { current: () => '' } }
  },

  addProseMirrorPlugins() {
    const options = this.options
    return [
      new Plugin<ViewState>({
        key: suggestionViewKey,
        state: {
          init: (_config, state) => ({ activeId: null, decorations: decorate(state.doc, options, null) }),
          apply: (tr, previous, oldState, newState) => {
            const meta = tr.getMeta(suggestionViewKey) as { activeId?: string | null; refresh?: true } | undefined
            const activeId = meta && 'activeId' in meta ? (meta.activeId ?? null) : previous.activeId
            if (!tr.docChanged && !meta) return previous
            // Plain typing away from any suggestion changes no colour: carry them over.
            const change = meta ? null : plainTextChange(oldState.doc, newState.doc, SUGGESTION_MARKS)
            if (change) return { activeId, decorations: mapDecorations(previous.decorations, change, newState.doc) }
            return { activeId, decorations: decorate(newState.doc, options, activeId) }
          },
        },
        props: {
          decorations: (state) => suggestionViewKey.getState(state)?.decorations,
          // While suggesting, typed text goes in as it is, before any input rule can turn it
          // into structure or formatting: the same transaction ProseMirror would make.
          handleTextInput: (view, from, to, text) => {
            if (!isSuggesting(view.state) || view.composing) return false
            view.dispatch(view.state.tr.insertText(text, from, to).scrollIntoView())
            return true
          },
        },
      }),
    ]
  },
})
