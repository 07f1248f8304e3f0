/**
 * The plenary view in real Chromium (client/SPEC.md UI-PLENARY-1, server PLENARY-*): the
 * technical secretariat of the CRM chairs a session on a declaration whose parties are Chile,
 * México and Panamá. The chair brings paragraphs up — by clicking one in the text, then with
 * "Next" — and two participants who follow (México in Spanish, Panamá in English) see the
 * highlight and the "under discussion" band move, the paragraph brought into view, its status
 * and its bracket "[asesora / acompaña]" big. Panamá scrolls away and stops following: the
 * highlight still moves, the page does not, until they follow again. Each sees their own
 * delegation's pending paragraphs. Screenshots at 1440×900 and 1024×768 in both languages
 * (tests/.artifacts/screenshots/95-*).
 */
import { describe, expect, it } from 'vitest'
import { randomUUID } from 'node:crypto'
import * as Y from 'yjs'
import type { Page } from 'playwright-core'
import { BODY_FIELD } from '@consenso/schema'
import { newPerson, signInThroughPage } from '../helpers/browser.ts'
import { anchorOn } from '../helpers/body.ts'
import { connectClient } from '../helpers/clients.ts'
import { browserRoom, shots } from '../helpers/browser-room.ts'
import { api, share, TEST_PASSWORD } from '../helpers/session.ts'

const room = browserRoom({ people: ['secretariatCrm', 'panama', 'mexico'] })
const LIVE = { timeout: 15_000 }

const EXTRA = [
  'Reconocemos el aporte de las Secretarías Técnicas al intercambio de buenas prácticas.',
  'Alentamos a los puntos focales a compartir sus insumos antes de la próxima reunión.',
  'Solicitamos a las troikas que presenten un cronograma de trabajo conjunto.',
  'Invitamos a la OIM a acompañar la elaboración del glosario común.',
  'Acordamos revisar el avance de estos compromisos en la próxima reunión bi-regional.',
  'Subrayamos la importancia de la protección de las personas migrantes en situación de vulnerabilidad.',
  'Decidimos seguir ocupándonos activamente de la cuestión.',
  'La Secretaría Técnica asesora a los Estados en la regularización migratoria.',
]

/** The declaration template with eight more operative paragraphs, a bracket with an alternative in the last, México agreeing to OP1. */
async function declaration(): Promise<{ id: string; numbers: Record<string, string>; last: string; beforeLast: string }> {
  const id = await room.server.createDocument('Declaración conjunta CRM–CSM', 'declaration')
  const writer = connectClient({ wsUrl: room.server.wsUrl, cookie: room.server.cookie }, id)
  try {
    await writer.waitSynced()
    writer.doc.transact(() => {
      const body = writer.doc.getXmlFragment(BODY_FIELD)
      body.insert(
        body.length,
        EXTRA.map((text) => {
          const paragraph = new Y.XmlElement('paragraph')
          paragraph.setAttribute('id', randomUUID())
          paragraph.setAttribute('kind', 'operative')
          paragraph.insert(0, [new Y.XmlText(text)])
          return paragraph
        }),
      )
    })
    await writer.waitSaved()
    for (const delegation of ['PAN', 'MEX']) await share(room.server.url, room.server.session, id, { type: 'delegation', id: delegation }, 'editor')
    await share(room.server.url, room.server.session, id, { type: 'delegation', id: 'ST-CRM' }, 'commenter')
    const owner = api(room.server.url, room.server.session)
    expect((await owner.put(`/api/documents/${id}/parties`, { parties: ['CHL', 'MEX', 'PAN'] })).status).toBe(200)
    const bracket = await api(room.server.url, room.people.panama).post(`/api/documents/${id}/brackets`, { anchor: anchorOn(writer.doc, 'asesora'), sponsors: ['PAN'], alternatives: ['acompaña'] })
    expect(bracket.status).toBe(201)
  } finally {
    writer.destroy()
  }
  const summary = (await (await api(room.server.url, room.server.session).get(`/api/documents/${id}/consensus`)).json()) as { paragraphs: { paragraphId: string; number: string }[] }
  const numbers = Object.fromEntries(summary.paragraphs.map((p) => [p.number, p.paragraphId]))
  expect((await api(room.server.url, room.people.mexico).put(`/api/documents/${id}/positions/${numbers.OP1}`, { stance: 'agree' })).status).toBe(200)
  // The bracketed paragraph is the last; the chair comes to it from the one before.
  const labels = summary.paragraphs.map((p) => p.number)
  return { id, numbers, last: labels.at(-1)!, beforeLast: labels.at(-2)! }
}

async function openPlenary(locale: string, email: string, url: string): Promise<Page> {
  const { context, page } = await newPerson(room.browser, locale)
  room.contexts.push(context)
  await page.goto(url)
  await signInThroughPage(page, email, TEST_PASSWORD)
  await page.getByTestId('plenary-text').waitFor({ state: 'visible' })
  await expect.poll(() => page.locator('.plenary-body').innerText(), LIVE).toContain('regularización')
  return page
}

/** The highlighted paragraph's id, and whether it is wholly on screen. */
const highlighted = (page: Page) =>
  page.evaluate(() => {
    const element = document.querySelector<HTMLElement>('.plenary-body [data-plenary-focus]')
    if (!element) return null
    const box = element.getBoundingClientRect()
    return { id: element.dataset.id ?? null, inView: box.top >= 0 && box.bottom <= window.innerHeight }
  })

describe.skipIf(room.skipReason !== null)('the plenary view', () => {
  it('[UI-PLENARY-1] the chair moves the paragraph under discussion and two participants following see it move; unfollowing by scrolling; pending paragraphs per delegation', async () => {
    const { id, numbers, last, beforeLast } = await declaration()
    const url = `${room.server.url}/d/${id}/plenary`
    const [chairPage, mexicoPage, panamaPage] = await Promise.all([
      openPlenary('es-ES', room.people.secretariatCrm.user.email, url),
      openPlenary('es-ES', room.people.mexico.user.email, url),
      openPlenary('en-US', room.people.panama.user.email, url),
    ])
    const followers = [mexicoPage, panamaPage]
    // The chair has the tools, the others a "follow" switch, on.
    await chairPage.getByTestId('plenary-next').waitFor({ state: 'visible' })
    for (const page of followers) {
      await expect(page.getByTestId('plenary-next').count()).resolves.toBe(0)
      await expect(page.getByTestId('plenary-follow').isChecked()).resolves.toBe(true)
    }
    await expect(panamaPage.getByTestId('plenary-stage').innerText()).resolves.toContain('No paragraph is under discussion yet.')

    // The chair clicks the paragraph before the last, far down the text: both followers see it
    // highlighted, in view, named in the band.
    const target = chairPage.locator(`.plenary-body [data-id="${numbers[beforeLast]}"]`)
    await target.scrollIntoViewIfNeeded()
    await target.click()
    for (const page of [chairPage, ...followers]) {
      await expect.poll(() => highlighted(page), LIVE).toEqual({ id: numbers[beforeLast], inView: true })
      await expect.poll(() => page.getByTestId('plenary-number').innerText(), LIVE).toBe(beforeLast)
    }
    await expect(mexicoPage.getByTestId('plenary-stage').innerText()).resolves.toContain('Puesto en discusión por Lucía Ramírez (ST-CRM)')

    // "Next": the last paragraph, with its bracket — status and alternatives big on both screens.
    await chairPage.getByTestId('plenary-next').click()
    for (const page of followers) {
      await expect.poll(() => highlighted(page), LIVE).toEqual({ id: numbers[last], inView: true })
      await expect.poll(() => page.getByTestId('plenary-status').getAttribute('data-state'), LIVE).toBe('bracketed')
      await expect(page.getByTestId('plenary-brackets').innerText()).resolves.toContain('[asesora / acompaña]')
    }
    await expect(panamaPage.getByTestId('plenary-status').innerText()).resolves.toContain('Open brackets')
    await expect(mexicoPage.getByTestId('plenary-status').innerText()).resolves.toContain('Corchetes abiertos')

    // Pending paragraphs: México agreed OP1, Panamá did not.
    const pending = (page: Page) => page.getByTestId('plenary-pending-item').evaluateAll((items) => items.map((i) => (i as HTMLElement).dataset.paragraphId))
    await expect.poll(() => pending(panamaPage), LIVE).toContain(numbers.OP1)
    await expect(pending(mexicoPage)).resolves.not.toContain(numbers.OP1)
    await expect(chairPage.getByTestId('plenary-pending').innerText()).resolves.toContain('ST-CRM no es parte en este borrador.')

    await shots(chairPage, '95-plenary-chair-es')
    await shots(panamaPage, '95-plenary-follower-en')

    // Panamá scrolls away with the wheel: no longer following. The chair brings OP1 up: the
    // highlight moves on Panamá's screen too, but the page stays where they scrolled.
    await panamaPage.setViewportSize({ width: 1280, height: 860 })
    await panamaPage.mouse.move(600, 500)
    await panamaPage.mouse.wheel(0, 1500)
    await expect.poll(() => panamaPage.getByTestId('plenary-follow').isChecked(), LIVE).toBe(false)
    await chairPage.getByTestId('plenary-pending').waitFor()
    const op1 = chairPage.locator(`.plenary-body [data-id="${numbers.OP1}"]`)
    await op1.scrollIntoViewIfNeeded()
    await op1.click()
    await expect.poll(() => highlighted(mexicoPage), LIVE).toEqual({ id: numbers.OP1, inView: true })
    await expect.poll(async () => (await highlighted(panamaPage))?.id, LIVE).toBe(numbers.OP1)
    await expect(highlighted(panamaPage)).resolves.toEqual({ id: numbers.OP1, inView: false })
    // Following again brings it into view.
    await panamaPage.getByTestId('plenary-follow').check()
    await expect.poll(() => highlighted(panamaPage), LIVE).toEqual({ id: numbers.OP1, inView: true })

    // A participant's page cannot move it: the server refuses (PLENARY-2), and nothing moves.
    const refused = await panamaPage.evaluate(
      async ([draft, paragraph]) => (await fetch(`/api/documents/${draft}/plenary`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ paragraphId: paragraph }) })).status,
      [id, numbers.OP2] as const,
    )
    expect(refused).toBe(403)
    await expect(highlighted(mexicoPage)).resolves.toEqual({ id: numbers.OP1, inView: true })
  })
})
