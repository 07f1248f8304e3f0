/**
 * A proposer in real Chromium (server/SPEC.md TRUST-4): Panamá's focal point, a proposer on the
 * declaration, is locked into Suggesting and rewords OP2; Chile (owner) sees the suggestion
 * live and accepts it, and both screens read the new wording. The same person then writes a
 * direct edit from a stock y-websocket client: it is refused with permission-denied, never
 * stored, and Panamá's screen stays on the server's text. Screenshots go to
 * tests/.artifacts/screenshots.
 */
import { afterAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import * as Y from 'yjs'
import { BODY_FIELD } from '@consenso/schema'
import { editorText, screenshotPath, selectInEditor, suggestionMarkTexts } from '../helpers/browser.ts'
import { connectClient, type TestClient } from '../helpers/clients.ts'
import { denials } from '../helpers/per-test.ts'
import { share } from '../helpers/session.ts'
import { waitFor } from '../helpers/wait.ts'
import { browserRoom } from '../helpers/browser-room.ts'
import { storedBody } from '../helpers/load.ts'

const LIVE = { timeout: 15_000 }
const OLD = 'consolidar las contribuciones'
const NEW = 'sistematizar los aportes'

const clients: TestClient[] = []

const room = browserRoom({ people: ['panama'] })

afterAll(async () => {
  for (const client of clients) client.destroy()
})

const openDraft = (locale: string, email: string, draftUrl: string): Promise<Page> =>
  room.openDraft(locale, email, draftUrl, 'Encomendamos a las Secretarías Técnicas')

const openSuggestions = (page: Page) => page.getByTestId('review-toggle').getAttribute('data-open-suggestions')

const storedText = async (id: string): Promise<string> => (await storedBody(room.server.storage, id)).getXmlFragment(BODY_FIELD).toString()

describe.skipIf(room.skipReason !== null)('a proposer in the browser', () => {
  it('[TRUST-4] a PAN proposer suggests a rewording of OP2 and the owner accepts it; their direct edit from a stock client is refused', async () => {
    const draftId = await room.server.createDocument('Declaración conjunta CRM–CSM', 'declaration')
    await share(room.server.url, room.server.session, draftId, { type: 'user', id: room.people.panama.user.id }, 'proposer')
    const draftUrl = `${room.server.url}/d/${draftId}`
    const [chile, panama] = await Promise.all([openDraft('es-ES', room.server.session.user.email, draftUrl), openDraft('en-US', room.people.panama.user.email, draftUrl)])

    // A proposer is locked into Suggesting; the owner is not.
    await expect.poll(() => panama.getByTestId('mode-switch').getAttribute('data-mode'), LIVE).toBe('suggesting')
    await expect(panama.getByTestId('mode-editing').isDisabled()).resolves.toBe(true)
    await expect(chile.getByTestId('mode-switch').getAttribute('data-mode')).resolves.toBe('editing')

    // Panamá types over a phrase of OP2: a replacement attributed to Carlos Méndez, PAN.
    await panama.locator('.ProseMirror').focus()
    await selectInEditor(panama, OLD)
    await panama.keyboard.type(NEW, { delay: 20 })
    await expect.poll(() => suggestionMarkTexts(panama, 'insertion')).toEqual([NEW])
    await expect.poll(() => suggestionMarkTexts(chile, 'insertion'), LIVE).toEqual([NEW])
    await expect.poll(() => suggestionMarkTexts(chile, 'deletion'), LIVE).toEqual([OLD])
    const mark = chile.locator('.ProseMirror ins[data-suggestion-id]').first()
    await expect(mark.getAttribute('data-delegation')).resolves.toBe('PAN')
    await expect(mark.getAttribute('data-author-id')).resolves.toBe(room.people.panama.user.id)
    await panama.screenshot({ path: screenshotPath('90-proposer-suggests-en') })
    await expect.poll(async () => (await storedText(draftId)).includes(NEW), LIVE).toBe(true)

    // Chile accepts; both screens read the new wording, with no marks left.
    if ((await chile.getByTestId('review-toggle').getAttribute('aria-expanded')) !== 'true') await chile.getByTestId('review-toggle').click()
    await chile.getByTestId('review-tab-suggestions').click()
    await chile.locator('[data-testid="suggestion"]').first().getByTestId('suggestion-accept').click()
    const wording = `Encomendamos a las Secretarías Técnicas ${NEW} de los puntos focales`
    for (const page of [chile, panama]) {
      await expect.poll(() => editorText(page), LIVE).toContain(wording)
      await expect.poll(() => openSuggestions(page), LIVE).toBe('0')
    }
    await expect.poll(async () => (await storedText(draftId)).includes(OLD), LIVE).toBe(false)
    await chile.screenshot({ path: screenshotPath('91-owner-accepted-es') })

    // The same person, from a stock y-websocket client, edits OP2 directly: refused.
    const stock = connectClient({ wsUrl: room.server.wsUrl, cookie: room.people.panama.cookie }, draftId, { consenso: false })
    clients.push(stock)
    const denied = denials(stock)
    await stock.waitSynced()
    const op2 = stock.doc
      .getXmlFragment(BODY_FIELD)
      .toArray()
      .find((node): node is Y.XmlElement => node instanceof Y.XmlElement && (node.get(0) as Y.XmlText | undefined)?.toString().includes(NEW) === true)!
    ;(op2.get(0) as Y.XmlText).insert(0, 'EDICIÓN DIRECTA ')
    await waitFor(() => denied.length > 0, 'the permission-denied answer')
    expect(denied[0]).toMatch(/suggestions only/)
    // Panamá's screen stays on the server's text: a later change by Chile arrives, the direct edit never does.
    await chile.locator('.ProseMirror').focus()
    await selectInEditor(chile, 'Encomendamos', 'start')
    await chile.keyboard.type('Además, ', { delay: 20 })
    await expect.poll(() => editorText(panama), LIVE).toContain('Además, Encomendamos')
    expect(await editorText(panama)).not.toContain('EDICIÓN DIRECTA')
    expect(await editorText(panama)).toBe(await editorText(chile))
    expect(await storedText(draftId)).not.toContain('EDICIÓN DIRECTA')
    await panama.screenshot({ path: screenshotPath('92-proposer-screen-after-refused-edit-en') })
  })
})
