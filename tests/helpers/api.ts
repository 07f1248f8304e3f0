import type { CreateDocumentRequest, CreateDocumentResponse } from '@consenso/protocol'
import { api, type TestSession } from './session.ts'

/** Creates a draft through the real HTTP API, as `owner`, and returns its id. */
export async function createDraft(baseUrl: string, owner: TestSession, request: CreateDocumentRequest): Promise<string> {
  const response = await api(baseUrl, owner).post('/api/documents', request)
  if (response.status !== 201) throw new Error(`creating a draft failed: ${response.status} ${await response.text()}`)
  return ((await response.json()) as CreateDocumentResponse).id
}
