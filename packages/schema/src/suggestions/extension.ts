/**
 * Suggesting mode in a Tiptap editor: the plugin state `{ suggesting }`, the commands, and the
 * dispatch hook that replaces each local edit by its suggestion (see transform.ts). Living in
 * the schema package, it is the same code in the browser and in headless tests.
 *
 * Undo: with Collaboration, undo is y-undo, which reverts the Yjs changes of a local
 * transaction; it replays them as a transaction carrying y-sync meta, which the hook passes
 * through untouched. So undoing a suggestion removes it (the inserted text and the deletion
 * marks go, the text is back as it was), and undoing an accept or reject brings the suggestion
 * back. `addToHistory` and all other meta of the original transaction are kept on the
 * suggestion, so y-undo groups and skips it exactly as it would the original.
 */
import { Extension, type CommandProps } from '@tiptap/core'
import { suggestionPlugin, isSuggesting, suggestJoinBackward, suggestJoinForward, suggestionPluginKey, type SuggestionMeta } from './plugin.ts'
import { resolveSuggestions, type SuggestionFilter, type SuggestionDecision } from './resolve.ts'
import { suggestTransaction } from './transform.ts'
import { defaultSuggestionId, type SuggestionAuthor } from './types.ts'

export interface SuggestionModeOptions {
  /** Start in suggesting mode. */
  suggesting: boolean
  /** The signed-in person, or a getter for it; while suggesting, edits without one are dropped. */
  author: SuggestionAuthor | null | (() => SuggestionAuthor | null)
  now: () => string
  newId: () => string
}

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    suggestionMode: {
      /** Switches between editing (false) and suggesting (true). */
      setSuggesting: (on: boolean) => ReturnType
      acceptSuggestion: (id: string) => ReturnType
      rejectSuggestion: (id: string) => ReturnType
      acceptAll: () => ReturnType
      rejectAll: () => ReturnType
      acceptAllFrom: (delegation: string) => ReturnType
      rejectAllFrom: (delegation: string) => ReturnType
    }
  }
}

const resolving =
  (filter: SuggestionFilter, decision: SuggestionDecision) =>
  ({ tr }: CommandProps): boolean =>
    resolveSuggestions(tr, filter, decision)

export const SuggestionMode = Extension.create<SuggestionModeOptions>({
  name: 'suggestionMode',

  addOptions() {
    return {
      suggesting: false,
      author: null,
      now: () => new Date().toISOString(),
      newId: defaultSuggestionId,
    }
  },

  // Ahead of the core and list keymaps, whose Backspace and Delete restructure lists.
  priority: 1000,

  addKeyboardShortcuts() {
    const backward = () => suggestJoinBackward(this.editor.state, this.editor.view.dispatch)
    const forward = () => suggestJoinForward(this.editor.state, this.editor.view.dispatch)
    return { Backspace: backward, 'Mod-Backspace': backward, 'Shift-Backspace': backward, Delete: forward, 'Mod-Delete': forward }
  },

  addProseMirrorPlugins() {
    return [suggestionPlugin({ suggesting: this.options.suggesting })]
  },

  addCommands() {
    return {
      setSuggesting:
        (on) =>
        ({ tr, dispatch }) => {
          if (dispatch) tr.setMeta(suggestionPluginKey, { setSuggesting: on } satisfies SuggestionMeta)
          return true
        },
      acceptSuggestion: (id) => resolving((s) => s.id === id, 'accept'),
      rejectSuggestion: (id) => resolving((s) => s.id === id, 'reject'),
      acceptAll: () => resolving(() => true, 'accept'),
      rejectAll: () => resolving(() => true, 'reject'),
      acceptAllFrom: (delegation) => resolving((s) => s.delegation === delegation, 'accept'),
      rejectAllFrom: (delegation) => resolving((s) => s.delegation === delegation, 'reject'),
    }
  },

  dispatchTransaction({ transaction, next }) {
    const state = this.editor.state
    const author = typeof this.options.author === 'function' ? this.options.author() : this.options.author
    const tracked = suggestTransaction(state, transaction, {
      suggesting: isSuggesting(state),
      author,
      now: this.options.now,
      newId: this.options.newId,
    })
    // null: the edit cannot be a suggestion (e.g. wrapping in a list) and is dropped.
    if (tracked) next(tracked)
  },
})
