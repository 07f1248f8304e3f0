/**
 * Search in real Chromium ([UI-SEARCH-1], [UI-SEARCH-2] in client/SPEC.md): a declaration with
 * sixteen operative paragraphs and a comment on OP12; the header's search box finds a phrase of
 * OP9 typed without accents and the comment's words, marked; keyboard (↓, Enter) and a click
 * open the draft with the caret at the start of the paragraph, on screen. A glossary term and an
 * agreement found and opened at their row ([UI-SEARCH-3]); a meeting created while the box shows
 * «nothing found» appears without typing again ([UI-SEARCH-4]). Screenshots in
 * tests/.artifacts/screenshots.
 */
import { afterAll, describe, expect, it } from 'vitest'
import type { Thread } from '@consenso/protocol'
import { anchorOn } from '../helpers/body.ts'
import { screenshotPath } from '../helpers/browser.ts'
import { appendOperativeParagraphs, browserRoom, caretLabel, caretOnScreen } from '../helpers/browser-room.ts'
import { connectClient, type TestClient } from '../helpers/clients.ts'
import { api } from '../helpers/session.ts'
import { waitFor } from '../helpers/wait.ts'

const room = browserRoom()
const clients: TestClient[] = []
afterAll(() => clients.forEach((c) => c.destroy()))

describe.skipIf(room.skipReason !== null)('search in the browser', () => {
  it('[UI-SEARCH-1] [UI-SEARCH-2] finds a paragraph and a comment from the header, marked, and opens the paragraph', async () => {
    const draftId = await room.server.createDocument('Declaración conjunta CRM–CSM', 'declaration')
    const page = await room.openDraft('es-ES', room.server.session.user.email, `${room.server.url}/d/${draftId}`, 'Encomendamos')
    await appendOperativeParagraphs(page, Array.from({ length: 14 }, (_, i) => (i === 6 ? 'Instamos a crear un observatorio de migración laboral en la región;' : `Solicitamos el informe número ${i + 3} sobre cooperación regional;`)))
    await expect.poll(() => page.locator('.paragraph-number[data-label="OP16"]').count()).toBe(1)

    // A comment on OP12, made over the API by a reader of the synced draft.
    const reader = connectClient({ wsUrl: room.server.wsUrl, cookie: room.server.cookie }, draftId)
    clients.push(reader)
    await reader.waitSynced()
    await waitFor(() => reader.paragraphs().some((p) => p.includes('informe número 12')), 'the typed paragraphs to reach the reader')
    const thread = await api(room.server.url, room.server.session).post(`/api/documents/${draftId}/threads`, {
      anchor: anchorOn(reader.doc, 'informe número 12'),
      quote: 'informe número 12',
      text: 'Pedir a la OIM datos desagregados por género',
    })
    expect(thread.status).toBe(201)
    expect(((await thread.json()) as Thread).id).toBeTruthy()

    // The index follows the draft a moment after its last change (debounced, SEARCH-4): wait
    // until it holds both the paragraph and the comment, as a person would find them a moment later.
    const searchApi = api(room.server.url, room.server.session)
    const finds = async (q: string): Promise<boolean> =>
      (((await (await searchApi.get(`/api/search?q=${encodeURIComponent(q)}`)).json()) as { results: unknown[] }).results.length > 0)
    await waitFor(async () => (await finds('observatorio migracion')) && (await finds('datos desagregados')), 'the search index to hold the new paragraph and the comment', { timeoutMs: 30_000 })
    // Back to the portal; search from the header, without accents.
    await page.goto(`${room.server.url}/`)
    const box = page.getByRole('combobox', { name: 'Buscar en borradores, comentarios, el registro, el glosario y archivos' })
    await box.fill('observatorio migracion')
    const results = page.getByTestId('search-result')
    await expect.poll(async () => (await results.allTextContents()).join(' | '), { timeout: 15_000 }).toContain('observatorio de migración laboral')
    await expect(results.first().locator('mark').allTextContents()).resolves.toEqual(['observatorio', 'migración'])
    await expect(results.first().textContent()).resolves.toContain('OP9')
    await page.screenshot({ path: screenshotPath('search-results-paragraph') })
    await box.press('ArrowDown')
    await box.press('Enter')
    await page.waitForURL(new RegExp(`/d/${draftId}`))
    await expect.poll(() => caretLabel(page), { timeout: 15_000 }).toBe('OP9')
    await expect.poll(() => caretOnScreen(page)).toBe(true)
    // The address no longer asks for the paragraph: a reload starts where the person is.
    await expect.poll(() => new URL(page.url()).searchParams.get('p')).toBe(null)

    // The comment's words, from inside the editor: a click opens OP12.
    await page.keyboard.press('Control+Home')
    await box.fill('datos desagregados')
    await expect.poll(async () => (await results.allTextContents()).join(' | '), { timeout: 15_000 }).toContain('Pedir a la OIM datos desagregados')
    await expect(results.first().textContent()).resolves.toMatch(/Comentario.*OP12/)
    await page.screenshot({ path: screenshotPath('search-results-comment') })
    await results.first().click()
    await expect.poll(() => caretLabel(page), { timeout: 15_000 }).toBe('OP12')
    await expect.poll(() => caretOnScreen(page)).toBe(true)
    await page.screenshot({ path: screenshotPath('search-opened-op12') })

    // Nothing found says so.
    await box.fill('zzzyxw')
    await expect.poll(() => page.getByTestId('search-results').textContent(), { timeout: 15_000 }).toBe('No se encontró nada.')
  })

  it('[UI-SEARCH-3] [UI-SEARCH-4] a glossary term and an agreement open their page at their row; the box asks again while the index catches up', async () => {
    const st = api(room.server.url, room.server.session)
    const entry = await st.post('/api/glossary', { termEs: 'apatridia', termEn: 'statelessness', definitionEs: 'Condición de quien no tiene nacionalidad', definitionEn: '', source: '', notes: '', status: 'preferred', preferredId: null })
    expect(entry.status).toBe(201)
    const entryId = ((await entry.json()) as { id: string }).id
    // Enough agreements that the one found is below the fold.
    for (let i = 1; i <= 25; i++) expect((await st.post('/api/register/agreements', { text: `Acuerdo de seguimiento número ${i}`, responsible: ['PAN'] })).status).toBe(201)
    const agreement = await st.post('/api/register/agreements', { text: 'Elaborar un protocolo de retorno voluntario', responsible: ['PAN'] })
    expect(agreement.status).toBe(201)
    const agreementId = ((await agreement.json()) as { id: string }).id
    const draftId = await room.server.createDocument('Borrador de paso', 'declaration')
    const page = await room.openDraft('es-ES', room.server.session.user.email, `${room.server.url}/d/${draftId}`, '')
    await page.goto(`${room.server.url}/`)
    const box = page.getByRole('combobox', { name: 'Buscar en borradores, comentarios, el registro, el glosario y archivos' })
    const results = page.getByTestId('search-result')

    // A term by its English name: the result says it is a glossary term; Enter opens the glossary at it.
    await box.fill('statelessness')
    await expect.poll(async () => (await results.allTextContents()).join(' | '), { timeout: 15_000 }).toContain('Término del glosario')
    await page.screenshot({ path: screenshotPath('search-results-term') })
    await box.press('ArrowDown')
    await box.press('Enter')
    await page.waitForURL(new RegExp(`/glossary\\?entry=${entryId}`))
    const row = page.locator(`[data-search-target="${entryId}"]`)
    await expect.poll(() => row.getAttribute('aria-current'), { timeout: 15_000 }).toBe('true')
    await expect.poll(() => row.evaluate((el) => el === document.activeElement)).toBe(true)
    await page.screenshot({ path: screenshotPath('search-opened-term') })

    // An agreement: a click opens the register scrolled to it, highlighted and focused.
    await box.fill('protocolo retorno')
    await expect.poll(async () => (await results.allTextContents()).join(' | '), { timeout: 15_000 }).toContain('Acuerdo')
    await results.first().click()
    await page.waitForURL(new RegExp(`/register\\?agreement=${agreementId}`))
    const agreementRow = page.locator(`[data-search-target="${agreementId}"]`)
    await expect.poll(() => agreementRow.getAttribute('aria-current'), { timeout: 15_000 }).toBe('true')
    await expect.poll(() => agreementRow.evaluate((el) => el === document.activeElement)).toBe(true)
    await expect.poll(() => agreementRow.evaluate((el) => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight })).toBe(true)
    await page.screenshot({ path: screenshotPath('search-opened-agreement') })

    // Written a moment after the search was asked: the open box finds it without typing again.
    await box.fill('Tegucigalpa')
    await expect.poll(() => page.getByTestId('search-results').textContent(), { timeout: 15_000 }).toBe('No se encontró nada.')
    expect((await st.post('/api/register/meetings', { title: 'Reunión en Tegucigalpa', startsOn: '2026-05-11' })).status).toBe(201)
    await expect.poll(async () => (await results.allTextContents()).join(' | '), { timeout: 15_000 }).toContain('Tegucigalpa')
    await page.screenshot({ path: screenshotPath('search-results-requeried') })
  })
})
