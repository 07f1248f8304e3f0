/**
 * Real minutes into the register in Chromium (client/SPEC.md UI-MINUTES-1): the 11 May 2017
 * CRM–CSM minute's "Acuerdos" (tests/fixtures/minutes), imported as a Markdown file, are sent
 * to the register by the CRM Technical Secretariat; the review shows what was read — chips for
 * the responsible delegations, due dates, the proposed meetings and the minutes' own one —,
 * the secretariat corrects one item by keyboard and confirms; the register then lists the
 * agreements with their responsible delegations and the calendar the Panamá and Chile meetings.
 * Screenshots at 1440 and 1024 px go to tests/.artifacts/screenshots.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { newPerson, screenshotPath, signInThroughPage } from '../helpers/browser.ts'
import { share, TEST_PASSWORD } from '../helpers/session.ts'
import { browserRoom } from '../helpers/browser-room.ts'

const LIVE = { timeout: 15_000 }
const MINUTE = readFileSync(new URL('../fixtures/minutes/minuta-crm-csm-2017-05-11.md', import.meta.url), 'utf8')

const room = browserRoom({ people: ['secretariatCrm'] })

/** A Markdown file imported as a draft by the administrator, given to the CRM secretariat. */
async function importAsDraft(markdown: string): Promise<string> {
  const imported = await fetch(`${room.server.url}/api/documents/import?format=md&filename=minuta.md`, {
    method: 'POST',
    headers: { 'content-type': 'text/markdown', origin: room.server.url, cookie: room.server.session.cookie },
    body: markdown,
  })
  expect(imported.status).toBe(201)
  const { id } = (await imported.json()) as { id: string }
  await share(room.server.url, room.server.session, id, { type: 'delegation', id: 'ST-CRM' }, 'editor')
  return id
}

describe.skipIf(room.skipReason !== null)('reading real minutes into the register', () => {
  it('[UI-MINUTES-1] [REGISTER-30] [REGISTER-31] the 2017 minute is read, corrected, confirmed: agreements with their delegations, the Panamá and Chile meetings in the calendar', async () => {
    const draftId = await importAsDraft(MINUTE)

    const st = await room.openDraft('es-CL', 'secretaria@crm.example', `${room.server.url}/d/${draftId}`, 'Se realizará reunión en cancillería de Panamá')
    await st.setViewportSize({ width: 1440, height: 900 })
    await st.getByTestId('send-to-register').focus()
    await st.keyboard.press('Enter')
    const review = st.getByTestId('minutes-review')
    await review.waitFor(LIVE)
    const items = review.getByTestId('review-item')
    await expect.poll(() => items.count(), LIVE).toBe(8)
    const chips = async (n: number): Promise<string[]> => items.nth(n).getByTestId('review-chip').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset['code'] ?? ''))
    expect(await chips(2)).toEqual(['PAN', 'CHL'])
    expect(await chips(4)).toEqual(['CHL'])
    expect(await chips(6)).toEqual(['ST-CRM', 'ST-CSM', 'OIM'])
    // Where the delegations were read, groups with how many they stand for.
    expect(await items.nth(6).getByTestId('review-read-from').textContent()).toBe('Leído en: «STs» (2), «OIM».')
    expect(await items.nth(2).getByTestId('review-due').inputValue()).toBe('2017-06-08')
    expect(await items.nth(4).getByTestId('review-meeting-starts').inputValue()).toBe('2017-08-30')
    expect(await items.nth(4).getByTestId('review-meeting-ends').inputValue()).toBe('2017-08-31')
    expect(await items.nth(2).getByTestId('review-meeting-place').inputValue()).toBe('Cancillería de Panamá')
    // The Berlín meeting has no day yet: proposed, not ticked, its time kept as written.
    expect(await items.nth(3).getByTestId('review-meeting-add').isChecked()).toBe(false)
    expect(await items.nth(3).textContent()).toContain('previa al Foro Mundial')
    expect(await review.getByTestId('review-own-meeting-starts').inputValue()).toBe('2017-05-11')
    await st.screenshot({ path: screenshotPath('minutes-review-1-read-1440-es') })
    await items.nth(4).scrollIntoViewIfNeeded()
    await st.screenshot({ path: screenshotPath('minutes-review-1b-meetings-1440-es') })

    // The correction: the first agreement ("La CRM estará enviando…") names no delegation the
    // reader knows; the secretariat adds its own, with the keyboard.
    expect(await chips(0)).toEqual([])
    await items.nth(0).getByTestId('review-add-delegation').focus()
    await items.nth(0).getByTestId('review-add-delegation').selectOption('ST-CRM')
    await expect.poll(() => chips(0)).toEqual(['ST-CRM'])
    await st.setViewportSize({ width: 1024, height: 800 })
    await items.nth(0).scrollIntoViewIfNeeded()
    await st.screenshot({ path: screenshotPath('minutes-review-2-corrected-1024-es') })
    // The confirm button stays in view at this width.
    expect(await review.getByTestId('review-confirm').isVisible()).toBe(true)
    const box = await review.getByTestId('review-confirm').boundingBox()
    expect(box!.y + box!.height).toBeLessThanOrEqual(800)

    await review.getByTestId('review-confirm').focus()
    await st.keyboard.press('Enter')
    const result = st.getByTestId('send-to-register-result')
    await expect.poll(() => result.textContent(), LIVE).toContain('Se agregaron 8 acuerdos nuevos al registro.')

    await st.getByTestId('open-register').click()
    await st.getByTestId('register-page').waitFor()
    const rows = st.getByTestId('agreement-row')
    await expect.poll(() => rows.count(), LIVE).toBe(8)
    const texts = await rows.allTextContents()
    const row = (start: string): string => texts.find((t) => t.includes(start)) ?? ''
    expect(row('La CRM estará enviando')).toContain('ST-CRM')
    expect(row('Se realizará reunión en cancillería de Panamá')).toMatch(/CHL.*PAN|PAN.*CHL/)
    expect(row('Las STs en coordinación con OIM')).toContain('OIM')
    await st.setViewportSize({ width: 1440, height: 900 })
    await st.screenshot({ path: screenshotPath('minutes-review-3-register-1440-es'), fullPage: true })

    await st.getByTestId('tab-meetings').click()
    await expect.poll(() => st.getByTestId('meeting-row').count(), LIVE).toBe(3)
    const meetings = (await st.getByTestId('meeting-row').allTextContents()).join('\n')
    expect(meetings).toContain('Reunión Panamá–Chile')
    expect(meetings).toContain('Cancillería de Panamá')
    expect(meetings).toContain('Reunión anual de troikas')
    expect(meetings).toContain('Cancillería de Chile')
    await st.setViewportSize({ width: 1024, height: 800 })
    await st.screenshot({ path: screenshotPath('minutes-review-4-calendar-1024-es'), fullPage: true })
  })

  it('[UI-MINUTES-3] [REGISTER-32] [MINUTES-4] an administrator names the Pro Tempore Presidency as Chile; the next review reads it so', async () => {
    const { context, page: admin } = await newPerson(room.browser, 'en-GB')
    room.contexts.push(context)
    await admin.setViewportSize({ width: 1440, height: 900 })
    await admin.goto(`${room.server.url}/admin`)
    await signInThroughPage(admin, room.server.session.user.email, TEST_PASSWORD)
    const section = admin.getByTestId('aliases')
    await section.waitFor(LIVE)
    expect(await section.textContent()).toContain('No other names yet.')
    // By keyboard: the delegation, the words, Enter.
    await section.getByTestId('alias-delegation').focus()
    await section.getByTestId('alias-delegation').selectOption('CHL')
    await section.getByTestId('alias-words').focus()
    await admin.keyboard.type('Presidencia Pro Tempore')
    await admin.keyboard.press('Enter')
    await expect.poll(() => section.getByTestId('alias').count(), LIVE).toBe(1)
    expect(await section.getByTestId('alias').textContent()).toContain('«Presidencia Pro Tempore» → CHL — Chile')
    expect(await section.getByTestId('aliases-status').textContent()).toBe('«Presidencia Pro Tempore» now names CHL — Chile.')
    // The same words in capitals, for Panamá, are refused with the server's reason.
    await section.getByTestId('alias-delegation').selectOption('PAN')
    await section.getByTestId('alias-words').fill('PRESIDENCIA PRO TEMPORE')
    await section.getByTestId('alias-add').click()
    await expect.poll(() => section.getByTestId('alias-error').textContent(), LIVE).toContain('already names a delegation')
    expect(await section.getByTestId('alias').count()).toBe(1)
    await section.scrollIntoViewIfNeeded()
    await admin.screenshot({ path: screenshotPath('minutes-review-5-aliases-admin-1440-en') })

    // The secretariat (in English) sends minutes that name the role: the review reads Chile.
    const draftId = await importAsDraft(
      '# Minuta de la videoconferencia del grupo ad hoc, 3 de marzo de 2026\n\n## Acuerdos\n\n- La Presidencia Pro Tempore convocará una videoconferencia el 20 de julio.\n',
    )
    const st = await room.openDraft('en-GB', 'secretaria@crm.example', `${room.server.url}/d/${draftId}`, 'La Presidencia Pro Tempore convocará')
    await st.setViewportSize({ width: 1024, height: 768 })
    await st.getByTestId('send-to-register').click()
    const review = st.getByTestId('minutes-review')
    await review.waitFor(LIVE)
    expect(await review.getByTestId('review-chip').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset['code']))).toEqual(['CHL'])
    expect(await review.getByTestId('review-chip').getAttribute('aria-label')).toBe('Remove Chile')
    expect(await review.getByTestId('review-due').inputValue()).toBe('2026-07-20')
    expect(await review.getByTestId('review-meeting-title').inputValue()).toBe('Videoconferencia Chile')
    expect(await review.getByTestId('review-own-meeting-starts').inputValue()).toBe('2026-03-03')
    expect(await review.getByTestId('review-confirm').textContent()).toBe('Confirm 1 agreement')
    await st.screenshot({ path: screenshotPath('minutes-review-6-alias-read-1024-en') })
  })
})
