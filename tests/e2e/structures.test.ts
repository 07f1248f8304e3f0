/**
 * Links and footnotes in the editor (SCHEMA-120, SCHEMA-121), in real Chromium: a draft holding
 * them (as an imported file leaves them) shows the link and the numbered note, and typing next
 * to them keeps both, through the browser's Yjs binding and the server's checks (TRUST-1).
 */
import { describe, expect, it } from 'vitest'
import { yDocToJSON } from '@consenso/schema'
import { screenshotPath } from '../helpers/browser.ts'
import { browserRoom, draftWithBody } from '../helpers/browser-room.ts'

const room = browserRoom()
const HREF = 'https://undocs.org/es/A/RES/73/195'
const NOTE = 'A/RES/73/195, anexo.'

describe.skipIf(!!room.skipReason)('[SCHEMA-120][SCHEMA-121] links and footnotes in the editor', () => {
  it('shows a link and a numbered footnote, and keeps both while someone types beside them', async () => {
    const id = await draftWithBody(room.server, 'Declaración con notas', [
      { type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: 'Declaración con notas' }] },
      {
        type: 'paragraph',
        attrs: { kind: 'preamble' },
        content: [
          { type: 'text', text: 'Recordando la ' },
          { type: 'text', text: 'resolución 73/195', marks: [{ type: 'link', attrs: { href: HREF } }] },
          { type: 'footnote', attrs: { text: NOTE } },
          { type: 'text', text: ' de la Asamblea General;' },
        ],
      },
    ])
    const page = await room.openDraft('es-ES', 'ana.perez@minrel.cl', `${room.server.url}/d/${id}`, 'Recordando la')
    const link = page.locator(`.ProseMirror a[href="${HREF}"]`)
    await expect.poll(() => link.textContent()).toBe('resolución 73/195')
    const note = page.locator('.ProseMirror sup.footnote')
    expect(await note.getAttribute('data-footnote')).toBe(NOTE)
    expect(await note.evaluate((el) => getComputedStyle(el, '::after').content)).toMatch(/counter\(footnote\)|"1"/u)
    await page.screenshot({ path: screenshotPath('editor-link-footnote') })

    // Typing at the end of the paragraph: the change goes through the server's checks and both stay.
    await page.locator('.ProseMirror p', { hasText: 'Asamblea General' }).click()
    await page.keyboard.press('End')
    await page.keyboard.type(' Nuevo.')
    await expect
      .poll(async () => JSON.stringify(await room.server.app.collab.read({ documentId: id, name: 'body' }, (doc) => yDocToJSON(doc))), { timeout: 15_000 })
      .toContain('Asamblea General; Nuevo.')
    const stored = JSON.stringify(await room.server.app.collab.read({ documentId: id, name: 'body' }, (doc) => yDocToJSON(doc)))
    expect(stored).toContain(HREF)
    expect(stored).toContain(NOTE)
  })
})
