/** Writing a practice (UI-PRACT-*): its fields, links and attachments; save as a draft or save and submit. */
import { useId, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { PRACTICE_ATTACHMENT_MAX_BYTES, PRACTICE_MAX_ATTACHMENTS, type PracticeTheme, type PracticeWithAttachments } from '@consenso/protocol'
import { useAction } from '../components/useAction.ts'
import { attachmentTooLarge, createPractice, deleteAttachment, submitPractice, updatePractice, uploadAttachment } from './api.ts'
import { PracticePanel } from './PracticePanel.tsx'
import { themeName } from './ThemesSection.tsx'
import { ChoiceField } from '../components/ChoiceField.tsx'

export function PracticeForm({ practice, themes, onSaved, onClose, reload }: { practice: PracticeWithAttachments | null; themes: PracticeTheme[]; onSaved: (id: string) => void; onClose: () => void; reload: () => void }) {
  const { t, i18n } = useTranslation()
  const ids = useId()
  const action = useAction()
  const offered = themes.filter((th) => !th.archived || th.id === practice?.themeId)
  const [fields, setFields] = useState({
    title: practice?.title ?? '',
    country: practice?.country ?? '',
    themeId: practice?.themeId ?? offered[0]?.id ?? '',
    description: practice?.description ?? '',
    why: practice?.why ?? '',
    how: practice?.how ?? '',
    contact: practice?.contact ?? '',
    links: (practice?.links ?? []).join('\n'),
  })
  const [fileError, setFileError] = useState<string | null>(null)
  const set = (key: keyof typeof fields) => (e: { target: { value: string } }) => setFields({ ...fields, [key]: e.target.value })

  const save = async (andSubmit: boolean): Promise<void> => {
    const links = fields.links.split(/\s+/u).map((l) => l.trim()).filter(Boolean)
    const body = { title: fields.title, themeId: fields.themeId, country: fields.country, description: fields.description, why: fields.why, how: fields.how, contact: fields.contact, links }
    let savedId = practice?.id ?? null
    const ok = await action.run(async () => {
      const saved = practice ? await updatePractice(practice.id, body) : await createPractice(body)
      savedId = saved.id
      if (andSubmit) await submitPractice(saved.id)
    })
    if (savedId) onSaved(savedId)
    if (ok && andSubmit) onClose()
  }

  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    void save(false)
  }

  const attach = async (files: FileList | null): Promise<void> => {
    setFileError(null)
    if (!practice || !files) return
    for (const file of Array.from(files)) {
      if (attachmentTooLarge(file)) {
        setFileError(t('practices.attachments.tooLarge', { name: file.name, mb: PRACTICE_ATTACHMENT_MAX_BYTES / 1024 / 1024 }))
        return
      }
      if (!(await action.run(() => uploadAttachment(practice.id, file)))) return
    }
    reload()
  }

  const field = (key: 'title' | 'country' | 'contact', required = false) => (
    <div className="field">
      <label htmlFor={`${ids}-${key}`}>
        {t(`practices.fields.${key}`)}
        {required && ` ${t('practices.required')}`}
      </label>
      <input id={`${ids}-${key}`} value={fields[key]} onChange={set(key)} data-testid={`practice-${key}`} required={required} maxLength={key === 'title' ? 200 : 300} />
    </div>
  )
  const area = (key: 'description' | 'why' | 'how', rows = 4) => (
    <div className="field">
      <label htmlFor={`${ids}-${key}`}>
        {t(`practices.fields.${key}`)} {t('practices.required')}
      </label>
      <textarea id={`${ids}-${key}`} rows={rows} value={fields[key]} onChange={set(key)} data-testid={`practice-${key}`} maxLength={8000} />
    </div>
  )
  return (
    <PracticePanel
      heading={practice ? t('practices.editHeading', { title: practice.title }) : t('practices.newHeading')}
      testId="practice-form"
      notice={
        practice?.reviewComment && (
          <p className="notice notice--warning">
            <strong>{t('practices.reviewComment')}</strong> {practice.reviewComment}
          </p>
        )
      }
      onSubmit={onSubmit}
      error={fileError ?? action.error}
      onClose={onClose}
      buttons={
        <>
          <button type="submit" className="button" disabled={action.busy} data-testid="save-practice">
            {t('practices.saveDraft')}
          </button>
          <button type="button" className="button button--primary" disabled={action.busy} data-testid="save-submit-practice" onClick={() => void save(true)}>
            {t('practices.saveAndSubmit')}
          </button>
        </>
      }
    >
      {field('title', true)}
      {field('country')}
      <ChoiceField
        label={t('practices.fields.theme')}
        testId="practice-theme"
        value={fields.themeId}
        choices={offered.map((th) => th.id)}
        labelOf={(id) => themeName(offered.find((th) => th.id === id), i18n.language)}
        onChange={(themeId) => setFields({ ...fields, themeId })}
      />
      {area('description')}
      {area('why')}
      {area('how')}
      {field('contact')}
      <div className="field">
        <label htmlFor={`${ids}-links`}>{t('practices.fields.links')}</label>
        <textarea id={`${ids}-links`} rows={2} value={fields.links} onChange={set('links')} aria-describedby={`${ids}-links-hint`} data-testid="practice-links" />
        <p id={`${ids}-links-hint`} className="field__hint">
          {t('practices.linksHint')}
        </p>
      </div>
      <div className="field">
        <label htmlFor={`${ids}-files`}>{t('practices.attachments.add')}</label>
        {practice ? (
          <>
            <input id={`${ids}-files`} type="file" multiple disabled={practice.attachments.length >= PRACTICE_MAX_ATTACHMENTS} aria-describedby={`${ids}-files-hint`} onChange={(e) => void attach(e.target.files)} data-testid="practice-file" />
            <p id={`${ids}-files-hint`} className="field__hint">
              {t('practices.attachments.hint', { mb: PRACTICE_ATTACHMENT_MAX_BYTES / 1024 / 1024, count: PRACTICE_MAX_ATTACHMENTS })}
            </p>
            {practice.attachments.length > 0 && (
              <ul className="practice-form__files">
                {practice.attachments.map((a) => (
                  <li key={a.id}>
                    {a.name}{' '}
                    <button type="button" className="link-button" onClick={() => void action.run(() => deleteAttachment(a.id)).then((ok) => ok && reload())}>
                      {t('practices.attachments.remove', { name: a.name })}
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </>
        ) : (
          <p id={`${ids}-files`} className="field__hint">
            {t('practices.attachments.afterSave')}
          </p>
        )}
      </div>
    </PracticePanel>
  )
}
