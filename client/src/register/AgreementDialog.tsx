import { useEffect, useId, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { AGREEMENT_STATUSES, AGREEMENT_TEXT_MAX_LENGTH, type Agreement, type AgreementStatus, type DocumentSummary, type Meeting } from '@consenso/protocol'
import { createAgreement, describeError, updateAgreement } from '../api.ts'
import { useLinkableParagraphs } from '../components/useLinkableParagraphs.ts'
import { Dialog } from '../components/Dialog.tsx'
import { DelegationChecklist } from './DelegationChecklist.tsx'
import { formatDay } from './dates.ts'
import { FormActions } from '../components/FormActions.tsx'
import { ChoiceField } from '../components/ChoiceField.tsx'

interface AgreementDialogProps {
  open: boolean
  /** The agreement to edit; null to create one. */
  agreement: Agreement | null
  meetings: readonly Meeting[]
  drafts: readonly DocumentSummary[]
  onClose: () => void
  onSaved: (agreement: Agreement) => void
}

export function AgreementDialog({ open, agreement, meetings, drafts, onClose, onSaved }: AgreementDialogProps) {
  const { t, i18n } = useTranslation()
  const ids = useId()
  const [text, setText] = useState('')
  const [responsible, setResponsible] = useState<string[]>([])
  const [dueDate, setDueDate] = useState('')
  const [status, setStatus] = useState<AgreementStatus>('pending')
  const [meetingId, setMeetingId] = useState('')
  const [documentId, setDocumentId] = useState('')
  const [blockId, setBlockId] = useState('')
  const paragraphs = useLinkableParagraphs(open ? documentId : '')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [textError, setTextError] = useState<string | null>(null)

  useEffect(() => {
    if (!open) return
    setText(agreement?.text ?? '')
    setResponsible(agreement?.responsible ?? [])
    setDueDate(agreement?.dueDate ?? '')
    setStatus(agreement?.status ?? 'pending')
    setMeetingId(agreement?.meetingId ?? '')
    setDocumentId(agreement?.documentId ?? '')
    setBlockId(agreement?.blockId ?? '')
    setError(null)
    setTextError(null)
  }, [open, agreement])

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    if (!text.trim()) {
      setTextError(t('register.agreement.textRequired'))
      return
    }
    setBusy(true)
    setError(null)
    const linkChanged = (agreement?.documentId ?? '') !== documentId || (agreement?.blockId ?? '') !== blockId
    const body = {
      text: text.trim(),
      responsible,
      dueDate: dueDate || null,
      status,
      meetingId: meetingId || null,
      // A paragraph link belongs to its draft: changing the draft drops it.
      ...(linkChanged ? { documentId: documentId || null, blockId: (documentId && blockId) || null } : {}),
    }
    try {
      const saved = agreement ? await updateAgreement(agreement.id, body) : await createAgreement(body)
      onSaved(saved)
    } catch (failure) {
      setError(describeError(failure))
    } finally {
      setBusy(false)
    }
  }

  // The linked draft stays offered even when it is not in the reader's list (not shared).
  const linkedMissing = agreement?.documentId && !drafts.some((d) => d.id === agreement.documentId)
  return (
    <Dialog
      open={open}
      onClose={onClose}
      wide
      title={agreement ? t('register.agreement.editTitle') : t('register.agreement.newTitle')}
      testId="agreement-dialog"
    >
      <form className="register-form" onSubmit={(event) => void submit(event)} noValidate>
        <div className="field">
          <label htmlFor={`${ids}-text`}>{t('register.agreement.text')}</label>
          <textarea
            id={`${ids}-text`}
            data-testid="agreement-text"
            rows={3}
            maxLength={AGREEMENT_TEXT_MAX_LENGTH}
            value={text}
            aria-invalid={textError ? true : undefined}
            aria-describedby={textError ? `${ids}-text-error` : undefined}
            onChange={(event) => {
              setText(event.target.value)
              setTextError(null)
            }}
          />
          {textError && (
            <p id={`${ids}-text-error`} className="field__error" role="alert">
              {textError}
            </p>
          )}
        </div>
        <div className="register-form__row">
          <div className="field">
            <label htmlFor={`${ids}-due`}>{t('register.agreement.dueDate')}</label>
            <input id={`${ids}-due`} type="date" data-testid="agreement-due" value={dueDate} onChange={(event) => setDueDate(event.target.value)} />
          </div>
          <ChoiceField<AgreementStatus>
            label={t('register.agreement.status')}
            testId="agreement-status"
            value={status}
            choices={AGREEMENT_STATUSES}
            labelOf={(s) => t(`register.status.${s}`)}
            onChange={setStatus}
          />
        </div>
        <div className="register-form__row">
          <div className="field">
            <label htmlFor={`${ids}-meeting`}>{t('register.agreement.meeting')}</label>
            <select id={`${ids}-meeting`} data-testid="agreement-meeting" value={meetingId} onChange={(event) => setMeetingId(event.target.value)}>
              <option value="">{t('register.agreement.noMeeting')}</option>
              {meetings.map((m) => (
                <option key={m.id} value={m.id}>
                  {formatDay(m.startsOn, i18n.language)} — {m.title}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${ids}-draft`}>{t('register.agreement.draft')}</label>
            <select
              id={`${ids}-draft`}
              data-testid="agreement-draft"
              value={documentId}
              onChange={(event) => {
                setDocumentId(event.target.value)
                setBlockId('')
              }}
            >
              <option value="">{t('register.agreement.noDraft')}</option>
              {linkedMissing && <option value={agreement.documentId!}>{t('register.agreement.unlistedDraft')}</option>}
              {drafts.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.title || t('editor.untitled')}
                </option>
              ))}
            </select>
          </div>
          {documentId && (
            <div className="field">
              <label htmlFor={`${ids}-paragraph`}>{t('register.agreement.paragraph')}</label>
              <select id={`${ids}-paragraph`} data-testid="agreement-paragraph" value={blockId} disabled={paragraphs === null} onChange={(event) => setBlockId(event.target.value)}>
                <option value="">{paragraphs === null ? t('register.agreement.paragraphsLoading') : t('register.agreement.noParagraph')}</option>
                {blockId && paragraphs !== null && !paragraphs.some((p) => p.id === blockId) && <option value={blockId}>{t('register.agreement.paragraphGone')}</option>}
                {paragraphs?.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.number ? `${p.number} — ${p.text}` : p.text}
                  </option>
                ))}
              </select>
            </div>
          )}
        </div>
        <DelegationChecklist legend={t('register.agreement.responsible')} value={responsible} onChange={setResponsible} testId="agreement-responsible" />
        <FormActions error={error} onCancel={onClose} confirm={{ label: agreement ? t('register.save') : t('register.agreement.create'), testId: 'agreement-save', busy }} />
      </form>
    </Dialog>
  )
}
