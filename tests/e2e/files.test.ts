/**
 * The file repository in real Chromium ([UI-FILES-1..3] in client/SPEC.md, FILES-* on the
 * server): the secretariat opens a meeting of the register, follows "upload a file for this
 * meeting", uploads a PDF through the dialog on a throttled connection (the progress bar
 * shows, then the file is listed); Panamá finds a phrase from inside the PDF with the header's
 * search and opens the file from the result; and finds a comment's words on a draft and opens
 * its paragraph (the caret in it, on screen). Screenshots in tests/.artifacts/screenshots.
 */
import { describe, expect, it } from 'vitest'
import type { Meeting, RepositoryFileView } from '@consenso/protocol'
import { withBlockIds, writeBody } from '@consenso/schema'
import { screenshotPath } from '../helpers/browser.ts'
import { anchorOn } from '../helpers/body.ts'
import { browserRoom, caretLabel, caretOnScreen, PEOPLE } from '../helpers/browser-room.ts'
import { pdfWith, uploaded } from '../helpers/files.ts'
import { api, share } from '../helpers/session.ts'
import { waitFor } from '../helpers/wait.ts'

const room = browserRoom({ people: ['secretariatCrm', 'panama'] })

/** Enough varied text that the PDF takes a few seconds on a throttled upload. */
const FILLER = Array.from({ length: 400 }, (_, i) => `Párrafo ${i + 1}: datos de flujos migratorios de la subregión, cuadro ${(i * 7919) % 1000}, serie ${(i * 104729) % 9973}.`)

describe.skipIf(room.skipReason !== null)('file repository in the browser', () => {
  it('[UI-FILES-1] [UI-FILES-2] [UI-FILES-3] a PDF uploaded to a meeting with progress, found from inside by another person, opened from the result', async () => {
    const meeting = (await (await api(room.server.url, room.server.session).post('/api/register/meetings', { title: 'XXIII Reunión Viceministerial', startsOn: '2026-11-20', place: 'Ciudad de Panamá' })).json()) as Meeting
    const pdf = await pdfWith('Informe de la Presidencia Pro Tempore', ['La Presidencia propone un mecanismo de alerta temprana para desplazamientos fronterizos.', ...FILLER])

    // The secretariat, from the register's meeting, to the upload dialog with the meeting chosen.
    const page = await room.signIn('es-ES', PEOPLE.secretariatCrm.email, '/register/meetings')
    await page.getByRole('link', { name: 'Subir un archivo de esta reunión (XXIII Reunión Viceministerial)' }).click()
    const dialog = page.getByTestId('file-dialog')
    await dialog.waitFor({ state: 'visible' })
    await expect.poll(() => page.getByTestId('file-meeting').inputValue()).toBe(meeting.id)
    await page.getByTestId('file-input').setInputFiles({ name: 'informe-ppt.pdf', mimeType: 'application/pdf', buffer: Buffer.from(pdf) })
    await expect(page.getByTestId('file-title').inputValue()).resolves.toBe('informe-ppt')
    await page.getByTestId('file-title').fill('Informe de la Presidencia Pro Tempore')
    await page.getByTestId('file-tags').fill('presidencia, alerta temprana')
    await page.screenshot({ path: screenshotPath('files-upload-dialog') })

    // A slow uplink, so the progress is there to see.
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('Network.enable')
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 50, downloadThroughput: -1, uploadThroughput: Math.max(8 * 1024, Math.round(pdf.byteLength / 4)) })
    await page.getByTestId('file-save').click()
    const progress = page.getByTestId('file-upload-status').locator('progress')
    await progress.waitFor({ state: 'visible' })
    await expect.poll(() => page.getByTestId('file-upload-status').textContent()).toMatch(/Enviando informe-ppt\.pdf: \d+ %/)
    await page.screenshot({ path: screenshotPath('files-upload-progress') })
    await dialog.waitFor({ state: 'hidden', timeout: 30_000 })
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 })
    await expect.poll(() => page.getByTestId('files-status').textContent()).toBe('«Informe de la Presidencia Pro Tempore» subido.')
    await expect(page.getByTestId('file-item').first().textContent()).resolves.toContain('XXIII Reunión Viceministerial')
    await page.screenshot({ path: screenshotPath('files-listed') })
    const stored = ((await (await api(room.server.url, room.people.secretariatCrm).get('/api/files')).json()) as { files: RepositoryFileView[] }).files
    // Back on the register, the meeting lists its file.
    await page.getByTestId('register-link').click()
    await page.getByTestId('tab-meetings').click()
    await expect.poll(() => page.getByTestId('meeting-files').first().textContent()).toContain('Informe de la Presidencia Pro Tempore')
    await page.screenshot({ path: screenshotPath('files-register-meeting') })
    expect(stored.map((f) => [f.title, f.meetingId, f.versions[0]!.size])).toEqual([['Informe de la Presidencia Pro Tempore', meeting.id, pdf.byteLength]])

    // A draft shared with Panamá, with a comment on its second paragraph.
    const draftId = await room.server.createDocument('Plan de acción regional', 'declaration')
    await room.server.app.collab.write({ documentId: draftId, name: 'body' }, (doc) =>
      writeBody(
        doc,
        withBlockIds({
          type: 'doc',
          content: [
            { type: 'paragraph', attrs: { kind: 'preamble' }, content: [{ type: 'text', text: 'Reconociendo la labor de los puntos focales;' }] },
            { type: 'paragraph', attrs: { kind: 'operative' }, content: [{ type: 'text', text: 'Acuerdan intercambiar información sobre retornos asistidos;' }] },
          ],
        }),
      ),
    )
    await share(room.server.url, room.server.session, draftId, { type: 'delegation', id: 'PAN' }, 'commenter')
    const anchor = await room.server.app.collab.read({ documentId: draftId, name: 'body' }, (doc) => anchorOn(doc, 'retornos asistidos'))
    const thread = await api(room.server.url, room.people.panama).post(`/api/documents/${draftId}/threads`, {
      anchor,
      quote: 'retornos asistidos',
      text: 'Sugerimos incluir a los consulados móviles',
    })
    expect(thread.status).toBe(201)

    // The index has the PDF's text and the comment a moment later.
    const finds = async (q: string): Promise<boolean> =>
      (((await (await api(room.server.url, room.people.panama).get(`/api/search?q=${encodeURIComponent(q)}`)).json()) as { results: unknown[] }).results.length > 0)
    await waitFor(async () => (await finds('alerta temprana desplazamientos')) && (await finds('consulados moviles')), 'the index to hold the PDF and the comment', { timeoutMs: 60_000 })

    // Panamá: the header's search, a phrase from inside the PDF without accents, opens the file.
    const reader = await room.signIn('es-ES', PEOPLE.panama.email, '/')
    const box = reader.getByTestId('search-input')
    await box.fill('mecanismo de alerta temprana')
    const results = reader.getByTestId('search-result')
    await expect.poll(async () => (await results.allTextContents()).join(' | '), { timeout: 15_000 }).toContain('mecanismo de alerta temprana')
    await expect(results.first().textContent()).resolves.toContain('Archivo')
    await reader.screenshot({ path: screenshotPath('files-search-result') })
    await results.first().click()
    await reader.waitForURL(/\/files\?file=/)
    const opened = reader.locator('.files-item--linked')
    await opened.waitFor({ state: 'visible' })
    await expect(opened.textContent()).resolves.toContain('Informe de la Presidencia Pro Tempore')
    await expect.poll(() => reader.evaluate(() => document.activeElement?.classList.contains('files-item--linked') ?? false)).toBe(true)
    await expect(opened.getByTestId('file-download').getAttribute('href')).resolves.toMatch(/\/api\/files\/.+\/versions\/1$/)
    await reader.screenshot({ path: screenshotPath('files-opened-from-search') })

    // And a comment's words open the draft at its paragraph.
    await box.fill('consulados moviles')
    await expect.poll(async () => (await results.allTextContents()).join(' | '), { timeout: 15_000 }).toContain('consulados móviles')
    await results.first().click()
    await reader.waitForURL(new RegExp(`/d/${draftId}`))
    await reader.locator('.ProseMirror').waitFor({ state: 'visible' })
    // At the paragraph the comment is on (OP1), the caret there and on screen.
    await expect.poll(() => caretLabel(reader), { timeout: 15_000 }).toBe('OP1')
    await expect.poll(() => caretOnScreen(reader)).toBe(true)
    await reader.screenshot({ path: screenshotPath('files-comment-opened') })
  })

  it('[UI-FILES-1] English: the repository page and its dialog are labelled and usable from the keyboard', async () => {
    const page = await room.signIn('en-GB', PEOPLE.panama.email, '/files')
    await page.getByRole('heading', { name: 'File repository' }).waitFor()
    await page.getByRole('button', { name: 'Upload a file' }).focus()
    await page.keyboard.press('Enter')
    await page.getByTestId('file-dialog').waitFor({ state: 'visible' })
    // The first field has the focus; Escape closes and gives it back.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('file-input')
    await page.screenshot({ path: screenshotPath('files-dialog-en') })
    await page.keyboard.press('Escape')
    await page.getByTestId('file-dialog').waitFor({ state: 'hidden' })
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('file-new')

    // [FILES-9] What another person uploads, renames or deletes shows on this open page without a reload.
    const titles = (): Promise<string[]> => page.locator('.files-item__title').allTextContents()
    const file = await uploaded(room.server.url, room.people.secretariatCrm, new TextEncoder().encode('Orden del día provisional'), { name: 'agenda.txt', title: 'Provisional agenda', visibility: ['PAN'] })
    await expect.poll(titles, { timeout: 15_000 }).toContain('Provisional agenda')
    expect((await api(room.server.url, room.people.secretariatCrm).patch(`/api/files/${file.id}`, { title: 'Agenda, second reading' })).status).toBe(200)
    await expect.poll(titles, { timeout: 15_000 }).toContain('Agenda, second reading')
    await page.screenshot({ path: screenshotPath('files-live-en') })
    expect((await api(room.server.url, room.people.secretariatCrm).delete(`/api/files/${file.id}`)).status).toBe(204)
    await expect.poll(titles, { timeout: 15_000 }).not.toContain('Agenda, second reading')
    // The focus stayed where the person left it.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('file-new')
  })
})
