/**
 * The register of agreements in real Chromium. The CRM Technical Secretariat (Spanish) types
 * three agreements into the Agreements section of a meeting's minutes and sends them to the
 * register from the editor; Panamá's focal point (English), with the register open, sees them
 * arrive live. One agreement is past its due date and is marked overdue in words, not only in
 * colour; the overdue filter finds it alone. The secretariat adds the meeting to the calendar
 * with the keyboard; the .ics download parses and holds the meeting and the due dates.
 * Screenshots go to tests/.artifacts/screenshots.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import ICAL from 'ical.js'
import { createDraft } from '../helpers/api.ts'
import { editorText, newPerson, screenshotPath, selectInEditor, signInThroughPage } from '../helpers/browser.ts'
import { share, TEST_PASSWORD } from '../helpers/session.ts'
import { browserRoom } from '../helpers/browser-room.ts'

const LIVE = { timeout: 15_000 }

const room = browserRoom({ people: ['secretariatCrm', 'panama'] })

/** A day `days` from today in the browser's (and this machine's) calendar, `YYYY-MM-DD`. */
function dayFromToday(days: number): string {
  const date = new Date()
  date.setDate(date.getDate() + days)
  const pad = (n: number): string => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
}

const rows = (page: Page) => page.getByTestId('agreement-row')

describe.skipIf(room.skipReason !== null)('register of agreements in the browser', () => {
  it('[UI-REGISTER-1] [UI-MINUTES-2] [REGISTER-36] [REGISTER-7] minutes with three agreements feed the register live; the overdue one is marked; the .ics parses', async () => {
    const draftId = await createDraft(room.server.url, room.server.session, { title: 'Minuta — videoconferencia CRM–CSM', template: 'minutes', language: 'en' })
    await share(room.server.url, room.server.session, draftId, { type: 'delegation', id: 'ST-CRM' }, 'editor')
    const past = dayFromToday(-10)
    const future = dayFromToday(30)

    // Panamá keeps the register open (English); it starts empty.
    const panama = await newPerson(room.browser, 'en-GB')
    room.contexts.push(panama.context)
    await panama.page.goto(`${room.server.url}/register`)
    await signInThroughPage(panama.page, 'carlos.mendez@mire.gob.pa', TEST_PASSWORD)
    await panama.page.getByTestId('register-page').waitFor()
    await expect.poll(() => panama.page.getByTestId('register-live').textContent(), LIVE).toContain('Live')
    expect(await rows(panama.page).count()).toBe(0)
    // A country's focal point reads the register but is offered no way to change it.
    expect(await panama.page.getByTestId('new-agreement').count()).toBe(0)

    // The secretariat writes the agreements in the minutes, replacing the template's sample item.
    const st = await room.openDraft('es-CL', 'secretaria@crm.example', `${room.server.url}/d/${draftId}`, 'Responsible — action — date')
    await st.locator('.ProseMirror').focus()
    await selectInEditor(st, 'Responsible — action — date')
    await st.keyboard.type(`PAN, CHL — Circulate the revised joint declaration to all focal points — ${past}`, { delay: 2 })
    await st.keyboard.press('Enter')
    await st.keyboard.type(`ST-CRM — Consolidate the inputs of both conferences — ${future}`, { delay: 2 })
    await st.keyboard.press('Enter')
    await st.keyboard.type('Hold the next videoconference before the end of the year', { delay: 2 })
    await expect.poll(() => editorText(st)).toContain('Hold the next videoconference before the end of the year')
    expect(await editorText(st)).not.toContain('Responsible — action — date')
    await expect.poll(() => st.getByTestId('save-status').getAttribute('data-state'), LIVE).toBe('saved')

    // Sent from the editor, with the keyboard.
    await st.getByTestId('send-to-register').focus()
    await st.keyboard.press('Enter')
    // The review (UI-MINUTES-1) shows what the "RESP — action — date" items say; confirmed as read.
    const review = st.getByTestId('minutes-review')
    await review.waitFor(LIVE)
    expect(await review.getByTestId('review-chip').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset['code']))).toEqual(['PAN', 'CHL', 'ST-CRM'])
    expect(await review.getByTestId('review-due').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))).toEqual([past, future, ''])
    await review.getByTestId('review-confirm').focus()
    await st.keyboard.press('Enter')
    const result = st.getByTestId('send-to-register-result')
    await expect.poll(() => result.textContent(), LIVE).toContain('Se agregaron 3 acuerdos nuevos al registro.')
    await st.screenshot({ path: screenshotPath('register-1-sent-from-minutes') })

    // Panamá's open register shows them without reloading.
    await expect.poll(() => rows(panama.page).count(), LIVE).toBe(3)
    await expect.poll(() => panama.page.locator('[data-overdue="true"]').count()).toBe(1)
    const overdueRow = panama.page.locator('[data-overdue="true"]')
    expect(await overdueRow.textContent()).toContain('Circulate the revised joint declaration to all focal points')
    expect(await overdueRow.getByTestId('overdue-badge').textContent()).toContain('Overdue by 10 days')
    expect(await panama.page.getByTestId('register-summary').textContent()).toBe('3 agreements · 1 overdue')
    await panama.page.screenshot({ path: screenshotPath('register-2-live-overdue-en'), fullPage: true })

    // Sending again adds nothing.
    await st.getByTestId('send-to-register-dialog').getByRole('button', { name: 'Cerrar' }).first().click()
    await st.getByTestId('send-to-register').click()
    await expect.poll(() => result.textContent(), LIVE).toContain('3 puntos ya estaban en el registro')
    expect(await result.textContent()).toContain('Se agregaron 0 acuerdos nuevos')
    await st.getByTestId('open-register').click()
    await st.getByTestId('register-page').waitFor()
    await expect.poll(() => rows(st).count()).toBe(3)
    const texts = await rows(st).allTextContents()
    // By due date: the overdue one, the one due in a month, then the one without a date.
    expect(texts[0]).toContain('Circulate the revised joint declaration')
    expect(texts[0]).toContain('Vencido hace 10 días')
    expect(texts[1]).toContain('Consolidate the inputs of both conferences')
    expect(texts[2]).toContain('Sin fecha')

    // Each agreement links back to its item in the minutes, which the editor brings into view.
    await rows(st).nth(1).getByTestId('agreement-source').click()
    const caretIn = (): Promise<string> =>
      st.locator('.ProseMirror').evaluate((element) => {
        const { state } = (element as unknown as { editor: { state: { selection: { $from: { parent: { textContent: string } } } } } }).editor
        return state.selection.$from.parent.textContent
      })
    await expect.poll(caretIn, LIVE).toContain('Consolidate the inputs of both conferences')
    await st.goBack()
    await st.getByTestId('register-page').waitFor()
    await expect.poll(() => rows(st).count()).toBe(3)

    // The overdue filter leaves only that one.
    await st.getByTestId('filter-overdue').check()
    await expect.poll(() => rows(st).count()).toBe(1)
    await st.screenshot({ path: screenshotPath('register-3-overdue-filter-es'), fullPage: true })
    await st.getByTestId('filter-overdue').uncheck()
    await expect.poll(() => rows(st).count()).toBe(3)

    // The secretariat adds the meeting to the calendar, by keyboard, linking the minutes.
    await st.getByTestId('tab-meetings').click()
    await st.getByTestId('new-meeting').focus()
    await st.keyboard.press('Enter')
    const dialog = st.getByTestId('meeting-dialog')
    await dialog.waitFor()
    await st.keyboard.type('Videoconferencia del grupo ad hoc CRM–CSM')
    await dialog.getByTestId('meeting-starts').fill(dayFromToday(-12))
    await dialog.getByTestId('meeting-place').fill('Videoconferencia')
    await dialog.getByTestId('meeting-minutes').selectOption(draftId)
    for (const code of ['CHL', 'PAN', 'ST-CRM']) await dialog.getByTestId('meeting-delegations').locator(`input[value="${code}"]`).check()
    await dialog.getByTestId('meeting-save').focus()
    await st.keyboard.press('Enter')
    await expect.poll(() => st.getByTestId('meeting-row').count(), LIVE).toBe(1)
    const meetingRow = await st.getByTestId('meeting-row').textContent()
    expect(meetingRow).toContain('Videoconferencia del grupo ad hoc CRM–CSM')
    expect(meetingRow).toContain('Minuta — videoconferencia CRM–CSM')
    expect(meetingRow).toContain('PAN')
    await st.screenshot({ path: screenshotPath('register-4-meetings-es'), fullPage: true })
    // The meeting, given its minutes, claimed the agreements sent from them.
    await st.getByTestId('tab-agreements').click()
    await expect.poll(async () => (await rows(st).allTextContents()).every((text) => text.includes('Videoconferencia del grupo ad hoc')), LIVE).toBe(true)
    await st.getByTestId('tab-meetings').click()
    await st.getByTestId('meeting-row').waitFor()

    // The calendar download holds the meeting and the two due dates, as all-day events.
    const [download] = await Promise.all([st.waitForEvent('download'), st.getByTestId('download-ics').click()])
    const file = await download.path()
    const calendar = new ICAL.Component(ICAL.parse(readFileSync(file, 'utf8')))
    const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v))
    expect(events.map((e) => e.summary).sort()).toEqual(
      [
        'Vence — CHL, PAN: Circulate the revised joint declaration to all focal points',
        'Vence — ST-CRM: Consolidate the inputs of both conferences',
        'Videoconferencia del grupo ad hoc CRM–CSM',
      ].sort(),
    )
    expect(events.every((e) => e.startDate.isDate)).toBe(true)
    expect(events.find((e) => e.summary.startsWith('Vence — CHL'))!.startDate.toString()).toBe(past)

    // Marking the overdue agreement done in its dialog clears the mark, here and for Panamá.
    await st.getByTestId('tab-agreements').click()
    await expect.poll(() => st.locator('[data-overdue="true"]').count()).toBe(1)
    await st.locator('[data-overdue="true"]').getByRole('button', { name: /^Editar/ }).click()
    const edit = st.getByTestId('agreement-dialog')
    await edit.waitFor()
    expect(await edit.getByTestId('agreement-text').inputValue()).toBe('Circulate the revised joint declaration to all focal points')
    expect(await edit.getByTestId('agreement-responsible').locator('input:checked').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value).sort())).toEqual(['CHL', 'PAN'])
    await edit.getByTestId('agreement-status').selectOption('done')
    await st.screenshot({ path: screenshotPath('register-6-edit-dialog-es') })
    await edit.getByTestId('agreement-save').focus()
    await st.keyboard.press('Enter')
    await expect.poll(() => st.locator('[data-overdue="true"]').count(), LIVE).toBe(0)
    await expect.poll(() => panama.page.locator('[data-overdue="true"]').count(), LIVE).toBe(0)
    expect(await panama.page.getByTestId('register-summary').textContent()).toBe('3 agreements')

    // A status is one choice away in the table itself.
    const second = rows(st).nth(1)
    await second.getByTestId('agreement-row-status').selectOption('in_progress')
    await expect.poll(async () => (await panama.page.getByTestId('agreement-row').nth(1).textContent()) ?? '', LIVE).toContain('In progress')

    // Deleting asks first; then the agreement is gone here and on Panamá's screen.
    await rows(st).nth(2).getByRole('button', { name: /^Eliminar/ }).click()
    await st.getByTestId('confirm-submit').click()
    await expect.poll(() => rows(st).count(), LIVE).toBe(2)
    await expect.poll(() => panama.page.getByTestId('agreement-row').count(), LIVE).toBe(2)

    // Panamá's calendar tab followed the new meeting live too.
    await panama.page.getByTestId('tab-meetings').click()
    await expect.poll(() => panama.page.getByTestId('meeting-row').count(), LIVE).toBe(1)
    await panama.page.screenshot({ path: screenshotPath('register-5-meetings-en'), fullPage: true })
  })
})
