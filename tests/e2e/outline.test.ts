/**
 * Counts and the outline in real Chromium ([UI-OUTLINE-1] in client/SPEC.md): a declaration
 * with sixteen operative paragraphs shows its word and paragraph counts, which follow typing;
 * Ctrl+G and "OP12" put the caret at the start of OP12, mid-screen; the outline's entries are
 * reached with the keyboard and clicked; a paragraph that does not exist is said so.
 */
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { editorText, screenshotPath, typeAtEnd } from '../helpers/browser.ts'
import { appendOperativeParagraphs, browserRoom } from '../helpers/browser-room.ts'

const room = browserRoom()

/** The PP/OP label of the paragraph holding the caret, as the margin shows it. */
const caretLabel = (page: Page): Promise<string | null> =>
  page.evaluate(() => {
    const node = window.getSelection()?.anchorNode ?? null
    const element = node instanceof Element ? node : (node?.parentElement ?? null)
    return element?.closest('p')?.querySelector<HTMLElement>('.paragraph-number')?.dataset.label ?? null
  })

const caretOnScreen = (page: Page): Promise<boolean> =>
  page.evaluate(() => {
    const range = window.getSelection()?.getRangeAt(0)
    const rect = range?.getBoundingClientRect()
    return !!rect && rect.top > 0 && rect.bottom < window.innerHeight
  })

/** Words as a person counts them: runs of letters and digits. */
const countWords = (text: string): number => text.match(/[\p{L}\p{N}]+/gu)?.length ?? 0

describe.skipIf(room.skipReason !== null)('counts and outline in the browser', () => {
  it('[UI-OUTLINE-1] counts words and paragraphs, goes to OP12 typed or clicked, by keyboard', async () => {
    const draftId = await room.server.createDocument('Declaración conjunta CRM–CSM', 'declaration')
    const page = await room.openDraft('es-ES', room.server.session.user.email, `${room.server.url}/d/${draftId}`, 'Encomendamos')
    // Fourteen more operative paragraphs, written through the editor (and so through Yjs).
    await appendOperativeParagraphs(page, Array.from({ length: 14 }, (_, i) => (`Solicitamos a la Presidencia Pro Tempore el informe número ${i + 3} sobre cooperación regional;`)))
    await expect.poll(() => page.locator('.paragraph-number[data-label="OP16"]').count()).toBe(1)
    const text = await editorText(page)
    // The title and the two headings are not paragraphs; their words count.
    await expect.poll(() => page.getByTestId('draft-counts').getAttribute('data-words')).toBe(String(countWords(text)))
    await expect(page.getByTestId('draft-counts').getAttribute('data-paragraphs')).resolves.toBe('18')
    await expect(page.getByTestId('draft-counts').textContent()).resolves.toBe(`${countWords(text)} palabras · 18 párrafos (2 PP, 16 OP)`)

    await typeAtEnd(page, 'Tres palabras más')
    await expect.poll(() => page.getByTestId('draft-counts').getAttribute('data-words')).toBe(String(countWords(text) + 3))
    await expect(page.getByTestId('draft-counts').getAttribute('data-paragraphs')).resolves.toBe('19')

    // Ctrl+G, "OP12", Enter: the caret at the start of OP12, on screen, the text focused.
    await page.keyboard.press('Control+Home')
    await page.keyboard.press('Control+g')
    await page.getByTestId('outline-panel').waitFor()
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('outline-goto')
    await page.screenshot({ path: screenshotPath('outline-1-open-es') })
    await page.keyboard.type('op 99')
    await page.keyboard.press('Enter')
    await expect.poll(() => page.getByTestId('outline-problem').textContent()).toBe('Este borrador no tiene OP99.')
    await page.getByTestId('outline-goto').fill('OP12')
    await page.keyboard.press('Enter')
    await page.getByTestId('outline-panel').waitFor({ state: 'detached' })
    await expect.poll(() => caretLabel(page)).toBe('OP12')
    await expect(caretOnScreen(page)).resolves.toBe(true)
    await expect(page.evaluate(() => document.activeElement?.classList.contains('ProseMirror'))).resolves.toBe(true)
    // Typing goes there.
    await page.keyboard.type('Además, ')
    await expect.poll(() => editorText(page)).toContain('Además, Solicitamos a la Presidencia Pro Tempore el informe número 12')

    // The outline by keyboard: the button, arrows down the entries, Enter.
    await page.getByTestId('outline-button').focus()
    await page.keyboard.press('Enter')
    await page.getByTestId('outline-panel').waitFor()
    const labels = await page.getByTestId('outline-entry').evaluateAll((entries) => entries.map((e) => e.textContent))
    expect(labels.slice(0, 5)).toEqual([
      'Declaración conjunta CRM–CSM',
      'Preámbulo',
      'PP1Reconociendo que la movilidad humana en la región exige respuestas…',
      'PP2Destacando el diálogo sostenido entre la Conferencia Regional sobre Migración…',
      'Parte dispositiva',
    ])
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowDown')
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toContain('PP2')
    await page.keyboard.press('Enter')
    await expect.poll(() => caretLabel(page)).toBe('PP2')
    // Escape closes it and gives the focus back to the button.
    await page.getByTestId('outline-button').click()
    await page.getByTestId('outline-panel').waitFor()
    await page.keyboard.press('Escape')
    await page.getByTestId('outline-panel').waitFor({ state: 'detached' })
    await expect(page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).resolves.toBe('outline-button')

    // A click on an entry.
    await page.getByTestId('outline-button').click()
    await page.locator('[data-testid="outline-entry"][data-label="OP16"]').click()
    await expect.poll(() => caretLabel(page)).toBe('OP16')
    await expect(caretOnScreen(page)).resolves.toBe(true)
    await page.screenshot({ path: screenshotPath('outline-2-went-es') })
  })

  it('[UI-FOCUS-1] a draft opens with the focus in the text, at the place the person was last time', async () => {
    const draftId = await room.server.createDocument('Declaración conjunta CRM–CSM', 'declaration')
    const page = await room.openDraft('es-ES', room.server.session.user.email, `${room.server.url}/d/${draftId}`, 'Encomendamos')
    // No Tab presses: the text has the focus, at the start of the first paragraph.
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('ProseMirror'))).toBe(true)
    await expect.poll(() => caretLabel(page)).toBe('PP1')
    await page.keyboard.press('Control+g')
    await page.getByTestId('outline-goto').fill('OP2')
    await page.keyboard.press('Enter')
    await expect.poll(() => caretLabel(page)).toBe('OP2')
    // The end of OP2, the draft's last paragraph.
    await page.keyboard.press('Control+End')
    // Kept on this device a moment after the caret stops.
    await expect
      .poll(() => page.evaluate((id) => (JSON.parse(localStorage.getItem(`consenso:place:${id}`) ?? '{}') as { offset?: number }).offset ?? 0, draftId))
      .toBeGreaterThan(50)
    await page.reload()
    await expect.poll(() => editorText(page)).toContain('Encomendamos')
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('ProseMirror'))).toBe(true)
    await expect.poll(() => caretLabel(page)).toBe('OP2')
    // At the end of OP2, where it was left: typing goes there.
    await page.keyboard.type(' Así lo acordamos.')
    await expect.poll(() => editorText(page)).toContain('en un documento único; Así lo acordamos.')
  })
})
