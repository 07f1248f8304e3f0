/**
 * Brackets the selected words on behalf of sponsoring delegations, with optional alternative
 * wordings ("Alt 2", "Alt 3"…). The server marks the words and keeps the record; everyone sees
 * the brackets appear live.
 */
import { useId, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { BRACKET_MAX_ALTERNATIVES } from '@consenso/protocol'
import { createBracket } from '../api.ts'
import { Dialog } from '../components/Dialog.tsx'
import { delegationLabelOf } from '../delegations.ts'
import type { DraftAnchor } from '../review/anchors.ts'
import { consensusError } from './errors.ts'
import { FormActions } from '../components/FormActions.tsx'

interface BracketDialogProps {
  documentId: string
  draft: DraftAnchor | null
  onClose: () => void
  /** The person's own delegation: always a sponsor unless they own the draft. */
  ownDelegation: string
  isOwner: boolean
  parties: readonly string[]
}

export function BracketDialog({ documentId, draft, onClose, ownDelegation, isOwner, parties }: BracketDialogProps) {
  const { t } = useTranslation()
  return (
    <Dialog open={draft !== null} onClose={onClose} title={t('consensus.bracket.title')} testId="bracket-dialog">
      {draft && <BracketForm key={JSON.stringify(draft.anchor)} {...{ documentId, draft, onClose, ownDelegation, isOwner, parties }} />}
    </Dialog>
  )
}

function BracketForm({ documentId, draft, onClose, ownDelegation, isOwner, parties }: BracketDialogProps & { draft: DraftAnchor }) {
  const { t, i18n } = useTranslation()
  const ids = useId()
  const choices = [...new Set([ownDelegation, ...parties])]
  const [sponsors, setSponsors] = useState<string[]>(() => (isOwner && !parties.includes(ownDelegation) ? [] : [ownDelegation]))
  const [alternatives, setAlternatives] = useState<string[]>([''])
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)

  const toggle = (code: string, on: boolean): void => setSponsors((current) => (on ? [...current, code] : current.filter((c) => c !== code)))

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    if (sponsors.length === 0) {
      setProblem(t('consensus.bracket.needSponsor'))
      return
    }
    setBusy(true)
    setProblem(null)
    try {
      await createBracket(documentId, {
        anchor: draft.anchor,
        sponsors,
        alternatives: alternatives.map((a) => a.trim()).filter(Boolean),
      })
      onClose()
    } catch (error) {
      setProblem(consensusError(error))
    } finally {
      setBusy(false)
    }
  }

  return (
    <form className="bracket-form" onSubmit={(event) => void submit(event)} noValidate>
      <p className="bracket-form__quote">
        <span className="visually-hidden">{t('consensus.bracket.words')}: </span>[{draft.quote}]
      </p>
      <fieldset className="bracket-form__sponsors">
        <legend>{t('consensus.bracket.sponsors')}</legend>
        {choices.map((code) => (
          <label key={code} className="check-option">
            <input
              type="checkbox"
              data-testid={`bracket-sponsor-${code}`}
              checked={sponsors.includes(code)}
              // Non-owners bracket for their own delegation: that box stays ticked.
              disabled={!isOwner && code === ownDelegation}
              onChange={(event) => toggle(code, event.target.checked)}
            />
            <span>{delegationLabelOf(code, i18n.language)}</span>
          </label>
        ))}
      </fieldset>
      <fieldset className="bracket-form__alternatives">
        <legend>{t('consensus.bracket.alternatives')}</legend>
        <p className="field__hint">{t('consensus.bracket.alternativesHint')}</p>
        {alternatives.map((value, index) => (
          <div className="field" key={index}>
            <label htmlFor={`${ids}-alt-${index}`}>{t('consensus.bracket.altN', { n: index + 2 })}</label>
            <textarea
              id={`${ids}-alt-${index}`}
              rows={2}
              data-testid={`bracket-alternative-${index}`}
              value={value}
              onChange={(event) => setAlternatives((all) => all.map((a, i) => (i === index ? event.target.value : a)))}
            />
          </div>
        ))}
        {alternatives.length < BRACKET_MAX_ALTERNATIVES && (
          <button type="button" className="link-button" data-testid="bracket-add-alternative" onClick={() => setAlternatives((all) => [...all, ''])}>
            {t('consensus.bracket.addAlternative')}
          </button>
        )}
      </fieldset>
      {problem && (
        <p className="field__error" role="alert" data-testid="bracket-problem">
          {problem}
        </p>
      )}
      <FormActions onCancel={onClose} confirm={{ label: t('consensus.bracket.submit'), testId: 'bracket-submit', busy }} />
    </form>
  )
}
