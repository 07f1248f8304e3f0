/**
 * A change the server refuses for good, made in real Chromium (server/SPEC.md SYNC-19):
 * Panamá's focal point, an editor, types directly while offline; meanwhile the owner requires
 * suggestions. Back online, the page's sync sends the direct edit, which the server refuses
 * (TRUST-5). The server says so (`refused`), and the page drops its copy (Y.Doc, IndexedDB,
 * pending list), loads the draft again and tells the person what was not accepted; what they
 * type next, as a suggestion, is stored. A reload does not bring the refused text back.
 * Screenshots go to tests/.artifacts/screenshots.
 */
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { BODY_FIELD } from '@consenso/schema'
import { editorText, screenshotPath, selectInEditor, suggestionMarkTexts } from '../helpers/browser.ts'
import { api, share } from '../helpers/session.ts'
import { browserRoom } from '../helpers/browser-room.ts'
import { storedBody } from '../helpers/load.ts'

const LIVE = { timeout: 15_000 }

const room = browserRoom({ people: ['panama'] })

const openDraft = (locale: string, email: string, draftUrl: string): Promise<Page> =>
  room.openDraft(locale, email, draftUrl, 'Encomendamos a las Secretarías Técnicas')

const storedText = async (id: string): Promise<string> => (await storedBody(room.server.storage, id)).getXmlFragment(BODY_FIELD).toString()

describe.skipIf(room.skipReason !== null)('a refused change in the browser', () => {
  it('[SYNC-19] a direct edit refused after the owner required suggestions: the page reloads the draft from the server and says what was not accepted', async () => {
    const draftId = await room.server.createDocument('Declaración sobre retorno', 'declaration')
    await share(room.server.url, room.server.session, draftId, { type: 'delegation', id: 'PAN' }, 'editor')
    for (const locale of ['en-US', 'es-ES']) {
      const panama = await openDraft(locale, room.people.panama.user.email, `${room.server.url}/d/${draftId}`)
      await expect(panama.getByTestId('mode-switch').getAttribute('data-mode')).resolves.toBe('editing')

      // Offline, Panamá types directly; the owner requires suggestions meanwhile.
      const direct = locale === 'en-US' ? 'DIRECTO ' : 'OTRO DIRECTO '
      await panama.context().setOffline(true)
      await expect.poll(() => panama.getByTestId('save-status').getAttribute('data-state')).toBe('offline')
      await panama.locator('.ProseMirror').focus()
      await selectInEditor(panama, 'Encomendamos', 'start')
      await panama.keyboard.type(direct, { delay: 10 })
      await expect.poll(() => editorText(panama)).toContain(`${direct}Encomendamos`)
      const set = await api(room.server.url, room.server.session).put(`/api/documents/${draftId}/settings`, { requireSuggesting: true })
      expect(set.status).toBe(200)

      // Back online: the edit is refused, the page loads the server's text and says so.
      await panama.context().setOffline(false)
      await panama.getByTestId('refused-notice').waitFor({ timeout: LIVE.timeout })
      const notice = await panama.getByTestId('refused-notice').innerText()
      expect(notice).toMatch(locale === 'en-US' ? /Your last change was not accepted: only suggestions are accepted/ : /Su último cambio no fue aceptado: en este borrador solo se aceptan sugerencias/)
      await expect.poll(() => editorText(panama), LIVE).not.toContain(direct.trim())
      expect(await storedText(draftId)).not.toContain(direct.trim())
      await panama.screenshot({ path: screenshotPath(locale === 'en-US' ? '6c-panama-refused-resynced-en' : '6d-panama-refused-resynced-es') })

      // The new copy writes: Panamá, now suggesting, proposes a word; it is stored.
      await expect.poll(() => panama.getByTestId('mode-switch').getAttribute('data-mode'), LIVE).toBe('suggesting')
      const word = locale === 'en-US' ? 'Asimismo ' : 'Igualmente '
      await panama.locator('.ProseMirror').focus()
      await selectInEditor(panama, 'Encomendamos', 'start')
      await panama.keyboard.type(word, { delay: 10 })
      await expect.poll(async () => (await suggestionMarkTexts(panama, 'insertion')).join(''), LIVE).toContain(word)
      await expect.poll(() => storedText(draftId), LIVE).toContain(word.trim())
      await expect.poll(() => panama.getByTestId('save-status').getAttribute('data-state'), LIVE).toBe('saved')
      await panama.getByTestId('refused-notice').getByRole('button').click()
      await expect(panama.getByTestId('refused-notice').count()).resolves.toBe(0)

      // A reload brings nothing refused back (the device copy was dropped).
      await panama.reload()
      await panama.locator('.ProseMirror').waitFor()
      await expect.poll(() => editorText(panama), LIVE).toContain(`${word}Encomendamos`)
      expect(await editorText(panama)).not.toContain(direct.trim())

      // Lift the requirement for the next round.
      await api(room.server.url, room.server.session).put(`/api/documents/${draftId}/settings`, { requireSuggesting: false })
      await panama.context().close()
    }
  })
})
