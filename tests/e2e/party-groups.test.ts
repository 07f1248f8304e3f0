/**
 * Party groups kept by administrators, in real Chromium (client/SPEC.md UI-PARTY-1, server
 * PARTY-*): the administrator, in Spanish, adds "Troika de la CRM" (Costa Rica, México,
 * Panamá) on the administration page and changes it when the presidency passes (Guatemala in,
 * Costa Rica out); a draft's owner, in English, then adds the troika's members as parties in
 * one step from the Consensus tab. Screenshots at 1440×900 and 1024×768
 * (tests/.artifacts/screenshots/96-*).
 */
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import type { PartyGroupsResponse } from '@consenso/protocol'
import { newPerson, signInThroughPage } from '../helpers/browser.ts'
import { browserRoom, shots } from '../helpers/browser-room.ts'
import { api, share, TEST_PASSWORD } from '../helpers/session.ts'

const room = browserRoom({ people: ['panama'] })
const LIVE = { timeout: 15_000 }

const check = async (dialog: ReturnType<Page['getByTestId']>, code: string, on: boolean): Promise<void> => {
  const box = dialog.getByTestId('party-group-members').locator(`input[value="${code}"]`)
  if (on) await box.check()
  else await box.uncheck()
}

describe.skipIf(room.skipReason !== null)('party groups', () => {
  it('[UI-PARTY-1] the administrator adds and changes a troika; an owner adds its members as parties in one step', async () => {
    const { context, page: admin } = await newPerson(room.browser, 'es-ES')
    room.contexts.push(context)
    await admin.goto(`${room.server.url}/admin`)
    await signInThroughPage(admin, room.server.session.user.email, TEST_PASSWORD)
    const section = admin.getByTestId('party-groups')
    await expect.poll(() => section.getByTestId('party-group').count(), LIVE).toBe(3)

    await section.getByTestId('party-group-new').click()
    let dialog = admin.getByTestId('party-group-dialog')
    // Nothing chosen: the form says what is missing and sends nothing.
    await dialog.getByTestId('party-group-save').click()
    await expect(dialog.getByText('Dé un nombre al grupo.').first().isVisible()).resolves.toBe(true)
    await dialog.getByTestId('party-group-name-es').fill('Troika de la CRM')
    await dialog.getByTestId('party-group-name-en').fill('CRM troika')
    for (const code of ['CRI', 'MEX', 'PAN']) await check(dialog, code, true)
    await shots(admin, '96-party-group-dialog-es')
    await dialog.getByTestId('party-group-save').click()
    await expect.poll(() => section.getByTestId('party-groups-status').innerText(), LIVE).toBe('«Troika de la CRM» añadido.')
    const troika = section.locator('[data-testid="party-group"]', { hasText: 'Troika de la CRM' })
    await expect(troika.innerText()).resolves.toContain('CRI, MEX, PAN')

    // The presidency passes: Guatemala in, Costa Rica out.
    await troika.getByTestId('party-group-edit').click()
    dialog = admin.getByTestId('party-group-dialog')
    await check(dialog, 'CRI', false)
    await check(dialog, 'GTM', true)
    await dialog.getByTestId('party-group-save').click()
    await expect.poll(() => troika.innerText(), LIVE).toContain('GTM, MEX, PAN')
    await shots(admin, '96-party-groups-admin-es')
    const stored = ((await (await api(room.server.url, room.people.panama).get('/api/party-groups')).json()) as PartyGroupsResponse).groups
    expect(stored.find((g) => g.nameEn === 'CRM troika')?.members).toEqual(['GTM', 'MEX', 'PAN'])

    // The owner of a draft, in English, adds the troika's three as parties in one step.
    const id = await room.server.createDocument('Declaración conjunta CRM–CSM', 'declaration')
    await share(room.server.url, room.server.session, id, { type: 'user', id: room.people.panama.user.id }, 'owner')
    const page = await room.openDraft('en-US', room.people.panama.user.email, `${room.server.url}/d/${id}`, 'Reconociendo')
    if ((await page.getByTestId('review-toggle').getAttribute('aria-expanded')) !== 'true') await page.getByTestId('review-toggle').click()
    await page.getByTestId('review-tab-consensus').click()
    const select = page.getByTestId('party-group-select')
    await expect.poll(() => select.locator('option').allInnerTexts(), LIVE).toContain('CRM troika (GTM, MEX, PAN)')
    await select.selectOption({ label: 'CRM troika (GTM, MEX, PAN)' })
    await page.getByTestId('party-group-add').click()
    for (const code of ['GTM', 'MEX', 'PAN']) await page.getByTestId(`party-${code}`).waitFor(LIVE)
    const parties = (await (await api(room.server.url, room.people.panama).get(`/api/documents/${id}/consensus`)).json()) as { parties: string[] }
    expect(parties.parties).toEqual(['GTM', 'MEX', 'PAN'])
  })
})
