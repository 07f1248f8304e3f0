/**
 * Glossary terms marked in the text (UI-GLOSS-2..4): decorations only, never stored in the
 * document. The glossary arrives by a transaction meta (setGlossary); each change looks again
 * only at the textblocks it touched (as find does, incremental.ts). Struck text (a suggested
 * deletion) and inline nodes never form part of a term. Alt+Enter on a deprecated term writes
 * the preferred one through the ordinary edit path: while suggesting, it is a suggestion.
 */
import { Extension } from '@tiptap/core'
import type { Node as PMNode } from '@tiptap/pm/model'
import { Plugin, PluginKey, TextSelection, type EditorState, type Transaction } from '@tiptap/pm/state'
import { Decoration, DecorationSet, type EditorView } from '@tiptap/pm/view'
import {
  compileGlossary,
  findTerms,
  glossaryTerm,
  inflectLike,
  preferredEntry,
  type CompiledGlossary,
  type GlossaryEntry,
  type GlossaryLanguage,
} from '@consenso/protocol'
import { blockText, redecorateChange } from '../editor/redecorate.ts'

export interface GlossaryMark {
  from: number
  to: number
  entryId: string
  lang: GlossaryLanguage
  text: string
}

interface GlossaryPluginState {
  entries: ReadonlyMap<string, GlossaryEntry>
  compiled: CompiledGlossary | null
  lang: GlossaryLanguage | null
  decorations: DecorationSet
}

export const glossaryKey = new PluginKey<GlossaryPluginState>('consensoGlossary')

function decorationsIn(state: GlossaryPluginState, doc: PMNode, from: number, to: number): Decoration[] {
  const out: Decoration[] = []
  if (!state.compiled) return out
  doc.nodesBetween(from, to, (node, pos) => {
    if (!node.isTextblock) return true
    for (const m of findTerms(blockText(node), state.compiled!, state.lang)) {
      const entry = state.entries.get(m.entryId)
      if (!entry) continue
      const deprecated = entry.status === 'deprecated' && preferredEntry(entry, state.entries) !== null
      const mark: GlossaryMark = { from: pos + 1 + m.from, to: pos + 1 + m.to, entryId: m.entryId, lang: m.lang, text: m.text }
      out.push(
        Decoration.inline(
          mark.from,
          mark.to,
          { class: deprecated ? 'glossary-term glossary-term--deprecated' : 'glossary-term', 'data-glossary-id': m.entryId },
          { glossary: mark },
        ),
      )
    }
    return false
  })
  return out
}

function apply(tr: Transaction, previous: GlossaryPluginState, oldState: EditorState, newState: EditorState): GlossaryPluginState {
  const meta = tr.getMeta(glossaryKey) as { entries: readonly GlossaryEntry[]; lang: GlossaryLanguage | null } | undefined
  if (meta) {
    const next: GlossaryPluginState = {
      entries: new Map(meta.entries.map((e) => [e.id, e])),
      compiled: meta.entries.length > 0 ? compileGlossary(meta.entries) : null,
      lang: meta.lang,
      decorations: DecorationSet.empty,
    }
    return { ...next, decorations: DecorationSet.create(newState.doc, decorationsIn(next, newState.doc, 0, newState.doc.content.size)) }
  }
  if (!previous.compiled || !tr.docChanged) return previous
  const decorations = redecorateChange(previous.decorations, oldState.doc, newState.doc, (doc, from, to) => decorationsIn(previous, doc, from, to))
  return decorations ? { ...previous, decorations } : previous
}

/** Gives the editor the glossary (and the draft's language, null for both). */
export function setGlossary(view: EditorView, entries: readonly GlossaryEntry[], lang: GlossaryLanguage | null): void {
  view.dispatch(view.state.tr.setMeta(glossaryKey, { entries, lang }).setMeta('addToHistory', false))
}

export function glossaryEntries(state: EditorState): ReadonlyMap<string, GlossaryEntry> {
  return glossaryKey.getState(state)?.entries ?? new Map()
}

/** The marked term at `pos` (inside it or at either end), if any. */
export function glossaryMarkAt(state: EditorState, pos: number): GlossaryMark | null {
  const found = glossaryKey.getState(state)?.decorations.find(pos, pos)
  const spec = found?.[0]?.spec as { glossary?: GlossaryMark } | undefined
  return spec?.glossary ?? null
}

/** The marked term under the caret (an empty selection, or one inside a single term). */
export function glossaryMarkAtSelection(state: EditorState): GlossaryMark | null {
  const { from, to } = state.selection
  const mark = glossaryMarkAt(state, from)
  return mark && to <= mark.to ? mark : null
}

/** The words that should replace a deprecated term (in its form), or null when it is not deprecated. */
export function preferredReplacement(state: EditorState, mark: GlossaryMark): { entry: GlossaryEntry; text: string } | null {
  const entries = glossaryEntries(state)
  const entry = entries.get(mark.entryId)
  if (!entry || entry.status !== 'deprecated') return null
  const preferred = preferredEntry(entry, entries)
  const term = glossaryTerm(entry, mark.lang)
  const replacement = preferred ? glossaryTerm(preferred, mark.lang) : ''
  if (!preferred || !replacement) return null
  return { entry: preferred, text: inflectLike(mark.text, term, replacement, mark.lang) }
}

/**
 * Replaces a deprecated term with its preferred one, as typing would (suggesting mode makes it
 * a suggestion: the old words struck, the new ones after them); the caret after it.
 */
export function replaceWithPreferred(view: EditorView, mark: GlossaryMark): boolean {
  if (!view.editable) return false
  const replacement = preferredReplacement(view.state, mark)
  if (!replacement) return false
  // Only if the words are still where the mark was drawn.
  if (view.state.doc.textBetween(mark.from, mark.to, '\u0000', '\u0000') !== mark.text) return false
  view.dispatch(view.state.tr.insertText(replacement.text, mark.from, mark.to))
  view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, view.state.selection.to)))
  return true
}

export function glossaryPlugins(): Plugin[] {
  return [
    new Plugin<GlossaryPluginState>({
      key: glossaryKey,
      state: {
        init: () => ({ entries: new Map(), compiled: null, lang: null, decorations: DecorationSet.empty }),
        apply,
      },
      props: {
        decorations: (state) => glossaryKey.getState(state)?.decorations,
        handleKeyDown: (view, event) => {
          if (event.key !== 'Enter' || !event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return false
          const mark = glossaryMarkAtSelection(view.state)
          if (!mark || !preferredReplacement(view.state, mark)) return false
          return replaceWithPreferred(view, mark)
        },
      },
    }),
  ]
}

export const GlossaryTerms = Extension.create({
  name: 'consensoGlossary',
  addProseMirrorPlugins() {
    return glossaryPlugins()
  },
})
