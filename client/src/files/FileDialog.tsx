/**
 * Uploading a file to the repository, or changing one's description (UI-FILES-2): title,
 * description, tags, language, the register's meeting, who may see it (everyone signed in, or
 * chosen delegations); on upload, the file with a progress bar and Cancel while it is sent.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { TFunction } from 'i18next'
import { FILE_DESCRIPTION_MAX_LENGTH, FILE_LANGUAGES, FILE_TITLE_MAX_LENGTH, parseTags, type FileLanguage, type Meeting, type RepositoryFileView } from '@consenso/protocol'
import { describeError } from '../api.ts'
import { ChoiceField } from '../components/ChoiceField.tsx'
import { Dialog } from '../components/Dialog.tsx'
import { TextField } from '../components/Field.tsx'
import { FormActions } from '../components/FormActions.tsx'
import { DelegationChecklist } from '../register/DelegationChecklist.tsx'
import { MeetingSelect } from '../register/MeetingSelect.tsx'
import { UploadStatus, type UploadJob } from '../export/UploadStatus.tsx'
import { isAbort, TransferError } from '../export/transfer.ts'
import { FILE_ACCEPT, updateFile, uploadFile, type FileDescription } from './api.ts'

interface FileDialogProps {
  open: boolean
  /** The file changed; null to upload a new one. */
  file: RepositoryFileView | null
  meetings: readonly Meeting[]
  /** The meeting a new file starts with (the register's "upload for this meeting"). */
  meetingId?: string | null
  maxBytes: number
  onClose: () => void
  onSaved: (file: RepositoryFileView) => void
}

export const megabytes = (bytes: number): string => `${Math.round((bytes / 1024 / 1024) * 10) / 10}`
/** A file's size as people read it: KB under a megabyte, MB above. */
export const sizeText = (bytes: number): string => (bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${megabytes(bytes)} MB`)

/** A refused upload in the person's words. */
export function uploadError(error: unknown, name: string, maxBytes: number, t: TFunction): string {
  if (!(error instanceof TransferError)) return t('errors.unexpected')
  if (error.status === 0) return t('errors.network')
  if (error.status === 413) return t('files.errors.tooLarge', { name, limit: megabytes(maxBytes) })
  if (error.status === 415) return t('files.errors.type', { name })
  if (error.code === 'empty_file') return t('files.errors.empty', { name })
  if (error.status === 403) return t('errors.forbidden')
  return t('errors.refused', { message: error.message })
}

export function FileDialog({ open, file, meetings, meetingId, maxBytes, onClose, onSaved }: FileDialogProps) {
  const { t, i18n } = useTranslation()
  const ids = useId()
  const [chosen, setChosen] = useState<File | null>(null)
  const [title, setTitle] = useState('')
  const [description, setDescription] = useState('')
  const [tags, setTags] = useState('')
  const [language, setLanguage] = useState<FileLanguage>('es')
  const [meeting, setMeeting] = useState('')
  const [restricted, setRestricted] = useState(false)
  const [delegations, setDelegations] = useState<string[]>([])
  const [error, setError] = useState<string | null>(null)
  const [fieldErrors, setFieldErrors] = useState<{ file?: string; title?: string; delegations?: string }>({})
  const [busy, setBusy] = useState(false)
  const [job, setJob] = useState<UploadJob>({ kind: 'idle' })
  const controller = useRef<AbortController | null>(null)

  useEffect(() => {
    if (!open) return
    setChosen(null)
    setTitle(file?.title ?? '')
    setDescription(file?.description ?? '')
    setTags(file?.tags.join(', ') ?? '')
    setLanguage(file?.language ?? (i18n.language.startsWith('en') ? 'en' : 'es'))
    setMeeting(file ? (file.meetingId ?? '') : (meetingId ?? ''))
    setRestricted(file?.visibility.kind === 'delegations')
    setDelegations(file?.visibility.kind === 'delegations' ? file.visibility.delegations : [])
    setError(null)
    setFieldErrors({})
    setJob({ kind: 'idle' })
  }, [open, file, meetingId, i18n.language])

  const choose = (picked: File | null): void => {
    setChosen(picked)
    setFieldErrors((f) => ({ ...f, file: undefined }))
    // A title to start from: the file's name without its extension.
    if (picked && !title.trim()) setTitle(picked.name.replace(/\.[^.]+$/u, '').slice(0, FILE_TITLE_MAX_LENGTH))
  }

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    if (busy) return
    const errors = {
      ...(!file && !chosen ? { file: t('files.errors.noFile') } : {}),
      ...(!file && chosen && chosen.size > maxBytes ? { file: t('files.errors.tooLarge', { name: chosen.name, limit: megabytes(maxBytes) }) } : {}),
      ...(title.trim() ? {} : { title: t('files.errors.title') }),
      ...(restricted && delegations.length === 0 ? { delegations: t('files.errors.delegations') } : {}),
    }
    setFieldErrors(errors)
    if (Object.keys(errors).length > 0) return
    const d: FileDescription = {
      title: title.trim(),
      description: description.trim(),
      tags: parseTags(tags),
      language,
      meetingId: meeting || null,
      delegations: restricted ? delegations : [],
    }
    setBusy(true)
    setError(null)
    try {
      if (file) {
        onSaved(
          await updateFile(file.id, {
            title: d.title,
            description: d.description,
            tags: d.tags,
            language: d.language,
            meetingId: d.meetingId,
            visibility: restricted ? { kind: 'delegations', delegations } : { kind: 'all' },
          }),
        )
      } else if (chosen) {
        const abort = new AbortController()
        controller.current = abort
        setJob({ kind: 'running', name: chosen.name, progress: null })
        try {
          const saved = await uploadFile(chosen, d, { signal: abort.signal, onProgress: (progress) => setJob({ kind: 'running', name: chosen.name, progress }) })
          setJob({ kind: 'idle' })
          onSaved(saved)
        } catch (failure) {
          if (isAbort(failure) || abort.signal.aborted) setJob({ kind: 'cancelled' })
          else {
            setJob({ kind: 'idle' })
            setError(uploadError(failure, chosen.name, maxBytes, t))
          }
        } finally {
          controller.current = null
        }
      }
    } catch (failure) {
      setError(describeError(failure))
    } finally {
      setBusy(false)
    }
  }

  const close = (): void => {
    controller.current?.abort()
    onClose()
  }

  const sortedMeetings = [...meetings].sort((a, b) => (a.startsOn < b.startsOn ? 1 : a.startsOn > b.startsOn ? -1 : 0))
  return (
    <Dialog open={open} onClose={close} wide title={file ? t('files.editTitle', { title: file.title }) : t('files.uploadTitle')} testId="file-dialog">
      <form className="files-form" onSubmit={(event) => void submit(event)} noValidate>
        {!file && (
          <div className="field">
            <label htmlFor={`${ids}-file`}>{t('files.fields.file')}</label>
            <input
              id={`${ids}-file`}
              type="file"
              accept={FILE_ACCEPT}
              onChange={(event) => choose(event.target.files?.[0] ?? null)}
              aria-invalid={fieldErrors.file ? true : undefined}
              aria-describedby={`${ids}-file-hint${fieldErrors.file ? ` ${ids}-file-error` : ''}`}
              data-testid="file-input"
            />
            <p id={`${ids}-file-hint`} className="field__hint">
              {t('files.fields.fileHint', { limit: megabytes(maxBytes) })}
            </p>
            {fieldErrors.file && (
              <p id={`${ids}-file-error`} className="field__error" role="alert">
                {fieldErrors.file}
              </p>
            )}
          </div>
        )}
        <TextField label={t('files.fields.title')} value={title} maxLength={FILE_TITLE_MAX_LENGTH} onChange={(event) => setTitle(event.target.value)} error={fieldErrors.title} testId="file-title" />
        <div className="field">
          <label htmlFor={`${ids}-description`}>{t('files.fields.description')}</label>
          <textarea id={`${ids}-description`} rows={3} value={description} maxLength={FILE_DESCRIPTION_MAX_LENGTH} onChange={(event) => setDescription(event.target.value)} data-testid="file-description" />
        </div>
        <div className="files-form__row">
          <TextField label={t('files.fields.tags')} hint={t('files.fields.tagsHint')} value={tags} onChange={(event) => setTags(event.target.value)} testId="file-tags" />
          <ChoiceField<FileLanguage> label={t('files.fields.language')} value={language} choices={FILE_LANGUAGES} labelOf={(l) => t(`files.languages.${l}`)} onChange={setLanguage} testId="file-language" />
        </div>
        <MeetingSelect label={t('files.fields.meeting')} emptyLabel={t('files.noMeeting')} meetings={sortedMeetings} value={meeting} onChange={setMeeting} testId="file-meeting" />
        <fieldset className="field files-form__visibility">
          <legend>{t('files.fields.visibility')}</legend>
          <label className="checkbox">
            <input type="radio" name={`${ids}-visibility`} checked={!restricted} onChange={() => setRestricted(false)} data-testid="file-visibility-all" />
            {t('files.visibility.all')}
          </label>
          <label className="checkbox">
            <input type="radio" name={`${ids}-visibility`} checked={restricted} onChange={() => setRestricted(true)} data-testid="file-visibility-some" />
            {t('files.visibility.some')}
          </label>
        </fieldset>
        {restricted && <DelegationChecklist legend={t('files.fields.delegations')} value={delegations} onChange={setDelegations} testId="file-delegations" />}
        {fieldErrors.delegations && (
          <p className="field__error" role="alert">
            {fieldErrors.delegations}
          </p>
        )}
        <UploadStatus job={job} controller={controller} cancelledText={t('files.cancelled')} testIdPrefix="file-upload" progressLabel={t('files.progress')} />
        <FormActions error={error} onCancel={close} confirm={{ label: file ? t('files.save') : t('files.upload'), testId: 'file-save', busy }} />
      </form>
    </Dialog>
  )
}
