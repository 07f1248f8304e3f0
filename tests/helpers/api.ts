import type { CreateDocumentRequest, CreateDocumentResponse } from '@consenso/protocol'
import { api, type TestSession } from './session.ts'

/** Creates a draft through the real HTTP API, as `owner`, and returns its id. */
export async function createDraft(baseUrl: string, owner: TestSession, request: CreateDocumentRequest): Promise<string> {
  const response = await api(baseUrl, owner).post('/api/documents', request)
  if (response.status !== 201) throw new Error(`creating a draft failed: ${response.status} ${await response.text()}`)
  return ((await response.json()) as CreateDocumentResponse).id
}

/** A person's server-sent notification stream (`/api/notifications/events`), read as it comes. */
export interface EventStreamReader {
  /** Everything received so far, as sent (`event: …\ndata: …\n\n`). */
  readonly text: () => string
  /** The events received so far, with their data parsed. */
  readonly events: () => { event: string; data: unknown }[]
  close(): Promise<void>
}

export function readEventStream(baseUrl: string, session: TestSession): EventStreamReader {
  const controller = new AbortController()
  let seen = ''
  const reading = (async () => {
    const response = await fetch(`${baseUrl}/api/notifications/events`, { headers: { cookie: session.cookie }, signal: controller.signal })
    if (!response.headers.get('content-type')?.startsWith('text/event-stream')) throw new Error(`not an event stream: ${response.status}`)
    const reader = response.body!.getReader()
    const decoder = new TextDecoder()
    for (;;) {
      const { value, done } = await reader.read()
      if (done) return
      seen += decoder.decode(value, { stream: true })
    }
  })().catch((error: unknown) => {
    if (!controller.signal.aborted) seen += `\nerror: ${String(error)}\n`
  })
  return {
    text: () => seen,
    events: () =>
      seen
        .split('\n\n')
        .map((block) => ({ event: /^event: (.*)$/m.exec(block)?.[1], data: /^data: (.*)$/m.exec(block)?.[1] }))
        .filter((e): e is { event: string; data: string | undefined } => e.event !== undefined)
        .map((e) => ({ event: e.event, data: e.data === undefined ? undefined : (JSON.parse(e.data) as unknown) })),
    close: async () => {
      controller.abort()
      await reading
    },
  }
}
