/*
 * Suggestion mode through Yjs: concurrent edits, undo, the extension, packages/schema/SPEC.md:
 * [SUGG-10] accept/reject find the suggestion at call time, after concurrent edits via Yjs.
 * [SUGG-12] y-undo of a suggestion removes it; of an accept brings it back; remote edits stay.
 * [SUGG-13] the SuggestionMode extension's dispatch hook.
 *
 * Documents are written in the compact notation of tests/helpers/suggestion-notation.ts.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  SuggestionMode,
  acceptAllFrom,
  acceptSuggestion,
  applyEdit,
  createSuggestionState,
  headlessEdits,
  jsonToYUpdate,
  readYDoc,
  rejectSuggestion,
  selectText,
  suggestionPluginKey,
  writeYDoc,
} from '@consenso/schema'
import {
  type State,
  type Tr,
  type Command,
  AUTHORS,
  type Who,
  context,
  parse,
  render,
  renderState,
  startState,
  run,
  MIXED,
  RESOLVE_CASES,
  posOf,
} from '../helpers/suggestion-notation.ts'

// ---------------------------------------------------------------------------------------------
// Concurrency and undo through Yjs, headless: each client's editor state is written to its
// Y.Doc as the sync plugin does, and updates travel between the Y.Docs.

class Client {
  readonly ydoc = new Y.Doc()
  readonly ctx: ReturnType<typeof context>
  state: State
  constructor(
    readonly who: Who,
    readonly suggesting: boolean,
  ) {
    this.ctx = context(who)
    this.state = createSuggestionState(readYDoc(this.ydoc), { suggesting })
  }
  /** Pick up remote changes into the editor state, as y-sync would. */
  pull(): void {
    this.state = createSuggestionState(readYDoc(this.ydoc), { suggesting: this.suggesting })
  }
  edit(makeTr: (state: State) => Tr | null): void {
    this.state = applyEdit(this.state, makeTr(this.state), this.ctx)
    writeYDoc(this.ydoc, this.state.doc, this)
  }
  command(command: Command): void {
    this.state = run(this.state, command)
    writeYDoc(this.ydoc, this.state.doc, this)
  }
  text(): string[] {
    return render(readYDoc(this.ydoc))
  }
}

function sync(a: Client, b: Client): void {
  Y.applyUpdate(b.ydoc, Y.encodeStateAsUpdate(a.ydoc, Y.encodeStateVector(b.ydoc)), 'remote')
  Y.applyUpdate(a.ydoc, Y.encodeStateAsUpdate(b.ydoc, Y.encodeStateVector(a.ydoc)), 'remote')
  a.pull()
  b.pull()
}

function twoClients(blocks: string[]): [Client, Client] {
  const update = jsonToYUpdate(parse(blocks).doc)
  const chl = new Client('CHL', true)
  const pan = new Client('PAN', false)
  for (const c of [chl, pan]) {
    Y.applyUpdate(c.ydoc, update, 'remote')
    c.pull()
  }
  return [chl, pan]
}

const replaceWord = (word: string, by: string) => (s: State) => {
  const from = posOf(s, word)
  return headlessEdits.type(selectText(s, from, from + word.length), by)
}
const typeAt = (before: string, text: string) => (s: State) => headlessEdits.type(selectText(s, posOf(s, before)), text)

const DECLARATION = ['PP: Recognising the region,', 'OP: Agree to submit joint inputs;']

describe('accept and reject after concurrent edits', () => {
  const concurrent = () => {
    const [chl, pan] = twoClients(DECLARATION)
    chl.edit(replaceWord('joint', 'common'))
    // Meanwhile, before seeing Chile's suggestion, Panamá edits before it and inside its paragraph.
    pan.edit(typeAt('Recognising', 'Strongly '))
    pan.edit(typeAt('submit', 'formally '))
    pan.edit((s) => headlessEdits.enter(selectText(s, posOf(s, 'Recognising') - 'Strongly '.length)))
    sync(chl, pan)
    return [chl, pan] as const
  }

  it('[SUGG-10] both clients see the suggestion with the concurrent edits around it', () => {
    const [chl, pan] = concurrent()
    expect(chl.text()).toEqual(pan.text())
    expect(chl.text()).toEqual(['PP: ', 'PP: Strongly Recognising the region,', 'OP: Agree to formally submit [-joint-]{CHL s1}[+common+]{CHL s1} inputs;'])
  })

  for (const [decision, command, expected] of [
    ['accepted', acceptSuggestion('s1'), 'OP: Agree to formally submit common inputs;'],
    ['rejected', rejectSuggestion('s1'), 'OP: Agree to formally submit joint inputs;'],
  ] as const) {
    it(`[SUGG-10] the suggestion is ${decision} by id on the other client and both agree`, () => {
      const [chl, pan] = concurrent()
      pan.command(command)
      sync(chl, pan)
      expect(pan.text()).toEqual(['PP: ', 'PP: Strongly Recognising the region,', expected])
      expect(chl.text()).toEqual(pan.text())
    })
  }

  it('[SUGG-10] an accept racing a concurrent edit inside the suggestion keeps that edit', () => {
    const [chl, pan] = twoClients(DECLARATION)
    chl.edit(replaceWord('submit joint', 'share'))
    sync(chl, pan)
    // Panamá accepts while Chile, not yet seeing it, types inside its own proposed word.
    pan.command(acceptSuggestion('s1'))
    chl.edit(typeAt('hare', 'X'))
    sync(chl, pan)
    expect(chl.text()).toEqual(pan.text())
    expect(chl.text()).toEqual(['PP: Recognising the region,', 'OP: Agree to sXhare inputs;'])
  })

  it('[SUGG-10] accept all from one delegation after the other typed between its suggestions', () => {
    const [chl, pan] = twoClients(DECLARATION)
    chl.edit(replaceWord('joint', 'common'))
    chl.edit(replaceWord('region', 'hemisphere'))
    pan.edit(typeAt('the region', 'all of '))
    sync(chl, pan)
    pan.command(acceptAllFrom('CHL'))
    sync(chl, pan)
    expect(pan.text()).toEqual(['PP: Recognising all of the hemisphere,', 'OP: Agree to submit common inputs;'])
    expect(chl.text()).toEqual(pan.text())
  })
})

describe('undo with Yjs', () => {
  it('[SUGG-12] undoing a suggestion removes it and keeps what others wrote meanwhile', () => {
    const [chl, pan] = twoClients(DECLARATION)
    const undo = new Y.UndoManager(chl.ydoc.getXmlFragment('default'), { trackedOrigins: new Set([chl]) })
    chl.edit(replaceWord('joint', 'common'))
    pan.edit(typeAt('Recognising', 'Strongly '))
    sync(chl, pan)
    undo.undo()
    chl.pull()
    expect(chl.text()).toEqual(['PP: Strongly Recognising the region,', 'OP: Agree to submit joint inputs;'])
    undo.redo()
    chl.pull()
    expect(chl.text()).toEqual(['PP: Strongly Recognising the region,', 'OP: Agree to submit [-joint-]{CHL s1}[+common+]{CHL s1} inputs;'])
  })

  it('[SUGG-12] undoing an accept brings the suggestion back', () => {
    const [chl, pan] = twoClients(DECLARATION)
    chl.edit(replaceWord('joint', 'common'))
    sync(chl, pan)
    const undo = new Y.UndoManager(pan.ydoc.getXmlFragment('default'), { trackedOrigins: new Set([pan]) })
    pan.command(acceptSuggestion('s1'))
    expect(pan.text()[1]).toBe('OP: Agree to submit common inputs;')
    undo.undo()
    pan.pull()
    expect(pan.text()[1]).toBe('OP: Agree to submit [-joint-]{CHL s1}[+common+]{CHL s1} inputs;')
  })
})

describe('the SuggestionMode extension', () => {
  const hook = SuggestionMode.config.dispatchTransaction!
  const callHook = (state: State, transaction: Tr, options: Record<string, unknown>) => {
    const dispatched: Tr[] = []
    hook.call({ editor: { state }, options } as never, { transaction, next: (tr: Tr) => dispatched.push(tr) })
    return dispatched
  }
  const options = () => ({ ...context('CHL'), author: AUTHORS.CHL })

  it('[SUGG-13] passes the suggestion on instead of the edit while suggesting', () => {
    const state = startState(['Hello |world'], true)
    const [out] = callHook(state, headlessEdits.type(state, 'big '), options())
    expect(renderState(state.apply(out!))).toEqual(['Hello [+big +]{CHL s1}|world'])
  })

  it('[SUGG-13] takes the author from a getter, and drops edits it cannot suggest', () => {
    const state = startState(['Hello |world'], true)
    expect(callHook(state, headlessEdits.type(state, 'X'), { ...options(), author: () => AUTHORS.PAN }).map((tr) => renderState(state.apply(tr)))).toEqual([
      ['Hello [+X+]{PAN s1}|world'],
    ])
    expect(callHook(state, headlessEdits.type(state, 'X'), { ...options(), author: () => null })).toEqual([])
  })

  it('[SUGG-13] its commands switch the mode and accept or reject in the command transaction', () => {
    const commands = SuggestionMode.config.addCommands!.call({ options: options() } as never)
    const props = (state: State) => ({ tr: state.tr, dispatch: () => undefined }) as never
    let state = startState(['Hello |world'], false)
    const toggle = state.tr
    expect(commands.setSuggesting!(true)({ ...(props(state) as object), tr: toggle } as never)).toBe(true)
    state = state.apply(toggle)
    expect(suggestionPluginKey.getState(state)).toEqual({ suggesting: true })

    const mixed = startState(MIXED, true)
    const tr = mixed.tr
    expect(commands.acceptAllFrom!('CHL')({ ...(props(mixed) as object), tr } as never)).toBe(true)
    expect(render(mixed.apply(tr).doc)).toEqual(RESOLVE_CASES[2]!.expected)
    expect(commands.rejectSuggestion!('nope')(props(mixed))).toBe(false)
  })

  it('[SUGG-13] passes every transaction on untouched while editing', () => {
    const state = startState(['Hello |world'], false)
    const tr = headlessEdits.type(state, 'X')
    expect(callHook(state, tr, options())).toEqual([tr])
  })
})
