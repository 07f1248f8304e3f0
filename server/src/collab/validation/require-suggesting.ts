/**
 * The owner's "require suggestions" setting, as the websocket needs it (TRUST-5): it lives in
 * the review document, which only the server writes, and is read when an editor connects and
 * again whenever the draft's access or settings change (`refreshAccess`).
 */
import { REVIEW_SETTINGS_KEY } from '@consenso/protocol'
import type { DocumentRegistry } from '../registry.ts'

export function readRequireSuggesting(collab: Pick<DocumentRegistry, 'read'>, documentId: string): Promise<boolean> {
  return collab.read({ documentId, name: 'meta' }, (doc) => doc.getMap(REVIEW_SETTINGS_KEY).get('requireSuggesting') === true)
}
