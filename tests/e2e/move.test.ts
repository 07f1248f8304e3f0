/**
 * MOVE-1 in real Chromium ([UI-MOVE-1] in client/SPEC.md): Chile's focal point, owner of a
 * declaration, saves "Zero draft", takes OP3 above OP1 with Alt+Shift+↑ (twice), and the margin
 * numbers follow; the comparison with the zero draft reads one move ("OP3 moved above OP1",
 * "moved: 1"), renumbers the rest, shows no split or merge and no empty side in the side-by-side
 * view. Then the Move menu ("Move to… At the end") and the drag handle put paragraphs back, in
 * Spanish. Screenshots at 1440×900 and 1024×768 in tests/.artifacts/screenshots.
 */
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { editorText, screenshotPath, selectInEditor, waitSaved } from '../helpers/browser.ts'
import { createDraft } from '../helpers/api.ts'
import { invite, share } from '../helpers/session.ts'
import { addOperative, browserRoom } from '../helpers/browser-room.ts'

const OP1 = 'Agree to submit joint inputs to the process of the Global Compact for Safe, Orderly and Regular Migration;'
const OP3 = 'Decide to meet again in Panamá before the end of the year.'

const room = browserRoom()

/** The margin label beside the paragraph whose text starts with `start`. */
const labelOf = (page: Page, start: string): Promise<string | null> =>
  page.evaluate((s) => {
    const paragraph = [...document.querySelectorAll('.ProseMirror p')].find((p) => (p.textContent ?? '').replace('⠿', '').replace(/^(PP|OP)\d+/, '').startsWith(s))
    return paragraph?.querySelector('.paragraph-number')?.textContent ?? null
  }, start)


describe.skipIf(room.skipReason !== null)('moving paragraphs in the browser', () => {
  it('[UI-MOVE-1] Alt+Shift+↑ takes OP3 above OP1 keeping its id: the numbers follow, the comparison reads one move; the menu and the drag handle move too', async () => {
    const draftId = await createDraft(room.server.url, room.server.session, { title: 'Joint declaration CRM–CSM', template: 'declaration', language: 'en' })
    await addOperative(room.server, draftId, OP3)
    const page = await room.openDraft('en-GB', room.server.session.user.email, `${room.server.url}/d/${draftId}`, OP3)
    await page.setViewportSize({ width: 1440, height: 900 })

    await page.getByTestId('versions-button').click()
    await page.getByTestId('version-name').fill('Zero draft')
    await page.getByTestId('version-save').click()
    await page.locator('[data-testid="version-item"][data-name="Zero draft"]').waitFor()
    await page.keyboard.press('Escape')
    await page.getByTestId('versions-panel').waitFor({ state: 'detached' })

    expect(await labelOf(page, 'Decide to meet')).toBe('OP3')
    await page.locator('.ProseMirror').focus()
    await selectInEditor(page, 'meet again', 'start')
    await page.keyboard.press('Alt+Shift+ArrowUp')
    await expect.poll(() => labelOf(page, 'Decide to meet')).toBe('OP2')
    await page.keyboard.press('Alt+Shift+ArrowUp')
    await expect.poll(() => labelOf(page, 'Decide to meet')).toBe('OP1')
    expect(await labelOf(page, 'Agree to submit')).toBe('OP2')
    expect(await editorText(page)).toContain(`${OP3}\n${OP1}`)
    await page.screenshot({ path: screenshotPath('move-1-op3-above-op1-1440') })
    await waitSaved(page)

    await page.getByTestId('versions-button').click()
    await page.locator('[data-testid="version-item"][data-name="Zero draft"]').getByTestId('version-compare-current').click()
    await page.getByTestId('versions-compare').waitFor()
    const moved = page.locator('[data-testid="compare-row"][data-moved="true"]')
    await expect.poll(() => moved.count()).toBe(1)
    expect(await moved.getByTestId('compare-tag-moved').innerText()).toBe('OP3 moved above OP1')
    expect(await moved.getByTestId('compare-label').innerText()).toBe('OP3 → OP1')
    expect(await page.getByTestId('compare-totals').innerText()).toBe('Edited: 0 · added: 0 · removed: 0 · moved: 1 · renumbered: 3 · consensus changes: 0')
    expect(await page.locator('[data-testid^="compare-tag-split"], [data-testid^="compare-tag-merged"]').count()).toBe(0)
    await page.getByTestId('compare-mode-side').check({ force: true })
    await expect.poll(() => page.getByTestId('versions-compare').getAttribute('data-mode')).toBe('side')
    // No empty side: every row has its text in both columns.
    expect(await page.locator('.versions-text--none').count()).toBe(0)
    await page.getByTestId('compare-only-changes').check()
    await page.screenshot({ path: screenshotPath('move-2-compare-side-1440') })
    await page.setViewportSize({ width: 1024, height: 768 })
    await page.screenshot({ path: screenshotPath('move-3-compare-side-1024') })
    await page.keyboard.press('Escape')
    await page.getByTestId('versions-panel').waitFor({ state: 'detached' })

    // The Move menu: OP1 (the moved paragraph) to the end.
    await page.locator('.ProseMirror').focus()
    await selectInEditor(page, 'meet again', 'start')
    await page.getByTestId('tool-move-to').click()
    await page.getByTestId('move-panel').waitFor()
    const options = await page.getByTestId('move-target').locator('option').allInnerTexts()
    expect(options.some((o) => o.startsWith('Before PP1 — '))).toBe(true)
    // Not where it already is: before itself (OP1) or before the next one (OP2).
    expect(options.filter((o) => /^Before OP[12] /.test(o))).toEqual([])
    expect(options.at(-1)).toBe('At the end')
    await page.screenshot({ path: screenshotPath('move-4-menu-1024') })
    await page.getByTestId('move-target').selectOption({ label: 'At the end' })
    await page.getByTestId('move-submit').click()
    await expect.poll(() => labelOf(page, 'Decide to meet')).toBe('OP3')
    expect(await labelOf(page, 'Agree to submit')).toBe('OP1')

    // The drag handle: OP3 dropped on the top half of OP1 goes before it.
    const handle = page.locator('.ProseMirror p', { hasText: 'Decide to meet' }).locator('.move-handle')
    const target = page.locator('.ProseMirror p', { hasText: 'Agree to submit' })
    await target.scrollIntoViewIfNeeded()
    await handle.dragTo(target, { targetPosition: { x: 40, y: 4 } })
    await expect.poll(() => labelOf(page, 'Decide to meet')).toBe('OP1')
    await page.screenshot({ path: screenshotPath('move-5-dragged-1024') })
  })

  it('[UI-AUTHOR-1] a paragraph’s history names its two authors, with what each changed and when, in Spanish', async () => {
    const draftId = await createDraft(room.server.url, room.server.session, { title: 'Declaración conjunta', template: 'declaration', language: 'es' })
    const panama = await invite(room.server.url, room.server.session, { email: 'carlos@mire.gob.pa', name: 'Carlos Méndez', delegation: 'PAN' })
    await share(room.server.url, room.server.session, draftId, { type: 'delegation', id: 'PAN' }, 'editor')
    const ana = await room.openDraft('es-ES', room.server.session.user.email, `${room.server.url}/d/${draftId}`, 'Preámbulo')
    // OP1's text, without its margin label and handle.
    const first = await ana.evaluate(() => {
      const label = [...document.querySelectorAll('.ProseMirror .paragraph-number')].find((l) => l.textContent === 'OP1')
      return [...(label?.parentElement?.childNodes ?? [])].filter((n) => n.nodeType === Node.TEXT_NODE || !(n as Element).classList.contains('ProseMirror-widget')).map((n) => n.textContent).join('')
    })
    expect(first.length).toBeGreaterThan(20)
    const carlos = await room.openDraft('es-ES', panama.user.email, `${room.server.url}/d/${draftId}`, first)

    await ana.locator('.ProseMirror').focus()
    await selectInEditor(ana, first)
    await ana.keyboard.press('End')
    await ana.keyboard.type(' regular', { delay: 5 })
    await waitSaved(ana)
    await expect.poll(() => editorText(carlos)).toContain(`${first} regular`)
    await carlos.locator('.ProseMirror').focus()
    await selectInEditor(carlos, `${first} regular`)
    await carlos.keyboard.press('End')
    await carlos.keyboard.type(' y segura', { delay: 5 })
    await waitSaved(carlos)

    await carlos.setViewportSize({ width: 1440, height: 900 })
    await carlos.getByTestId('tool-history').click()
    const dialog = carlos.getByTestId('history-dialog')
    await dialog.waitFor()
    await expect.poll(() => dialog.getByTestId('history-entry').count()).toBe(2)
    const who = await dialog.getByTestId('history-who').allInnerTexts()
    expect(who[0]).toMatch(/^PAN — Carlos Méndez, /)
    expect(who[1]).toMatch(new RegExp(`^${room.server.session.user.delegation} — ${room.server.session.user.name}, `))
    const what = await dialog.getByTestId('history-what').allInnerTexts()
    expect(what[0]).toMatch(/^‘\S* ?regular\S*’ → ‘\S* ?regular y segura\S*’$/)
    expect(await dialog.locator('h2, [class*="title"]').first().innerText()).toMatch(/^Historial de OP\d/)
    await carlos.screenshot({ path: screenshotPath('history-1-two-authors-1440') })
    await carlos.setViewportSize({ width: 1024, height: 768 })
    await carlos.screenshot({ path: screenshotPath('history-2-two-authors-1024') })

    // A viewer, who has no formatting toolbar, reads the same history (in English).
    const observer = await invite(room.server.url, room.server.session, { email: 'observer@iom.int', name: 'Olivia Grant', delegation: 'OIM' })
    await share(room.server.url, room.server.session, draftId, { type: 'user', id: observer.user.id }, 'viewer')
    const olivia = await room.openDraft('en-US', observer.user.email, `${room.server.url}/d/${draftId}`, `${first} regular y segura`)
    await expect(olivia.getByTestId('toolbar').count()).resolves.toBe(0)
    await selectInEditor(olivia, 'regular y segura')
    const readerHistory = olivia.getByTestId('comment-toolbar').getByTestId('tool-history')
    await expect.poll(() => readerHistory.isEnabled()).toBe(true)
    await readerHistory.click()
    const readerDialog = olivia.getByTestId('history-dialog')
    await expect.poll(() => readerDialog.getByTestId('history-entry').count()).toBe(2)
    const readerWho = await readerDialog.getByTestId('history-who').allInnerTexts()
    expect(readerWho[0]).toMatch(/^PAN — Carlos Méndez, /)
    expect(readerWho[1]).toMatch(new RegExp(`^${room.server.session.user.delegation} — ${room.server.session.user.name}, `))
    expect(await readerDialog.locator('h2, [class*="title"]').first().innerText()).toMatch(/^History of OP\d/)
    for (const [width, height] of [
      [1440, 900],
      [1024, 768],
    ] as const) {
      await olivia.setViewportSize({ width, height })
      await olivia.screenshot({ path: screenshotPath(`history-3-viewer-en-${width}`) })
    }
  })
})
