/**
 * The focal-point directory in real Chromium (client/SPEC.md UI-FOCAL-1, server/SPEC.md
 * FOCAL-11/20): Chile's focal point opens it from the header, is told in Spanish what is wrong
 * with an address, adds Chile's entry, and sees Panamá's without a way to change it (and the
 * API refuses when asked directly); the CRM's secretariat, in English, changes Panamá's entry;
 * México's focal point sees the change and downloads the directory as vCard from the page, a
 * real download read back by ical.js. Screenshots go to tests/.artifacts/screenshots.
 */
import { readFileSync } from 'node:fs'
import ICAL from 'ical.js'
import { describe, expect, it } from 'vitest'
import type { FocalPoint } from '@consenso/protocol'
import { screenshotPath } from '../helpers/browser.ts'
import { api } from '../helpers/session.ts'
import { browserRoom, PEOPLE } from '../helpers/browser-room.ts'

const LIVE = { timeout: 15_000 }
const room = browserRoom({ people: ['chile2', 'panama', 'mexico', 'secretariatCrm'] })

describe.skipIf(room.skipReason !== null)('the focal-point directory in the browser', () => {
  it('[UI-FOCAL-1] [FOCAL-11] [FOCAL-14] [FOCAL-20] Chile adds its own entry and cannot change Panamá’s; the secretariat changes Panamá’s; México sees it and downloads the vCard', async () => {
    // Panamá's entry, made by Panamá over the API.
    const made = await api(room.server.url, room.people.panama).post('/api/focal-points', {
      delegation: 'PAN', process: 'Troika', role: 'focal', givenName: 'Carlos', familyName: 'Méndez', title: 'Director de Migración', institution: 'Ministerio de Relaciones Exteriores de Panamá',
      email: 'carlos.mendez@mire.gob.pa', phones: ['+507 511 4100'], languages: ['es'], since: '2025-07-01', until: null, notes: '', userId: room.people.panama.user.id,
    })
    expect(made.status).toBe(201)
    const panama = (await made.json()) as FocalPoint

    // Chile's focal point, in Spanish, from the header.
    const chile = await room.signIn('es-ES', PEOPLE.chile2.email, '/')
    await chile.getByTestId('focal-points-link').click()
    await chile.getByRole('heading', { level: 1, name: 'Directorio de puntos focales' }).waitFor()
    expect(await chile.title()).toBe('Puntos focales — Consenso')
    await chile.locator('[data-testid="focal-entry"]').first().waitFor()
    // Panamá's card: no way to change it for Chile.
    const panamaCard = chile.locator(`[data-testid="focal-entry"][data-id="${panama.id}"]`)
    expect(await panamaCard.getByTestId('focal-edit').count()).toBe(0)
    expect(await panamaCard.getByTestId('focal-remove').count()).toBe(0)

    await chile.getByTestId('focal-add').click()
    // The delegation is Chile's and only Chile's: the select is not offered.
    await expect.poll(() => chile.getByTestId('focal-delegation').inputValue()).toBe('CHL')
    expect(await chile.getByTestId('focal-delegation').isDisabled()).toBe(true)
    // The process field has the focus; typed by keyboard, as a person would.
    await chile.keyboard.type('Troika')
    await chile.getByTestId('focal-role-alternate').check()
    await chile.getByTestId('focal-given-name').fill('Diego Ignacio')
    await chile.getByTestId('focal-family-name').fill('Soto Ñúñez')
    await chile.getByTestId('focal-title').fill('Consejero, Dirección de Asuntos Consulares')
    await chile.getByTestId('focal-institution').fill('Ministerio de Relaciones Exteriores de Chile')
    await chile.getByTestId('focal-email').fill('diego.soto.minrel.cl')
    await chile.getByTestId('focal-phones').fill('+56 2 2827 4200; +56 9 8765 4321')
    await chile.getByTestId('focal-languages').fill('es, en')
    await chile.getByTestId('focal-account').selectOption({ label: PEOPLE.chile2.name })
    await chile.getByTestId('focal-save').click()
    await expect.poll(() => chile.getByTestId('focal-issue').textContent(), LIVE).toBe('«diego.soto.minrel.cl» no es una dirección de correo; escriba una como nombre@cancilleria.gob.')
    expect(await chile.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('focal-email')
    expect(await chile.getByTestId('focal-email').getAttribute('aria-invalid')).toBe('true')
    await chile.screenshot({ path: screenshotPath('focal-points-1-form-error-es'), fullPage: true })
    await chile.getByTestId('focal-email').fill('diego.soto@minrel.cl')
    await chile.getByTestId('focal-save').click()
    await expect.poll(() => chile.getByTestId('focal-status').textContent(), LIVE).toBe('Diego Ignacio Soto Ñúñez se añadió al directorio.')
    // The form closed, the focus is back on the button that opened it.
    await expect.poll(() => chile.evaluate(() => document.activeElement?.getAttribute('data-testid')), LIVE).toBe('focal-add')
    const chileCard = chile.locator('[data-testid="focal-entry"][data-role="alternate"]').filter({ hasText: 'Soto Ñúñez' })
    await chileCard.waitFor(LIVE)
    expect(await chileCard.getByTestId('focal-edit').count()).toBe(1)
    expect(await chileCard.textContent()).toContain('Tiene cuenta en Consenso')
    // Grouped by delegation: Chile before Panamá, each under its own heading.
    expect(await chile.getByTestId('focal-group').evaluateAll((sections) => sections.map((s) => s.getAttribute('data-code')))).toEqual(['CHL', 'PAN'])
    await chile.screenshot({ path: screenshotPath('focal-points-2-directory-es'), fullPage: true })
    // Asked directly, the server refuses Chile's change to Panamá's entry.
    const refused = await chile.evaluate(async ([id, entry]) => {
      const answer = await fetch(`/api/focal-points/${id}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...entry, title: 'Cambiado por Chile' }) })
      return answer.status
    }, [panama.id, { delegation: 'PAN', process: 'Troika', role: 'focal', givenName: 'Carlos', familyName: 'Méndez', title: '', institution: '', email: 'carlos.mendez@mire.gob.pa', phones: [], languages: [], since: '2025-07-01', until: null, notes: '', userId: null }] as const)
    expect(refused).toBe(403)

    // The secretariat, in English, changes Panamá's entry.
    const st = await room.signIn('en-US', PEOPLE.secretariatCrm.email, '/focal-points')
    await st.getByRole('heading', { level: 1, name: 'Focal-point directory' }).waitFor()
    const stPanama = st.locator(`[data-testid="focal-entry"][data-id="${panama.id}"]`)
    await stPanama.getByRole('button', { name: 'Change Carlos Méndez (Panama, Troika)' }).click()
    await st.getByTestId('focal-form').waitFor()
    expect(await st.getByTestId('focal-delegation').isDisabled()).toBe(false)
    await st.getByTestId('focal-title').fill('Directora General de Migración')
    await st.getByTestId('focal-until').fill('2027-06-30')
    await st.screenshot({ path: screenshotPath('focal-points-3-secretariat-edit-en'), fullPage: true })
    await st.getByTestId('focal-save').click()
    await expect.poll(() => st.getByTestId('focal-status').textContent(), LIVE).toBe('Carlos Méndez was saved.')
    await expect.poll(() => stPanama.textContent(), LIVE).toContain('Directora General de Migración')
    // [FOCAL-14] Chile's page, open all along, shows the change without a reload.
    await expect.poll(() => panamaCard.textContent(), LIVE).toContain('Directora General de Migración')

    // México's focal point sees the change, filters to Panamá, and downloads the vCard from the page.
    const mexico = await room.signIn('es-ES', PEOPLE.mexico.email, '/focal-points')
    const mxPanama = mexico.locator(`[data-testid="focal-entry"][data-id="${panama.id}"]`)
    await expect.poll(() => mxPanama.textContent(), LIVE).toContain('Directora General de Migración')
    expect(await mxPanama.textContent()).toContain('del 1 jul 2025 al 30 jun 2027')
    expect(await mexico.getByTestId('focal-edit').count()).toBe(0)
    await mexico.screenshot({ path: screenshotPath('focal-points-4-third-person-es'), fullPage: true })

    const [download] = await Promise.all([mexico.waitForEvent('download'), mexico.getByTestId('focal-export-vcf').click()])
    expect(download.suggestedFilename()).toBe('puntos-focales.vcf')
    const text = readFileSync(await download.path(), 'utf8')
    const cards = (ICAL.parse(text) as ConstructorParameters<typeof ICAL.Component>[0][]).map((c) => new ICAL.Component(c))
    expect(cards.map((c) => c.getFirstPropertyValue('fn'))).toEqual(['Diego Ignacio Soto Ñúñez', 'Carlos Méndez'])
    const [soto, mendez] = cards
    expect(soto!.getFirstProperty('n')!.getValues()[0]).toEqual(['Soto Ñúñez', 'Diego Ignacio', '', '', ''])
    expect(soto!.getFirstPropertyValue('title')).toBe('Consejero, Dirección de Asuntos Consulares')
    expect(soto!.getFirstPropertyValue('role')).toBe('Alterno/a')
    expect(soto!.getAllProperties('tel').map((t) => t.getFirstValue())).toEqual(['tel:+56-2-2827-4200', 'tel:+56-9-8765-4321'])
    expect(soto!.getAllProperties('lang').map((l) => l.getFirstValue())).toEqual(['es', 'en'])
    expect(mendez!.getFirstPropertyValue('title')).toBe('Directora General de Migración')
    expect(mendez!.getFirstPropertyValue('note')).toBe('Panamá — Troika — Punto focal (desde 2025-07-01, hasta 2027-06-30)')

    // Filtered to Panamá, the download holds Panamá's card only.
    await mexico.getByTestId('focal-filter-delegation').selectOption('PAN')
    await expect.poll(() => mexico.getByTestId('focal-entry').count(), LIVE).toBe(1)
    const [filtered] = await Promise.all([mexico.waitForEvent('download'), mexico.getByTestId('focal-export-vcf').click()])
    const one = new ICAL.Component(ICAL.parse(readFileSync(await filtered.path(), 'utf8')) as ConstructorParameters<typeof ICAL.Component>[0])
    expect(one.getFirstPropertyValue('fn')).toBe('Carlos Méndez')
    // Narrow screens: one column of cards, nothing wider than the page.
    await mexico.getByTestId('focal-filter-delegation').selectOption('')
    await mexico.setViewportSize({ width: 390, height: 844 })
    await mexico.screenshot({ path: screenshotPath('focal-points-5-narrow-es'), fullPage: true })
    const overflowing = () =>
      mexico.evaluate(() =>
        [...document.querySelectorAll('main *')]
          .filter((element) => element.getBoundingClientRect().right > window.innerWidth)
          .map((element) => `${element.tagName.toLowerCase()}.${element.className} ${Math.round(element.getBoundingClientRect().right)}`),
      )
    await expect.poll(overflowing, LIVE).toEqual([])
  }, 180_000)
})
