import type { CreateDocumentRequest, CreateDocumentResponse } from '@consenso/protocol'

/** Creates a draft through the real HTTP API and returns its id. */
export async function createDraft(baseUrl: string, request: CreateDocumentRequest): Promise<string> {
  const response = await fetch(`${baseUrl}/api/documents`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(request),
  })
  if (response.status !== 201) throw new Error(`creating a draft failed: ${response.status} ${await response.text()}`)
  return ((await response.json()) as CreateDocumentResponse).id
}
