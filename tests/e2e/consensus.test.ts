/**
 * Consensus in real Chromium ([UI-5], [UI-6] in client/SPEC.md): a declaration of six
 * numbered paragraphs negotiated by Chile, Panamá and México, with the CSM Technical
 * Secretariat as owner. Chile and Panamá agree to OP1 and México records a reservation on OP2,
 * each from the Consensus tab; Panamá brackets a phrase of OP3 with an alternative from the
 * toolbar; the secretariat chooses the alternative. The matrix, the progress line and the
 * margin chips show exactly that on every screen. Screenshots: tests/.artifacts/screenshots/7x-*.
 */
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { editorText, screenshotPath, selectInEditor } from '../helpers/browser.ts'
import { api, share } from '../helpers/session.ts'
import { browserRoom, declarationWithOperatives } from '../helpers/browser-room.ts'

const LIVE = { timeout: 15_000 }
const PHRASE = 'mecanismos de seguimiento'
const ALTERNATIVE = 'un mecanismo regional de seguimiento'

const room = browserRoom({ people: ['panama', 'mexico', 'secretariatCsm'] })

/** The declaration template (PP1, PP2, OP1, OP2) plus OP3 and OP4, written as another editor would. */
const sixParagraphDeclaration = (): Promise<string> =>
  declarationWithOperatives(room.server, [`Promovemos ${PHRASE} de los compromisos asumidos en esta declaración;`, 'Decidimos seguir ocupándonos activamente de la cuestión.'])

const openDraft = (locale: string, email: string, url: string): Promise<Page> =>
  room.openDraft(locale, email, url, 'Decidimos seguir ocupándonos')

async function openConsensus(page: Page): Promise<void> {
  if ((await page.getByTestId('review-toggle').getAttribute('aria-expanded')) !== 'true') await page.getByTestId('review-toggle').click()
  await page.getByTestId('review-tab-consensus').click()
  await page.getByTestId('consensus-panel').waitFor()
}

const row = (page: Page, number: string) => page.locator(`[data-testid="consensus-row"][data-number="${number}"]`)

async function recordPosition(page: Page, number: string, stance: string, text?: string): Promise<void> {
  await row(page, number).getByRole('button', { name: number }).click()
  const detail = page.locator(`[data-testid="consensus-detail"][data-number="${number}"]`)
  await detail.waitFor()
  await detail.getByTestId(`position-stance-${stance}`).check()
  if (text) await detail.getByTestId('position-text').fill(text)
  await detail.getByTestId('position-save').click()
}

/** Every row of the matrix: number, status, and each party's stance. */
const matrix = (page: Page) =>
  page.getByTestId('consensus-matrix').evaluate((table) =>
    Array.from(table.querySelectorAll('[data-testid="consensus-row"]'), (tr) => ({
      number: (tr as HTMLElement).dataset.number,
      status: (tr as HTMLElement).dataset.status,
      stances: Object.fromEntries(
        Array.from(tr.querySelectorAll('td[data-party]'), (td) => [(td as HTMLElement).dataset.party, (td as HTMLElement).dataset.stance]),
      ),
    })),
  )

const chips = (page: Page) =>
  page.locator('.ProseMirror .consensus-chip').evaluateAll((nodes) => nodes.map((n) => (n as HTMLElement).dataset.status))

describe.skipIf(room.skipReason !== null)('consensus in the browser', () => {
  it('[UI-5] positions, a bracket with an alternative resolved by the secretariat, the matrix and the progress line', async () => {
    const id = await sixParagraphDeclaration()
    await share(room.server.url, room.server.session, id, { type: 'delegation', id: 'PAN' }, 'editor')
    await share(room.server.url, room.server.session, id, { type: 'delegation', id: 'MEX' }, 'editor')
    await share(room.server.url, room.server.session, id, { type: 'delegation', id: 'ST-CSM' }, 'owner')
    expect((await api(room.server.url, room.people.secretariatCsm).put(`/api/documents/${id}/parties`, { parties: ['CHL', 'PAN'] })).status).toBe(200)
    const url = `${room.server.url}/d/${id}`
    const [chile, panamaPage, mexicoPage, secretariatPage] = await Promise.all([
      openDraft('es-ES', room.server.session.user.email, url),
      openDraft('en-US', room.people.panama.user.email, url),
      openDraft('es-ES', room.people.mexico.user.email, url),
      openDraft('es-ES', room.people.secretariatCsm.user.email, url),
    ])
    const everyone = [chile, panamaPage, mexicoPage, secretariatPage]

    // The secretariat adds México to the parties from the Consensus tab.
    await openConsensus(secretariatPage)
    await secretariatPage.getByTestId('party-add-select').selectOption('MEX')
    await secretariatPage.getByTestId('party-add').click()
    for (const page of everyone) {
      await openConsensus(page)
      await expect.poll(() => page.getByTestId('consensus-matrix').locator('thead th').allInnerTexts(), LIVE).toEqual(
        expect.arrayContaining(['CHL', 'PAN', 'MEX']),
      )
    }
    await expect.poll(() => chips(chile), LIVE).toEqual(['open', 'open', 'open', 'open', 'open', 'open'])
    await expect(secretariatPage.getByTestId('consensus-progress').innerText()).resolves.toBe('0 de 6 párrafos acordados, 0 corchetes abiertos')

    // Chile and Panamá agree to OP1; México records a reservation on OP2.
    await recordPosition(chile, 'OP1', 'agree')
    await recordPosition(panamaPage, 'OP1', 'agree')
    await recordPosition(mexicoPage, 'OP2', 'reservation', 'México reserva su posición sobre la consolidación en un documento único.')
    await expect.poll(() => row(panamaPage, 'OP1').getAttribute('data-status'), LIVE).toBe('open')
    // México is a party too: OP1 is agreed only once México agrees.
    await recordPosition(mexicoPage, 'OP1', 'agree')
    for (const page of everyone) await expect.poll(() => row(page, 'OP1').getAttribute('data-status'), LIVE).toBe('agreed')
    await panamaPage.screenshot({ path: screenshotPath('70-consensus-positions-en') })

    // Panamá brackets a phrase of OP3 with an alternative, from the toolbar.
    await panamaPage.locator('.ProseMirror').focus()
    await selectInEditor(panamaPage, PHRASE)
    await panamaPage.getByTestId('tool-bracket').click()
    const dialog = panamaPage.getByTestId('bracket-dialog')
    await dialog.waitFor()
    await expect(dialog.getByTestId('bracket-sponsor-PAN').isChecked()).resolves.toBe(true)
    await dialog.getByTestId('bracket-alternative-0').fill(ALTERNATIVE)
    await dialog.getByTestId('bracket-submit').click()
    await dialog.waitFor({ state: 'hidden' })
    for (const page of everyone) {
      await expect.poll(() => page.locator('.ProseMirror .bracketed--open').allInnerTexts().then((t) => t.join('')), LIVE).toBe(PHRASE)
      await expect.poll(() => page.locator('.ProseMirror .bracket-sponsors').allInnerTexts(), LIVE).toEqual(['PAN'])
      await expect.poll(() => row(page, 'OP3').getByTestId('consensus-row-status').innerText(), LIVE).toMatch(/\[1\]$/)
    }
    await expect(secretariatPage.getByTestId('consensus-progress').innerText()).resolves.toBe('1 de 6 párrafos acordados, 1 corchete abierto')
    await expect(secretariatPage.getByTestId('consensus-sections').locator('li').allInnerTexts()).resolves.toEqual([
      'Preámbulo: 0 de 2 acordados',
      'Parte dispositiva: 1 de 4 acordados · 1 corchete abierto',
    ])
    await chile.screenshot({ path: screenshotPath('71-consensus-bracket-es') })

    // The secretariat chooses the alternative: one action, for everyone.
    await row(secretariatPage, 'OP3').getByRole('button', { name: 'OP3' }).click()
    const bracket = secretariatPage.locator('[data-testid="consensus-detail"][data-number="OP3"] [data-testid="bracket-item"]')
    await expect(bracket.innerText()).resolves.toContain(ALTERNATIVE)
    await secretariatPage.screenshot({ path: screenshotPath('72-consensus-bracket-detail-es') })
    await bracket.getByTestId('bracket-choose-1').click()
    await expect.poll(() => bracket.getAttribute('data-status'), LIVE).toBe('resolved')
    await expect(bracket.getByTestId('bracket-resolution').innerText()).resolves.toBe('Resuelto por Tomás Herrera: se eligió la Alt 2.')
    for (const page of everyone) {
      await expect.poll(() => editorText(page), LIVE).toContain(`Promovemos ${ALTERNATIVE} de los compromisos`)
      await expect.poll(() => page.locator('.ProseMirror .bracketed').count(), LIVE).toBe(0)
    }

    // Exactly that, on every screen: OP1 agreed by all three, México's reservation on OP2, nothing else.
    for (const page of everyone) {
      await expect.poll(() => page.getByTestId('consensus-progress').innerText(), LIVE).toMatch(/^1 (de|of) 6 /)
      const rows = await matrix(page)
      const none = { CHL: 'none', PAN: 'none', MEX: 'none' }
      expect(rows).toEqual([
        { number: 'PP1', status: 'open', stances: none },
        { number: 'PP2', status: 'open', stances: none },
        { number: 'OP1', status: 'agreed', stances: { CHL: 'agree', PAN: 'agree', MEX: 'agree' } },
        { number: 'OP2', status: 'open', stances: { ...none, MEX: 'reservation' } },
        { number: 'OP3', status: 'open', stances: none },
        { number: 'OP4', status: 'open', stances: none },
      ])
      await expect.poll(() => chips(page), LIVE).toEqual(['open', 'open', 'agreed', 'open', 'open', 'open'])
    }
    await expect(secretariatPage.getByTestId('consensus-progress').innerText()).resolves.toBe('1 de 6 párrafos acordados, 0 corchetes abiertos')
    await expect(panamaPage.getByTestId('consensus-progress').innerText()).resolves.toBe('1 of 6 paragraphs agreed, 0 open brackets')
    await expect(panamaPage.getByTestId('consensus-sections').locator('li').allInnerTexts()).resolves.toEqual([
      'Preamble: 0 of 2 agreed',
      'Operative part: 1 of 4 agreed',
    ])

    // The reservations filter leaves OP2 alone (the paragraph being looked at always stays
    // listed, so look at OP2 first); México's text is in the paragraph's panel.
    await row(secretariatPage, 'OP2').getByRole('button', { name: 'OP2' }).click()
    await secretariatPage.getByTestId('consensus-filter-reservations').check()
    await expect.poll(async () => (await matrix(secretariatPage)).map((r) => r.number)).toEqual(['OP2'])
    await expect(secretariatPage.getByTestId('position-MEX').innerText()).resolves.toContain('México reserva su posición')
    // A delegation alone: what it has not agreed to yet (México agreed only to OP1).
    await secretariatPage.getByTestId('consensus-filter-reservations').uncheck()
    await secretariatPage.getByTestId('consensus-filter-delegation').selectOption('MEX')
    await expect.poll(async () => (await matrix(secretariatPage)).map((r) => r.number)).toEqual(['PP1', 'PP2', 'OP2', 'OP3', 'OP4'])
    // With "Open only" too: OP1 is agreed anyway, so the same list.
    await secretariatPage.getByTestId('consensus-filter-open').check()
    await expect.poll(async () => (await matrix(secretariatPage)).map((r) => r.number)).toEqual(['PP1', 'PP2', 'OP2', 'OP3', 'OP4'])
    await secretariatPage.screenshot({ path: screenshotPath('73-consensus-matrix-es') })

    // A click on a margin chip opens that paragraph's positions beside it; from there, the Consensus tab.
    await mexicoPage.locator('.ProseMirror .consensus-chip').nth(2).click()
    await mexicoPage.getByTestId('position-popover').getByTestId('popover-more').click()
    await expect.poll(() => mexicoPage.getByTestId('consensus-detail').getAttribute('data-number')).toBe('OP1')
  })

  it('[UI-6] editing an agreed paragraph reopens it on every screen, saying who did', async () => {
    const id = await sixParagraphDeclaration()
    await share(room.server.url, room.server.session, id, { type: 'delegation', id: 'PAN' }, 'editor')
    await api(room.server.url, room.server.session).put(`/api/documents/${id}/parties`, { parties: ['CHL', 'PAN'] })
    const url = `${room.server.url}/d/${id}`
    const [chile, panamaPage] = await Promise.all([openDraft('es-ES', room.server.session.user.email, url), openDraft('en-US', room.people.panama.user.email, url)])
    for (const page of [chile, panamaPage]) await openConsensus(page)
    await recordPosition(chile, 'OP4', 'agree')
    await recordPosition(panamaPage, 'OP4', 'agree_ad_ref')
    for (const page of [chile, panamaPage]) await expect.poll(() => row(page, 'OP4').getAttribute('data-status'), LIVE).toBe('agreed_ad_ref')

    await panamaPage.locator('.ProseMirror').focus()
    await selectInEditor(panamaPage, 'activamente', 'start')
    // An edit of agreed text asks first (UI-AGREED-1); the first key waits for the answer.
    await panamaPage.keyboard.type('m')
    await panamaPage.locator('dialog[open][data-testid="confirm-dialog"]').getByTestId('confirm-submit').click()
    await panamaPage.keyboard.type('uy ', { delay: 10 })
    await expect.poll(() => editorText(chile), LIVE).toContain('seguir ocupándonos muy activamente')
    for (const page of [chile, panamaPage]) await expect.poll(() => row(page, 'OP4').getAttribute('data-status'), LIVE).toBe('open')
    await row(chile, 'OP4').getByRole('button', { name: 'OP4' }).click()
    await expect.poll(() => chile.getByTestId('consensus-reopened').innerText(), LIVE).toContain('Reabierto por Carlos Méndez (PAN)')
    await chile.getByTestId('consensus-history').locator('summary').click()
    await expect(chile.getByTestId('consensus-history').innerText()).resolves.toContain('PAN: De acuerdo ad referéndum')
    // Chile's form starts from "no position" again: its earlier "agree" was given on the old text.
    await expect(chile.getByTestId('position-stance-none').isChecked()).resolves.toBe(true)
    await chile.screenshot({ path: screenshotPath('74-consensus-reopened-es') })
  })
})
