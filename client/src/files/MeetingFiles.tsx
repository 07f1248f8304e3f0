/**
 * A meeting's files on the register's meetings view (UI-FILES-3): links to each file the
 * person may see in the repository, and a link to upload one for this meeting.
 */
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'wouter'
import type { RepositoryFileView } from '@consenso/protocol'
import { listFiles } from './api.ts'
import { useLoaded } from '../components/LoadStatus.tsx'
import { useReloadOnChange } from '../notifications/live.ts'

const NO_FILES: readonly RepositoryFileView[] = []

/** The repository's files by meeting id, kept current (empty until read, or when they cannot be read). */
export function useFilesByMeeting(): Map<string, RepositoryFileView[]> {
  const { state, reload } = useLoaded(listFiles)
  useReloadOnChange('files', reload)
  const files = state.kind === 'ready' ? state.value.files : NO_FILES
  return useMemo(() => {
    const byMeeting = new Map<string, RepositoryFileView[]>()
    for (const f of files) if (f.meetingId) byMeeting.set(f.meetingId, [...(byMeeting.get(f.meetingId) ?? []), f])
    return byMeeting
  }, [files])
}

export function MeetingFiles({ meetingId, meetingTitle, files }: { meetingId: string; meetingTitle: string; files: readonly RepositoryFileView[] }) {
  const { t } = useTranslation()
  return (
    <div className="meeting-files-block" data-testid="meeting-files">
      {files.length > 0 && (
        <ul className="meeting-files" aria-label={t('files.ofMeeting', { title: meetingTitle })}>
          {files.map((f) => (
            <li key={f.id}>
              <Link href={`/files?file=${encodeURIComponent(f.id)}`}>{f.title}</Link>
            </li>
          ))}
        </ul>
      )}
      <Link href={`/files?meeting=${encodeURIComponent(meetingId)}&upload=1`} className="meeting-files__upload" aria-label={t('files.uploadForNamed', { title: meetingTitle })} data-testid="meeting-upload-file">
        <span aria-hidden="true">+ </span>
        {t('files.uploadFor')}
      </Link>
    </div>
  )
}
