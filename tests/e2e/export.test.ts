/**
 * Export and import in real Chromium ([EXPORT-*], [IMPORT-*] in server/SPEC.md): Chile's focal
 * point opens the Export menu with the keyboard, downloads every format in both views, cancels
 * a slow export, and imports the Word file back from the portal; a broken file is refused in
 * Spanish. The PDF's first page is turned into a PNG (pdftoppm) next to the screenshots in
 * tests/.artifacts/screenshots.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { PARTIES_SETTING, REVIEW_SETTINGS_KEY } from '@consenso/protocol'
import { editorText, newPerson, SCREENSHOT_DIR, screenshotPath } from '../helpers/browser.ts'
import { anchorOn } from '../helpers/body.ts'
import { api } from '../helpers/session.ts'
import { requireTool } from '../helpers/tools.ts'
import { pandocRead } from '../helpers/pandoc.ts'
import { docxWithBody } from '../helpers/large-files.ts'
import { browserRoom } from '../helpers/browser-room.ts'

const room = browserRoom()
const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'

const hasPdftoppm = room.skipReason ? false : requireTool('pdftoppm', 'poppler-utils')
const hasPandoc = room.skipReason ? false : requireTool('pandoc', 'pandoc')
const DOWNLOADS = join(SCREENSHOT_DIR, '..', 'downloads')

let draftId: string

beforeAll(async () => {
  if (room.skipReason) return
  draftId = await room.server.createDocument('Declaración de Santiago sobre movilidad humana', 'declaration')
  const anchor = await room.server.app.collab.read({ documentId: draftId, name: 'body' }, (doc) => anchorOn(doc, 'insumos conjuntos'))
  const created = await api(room.server.url, room.server.session).post(`/api/documents/${draftId}/threads`, { anchor, quote: 'insumos conjuntos', text: '¿Quién redacta los insumos? Propongo a la ST-CSM.' })
  expect(created.status).toBe(201)
  await room.server.app.collab.write({ documentId: draftId, name: 'meta' }, (doc) => doc.getMap(REVIEW_SETTINGS_KEY).set(PARTIES_SETTING, ['CHL', 'PAN']))
  mkdirSync(DOWNLOADS, { recursive: true })
})

async function downloadFrom(page: Page, format: string): Promise<{ name: string; path: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`export-${format}`).click()])
  const path = join(DOWNLOADS, download.suggestedFilename())
  await download.saveAs(path)
  await expect.poll(() => page.getByTestId('export-status').textContent()).toContain('descargado')
  return { name: download.suggestedFilename(), path }
}

describe.skipIf(!!room.skipReason)('[UI-EXPORT-1][EXPORT-1][EXPORT-3][IMPORT-1] Export menu and Import in the browser', () => {
  let page: Page
  const files: Record<string, string> = {}

  it('opens with the keyboard and downloads every format in the review view', async () => {
    page = await room.openDraft('es-ES', 'ana.perez@minrel.cl', `${room.server.url}/d/${draftId}`, 'Acordamos presentar')
    await page.getByTestId('export-button').focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value)).toBe('clean')
    // Arrow keys move within the radio group: the text with all proposals, then the review view (EXPORT-8).
    await page.keyboard.press('ArrowDown')
    expect(await page.getByTestId('export-view-proposals').isChecked()).toBe(true)
    await page.keyboard.press('ArrowDown')
    expect(await page.getByTestId('export-view-review').isChecked()).toBe(true)
    await page.screenshot({ path: screenshotPath('export-menu') })

    for (const format of ['docx', 'pdf', 'html', 'md', 'akn']) {
      const file = await downloadFrom(page, format)
      files[format] = file.path
      expect(file.name).toBe(`Declaración de Santiago sobre movilidad humana - revision.${format === 'akn' ? 'xml' : format}`)
    }
    expect(readFileSync(files.docx!).subarray(0, 2).toString()).toBe('PK')
    if (hasPandoc) expect(pandocRead(new Uint8Array(readFileSync(files.docx!))).paragraphs).toContain('OP1 · Abierto — CHL: sin posición; PAN: sin posición')
    expect(readFileSync(files.md!, 'utf8')).toContain('¿Quién redacta los insumos? Propongo a la ST-CSM.')
    expect(readFileSync(files.html!, 'utf8')).toContain('<span class="num">OP1.</span>')
    expect(readFileSync(files.akn!, 'utf8')).toContain('<statement name="declaration">')
    if (hasPdftoppm) {
      execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', files.pdf!, screenshotPath('export-pdf-page1').replace(/\.png$/u, '')])
      expect(readFileSync(screenshotPath('export-pdf-page1')).subarray(1, 4).toString()).toBe('PNG')
    }
  })

  it('the downloaded web page stands alone and reads well', async () => {
    const { context, page: viewer } = await newPerson(room.browser, 'es-ES')
    room.contexts.push(context)
    await viewer.goto(`file://${files.html}`)
    expect(await viewer.locator('p.status').first().textContent()).toBe('PP1 · Abierto — CHL: sin posición; PAN: sin posición')
    await viewer.screenshot({ path: screenshotPath('export-html'), fullPage: true })
  })

  it('exports the clean text without the comments, and Escape closes the menu', async () => {
    await page.getByTestId('export-view-clean').check()
    const md = await downloadFrom(page, 'md')
    expect(md.name).toBe('Declaración de Santiago sobre movilidad humana.md')
    expect(readFileSync(md.path, 'utf8')).not.toContain('¿Quién redacta')
    await page.getByTestId('export-docx').focus()
    await page.keyboard.press('ArrowDown')
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('export-pdf')
    await page.keyboard.press('Escape')
    await expect.poll(() => page.getByTestId('export-panel').count()).toBe(0)
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('export-button')
  })

  it('a slow export shows its progress and can be cancelled', async () => {
    // The server is held back: the request stays unanswered until the person cancels.
    await page.route('**/export?*', () => {})
    await page.getByTestId('export-button').click()
    await page.getByTestId('export-pdf').click()
    await expect.poll(() => page.getByTestId('export-status').textContent()).toContain('Preparando PDF')
    await page.screenshot({ path: screenshotPath('export-progress') })
    await page.getByTestId('export-cancel').click()
    await expect.poll(() => page.getByTestId('export-status').textContent()).toContain('Exportación cancelada')
    await page.unroute('**/export?*')
  })

  it('imports the Word file from the portal as a new draft, and refuses a broken one in Spanish', async () => {
    await page.goto(`${room.server.url}/`)
    await page.getByTestId('import-button').waitFor()
    await page.getByTestId('import-input').setInputFiles({ name: 'roto.docx', mimeType: 'application/octet-stream', buffer: Buffer.from('esto no es un documento de Word') })
    await expect.poll(() => page.getByTestId('import-error').textContent()).toContain('roto.docx está dañado')
    await page.getByTestId('import-error').scrollIntoViewIfNeeded()
    await page.screenshot({ path: screenshotPath('import-error') })
    const before = (await room.server.storage.listDocuments()).length

    await page.getByTestId('import-input').setInputFiles(files.docx!)
    await page.waitForURL(/\/d\/[^/]+$/u)
    await page.locator('.ProseMirror').waitFor({ state: 'visible', timeout: 30_000 })
    await expect.poll(() => editorText(page), { timeout: 30_000 }).toContain('Acordamos presentar insumos conjuntos')
    expect((await room.server.storage.listDocuments()).length).toBe(before + 1)
    await page.screenshot({ path: screenshotPath('import-done') })
  })

  it('[CONV-17] a Word file with a table inside a table, a footnote and a link says in Spanish what could not be kept, then opens', async () => {
    await page.goto(`${room.server.url}/`)
    await page.getByTestId('import-button').waitFor()
    const W_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    const file = docxWithBody(
      `<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Informe con anexos</w:t></w:r></w:p>` +
        `<w:p><w:r><w:t xml:space="preserve">Según la </w:t></w:r><w:hyperlink ${W_R} r:id="rId9"><w:r><w:t>OIM</w:t></w:r></w:hyperlink><w:r><w:footnoteReference w:id="1"/></w:r></w:p>` +
        // A table is kept (SCHEMA-130); a table inside one of its cells is not (CONV-130).
        `<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Chile</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>Santiago</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p/></w:tc></w:tr></w:tbl>`,
    )
    await page.getByTestId('import-input').setInputFiles({ name: 'anexos.docx', mimeType: DOCX_TYPE, buffer: Buffer.from(file) })
    const notice = page.getByTestId('import-lost')
    await notice.waitFor()
    const text = (await notice.textContent()) ?? ''
    expect(text).toContain('1 nota al pie o al final')
    expect(text).toContain('1 tabla o lista dentro de una celda (pasó a párrafos de la celda)')
    expect(text).toContain('el destino de 1 enlace')
    await notice.scrollIntoViewIfNeeded()
    await page.screenshot({ path: screenshotPath('import-lost') })
    await page.getByTestId('import-open').click()
    await page.waitForURL(/\/d\/[^/]+$/u)
    await expect.poll(() => editorText(page), { timeout: 30_000 }).toContain('Según la OIM')
  })
})
