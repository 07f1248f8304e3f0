/**
 * Good practices in real Chromium (client/SPEC.md UI-PRACT-*, server PRACT-*): Panamá (in
 * Spanish), México and El Salvador (in English) each reach the catalogue from the portal and
 * submit a practice; the CRM's technical secretariat sees them arrive live, accepts them,
 * opens a round for the three; each ranks two priorities; nobody sees another's vote until the
 * secretariat closes the round, when the ranking (Borda points) and every ballot appear on every
 * page; the secretariat compiles and the compilation draft opens in the editor grouped by theme.
 * Screenshots: tests/.artifacts/screenshots/good-practices-*.
 */
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { browserRoom, PEOPLE } from '../helpers/browser-room.ts'
import { editorText, newPerson, screenshotPath, signInThroughPage } from '../helpers/browser.ts'
import { TEST_PASSWORD } from '../helpers/session.ts'

const room = browserRoom({ people: ['panama', 'mexico', 'salvador', 'secretariatCrm'] })
const LIVE = { timeout: 20_000 }

async function open(locale: string, email: string): Promise<Page> {
  const { context, page } = await newPerson(room.browser, locale)
  room.contexts.push(context)
  await page.setViewportSize({ width: 1280, height: 900 })
  await page.goto(`${room.server.url}/`)
  await signInThroughPage(page, email, TEST_PASSWORD)
  // From the portal, as a person would.
  await page.getByTestId('practices-link').click()
  await page.getByTestId('practices-page').waitFor()
  return page
}

async function submitPractice(page: Page, practice: { title: string; theme: string; description: string; why: string; how: string }): Promise<void> {
  await page.getByTestId('new-practice').click()
  const form = page.getByTestId('practice-form')
  await form.getByTestId('practice-title').fill(practice.title)
  await form.getByTestId('practice-theme').selectOption(practice.theme)
  await form.getByTestId('practice-description').fill(practice.description)
  await form.getByTestId('practice-why').fill(practice.why)
  await form.getByTestId('practice-how').fill(practice.how)
  await form.getByTestId('practice-contact').fill('puntofocal@example.org')
  await form.getByTestId('practice-links').fill('https://example.org/practica')
  await form.getByTestId('save-submit-practice').click()
  await form.waitFor({ state: 'detached', ...LIVE })
  const card = page.getByTestId('practice-card').filter({ hasText: practice.title })
  await expect.poll(() => card.getByTestId('practice-status').textContent(), LIVE).toMatch(/Presentada|Submitted/)
}

const card = (page: Page, title: string) => page.getByTestId('practice-card').filter({ hasText: title })

async function vote(page: Page, first: string, second: string): Promise<void> {
  await page.getByTestId('tab-rounds').click()
  const ballot = page.getByTestId('ballot-form')
  await ballot.waitFor(LIVE)
  await ballot.getByTestId('ballot-priority-1').selectOption({ label: first })
  await ballot.getByTestId('ballot-priority-2').selectOption({ label: second })
  await ballot.getByTestId('cast-ballot').click()
  await ballot.waitFor({ state: 'detached', ...LIVE })
}

const VENTANILLA = 'Ventanilla única de regularización'
const TRABAJO = 'Temporary work programme'
const ALBERGUES = 'Shelter network for migrants in transit'

describe.skipIf(room.skipReason !== null)('good practices', () => {
  it('[UI-PRACT-1..6] three delegations submit practices, the secretariat accepts them, a round ranks them and the compilation draft opens grouped by theme', async () => {
    const pan = await open('es-ES', PEOPLE.panama.email)
    const mex = await open('en-GB', PEOPLE.mexico.email)
    const slv = await open('en-GB', PEOPLE.salvador.email)
    const st = await open('en-GB', PEOPLE.secretariatCrm.email)
    await expect.poll(() => pan.locator('h1').textContent()).toBe('Buenas prácticas')

    await submitPractice(pan, {
      title: VENTANILLA,
      theme: 'gcm-3',
      description: 'Un solo lugar para iniciar y seguir la regularización migratoria.',
      why: 'Redujo los plazos de 9 a 3 meses.',
      how: 'Aporta vías regulares y gobernanza coordinada.',
    })
    await submitPractice(mex, {
      title: TRABAJO,
      theme: 'gcm-6',
      description: 'Seasonal work visas agreed with employers and unions.',
      why: 'Eleven thousand workers a year with full labour rights.',
      how: 'A regular pathway with decent work.',
    })
    await submitPractice(slv, {
      title: ALBERGUES,
      theme: 'gcm-3',
      description: 'Shelters run with civil society along the route.',
      why: 'Safe rest and information for people in transit.',
      how: 'Cooperation at borders and on transit.',
    })
    // The others' submitted practices are not theirs to see; Panamá sees only its own.
    await expect.poll(() => pan.getByTestId('practice-card').count()).toBe(1)
    await pan.screenshot({ path: screenshotPath('good-practices-1-submitted-es') })

    // The secretariat's page heard every submission without reloading.
    await st.getByTestId('practices-filter').selectOption('review')
    await expect.poll(() => st.getByTestId('practice-card').count(), LIVE).toBe(3)
    await card(st, VENTANILLA).locator('summary').click()
    await st.screenshot({ path: screenshotPath('good-practices-2-review-en'), fullPage: true })
    for (const title of [VENTANILLA, TRABAJO, ALBERGUES]) {
      await card(st, title).getByTestId('accept-practice').click()
      await card(st, title).waitFor({ state: 'detached', ...LIVE })
    }
    // Accepted: everyone reads all three, live.
    await expect.poll(() => pan.getByTestId('practice-card').count(), LIVE).toBe(3)
    await expect.poll(() => card(pan, ALBERGUES).getByTestId('practice-status').textContent(), LIVE).toBe('Aceptada')

    await st.getByTestId('tab-rounds').click()
    await st.getByTestId('new-round').click()
    const form = st.getByTestId('round-form')
    await form.getByTestId('round-title').fill('CRM priorities 2026')
    for (const code of ['PAN', 'MEX', 'SLV']) await form.getByTestId('round-voters').locator(`input[value="${code}"]`).check()
    await form.getByTestId('round-priorities').fill('2')
    await st.screenshot({ path: screenshotPath('good-practices-3-new-round-en'), fullPage: true })
    await form.getByTestId('open-round').click()
    await form.waitFor({ state: 'detached', ...LIVE })

    // Borda, two priorities: Albergues 2+1+2 = 5, Trabajo 1+2 = 3, Ventanilla 1.
    await vote(pan, ALBERGUES, TRABAJO)
    await vote(mex, TRABAJO, ALBERGUES)
    // Before the close: who voted, not how, anywhere.
    await slv.getByTestId('tab-rounds').click()
    await expect.poll(() => slv.getByTestId('round-voted').textContent(), LIVE).toContain('2 of 3')
    expect(await slv.getByTestId('round-ranking').count()).toBe(0)
    expect(await slv.getByTestId('round-ballots').count()).toBe(0)
    await slv.screenshot({ path: screenshotPath('good-practices-4-ballot-en'), fullPage: true })
    await vote(slv, ALBERGUES, VENTANILLA)
    await expect.poll(() => st.getByTestId('round-voted').textContent(), LIVE).toContain('3 of 3')
    expect(await st.getByTestId('round-ranking').count()).toBe(0)

    await st.getByTestId('close-round').click()
    // Every page shows the ranking and each delegation's vote once closed.
    for (const page of [st, pan, mex]) {
      await page.getByTestId('round-ranking').waitFor(LIVE)
      const rows = await page.getByTestId('round-ranking').locator('tbody tr').allInnerTexts()
      expect(rows.map((r) => r.split('\t').map((c) => c.trim()))).toEqual([
        ['1', ALBERGUES, '5', '2'],
        ['2', TRABAJO, '3', '1'],
        ['3', VENTANILLA, '1', '0'],
      ])
      expect(await page.getByTestId('round-ballots').locator('tbody tr').count()).toBe(3)
    }
    expect(await pan.getByTestId('round-ballots').innerText()).toContain(`1. ${TRABAJO} · 2. ${ALBERGUES}`)
    await pan.screenshot({ path: screenshotPath('good-practices-5-result-es'), fullPage: true })

    const compile = st.getByTestId('compile-form')
    await compile.getByTestId('compile-title').fill('Compilation of good practices of the CRM')
    await st.screenshot({ path: screenshotPath('good-practices-6-compile-en'), fullPage: true })
    await compile.getByTestId('compile').click()
    await st.waitForURL(/\/d\/[A-Za-z0-9_-]+$/, LIVE)
    await expect.poll(() => editorText(st).catch(() => ''), LIVE).toContain('Compilation of good practices of the CRM')
    const text = await editorText(st)
    const at = (s: string) => text.indexOf(s)
    // Grouped by theme (the themes' order), practices within a theme by their rank.
    expect(at('International cooperation and governance of migration')).toBeGreaterThan(0)
    expect(at(ALBERGUES)).toBeGreaterThan(at('International cooperation and governance of migration'))
    expect(at(VENTANILLA)).toBeGreaterThan(at(ALBERGUES))
    expect(at('Irregular migration and regular pathways')).toBeGreaterThan(at(VENTANILLA))
    expect(at(TRABAJO)).toBeGreaterThan(at('Irregular migration and regular pathways'))
    expect(text.split('Why it is a good practice')).toHaveLength(4)
    expect(text.split('How it contributes to the Global Compact')).toHaveLength(4)
    expect(text).toContain('Safe rest and information for people in transit.')
    const headings = await st.locator('.ProseMirror h2, .ProseMirror h3').allInnerTexts()
    // Each block's text after its move handle (⠿, MOVE-1).
    expect(headings.map((h) => h.replace(/^\s*⠿\s*/u, '').trim().slice(0, 30))).toEqual([
      'International cooperation and governance'.slice(0, 30),
      `${ALBERGUES} (El Salvador)`.slice(0, 30),
      `${VENTANILLA} (Panamá)`.slice(0, 30),
      'Irregular migration and regula',
      `${TRABAJO} (México)`.slice(0, 30),
    ])
    await st.screenshot({ path: screenshotPath('good-practices-7-compiled-en') })
    // The round links to it for everyone.
    await pan.getByTestId('open-compilation').waitFor(LIVE)
  }, 480_000)
})
