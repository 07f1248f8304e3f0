/**
 * The silence procedure in real Chromium (client/SPEC.md UI-SILENCE-1, UI-NOTIFY-1): the CSM
 * technical secretariat (owner, Spanish) places the declaration under silence from the page;
 * México (English) sees the banner with its countdown and breaks silence on OP2, and both pages
 * show the break live, with a notice in the inbox. A second run with no break ends adopted when
 * the deadline passes (the server's clock is moved forward by the test), both pages say so, and
 * the adopted PDF is read back (pdftotext) and drawn (pdftoppm) to be looked at.
 * Screenshots: tests/.artifacts/screenshots/silence-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { utcToZoned, type LinkableParagraphsResponse } from '@consenso/protocol'
import { browserUnavailable, ensureClientBuilt, launchChromium, openDraftAs, screenshotPath } from '../helpers/browser.ts'
import { startServer, type TestServer } from '../helpers/server.ts'
import { api, invite, share, TEST_PASSWORD, type TestSession } from '../helpers/session.ts'
import { requireTool } from '../helpers/tools.ts'

const skipReason = browserUnavailable()
const hasPoppler = skipReason ? false : requireTool('pdftotext', 'poppler-utils') && requireTool('pdftoppm', 'poppler-utils')
const LIVE = { timeout: 15_000 }

let server: TestServer
let browser: Browser
let secretariat: TestSession
/** How far the server's clock is ahead of this machine's: the test moves deadlines past. */
let offsetMs = 0
const contexts: BrowserContext[] = []

beforeAll(async () => {
  if (skipReason) return
  const clientDist = ensureClientBuilt()
  server = await startServer({ clientDist, now: () => new Date(Date.now() + offsetMs), silenceSweepMs: 250 })
  ;[secretariat] = (await Promise.all([
    invite(server.url, server.session, { email: 'tomas.herrera@csm.example', name: 'Tomás Herrera', delegation: 'ST-CSM' }),
    invite(server.url, server.session, { email: 'lucia.hernandez@sre.gob.mx', name: 'Lucía Hernández', delegation: 'MEX' }),
  ])) as [TestSession, TestSession]
  // México signs in through the page below.
  browser = await launchChromium()
})

afterAll(async () => {
  for (const context of contexts) await context.close()
  await browser?.close()
  await server?.close()
})

/** The declaration, owned by the CSM secretariat, MEX and PAN editors and parties. */
async function declaration(title: string): Promise<{ id: string; firstWords: string }> {
  const id = await server.createDocument(title, 'declaration')
  await share(server.url, server.session, id, { type: 'user', id: secretariat.user.id }, 'owner')
  for (const code of ['MEX', 'PAN']) await share(server.url, server.session, id, { type: 'delegation', id: code }, 'editor')
  expect((await api(server.url, secretariat).put(`/api/documents/${id}/parties`, { parties: ['MEX', 'PAN'] })).status).toBe(200)
  const { paragraphs } = (await (await api(server.url, secretariat).get(`/api/documents/${id}/paragraphs`)).json()) as LinkableParagraphsResponse
  return { id, firstWords: paragraphs.find((p) => p.number === 'OP1')!.text.split(' ').slice(0, 3).join(' ') }
}

/** The secretariat starts silence from the page, ten minutes ahead in Panamá's time; `choose` picks what, before it starts. */
async function startFromPage(page: Page, choose?: () => Promise<void>): Promise<void> {
  await page.getByTestId('silence-start').click()
  const local = utcToZoned(new Date(Date.now() + offsetMs + 10 * 60_000), 'America/Panama')
  await page.getByTestId('silence-zone').selectOption('America/Panama')
  await page.getByTestId('silence-date').fill(local.slice(0, 10))
  await page.getByTestId('silence-time').fill(local.slice(11))
  await choose?.()
  await page.getByTestId('silence-start-submit').click()
  await page.getByTestId('silence-banner').waitFor({ state: 'visible' })
}

describe.skipIf(skipReason)('silence procedure in the browser', () => {
  it('[UI-SILENCE-1] [UI-SILENCE-2] [UI-SILENCE-3] [UI-NOTIFY-1] [UI-NOTIFY-2] the secretariat places the declaration under silence; México breaks it on OP2 and everyone sees it; a second run ends adopted', async () => {
    const first = await declaration('Declaración conjunta CRM–CSM')
    const url = `${server.url}/d/${first.id}`
    const owner = await openDraftAs(browser, contexts, { locale: 'es-ES', email: 'tomas.herrera@csm.example', password: TEST_PASSWORD }, url, first.firstWords)
    const mex = await openDraftAs(browser, contexts, { locale: 'en-GB', email: 'lucia.hernandez@sre.gob.mx', password: TEST_PASSWORD }, url, first.firstWords)

    await startFromPage(owner)
    await expect.poll(() => owner.getByTestId('silence-banner').innerText(), LIVE).toContain('Bajo procedimiento de silencio')
    await expect.poll(() => mex.getByTestId('silence-banner').innerText(), LIVE).toContain('Under silence procedure')
    await expect.poll(() => mex.getByTestId('silence-countdown').innerText(), LIVE).toMatch(/\d\d:\d\d:\d\d left/)
    // The whole text is under silence: the page takes no typing (the server would refuse it anyway).
    await expect.poll(() => mex.locator('.ProseMirror').getAttribute('contenteditable'), LIVE).toBe('false')
    // The inbox counts the notice, live, beside the one saying México was given access (NOTIFY-20).
    await expect.poll(() => mex.getByTestId('inbox-count').innerText(), LIVE).toBe('2')
    await owner.screenshot({ path: screenshotPath('silence-1-running-es') })
    await mex.screenshot({ path: screenshotPath('silence-1-running-en') })

    // [UI-SILENCE-2] The secretariat extends the deadline by an hour: both banners show the new one.
    const before = await mex.getByTestId('silence-banner').innerText()
    await owner.getByTestId('silence-extend').click()
    const extendDialog = owner.getByTestId('silence-extend-dialog')
    await extendDialog.waitFor({ state: 'visible' })
    const oldTime = await owner.getByTestId('silence-time').inputValue()
    const later = `${String((Number(oldTime.slice(0, 2)) + 1) % 24).padStart(2, '0')}${oldTime.slice(2)}`
    if (later < oldTime) {
      // Past midnight in Panamá: the next day.
      const day = new Date(`${await owner.getByTestId('silence-date').inputValue()}T00:00:00Z`)
      await owner.getByTestId('silence-date').fill(new Date(day.getTime() + 86_400_000).toISOString().slice(0, 10))
    }
    await owner.getByTestId('silence-time').fill(later)
    await owner.screenshot({ path: screenshotPath('silence-1b-extend-es') })
    await owner.getByTestId('silence-extend-submit').click()
    await extendDialog.waitFor({ state: 'hidden' })
    await expect.poll(() => mex.getByTestId('silence-banner').innerText(), LIVE).toContain(`${later} (America/Panama)`)
    expect(before).not.toContain(`${later} (America/Panama)`)
    await expect.poll(() => owner.getByTestId('silence-banner').innerText(), LIVE).toContain(`${later} (America/Panama)`)

    // México breaks silence on OP2, by keyboard in the dialog.
    await mex.getByTestId('silence-break').click()
    await mex.getByTestId('silence-objection').fill('Mexico cannot join OP2 as drafted: the reference to regularisation is missing.')
    await mex.getByTestId('silence-break-submit').click()
    await expect.poll(() => mex.getByTestId('silence-broken').innerText(), LIVE).toContain('Silence broken by MEX')
    await expect.poll(() => owner.getByTestId('silence-broken').innerText(), LIVE).toContain('MEX rompió el silencio')
    await expect.poll(() => owner.getByTestId('silence-broken').innerText(), LIVE).toContain('reference to regularisation')
    expect(await owner.getByTestId('silence-banner').count()).toBe(0)
    await expect.poll(() => mex.locator('.ProseMirror').getAttribute('contenteditable'), LIVE).toBe('true')
    await expect.poll(() => owner.getByTestId('inbox-count').innerText(), LIVE).toBe('2')
    await owner.getByTestId('inbox-button').click()
    await expect.poll(() => owner.getByTestId('inbox-panel').innerText(), LIVE).toContain('Lucía Hernández (MEX) rompió el silencio')
    await owner.screenshot({ path: screenshotPath('silence-2-broken-es') })
    await mex.getByTestId('inbox-button').click()
    await expect.poll(() => mex.getByTestId('inbox-panel').innerText(), LIVE).toContain('is under silence procedure until')
    expect(await mex.getByTestId('inbox-panel').innerText()).toContain('Ana Pérez (CHL) gave you access to «Declaración conjunta CRM–CSM» as an editor')
    await mex.screenshot({ path: screenshotPath('silence-2-broken-en') })
    await mex.keyboard.press('Escape')
    await owner.keyboard.press('Escape')

    // [UI-SILENCE-3] Silence on chosen paragraphs, picked by keyboard from the draft's list: OP2 only.
    await startFromPage(owner, async () => {
      await owner.getByTestId('silence-scope-chosen').focus()
      await owner.keyboard.press('Space')
      const op2 = owner.getByTestId('silence-paragraphs').locator('label', { hasText: 'OP2' }).locator('input')
      await op2.waitFor({ state: 'visible' })
      // Nothing chosen yet: the dialog says so and will not start.
      expect(await owner.getByTestId('silence-start-submit').isDisabled()).toBe(true)
      await op2.focus()
      await owner.keyboard.press('Space')
      expect(await op2.isChecked()).toBe(true)
      await owner.screenshot({ path: screenshotPath('silence-2b-paragraphs-es') })
    })
    await expect.poll(() => mex.getByTestId('silence-paragraphs-held').innerText(), LIVE).toContain('paragraph under silence: OP2')
    await expect.poll(() => owner.getByTestId('silence-paragraphs-held').innerText(), LIVE).toContain('párrafo bajo silencio: OP2')
    // Only OP2 is held: the rest of the text stays open to typing.
    expect(await mex.locator('.ProseMirror').getAttribute('contenteditable')).toBe('true')
    await mex.screenshot({ path: screenshotPath('silence-2c-paragraphs-en') })
    // [UI-SILENCE-2] The secretariat withdraws it, after confirming; México's banner goes.
    await owner.getByTestId('silence-withdraw').click()
    const confirm = owner.getByRole('dialog', { name: '¿Retirar el procedimiento de silencio?' })
    await confirm.waitFor({ state: 'visible' })
    await owner.screenshot({ path: screenshotPath('silence-2d-withdraw-es') })
    await confirm.getByTestId('confirm-submit').click()
    await expect.poll(() => mex.getByTestId('silence-banner').count(), LIVE).toBe(0)
    await expect.poll(() => owner.getByTestId('silence-banner').count(), LIVE).toBe(0)

    // A second run, with no break: the deadline passes and the text is adopted.
    const second = await declaration('Declaración de Santiago')
    const url2 = `${server.url}/d/${second.id}`
    await owner.goto(url2)
    await mex.goto(url2)
    await owner.getByTestId('silence-start').waitFor({ state: 'visible' })
    await startFromPage(owner)
    await expect.poll(() => mex.getByTestId('silence-banner').innerText(), LIVE).toContain('Under silence procedure')
    offsetMs += 11 * 60_000
    await expect.poll(() => owner.getByTestId('adopted-banner').innerText(), LIVE).toContain('Adoptado el')
    await expect.poll(() => mex.getByTestId('adopted-banner').innerText(), LIVE).toContain('Adopted on')
    await owner.screenshot({ path: screenshotPath('silence-3-adopted-es') })
    await mex.screenshot({ path: screenshotPath('silence-3-adopted-en') })

    if (!hasPoppler) return
    const href = await owner.getByTestId('adopted-pdf').getAttribute('href')
    const pdf = await api(server.url, secretariat).get(href!)
    expect(pdf.status).toBe(200)
    const dir = mkdtempSync(join(tmpdir(), 'consenso-adopted-'))
    const file = join(dir, 'adopted.pdf')
    writeFileSync(file, Buffer.from(await pdf.arrayBuffer()))
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
    expect(text).toContain('Declaración de Santiago')
    expect(text).toContain('Adoptado el')
    expect(text).toContain(second.firstWords)
    // [ADOPT-10] The header says the day once.
    const headerLine = text.split('\n').find((line) => line.includes('Adoptado el'))!
    expect(headerLine.match(/\d{4}/g)).toHaveLength(1)
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', file, screenshotPath('silence-4-adopted-pdf').replace(/\.png$/, '')])
  })
})
