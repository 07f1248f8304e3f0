/**
 * The live log a screen reader reads (client/SPEC.md A11Y-30..33), in real Chromium against a
 * real server: Panamá keeps a draft open while México suggests, mentions Panamá in a comment and
 * objects to a paragraph; Panamá's polite log says each, in English, and says nothing once set
 * to "Nothing" in the account menu. Then (A11Y-42), at the default level: México suggests in a
 * paragraph Panamá agreed, which reopens it; Chile restores a version; Panamá's connection drops
 * and comes back.
 */
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { selectInEditor } from '../helpers/browser.ts'
import { api } from '../helpers/session.ts'
import { browserRoom, partiesDeclaration, commentByKeyboard } from '../helpers/browser-room.ts'

const room = browserRoom({ people: ['panama', 'mexico'] })
const LIVE = { timeout: 15_000 }

const logLines = (page: Page): Promise<string[]> => page.getByTestId('live-log').locator('p').allInnerTexts()

async function chooseLevel(page: Page, level: 'important' | 'all' | 'off'): Promise<void> {
  await page.getByTestId('user-menu-button').click()
  await page.getByTestId('live-log-level').selectOption(level)
  await page.keyboard.press('Escape')
}

describe.skipIf(room.skipReason !== null)('the live log', () => {
  it('[A11Y-30] [A11Y-31] Panamá hears México suggest, mention Panamá and object; nothing once set to "Nothing"', async () => {
    const { id, url } = await partiesDeclaration(room.server, ['PAN', 'MEX'])
    const panama = await room.openDraft('en-GB', room.people.panama.user.email, url, 'Reconociendo')
    const mexico = await room.openDraft('es-MX', room.people.mexico.user.email, url, 'Reconociendo')
    const log = panama.getByTestId('live-log')
    await expect(log.getAttribute('role')).resolves.toBe('log')
    await expect(log.getAttribute('aria-live')).resolves.toBe('polite')
    expect(await logLines(panama)).toEqual([])
    await chooseLevel(panama, 'all')

    // México suggests words in PP2.
    await mexico.getByTestId('mode-suggesting').click()
    await mexico.locator('.ProseMirror').focus()
    await selectInEditor(mexico, 'Destacando', 'start')
    await mexico.keyboard.type('Celebrando y ', { delay: 5 })
    await expect.poll(() => logLines(panama), LIVE).toContainEqual('Lucía Hernández (MEX) suggests: Celebrando y')
    // Once, with the words typed, not letter by letter.
    expect(await logLines(panama)).toEqual(['Lucía Hernández (MEX) suggests: Celebrando y'])

    // México mentions Panamá in a comment.
    await commentByKeyboard(mexico, 'movilidad humana', '@PAN ¿pueden aceptar esta redacción?')
    await expect.poll(() => logLines(panama), LIVE).toContainEqual('Lucía Hernández (MEX) mentions you: @PAN ¿pueden aceptar esta redacción?')

    // México objects to OP1.
    const summary = (await (await api(room.server.url, room.people.mexico).get(`/api/documents/${id}/consensus`)).json()) as { paragraphs: { paragraphId: string; number: string }[] }
    const op1 = summary.paragraphs.find((p) => p.number === 'OP1')!.paragraphId
    const objected = await api(room.server.url, room.people.mexico).put(`/api/documents/${id}/positions/${op1}`, { stance: 'objection', text: 'México no acepta el plazo.' })
    expect(objected.status).toBe(200)
    await expect.poll(() => logLines(panama), LIVE).toContainEqual(expect.stringMatching(/^MEX: Objection on OP1: México no acepta el plazo\.$/u))

    // Panamá's own position is not news to Panamá; with "Nothing", México's is not said either.
    await chooseLevel(panama, 'off')
    const before = (await logLines(panama)).length
    expect((await api(room.server.url, room.people.mexico).put(`/api/documents/${id}/positions/${op1}`, { stance: 'agree' })).status).toBe(200)
    await expect.poll(async () => (await panama.locator('.ProseMirror .consensus-chip').evaluateAll((chips) => chips.map((c) => (c as HTMLElement).dataset.state))).includes('objection'), LIVE).toBe(false)
    expect((await logLines(panama)).length).toBe(before)
  })

  it('[A11Y-42] [A11Y-32] at "What concerns me": a suggestion in a paragraph Panamá agreed, the paragraph reopened, a version restored, the connection restored', async () => {
    const { id, url } = await partiesDeclaration(room.server, ['PAN', 'MEX'])
    const zero = await api(room.server.url, room.server.session).post(`/api/documents/${id}/versions`, { name: 'Borrador cero' })
    expect(zero.status).toBe(201)
    const zeroId = ((await zero.json()) as { id: string }).id
    const summary = (await (await api(room.server.url, room.people.panama).get(`/api/documents/${id}/consensus`)).json()) as { paragraphs: { paragraphId: string; number: string; text: string }[] }
    const op1 = summary.paragraphs.find((p) => p.number === 'OP1')!
    expect((await api(room.server.url, room.people.panama).put(`/api/documents/${id}/positions/${op1.paragraphId}`, { stance: 'agree' })).status).toBe(200)

    const panama = await room.openDraft('en-GB', room.people.panama.user.email, url, 'Reconociendo')
    const mexico = await room.openDraft('es-MX', room.people.mexico.user.email, url, 'Reconociendo')
    expect(await logLines(panama)).toEqual([])

    // México suggests words at the start of OP1, which Panamá agreed: said at the default level.
    const opening = op1.text.split(/\s+/u).slice(0, 3).join(' ')
    await mexico.getByTestId('mode-suggesting').click()
    await mexico.locator('.ProseMirror').focus()
    await selectInEditor(mexico, opening, 'start')
    await mexico.keyboard.type('Asimismo, ', { delay: 5 })
    await expect.poll(() => logLines(panama), LIVE).toContainEqual('Lucía Hernández (MEX) suggests in OP1, which your delegation agreed: Asimismo,')
    // Both parties agree to OP1 as it now reads; México then changes its words outright,
    // confirming that it reopens: Panamá hears that the agreement is history.
    for (const person of [room.people.panama, room.people.mexico]) {
      expect((await api(room.server.url, person).put(`/api/documents/${id}/positions/${op1.paragraphId}`, { stance: 'agree' })).status).toBe(200)
    }
    const chip = mexico.locator(`.ProseMirror .consensus-chip[data-paragraph-id="${op1.paragraphId}"]`)
    await expect.poll(() => chip.getAttribute('data-state'), LIVE).toBe('agreed')
    await mexico.getByTestId('mode-editing').click()
    await selectInEditor(mexico, opening, 'start')
    await mexico.keyboard.type('I')
    const dialog = mexico.locator('dialog[open][data-testid="confirm-dialog"]')
    await dialog.waitFor()
    await dialog.getByRole('button', { name: 'Editar y reabrir' }).click()
    await mexico.keyboard.type('gualmente ', { delay: 5 })
    await expect.poll(() => logLines(panama), LIVE).toContainEqual('OP1 reopened by Lucía Hernández (MEX): the positions given on it are history.')

    // Chile restores the zero draft.
    expect((await api(room.server.url, room.server.session).post(`/api/documents/${id}/versions/${zeroId}/restore`)).status).toBe(200)
    await expect
      .poll(() => logLines(panama), LIVE)
      .toContainEqual('CHL — Ana Pérez restored “Borrador cero”: the text changed for everyone, and the text before it is kept as a checkpoint.')

    // Panamá's network goes and comes back: once what was kept reaches the server, it is said.
    await panama.context().setOffline(true)
    await expect.poll(() => panama.getByTestId('save-status').getAttribute('data-state'), LIVE).toBe('offline')
    await panama.context().setOffline(false)
    await expect.poll(() => logLines(panama), { timeout: 30_000 }).toContainEqual('Connection restored, everything saved.')
    expect((await logLines(panama)).filter((line) => line === 'Connection restored, everything saved.')).toHaveLength(1)
  })
})
