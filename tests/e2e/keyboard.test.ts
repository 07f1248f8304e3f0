/**
 * By keyboard only (client/SPEC.md A11Y-20..23), in real Chromium against a real server: a
 * commenter moves a caret in the read-only text, selects words and comments on them; a position
 * is recorded from the margin chip and the focus stays with the chip; dialogs keep the focus
 * inside while open and give it back to what opened them.
 */
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { highlightedText, screenshotPath } from '../helpers/browser.ts'
import { api, share } from '../helpers/session.ts'
import { browserRoom } from '../helpers/browser-room.ts'

const room = browserRoom({ people: ['secretariatCsm', 'panama'] })
const LIVE = { timeout: 15_000 }

/** The focused element, as a test id, or its tag and class. */
const focused = (page: Page): Promise<string> =>
  page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null
    return element?.dataset.testid ?? `${element?.tagName.toLowerCase()}.${element?.className}`
  })

/** The words the page's selection holds (widgets such as paragraph numbers left out). */
const selectedText = (page: Page): Promise<string> => page.evaluate(() => window.getSelection()?.toString() ?? '')

async function declaration(): Promise<string> {
  const id = await room.server.createDocument('Declaración conjunta CRM–CSM', 'declaration')
  await share(room.server.url, room.server.session, id, { type: 'delegation', id: 'ST-CSM' }, 'commenter')
  await share(room.server.url, room.server.session, id, { type: 'delegation', id: 'PAN' }, 'editor')
  expect((await api(room.server.url, room.server.session).put(`/api/documents/${id}/parties`, { parties: ['CHL', 'PAN'] })).status).toBe(200)
  return `${room.server.url}/d/${id}`
}

describe.skipIf(room.skipReason !== null)('by keyboard only', () => {
  it('[A11Y-20] a commenter moves a caret in the read-only text, selects two words with Shift+Ctrl+→ and comments on them', async () => {
    const url = await declaration()
    const page = await room.openDraft('es-ES', room.people.secretariatCsm.user.email, url, 'Reconociendo')
    await expect(page.getByTestId('role-badge').getAttribute('data-role')).resolves.toBe('commenter')
    // The text takes the focus when the draft opens, though it cannot be edited.
    await expect.poll(() => focused(page)).toContain('draft-body')
    await expect(page.locator('.ProseMirror').getAttribute('contenteditable')).resolves.toBe('false')

    // Down past the title and the "Preámbulo" heading to the first preambular paragraph, then two words.
    await page.keyboard.press('Control+Home')
    for (let line = 0; line < 2; line++) await page.keyboard.press('ArrowDown')
    await page.keyboard.press('Home')
    await page.locator('.read-only-caret').waitFor()
    await page.keyboard.press('Shift+Control+ArrowRight')
    await page.keyboard.press('Shift+Control+ArrowRight')
    await expect.poll(() => selectedText(page)).toBe('Reconociendo que')
    // Nothing typed reaches the text.
    await page.keyboard.type('x')
    await expect.poll(() => selectedText(page)).toBe('Reconociendo que')
    await page.screenshot({ path: screenshotPath('a11y-commenter-keyboard-selection') })

    await page.keyboard.press('Control+Alt+M')
    const composer = page.getByTestId('comment-composer')
    await composer.waitFor()
    await expect(composer.getByTestId('composer-quote').innerText()).resolves.toBe('«Reconociendo que»')
    await expect.poll(() => focused(page)).toBe('composer-input')
    await page.keyboard.type('¿«Reconociendo» o «Reafirmando»?', { delay: 2 })
    await page.keyboard.press('Control+Enter')
    await composer.waitFor({ state: 'detached' })
    await expect.poll(() => page.getByTestId('thread').count(), LIVE).toBe(1)
    await expect(page.getByTestId('thread').first().innerText()).resolves.toContain('¿«Reconociendo» o «Reafirmando»?')
    const threadId = (await page.getByTestId('thread').first().getAttribute('data-thread-id'))!
    await expect.poll(() => highlightedText(page, threadId)).toBe('Reconociendo que')
  })
})
