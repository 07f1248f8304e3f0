/**
 * Consensus in the text itself: a status chip in each numbered paragraph's margin (agreed,
 * agreed ad referendum, open, with its open brackets) and square brackets drawn around
 * bracketed words with their sponsors. Nothing here is part of the document: the chips and
 * brackets are decorations recomputed from the body and the live review data, which the page
 * passes in with `setConsensusView`.
 */
import { Extension } from '@tiptap/core'
import type { Node as PMNode } from '@tiptap/pm/model'
import { Plugin, PluginKey, type EditorState } from '@tiptap/pm/state'
import { Decoration, DecorationSet, type EditorView } from '@tiptap/pm/view'
import type { ParagraphStatus } from '@consenso/protocol'
import { BRACKET } from '@consenso/schema'
import { mapDecorations, plainTextChange } from '../editor/incremental.ts'

export interface ParagraphChip {
  status: ParagraphStatus
  openBrackets: number
  /** Accessible description: "OP1: agreed by CHL, PAN". */
  label: string
}

export interface BracketLook {
  open: boolean
  sponsors: readonly string[]
  /** Accessible description of the bracket (sponsors, alternatives). */
  label: string
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

const SYMBOL: Record<ParagraphStatus, string> = { agreed: '✓', agreed_ad_ref: '✓', open: '○' }

function chipElement(paragraphId: string, chip: ParagraphChip): HTMLElement {
  const element = document.createElement('button')
  element.type = 'button'
  element.className = `consensus-chip consensus-chip--${chip.status.replace(/_/g, '-')}`
  element.contentEditable = 'false'
  element.tabIndex = -1
  element.dataset.paragraphId = paragraphId
  element.dataset.status = chip.status
  element.dataset.testid = 'consensus-chip'
  element.setAttribute('aria-label', chip.label)
  element.title = chip.label
  element.textContent = chip.status === 'agreed_ad_ref' ? `${SYMBOL[chip.status]}ᵃʳ` : SYMBOL[chip.status]
  if (chip.openBrackets > 0) {
    const count = document.createElement('span')
    count.className = 'consensus-chip__brackets'
    count.textContent = `[${chip.openBrackets}]`
    element.append(count)
  }
  return element
}

function bracketEdge(edge: 'open' | 'close', look: BracketLook): HTMLElement {
  const element = document.createElement('span')
  element.className = `bracket-edge bracket-edge--${edge}`
  element.contentEditable = 'false'
  element.setAttribute('aria-hidden', 'true')
  element.textContent = edge === 'open' ? '[' : ']'
  if (edge === 'close' && look.sponsors.length > 0) {
    const sponsors = document.createElement('sup')
    sponsors.className = 'bracket-sponsors'
    sponsors.textContent = look.sponsors.join(', ')
    element.append(sponsors)
  }
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

function decorate(doc: PMNode, input: ConsensusViewInput): DecorationSet {
  const decorations: Decoration[] = []
  if (input.chips.size > 0) {
    doc.descendants((node, pos) => {
      if (node.type.name !== 'paragraph') return true
      const id = node.attrs.id as string | null
      const chip = id ? input.chips.get(id) : undefined
      if (id && chip) {
        decorations.push(Decoration.node(pos, pos + node.nodeSize, { 'data-consensus': chip.status }))
        decorations.push(
          Decoration.widget(pos + 1, () => chipElement(id, chip), {
            side: -2,
            ignoreSelection: true,
            key: `chip:${id}:${chip.status}:${chip.openBrackets}:${chip.label}`,
            stopEvent: () => true,
          }),
        )
      }
      return false
    })
  }
  for (const [id, range] of bracketRanges(doc)) {
    const look = input.brackets.get(id) ?? { open: true, sponsors: [], label: '' }
    const key = `${id}:${look.sponsors.join(',')}:${look.open}`
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
  /** A click on a paragraph's chip: open that paragraph's consensus (read at click time). */
  onOpenParagraph: { current: (paragraphId: string) => void } | null
}

export const ConsensusView = Extension.create<ConsensusViewOptions>({
  name: 'consensoConsensusView',
  addOptions: () => ({ onOpenParagraph: null }),
  addProseMirrorPlugins() {
    const options = this.options
    return [
      new Plugin<ViewState>({
        key: consensusViewKey,
        state: {
          init: (_config, state: EditorState) => ({ ...EMPTY, decorations: decorate(state.doc, EMPTY) }),
          apply: (tr, previous, old, next) => {
            const input = tr.getMeta(consensusViewKey) as ConsensusViewInput | undefined
            if (input) return { ...input, decorations: decorate(next.doc, input) }
            if (!tr.docChanged) return previous
            // Typing inside a paragraph, away from brackets, moves chips and brackets only.
            const change = plainTextChange(old.doc, next.doc, BRACKET_MARKS)
            return { ...previous, decorations: change ? mapDecorations(previous.decorations, change, next.doc) : decorate(next.doc, previous) }
          },
        },
        props: {
          decorations: (state) => consensusViewKey.getState(state)?.decorations,
          handleDOMEvents: {
            mousedown: (_view, event) => {
              const chip = (event.target as HTMLElement | null)?.closest<HTMLElement>('.consensus-chip')
              if (!chip?.dataset.paragraphId) return false
              event.preventDefault()
              options.onOpenParagraph?.current(chip.dataset.paragraphId)
              return true
            },
          },
        },
      }),
    ]
  },
})

export function setConsensusView(view: EditorView, input: ConsensusViewInput): void {
  view.dispatch(view.state.tr.setMeta(consensusViewKey, input).setMeta('addToHistory', false))
}
