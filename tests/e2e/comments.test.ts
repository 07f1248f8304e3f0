/**
 * Comment threads in real Chromium, three people on one declaration: Chile (owner, Spanish),
 * the CSM Technical Secretariat (commenter, Spanish) and Panamá (editor, English). The
 * secretariat selects words in OP2 of its read-only text and comments on them mentioning
 * @PAN; Panamá sees the thread appear and replies while Chile types just before the anchored
 * words; the highlight keeps covering the same words on every screen; Panamá finds the thread
 * among its mentions; Chile resolves it and the three screens agree. A viewer reads the
 * thread without any box to write in. Screenshots go to tests/.artifacts/screenshots.
 */
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { editorText, highlightedText, screenshotPath, selectInEditor } from '../helpers/browser.ts'
import { share } from '../helpers/session.ts'
import { browserRoom } from '../helpers/browser-room.ts'

/** What other screens receive live (websocket round trips, a commit) gets this long. */
const LIVE = { timeout: 15_000 }
const ANCHORED = 'consolidar las contribuciones'

const room = browserRoom({ people: ['secretariatCsm', 'panama', 'observer'] })

/** Signs in through the page on the way to the draft, and waits for its text. */
const openDraft = (locale: string, email: string, draftUrl: string): Promise<Page> =>
  room.openDraft(locale, email, draftUrl, 'Encomendamos a las Secretarías Técnicas')

const thread = (page: Page, id: string) => page.locator(`[data-testid="thread"][data-thread-id="${id}"]`)
/** The words selected in the editor, as ProseMirror holds them. */
const selectedText = (page: Page): Promise<string> =>
  page.locator('.ProseMirror').evaluate((element) => {
    const { state } = (element as unknown as { editor: { state: { selection: { from: number; to: number }; doc: { textBetween(a: number, b: number, s: string): string } } } }).editor
    return state.doc.textBetween(state.selection.from, state.selection.to, ' ')
  })
const commentTexts = (page: Page, id: string): Promise<string[]> => thread(page, id).getByTestId('comment-text').allInnerTexts()

async function openSidebar(page: Page): Promise<void> {
  if ((await page.getByTestId('review-toggle').getAttribute('aria-expanded')) !== 'true') await page.getByTestId('review-toggle').click()
  await page.getByTestId('review-sidebar').waitFor()
}

describe.skipIf(room.skipReason !== null)('comment threads in the browser', () => {
  it('[UI-3] a commenter comments on words of OP2, others reply and resolve live, and the highlight follows the words', async () => {
    const draftId = await room.server.createDocument('Declaración conjunta CRM–CSM', 'declaration')
    await share(room.server.url, room.server.session, draftId, { type: 'delegation', id: 'ST-CSM' }, 'commenter')
    await share(room.server.url, room.server.session, draftId, { type: 'delegation', id: 'PAN' }, 'editor')
    await share(room.server.url, room.server.session, draftId, { type: 'delegation', id: 'OIM' }, 'viewer')
    const draftUrl = `${room.server.url}/d/${draftId}`

    const [chile, secretariat, panama] = await Promise.all([
      openDraft('es-ES', room.server.session.user.email, draftUrl),
      openDraft('es-ES', room.people.secretariatCsm.user.email, draftUrl),
      openDraft('en-US', room.people.panama.user.email, draftUrl),
    ])
    await expect(secretariat.getByTestId('role-badge').getAttribute('data-role')).resolves.toBe('commenter')
    for (const page of [chile, secretariat, panama]) {
      await expect.poll(() => page.getByTestId('review-toggle').getAttribute('data-open-threads')).toBe('0')
    }

    // The secretariat's text is read-only, yet its words can be selected and commented on.
    await secretariat.getByTestId('comment-toolbar').waitFor()
    await selectInEditor(secretariat, ANCHORED)
    await secretariat.getByTestId('tool-comment').click()
    const composer = secretariat.getByTestId('comment-composer')
    await composer.waitFor()
    await expect(composer.getByTestId('composer-quote').innerText()).resolves.toBe(`«${ANCHORED}»`)
    const input = composer.getByTestId('composer-input')
    await expect.poll(() => input.evaluate((element) => element === document.activeElement)).toBe(true)
    await input.pressSequentially('Proponemos «sistematizar» en lugar de «consolidar». ', { delay: 2 })
    // Typing @ offers delegations and people; the exact code comes first.
    await input.pressSequentially('@pan', { delay: 2 })
    await expect.poll(() => secretariat.getByTestId('mention-option').first().getAttribute('data-value')).toBe('@PAN')
    await secretariat.screenshot({ path: screenshotPath('40-secretariat-composer-mention-es') })
    await input.press('Enter')
    await input.pressSequentially('¿están de acuerdo?', { delay: 2 })
    await expect(input.inputValue()).resolves.toBe('Proponemos «sistematizar» en lugar de «consolidar». @PAN ¿están de acuerdo?')
    await input.press('Control+Enter')
    await composer.waitFor({ state: 'detached' })

    // The thread arrives from the live review document, active, on the selected words.
    const card = secretariat.getByTestId('thread')
    await expect.poll(() => card.count(), LIVE).toBe(1)
    const threadId = (await card.getAttribute('data-thread-id'))!
    await expect.poll(() => highlightedText(secretariat, threadId)).toBe(ANCHORED)
    await expect(thread(secretariat, threadId).getAttribute('data-active')).resolves.toBe('true')
    await expect(commentTexts(secretariat, threadId)).resolves.toEqual(['Proponemos «sistematizar» en lugar de «consolidar». @PAN ¿están de acuerdo?'])
    await secretariat.screenshot({ path: screenshotPath('41-secretariat-thread-es') })

    // Panamá and Chile see it without reloading: the counter first, then the highlight.
    for (const page of [panama, chile]) {
      await expect.poll(() => page.getByTestId('review-toggle').getAttribute('data-open-threads'), LIVE).toBe('1')
      await expect.poll(() => highlightedText(page, threadId), LIVE).toBe(ANCHORED)
    }
    await expect(panama.getByTestId('review-toggle').innerText()).resolves.toMatch(/1\s*ST-CSM 1/)
    await panama.getByTestId('review-toggle').hover()
    await panama.getByTestId('review-counts').waitFor()
    await expect(panama.getByTestId('review-counts').innerText()).resolves.toMatch(/ST-CSM\s+CSM Technical Secretariat\s+1/)
    await panama.screenshot({ path: screenshotPath('42-panama-counter-en') })

    // A click on the highlighted words opens the thread in Panamá's sidebar.
    await panama.locator(`.ProseMirror [data-thread-id="${threadId}"]`).first().click()
    await thread(panama, threadId).waitFor()
    await expect(thread(panama, threadId).getAttribute('data-active')).resolves.toBe('true')
    await expect(panama.locator('.review-highlight--active').count()).resolves.toBeGreaterThan(0)

    // Panamá replies (mentioning the secretariat's focal point by name) while Chile types
    // just before the anchored words.
    await chile.locator('.ProseMirror').focus()
    await selectInEditor(chile, ANCHORED, 'start')
    const reply = thread(panama, threadId).getByTestId('thread-reply-input')
    await reply.waitFor()
    await Promise.all([
      chile.keyboard.type('de ambas conferencias ', { delay: 30 }),
      (async () => {
        await reply.pressSequentially('Agreed. @tom', { delay: 10 })
        await expect.poll(() => panama.getByTestId('mention-option').first().getAttribute('data-value')).toBe(`@user:${room.people.secretariatCsm.user.id}`)
        await reply.press('Enter')
        await reply.pressSequentially('will «sistematizar» cover the annexes too?', { delay: 10 })
        await thread(panama, threadId).getByTestId('thread-reply-submit').click()
      })(),
    ])
    const replied = [
      'Proponemos «sistematizar» en lugar de «consolidar». @PAN ¿están de acuerdo?',
      'Agreed. @Tomás Herrera will «sistematizar» cover the annexes too?',
    ]
    for (const page of [chile, secretariat, panama]) {
      await expect.poll(() => editorText(page), LIVE).toContain('Secretarías Técnicas de ambas conferencias consolidar las contribuciones')
      // Text typed right before the words stays out of the anchor, on every screen.
      await expect.poll(() => highlightedText(page, threadId), LIVE).toBe(ANCHORED)
    }
    await expect.poll(() => commentTexts(secretariat, threadId), LIVE).toEqual(replied)
    await expect.poll(() => commentTexts(panama, threadId), LIVE).toEqual(replied)
    await secretariat.screenshot({ path: screenshotPath('43-secretariat-sees-reply-es') })
    await panama.screenshot({ path: screenshotPath('44-panama-replied-en') })

    // From the thread back to the text: its quote selects the anchored words.
    await thread(secretariat, threadId).getByTestId('thread-quote').click()
    await expect.poll(() => selectedText(secretariat)).toBe(ANCHORED)

    // The secretariat adds a reply and deletes it again, after confirming.
    const secretariatThread = thread(secretariat, threadId)
    await secretariatThread.getByTestId('thread-reply-input').fill('Borrador de respuesta')
    await secretariatThread.getByTestId('thread-reply-submit').click()
    await expect.poll(() => secretariatThread.getByTestId('thread-comment').count(), LIVE).toBe(3)
    await secretariatThread.getByTestId('thread-comment').nth(2).getByTestId('comment-delete').click()
    // The open one: the account menu keeps its own closed confirmation in the page.
    const confirm = secretariat.locator('[data-testid="confirm-dialog"][open]')
    await confirm.waitFor()
    await secretariat.screenshot({ path: screenshotPath('45-secretariat-confirm-delete-es') })
    await confirm.getByTestId('confirm-submit').click()
    await expect.poll(() => secretariatThread.getByTestId('thread-comment').nth(2).getAttribute('data-deleted'), LIVE).toBe('true')
    // Others' comments offer no edit or delete.
    await expect(secretariatThread.getByTestId('thread-comment').nth(1).getByTestId('comment-edit').count()).resolves.toBe(0)

    // Panamá's mentions list has the thread, with a link back to it.
    await panama.getByTestId('review-tab-mentions').click()
    const mention = panama.locator(`[data-testid="mention-item"][data-thread-id="${threadId}"]`)
    await mention.waitFor(LIVE)
    await expect(mention.getAttribute('data-document-id')).resolves.toBe(draftId)
    await expect(mention.innerText()).resolves.toContain(ANCHORED)
    await panama.screenshot({ path: screenshotPath('46-panama-mentions-en') })
    await panama.getByTestId('review-tab-threads').click()

    // Chile resolves the thread.
    await openSidebar(chile)
    await thread(chile, threadId).getByTestId('thread-resolve').click()
    for (const page of [chile, secretariat, panama]) {
      await expect.poll(() => page.getByTestId('review-toggle').getAttribute('data-open-threads'), LIVE).toBe('0')
      await openSidebar(page)
      await page.getByTestId('filter-status-all').check()
      await expect.poll(() => thread(page, threadId).getAttribute('data-status'), LIVE).toBe('resolved')
    }
    const finalComments = await commentTexts(chile, threadId)
    expect(finalComments).toEqual([...replied, expect.stringMatching(/Comentario eliminado/)])
    expect(await commentTexts(secretariat, threadId)).toEqual(finalComments)
    // Panamá reads in English: the same comments, the placeholder in his language.
    expect(await commentTexts(panama, threadId)).toEqual([...replied, expect.stringMatching(/Comment deleted/)])
    const finalText = await editorText(chile)
    for (const page of [secretariat, panama]) await expect.poll(() => editorText(page), LIVE).toBe(finalText)
    await chile.screenshot({ path: screenshotPath('47-chile-resolved-es') })
    await secretariat.screenshot({ path: screenshotPath('48-secretariat-resolved-es') })
    await panama.screenshot({ path: screenshotPath('49-panama-resolved-en') })

    // With the keyboard: Panamá selects other words, Ctrl+Alt+M opens the composer, and
    // Ctrl+Enter sends. Chile then deletes those words: the thread stays, "on deleted text".
    await panama.locator('.ProseMirror').focus()
    await selectInEditor(panama, 'puntos focales')
    await expect.poll(() => selectedText(panama)).toBe('puntos focales')
    await panama.keyboard.press('Control+Alt+M')
    const panamaComposer = panama.getByTestId('comment-composer')
    await panamaComposer.waitFor()
    await expect(panamaComposer.getByTestId('composer-quote').innerText()).resolves.toBe('«puntos focales»')
    await panama.keyboard.type('Which focal points: national or regional?')
    await panama.keyboard.press('Control+Enter')
    await expect.poll(() => panama.getByTestId('review-toggle').getAttribute('data-open-threads'), LIVE).toBe('1')
    const second = (await panama.locator('[data-testid="thread"][data-status="open"]').getAttribute('data-thread-id'))!
    await expect.poll(() => highlightedText(chile, second), LIVE).toBe('puntos focales')
    await chile.locator('.ProseMirror').focus()
    await selectInEditor(chile, 'de los puntos focales ')
    await chile.keyboard.press('Backspace')
    for (const page of [chile, secretariat, panama]) {
      await expect.poll(() => thread(page, second).getAttribute('data-orphaned'), LIVE).toBe('true')
      await expect(thread(page, second).getByTestId('thread-quote').innerText()).resolves.toContain('«puntos focales»')
      await expect(highlightedText(page, second)).resolves.toBe('')
      // The first thread's words are still there.
      await expect(thread(page, threadId).getAttribute('data-orphaned')).resolves.toBe('false')
    }
    await expect(editorText(chile)).resolves.toContain('consolidar las contribuciones en un documento único;')
    await panama.screenshot({ path: screenshotPath('50-panama-on-deleted-text-en') })

    // A viewer reads the thread but has nothing to write in.
    const viewer = await openDraft('en-US', room.people.observer.user.email, draftUrl)
    await openSidebar(viewer)
    await viewer.getByTestId('filter-status-all').check()
    await thread(viewer, threadId).waitFor(LIVE)
    await expect(commentTexts(viewer, threadId)).resolves.toEqual([...replied, expect.stringMatching(/Comment deleted/)])
    expect(await viewer.getByTestId('review-sidebar').locator('textarea').count()).toBe(0)
    expect(await viewer.getByTestId('thread-reopen').count()).toBe(0)
    expect(await viewer.getByTestId('tool-comment').count()).toBe(0)
    await viewer.getByTestId('review-read-only').waitFor()
    await viewer.screenshot({ path: screenshotPath('51-viewer-read-only-en') })
    // In a narrower window the comments slide over the text instead of squeezing it.
    await viewer.setViewportSize({ width: 900, height: 800 })
    await viewer.screenshot({ path: screenshotPath('52-viewer-narrow-en') })
  })
})
