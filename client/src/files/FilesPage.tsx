/**
 * The file repository (/files, UI-FILES-1): the files a person may see, filtered by meeting,
 * tag, language and words of their titles; each with its versions to download and, for who
 * may change it, a new version, edit and delete (with confirmation). `?file=ID` (a search
 * result) brings that file into view and focus; `?meeting=ID&upload=1` (the register's
 * meeting) opens the upload for that meeting.
 */
import { useEffect, useId, useMemo, useRef, useState, type ChangeEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { LoadStatus, useLoaded } from '../components/LoadStatus.tsx'
import { useReloadOnChange } from '../notifications/live.ts'
import { useSearch } from 'wouter'
import { FILE_LANGUAGES, type FileLanguage, type Meeting, type RepositoryFileView } from '@consenso/protocol'
import { listMeetings } from '../api.ts'
import { AppHeader } from '../components/AppHeader.tsx'
import { ChoiceField } from '../components/ChoiceField.tsx'
import { RemovalDialog } from '../components/RemovalDialog.tsx'
import { useRemoval } from '../components/useRemoval.ts'
import { useDocumentTitle } from '../components/useDocumentTitle.ts'
import { delegationLabelOf } from '../delegations.ts'
import { formatDay } from '../register/dates.ts'
import { MeetingSelect } from '../register/MeetingSelect.tsx'
import { UploadStatus, type UploadJob } from '../export/UploadStatus.tsx'
import { isAbort } from '../export/transfer.ts'
import { FILE_ACCEPT, deleteFile, listFiles, uploadVersion, versionUrl } from './api.ts'
import { FileDialog, megabytes, sizeText, uploadError } from './FileDialog.tsx'
import './files.css'


const fold = (s: string): string => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()

export function FilesPage() {
  const { t, i18n } = useTranslation()
  const ids = useId()
  const params = new URLSearchParams(useSearch())
  const linked = params.get('file')
  const { state, reload } = useLoaded(listFiles)
  useReloadOnChange('files', reload)
  const [meetings, setMeetings] = useState<Meeting[]>([])
  const [meetingFilter, setMeetingFilter] = useState(params.get('meeting') ?? '')
  const [tagFilter, setTagFilter] = useState('')
  const [languageFilter, setLanguageFilter] = useState<FileLanguage | ''>('')
  const [words, setWords] = useState('')
  const [dialog, setDialog] = useState<{ file: RepositoryFileView | null } | null>(params.get('upload') === '1' ? { file: null } : null)
  const [notice, setNotice] = useState('')
  const removal = useRemoval<RepositoryFileView>(deleteFile, (removed) => {
    setNotice(t('files.deleted', { title: removed.title }))
    reload()
  })
  const [versionJob, setVersionJob] = useState<{ fileId: string; job: UploadJob } | null>(null)
  const versionController = useRef<AbortController | null>(null)
  useDocumentTitle(t('files.documentTitle'))

  useEffect(() => {
    const controller = new AbortController()
    listMeetings(controller.signal).then(setMeetings, () => {})
    return () => controller.abort()
  }, [])

  // A search result's file: in view and focused once the list is there.
  const focused = useRef<string | null>(null)
  useEffect(() => {
    if (!linked || state.kind !== 'ready' || focused.current === linked) return
    const element = document.getElementById(`file-${linked}`)
    if (!element) return
    focused.current = linked
    element.scrollIntoView({ block: 'center' })
    element.focus()
  }, [linked, state])

  const files = state.kind === 'ready' ? state.value.files : []
  const maxBytes = state.kind === 'ready' ? state.value.maxBytes : 0
  const meetingOf = useMemo(() => new Map(meetings.map((m) => [m.id, m])), [meetings])
  const tags = useMemo(() => [...new Set(files.flatMap((f) => f.tags))].sort((a, b) => a.localeCompare(b)), [files])
  const shown = files.filter(
    (f) =>
      (!meetingFilter || f.meetingId === meetingFilter) &&
      (!tagFilter || f.tags.includes(tagFilter)) &&
      (!languageFilter || f.language === languageFilter) &&
      (!words.trim() || fold(`${f.title} ${f.description}`).includes(fold(words.trim()))),
  )

  const newVersion = async (file: RepositoryFileView, event: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const picked = event.target.files?.[0]
    event.target.value = ''
    if (!picked) return
    if (picked.size > maxBytes) {
      setVersionJob({ fileId: file.id, job: { kind: 'error', message: t('files.errors.tooLarge', { name: picked.name, limit: megabytes(maxBytes) }) } })
      return
    }
    const abort = new AbortController()
    versionController.current = abort
    setVersionJob({ fileId: file.id, job: { kind: 'running', name: picked.name, progress: null } })
    try {
      const version = await uploadVersion(file.id, picked, { signal: abort.signal, onProgress: (progress) => setVersionJob({ fileId: file.id, job: { kind: 'running', name: picked.name, progress } }) })
      setVersionJob(null)
      setNotice(t('files.versionAdded', { title: file.title, number: version.number }))
      reload()
    } catch (failure) {
      setVersionJob({ fileId: file.id, job: isAbort(failure) || abort.signal.aborted ? { kind: 'cancelled' } : { kind: 'error', message: uploadError(failure, picked.name, maxBytes, t) } })
    } finally {
      versionController.current = null
    }
  }

  const languageName = (l: FileLanguage): string => t(`files.languages.${l}`)
  return (
    <>
      <AppHeader />
      <main id="main" className="page-column files-page" tabIndex={-1} data-testid="files-page">
        <div className="files-page__head">
          <div>
            <h1>{t('files.heading')}</h1>
            <p className="muted">{t('files.intro')}</p>
          </div>
          <button type="button" className="button button--primary" onClick={() => setDialog({ file: null })} disabled={state.kind !== 'ready'} data-testid="file-new">
            {t('files.new')}
          </button>
        </div>
        <form className="files-filters" role="search" aria-label={t('files.filters')} onSubmit={(event) => event.preventDefault()}>
          <div className="field">
            <label htmlFor={`${ids}-words`}>{t('files.filter.words')}</label>
            <input id={`${ids}-words`} type="search" value={words} onChange={(event) => setWords(event.target.value)} data-testid="files-filter-words" />
          </div>
          <MeetingSelect label={t('files.filter.meeting')} emptyLabel={t('files.filter.any')} meetings={meetings} value={meetingFilter} onChange={setMeetingFilter} testId="files-filter-meeting" />
          <ChoiceField label={t('files.filter.tag')} value={tagFilter} choices={tags} labelOf={(tag) => tag} first={{ value: '', label: t('files.filter.any') }} onChange={setTagFilter} testId="files-filter-tag" />
          <ChoiceField<FileLanguage | '', FileLanguage>
            label={t('files.filter.language')}
            value={languageFilter}
            choices={FILE_LANGUAGES}
            labelOf={languageName}
            first={{ value: '', label: t('files.filter.any') }}
            onChange={setLanguageFilter}
            testId="files-filter-language"
          />
        </form>
        <p role="status" className="small" data-testid="files-status">
          {notice}
        </p>
        <LoadStatus state={state} loading={t('files.loading')} failed={(message) => message} onRetry={reload} />
        {state.kind === 'ready' && shown.length === 0 && <p className="muted">{files.length === 0 ? t('files.none') : t('files.noneMatch')}</p>}
        {shown.length > 0 && (
          <ul className="files-list" aria-label={t('files.listLabel', { count: shown.length })} data-testid="files-list">
            {shown.map((f) => {
              const meeting = f.meetingId ? meetingOf.get(f.meetingId) : undefined
              const current = f.versions.at(-1)
              const job = versionJob?.fileId === f.id ? versionJob.job : null
              return (
                <li key={f.id}>
                  <article id={`file-${f.id}`} className={f.id === linked ? 'files-item files-item--linked' : 'files-item'} tabIndex={-1} aria-labelledby={`file-${f.id}-title`} data-testid="file-item">
                    <h2 id={`file-${f.id}-title`} className="files-item__title">
                      {f.title}
                    </h2>
                    <p className="files-item__meta small">
                      <span>{languageName(f.language)}</span>
                      {meeting && (
                        <span>
                          {t('files.meeting')}: {formatDay(meeting.startsOn, i18n.language)} — {meeting.title}
                        </span>
                      )}
                      <span>
                        {f.visibility.kind === 'all'
                          ? t('files.visibility.all')
                          : t('files.visibility.only', { list: f.visibility.delegations.map((c) => delegationLabelOf(c, i18n.language)).join(', ') })}
                      </span>
                    </p>
                    {f.description && <p className="files-item__description">{f.description}</p>}
                    {f.tags.length > 0 && (
                      <ul className="files-item__tags" aria-label={t('files.fields.tags')}>
                        {f.tags.map((tag) => (
                          <li key={tag}>{tag}</li>
                        ))}
                      </ul>
                    )}
                    <h3 className="visually-hidden">{t('files.versions')}</h3>
                    <ol className="files-item__versions" reversed data-testid="file-versions">
                      {[...f.versions].reverse().map((v) => (
                        <li key={v.number}>
                          <a href={versionUrl(f.id, v.number)} download data-testid="file-download">
                            {t('files.download', { name: v.name, number: v.number })}
                          </a>{' '}
                          <span className="small muted">
                            {t('files.versionMeta', { size: sizeText(v.size), date: formatDay(v.uploadedAt.slice(0, 10), i18n.language) })}
                            {v === current && f.versions.length > 1 ? ` · ${t('files.current')}` : ''}
                          </span>
                        </li>
                      ))}
                    </ol>
                    {f.canEdit && (
                      <div className="files-item__actions">
                        <label className="button button--small files-item__version">
                          {t('files.newVersion')}
                          <input
                            type="file"
                            accept={FILE_ACCEPT}
                            className="visually-hidden"
                            aria-label={t('files.newVersionNamed', { title: f.title })}
                            onChange={(event) => void newVersion(f, event)}
                            disabled={job?.kind === 'running'}
                            data-testid="file-new-version"
                          />
                        </label>
                        <button type="button" className="button button--small" onClick={() => setDialog({ file: f })} aria-label={t('files.editNamed', { title: f.title })} data-testid="file-edit">
                          {t('files.edit')}
                        </button>
                        <button type="button" className="button button--small button--quiet" onClick={() => removal.ask(f)} aria-label={t('files.deleteNamed', { title: f.title })} data-testid="file-delete">
                          {t('files.delete')}
                        </button>
                      </div>
                    )}
                    {job && (
                      <>
                        <UploadStatus job={job} controller={versionController} cancelledText={t('files.versionCancelled')} testIdPrefix="file-version" progressLabel={t('files.progress')} />
                        {job.kind === 'error' && (
                          <p className="notice notice--error" role="alert">
                            {job.message}
                          </p>
                        )}
                      </>
                    )}
                  </article>
                </li>
              )
            })}
          </ul>
        )}
      </main>
      <FileDialog
        // Once the list is read: the dialog needs the server's size limit.
        open={dialog !== null && state.kind === 'ready'}
        file={dialog?.file ?? null}
        meetings={meetings}
        meetingId={params.get('meeting')}
        maxBytes={maxBytes}
        onClose={() => setDialog(null)}
        onSaved={(saved) => {
          setNotice(dialog?.file ? t('files.saved', { title: saved.title }) : t('files.uploaded', { title: saved.title }))
          setDialog(null)
          reload()
        }}
      />
      <RemovalDialog
        removal={removal}
        title={t('files.deleteTitle')}
        confirmLabel={t('files.delete')}
        body={(file) => t('files.deleteBody', { title: file.title, count: file.versions.length })}
      />
    </>
  )
}
