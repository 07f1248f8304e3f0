// @vitest-environment happy-dom
/**
 * TRUST-4/TRUST-5 through the real editor: a proposer (suggest-only on the server) does what
 * the editor offers in Suggesting mode — typing, Enter inside and at the end of headings and
 * paragraphs, Backspace and Delete joining blocks, striking a selection, replacing it, bold,
 * italic and underline, headings, paragraph kinds, undo and redo — while an editor of another
 * delegation types elsewhere. The editor is the client's own (`editorExtensions`: y-tiptap's
 * binding, our plugins, suggesting mode) on happy-dom; each update it makes is one frame the
 * server's validator (`checkBodyUpdate`, as the websocket handler calls it) judges against the
 * server's copy, and some runs send frames merged, as after a reconnection. Every frame must
 * pass, and the server's copy must end as the proposer's screen. Seeded: the seed is printed,
 * CONSENSO_SEED replays it; each failure names its run and the operations that led to it.
 * Undo steps do not depend on the clock: y-undo groups edits made within 500 ms, which made a
 * seed's undo steps depend on the machine's speed, so here edits group until a drawn pause
 * ("pause" in the log) starts a new step, as a person stopping to think would.
 */
import { describe, expect, it } from 'vitest'
import type { Editor } from '@tiptap/core'
import { yUndoPluginKey } from '@tiptap/y-tiptap'
import * as Y from 'yjs'
import { BODY_FIELD, jsonToYUpdate, readYDoc, templateDocument, withBlockIds, type SuggestionAuthor } from '@consenso/schema'
import { checkBodyUpdate, InvalidUpdateError, RefusedUpdateError, type Writer } from '@consenso/server/collab'
import { randomFromSeed, seededRandom, type Random } from '../helpers/random.ts'
import { headlessEditor } from '../helpers/typing-sim.ts'

const RUNS = Number(process.env.CONSENSO_PROPOSER_RUNS ?? 30)
const STEPS = 40
const NOW = '2026-12-07T10:00:00.000Z'
const PAN: SuggestionAuthor = { id: 'u-pan', name: 'Carlos Méndez', delegation: 'PAN' }
const proposer: Writer = { userId: PAN.id, name: PAN.name, delegation: PAN.delegation, suggestOnly: true, now: Date.parse(NOW) }
const FROM_SERVER = Symbol('server')

function press(editor: Editor, key: 'Enter' | 'Backspace' | 'Delete'): void {
  const view = editor.view
  const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true })
  if (view.someProp('handleKeyDown', (f) => f(view, event))) return
  // No keymap took it inside text: the browser deletes the letter and ProseMirror reads that
  // as a one-letter ReplaceStep.
  const { empty, from, $from } = view.state.selection
  if (!empty) return
  if (key === 'Backspace' && $from.parentOffset > 0) view.dispatch(view.state.tr.delete(from - 1, from))
  if (key === 'Delete' && $from.parentOffset < $from.parent.content.size) view.dispatch(view.state.tr.delete(from, from + 1))
}

function typeText(editor: Editor, text: string): void {
  const view = editor.view
  for (const char of text) {
    const { from, to } = view.state.selection
    const deflt = () => view.state.tr.insertText(char, from, to)
    if (!view.someProp('handleTextInput', (f) => f(view, from, to, char, deflt))) view.dispatch(deflt())
  }
}

/** Each textblock's content range [from, to] and type, in the editor's document. */
function textblocks(editor: Editor): { from: number; to: number; type: string }[] {
  const out: { from: number; to: number; type: string }[] = []
  editor.state.doc.descendants((node, pos) => {
    if (!node.isTextblock) return true
    out.push({ from: pos + 1, to: pos + 1 + node.content.size, type: node.type.name })
    return false
  })
  return out
}

/** A place in a random textblock: its start, its end or somewhere inside. */
function place(editor: Editor, random: Random): { at: number; block: { from: number; to: number; type: string } } {
  const block = random.pick(textblocks(editor))
  const where = random.int(3)
  return { at: where === 0 ? block.from : where === 1 ? block.to : block.from + random.int(block.to - block.from + 1), block }
}

/** An editor of another delegation types a word at a random place of the server's copy (not a suggestion). */
function otherTypes(server: Y.Doc, random: Random): string {
  const texts: Y.XmlText[] = []
  const visit = (node: Y.XmlElement | Y.XmlFragment): void => {
    for (const child of node.toArray()) {
      if (child instanceof Y.XmlText) texts.push(child)
      else if (child instanceof Y.XmlElement) visit(child)
    }
  }
  visit(server.getXmlFragment(BODY_FIELD))
  const text = random.pick(texts)
  const at = random.int(text.length + 1)
  text.insert(at, ' chile')
  return `CHL types at ${at} of "${text.toString().slice(0, 20)}"`
}

/** A fixed sequence of edits in place of the random ones; it may check the editor's document as it goes. */
type Script = (editor: Editor, log: string[], server: Y.Doc) => void

function runOnce(random: Random, run: number, ops: readonly number[], script?: Script, pausing = true): void {
  const server = new Y.Doc()
  server.clientID = 1 + random.int(2 ** 30)
  Y.applyUpdate(server, jsonToYUpdate(withBlockIds(templateDocument('declaration', 'es', 'Declaración de Santiago'))))
  const doc = new Y.Doc()
  doc.clientID = 1 + random.int(2 ** 30)
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(server), FROM_SERVER)
  const { editor, element } = headlessEditor(doc, { author: PAN, suggesting: true, extra: { now: () => NOW } })
  // Frames wait here; most runs send each at once, some hold a few and send them merged.
  const merging = !script && random.next() < 0.3
  let held: Uint8Array[] = []
  const log: string[] = []
  const where = (): string => `seed ${random.seed}, run ${run}: ${log.join('; ')}`
  const send = (): void => {
    if (held.length === 0) return
    const frame = held.length === 1 ? held[0]! : Y.mergeUpdates(held)
    held = []
    try {
      checkBodyUpdate(server, frame, proposer)
    } catch (error) {
      if (error instanceof RefusedUpdateError || error instanceof InvalidUpdateError) expect.fail(`refused: ${error.message} — ${where()}`)
      throw error
    }
    Y.applyUpdate(server, frame, 'proposer')
  }
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin === FROM_SERVER) return
    held.push(update)
    if (!merging || random.next() < 0.4) send()
  })
  const deliver = (update: Uint8Array, origin: unknown): void => {
    if (origin !== 'proposer') Y.applyUpdate(doc, update, FROM_SERVER)
  }
  server.on('update', deliver)
  const undoManager = yUndoPluginKey.getState(editor.state)?.undoManager
  if (!undoManager) throw new Error('the editor has no y-undo')
  undoManager.captureTimeout = Number.POSITIVE_INFINITY
  // Drawn apart from the operations, so a seed draws the same operations as before pauses were drawn.
  const pauses = randomFromSeed((random.seed + run * 0x9e3779b9) >>> 0)
  try {
    if (script) script(editor, log, server)
    for (let step = 0; !script && step < STEPS; step++) {
      if (pausing && step > 0 && pauses.next() < 0.5) {
        undoManager.stopCapturing()
        log.push('pause')
      }
      const op = random.pick(ops)
      const { at, block } = place(editor, random)
      if (op <= 2) {
        const word = random.pick(['a', 'nuevo ', ' texto', 'ñu', ' '])
        log.push(`type ${JSON.stringify(word)} at ${at}`)
        editor.commands.setTextSelection(at)
        typeText(editor, word)
      } else if (op <= 4) {
        log.push(`Enter at ${at} (${block.type}${at === block.to ? ' end' : at === block.from ? ' start' : ''})`)
        editor.commands.setTextSelection(at)
        press(editor, 'Enter')
        if (random.next() < 0.5) typeText(editor, 'otro')
      } else if (op <= 6) {
        const times = 1 + random.int(3)
        const key = random.next() < 0.7 ? 'Backspace' : 'Delete'
        log.push(`${key}×${times} at ${at} (${block.type}${at === block.to ? ' end' : at === block.from ? ' start' : ''})`)
        editor.commands.setTextSelection(at)
        for (let i = 0; i < times; i++) press(editor, key)
      } else if (op <= 8) {
        const to = Math.min(block.to, at + 1 + random.int(10))
        const replace = random.next() < 0.5
        log.push(`${replace ? 'replace' : 'strike'} ${at}-${to}`)
        editor.commands.setTextSelection({ from: at, to })
        if (replace) typeText(editor, 'dicho')
        else press(editor, 'Backspace')
      } else if (op === 9) {
        const to = Math.min(block.to, at + 1 + random.int(10))
        const mark = random.pick(['toggleBold', 'toggleItalic', 'toggleUnderline'] as const)
        log.push(`${mark} ${at}-${to}`)
        editor.chain().setTextSelection({ from: at, to })[mark]().run()
      } else if (op === 10) {
        const change = random.pick(['h1', 'h2', 'h3', 'paragraph', 'preamble', 'operative', 'plain'] as const)
        log.push(`${change} at ${at} (${block.type})`)
        const chain = editor.chain().setTextSelection(at)
        if (change === 'paragraph') chain.setParagraph().run()
        else if (change === 'h1' || change === 'h2' || change === 'h3') chain.toggleHeading({ level: Number(change[1]) as 1 | 2 | 3 }).run()
        else chain.setParagraphKind(change === 'plain' ? null : change).run()
      } else if (op === 11) {
        // Across two blocks: from inside one to inside the next.
        const blocks = textblocks(editor)
        const index = blocks.findIndex((b) => b.from === block.from)
        const next = blocks[index + 1]
        if (!next) continue
        const to = next.from + random.int(next.to - next.from + 1)
        log.push(`strike across ${at}-${to}`)
        editor.commands.setTextSelection({ from: at, to })
        press(editor, 'Backspace')
      } else if (op <= 13) {
        const times = 1 + random.int(3)
        log.push(`undo×${times}`)
        for (let i = 0; i < times; i++) editor.commands.undo()
      } else if (op === 14) {
        if (random.next() < 0.5) {
          log.push('redo')
          editor.commands.redo()
        } else {
          send()
          log.push(otherTypes(server, random))
        }
      }
    }
    send()
    // The server holds exactly what the proposer's screen shows.
    expect(readYDoc(server).toJSON(), where()).toEqual(readYDoc(doc).toJSON())
  } finally {
    server.off('update', deliver)
    editor.destroy()
    element.remove()
    doc.destroy()
    server.destroy()
  }
}

/**
 * The operations drawn, by number: 0–2 typing, 3–4 Enter, 5–6 Backspace or Delete, 7–8 striking
 * or replacing a selection, 9 bold/italic/underline, 10 heading or paragraph kind, 11 striking
 * across two blocks, 12–13 undo, 14 redo or another delegation typing.
 * CONSENSO_PROPOSER_OPS=0,3,9 draws from others (all of 0–14 to explore what is still refused).
 */
const ALL_OPS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]
const OPS = process.env.CONSENSO_PROPOSER_OPS?.split(',').map(Number) ?? [0, 1, 2, 3, 4, 9]

/**
 * CONSENSO_PROPOSER_SEEDS=3000-3149 (or 3019,3141) sweeps those seeds (RUNS runs each, undo
 * steps drawn) in place of one drawn seed, goes on past a failure and names every seed that
 * failed and why: how the limit in server/SPEC.md TRUST-4 is measured.
 */
const SWEEP = process.env.CONSENSO_PROPOSER_SEEDS?.split(',').flatMap((part) => {
  const [from = 0, to = from] = part.split('-').map(Number)
  return Array.from({ length: to - from + 1 }, (_, i) => from + i)
})

function sweep(seeds: readonly number[], ops: readonly number[], runs: number): void {
  const failed: string[] = []
  for (const seed of seeds) {
    const random = randomFromSeed(seed)
    try {
      for (let run = 0; run < runs; run++) runOnce(random, run, ops)
    } catch (error) {
      failed.push(`seed ${seed}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`)
    }
  }
  console.log(`[proposer sweep] ${seeds.length - failed.length} of ${seeds.length} seeds clean\n${failed.join('\n')}`)
  expect(failed.map((failure) => failure.split(' — ')[0])).toEqual([])
}

describe('a proposer in the real editor', () => {
  it.runIf(SWEEP)('[TRUST-4] a sweep of seeds (CONSENSO_PROPOSER_SEEDS)', () => {
    sweep(SWEEP ?? [], OPS, RUNS)
  }, 3_600_000)

  // Every operation together, undo and redo and another editor typing among them: a fixed range
  // the sweep found clean (a drawn seed could land on a case still refused, server/SPEC.md TRUST-4).
  it.skipIf(SWEEP)('[TRUST-4] all operations with undo steps drawn, seeds 3000–3029, 2 runs each: every frame passes and the server ends as the screen', () => {
    sweep(Array.from({ length: 30 }, (_, i) => 3000 + i), ALL_OPS, 2)
  }, 300_000)

  it.skipIf(SWEEP)('[TRUST-4][TRUST-5] typing, Enter at the start, inside and at the end of headings and paragraphs, and bold, italic and underline over others’ and one’s own words pass the server frame by frame, sent one by one or merged', () => {
    const random = seededRandom('proposer editing')
    for (let run = 0; run < RUNS; run++) runOnce(random, run, OPS)
  }, 300_000)

  it.skipIf(SWEEP)('[TRUST-4] bold, italic and underline toggled over the draft, on and off again over one’s own format suggestions, pass frame by frame', () => {
    const random = seededRandom('proposer formatting')
    for (let run = 0; run < RUNS; run++) runOnce(random, run, [9])
  }, 300_000)
})

/** Where `text` first stands in a textblock of the editor's document. */
function positionOf(editor: Editor, text: string): number {
  let found = -1
  editor.state.doc.descendants((node, pos) => {
    if (found >= 0) return false
    if (!node.isTextblock) return true
    const at = node.textContent.indexOf(text)
    if (at >= 0) found = pos + 1 + at
    return false
  })
  if (found < 0) throw new Error(`"${text}" is not in the draft`)
  return found
}

const textblockCount = (editor: Editor): number => textblocks(editor).length

/** The server's text whose characters (without marks) start with `start`. */
function chlText(server: Y.Doc, start: string): Y.XmlText {
  let found: Y.XmlText | null = null
  const visit = (node: Y.XmlElement | Y.XmlFragment): void => {
    for (const child of node.toArray()) {
      if (child instanceof Y.XmlText && (child.toDelta() as { insert: string }[]).map((op) => op.insert).join('').startsWith(start)) found = child
      else if (child instanceof Y.XmlElement) visit(child)
    }
  }
  visit(server.getXmlFragment(BODY_FIELD))
  if (!found) throw new Error(`no text starts with "${start}"`)
  return found
}

/**
 * What the random runs found refused, each written out as the edits that led to it (every
 * frame must pass and the server end as the screen, as above), then replayed from the seed
 * that found it.
 */
describe('a proposer in the real editor: frames once refused', () => {
  const fixed = (script: Script): void => runOnce(randomFromSeed(15), 0, [], script)

  it('[TRUST-4] the last paragraph made a heading, then typed into: no empty paragraph is appended after it (an edit nobody made)', () => {
    fixed((editor) => {
      editor.chain().setTextSelection(positionOf(editor, 'único;')).toggleHeading({ level: 1 }).run()
      typeText(editor, ' texto')
      expect(editor.state.doc.lastChild?.type.name).toBe('heading')
      editor.chain().setTextSelection(positionOf(editor, 'Acordamos')).setParagraphKind('preamble').run()
      editor.chain().setTextSelection(positionOf(editor, 'único;')).setParagraph().run()
    })
  })

  it('[TRUST-4] a selection struck from a block’s start into the next block, over one’s own paragraph break and without one, keeps the break where it was', () => {
    fixed((editor) => {
      const blocks = textblockCount(editor)
      editor.commands.setTextSelection({ from: positionOf(editor, 'Reconociendo'), to: positionOf(editor, 'diálogo') })
      press(editor, 'Backspace')
      expect(textblockCount(editor)).toBe(blocks)
      editor.commands.setTextSelection(positionOf(editor, 'sostenido'))
      press(editor, 'Enter')
      editor.commands.setTextSelection({ from: positionOf(editor, 'Destacando'), to: positionOf(editor, 'entre la Conferencia') })
      press(editor, 'Backspace')
      // One's own break goes away for real, like one's own proposed words.
      expect(textblockCount(editor)).toBe(blocks)
      editor.commands.setTextSelection({ from: positionOf(editor, 'Destacando'), to: positionOf(editor, 'Migraciones,') })
      press(editor, 'Backspace')
    })
  })

  it('[TRUST-4] Enter at a heading’s start, at the top of the draft and further down, undone', () => {
    fixed((editor) => {
      editor.commands.setTextSelection(1)
      press(editor, 'Enter')
      typeText(editor, ' ')
      editor.commands.undo()
      editor.commands.setTextSelection(positionOf(editor, 'Preámbulo'))
      press(editor, 'Enter')
      editor.commands.undo()
      editor.commands.setTextSelection(1)
      press(editor, 'Enter')
      editor.commands.undo()
    })
  })

  it('[TRUST-4] Enter at a heading’s start, then that heading’s level changed: one’s own new block is edited directly', () => {
    fixed((editor) => {
      editor.commands.setTextSelection(positionOf(editor, 'Preámbulo'))
      press(editor, 'Enter')
      editor.chain().setTextSelection(positionOf(editor, 'Preámbulo')).toggleHeading({ level: 3 }).run()
      editor.chain().setTextSelection(positionOf(editor, 'Preámbulo')).setParagraph().run()
    })
  })

  it('[TRUST-4] typing over a selection the letter that follows it, beside suggested bold: the new letter is the one marked', () => {
    fixed((editor) => {
      const segura = positionOf(editor, 'Segura,')
      editor.chain().setTextSelection({ from: segura, to: segura + 'Segura, '.length }).toggleBold().run()
      const ordenada = positionOf(editor, ' Ordenada')
      editor.commands.setTextSelection({ from: ordenada, to: ordenada + ' Ordena'.length })
      typeText(editor, 'dicho')
    })
  })

  it('[TRUST-4] Enter at a paragraph’s start, Delete in the empty block it leaves, the paragraph made a heading, all undone: the paragraph keeps its id throughout', () => {
    fixed((editor) => {
      const idOf = (text: string): unknown => editor.state.doc.resolve(positionOf(editor, text)).parent.attrs.id
      const id = idOf('Destacando')
      editor.commands.setTextSelection(positionOf(editor, 'Destacando'))
      press(editor, 'Enter')
      // The caret into the empty block before, and Delete there: one's own break taken back.
      editor.commands.setTextSelection(positionOf(editor, 'Destacando') - 2)
      press(editor, 'Delete')
      expect(idOf('Destacando')).toBe(id)
      editor.chain().setTextSelection(positionOf(editor, 'Destacando')).toggleHeading({ level: 3 }).run()
      // However y-undo grouped the three edits, all of them undone.
      for (let i = 0; i < 3; i++) editor.commands.undo()
      expect(editor.state.doc.resolve(positionOf(editor, 'Destacando')).parent.type.name).toBe('paragraph')
      expect(idOf('Destacando')).toBe(id)
    })
  })

  it('[TRUST-4] words another editor wrote inside one’s own proposed words stay proposed when one undoes them, inside or at their end', () => {
    for (const offset of [3, 'nuevo '.length]) {
      fixed((editor, _log, server) => {
        const at = positionOf(editor, 'Acordamos')
        editor.commands.setTextSelection(at)
        typeText(editor, 'nuevo ')
        // CHL writes into PAN's proposed words as CHL's editor does inside them (no marks of its
        // own: the words take PAN's insertion), and as a stock client does at their end too.
        const text = chlText(server, 'nuevo Acordamos')
        text.insert(offset, 'CHL')
        expect(editor.state.doc.textContent).toContain(`${'nuevo '.slice(0, offset)}CHL${'nuevo '.slice(offset)}Acordamos`)
        editor.commands.undo()
        // PAN's words are gone, CHL's stay as a proposal.
        const word = positionOf(editor, 'CHL')
        expect(editor.state.doc.textBetween(word, positionOf(editor, 'Acordamos'))).toBe('CHL')
        expect(editor.state.doc.nodeAt(word)?.marks.map((mark) => mark.type.name)).toEqual(['insertion'])
        // And back, and undone again.
        editor.commands.redo()
        expect(editor.state.doc.textContent).toContain(`${'nuevo '.slice(0, offset)}CHL${'nuevo '.slice(offset)}Acordamos`)
        editor.commands.undo()
      })
    }
  })

  it('[TRUST-4] Enter inside a heading, another editor typing into the new half, undone: their words stay in a heading of that level, one’s own break goes', () => {
    fixed((editor, _log, server) => {
      editor.commands.setTextSelection(positionOf(editor, 'ámbulo'))
      press(editor, 'Enter')
      // CHL writes into the new half, between words the binding wrote again after the break.
      chlText(server, 'ámbulo').insert(3, 'CHL')
      editor.commands.undo()
      const heading = editor.state.doc.resolve(positionOf(editor, 'Preámbulo')).parent
      expect(heading.textContent).toBe('Preámbulo')
      const theirs = editor.state.doc.resolve(positionOf(editor, 'CHL')).parent
      expect(theirs.textContent).toBe('CHL')
      expect(theirs.attrs).toMatchObject({ level: heading.attrs.level, breakChange: null })
      expect(theirs.attrs.id).not.toBe(heading.attrs.id)
    })
  })

  it('[TRUST-4] one’s own block suggestion (a paragraph made a heading, a heading made a paragraph) undone after another editor typed into the block: the block is again what it was, with their words in it', () => {
    for (const [words, change, was] of [
      ['Reconociendo', (editor: Editor) => editor.chain().setTextSelection(positionOf(editor, 'Reconociendo')).toggleHeading({ level: 1 }).run(), { type: 'paragraph', kind: 'preamble' }],
      ['Preámbulo', (editor: Editor) => editor.chain().setTextSelection(positionOf(editor, 'Preámbulo')).setParagraph().run(), { type: 'heading', level: 2 }],
    ] as const) {
      fixed((editor, _log, server) => {
        const blocks = textblockCount(editor)
        change(editor)
        // CHL writes into the block the binding wrote again.
        chlText(server, words).insert(4, 'CHL')
        editor.commands.undo()
        expect(textblockCount(editor)).toBe(blocks)
        const block = editor.state.doc.resolve(positionOf(editor, `${words.slice(0, 4)}CHL${words.slice(4)}`)).parent
        expect({ type: block.type.name, ...block.attrs }).toMatchObject({ ...was, blockChange: null })
      })
    }
  })

  it('[TRUST-4] one’s own words struck, the strike undone, part of them made italic and that undone, then the words undone: all of them go, none is left as plain text', () => {
    fixed((editor) => {
      const undoManager = yUndoPluginKey.getState(editor.state)?.undoManager as Y.UndoManager
      const text = editor.state.doc.textContent
      editor.commands.setTextSelection(positionOf(editor, 'Acordamos'))
      typeText(editor, 'nuevo ')
      undoManager.stopCapturing()
      const nuevo = positionOf(editor, 'nuevo Acordamos')
      // Striking one's own proposed words removes them; undoing that writes them again.
      editor.commands.setTextSelection({ from: nuevo, to: nuevo + 'nuevo '.length })
      press(editor, 'Backspace')
      undoManager.stopCapturing()
      editor.commands.undo()
      editor.chain().setTextSelection({ from: nuevo, to: nuevo + 2 }).toggleItalic().run()
      undoManager.stopCapturing()
      editor.commands.undo()
      editor.commands.undo()
      expect(editor.state.doc.textContent).toBe(text)
    })
  })

  // The random runs that found them (seed, the operations drawn from, how many runs to replay,
  // whether undo steps were drawn: those found before were grouped by the clock, which on a
  // fast machine made each run one undo step, replayed here as that).
  const found: [number, number[], number, boolean][] = [
    [650003250, [0, 10], 1, false],
    [10633090, [0, 11], 4, false],
    [1466269438, [0, 3, 12], 1, false],
    [381154896, [0, 5, 7, 9], 18, false],
    [3927695637, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14], 10, false],
    [3505186853, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14], 9, false],
    [1028, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14], 1, true],
    // y-tiptap resolved the caret saved with an undo step in a later, shorter document.
    ...[3037, 3046, 3047, 3086, 3111].map((seed): [number, number[], number, boolean] => [seed, ALL_OPS, 2, true]),
    // An undo restored a letter with a right origin its left origin could not reach: the server's copy ended unlike the screen.
    [3141, ALL_OPS, 1, true],
    // Undoing one's own Enter inside a heading removed the new half with another editor's words.
    ...[3019, 3056, 3070, 3082, 3085].map((seed): [number, number[], number, boolean] => [seed, ALL_OPS, 2, true]),
    // Undoing a step that marked a letter of the draft as one's own insertion (y-tiptap's diff
    // reused it in a typed word) left the mark on it, kept as if another editor had written it;
    // 3088 then put a level back on a heading the same undo wrote again.
    ...[3088, 3190, 3229].map((seed): [number, number[], number, boolean] => [seed, ALL_OPS, 2, true]),
    // Undoing one's own block suggestion after another editor typed into the block deleted their
    // words with it, or kept them in a block of their own beside the old one.
    ...[3057, 3069, 3156, 3192, 3255].map((seed): [number, number[], number, boolean] => [seed, ALL_OPS, 2, true]),
    // Undoing one's own words after an undo wrote them again and that copy was split (italic
    // over part of them) left the rest as plain text; 3313 left a block's words behind.
    ...[3313, 3349, 3366].map((seed): [number, number[], number, boolean] => [seed, ALL_OPS, 2, true]),
  ]
  it.each(found)('[TRUST-4] seed %i, operations %j, %i runs, undo steps drawn: %s: every frame passes', (seed, ops, runs, pausing) => {
    const random = randomFromSeed(seed)
    for (let run = 0; run < runs; run++) runOnce(random, run, ops, undefined, pausing)
  }, 120_000)
})

describe('a heading written again in its place', () => {
  const HEADING = 1 // "Preámbulo", level 2
  const attribution = (who: SuggestionAuthor, extra: Record<string, unknown>): string =>
    JSON.stringify({ id: `s-${who.delegation}`, authorId: who.id, authorName: who.name, delegation: who.delegation, at: NOW, ...extra })

  /** The server's copy, with `prepare` applied as a server change; and the proposer's frame made by `change` on a copy. */
  function frame(change: (fragment: Y.XmlFragment, old: Y.XmlElement) => void, prepare?: (old: Y.XmlElement) => void): { server: Y.Doc; error: string | null } {
    const server = new Y.Doc()
    Y.applyUpdate(server, jsonToYUpdate(withBlockIds(templateDocument('declaration', 'es', 'Declaración de Santiago'))))
    if (prepare) prepare(server.getXmlFragment(BODY_FIELD).get(HEADING) as Y.XmlElement)
    const client = new Y.Doc()
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server))
    const updates: Uint8Array[] = []
    client.on('update', (update: Uint8Array) => void updates.push(update))
    client.transact(() => change(client.getXmlFragment(BODY_FIELD), client.getXmlFragment(BODY_FIELD).get(HEADING) as Y.XmlElement))
    try {
      checkBodyUpdate(server, Y.mergeUpdates(updates), proposer)
      return { server, error: null }
    } catch (error) {
      if (error instanceof RefusedUpdateError) return { server, error: error.message }
      throw error
    }
  }

  /** The heading deleted and written again at `index` with `attributes` and its words. */
  const rewrite =
    (index: number, attributes: (old: Y.XmlElement) => Record<string, string | number>, before?: Y.XmlElement) =>
    (fragment: Y.XmlFragment, old: Y.XmlElement): void => {
      const again = new Y.XmlElement('heading')
      for (const [key, value] of Object.entries(attributes(old))) again.setAttribute(key, value as string)
      again.insert(0, [new Y.XmlText(old.toDOM().textContent ?? '')])
      fragment.delete(HEADING, 1)
      fragment.insert(index, before ? [before, again] : [again])
    }
  const emptyParagraph = (): Y.XmlElement => {
    const paragraph = new Y.XmlElement('paragraph')
    paragraph.setAttribute('id', 'nuevo-parrafo')
    return paragraph
  }
  const split = attribution(PAN, { op: 'split' })

  it('[TRUST-4] Enter at its start: an empty paragraph before it and the heading again with the proposer’s paragraph break passes', () => {
    const { error } = frame(rewrite(HEADING, (old) => ({ id: String(old.getAttribute('id')), level: 2, breakChange: split }), emptyParagraph()))
    expect(error).toBeNull()
  })

  it('[TRUST-4] written again elsewhere, at another level without a block suggestion, or without another person’s suggestion: refused', () => {
    const elsewhere = frame(rewrite(4, (old) => ({ id: String(old.getAttribute('id')), level: 2, breakChange: split }), emptyParagraph()))
    expect(elsewhere.error).toBe('suggestions only: paragraphs are removed by suggesting their deletion')
    const level = frame(rewrite(HEADING, (old) => ({ id: String(old.getAttribute('id')), level: 3, breakChange: split }), emptyParagraph()))
    expect(level.error).toBe('suggestions only: a paragraph’s kind or level changes only as a block suggestion')
    const CHL: SuggestionAuthor = { id: 'u-chl', name: 'Ana Pérez', delegation: 'CHL' }
    const theirs = frame(
      rewrite(HEADING, (old) => ({ id: String(old.getAttribute('id')), level: 2, breakChange: split }), emptyParagraph()),
      (old) => old.setAttribute('blockChange', attribution(CHL, { previous: { type: 'heading', attrs: { level: 3 } } })),
    )
    expect(theirs.error).toBe('suggestions only: another person’s block suggestion is withdrawn only by an editor')
    const anotherId = frame(rewrite(HEADING, () => ({ id: 'otro-id', level: 2, breakChange: split }), emptyParagraph()))
    expect(anotherId.error).toBe('suggestions only: paragraphs are removed by suggesting their deletion')
  })
})
