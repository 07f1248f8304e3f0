/**
 * Suggestion mode (tracked changes) in real Chromium, three people on one declaration:
 * Chile (owner, Spanish), the CSM Technical Secretariat (commenter, Spanish) and Panamá
 * (editor, English). Chile switches to Suggesting and rewords OP2; the secretariat sees the
 * replacement live and asks why in a thread linked to it; Panamá replies there; Chile accepts
 * the suggestion and resolves the thread, and the three screens agree. A second draft checks
 * the owner's "require suggestions", accepting everything from one delegation, rejecting,
 * undo, and that someone else's direct edits never become suggestions on a suggesting screen.
 * Screenshots go to tests/.artifacts/screenshots.
 */
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import type { ThreadsResponse } from '@consenso/protocol'
import { editorText, screenshotPath, selectInEditor, suggestionMarkTexts } from '../helpers/browser.ts'
import { api, share } from '../helpers/session.ts'
import { browserRoom } from '../helpers/browser-room.ts'

/** What other screens receive live (websocket round trips, a commit) gets this long. */
const LIVE = { timeout: 15_000 }
const OLD = 'consolidar las contribuciones'
const NEW = 'sistematizar los aportes'

const room = browserRoom({ people: ['secretariatCsm', 'panama'] })

/** Signs in through the page on the way to the draft, and waits for its text. */
const openDraft = (locale: string, email: string, draftUrl: string): Promise<Page> =>
  room.openDraft(locale, email, draftUrl, 'Encomendamos a las Secretarías Técnicas')

async function openTab(page: Page, tab: 'threads' | 'suggestions'): Promise<void> {
  if ((await page.getByTestId('review-toggle').getAttribute('aria-expanded')) !== 'true') await page.getByTestId('review-toggle').click()
  await page.getByTestId('review-sidebar').waitFor()
  await page.getByTestId(`review-tab-${tab}`).click()
}

const openSuggestions = (page: Page) => page.getByTestId('review-toggle').getAttribute('data-open-suggestions')
const openThreads = (page: Page) => page.getByTestId('review-toggle').getAttribute('data-open-threads')
const suggestionCard = (page: Page, id: string) => page.locator(`[data-testid="suggestion"][data-suggestion-id="${id}"]`)
const thread = (page: Page, id: string) => page.locator(`[data-testid="thread"][data-thread-id="${id}"]`)
const commentTexts = (page: Page, id: string): Promise<string[]> => thread(page, id).getByTestId('comment-text').allInnerTexts()
/** What the text reads once every suggestion is accepted: the document without its struck text. */
const acceptedText = (page: Page): Promise<string> =>
  page.locator('.ProseMirror').evaluate((root) => {
    const copy = root.cloneNode(true) as HTMLElement
    copy.querySelectorAll('.ProseMirror-widget, del[data-suggestion-id]').forEach((node) => node.remove())
    return copy.textContent ?? ''
  })

describe.skipIf(room.skipReason !== null)('suggestion mode in the browser', () => {
  it('[UI-4] Chile suggests a rewording of OP2, the secretariat asks why, Panamá replies, the owner accepts and resolves', async () => {
    const draftId = await room.server.createDocument('Declaración conjunta CRM–CSM', 'declaration')
    await share(room.server.url, room.server.session, draftId, { type: 'delegation', id: 'ST-CSM' }, 'commenter')
    await share(room.server.url, room.server.session, draftId, { type: 'delegation', id: 'PAN' }, 'editor')
    const draftUrl = `${room.server.url}/d/${draftId}`
    const [chile, secretariat, panama] = await Promise.all([
      openDraft('es-ES', room.server.session.user.email, draftUrl),
      openDraft('es-ES', room.people.secretariatCsm.user.email, draftUrl),
      openDraft('en-US', room.people.panama.user.email, draftUrl),
    ])
    const everyone = [chile, secretariat, panama]
    for (const page of everyone) await expect.poll(() => openSuggestions(page), LIVE).toBe('0')
    // Commenters cannot change the text, so they get no mode switch.
    expect(await secretariat.getByTestId('mode-switch').count()).toBe(0)

    // Chile switches to Suggesting and types over a phrase of OP2: a replacement.
    await chile.getByTestId('mode-suggesting').click()
    await expect(chile.getByTestId('mode-switch').getAttribute('data-mode')).resolves.toBe('suggesting')
    await expect(chile.getByTestId('tool-bullet-list').isDisabled()).resolves.toBe(true)
    await chile.locator('.ProseMirror').focus()
    await selectInEditor(chile, OLD)
    await chile.keyboard.type(NEW, { delay: 20 })
    await expect.poll(() => suggestionMarkTexts(chile, 'deletion')).toEqual([OLD])
    await expect.poll(() => suggestionMarkTexts(chile, 'insertion')).toEqual([NEW])
    await expect(acceptedText(chile)).resolves.toContain(`Técnicas ${NEW} de los puntos focales`)
    const mark = chile.locator('.ProseMirror ins[data-suggestion-id]').first()
    const suggestionId = (await mark.getAttribute('data-suggestion-id'))!
    await expect(mark.getAttribute('data-delegation')).resolves.toBe('CHL')
    await expect(chile.locator('.ProseMirror .suggestion--insert').first().getAttribute('title')).resolves.toMatch(/^Sugerido por Ana Pérez · CHL, /)
    await openTab(chile, 'suggestions')
    await expect(suggestionCard(chile, suggestionId).getAttribute('data-kind')).resolves.toBe('replace')
    await chile.screenshot({ path: screenshotPath('60-chile-suggests-es') })

    // Everyone sees the suggestion live: marks, counter, list.
    for (const page of [secretariat, panama]) {
      await expect.poll(() => openSuggestions(page), LIVE).toBe('1')
      await expect.poll(() => suggestionMarkTexts(page, 'insertion'), LIVE).toEqual([NEW])
      await expect.poll(() => suggestionMarkTexts(page, 'deletion'), LIVE).toEqual([OLD])
    }
    await expect(panama.getByTestId('review-toggle').innerText()).resolves.toContain('✎ 1')

    // The secretariat asks why, in a thread linked to the suggestion; it has no accept/reject.
    await openTab(secretariat, 'suggestions')
    const secretariatCard = suggestionCard(secretariat, suggestionId)
    await secretariatCard.waitFor(LIVE)
    expect(await secretariatCard.getByTestId('suggestion-accept').count()).toBe(0)
    await secretariatCard.getByTestId('suggestion-discuss').click()
    const composer = secretariatCard.getByTestId('comment-composer')
    await composer.waitFor()
    await composer.getByTestId('composer-input').pressSequentially('¿Por qué «sistematizar»? ¿Cubre los anexos?', { delay: 2 })
    await composer.getByTestId('composer-input').press('Control+Enter')
    await composer.waitFor({ state: 'detached' })
    const linked = secretariatCard.getByTestId('thread')
    await expect.poll(() => linked.count(), LIVE).toBe(1)
    const threadId = (await linked.getAttribute('data-thread-id'))!
    const stored = (await (await api(room.server.url, room.server.session).get(`/api/documents/${draftId}/threads`)).json()) as ThreadsResponse
    expect(stored.threads.find((t) => t.id === threadId)?.suggestionId).toBe(suggestionId)
    await secretariat.screenshot({ path: screenshotPath('61-secretariat-discusses-es') })

    // Panamá finds the thread under the suggestion and replies.
    await openTab(panama, 'suggestions')
    const panamaThread = suggestionCard(panama, suggestionId).locator(`[data-testid="thread"][data-thread-id="${threadId}"]`)
    await panamaThread.waitFor(LIVE)
    await panamaThread.getByTestId('thread-quote').click()
    await panamaThread.getByTestId('thread-reply-input').fill('“Aportes” covers the annexes too; we support it.')
    await panamaThread.getByTestId('thread-reply-submit').click()
    const replies = ['¿Por qué «sistematizar»? ¿Cubre los anexos?', '“Aportes” covers the annexes too; we support it.']
    for (const page of everyone) await expect.poll(() => commentTexts(page, threadId), LIVE).toEqual(replies)
    await panama.screenshot({ path: screenshotPath('62-panama-replies-en') })

    // Chile accepts, then resolves the thread (now under Comments: the suggestion is gone).
    await suggestionCard(chile, suggestionId).getByTestId('suggestion-accept').click()
    await expect.poll(() => openSuggestions(chile)).toBe('0')
    await openTab(chile, 'threads')
    await thread(chile, threadId).getByTestId('thread-resolve').click()

    const wording = `Encomendamos a las Secretarías Técnicas ${NEW} de los puntos focales en un documento único;`
    for (const page of everyone) {
      await expect.poll(() => editorText(page), LIVE).toContain(wording)
      await expect.poll(() => page.locator('.ProseMirror ins, .ProseMirror del, .ProseMirror .suggestion').count(), LIVE).toBe(0)
      await expect.poll(() => openSuggestions(page), LIVE).toBe('0')
      await expect.poll(() => openThreads(page), LIVE).toBe('0')
    }
    const final = await editorText(chile)
    for (const page of [secretariat, panama]) expect(await editorText(page)).toBe(final)
    await openTab(secretariat, 'threads')
    await secretariat.getByTestId('filter-status-all').check()
    await expect.poll(() => thread(secretariat, threadId).getAttribute('data-status'), LIVE).toBe('resolved')
    await chile.screenshot({ path: screenshotPath('63-chile-accepted-es') })
    await secretariat.screenshot({ path: screenshotPath('64-secretariat-final-es') })
    await panama.screenshot({ path: screenshotPath('65-panama-final-en') })
  })

  it('[UI-4] required suggesting locks an editor into Suggesting; accept all from a delegation, reject, undo; direct edits stay direct', async () => {
    const draftId = await room.server.createDocument('Declaración sobre retorno', 'declaration')
    await share(room.server.url, room.server.session, draftId, { type: 'delegation', id: 'PAN' }, 'editor')
    const draftUrl = `${room.server.url}/d/${draftId}`
    const [chile, panama] = await Promise.all([
      openDraft('es-ES', room.server.session.user.email, draftUrl),
      openDraft('en-US', room.people.panama.user.email, draftUrl),
    ])
    await expect(panama.getByTestId('mode-switch').getAttribute('data-mode')).resolves.toBe('editing')

    // The owner requires suggestions from the Share dialog; Panamá is switched at once.
    await chile.getByTestId('share-button').click()
    await chile.getByTestId('require-suggesting').check()
    await expect.poll(() => panama.getByTestId('mode-switch').getAttribute('data-mode'), LIVE).toBe('suggesting')
    await expect(panama.getByTestId('mode-editing').isDisabled()).resolves.toBe(true)
    await panama.getByTestId('mode-locked').waitFor()
    await chile.screenshot({ path: screenshotPath('66-chile-require-suggestions-es') })
    await chile.getByTestId('share-close').click()
    // The owner is not forced.
    await expect(chile.getByTestId('mode-switch').getAttribute('data-mode')).resolves.toBe('editing')

    // Panamá adds a word to OP1 and deletes two in OP2: suggestions by PAN.
    await panama.locator('.ProseMirror').focus()
    await selectInEditor(panama, ' al proceso', 'start')
    await panama.keyboard.type(' regionales', { delay: 20 })
    await selectInEditor(panama, 'puntos focales')
    await panama.keyboard.press('Backspace')
    await expect.poll(() => suggestionMarkTexts(panama, 'insertion')).toEqual([' regionales'])
    await expect.poll(() => suggestionMarkTexts(panama, 'deletion')).toEqual(['puntos focales'])
    // Undo takes the deletion back; redo restores it.
    await panama.keyboard.press('Control+z')
    await expect.poll(() => suggestionMarkTexts(panama, 'deletion')).toEqual([])
    await panama.keyboard.press('Control+Shift+z')
    await expect.poll(() => suggestionMarkTexts(panama, 'deletion')).toEqual(['puntos focales'])
    // A new paragraph is a suggestion too, marked with a pilcrow. (Changing a paragraph's kind
    // is left out: the server refuses the Yjs update that overwrites the `kind` attribute.)
    await selectInEditor(panama, 'Ordenada y Regular;')
    await panama.keyboard.press('ArrowRight')
    await panama.keyboard.press('Enter')
    await panama.keyboard.type('Nuevo párrafo propuesto;', { delay: 10 })
    await expect.poll(() => openSuggestions(panama)).toBe('3')
    await expect(panama.locator('.ProseMirror .suggestion-break--split').count()).resolves.toBe(1)
    await expect.poll(() => openSuggestions(chile), LIVE).toBe('3')
    await expect.poll(() => chile.locator('.ProseMirror .suggestion-break--split').count(), LIVE).toBe(1)
    await openTab(panama, 'suggestions')
    await panama.screenshot({ path: screenshotPath('6a-panama-forced-suggesting-en') })

    // Chile suggests too: the list then has two delegations.
    await chile.getByTestId('mode-suggesting').click()
    await chile.locator('.ProseMirror').focus()
    await selectInEditor(chile, 'documento único', 'start')
    await chile.keyboard.type('solo ', { delay: 20 })
    await expect.poll(() => openSuggestions(panama), LIVE).toBe('4')
    await openTab(chile, 'suggestions')
    await chile.locator('[data-testid="suggestions-delegation"][data-delegation="PAN"]').waitFor()
    await chile.screenshot({ path: screenshotPath('67-chile-two-delegations-es') })
    await chile.hover('[data-testid="review-toggle"]')
    await expect(chile.locator('[data-testid="review-counts"] tr[data-delegation="PAN"] td').allInnerTexts()).resolves.toEqual(['0', '3'])
    await chile.screenshot({ path: screenshotPath('68-chile-counter-es') })

    // Accept everything from Panamá: its three suggestions become text, Chile's stays.
    await chile.locator('[data-testid="suggestions-delegation"][data-delegation="PAN"]').getByTestId('accept-from').click()
    for (const page of [chile, panama]) {
      await expect.poll(() => openSuggestions(page), LIVE).toBe('1')
      await expect.poll(() => editorText(page), LIVE).toContain('presentar insumos conjuntos regionales al proceso')
      await expect.poll(() => editorText(page), LIVE).toContain('las contribuciones de los  en un solo documento único')
      await expect.poll(() => editorText(page), LIVE).toContain('Regular;\nNuevo párrafo propuesto;\nEncomendamos')
      await expect.poll(() => page.locator('.ProseMirror .suggestion-block, .ProseMirror .suggestion-break').count(), LIVE).toBe(0)
    }
    // The accepted paragraph kept the kind it was split from: OP2 is the new one, OP3 the old.
    await expect(chile.locator('.paragraph-number[data-label="OP3"]').count()).resolves.toBe(1)
    // Panamá may edit directly again once the owner lifts the requirement; while Chile is
    // suggesting, Panamá's direct typing arrives as plain text, not as a suggestion.
    await chile.getByTestId('share-button').click()
    await chile.getByTestId('require-suggesting').uncheck()
    await chile.getByTestId('share-close').click()
    await expect.poll(() => panama.getByTestId('mode-switch').getAttribute('data-mode'), LIVE).toBe('editing')
    await panama.locator('.ProseMirror').focus()
    await selectInEditor(panama, 'Acordamos', 'start')
    await panama.keyboard.type('Hoy ', { delay: 20 })
    await expect.poll(() => editorText(chile), LIVE).toContain('Hoy Acordamos')
    await expect(openSuggestions(chile)).resolves.toBe('1')

    // Chile rejects its own suggestion: everything agrees, nothing is pending.
    const remaining = chile.getByTestId('suggestion')
    await expect(remaining.getAttribute('data-delegation')).resolves.toBe('CHL')
    await remaining.getByTestId('suggestion-reject').click()
    for (const page of [chile, panama]) {
      await expect.poll(() => openSuggestions(page), LIVE).toBe('0')
      await expect.poll(() => editorText(page), LIVE).toContain('de los  en un documento único;')
    }
    expect(await editorText(panama)).toBe(await editorText(chile))
    await chile.screenshot({ path: screenshotPath('69-chile-all-resolved-es') })
  })
})
