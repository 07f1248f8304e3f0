/**
 * The portal as a person manages their drafts, in real Chromium against a real server
 * (client/SPEC.md UI-PORTAL-*, server/SPEC.md DOC-*): search that ignores accents, a filter by
 * kind, sorting, renaming in place, deleting with undo, and restoring from the trash; in
 * Spanish and in English. Screenshots at 1440×900 and 1024×768 go to
 * tests/.artifacts/screenshots (git-ignored).
 */
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import type { DocumentListResponse } from '@consenso/protocol'
import { newPerson, screenshotPath, signInThroughPage } from '../helpers/browser.ts'
import { createDraft } from '../helpers/api.ts'
import { api, TEST_PASSWORD } from '../helpers/session.ts'
import { browserRoom } from '../helpers/browser-room.ts'

const room = browserRoom()

const titles = (page: Page): Promise<string[]> => page.getByTestId('document-item').locator('.document-card__title').allTextContents()
const card = (page: Page, title: string) => page.getByTestId('document-item').filter({ hasText: title })
const serverTitles = async (): Promise<string[]> =>
  ((await (await api(room.server.url, room.server.session).get('/api/documents')).json()) as DocumentListResponse).documents.map((d) => d.title).sort()

describe.skipIf(room.skipReason !== null)('the portal', () => {
  it('[UI-PORTAL-1] [UI-LANG-1] [DOC-1] [DOC-2] search, filter, sort, rename, delete with undo and restore from the trash; a draft written in English', async () => {
    await createDraft(room.server.url, room.server.session, { title: 'Declaración conjunta CRM–CSM', template: 'declaration' })
    await createDraft(room.server.url, room.server.session, { title: 'Minuta de la videoconferencia', template: 'minutes' })
    await createDraft(room.server.url, room.server.session, { title: 'Glosario de términos', template: 'glossary' })

    const { context, page } = await newPerson(room.browser, 'es-ES')
    room.contexts.push(context)
    await page.setViewportSize({ width: 1440, height: 900 })
    await page.goto(room.server.url)
    await signInThroughPage(page, 'ana.perez@minrel.cl', TEST_PASSWORD)
    await expect.poll(() => titles(page)).toHaveLength(3)

    // Search without accents or case finds the accented title.
    await page.getByTestId('draft-search').fill('DECLARACION')
    await expect.poll(() => titles(page)).toEqual(['Declaración conjunta CRM–CSM'])
    expect(await page.getByTestId('draft-count').textContent()).toBe('1 de 3')
    await page.getByTestId('draft-search').fill('nada parecido')
    await page.getByTestId('no-match').waitFor()
    await page.getByTestId('no-match').getByRole('button').click()
    await expect.poll(() => titles(page)).toHaveLength(3)
    await page.getByTestId('draft-kind').selectOption('minutes')
    await expect.poll(() => titles(page)).toEqual(['Minuta de la videoconferencia'])
    await page.getByTestId('draft-kind').selectOption('all')
    await page.getByTestId('draft-sort').selectOption('title')
    await expect.poll(() => titles(page)).toEqual(['Declaración conjunta CRM–CSM', 'Glosario de términos', 'Minuta de la videoconferencia'])

    // Rename in place, by keyboard: Enter saves.
    await card(page, 'Glosario de términos').getByTestId('rename-draft').click()
    const input = page.getByTestId('rename-input')
    await expect.poll(() => input.evaluate((el) => el === document.activeElement)).toBe(true)
    await input.fill('Glosario común CRM–CSM')
    await input.press('Enter')
    await expect.poll(() => titles(page)).toContain('Glosario común CRM–CSM')
    await expect.poll(serverTitles).toEqual(['Declaración conjunta CRM–CSM', 'Glosario común CRM–CSM', 'Minuta de la videoconferencia'])
    // Escape leaves the title as it was.
    await card(page, 'Minuta de la videoconferencia').getByTestId('rename-draft').click()
    await page.getByTestId('rename-input').fill('No se guarda')
    await page.getByTestId('rename-input').press('Escape')
    await expect.poll(() => titles(page)).toContain('Minuta de la videoconferencia')

    // Delete, then undo.
    await card(page, 'Minuta de la videoconferencia').getByTestId('delete-draft').click()
    await page.getByTestId('undo-notice').waitFor()
    expect(await page.getByTestId('undo-notice').textContent()).toContain('«Minuta de la videoconferencia» se movió a la papelera.')
    await expect.poll(() => titles(page)).toHaveLength(2)
    await expect.poll(serverTitles).toEqual(['Declaración conjunta CRM–CSM', 'Glosario común CRM–CSM'])
    await page.screenshot({ path: screenshotPath('portal-deleted-undo-1440') })
    await page.getByTestId('undo').click()
    await expect.poll(() => titles(page)).toHaveLength(3)
    await expect.poll(serverTitles).toHaveLength(3)

    // Delete again and restore from the trash.
    await card(page, 'Minuta de la videoconferencia').getByTestId('delete-draft').click()
    await expect.poll(serverTitles).toHaveLength(2)
    await page.getByTestId('toggle-trash').click()
    await page.getByTestId('trash-item').first().waitFor()
    expect(await page.getByTestId('trash-item').allTextContents()).toEqual([expect.stringContaining('Minuta de la videoconferencia')])
    expect(await page.getByTestId('trash-item').first().textContent()).toContain('Se eliminará definitivamente el')
    await page.screenshot({ path: screenshotPath('portal-trash-1440') })
    await page.getByTestId('restore-draft').click()
    await expect.poll(() => page.getByTestId('trash-item').count()).toBe(0)
    await expect.poll(serverTitles).toHaveLength(3)
    await page.getByTestId('toggle-trash').click()
    await expect.poll(() => titles(page)).toHaveLength(3)

    await page.setViewportSize({ width: 1024, height: 768 })
    await page.screenshot({ path: screenshotPath('portal-1024') })

    // A draft written in English, from the Spanish interface: the text declares its language (UI-LANG-1),
    // and follows an owner's change live.
    await page.getByTestId('new-draft-title').fill('Joint statement')
    await page.getByTestId('new-draft-language').selectOption('en')
    await page.getByTestId('new-draft-submit').click()
    await page.locator('.ProseMirror').waitFor()
    await expect.poll(() => page.locator('.ProseMirror').getAttribute('lang')).toBe('en')
    await expect.poll(() => page.locator('.ProseMirror').textContent()).toContain('Preamble')
    const draftId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!)
    expect((await api(room.server.url, room.server.session).put(`/api/documents/${draftId}/settings`, { language: 'es' })).status).toBe(200)
    await expect.poll(() => page.locator('.ProseMirror').getAttribute('lang')).toBe('es')
    await page.goto(room.server.url)
    await expect.poll(() => titles(page)).toHaveLength(4)

    // The same in English.
    const english = await newPerson(room.browser, 'en-GB')
    room.contexts.push(english.context)
    await english.page.goto(room.server.url)
    await signInThroughPage(english.page, 'ana.perez@minrel.cl', TEST_PASSWORD)
    await expect.poll(() => titles(english.page)).toHaveLength(4)
    expect(await english.page.getByTestId('draft-search').getAttribute('placeholder')).toBe('Search drafts…')
    expect(await english.page.getByTestId('toggle-trash').textContent()).toBe('Trash')
    // The header's switch shows the language the page speaks (its strings load on demand).
    const pressed = (page: typeof english.page, lang: string) => page.locator(`.language-switch button[lang="${lang}"]`).getAttribute('aria-pressed')
    await expect(pressed(english.page, 'en')).resolves.toBe('true')
    await expect(pressed(english.page, 'es')).resolves.toBe('false')
    await expect(pressed(page, 'es')).resolves.toBe('true')
    await card(english.page, 'Glosario común CRM–CSM').getByTestId('delete-draft').click()
    expect(await english.page.getByTestId('undo-notice').textContent()).toContain('“Glosario común CRM–CSM” was moved to the trash.')
    await english.page.getByTestId('undo').click()
    await expect.poll(serverTitles).toHaveLength(4)
  })
})
