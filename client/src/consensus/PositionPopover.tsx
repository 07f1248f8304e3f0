/**
 * A paragraph's positions beside its margin chip: each party's position and who recorded it,
 * and — for a member with edit rights of a party — their own delegation's position in one more
 * click (a reservation or objection asks what it is about first). Keyboard: the chip opens it
 * with Enter (or Ctrl+Alt+P from the paragraph), focus lands on the person's current choice,
 * arrow keys move between the choices, Enter or Space records, Escape closes and gives focus
 * back to the chip.
 */
import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { STANCES, stanceNeedsText, type ParagraphSummary, type Stance } from '@consenso/protocol'
import { recordPosition } from '../api.ts'
import { delegationLabelOf } from '../delegations.ts'
import { relativeTime } from '../format.ts'
import { CHIP_GLYPH } from './consensus-view.ts'
import { consensusError } from './errors.ts'
import { chipState } from './useConsensus.ts'

const STANCE_GLYPH: Record<Stance, string> = { agree: '✓', agree_ad_ref: '✓ᵃʳ', reservation: 'R', objection: '✗' }

interface PositionPopoverProps {
  documentId: string
  paragraph: ParagraphSummary
  parties: readonly string[]
  ownDelegation: string
  canRecord: boolean
  /** The chip it belongs to (position, and focus on closing). */
  anchor: HTMLElement
  now: number
  onClose: () => void
  /** Opens the paragraph in the Consensus tab (history, brackets, matrix). */
  onMore: () => void
}

export function PositionPopover({ documentId, paragraph, parties, ownDelegation, canRecord, anchor, now, onClose, onMore }: PositionPopoverProps) {
  const { t, i18n } = useTranslation()
  const ids = useId()
  const ref = useRef<HTMLDivElement>(null)
  const [place, setPlace] = useState<{ top: number; left: number } | null>(null)
  const current = paragraph.positions[ownDelegation]?.stance ?? null
  const [needsTextFor, setNeedsTextFor] = useState<Stance | null>(null)
  const [text, setText] = useState('')
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const choices = [...STANCES, null] as const
  const state = chipState(paragraph)

  // The chip as it is now: the editor draws a paragraph's chip anew when its state changes (the
  // position just recorded), which leaves the one that opened this detached, at 0,0.
  const paragraphId = paragraph.paragraphId
  const chipNow = useCallback(
    (): HTMLElement =>
      anchor.isConnected ? anchor : (document.querySelector<HTMLElement>(`.consensus-chip[data-paragraph-id="${CSS.escape(paragraphId)}"]`) ?? anchor),
    [anchor, paragraphId],
  )

  // Beside the chip, kept inside the window.
  useLayoutEffect(() => {
    const box = ref.current
    if (!box) return
    const place = (): void => {
      const chip = chipNow().getBoundingClientRect()
      const width = box.offsetWidth
      const height = box.offsetHeight
      const left = Math.max(8, Math.min(chip.right - width, window.innerWidth - width - 8))
      const below = chip.bottom + 6
      const top = below + height > window.innerHeight - 8 ? Math.max(8, chip.top - height - 6) : below
      setPlace({ top, left })
    }
    place()
    // Focus on the person's current choice (or the first), else on the dialog itself. The
    // editor puts its selection back into the page on every transaction (a remote caret moving
    // is one) while the page's selection is inside it, and with it the focus: let it go.
    // After the keystroke that opened it has been handled (focus moved during it does not hold).
    const frame = requestAnimationFrame(() => {
      const target = box.querySelector<HTMLElement>('[data-choice][aria-checked="true"]') ?? box.querySelector<HTMLElement>('[data-choice]') ?? box
      target.focus()
      const selection = window.getSelection()
      if (selection && selection.rangeCount > 0 && !box.contains(selection.anchorNode)) selection.removeAllRanges()
    })
    window.addEventListener('resize', place)
    window.addEventListener('scroll', place, true)
    return () => {
      cancelAnimationFrame(frame)
      window.removeEventListener('resize', place)
      window.removeEventListener('scroll', place, true)
    }
  }, [chipNow])

  // A click elsewhere closes it (the chip toggles it itself); so does Escape wherever focus is.
  useEffect(() => {
    const onDown = (event: MouseEvent): void => {
      const target = event.target as Node
      if (ref.current?.contains(target) || chipNow().contains(target)) return
      onClose()
    }
    const onKey = (event: globalThis.KeyboardEvent): void => {
      if (event.key !== 'Escape' || event.defaultPrevented) return
      if (document.querySelector('dialog[open]')) return
      onClose()
      chipNow().focus()
    }
    document.addEventListener('mousedown', onDown)
    document.addEventListener('keydown', onKey)
    return () => {
      document.removeEventListener('mousedown', onDown)
      document.removeEventListener('keydown', onKey)
    }
  }, [chipNow, onClose])

  const close = (): void => {
    onClose()
    chipNow().focus()
  }

  // After recording, the focus goes to the choice made: the reason's form (or a "Withdraw" now
  // disabled) that held it is gone, and the focus must not fall to the page (A11Y-21).
  const focusAfter = useRef<string | null>(null)
  useEffect(() => {
    const choice = focusAfter.current
    if (!choice) return
    focusAfter.current = null
    ref.current?.querySelector<HTMLElement>(`[data-choice="${choice}"]`)?.focus()
  }, [done])

  const record = async (stance: Stance | null, reason?: string): Promise<void> => {
    setBusy(true)
    setProblem(null)
    setDone(null)
    try {
      await recordPosition(documentId, paragraph.paragraphId, { stance, text: reason ?? null })
      focusAfter.current = stance ?? 'agree'
      setNeedsTextFor(null)
      setText('')
      setDone(stance ? t('consensus.popover.recorded', { stance: t(`consensus.stance.${stance}`) }) : t('consensus.popover.withdrawn'))
    } catch (error) {
      setProblem(consensusError(error))
    } finally {
      setBusy(false)
    }
  }

  const choose = (stance: Stance | null): void => {
    if (busy) return
    if (stance && stanceNeedsText(stance)) {
      setNeedsTextFor(stance)
      setText(paragraph.positions[ownDelegation]?.stance === stance ? (paragraph.positions[ownDelegation]?.text ?? '') : '')
      return
    }
    void record(stance)
  }

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.key === 'Escape') {
      event.preventDefault()
      event.stopPropagation()
      close()
      return
    }
    const buttons = Array.from(ref.current?.querySelectorAll<HTMLElement>('[data-choice]') ?? [])
    const index = buttons.indexOf(document.activeElement as HTMLElement)
    if (index < 0) return
    const step = event.key === 'ArrowDown' || event.key === 'ArrowRight' ? 1 : event.key === 'ArrowUp' || event.key === 'ArrowLeft' ? -1 : 0
    if (step !== 0) {
      event.preventDefault()
      buttons[(index + step + buttons.length) % buttons.length]!.focus()
    } else if (event.key === 'Home' || event.key === 'End') {
      event.preventDefault()
      buttons[event.key === 'Home' ? 0 : buttons.length - 1]!.focus()
    }
  }

  return (
    <div
      ref={ref}
      className="position-popover"
      role="dialog"
      aria-labelledby={`${ids}-title`}
      data-testid="position-popover"
      data-number={paragraph.number}
      tabIndex={-1}
      style={place ? { top: place.top, left: place.left } : { opacity: 0, top: 0, left: 0 }}
      onKeyDown={onKeyDown}
    >
      <div className="position-popover__head">
        <h2 id={`${ids}-title`} className="position-popover__title">
          {paragraph.number} ·{' '}
          <span className={`chip-state chip-state--${state.replace(/_/g, '-')}`} data-testid="popover-state">
            <span aria-hidden="true">{state === 'bracketed' ? `[${paragraph.openBrackets}]` : CHIP_GLYPH[state]}</span> {t(`consensus.chip.${state}`)}
          </span>
        </h2>
        <button type="button" className="icon-button position-popover__close" aria-label={t('common.close')} title={t('common.close')} onClick={close}>
          <span aria-hidden="true">×</span>
        </button>
      </div>
      <ul className="position-popover__list" data-testid="popover-positions">
        {parties.map((code) => {
          const position = paragraph.positions[code]
          return (
            <li key={code} data-party={code} data-stance={position?.stance ?? 'none'} className={`position position--${position?.stance ?? 'none'}`}>
              <span className="position__glyph" aria-hidden="true">
                {position ? STANCE_GLYPH[position.stance] : '·'}
              </span>
              <span className="position__who">{delegationLabelOf(code, i18n.language)}</span>
              <span className="position__stance">{position ? t(`consensus.stance.${position.stance}`) : t('consensus.stance.none')}</span>
              {position && (
                <span className="position__by small" data-testid="popover-recorded-by">
                  {t('consensus.popover.recordedBy', { name: position.by.name, delegation: position.by.delegation, time: relativeTime(position.at, i18n.language, now) })}
                </span>
              )}
              {position?.text && <q className="position__text">{position.text}</q>}
            </li>
          )
        })}
      </ul>
      {canRecord && (
        <div className="position-popover__mine">
          <p id={`${ids}-mine`} className="position-popover__mine-label">
            {t('consensus.yourPosition', { delegation: delegationLabelOf(ownDelegation, i18n.language) })}
          </p>
          <div className="position-popover__choices" role="radiogroup" aria-labelledby={`${ids}-mine`}>
            {choices.map((stance) => {
              const label = stance ? t(`consensus.popover.choice.${stance}`) : t('consensus.popover.choice.none')
              return (
                <button
                  key={stance ?? 'none'}
                  type="button"
                  role="radio"
                  data-choice={stance ?? 'none'}
                  data-testid={`popover-choice-${stance ?? 'none'}`}
                  // "Withdraw" is never the checked one: no position means none is checked.
                  aria-checked={stance !== null && (needsTextFor ?? current) === stance}
                  tabIndex={(stance !== null && (needsTextFor ?? current) === stance) || (current === null && needsTextFor === null && stance === 'agree') ? 0 : -1}
                  className={`button button--small position-choice position-choice--${stance ?? 'none'}`}
                  aria-disabled={busy || undefined}
                  disabled={stance === null && current === null}
                  onClick={() => choose(stance)}
                >
                  {stance && (
                    <span className="position-choice__glyph" aria-hidden="true">
                      {STANCE_GLYPH[stance]}
                    </span>
                  )}
                  {label}
                </button>
              )
            })}
          </div>
          {needsTextFor && (
            <form
              className="position-popover__reason"
              onSubmit={(event) => {
                event.preventDefault()
                if (!text.trim()) {
                  setProblem(t('consensus.errors.position_text_required'))
                  return
                }
                void record(needsTextFor, text.trim())
              }}
            >
              <label htmlFor={`${ids}-reason`}>{t(needsTextFor === 'objection' ? 'consensus.objectionText' : 'consensus.reservationText')}</label>
              <textarea id={`${ids}-reason`} rows={2} data-testid="popover-reason" value={text} autoFocus onChange={(event) => setText(event.target.value)} />
              <button type="submit" className="button button--primary button--small" data-testid="popover-reason-save" disabled={busy}>
                {t('consensus.savePosition')}
              </button>
            </form>
          )}
        </div>
      )}
      {problem && (
        <p className="field__error" role="alert">
          {problem}
        </p>
      )}
      <p className="position-popover__status" role="status" data-testid="popover-status">
        {done}
      </p>
      <button type="button" className="link-button small" data-testid="popover-more" onClick={onMore}>
        {t('consensus.popover.more')}
      </button>
    </div>
  )
}
