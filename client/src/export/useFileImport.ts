/**
 * Importing a Word or Markdown file, as the portal (a new draft) and the Versions panel (a
 * draft's next version) both do: the file is checked before anything is sent, uploaded with
 * progress and a way to cancel, and a refusal is said in the person's language. Each caller
 * keeps its own messages (`convert.import.errors.*`, `versionImport.errors.*`).
 */
import { useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { isAbort, TransferError, upload } from './transfer.ts'
import type { UploadJob } from './UploadStatus.tsx'

export const MAX_BYTES = 10 * 1024 * 1024
export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
export const IMPORT_ACCEPT = `.docx,.md,.markdown,.txt,text/markdown,${DOCX_TYPE}`

export type ImportFormat = 'docx' | 'md'

export function formatOf(file: File): ImportFormat | null {
  const name = file.name.toLowerCase()
  if (name.endsWith('.docx')) return 'docx'
  if (name.endsWith('.md') || name.endsWith('.markdown') || name.endsWith('.txt')) return 'md'
  return null
}

export function useFileImport(messages: 'convert.import.errors' | 'versionImport.errors') {
  const { t } = useTranslation()
  const controller = useRef<AbortController | null>(null)
  const [job, setJob] = useState<UploadJob>({ kind: 'idle' })

  /** Shows why nothing was sent; returns null so a caller can `return refuse(…)`. */
  const refuse = (message: string): null => {
    setJob({ kind: 'error', message })
    return null
  }

  const describe = (error: unknown, name: string): string => {
    if (!(error instanceof TransferError)) return t('errors.unexpected')
    if (error.status === 0) return t(`${messages}.network`)
    if (error.status === 401) return t('errors.signedOut')
    if (error.status === 403) return t(`${messages}.forbidden`)
    if (error.status === 413 || error.code === 'import_too_large') return t(`${messages}.tooLarge`, { name })
    if (error.code === 'import_too_slow') return t(`${messages}.tooSlow`, { name })
    if (error.status === 503) return t(`${messages}.busy`)
    if (error.code === 'import_corrupt') return t(`${messages}.corrupt`, { name })
    if (error.code === 'import_unsupported') return t(`${messages}.unsupported`, { name })
    if (error.code === 'import_empty' || error.code === 'empty_file') return t(`${messages}.empty`, { name })
    if (error.status === 415) return t(`${messages}.type`)
    return t(`${messages}.failed`, { status: error.status })
  }

  /**
   * Checks `file` and uploads it to `url(format)`. Resolves with the server's answer, or with
   * null when the file was refused, the upload failed or was cancelled (the job says which).
   */
  const run = async <T>(file: File, url: (format: ImportFormat) => string): Promise<T | null> => {
    const format = formatOf(file)
    if (!format) return refuse(t(`${messages}.type`))
    if (file.size > MAX_BYTES) return refuse(t(`${messages}.tooLarge`, { name: file.name }))
    if (file.size === 0) return refuse(t(`${messages}.empty`, { name: file.name }))
    const abort = new AbortController()
    controller.current = abort
    setJob({ kind: 'running', name: file.name, progress: null })
    try {
      const result = await upload<T>(url(format), file, format === 'docx' ? DOCX_TYPE : 'text/markdown; charset=utf-8', {
        signal: abort.signal,
        onProgress: (progress) => setJob({ kind: 'running', name: file.name, progress }),
      })
      setJob({ kind: 'idle' })
      return result
    } catch (error) {
      setJob(isAbort(error) || abort.signal.aborted ? { kind: 'cancelled' } : { kind: 'error', message: describe(error, file.name) })
      return null
    } finally {
      controller.current = null
    }
  }

  return { job, setJob, controller, run, refuse }
}
