/**
 * Consensus in the text itself: a status chip in each numbered paragraph's margin (agreed,
 * agreed ad referendum, reservation, objection, open brackets, open: each its own shape, not
 * only its colour) that opens the paragraph's positions, and square brackets drawn around
 * bracketed words with their alternatives and sponsors. Nothing here is part of the document:
 * the chips and brackets are decorations recomputed from the body and the live review data,
 * which the page passes in with `setConsensusView`.
 *
 * Agreed text is guarded here too: a local edit that would change a paragraph every party
 * agreed to is held back and the page asked first (`agreedEdit`), naming whose agreement falls.
 */
import { Extension } from '@tiptap/core'
import type { Node as PMNode } from '@tiptap/pm/model'
import { Plugin, PluginKey, type EditorState, type Transaction } from '@tiptap/pm/state'
import { Decoration, DecorationSet, type EditorView } from '@tiptap/pm/view'
import type { ParagraphStatus } from '@consenso/protocol'
import { BRACKET } from '@consenso/schema'
import { mapDecorations, plainTextChange } from '../editor/incremental.ts'
import { spokenText } from '../a11y/spoken.ts'

/** What a chip shows: the status, or for an open paragraph what keeps it open, worst first. */
export type ChipState = 'agreed' | 'agreed_ad_ref' | 'objection' | 'reservation' | 'bracketed' | 'open'

export interface ParagraphChip {
  status: ParagraphStatus
  state: ChipState
  openBrackets: number
  /** The parties whose agreement an edit would undo (agreed paragraphs only). */
  agreedBy: readonly string[]
  /** Accessible name, starting with the state in words: "Reservation — OP2: open; MEX reservation". */
  label: string
}

export interface BracketLook {
  open: boolean
  sponsors: readonly string[]
  /** Other wordings proposed (Alt 2, Alt 3…), drawn after the words: "[asesora / acompaña]". */
  alternatives: readonly string[]
  /** Accessible description of the bracket (sponsors, alternatives). */
  label: string
  /**
   * What a screen reader says in the text (A11Y-40): before the words ("[bracket, proposed by
   * Panamá and México; alternative 1 of 2:]"), each other alternative, and the end.
   */
  spoken?: { open: string; alternatives: readonly string[]; close: string }
}

/** A local edit that would change agreed paragraphs, held until the person decides. */
export interface AgreedEditAsk {
  paragraphIds: string[]
  /** Parties of the first such paragraph, whose agreement falls. */
  agreedBy: readonly string[]
  /** Applies the held edit, if the text has not changed meanwhile; later edits of these paragraphs pass. */
  proceed: () => void
  /** Drops the held edit; the next attempt asks again. */
  cancel: () => void
}

/** What the page does for the view, read at the time of each event. */
export interface ConsensusHandlers {
  /** A chip was activated (click, Enter, or Ctrl+Alt+P in the paragraph): show its positions beside it. */
  openParagraph: (paragraphId: string, chip: HTMLElement | null) => void
  /** Asked before an edit of agreed text; null lets every edit through. */
  agreedEdit: ((ask: AgreedEditAsk) => void) | null
}

export interface ConsensusViewInput {
  chips: ReadonlyMap<string, ParagraphChip>
  brackets: ReadonlyMap<string, BracketLook>
}

interface ViewState extends ConsensusViewInput {
  decorations: DecorationSet
}

const BRACKET_MARKS: ReadonlySet<string> = new Set([BRACKET])

export const consensusViewKey = new PluginKey<ViewState>('consensoConsensusView')

/** Each state's glyph: with the chip's outline (CSS), a shape that does not rely on colour. */
export const CHIP_GLYPH: Record<ChipState, string> = {
  agreed: '✓',
  agreed_ad_ref: '✓ᵃʳ',
  objection: '✗',
  reservation: 'R',
  bracketed: '[ ]',
  open: '○',
}

function chipElement(paragraphId: string, chip: ParagraphChip, open: (paragraphId: string, element: HTMLElement) => void): HTMLElement {
  const element = document.createElement('button')
  element.type = 'button'
  element.className = `consensus-chip consensus-chip--${chip.state.replace(/_/g, '-')}`
  element.contentEditable = 'false'
  element.dataset.paragraphId = paragraphId
  element.dataset.status = chip.status
  element.dataset.state = chip.state
  element.dataset.testid = 'consensus-chip'
  element.setAttribute('aria-label', chip.label)
  element.setAttribute('aria-haspopup', 'dialog')
  element.title = chip.label
  const glyph = document.createElement('span')
  glyph.setAttribute('aria-hidden', 'true')
  glyph.textContent = chip.state === 'bracketed' ? `[${chip.openBrackets}]` : CHIP_GLYPH[chip.state]
  element.append(glyph)
  if (chip.openBrackets > 0 && chip.state !== 'bracketed') {
    const count = document.createElement('span')
    count.className = 'consensus-chip__brackets'
    count.setAttribute('aria-hidden', 'true')
    count.textContent = `[${chip.openBrackets}]`
    element.append(count)
  }
  // The editor ignores events inside the chip (stopEvent): it answers them itself.
  element.addEventListener('mousedown', (event) => event.preventDefault())
  element.addEventListener('click', (event) => {
    event.preventDefault()
    open(paragraphId, element)
  })
  element.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' && event.key !== ' ') return
    event.preventDefault()
    open(paragraphId, element)
  })
  return element
}

function bracketEdge(edge: 'open' | 'close', look: BracketLook): HTMLElement {
  const element = document.createElement('span')
  element.className = `bracket-edge bracket-edge--${edge}`
  element.contentEditable = 'false'
  // What the eye sees is hidden from screen readers, which hear `look.spoken` instead (A11Y-40).
  const shown = (node: HTMLElement | string): HTMLElement => {
    const wrapper = document.createElement('span')
    wrapper.setAttribute('aria-hidden', 'true')
    wrapper.append(node)
    return wrapper
  }
  if (edge === 'open') {
    element.append(shown('['))
    if (look.spoken?.open) element.append(spokenText(look.spoken.open))
    return element
  }
  // The alternatives stand inside the brackets, as negotiators write them: [Alt 1 / Alt 2].
  const seen = document.createElement('span')
  seen.setAttribute('aria-hidden', 'true')
  for (const alternative of look.alternatives) {
    const slash = document.createElement('span')
    slash.className = 'bracket-slash'
    slash.textContent = ' / '
    const text = document.createElement('span')
    text.className = 'bracket-alternative'
    text.textContent = alternative
    seen.append(slash, text)
  }
  seen.append(']')
  if (look.sponsors.length > 0) {
    const sponsors = document.createElement('sup')
    sponsors.className = 'bracket-sponsors'
    sponsors.textContent = look.sponsors.join(', ')
    seen.append(sponsors)
  }
  element.append(seen)
  for (const alternative of look.spoken?.alternatives ?? []) element.append(spokenText(alternative))
  if (look.spoken?.close) element.append(spokenText(look.spoken.close))
  return element
}

/** Every bracket's range in the document: from its first to its last marked character. */
export function bracketRanges(doc: PMNode): Map<string, { from: number; to: number }> {
  const ranges = new Map<string, { from: number; to: number }>()
  doc.descendants((node, pos) => {
    if (!node.isText) return true
    for (const mark of node.marks) {
      if (mark.type.name !== BRACKET || typeof mark.attrs.bracketId !== 'string') continue
      const known = ranges.get(mark.attrs.bracketId)
      const to = pos + node.nodeSize
      ranges.set(mark.attrs.bracketId, known ? { from: Math.min(known.from, pos), to: Math.max(known.to, to) } : { from: pos, to })
    }
    return false
  })
  return ranges
}

type Open = (paragraphId: string, element: HTMLElement) => void

function decorate(doc: PMNode, input: ConsensusViewInput, open: Open): DecorationSet {
  const decorations: Decoration[] = []
  if (input.chips.size > 0) {
    doc.descendants((node, pos) => {
      if (node.type.name !== 'paragraph') return true
      const id = node.attrs.id as string | null
      const chip = id ? input.chips.get(id) : undefined
      if (id && chip) {
        decorations.push(Decoration.node(pos, pos + node.nodeSize, { 'data-consensus': chip.status }))
        decorations.push(
          Decoration.widget(pos + 1, () => chipElement(id, chip, open), {
            side: -2,
            ignoreSelection: true,
            key: `chip:${id}:${chip.state}:${chip.openBrackets}:${chip.label}`,
            stopEvent: () => true,
          }),
        )
      }
      return false
    })
  }
  for (const [id, range] of bracketRanges(doc)) {
    const look = input.brackets.get(id) ?? { open: true, sponsors: [], alternatives: [], label: '' }
    const said = look.spoken ? [look.spoken.open, ...look.spoken.alternatives, look.spoken.close].join('\u0000') : ''
    const key = `${id}:${look.sponsors.join(',')}:${look.open}:${look.alternatives.join('\u0000')}:${said}`
    decorations.push(
      Decoration.inline(range.from, range.to, {
        class: look.open ? 'bracketed bracketed--open' : 'bracketed',
        'data-bracket-ref': id,
        ...(look.label ? { title: look.label } : {}),
      }),
      Decoration.widget(range.from, () => bracketEdge('open', look), { side: -1, ignoreSelection: true, key: `[${key}` }),
      Decoration.widget(range.to, () => bracketEdge('close', look), { side: 1, ignoreSelection: true, key: `]${key}` }),
    )
  }
  return DecorationSet.create(doc, decorations)
}

const EMPTY: ConsensusViewInput = { chips: new Map(), brackets: new Map() }

export interface ConsensusViewOptions {
  /** The page's handlers (read at the time of each event). */
  onOpenParagraph: { current: ConsensusHandlers } | null
}

/** Set on a transaction the person confirmed: it may change agreed text. */
const CONFIRMED = 'consensoAgreedEditConfirmed'

/** The agreed paragraphs a local transaction would change, in document order. */
function agreedTouched(tr: Transaction, chips: ReadonlyMap<string, ParagraphChip>, allowed: ReadonlySet<string>): string[] {
  const touched = new Set<string>()
  tr.steps.forEach((step, index) => {
    const doc = tr.docs[index]!
    step.getMap().forEach((oldStart, oldEnd) => {
      doc.nodesBetween(oldStart, Math.min(oldEnd, doc.content.size), (node) => {
        if (node.type.name !== 'paragraph') return true
        const id = node.attrs.id as string | null
        const chip = id ? chips.get(id) : undefined
        if (id && chip && chip.status !== 'open' && !allowed.has(id)) touched.add(id)
        return false
      })
    })
  })
  return [...touched]
}

export const ConsensusView = Extension.create<ConsensusViewOptions>({
  name: 'consensoConsensusView',
  addOptions: () => ({ onOpenParagraph: null }),
  addProseMirrorPlugins() {
    const options = this.options
    const open: Open = (paragraphId, element) => options.onOpenParagraph?.current.openParagraph(paragraphId, element)
    /** Agreed paragraphs the person chose to edit anyway (until they are agreed again). */
    const allowed = new Set<string>()
    let asking = false
    let currentView: EditorView | null = null
    return [
      new Plugin<ViewState>({
        key: consensusViewKey,
        state: {
          init: (_config, state: EditorState) => ({ ...EMPTY, decorations: decorate(state.doc, EMPTY, open) }),
          apply: (tr, previous, old, next) => {
            const input = tr.getMeta(consensusViewKey) as ConsensusViewInput | undefined
            if (input) {
              for (const id of [...allowed]) if (input.chips.get(id)?.status === 'open') allowed.delete(id)
              return { ...input, decorations: decorate(next.doc, input, open) }
            }
            if (!tr.docChanged) return previous
            // Typing inside a paragraph, away from brackets, moves chips and brackets only.
            const change = plainTextChange(old.doc, next.doc, BRACKET_MARKS)
            return { ...previous, decorations: change ? mapDecorations(previous.decorations, change, next.doc) : decorate(next.doc, previous, open) }
          },
        },
        filterTransaction: (tr, state) => {
          const ask = options.onOpenParagraph?.current.agreedEdit
          if (!ask || !tr.docChanged || tr.getMeta('y-sync$') || tr.getMeta(CONFIRMED)) return true
          const chips = consensusViewKey.getState(state)?.chips
          if (!chips || chips.size === 0) return true
          const touched = agreedTouched(tr, chips, allowed)
          if (touched.length === 0) return true
          // One question at a time: keystrokes while it is open are dropped.
          if (asking) return false
          asking = true
          const view = currentView
          ask({
            paragraphIds: touched,
            agreedBy: chips.get(touched[0]!)?.agreedBy ?? [],
            proceed: () => {
              asking = false
              for (const id of touched) allowed.add(id)
              if (view && !view.isDestroyed && view.state.doc.eq(tr.before)) view.dispatch(tr.setMeta(CONFIRMED, true))
            },
            cancel: () => {
              asking = false
            },
          })
          return false
        },
        view: (view) => {
          currentView = view
          return {
            destroy: () => {
              currentView = null
            },
          }
        },
        props: {
          decorations: (state) => consensusViewKey.getState(state)?.decorations,
          handleKeyDown: (view, event) => {
            // Ctrl+Alt+P: the positions of the paragraph the caret is in.
            if (!(event.ctrlKey && event.altKey && !event.shiftKey && event.code === 'KeyP')) return false
            const { $from } = view.state.selection
            for (let depth = $from.depth; depth > 0; depth--) {
              const node = $from.node(depth)
              if (node.type.name !== 'paragraph') continue
              const id = node.attrs.id as string | null
              if (!id || !consensusViewKey.getState(view.state)?.chips.has(id)) return false
              const chip = view.dom.querySelector<HTMLElement>(`.consensus-chip[data-paragraph-id="${CSS.escape(id)}"]`)
              open(id, chip ?? (view.nodeDOM($from.before(depth)) as HTMLElement | null) ?? view.dom)
              return true
            }
            return false
          },
        },
      }),
    ]
  },
})

export function setConsensusView(view: EditorView, input: ConsensusViewInput): void {
  // A chip whose state changes is drawn anew, and the old button leaves the page with the
  // keyboard focus on it (a position recorded elsewhere, or one's own arriving just after
  // Escape gave the focus back to the chip): the new chip of the same paragraph takes it.
  const active = document.activeElement
  const focusedChip = active instanceof HTMLElement && active.classList.contains('consensus-chip') && view.dom.contains(active) ? active : null
  view.dispatch(view.state.tr.setMeta(consensusViewKey, input).setMeta('addToHistory', false))
  if (!focusedChip || focusedChip.isConnected) return
  const id = focusedChip.dataset.paragraphId
  const redrawn = id ? view.dom.querySelector<HTMLElement>(`.consensus-chip[data-paragraph-id="${CSS.escape(id)}"]`) : null
  redrawn?.focus({ preventScroll: true })
}
