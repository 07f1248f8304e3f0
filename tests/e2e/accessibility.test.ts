/**
 * WCAG 2.1 AA by machine (client/SPEC.md A11Y-1): axe-core, in real Chromium against a real
 * server, over every page and dialog state a delegate meets, in Spanish and in English. Every
 * violation found is printed; the suite fails on any serious or critical one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { browserUnavailable, editorText, ensureClientBuilt, launchChromium, selectInEditor, signInThroughPage } from '../helpers/browser.ts'
import { axeScan, blocking, describeFindings, type AxeFinding } from '../helpers/axe.ts'
import { startFirstRunServer, startServer, type FirstRunServer, type TestServer } from '../helpers/server.ts'
import { api, TEST_PASSWORD } from '../helpers/session.ts'
import { docxWithBody } from '../helpers/large-files.ts'
import { PRACTICES_SECTION } from '../helpers/records.ts'

const skipReason = browserUnavailable()
const LIVE = { timeout: 15_000 }
const LANGUAGES = [
  { locale: 'es-ES', language: 'es' },
  { locale: 'en-GB', language: 'en' },
] as const

let server: TestServer
let firstRun: FirstRunServer
let browser: Browser
let draftUrl: string
const contexts: BrowserContext[] = []
const findings: AxeFinding[] = []

beforeAll(async () => {
  if (skipReason) return
  const clientDist = ensureClientBuilt()
  server = await startServer({ clientDist })
  firstRun = await startFirstRunServer({ clientDist })
  browser = await launchChromium()
  const id = await server.createDocument('Declaración conjunta CRM–CSM', 'declaration')
  expect((await api(server.url, server.session).put(`/api/documents/${id}/parties`, { parties: ['CHL', 'MEX', 'PAN'] })).status).toBe(200)
  draftUrl = `${server.url}/d/${id}`
})

afterAll(async () => {
  for (const context of contexts) await context.close()
  await browser?.close()
  await firstRun?.close()
  await server?.close()
  if (findings.length > 0) console.log(`axe-core found ${findings.length} violation(s):\n${describeFindings(findings)}`)
})

/** A person's browser, in `locale`, able to take axe's script despite the page's CSP. */
async function person(locale: string): Promise<Page> {
  const context = await browser.newContext({ locale, viewport: { width: 1440, height: 900 }, bypassCSP: true })
  contexts.push(context)
  const page = await context.newPage()
  page.setDefaultTimeout(15_000)
  return page
}

/** Scans the page as it is now; the findings are kept for the report and the final check. */
async function scan(page: Page, language: string, state: string): Promise<void> {
  const found = await axeScan(page, `${language} ${state}`)
  findings.push(...found)
  if (found.length > 0) console.log(describeFindings(found))
}

async function closeWithEscape(page: Page): Promise<void> {
  const focused = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 160))
  await page.keyboard.press('Escape')
  await expect.poll(() => page.locator('[role="dialog"]:visible, dialog[open]').count(), { message: `Escape with focus on ${focused}` }).toBe(0)
}

const checked = new Set<string>()

describe.skipIf(skipReason !== null)('accessibility (axe-core, WCAG 2.1 AA)', () => {
  for (const { locale, language } of LANGUAGES) {
    it(`[A11Y-1] the pages outside the editor, in ${language}: first run, sign-in, portal, new draft, trash, account menu, change password, inbox, admin, register and its dialogs`, async () => {
      const page = await person(locale)
      await page.goto(firstRun.url)
      await page.getByTestId('setup').waitFor()
      await scan(page, language, 'first-run')

      await page.goto(server.url)
      await page.getByTestId('sign-in').waitFor()
      await scan(page, language, 'sign-in')
      await signInThroughPage(page, 'ana.perez@minrel.cl', TEST_PASSWORD)
      await page.getByTestId('document-item').first().waitFor()
      await scan(page, language, 'portal')
      await page.getByTestId('new-draft-submit').click()
      await page.getByTestId('new-draft-title').and(page.locator('[aria-invalid="true"]')).waitFor()
      await scan(page, language, 'new draft with an error')
      await page.getByTestId('toggle-trash').click()
      await page.getByTestId('trash').waitFor()
      await scan(page, language, 'trash')
      await page.getByTestId('toggle-trash').click()

      // The import box: a file refused, then one imported with what it lost said and "Open" offered.
      await page.getByTestId('import-button').waitFor()
      await page.getByTestId('import-input').setInputFiles({ name: 'roto.docx', mimeType: 'application/octet-stream', buffer: Buffer.from('esto no es un documento de Word') })
      // The conversion runs in a worker the server starts on first use: slow on a loaded machine.
      await page.getByTestId('import-error').waitFor({ timeout: 60_000 })
      await scan(page, language, 'import refused')
      const withFootnote = docxWithBody('<w:p><w:r><w:t xml:space="preserve">Según la OIM</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p>')
      await page.getByTestId('import-input').setInputFiles({ name: 'informe.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: Buffer.from(withFootnote) })
      await page.getByTestId('import-lost').waitFor({ timeout: 60_000 })
      await page.getByTestId('import-open').waitFor()
      await scan(page, language, 'import done, with what was lost')

      await page.getByTestId('user-menu-button').click()
      await page.getByTestId('user-menu').waitFor()
      await scan(page, language, 'account menu')
      await page.getByTestId('menu-change-password').click()
      await page.getByTestId('change-password-dialog').waitFor()
      await scan(page, language, 'change password')
      await closeWithEscape(page)
      await page.getByTestId('inbox-button').click()
      await page.getByTestId('inbox-panel').waitFor()
      await scan(page, language, 'inbox')
      await page.keyboard.press('Escape')

      await page.goto(`${server.url}/admin`)
      await page.getByTestId('users-table').waitFor()
      await page.getByTestId('audit-table').or(page.getByTestId('audit-empty')).first().waitFor()
      await scan(page, language, 'admin')
      await page.getByTestId('party-group-new').click()
      await page.getByTestId('party-group-dialog').waitFor()
      await scan(page, language, 'admin party group dialog')
      await closeWithEscape(page)

      await page.goto(`${server.url}/register`)
      await page.getByTestId('register-page').waitFor()
      await scan(page, language, 'register')
      await page.getByTestId('new-agreement').click()
      await page.getByTestId('agreement-dialog').waitFor()
      await scan(page, language, 'register agreement dialog')
      await closeWithEscape(page)
      await page.getByTestId('tab-meetings').click()
      await page.getByTestId('new-meeting').click()
      await page.getByTestId('meeting-dialog').waitFor()
      await scan(page, language, 'register meeting dialog')
      await closeWithEscape(page)
      for (const state of ['first-run', 'sign-in', 'portal', 'new draft with an error', 'trash', 'import refused', 'import done, with what was lost', 'account menu', 'change password', 'inbox', 'admin', 'register', 'register agreement dialog', 'register meeting dialog']) checked.add(`${language} ${state}`)
    }, 240_000)

    it(`[A11Y-1] the editor and every panel and dialog of it, in ${language}`, async () => {
      const page = await person(locale)
      await page.goto(draftUrl)
      await signInThroughPage(page, 'ana.perez@minrel.cl', TEST_PASSWORD)
      await expect.poll(() => editorText(page), LIVE).toContain('Reconociendo')
      await scan(page, language, 'editor, editing')
      const word = language === 'es' ? 'Reconociendo' : 'Destacando'

      // A bracket, a comment thread and a suggestion, so that the text and the sidebar hold each.
      await page.locator('.ProseMirror').focus()
      await selectInEditor(page, word)
      await page.getByTestId('tool-bracket').click()
      await page.getByTestId('bracket-dialog').waitFor()
      await scan(page, language, 'bracket dialog')
      await page.getByTestId('bracket-alternative-0').fill(`${word}s`)
      await page.getByTestId('bracket-submit').click()
      await page.getByTestId('bracket-dialog').waitFor({ state: 'hidden' })
      await selectInEditor(page, word)
      await page.keyboard.press('Control+Alt+M')
      const composer = page.getByTestId('comment-composer')
      await composer.waitFor()
      await scan(page, language, 'comment composer')
      await composer.locator('textarea, [contenteditable="true"]').first().fill(`¿${word}?`)
      await page.keyboard.press('Control+Enter')
      await page.getByTestId('thread').first().waitFor()
      await scan(page, language, 'sidebar, comment threads')

      await page.getByTestId('mode-suggesting').click()
      await selectInEditor(page, word, 'start')
      await page.keyboard.type('Firmemente ', { delay: 5 })
      await page.locator('ins[data-suggestion-id]').first().waitFor()
      await scan(page, language, 'editor, suggesting')
      await page.getByTestId('review-tab-suggestions').click()
      await page.getByTestId('suggestions-panel').waitFor()
      await scan(page, language, 'sidebar, suggestions')
      await page.getByTestId('review-tab-mentions').click()
      await page.getByTestId('mentions-list').or(page.getByTestId('mentions-empty')).first().waitFor()
      await scan(page, language, 'sidebar, mentions')
      await page.getByTestId('review-tab-consensus').click()
      await page.getByTestId('consensus-panel').waitFor()
      await scan(page, language, 'sidebar, consensus')
      await page.getByTestId('mode-editing').click()

      await page.locator('.ProseMirror .consensus-chip').first().click()
      await page.getByTestId('position-popover').waitFor()
      await scan(page, language, 'positions popover')
      await page.keyboard.press('Escape')
      await page.getByTestId('position-popover').waitFor({ state: 'detached' })

      await selectInEditor(page, word, 'start')
      await page.getByTestId('tool-history').click()
      await page.getByTestId('history-dialog').waitFor()
      await scan(page, language, 'paragraph history')
      await closeWithEscape(page)

      await page.getByTestId('share-button').click()
      await page.getByTestId('share-form').waitFor()
      await scan(page, language, 'share dialog')
      await closeWithEscape(page)

      await page.getByTestId('export-button').click()
      await page.getByTestId('export-panel').waitFor()
      await scan(page, language, 'export menu')
      await page.keyboard.press('Escape')
      await page.getByTestId('export-panel').waitFor({ state: 'hidden' })

      await page.getByTestId('versions-button').click()
      await page.getByTestId('versions-dialog').waitFor()
      await page.getByTestId('version-name').fill(language === 'es' ? 'Borrador cero' : 'Zero draft')
      await page.getByTestId('version-save').click()
      await page.getByTestId('version-item').first().waitFor()
      await scan(page, language, 'versions panel')
      await page.getByTestId('version-import-open').click()
      await page.getByTestId('version-import-file').setInputFiles({ name: 'rev2.docx', mimeType: 'application/octet-stream', buffer: Buffer.from('PK this is not a zip') })
      await page.getByTestId('version-import-name').fill('Rev.2')
      await page.getByTestId('version-import-submit').click()
      await page.getByTestId('version-import-error').waitFor({ timeout: 60_000 })
      await scan(page, language, 'versions import form, file refused')
      await page.getByTestId('compare-submit').click()
      await page.getByTestId('versions-compare').waitFor()
      await scan(page, language, 'versions comparison')
      await closeWithEscape(page)

      await page.locator('.ProseMirror').focus()
      await page.keyboard.press('Control+f')
      await page.getByTestId('find-bar').waitFor()
      await page.getByTestId('find-input').fill(word)
      await scan(page, language, 'find bar')
      await page.getByTestId('find-input').press('Escape')

      await page.getByTestId('outline-button').click()
      await page.getByTestId('outline-panel').waitFor()
      await scan(page, language, 'outline')
      await page.keyboard.press('Escape')

      await page.getByTestId('silence-start').click()
      await page.getByTestId('silence-start-dialog').waitFor()
      await scan(page, language, 'silence start dialog')
      await closeWithEscape(page)

      // A silence procedure running (started over the API): the banner, and the objection that breaks it.
      const documentId = draftUrl.split('/d/')[1]!
      expect((await api(server.url, server.session).post(`/api/documents/${documentId}/silence`, { deadline: '2030-06-30T12:00', timeZone: 'America/Panama' })).status).toBe(201)
      await page.getByTestId('silence-break').click()
      await page.getByTestId('silence-break-dialog').waitFor()
      await scan(page, language, 'silence break dialog')
      await closeWithEscape(page)
      expect((await api(server.url, server.session).post(`/api/documents/${documentId}/silence/withdraw`)).status).toBe(200)
      await page.getByTestId('silence-start').waitFor(LIVE)

      await page.getByTestId('review-tab-consensus').click()
      await page.getByTestId('plenary-link').click()
      await page.getByTestId('plenary-text').waitFor()
      await scan(page, language, 'plenary view')
      for (const state of ['editor, editing', 'bracket dialog', 'comment composer', 'sidebar, comment threads', 'editor, suggesting', 'sidebar, suggestions', 'sidebar, mentions', 'sidebar, consensus', 'positions popover', 'paragraph history', 'share dialog', 'export menu', 'versions panel', 'versions import form, file refused', 'versions comparison', 'find bar', 'outline', 'silence start dialog', 'silence break dialog', 'plenary view']) checked.add(`${language} ${state}`)
    }, 300_000)
  }

  for (const { locale, language } of LANGUAGES) {
    it(`[A11Y-1] the workspace's shared pages, in ${language}: questionnaires (list, builder, answering and following), good practices (catalogue, form, rounds), the glossary, the focal-point directory, the header search and a bilingual draft side by side`, async () => {
      const owner = api(server.url, server.session)
      // A questionnaire addressed to Chile, the administrator's delegation, open: its page shows both the follow-up and Chile's answers.
      const created = await owner.post('/api/questionnaires', {
        title: { es: `Insumos (${language})`, en: `Inputs (${language})` },
        sections: [PRACTICES_SECTION],
        addressees: ['CHL', 'PAN'],
        deadline: '2030-06-30T18:00:00.000Z',
      })
      expect(created.status).toBe(201)
      const questionnaire = (await created.json()) as { id: string }
      expect((await owner.post(`/api/questionnaires/${questionnaire.id}/open`)).status).toBe(200)
      // A bilingual draft: its English text added by the owner.
      const bilingual = await server.createDocument(`Declaración bilingüe (${language})`, 'declaration')
      expect((await owner.post(`/api/documents/${bilingual}/translation`, { language: 'en' })).status).toBe(201)

      const page = await person(locale)
      await page.goto(`${server.url}/questionnaires`)
      await signInThroughPage(page, 'ana.perez@minrel.cl', TEST_PASSWORD)
      await page.getByTestId('questionnaires-page').waitFor()
      await page.getByTestId('new-questionnaire').waitFor()
      await scan(page, language, 'questionnaires')
      await page.getByTestId('new-questionnaire').click()
      await page.getByTestId('quest-builder').waitFor()
      await scan(page, language, 'questionnaire builder')
      await page.goto(`${server.url}/questionnaires/${questionnaire.id}`)
      await page.getByTestId('quest-follow').waitFor()
      await page.getByTestId('submit-answers').waitFor()
      await scan(page, language, 'questionnaire, following and answering')

      await page.goto(`${server.url}/practices`)
      await page.getByTestId('practices-page').waitFor()
      await scan(page, language, 'good practices')
      await page.getByTestId('new-practice').click()
      await page.getByTestId('practice-form').waitFor()
      await scan(page, language, 'good practice form')
      await page.goto(`${server.url}/practices/rounds`)
      await page.getByTestId('new-round').click()
      await page.getByTestId('round-form').waitFor()
      await scan(page, language, 'prioritisation round form')

      await page.goto(`${server.url}/glossary`)
      await page.getByTestId('glossary-page').waitFor()
      await page.getByTestId('glossary-form').waitFor()
      await scan(page, language, 'glossary')

      // The focal-point directory with one card of each role, its form open (UI-FOCAL-1).
      for (const [role, familyName] of [['focal', 'Núñez Ávila'], ['alternate', 'Peña']] as const) {
        const made = await owner.post('/api/focal-points', { delegation: 'CHL', process: 'Troika', role, givenName: 'María José', familyName, title: 'Embajadora', institution: 'Ministerio de Relaciones Exteriores', email: `${role}.${language}@minrel.gob.cl`, phones: ['+56 2 2827 4200'], languages: ['es', 'en'], since: '2026-01-15', until: null, notes: '', userId: null })
        expect(made.status).toBe(201)
      }
      await page.goto(`${server.url}/focal-points`)
      await page.getByTestId('focal-entry').first().waitFor()
      await page.getByTestId('focal-add').click()
      await page.getByTestId('focal-form').waitFor()
      await scan(page, language, 'focal-point directory')

      const box = page.getByTestId('search-input')
      await box.fill('Reconociendo')
      await page.getByTestId('search-result').first().waitFor(LIVE)
      await scan(page, language, 'header search with results')

      await page.goto(`${server.url}/d/${bilingual}`)
      await page.getByTestId('bilingual-panel').waitFor()
      const sideBySide = page.getByTestId('bilingual-panel').locator('button[aria-pressed]')
      if ((await sideBySide.getAttribute('aria-pressed')) !== 'true') await sideBySide.click()
      await page.locator('#translation-body').waitFor()
      await scan(page, language, 'bilingual draft side by side')
      for (const state of ['questionnaires', 'questionnaire builder', 'questionnaire, following and answering', 'good practices', 'good practice form', 'prioritisation round form', 'glossary', 'focal-point directory', 'header search with results', 'bilingual draft side by side']) checked.add(`${language} ${state}`)
    }, 300_000)
  }

  for (const { locale, language } of LANGUAGES) {
    it(`[A11Y-1] the file repository, in ${language}: the list with a file and its versions, the upload dialog with delegations chosen, the delete confirmation`, async () => {
      const text = new TextEncoder().encode(`Calendario de reuniones (${language})`)
      const upload = await fetch(`${server.url}/api/files?${new URLSearchParams({ name: `calendario-${language}.txt`, title: `Calendario (${language})`, language, tags: 'calendario,2026', visibility: 'PAN,MEX' })}`, {
        method: 'POST',
        headers: { cookie: server.session.cookie, origin: server.url, 'content-type': 'text/plain' },
        body: text,
      })
      expect(upload.status).toBe(201)
      const page = await person(locale)
      await page.goto(`${server.url}/files`)
      await signInThroughPage(page, 'ana.perez@minrel.cl', TEST_PASSWORD)
      await page.getByTestId('file-item').first().waitFor()
      await scan(page, language, 'file repository')
      await page.getByTestId('file-new').click()
      await page.getByTestId('file-dialog').waitFor()
      await page.getByTestId('file-visibility-some').check()
      await page.getByTestId('file-delegations').waitFor()
      await page.getByTestId('file-save').click()
      await page.getByTestId('file-dialog').locator('[role="alert"]').first().waitFor()
      await scan(page, language, 'file upload dialog, with errors')
      await closeWithEscape(page)
      await page.getByTestId('file-delete').first().click()
      await page.getByTestId('confirm-submit').waitFor()
      await scan(page, language, 'file delete confirmation')
      await closeWithEscape(page)
      for (const state of ['file repository', 'file upload dialog, with errors', 'file delete confirmation']) checked.add(`${language} ${state}`)
    }, 120_000)
  }

  it('[A11Y-1] no serious or critical violation in any state scanned (at least 40 states in each language)', () => {
    for (const { language } of LANGUAGES) expect([...checked].filter((state) => state.startsWith(`${language} `)).length, language).toBeGreaterThanOrEqual(40)
    expect(describeFindings(blocking(findings))).toBe('')
  })
})
