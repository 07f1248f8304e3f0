/**
 * Two people in two browser contexts (one in Spanish, one in English) co-edit a draft in
 * real Chromium against a real server: each signs in through the page, Ana shares her draft
 * with John through the Share dialog, each sees the other's text and named caret; one goes
 * offline, types, comes back, and both converge; a reload keeps everything. Screenshots go to
 * tests/.artifacts/screenshots (git-ignored).
 */
import { describe, expect, it } from 'vitest'
import type { BrowserContext, Page } from 'playwright-core'
import { editorText, newPerson, screenshotPath, signInThroughPage, typeAtEnd } from '../helpers/browser.ts'
import { TEST_PASSWORD } from '../helpers/session.ts'
import { browserRoom } from '../helpers/browser-room.ts'

/** Invited through the real API by the administrator `startServer` set up (Ana Pérez, CHL). */

const room = browserRoom({ people: ['panama2'] })

async function person(locale: string): Promise<{ context: BrowserContext; page: Page }> {
  const opened = await newPerson(room.browser, locale)
  room.contexts.push(opened.context)
  return opened
}

describe.skipIf(room.skipReason !== null)('co-editing in the browser', () => {
  it('[UI-1] two people type into one draft, see each other, survive going offline and a reload', async () => {
    const ana = await person('es-ES')
    const john = await person('en-US')

    await ana.page.goto(room.server.url)
    await signInThroughPage(ana.page, room.server.session.user.email, TEST_PASSWORD)
    await ana.page.getByTestId('new-draft-title').fill('Declaración conjunta CRM–CSM')
    await ana.page.getByTestId('template-declaration').check()
    await ana.page.screenshot({ path: screenshotPath('01-portal-es'), fullPage: true })
    await ana.page.getByTestId('new-draft-submit').click()
    await ana.page.waitForURL(/\/d\/[A-Za-z0-9_-]+$/)
    const draftUrl = ana.page.url()
    await expect.poll(() => editorText(ana.page)).toContain('Preámbulo')

    // Ana shares the draft with John as an editor, through the Share dialog.
    await ana.page.getByTestId('share-button').click()
    const dialog = ana.page.getByTestId('share-dialog')
    await dialog.waitFor({ state: 'visible' })
    await dialog.getByTestId('share-kind-user').check()
    await dialog.getByTestId('share-user').selectOption(room.people.panama2.user.id)
    await dialog.getByTestId('share-role-editor').check()
    await dialog.getByTestId('share-submit').click()
    await dialog.locator(`[data-testid="member-item"][data-principal-id="${room.people.panama2.user.id}"][data-role="editor"]`).waitFor()
    await ana.page.screenshot({ path: screenshotPath('02-share-dialog-ana-es') })
    await dialog.getByTestId('share-close').click()
    await dialog.waitFor({ state: 'hidden' })

    // John follows the link: signed out, he is asked to sign in and then lands on the draft.
    await john.page.goto(draftUrl)
    await expect.poll(() => new URL(john.page.url()).pathname).toBe('/sign-in')
    await john.page.screenshot({ path: screenshotPath('03-sign-in-john-en') })
    await signInThroughPage(john.page, room.people.panama2.user.email, TEST_PASSWORD)
    await expect.poll(() => john.page.url()).toBe(draftUrl)
    await expect.poll(() => editorText(john.page)).toContain('Preámbulo')
    await expect(john.page.getByTestId('role-badge').getAttribute('data-role')).resolves.toBe('editor')
    expect(await john.page.getByTestId('read-only-notice').count()).toBe(0)

    await typeAtEnd(ana.page, 'Texto propuesto por Chile.')
    await expect.poll(() => ana.page.getByTestId('save-status').getAttribute('data-state')).toBe('saved')
    await typeAtEnd(john.page, 'Wording proposed by Panama.')
    for (const { page } of [ana, john]) {
      await expect.poll(() => editorText(page)).toContain('Texto propuesto por Chile.')
      await expect.poll(() => editorText(page)).toContain('Wording proposed by Panama.')
    }
    // Each sees the other's caret, labelled with name and delegation.
    await expect.poll(() => ana.page.locator('.collaboration-carets__label').allInnerTexts()).toEqual([
      expect.stringMatching(/John Smith.*PAN/),
    ])
    await expect.poll(() => john.page.locator('.collaboration-carets__label').allInnerTexts()).toEqual([
      expect.stringMatching(/Ana Pérez.*CHL/),
    ])
    // A name covers the line above it only while its person is active (UI-CARET-1): once John has
    // stopped, Ana sees his flag, not his name; hovering the flag shows it; typing shows it again.
    const johnsLabel = ana.page.locator('.collaboration-carets__label')
    const opacity = (): Promise<string> => johnsLabel.evaluate((el) => getComputedStyle(el).opacity)
    await expect.poll(opacity, { timeout: 10_000 }).toBe('0')
    await ana.page.screenshot({ path: screenshotPath('04a-editor-ana-caret-quiet-es') })
    const caretBox = (await ana.page.locator('.collaboration-carets__caret').boundingBox())!
    await ana.page.mouse.move(caretBox.x + 1, caretBox.y - 1)
    await expect.poll(opacity).toBe('1')
    await ana.page.mouse.move(5, 5)
    await john.page.keyboard.type(' Sí.', { delay: 20 })
    await expect.poll(opacity).toBe('1')
    await expect.poll(() => ana.page.getByTestId('save-status').getAttribute('data-state')).toBe('saved')
    await expect.poll(() => john.page.getByTestId('save-status').getAttribute('data-state')).toBe('saved')
    await ana.page.screenshot({ path: screenshotPath('04-editor-ana-es') })
    await john.page.screenshot({ path: screenshotPath('05-editor-john-en') })

    // John loses the network, keeps typing; Ana keeps typing too.
    await john.context.setOffline(true)
    await expect.poll(() => john.page.getByTestId('save-status').getAttribute('data-state')).toBe('offline')
    await typeAtEnd(john.page, 'Added while offline, with a typo.')
    // Deletions travel too (they do not move the Yjs clock, so they are tracked by frame).
    for (let i = 0; i < ', with a typo.'.length; i++) await john.page.keyboard.press('Backspace')
    await john.page.keyboard.type('.')
    await typeAtEnd(ana.page, 'Agregado mientras John no tenía conexión.')
    await expect.poll(async () => Number(await john.page.getByTestId('save-status').getAttribute('data-pending'))).toBeGreaterThan(0)
    // One typed phrase with its corrections is one edit, not one per keystroke (UI-SAVE-1).
    await expect(john.page.getByTestId('save-status').innerText()).resolves.toBe('Offline · 1 edit')
    await john.page.screenshot({ path: screenshotPath('06-john-offline-en') })
    expect(await editorText(ana.page)).not.toContain('Added while offline.')

    await john.context.setOffline(false)
    for (const { page } of [ana, john]) {
      await expect.poll(() => editorText(page), { timeout: 20_000 }).toContain('Added while offline.')
      await expect.poll(() => editorText(page), { timeout: 20_000 }).toContain('Agregado mientras John no tenía conexión.')
    }
    await expect.poll(() => john.page.getByTestId('save-status').getAttribute('data-state'), { timeout: 20_000 }).toBe('saved')
    expect(await editorText(john.page)).toBe(await editorText(ana.page))
    expect(await editorText(ana.page)).not.toContain('typo')
    await ana.page.screenshot({ path: screenshotPath('07-converged-ana-es') })

    // A reload keeps everything.
    const before = await editorText(john.page)
    await john.page.reload()
    await expect.poll(() => editorText(john.page)).toBe(before)
    await expect.poll(() => john.page.getByTestId('save-status').getAttribute('data-state')).toBe('saved')

    // The portal lists the draft with who is in it, and each person's role.
    await ana.page.goto(room.server.url)
    await expect.poll(() => ana.page.getByTestId('document-item').count()).toBe(1)
    await expect(ana.page.getByTestId('document-role').getAttribute('data-role')).resolves.toBe('owner')
    await ana.page.screenshot({ path: screenshotPath('08-portal-with-draft-es'), fullPage: true })
  })
})
