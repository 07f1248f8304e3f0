/**
 * The glossary in real Chromium (client/SPEC.md UI-GLOSS-1..4): the CRM's secretariat opens
 * the glossary from the portal and adds "migrante", "irregular" and "ilegal" (deprecated, use
 * "irregular"); in a draft Chile's focal point sees the terms marked, reads a definition on
 * hover, and replaces "ilegales" from its hint (→ "irregulares"); Panamá's, suggesting, puts
 * the caret in "ilegal", is described the hint, and Alt+Enter makes the replacement a
 * suggestion in Panamá's name. Screenshots go to tests/.artifacts/screenshots.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { editorText, screenshotPath, suggestionMarkTexts, typeAtEnd } from '../helpers/browser.ts'
import { share } from '../helpers/session.ts'
import { browserRoom, PEOPLE } from '../helpers/browser-room.ts'

const LIVE = { timeout: 15_000 }
const room = browserRoom({ people: ['secretariatCrm', 'panama'] })

async function addEntry(page: Page, entry: { es: string; en: string; definitionEs?: string; source?: string; deprecatedFor?: string }): Promise<void> {
  await page.getByTestId('glossary-term-es').fill(entry.es)
  await page.getByTestId('glossary-term-en').fill(entry.en)
  if (entry.definitionEs) await page.getByTestId('glossary-definition-es').fill(entry.definitionEs)
  if (entry.source) await page.getByTestId('glossary-source').fill(entry.source)
  if (entry.deprecatedFor) {
    await page.getByTestId('glossary-status-select').selectOption('deprecated')
    await page.getByTestId('glossary-preferred-select').selectOption({ label: entry.deprecatedFor })
  }
  await page.getByTestId('glossary-save').click()
  await expect.poll(() => page.getByTestId('glossary-status').textContent(), LIVE).toContain(entry.es)
}

const term = (page: Page, words: string) => page.locator('.ProseMirror .glossary-term').filter({ hasText: new RegExp(`^${words}$`) })

describe.skipIf(room.skipReason !== null)('the glossary in the browser', () => {
  it('[UI-GLOSS-1] [UI-GLOSS-2] [UI-GLOSS-3] [UI-GLOSS-4] a secretariat adds entries; a draft marks them, defines on hover, flags and replaces a deprecated term', async () => {
    // The secretariat, from the portal to the glossary.
    const st = await room.signIn('es-ES', PEOPLE.secretariatCrm.email, '/')
    await st.getByTestId('glossary-link').click()
    await st.getByRole('heading', { level: 1, name: 'Glosario' }).waitFor()
    await addEntry(st, {
      es: 'migrante',
      en: 'migrant',
      definitionEs: 'Término genérico que designa a toda persona que se traslada fuera de su lugar de residencia habitual.',
      source: 'Glosario de la OIM sobre Migración (2019)',
    })
    await addEntry(st, { es: 'irregular', en: 'irregular', definitionEs: 'Que se produce al margen de las leyes o normas que regulan la entrada o salida.' })
    await addEntry(st, { es: 'ilegal', en: 'illegal', deprecatedFor: 'irregular / irregular' })
    await expect.poll(() => st.getByTestId('glossary-entry').count(), LIVE).toBe(3)
    await expect(st.locator('[data-testid="glossary-entry"][data-status="deprecated"]').textContent()).resolves.toContain('→ irregular')
    expect(await st.title()).toBe('Glosario — Consenso')
    await st.screenshot({ path: screenshotPath('glossary-1-page-es'), fullPage: true })
    // The TBX download, and the same file imported back through the page: nothing new, nothing changed.
    const [download] = await Promise.all([st.waitForEvent('download'), st.getByTestId('glossary-export-tbx').click()])
    expect(download.suggestedFilename()).toBe('glosario.tbx')
    const tbx = readFileSync(await download.path())
    expect(tbx.toString('utf8')).toContain('<term>ilegal</term>')
    await st.getByTestId('glossary-import').setInputFiles({ name: 'glosario.tbx', mimeType: 'application/xml', buffer: tbx })
    await expect.poll(() => st.getByTestId('glossary-status').textContent(), LIVE).toBe('Importado: 0 nuevas, 0 modificadas, 0 eliminadas.')

    // Chile's focal point, in a draft: the terms marked, whatever their form.
    const draftId = await room.server.createDocument('Declaración conjunta CRM–CSM', 'declaration')
    const url = `${room.server.url}/d/${draftId}`
    await share(room.server.url, room.server.session, draftId, { type: 'delegation', id: 'PAN' }, 'editor')
    const chile = await room.openDraft('es-ES', room.server.session.user.email, url, 'Encomendamos')
    await typeAtEnd(chile, 'Los migrantes ilegales no son delincuentes. Ningún ser humano es ilegal.')
    await expect.poll(() => term(chile, 'migrantes').count(), LIVE).toBe(1)
    await expect.poll(() => chile.locator('.ProseMirror .glossary-term--deprecated').allTextContents(), LIVE).toEqual(['ilegales', 'ilegal'])

    // Hover: the definition beside the term.
    await term(chile, 'migrantes').hover()
    const hint = chile.getByTestId('glossary-hint')
    await expect.poll(() => hint.textContent(), LIVE).toContain('Término genérico que designa a toda persona')
    await expect(hint.textContent()).resolves.toContain('Fuente: Glosario de la OIM sobre Migración (2019)')
    await chile.screenshot({ path: screenshotPath('glossary-2-definition-hover-es') })

    // The deprecated term: flagged with the preferred one, replaced from the hint in its own form.
    await term(chile, 'ilegales').hover()
    await expect.poll(() => chile.getByTestId('glossary-preferred').textContent(), LIVE).toContain('Desaconsejado: use «irregular»')
    await chile.screenshot({ path: screenshotPath('glossary-3-deprecated-hint-es') })
    await chile.getByTestId('glossary-replace').click()
    await expect.poll(() => editorText(chile), LIVE).toContain('Los migrantes irregulares no son delincuentes.')
    await expect.poll(() => chile.locator('.ProseMirror .glossary-term--deprecated').allTextContents(), LIVE).toEqual(['ilegal'])
    await chile.screenshot({ path: screenshotPath('glossary-4-replaced-es') })

    // Panamá, suggesting and by keyboard: the caret in "ilegal" describes the editor by the hint; Alt+Enter suggests the change.
    const panama = await room.openDraft('en-US', room.people.panama.user.email, url, 'irregulares')
    await panama.getByTestId('mode-suggesting').click()
    await expect.poll(() => panama.locator('.ProseMirror .glossary-term--deprecated').allTextContents(), LIVE).toEqual(['ilegal'])
    await term(panama, 'ilegal').click()
    await panama.mouse.move(1, 1)
    await panama.keyboard.press('ArrowLeft')
    const described = panama.getByTestId('glossary-hint')
    await expect.poll(() => described.textContent(), LIVE).toContain('Deprecated: use “irregular”. (Alt+Enter replaces it.)')
    const describedBy = await panama.locator('.ProseMirror').getAttribute('aria-describedby')
    expect(describedBy).toBeTruthy()
    const tooltipId = await described.locator('[role="tooltip"]').getAttribute('id')
    expect(describedBy!.split(' ')).toContain(tooltipId)
    await panama.screenshot({ path: screenshotPath('glossary-5-caret-hint-en') })
    await panama.keyboard.press('Alt+Enter')
    await expect.poll(() => suggestionMarkTexts(panama, 'deletion'), LIVE).toEqual(['ilegal'])
    await expect.poll(() => suggestionMarkTexts(panama, 'insertion'), LIVE).toContain('irregular')
    // Chile sees Panamá's suggestion live.
    await expect.poll(() => suggestionMarkTexts(chile, 'deletion'), LIVE).toEqual(['ilegal'])
    await panama.screenshot({ path: screenshotPath('glossary-6-suggested-en') })
  })
})
