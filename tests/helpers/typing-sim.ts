/**
 * Headless co-typing: several real editors (Tiptap on a DOM shim, built from the client's own
 * extension list — the y-sync binding, our plugins, suggesting mode), each on its own Y.Doc,
 * joined by a network whose deliveries a seeded scheduler orders at random. Each person types
 * a script of letters, Backspaces and Enters through ProseMirror's own input paths.
 * Used by tests/unit/typing-together.test.ts (TYPE-1).
 */
import { Editor, type JSONContent } from '@tiptap/core'
import { Awareness } from 'y-protocols/awareness'
import * as Y from 'yjs'
import { editorExtensions } from '@consenso/client/editor'
import { jsonToYUpdate, withBlockIds, type SuggestionAuthor } from '@consenso/schema'
import type { Random } from './random.ts'
import type { Key } from './typing-scripts.ts'

export interface HeadlessEditorOptions {
  /** Who types: the caret's label and the suggestions' author. */
  author: SuggestionAuthor
  suggesting?: boolean
  awareness?: Awareness
  /** Further options of editorExtensions (canMove, moveHandleLabel, …). */
  extra?: Partial<Parameters<typeof editorExtensions>[0]>
}

/**
 * The client's real editor (editorExtensions: y-sync, suggesting mode, our plugins) on
 * happy-dom over `doc`, in a new element of the page. No websocket: the draft's blocks
 * already carry their ids, and carets go through `awareness` only.
 */
export function headlessEditor(doc: Y.Doc, { author, suggesting = false, awareness = new Awareness(doc), extra = {} }: HeadlessEditorOptions): { editor: Editor; element: HTMLElement } {
  const element = document.createElement('div')
  document.body.append(element)
  const editor = new Editor({
    element,
    extensions: editorExtensions({
      ydoc: doc,
      provider: { awareness, on: () => {}, off: () => {} } as { awareness: Awareness },
      user: { name: author.name, delegation: author.delegation, color: '#336699' },
      suggesting,
      author: () => author,
      now: () => '2026-01-01T00:00:00.000Z',
      color: () => '#336699',
      describe: { current: () => '' },
      onClickThread: { current: () => {} },
      onOpenParagraph: null,
      ...extra,
    }),
    injectCSS: false,
  })
  return { editor, element }
}

export interface Typist {
  name: string
  delegation: string
  /** What this person presses, in order. */
  keys: Key[]
  suggesting: boolean
}

const NETWORK = Symbol('network')

interface Person {
  typist: Typist
  element: HTMLElement
  doc: Y.Doc
  editor: Editor
  next: number
}

/** The document as text, one line per textblock. */
export function textOf(editor: Editor): string {
  return editor.getText({ blockSeparator: '\n' })
}

function press(editor: Editor, key: Key): void {
  const view = editor.view
  if (key.kind === 'char') {
    // What ProseMirror does with typed text read from the DOM (input.ts / domchange.ts).
    const { from, to } = view.state.selection
    const text = key.char
    const deflt = () => view.state.tr.insertText(text, from, to)
    if (!view.someProp('handleTextInput', (f) => f(view, from, to, text, deflt))) view.dispatch(deflt())
  } else {
    const event = new KeyboardEvent('keydown', { key: key.kind, bubbles: true, cancelable: true })
    if (view.someProp('handleKeyDown', (f) => f(view, event))) return
    // No keymap took Backspace inside text: the browser deletes the letter itself and
    // ProseMirror reads that as a one-letter ReplaceStep.
    const { empty, from } = view.state.selection
    if (key.kind === 'Backspace' && empty && view.state.selection.$from.parentOffset > 0) view.dispatch(view.state.tr.delete(from - 1, from))
  }
}

export interface Scene {
  /** The draft everyone starts from. */
  doc: JSONContent
  /** Where each person's caret starts (ProseMirror positions in `doc`). */
  carets: number[]
  typists: Typist[]
}

/**
 * Runs a scene: at each step either someone presses their next key or one pending update
 * (per sender and receiver, in order, as a relay delivers) reaches its receiver — chosen at
 * random. Ends when everyone has typed and everything is delivered; returns each screen.
 */
export function play(scene: Scene, random: Random): { texts: string[]; jsons: JSONContent[] } {
  const base = jsonToYUpdate(withBlockIds(scene.doc))
  const people: Person[] = []
  const queues = new Map<string, Uint8Array[]>()
  const key = (from: number, to: number): string => `${from}>${to}`
  try {
    scene.typists.forEach((typist, index) => {
      const doc = new Y.Doc()
      // Who wins a tie between letters typed at one spot depends on client ids: drawn from the
      // seed, so a seed replays exactly.
      doc.clientID = 1 + random.int(2 ** 30)
      Y.applyUpdate(doc, base, NETWORK)
      const author: SuggestionAuthor = { id: `u${index}`, name: typist.name, delegation: typist.delegation }
      const { editor, element } = headlessEditor(doc, { author, suggesting: typist.suggesting })
      editor.commands.setTextSelection(scene.carets[index]!)
      doc.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin === NETWORK) return
        for (let other = 0; other < scene.typists.length; other++) {
          if (other === index) continue
          const queue = queues.get(key(index, other)) ?? []
          queue.push(update)
          queues.set(key(index, other), queue)
        }
      })
      people.push({ typist, element, doc, editor, next: 0 })
    })

    const trace = process.env.CONSENSO_TYPING_TRACE === '1'

    const deliverAll = (): void => {
      for (let moved = true; moved; ) {
        moved = false
        for (const [channel, queue] of queues) {
          const to = Number(channel.split('>')[1])
          for (let update = queue.shift(); update; update = queue.shift()) {
            Y.applyUpdate(people[to]!.doc, update, NETWORK)
            if (trace) console.log(`  (all) ${channel} → ${JSON.stringify(textOf(people[to]!.editor).split('\n').slice(0, 3).join('¶'))}`)
            moved = true
          }
        }
      }
    }
    for (;;) {
      const moves: Array<() => void> = []
      for (const person of people) {
        if (person.next < person.typist.keys.length)
          moves.push(() => {
            const key = person.typist.keys[person.next++]!
            // See TYPE-2: a paragraph break is not typed into text others are still typing.
            if (key.kind === 'Enter') deliverAll()
            press(person.editor, key)
            if (key.kind === 'Enter') deliverAll()
            if (trace) console.log(`${person.typist.delegation} ${key.kind === 'char' ? JSON.stringify(key.char) : key.kind} → ${JSON.stringify(textOf(person.editor).split('\n').slice(0, 3).join('¶'))} @${person.editor.state.selection.head}`)
          })
      }
      for (const [channel, queue] of queues) {
        if (queue.length === 0) continue
        const to = Number(channel.split('>')[1])
        moves.push(() => {
          Y.applyUpdate(people[to]!.doc, queue.shift()!, NETWORK)
          const person = people[to]!
          if (trace) console.log(`  ${channel} → ${JSON.stringify(textOf(person.editor).split('\n').slice(0, 3).join('¶'))} @${person.editor.state.selection.head}`)
        })
      }
      if (moves.length === 0) break
      random.pick(moves)()
    }
    return { texts: people.map((p) => textOf(p.editor)), jsons: people.map((p) => p.editor.getJSON()) }
  } finally {
    for (const person of people) {
      person.editor.destroy()
      person.element.remove()
      person.doc.destroy()
    }
  }
}
