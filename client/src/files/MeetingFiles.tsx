/**
 * A meeting's files on the register's meetings view (UI-FILES-3): links to each file the
 * person may see in the repository, and a link to upload one for this meeting.
 */
import { useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'wouter'
import type { RepositoryFileView } from '@consenso/protocol'
import { listFiles } from './api.ts'

/** The repository's files by meeting id, read once (empty until then, or when it cannot be read). */
export function useFilesByMeeting(): Map<string, RepositoryFileView[]> {
  const [files, setFiles] = useState<RepositoryFileView[]>([])
  useEffect(() => {
    const controller = new AbortController()
    listFiles(controller.signal).then(
      (answer) => setFiles(answer.files),
      () => {},
    )
    return () => controller.abort()
  }, [])
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
