/**
 * The negotiation room in real Chromium (client/SPEC.md UI-POSITIONS-1, UI-AGREED-1): four
 * parties (Chile, El Salvador, México, Panamá) on a declaration. Positions are recorded from the
 * margin chip — México in Spanish with the mouse (two clicks), Panamá in English with the
 * keyboard only — and every chip shows its state in shape and words. Editing a paragraph the
 * four agreed asks first, naming them; cancelling keeps the text, confirming reopens it; with
 * the owner's lock the dialog offers Suggesting instead. Screenshots at 1440×900 and 1024×768
 * (tests/.artifacts/screenshots/9x-*).
 */
import { describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { editorText, selectInEditor } from '../helpers/browser.ts'
import { api, share, type TestSession } from '../helpers/session.ts'
import { pandocRead } from '../helpers/pandoc.ts'
import { requireTool } from '../helpers/tools.ts'
import { browserRoom, declarationWithOperatives, shots } from '../helpers/browser-room.ts'

const hasReaders = requireTool('pandoc', 'pandoc') && requireTool('pdftotext', 'poppler-utils')
const LIVE = { timeout: 15_000 }

const room = browserRoom({ people: ['panama', 'mexico', 'salvador'] })

/** The declaration template plus OP3, shared with the three as editors, the four as parties. */
async function declaration(): Promise<string> {
  const id = await declarationWithOperatives(room.server, ['Decidimos seguir ocupándonos activamente de la cuestión.', 'La Secretaría Técnica asesora a los Estados en la regularización migratoria.'])
  for (const delegation of ['PAN', 'MEX', 'SLV']) await share(room.server.url, room.server.session, id, { type: 'delegation', id: delegation }, 'editor')
  expect((await api(room.server.url, room.server.session).put(`/api/documents/${id}/parties`, { parties: ['CHL', 'MEX', 'PAN', 'SLV'] })).status).toBe(200)
  return id
}

const open = (locale: string, email: string, url: string): Promise<Page> =>
  room.openDraft(locale, email, url, 'Decidimos seguir ocupándonos')

const chip = (page: Page, index: number) => page.locator('.ProseMirror .consensus-chip').nth(index)
const chipStates = (page: Page) => page.locator('.ProseMirror .consensus-chip').evaluateAll((nodes) => nodes.map((n) => (n as HTMLElement).dataset.state))

async function paragraphIds(id: string): Promise<Record<string, string>> {
  const summary = (await (await api(room.server.url, room.server.session).get(`/api/documents/${id}/consensus`)).json()) as { paragraphs: { paragraphId: string; number: string }[] }
  return Object.fromEntries(summary.paragraphs.map((p) => [p.number, p.paragraphId]))
}

/**
 * The popover stands against its chip (just below or just above it, its right edge at the
 * chip's), even after the chip was drawn anew for the position just recorded and the window
 * changed size.
 */
async function besideChip(page: Page, index: number): Promise<void> {
  const [box, at] = await Promise.all([page.getByTestId('position-popover').boundingBox(), chip(page, index).boundingBox()])
  if (!box || !at) throw new Error('the popover or its chip is not shown')
  const gap = Math.min(Math.abs(box.y - (at.y + at.height)), Math.abs(at.y - (box.y + box.height)))
  expect(gap, `popover ${JSON.stringify(box)} beside chip ${JSON.stringify(at)}`).toBeLessThanOrEqual(8)
  expect(Math.abs(box.x + box.width - (at.x + at.width))).toBeLessThanOrEqual(1)
}

describe.skipIf(room.skipReason !== null)('the negotiation room', () => {
  it('[UI-POSITIONS-1] a position recorded from the margin chip, in Spanish with two clicks and in English by keyboard; every state has its own shape', async () => {
    const id = await declaration()
    const url = `${room.server.url}/d/${id}`
    const [mexicoPage, panamaPage] = await Promise.all([open('es-ES', room.people.mexico.user.email, url), open('en-US', room.people.panama.user.email, url)])
    await expect.poll(() => chipStates(mexicoPage), LIVE).toEqual(['open', 'open', 'open', 'open', 'open', 'open'])
    await expect(chip(mexicoPage, 2).getAttribute('aria-label')).resolves.toBe('Abierto — OP1')

    // México, in Spanish: a click on OP1's chip, a click on "De acuerdo".
    await chip(mexicoPage, 2).click()
    const popover = mexicoPage.getByTestId('position-popover')
    await expect(popover.getByRole('heading').innerText()).resolves.toContain('OP1')
    await popover.getByRole('radio', { name: 'De acuerdo' }).click()
    await expect.poll(() => popover.locator('li[data-party="MEX"]').getAttribute('data-stance'), LIVE).toBe('agree')
    await expect(popover.locator('li[data-party="MEX"]').innerText()).resolves.toContain('registrada por Lucía Hernández (MEX)')
    await expect(popover.getByRole('radio', { name: 'De acuerdo' }).getAttribute('aria-checked')).resolves.toBe('true')
    await shots(mexicoPage, '90-position-popover-es')
    await besideChip(mexicoPage, 2)
    await mexicoPage.keyboard.press('Escape')
    await popover.waitFor({ state: 'hidden' })

    // Panamá, in English, keyboard only: the caret in OP3, Ctrl+Alt+P, arrows to "Reservation", Enter, the reason, Enter.
    await panamaPage.locator('.ProseMirror').focus()
    await selectInEditor(panamaPage, 'Decidimos', 'start')
    await panamaPage.keyboard.press('Control+Alt+KeyP')
    const english = panamaPage.getByTestId('position-popover')
    await expect(english.getByRole('heading').innerText()).resolves.toContain('OP3')
    await expect.poll(() => panamaPage.evaluate(() => document.activeElement?.getAttribute('data-choice'))).toBe('agree')
    await panamaPage.keyboard.press('ArrowRight')
    await panamaPage.keyboard.press('ArrowRight')
    await expect.poll(() => panamaPage.evaluate(() => document.activeElement?.textContent)).toContain('Reservation')
    await panamaPage.keyboard.press('Enter')
    await english.getByTestId('popover-reason').waitFor()
    await expect.poll(() => panamaPage.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA')
    await panamaPage.keyboard.type('Panama reserves its position on the follow-up mechanism.')
    await panamaPage.keyboard.press('Tab')
    await panamaPage.keyboard.press('Enter')
    await expect.poll(() => english.locator('li[data-party="PAN"]').getAttribute('data-stance'), LIVE).toBe('reservation')
    // The matrix follows the live review data; the status line, the API's answer: either may come first.
    await expect.poll(() => english.getByTestId('popover-status').innerText(), LIVE).toBe('Recorded: Reservation.')
    await shots(panamaPage, '91-position-popover-keyboard-en')
    await besideChip(panamaPage, 4)
    await panamaPage.keyboard.press('Escape')
    await english.waitFor({ state: 'hidden' })

    // Every screen: OP3 shows the reservation as "R" in its own shape; the name says it in words.
    for (const page of [mexicoPage, panamaPage]) await expect.poll(() => chipStates(page), LIVE).toEqual(['open', 'open', 'open', 'open', 'reservation', 'open'])
    await expect(chip(mexicoPage, 4).innerText()).resolves.toBe('R')
    await expect(chip(mexicoPage, 4).getAttribute('aria-label')).resolves.toBe('Reserva — OP3: PAN reserva')
    await expect(chip(panamaPage, 4).getAttribute('aria-label')).resolves.toBe('Reservation — OP3: PAN reservation')

    // An objection, agreement and agreement ad referendum: each chip its own glyph and shape.
    const ids = await paragraphIds(id)
    const as = (session: TestSession) => api(room.server.url, session)
    await as(room.people.salvador).put(`/api/documents/${id}/positions/${ids.OP2}`, { stance: 'objection', text: 'El Salvador objeta la redacción.' })
    for (const session of [room.server.session, room.people.mexico, room.people.panama, room.people.salvador]) await as(session).put(`/api/documents/${id}/positions/${ids.PP1}`, { stance: 'agree' })
    for (const [session, stance] of [
      [room.server.session, 'agree'],
      [room.people.mexico, 'agree_ad_ref'],
      [room.people.panama, 'agree'],
      [room.people.salvador, 'agree'],
    ] as const) {
      await as(session).put(`/api/documents/${id}/positions/${ids.PP2}`, { stance })
    }
    await expect.poll(() => chipStates(mexicoPage), LIVE).toEqual(['agreed', 'agreed_ad_ref', 'open', 'objection', 'reservation', 'open'])
    const looks = await mexicoPage.locator('.ProseMirror .consensus-chip').evaluateAll((nodes) =>
      nodes.map((n) => {
        const style = getComputedStyle(n)
        return { text: (n as HTMLElement).innerText, radius: style.borderTopLeftRadius, border: style.borderTopStyle }
      }),
    )
    expect(looks.map((l) => l.text)).toEqual(['✓', '✓ᵃʳ', '○', '✗', 'R', '○'])
    // Shapes differ without colour: the open circle is dotted, the objection square, the reservation barely rounded.
    expect(looks[2]!.border).toBe('dotted')
    expect(looks[3]!.radius).toBe('0px')
    expect(looks[4]!.radius).toBe('3px')
    expect(new Set(looks.map((l) => `${l.radius}/${l.border}`)).size).toBeGreaterThanOrEqual(4)
    await shots(mexicoPage, '92-chips-es')
  })

  it('[UI-AGREED-1] editing a paragraph the four parties agreed asks first, naming them; cancel keeps the text, confirming reopens it; locked, it offers Suggesting', async () => {
    const id = await declaration()
    const ids = await paragraphIds(id)
    for (const session of [room.server.session, room.people.mexico, room.people.panama, room.people.salvador]) {
      expect((await api(room.server.url, session).put(`/api/documents/${id}/positions/${ids.OP3}`, { stance: 'agree' })).status).toBe(200)
      expect((await api(room.server.url, session).put(`/api/documents/${id}/positions/${ids.OP1}`, { stance: 'agree' })).status).toBe(200)
    }
    const url = `${room.server.url}/d/${id}`
    const [mexicoPage, panamaPage] = await Promise.all([open('es-ES', room.people.mexico.user.email, url), open('en-US', room.people.panama.user.email, url)])
    await expect.poll(() => chipStates(mexicoPage), LIVE).toEqual(['open', 'open', 'agreed', 'open', 'agreed', 'open'])

    // México types into OP3: the question comes first and the text does not change.
    await mexicoPage.locator('.ProseMirror').focus()
    await selectInEditor(mexicoPage, 'activamente', 'start')
    await mexicoPage.keyboard.type('m')
    const dialog = mexicoPage.locator('dialog[open][data-testid="confirm-dialog"]')
    await dialog.waitFor()
    await expect(dialog.innerText()).resolves.toContain('Este párrafo está acordado por CHL, MEX, PAN, SLV. Editarlo lo reabre.')
    await shots(mexicoPage, '93-agreed-edit-es')
    await dialog.getByRole('button', { name: 'Cancelar' }).click()
    await dialog.waitFor({ state: 'hidden' })
    expect(await editorText(mexicoPage)).toContain('seguir ocupándonos activamente')
    await expect.poll(() => chipStates(panamaPage)).toEqual(['open', 'open', 'agreed', 'open', 'agreed', 'open'])

    // Again, confirmed: the key lands and OP3 is reopened on every screen.
    await selectInEditor(mexicoPage, 'activamente', 'start')
    await mexicoPage.keyboard.type('m')
    await dialog.getByRole('button', { name: 'Editar y reabrir' }).click()
    await mexicoPage.keyboard.type('uy ')
    await expect.poll(() => editorText(panamaPage), LIVE).toContain('seguir ocupándonos muy activamente')
    for (const page of [mexicoPage, panamaPage]) await expect.poll(() => chipStates(page), LIVE).toEqual(['open', 'open', 'agreed', 'open', 'open', 'open'])

    // The owner locks agreed paragraphs: Panamá, editing OP1, is offered Suggesting instead; a suggestion then passes.
    expect((await api(room.server.url, room.server.session).put(`/api/documents/${id}/settings`, { lockAgreed: true })).status).toBe(200)
    // Panamá's screen says so before anyone types (the editing button's hint names the lock).
    await panamaPage.locator('[data-testid="mode-switch"][data-agreed-locked="true"]').waitFor(LIVE)
    await expect(panamaPage.getByTestId('mode-editing').getAttribute('title')).resolves.toContain('Agreed paragraphs are locked')
    await panamaPage.locator('.ProseMirror').focus()
    await selectInEditor(panamaPage, 'Acordamos presentar', 'start')
    const before = await editorText(panamaPage)
    await panamaPage.keyboard.type('X')
    const english = panamaPage.locator('dialog[open][data-testid="confirm-dialog"]')
    await english.waitFor(LIVE)
    await expect(english.innerText()).resolves.toContain('This paragraph is agreed by CHL, MEX, PAN, SLV. The owner locked agreed paragraphs')
    await shots(panamaPage, '94-agreed-locked-en')
    await english.getByRole('button', { name: 'Switch to Suggesting' }).click()
    expect(await editorText(panamaPage)).toBe(before)
    await expect.poll(() => panamaPage.getByTestId('mode-suggesting').getAttribute('aria-pressed')).toBe('true')
  })

  it.skipIf(!hasReaders)('[UI-BRACKETS-1] a bracket with two alternatives reads [asesora / acompaña] in the editor, the clean Word file and the PDF', async () => {
    const id = await declaration()
    const url = `${room.server.url}/d/${id}`
    const panamaPage = await open('en-US', room.people.panama.user.email, url)
    await panamaPage.locator('.ProseMirror').focus()
    await selectInEditor(panamaPage, 'asesora')
    await panamaPage.getByTestId('tool-bracket').click()
    const dialog = panamaPage.getByTestId('bracket-dialog')
    await dialog.waitFor()
    await dialog.getByTestId('bracket-sponsor-MEX').check()
    await dialog.getByTestId('bracket-alternative-0').fill('acompaña')
    await dialog.getByTestId('bracket-submit').click()
    await dialog.waitFor({ state: 'hidden' })
    // Drawn as negotiators write it: the words, a slash, the alternative, inside one pair of brackets; sponsors after.
    const drawn = () =>
      panamaPage.locator('.ProseMirror p').filter({ hasText: 'Secretaría Técnica' }).evaluate((p) => {
        let text = ''
        const walk = (node: Node): void => {
          // What is drawn: not the sponsors' label, nor the words only screen readers say (A11Y-40).
          if (node instanceof HTMLElement && (node.classList.contains('bracket-sponsors') || node.classList.contains('visually-hidden'))) return
          if (node.nodeType === Node.TEXT_NODE) text += node.textContent
          node.childNodes.forEach(walk)
        }
        walk(p)
        return text
      })
    await expect.poll(drawn, LIVE).toContain('La Secretaría Técnica [asesora / acompaña] a los Estados')
    await expect(panamaPage.locator('.ProseMirror .bracket-sponsors').innerText()).resolves.toMatch(/^(PAN, MEX|MEX, PAN)$/u)
    // The sponsors' label sits after the closing bracket, above the line: it covers no word.
    const boxes = await panamaPage.locator('.ProseMirror p').filter({ hasText: 'Secretaría Técnica' }).evaluate((p) => {
      const label = p.querySelector('.bracket-sponsors')!.getBoundingClientRect()
      const words = p.querySelector('.bracketed')!.getBoundingClientRect()
      return { labelLeft: label.left, wordsRight: words.right }
    })
    expect(boxes.labelLeft).toBeGreaterThanOrEqual(boxes.wordsRight)
    await panamaPage.locator('.ProseMirror p').filter({ hasText: 'Secretaría Técnica' }).scrollIntoViewIfNeeded()
    await shots(panamaPage, '95-bracket-alternatives-en')

    // The clean exports, read by independent readers.
    const work = mkdtempSync(join(tmpdir(), 'consenso-brackets-'))
    const docx = Buffer.from(await (await api(room.server.url, room.people.panama).get(`/api/documents/${id}/export?format=docx&view=clean`)).arrayBuffer())
    expect(pandocRead(docx).paragraphs).toContain('OP4. La Secretaría Técnica [asesora / acompaña] a los Estados en la regularización migratoria.')
    const pdf = Buffer.from(await (await api(room.server.url, room.people.panama).get(`/api/documents/${id}/export?format=pdf&view=clean`)).arrayBuffer())
    writeFileSync(join(work, 'clean.pdf'), pdf)
    const text = execFileSync('pdftotext', [join(work, 'clean.pdf'), '-']).toString().replace(/\s+/gu, ' ')
    expect(text).toContain('La Secretaría Técnica [asesora / acompaña] a los Estados')
    expect(text).not.toMatch(/PAN, MEX|MEX, PAN/u)
  })
})
