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

  it('[A11Y-21] a position recorded by keyboard keeps the focus in the popover, and Escape gives it back to the chip', async () => {
    const url = await declaration()
    const page = await room.openDraft('en-GB', room.people.panama.user.email, url, 'Reconociendo')
    // The focus is in the text on opening (UI-FOCUS-1): down past the title and a heading to PP1,
    // whose positions Ctrl+Alt+P opens.
    await expect.poll(() => focused(page)).toContain('draft-body')
    await page.locator('.ProseMirror .consensus-chip').first().waitFor()
    await page.keyboard.press('Control+Home')
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('Control+Alt+KeyP')
    const popover = page.getByTestId('position-popover')
    await popover.waitFor()
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-choice'))).toBe('agree')
    // Agree: recorded at once.
    await page.keyboard.press('Enter')
    await expect.poll(() => popover.locator('li[data-party="PAN"]').getAttribute('data-stance'), LIVE).toBe('agree')
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('[data-testid="position-popover"]') !== null)).toBe(true)
    // An objection: its reason, then "Record position"; the focus stays in the popover.
    const choice = () => page.evaluate(() => document.activeElement?.getAttribute('data-choice'))
    await expect.poll(choice).toBe('agree')
    for (let i = 0; i < 6 && (await choice()) !== 'objection'; i++) await page.keyboard.press('ArrowRight')
    expect(await choice()).toBe('objection')
    await page.keyboard.press('Enter')
    await popover.getByTestId('popover-reason').waitFor()
    await page.keyboard.type('Panama objects to the wording.')
    await page.keyboard.press('Tab')
    await page.keyboard.press('Enter')
    await expect.poll(() => popover.locator('li[data-party="PAN"]').getAttribute('data-stance'), LIVE).toBe('objection')
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('[data-testid="position-popover"]') !== null)).toBe(true)
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-choice'))).toBe('objection')
    await page.keyboard.press('Escape')
    await popover.waitFor({ state: 'hidden' })
    await expect.poll(() => focused(page)).toBe('consensus-chip')
    // A position arriving while the chip has the focus draws the chip anew: the focus moves to
    // the new one, not to the page (once seen in a CI run, the delegation's own objection
    // arriving just after Escape).
    const chip = page.locator('.ProseMirror .consensus-chip:focus')
    const paragraphId = (await chip.getAttribute('data-paragraph-id'))!
    const before = await chip.getAttribute('data-state')
    expect((await api(room.server.url, room.people.panama).put(`/api/documents/${url.split('/d/')[1]}/positions/${paragraphId}`, { stance: 'agree' })).status).toBe(200)
    await expect.poll(() => page.locator(`.consensus-chip[data-paragraph-id="${paragraphId}"]`).getAttribute('data-state'), LIVE).not.toBe(before)
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.paragraphId ?? document.activeElement?.tagName)).toBe(paragraphId)
  })

  it('[A11Y-22] every dialog keeps Tab inside while open and gives the focus back to what opened it', async () => {
    const url = await declaration()
    const page = await room.openDraft('es-ES', room.server.session.user.email, url, 'Reconociendo')
    /** Opens a dialog from `opener` with Enter, tabs round it, closes it with Escape. */
    const roundTrip = async (opener: string, dialog: string, back = opener): Promise<void> => {
      await page.getByTestId(opener).focus()
      await page.keyboard.press('Enter')
      await page.getByTestId(dialog).waitFor()
      for (let i = 0; i < 25; i++) {
        await page.keyboard.press('Tab')
        expect(await page.evaluate((id) => document.activeElement?.closest(`[data-testid="${id}"]`) !== null, dialog), `${dialog}, Tab ${i + 1}`).toBe(true)
      }
      await page.keyboard.press('Escape')
      await page.getByTestId(dialog).waitFor({ state: 'hidden' })
      await expect.poll(() => focused(page), { message: `focus after closing ${dialog}` }).toBe(back)
    }
    await roundTrip('share-button', 'share-dialog')
    await roundTrip('versions-button', 'versions-dialog')
    await roundTrip('silence-start', 'silence-start-dialog')
    // Change password is opened from the account menu, which closes: the focus returns to the menu's button.
    await page.getByTestId('user-menu-button').focus()
    await page.keyboard.press('Enter')
    await page.getByTestId('menu-change-password').waitFor()
    await roundTrip('menu-change-password', 'change-password-dialog', 'user-menu-button')
  })

  it('[A11Y-23] the versions comparison scrolls by keyboard and is not read out whole: only its totals line speaks', async () => {
    const url = await declaration()
    const page = await room.openDraft('en-GB', room.server.session.user.email, url, 'Reconociendo')
    await page.setViewportSize({ width: 1280, height: 520 })
    await page.getByTestId('versions-button').focus()
    await page.keyboard.press('Enter')
    await page.getByTestId('versions-dialog').waitFor()
    await page.getByTestId('version-name').fill('Zero draft')
    await page.keyboard.press('Enter')
    await page.getByTestId('version-item').first().waitFor()
    await page.getByTestId('compare-submit').focus()
    await page.keyboard.press('Enter')
    await page.getByTestId('compare-row').first().waitFor()
    // No live region holds the rows; the totals are a status.
    expect(await page.getByTestId('compare-row').first().evaluate((row) => row.closest('[aria-live], [role="log"]') === null)).toBe(true)
    await expect(page.getByTestId('compare-totals').getAttribute('role')).resolves.toBe('status')
    // Tab reaches the comparison; End and Page Up scroll it.
    for (let i = 0; i < 30 && (await focused(page)) !== 'versions-content'; i++) await page.keyboard.press('Tab')
    expect(await focused(page)).toBe('versions-content')
    const content = page.getByTestId('versions-content')
    expect(await content.evaluate((element) => element.scrollHeight > element.clientHeight)).toBe(true)
    await page.keyboard.press('End')
    await expect.poll(() => content.evaluate((element) => element.scrollTop)).toBeGreaterThan(0)
    await page.keyboard.press('Home')
    await expect.poll(() => content.evaluate((element) => element.scrollTop)).toBe(0)
  })

  it('[A11Y-24] a page change by keyboard moves the focus to the new page\'s heading and says the page; a draft keeps the focus in its text', async () => {
    const url = await declaration()
    const page = await room.openDraft('en-GB', room.server.session.user.email, url, 'Reconociendo')
    await page.getByTestId('register-link').focus()
    await page.keyboard.press('Enter')
    await page.waitForURL(/\/register$/u)
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H1')
    expect(await page.evaluate(() => document.activeElement?.closest('main') !== null)).toBe(true)
    await expect.poll(() => page.getByTestId('page-change').innerText()).toBe(`Page: ${await page.title()}`)
    // Back to the draft: its text takes the focus (UI-FOCUS-1), not the heading.
    await page.goBack()
    await page.waitForURL(/\/d\//u)
    await expect.poll(() => focused(page)).toContain('draft-body')
  })
})
