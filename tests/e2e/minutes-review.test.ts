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
import { screenshotPath } from '../helpers/browser.ts'
import { share } from '../helpers/session.ts'
import { browserRoom } from '../helpers/browser-room.ts'

const LIVE = { timeout: 15_000 }
const MINUTE = readFileSync(new URL('../fixtures/minutes/minuta-crm-csm-2017-05-11.md', import.meta.url))

const room = browserRoom({ people: ['secretariatCrm'] })

describe.skipIf(room.skipReason !== null)('reading real minutes into the register', () => {
  it('[UI-MINUTES-1] [REGISTER-30] [REGISTER-31] the 2017 minute is read, corrected, confirmed: agreements with their delegations, the Panamá and Chile meetings in the calendar', async () => {
    const imported = await fetch(`${room.server.url}/api/documents/import?format=md&filename=minuta.md`, {
      method: 'POST',
      headers: { 'content-type': 'text/markdown', origin: room.server.url, cookie: room.server.session.cookie },
      body: MINUTE,
    })
    expect(imported.status).toBe(201)
    const { id: draftId } = (await imported.json()) as { id: string }
    await share(room.server.url, room.server.session, draftId, { type: 'delegation', id: 'ST-CRM' }, 'editor')

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
})
