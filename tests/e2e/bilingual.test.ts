/**
 * Parallel text in real Chromium against a real server (UI-BILING-1..4, BILING-*): Ana
 * (Chile, Spanish, owner) adds English to a Spanish declaration and sees both texts side by
 * side, aligned row by row; Jane (United States, English, editor) translates OP2 beside the
 * Spanish; Ana edits OP2 in Spanish and the English OP2 turns outdated on Jane's screen with
 * the Spanish change shown word by word; Jane updates it and it is current again. The
 * bilingual Word file is then opened by LibreOffice (converted to PDF, read with pdftotext
 * -layout and drawn with pdftoppm): two columns, each row's Spanish beside its English.
 */
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { confirmTranslation, TRANSLATION_FIELD } from '@consenso/schema'
import * as Y from 'yjs'
import { screenshotPath } from '../helpers/browser.ts'
import { browserRoom, PEOPLE } from '../helpers/browser-room.ts'
import { api, share } from '../helpers/session.ts'
import { hasTool } from '../helpers/tools.ts'

const room = browserRoom({ people: ['usa'] })

const ENGLISH = [
  'Joint declaration',
  'Preamble',
  'Recognising that human mobility in the region calls for coordinated responses among countries of origin, transit, destination and return,',
  'Highlighting the sustained dialogue between the Regional Conference on Migration and the South American Conference on Migration,',
  'Operative part',
  'Agree to submit joint inputs to the process of the Global Compact for Safe, Orderly and Regular Migration;',
]
const OP2_EN = 'Entrust the Technical Secretariats with consolidating the contributions of the focal points into a single document'

/** The top of a block, by its id, in the source and in the translation. */
const tops = (page: Page, id: string): Promise<[number, number]> =>
  page.evaluate((blockId) => {
    const top = (root: string) => document.querySelector(`${root} > [data-id="${blockId}"]`)!.getBoundingClientRect().top
    return [top('#draft-body'), top('#translation-body')] as [number, number]
  }, id)

const statusOf = (page: Page, id: string): Promise<string | null> =>
  page.evaluate((blockId) => document.querySelector(`#translation-body > [data-id="${blockId}"]`)?.getAttribute('data-status') ?? 'current', id)

describe.skipIf(!!room.skipReason)('[UI-BILING-1][UI-BILING-2][UI-BILING-3][UI-BILING-4] parallel text', () => {
  it('Chile edits OP2 in Spanish; the English OP2 turns outdated on the United States’ screen, who updates it; the bilingual Word file has two aligned columns', async () => {
    const id = await room.server.createDocument('Declaración conjunta', 'declaration')
    await share(room.server.url, room.server.session, id, { type: 'user', id: room.people.usa.user.id }, 'editor')
    const url = `${room.server.url}/d/${id}`
    // Two glossary entries: "insumos" is rendered otherwise in the English OP1 ("inputs"), "movilidad humana" is carried across.
    const admin = api(room.server.url, room.server.session)
    const entry = (termEs: string, termEn: string) => ({ termEs, termEn, definitionEs: '', definitionEn: '', source: '', notes: '', status: 'preferred', preferredId: null })
    expect((await admin.post('/api/glossary', entry('insumos', 'contributions'))).status).toBe(201)
    expect((await admin.post('/api/glossary', entry('movilidad humana', 'human mobility'))).status).toBe(201)
    const ana = await room.openDraft('es-ES', room.server.session.user.email, url, 'Encomendamos')

    // UI-BILING-1: the owner adds the English text; both show side by side.
    await ana.screenshot({ path: screenshotPath('bilingual-0-offer-es') })
    await ana.getByRole('button', { name: 'Añadir el texto en inglés' }).click()
    await ana.locator('#translation-body').waitFor()
    await expect.poll(() => ana.getByTestId('translation-counts').textContent()).toContain('EN: 0 al día, 0 desactualizados, 7 sin traducir')

    // Most of the English is already written (by the server, as a translator's earlier work), OP2 not yet.
    const ids = await room.server.app.collab.write({ documentId: id, name: 'body' }, (doc) => {
      const blocks = doc.getXmlFragment(TRANSLATION_FIELD).toArray() as Y.XmlElement[]
      ENGLISH.forEach((words, i) => {
        const text = new Y.XmlText()
        text.insert(0, words)
        blocks[i]!.insert(0, [text])
        confirmTranslation(doc, String(blocks[i]!.getAttribute('id')))
      })
      return blocks.map((b) => String(b.getAttribute('id')))
    })
    const op2 = ids[6]!

    const jane = await room.openDraft('en-US', PEOPLE.usa.email, url, 'Encomendamos')
    await jane.locator('#translation-body').waitFor()
    await expect.poll(() => statusOf(jane, op2)).toBe('untranslated')
    // Jane writes the English OP2 beside the Spanish.
    await jane.locator(`#translation-body > [data-id="${op2}"]`).click()
    await jane.keyboard.type(OP2_EN, { delay: 2 })
    await expect.poll(() => statusOf(jane, op2)).toBe('current')
    await expect.poll(() => statusOf(ana, op2)).toBe('current')
    // UI-BILING-2: every row starts at the same height on both sides.
    for (const block of ids) {
      await expect.poll(async () => {
        const [left, right] = await tops(jane, block)
        return Math.abs(left - right)
      }).toBeLessThan(2)
    }
    await jane.screenshot({ path: screenshotPath('bilingual-1-side-by-side-en'), fullPage: true })

    // Ana edits OP2 in Spanish.
    // OP2 is the last block: Control+End puts the caret at its end (End alone goes to the end of
    // a visual line), and one step left before its semicolon.
    await ana.locator(`#draft-body > [data-id="${op2}"]`).click()
    await ana.keyboard.press('Control+End')
    await ana.keyboard.press('ArrowLeft')
    await ana.keyboard.type(' y publicarlo', { delay: 5 })

    // UI-BILING-3: on Jane's screen the English OP2 is outdated, with the Spanish change shown.
    await expect.poll(() => statusOf(jane, op2), { timeout: 15_000 }).toBe('outdated')
    const item = jane.getByTestId('outdated-list').locator('li')
    await expect.poll(() => item.count()).toBe(1)
    expect(await item.textContent()).toContain('EN OP2 outdated.')
    expect(await item.locator('ins').textContent()).toContain('publicarlo')
    expect(await jane.locator(`#translation-body > [data-id="${op2}"] .translation-badge`).textContent()).toBe('Outdated')
    // BILING-5 in the consensus matrix: Chile agrees to OP2 while its English is outdated; the row says so.
    const owner = api(room.server.url, room.server.session)
    expect((await owner.put(`/api/documents/${id}/parties`, { parties: ['CHL'] })).status).toBe(200)
    expect((await owner.put(`/api/documents/${id}/positions/${op2}`, { stance: 'agree' })).status).toBe(200)
    if ((await ana.getByTestId('review-toggle').getAttribute('aria-expanded')) !== 'true') await ana.getByTestId('review-toggle').click()
    await ana.getByTestId('review-tab-consensus').click()
    const row = ana.locator(`[data-testid="consensus-row"][data-status="agreed"]`).filter({ hasText: 'OP2' })
    await expect.poll(() => row.getByTestId('consensus-row-status').textContent(), { timeout: 15_000 }).toBe('Acordado · EN desactualizado')
    await jane.screenshot({ path: screenshotPath('bilingual-2-outdated-en'), fullPage: true })
    await ana.screenshot({ path: screenshotPath('bilingual-2-outdated-es'), fullPage: true })

    // Jane updates it: current again, on both screens.
    await jane.locator(`#translation-body > [data-id="${op2}"]`).click()
    await jane.keyboard.press('Control+End')
    await jane.keyboard.type(' and to publish it', { delay: 5 })
    await expect.poll(() => statusOf(jane, op2)).toBe('current')
    await expect.poll(() => statusOf(ana, op2)).toBe('current')
    await expect.poll(() => jane.getByTestId('outdated-list').count()).toBe(0)
    // UI-BILING-5 (GLOSS-25): a glossary term used in one language without its counterpart in the other is listed.
    const gaps = jane.getByTestId('term-gaps').locator('li')
    await expect.poll(async () => (await gaps.allTextContents()).join(' | ')).toContain('OP1: “insumos” in ES, but no “contributions” in EN')
    expect((await gaps.allTextContents()).join(' | ')).toContain('OP2: “contributions” in EN, but no “insumos” in ES')
    expect((await gaps.allTextContents()).join(' | ')).not.toContain('mobility')
    await jane.screenshot({ path: screenshotPath('bilingual-3-updated-en'), fullPage: true })

    // The bilingual Word file, opened by LibreOffice: two columns, each Spanish row beside its English.
    const response = await api(room.server.url, room.server.session).get(`/api/documents/${id}/export?format=docx&text=bilingual`)
    expect(response.status).toBe(200)
    const docx = new Uint8Array(await response.arrayBuffer())
    if (!hasTool('soffice') || !hasTool('pdftotext')) return
    const dir = mkdtempSync(join(tmpdir(), 'consenso-bilingual-'))
    try {
      writeFileSync(join(dir, 'bilingue.docx'), docx)
      execFileSync('soffice', ['--headless', '--norestore', `-env:UserInstallation=file://${join(dir, 'profile')}`, '--convert-to', 'pdf', '--outdir', dir, join(dir, 'bilingue.docx')], {
        stdio: 'pipe',
        timeout: 240_000,
      })
      const text = execFileSync('pdftotext', ['-layout', join(dir, 'bilingue.pdf'), '-'], { encoding: 'utf8' })
      const lines = text.split('\n')
      const header = lines.find((l) => l.includes('Español'))
      expect(header, text).toMatch(/Español\s{3,}English/)
      // OP2's first line: the Spanish on the left, the English on the right of the same line.
      const op2Line = lines.find((l) => l.includes('OP2 Encomendamos'))
      expect(op2Line, text).toMatch(/OP2 Encomendamos.*\s{3,}OP2 Entrust/)
      const op1Line = lines.find((l) => l.includes('OP1 Acordamos'))
      expect(op1Line, text).toMatch(/OP1 Acordamos.*\s{3,}OP1 Agree/)
      expect(text).toContain('publicarlo')
      // Words a column wraps are on different lines of the text.
      expect(text).toContain('to publish')
      if (hasTool('pdftoppm')) {
        execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '1', join(dir, 'bilingue.pdf'), join(dir, 'page')])
        const png = readFileSync(join(dir, 'page-1.png'))
        expect(png.length).toBeGreaterThan(1000)
        copyFileSync(join(dir, 'page-1.png'), screenshotPath('bilingual-4-docx-libreoffice'))
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 300_000)
})
