/**
 * The consensus view of the open draft, computed in the page from the editor's text and the
 * live review data with the same function the server answers `GET /consensus` with
 * (`summarizeConsensus`), and shown in the text as margin chips and brackets.
 */
import { useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Editor } from '@tiptap/core'
import type { Transaction } from '@tiptap/pm/state'
import type { BracketRecord, ConsensusSummary, ParagraphConsensus, ParagraphSummary } from '@consenso/protocol'
import { BRACKET, summarizeConsensus } from '@consenso/schema'
import { plainTextChange } from '../editor/incremental.ts'
import { delegationLabelOf, delegationName } from '../delegations.ts'
import { setConsensusView, type BracketLook, type ChipState, type ParagraphChip } from './consensus-view.ts'

/** Typing must stay smooth: the summary follows the text a moment later, not per keystroke. */
const FOLLOW_TEXT_MS = 250
const BRACKET_MARKS: ReadonlySet<string> = new Set([BRACKET])

export interface ConsensusInput {
  parties: readonly string[]
  consensus: Readonly<Record<string, ParagraphConsensus>>
  brackets: Readonly<Record<string, BracketRecord>>
}

/**
 * A number that moves when the summary may have changed. Plain typing inside a paragraph
 * changes a summary only through paragraph texts, which matter once the draft has parties
 * (positions are tied to a paragraph's text): without parties, typing re-renders nothing.
 */
function useTextVersion(editor: Editor | null, followText: boolean): number {
  const [version, setVersion] = useState(0)
  const followRef = useRef(followText)
  followRef.current = followText
  useEffect(() => {
    if (!editor) return
    let timer: number | undefined
    const onUpdate = ({ transaction }: { transaction: Transaction }): void => {
      if (timer !== undefined) return
      if (!followRef.current && plainTextChange(transaction.before, transaction.doc, BRACKET_MARKS)) return
      timer = window.setTimeout(() => {
        timer = undefined
        setVersion((v) => v + 1)
      }, FOLLOW_TEXT_MS)
    }
    setVersion((v) => v + 1)
    editor.on('update', onUpdate)
    return () => {
      editor.off('update', onUpdate)
      if (timer !== undefined) window.clearTimeout(timer)
    }
  }, [editor])
  return version
}

export function useConsensusSummary(editor: Editor | null, input: ConsensusInput): ConsensusSummary | null {
  const { parties, consensus, brackets } = input
  const version = useTextVersion(editor, parties.length > 0)
  return useMemo(() => {
    if (!editor || editor.isDestroyed) return null
    void version
    return summarizeConsensus(editor.getJSON(), { parties, consensus, brackets })
  }, [editor, version, parties, consensus, brackets])
}

/** What a chip shows: the status, or for an open paragraph what keeps it open, worst first. */
export function chipState(paragraph: ParagraphSummary): ChipState {
  if (paragraph.status !== 'open') return paragraph.status
  const stances = Object.values(paragraph.positions).map((p) => p.stance)
  if (stances.includes('objection')) return 'objection'
  if (stances.includes('reservation')) return 'reservation'
  if (paragraph.openBrackets > 0) return 'bracketed'
  return 'open'
}

/** Pushes the chips and bracket labels into the editor whenever they (or the language) change. */
export function useConsensusDecorations(editor: Editor | null, summary: ConsensusSummary | null): void {
  const { t, i18n } = useTranslation()
  useEffect(() => {
    if (!editor || editor.isDestroyed || !summary) return
    const chips = new Map<string, ParagraphChip>()
    if (summary.parties.length > 0) {
      for (const paragraph of summary.paragraphs) {
        chips.set(paragraph.paragraphId, {
          status: paragraph.status,
          state: chipState(paragraph),
          openBrackets: paragraph.openBrackets,
          agreedBy: paragraph.status === 'open' ? [] : summary.parties,
          label: chipLabel(paragraph),
        })
      }
    }
    const brackets = new Map<string, BracketLook>()
    for (const record of summary.brackets) {
      const sponsors = record.sponsors.map((code) => delegationLabelOf(code, i18n.language)).join(', ')
      const alternatives = record.alternatives.map((text, index) => t('consensus.bracket.altLabel', { n: index + 2, text })).join(' · ')
      const open = record.status === 'open'
      const count = open ? record.alternatives.length + 1 : 1
      const named = new Intl.ListFormat(i18n.language, { type: 'conjunction' }).format(record.sponsors.map((code) => delegationName(code, i18n.language)))
      brackets.set(record.id, {
        open,
        sponsors: record.sponsors,
        alternatives: open ? record.alternatives : [],
        label: [t('consensus.bracket.sponsoredBy', { sponsors }), alternatives].filter(Boolean).join(' — '),
        // Spoken in the text (A11Y-40): "[bracket, proposed by Panamá and México; alternative 1 of 2:]".
        spoken: {
          open: record.sponsors.length === 0 ? t('consensus.bracket.spoken.openNoSponsor') : t(count > 1 ? 'consensus.bracket.spoken.openAlternatives' : 'consensus.bracket.spoken.open', { sponsors: named, count }),
          alternatives: open ? record.alternatives.map((text, index) => t('consensus.bracket.spoken.alternative', { n: index + 2, count, text })) : [],
          close: t('consensus.bracket.spoken.close'),
        },
      })
    }
    setConsensusView(editor.view, { chips, brackets })

    function chipLabel(paragraph: ParagraphSummary): string {
      const state = chipState(paragraph)
      const who = Object.values(paragraph.positions)
        .filter((p) => p.stance === 'objection' || p.stance === 'reservation')
        .map((p) => `${p.delegation} ${t(`consensus.stance.${p.stance}`).toLowerCase()}`)
      const brackets = paragraph.openBrackets > 0 ? [t('consensus.openBrackets', { count: paragraph.openBrackets })] : []
      const details = [...who, ...brackets].join('; ')
      return `${t(`consensus.chip.${state}`)} — ${paragraph.number}${details ? `: ${details}` : ''}`
    }
  }, [editor, summary, t, i18n.language])
}
