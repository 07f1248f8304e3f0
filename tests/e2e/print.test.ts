/**
 * Printing a draft through Chromium's own print ([UI-PRINT-1] in client/SPEC.md): Chile's
 * owner suggests a rewording of OP2, and the page is printed to PDF with print media (what
 * Ctrl+P prints), then with "Print with proposals marked". pdftotext reads both back: the
 * header (title, view, date), the PP/OP numbers, page numbers, no toolbar, header or sidebar;
 * the clean text without the proposal, the marked one with it. pdftoppm turns the first pages
 * into PNGs next to the screenshots (tests/.artifacts/screenshots) to be looked at.
 */
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { screenshotPath, selectInEditor, suggestionMarkTexts } from '../helpers/browser.ts'
import { requireTool } from '../helpers/tools.ts'
import { browserRoom } from '../helpers/browser-room.ts'

const room = browserRoom({ skip: (): boolean => !hasPoppler })
const hasPoppler: boolean = room.skipReason ? false : requireTool('pdftotext', 'poppler-utils') && requireTool('pdftoppm', 'poppler-utils')
const OLD = 'consolidar las contribuciones'
const NEW = 'sistematizar los aportes'

/** Prints the page as Chromium's print does (print media, A4 from the stylesheet), reads it back. */
async function printToText(page: Page, name: string): Promise<string> {
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true })
  const path = screenshotPath(name).replace(/\.png$/u, '.pdf')
  writeFileSync(path, pdf)
  execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '1', '-singlefile', path, screenshotPath(name).replace(/\.png$/u, '')])
  return execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' })
}

/** One space per run of spaces: pdftotext -layout pads columns. */
const squeeze = (text: string): string => text.replace(/[ \t]+/gu, ' ')
/** The words in order, lines joined. */
const flat = (text: string): string => text.replace(/\s+/gu, ' ')

describe.skipIf(room.skipReason !== null || !hasPoppler)('printing a draft', () => {
  it('[UI-PRINT-1] prints the clean text numbered under a header, and with proposals marked when asked', async () => {
    const draftId = await room.server.createDocument('Declaración conjunta CRM–CSM', 'declaration')
    const page = await room.openDraft('es-ES', room.server.session.user.email, `${room.server.url}/d/${draftId}`, 'Encomendamos')
    await page.getByTestId('mode-suggesting').click()
    await page.locator('.ProseMirror').focus()
    await selectInEditor(page, OLD)
    await page.keyboard.type(NEW, { delay: 10 })
    await expect.poll(() => suggestionMarkTexts(page, 'insertion')).toEqual([NEW])
    // The sidebar open, as someone working would have it.
    await page.getByTestId('review-toggle').click()
    await page.getByTestId('review-sidebar').waitFor()

    const clean = squeeze(await printToText(page, 'print-1-clean-es'))
    expect(clean).toContain('Declaración conjunta CRM–CSM')
    expect(clean).toMatch(/Texto limpio · impreso el \d{1,2} de \w+ de \d{4}/u)
    for (const label of ['PP1', 'PP2', 'OP1', 'OP2']) expect(clean).toMatch(new RegExp(`^\\s*${label} `, 'mu'))
    expect(flat(clean)).toContain(`Técnicas ${OLD} de los puntos`)
    expect(clean).not.toContain('sistematizar')
    expect(clean).toMatch(/^\s*1 ?\/ ?1\s*$/mu)
    // None of the application around the text.
    for (const chrome of ['Sugerencias', 'Edición', 'Guardado', 'Comentarios', 'Esquema', 'Acuerdos', 'Imprimir', 'Consenso']) expect(clean).not.toContain(chrome)

    // "Print with proposals marked": the browser's print dialog is not there to answer in a
    // test, so print() returns at once and the page stays in the marked view to be printed.
    await page.evaluate(() => {
      window.print = () => {}
    })
    await page.getByTestId('print-marked').click()
    await expect.poll(() => page.evaluate(() => document.documentElement.getAttribute('data-print'))).toBe('marked')
    const marked = squeeze(await printToText(page, 'print-2-marked-es'))
    expect(marked).toContain('Con las propuestas marcadas')
    expect(flat(marked)).toContain(`Técnicas ${OLD}${NEW} de los puntos`)
    expect(marked).not.toContain('Guardado')
    // After printing the page goes back to the clean view for Ctrl+P.
    await page.evaluate(() => window.dispatchEvent(new Event('afterprint')))
    await expect.poll(() => page.evaluate(() => document.documentElement.getAttribute('data-print'))).toBe(null)
  })
})
