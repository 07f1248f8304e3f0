import { useEffect, useState, type RefObject } from 'react'
import type { DocumentSummary } from '@consenso/protocol'
import { ApiRequestError, describeError, getDocument } from '../api.ts'
import { refreshOnReturn } from '../components/refresh-on-return.ts'

/**
 * Without a live connection (access withdrawn, the server away), nothing tells the page that
 * its access came back: it asks this often. With one, the server says when to ask (`details`).
 */
const OFFLINE_REFRESH_MS = 5000

interface Details {
  status: 'loading' | 'ready' | 'missing' | 'forbidden' | 'error'
  /** The last summary received; kept through failed refreshes. */
  summary: DocumentSummary | null
  message: string | null
  /** The `generation` of the request that produced this state. */
  generation: string
}

/**
 * The draft's summary, including the person's role. Fetched again on focus, when the network
 * returns, whenever `generation` changes (the server said the role or title changed, or
 * refused a change), and every few seconds while the page is visible but `live` is false.
 */
export function useDocumentDetails(documentId: string, generation: string, live: RefObject<boolean>): Details {
  const [details, setDetails] = useState<Details>({ status: 'loading', summary: null, message: null, generation })
  useEffect(() => {
    let controller: AbortController | null = null
    const load = (): void => {
      controller?.abort()
      const current = new AbortController()
      controller = current
      getDocument(documentId, current.signal).then(
        (summary) => {
          if (!current.signal.aborted) setDetails({ status: 'ready', summary, message: null, generation })
        },
        (error: unknown) => {
          if (current.signal.aborted) return
          if (error instanceof ApiRequestError && error.status === 404) {
            setDetails({ status: 'missing', summary: null, message: null, generation })
          } else if (error instanceof ApiRequestError && error.status === 403) {
            setDetails({ status: 'forbidden', summary: null, message: null, generation })
          } else {
            // A failed refresh (offline, a restart) keeps what is known.
            setDetails((previous) =>
              previous.summary ? previous : { status: 'error', summary: null, message: describeError(error), generation },
            )
          }
        },
      )
    }
    load()
    const stop = refreshOnReturn(load, OFFLINE_REFRESH_MS, () => !live.current)
    return () => {
      controller?.abort()
      stop()
    }
  }, [documentId, generation, live])
  return details
}
