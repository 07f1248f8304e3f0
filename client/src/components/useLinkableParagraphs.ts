import { useEffect, useState } from 'react'
import type { LinkableParagraphsResponse } from '@consenso/protocol'
import { listLinkableParagraphs } from '../api.ts'

export type LinkableParagraph = LinkableParagraphsResponse['paragraphs'][number]

/**
 * A draft's paragraphs as DOC-4 lists them (number and first words), for forms that point at
 * some of them: the register's agreement form, the silence procedure's paragraph picker. Null
 * while loading (or with no draft); an unreadable list reads as empty.
 */
export function useLinkableParagraphs(documentId: string): LinkableParagraph[] | null {
  const [paragraphs, setParagraphs] = useState<LinkableParagraph[] | null>(null)
  useEffect(() => {
    setParagraphs(null)
    if (!documentId) return
    const controller = new AbortController()
    listLinkableParagraphs(documentId, controller.signal).then(setParagraphs, () => {
      if (!controller.signal.aborted) setParagraphs([])
    })
    return () => controller.abort()
  }, [documentId])
  return paragraphs
}
