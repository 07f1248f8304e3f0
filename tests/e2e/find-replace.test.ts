/**
 * Find and replace in real Chromium ([UI-FIND-1], [UI-FIND-2] in client/SPEC.md): Chile's
 * focal point (owner, Spanish) finds words with and without "match case" and "whole word",
 * steps through them ("2 de 4"), types while the bar is open, replaces one place and then all
 * (one undo takes them all back); Panamá's (editor, English), suggesting, replaces words as
 * suggestions in its own name, one per place, which Chile sees live.
 * Screenshots go to tests/.artifacts/screenshots.
 */
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { editorText, screenshotPath, suggestionMarkTexts, typeAtEnd } from '../helpers/browser.ts'
import { share } from '../helpers/session.ts'
import { browserRoom } from '../helpers/browser-room.ts'

const LIVE = { timeout: 15_000 }
const ADDED = 'Reafirmamos que la migración es un hecho; la Migración ordenada y las migraciones regulares.'

const room = browserRoom({ people: ['panama'] })

const count = (page: Page) => page.getByTestId('find-count')
const total = async (page: Page): Promise<number> => Number(await count(page).getAttribute('data-total'))
const selected = (page: Page): Promise<string> =>
  page.locator('.ProseMirror').evaluate((root) => {
    const editor = (root as unknown as { editor: { state: { selection: { from: number; to: number }; doc: { textBetween(a: number, b: number): string } } } }).editor
    const { from, to } = editor.state.selection
    return editor.state.doc.textBetween(from, to)
  })

async function find(page: Page, text: string): Promise<void> {
  await page.getByTestId('find-input').fill(text)
}

describe.skipIf(room.skipReason !== null)('find and replace in the browser', () => {
  it('[UI-FIND-1] finds with match case and whole word, steps "2 of 4", follows typing, replaces one and all', async () => {
    const draftId = await room.server.createDocument('Declaración conjunta CRM–CSM', 'declaration')
    const chile = await room.openDraft('es-ES', room.server.session.user.email, `${room.server.url}/d/${draftId}`, 'Encomendamos')
    await typeAtEnd(chile, ADDED)
    await expect.poll(() => editorText(chile)).toContain(ADDED)

    // Ctrl+F from the text: the bar opens with the focus in its field.
    await chile.keyboard.press('Control+f')
    await chile.getByTestId('find-bar').waitFor()
    await expect.poll(() => chile.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('find-input')
    await find(chile, 'migración')
    // "sobre Migración y…" (PP2), "una Migración Segura" (OP1), and two in the new paragraph.
    await expect.poll(() => total(chile)).toBe(4)
    await expect(count(chile).textContent()).resolves.toBe('4 coincidencias')
    await expect.poll(() => chile.locator('.ProseMirror .find-match').count()).toBe(4)

    await chile.keyboard.press('Enter')
    await expect.poll(() => count(chile).textContent()).toBe('1 de 4')
    await chile.keyboard.press('Enter')
    await expect.poll(() => count(chile).textContent()).toBe('2 de 4')
    await expect(selected(chile)).resolves.toBe('Migración')
    await expect.poll(() => chile.locator('.ProseMirror .find-match--current').count()).toBe(1)
    await chile.keyboard.press('Shift+Enter')
    await expect.poll(() => count(chile).textContent()).toBe('1 de 4')
    await chile.keyboard.press('Shift+Enter')
    await expect.poll(() => count(chile).textContent()).toBe('4 de 4')
    await chile.screenshot({ path: screenshotPath('find-1-steps-es') })

    await chile.getByTestId('find-match-case').check()
    await expect.poll(() => total(chile)).toBe(1)
    await chile.getByTestId('find-match-case').uncheck()
    await find(chile, 'migra')
    await expect.poll(() => total(chile)).toBe(6)
    await chile.getByTestId('find-whole-word').check()
    await expect.poll(() => total(chile)).toBe(0)
    await expect(count(chile).textContent()).resolves.toBe('Sin coincidencias')
    await chile.getByTestId('find-whole-word').uncheck()

    // Typing with the bar open: the new words are found at once.
    await find(chile, 'migración')
    await expect.poll(() => total(chile)).toBe(4)
    await typeAtEnd(chile, 'Otra migración más.')
    await expect.poll(() => total(chile)).toBe(5)
    await chile.keyboard.press('Backspace')
    await expect.poll(() => total(chile)).toBe(5)

    // Ctrl+H: replace one place, then all of them; one undo brings them all back.
    await chile.keyboard.press('Control+h')
    await chile.getByTestId('replace-input').waitFor()
    await chile.getByTestId('find-input').focus()
    await chile.keyboard.press('Enter')
    await expect.poll(() => count(chile).textContent()).toBe('1 de 5')
    await chile.getByTestId('replace-input').fill('movilidad')
    await chile.getByTestId('replace-one').click()
    await expect.poll(() => total(chile)).toBe(4)
    await expect.poll(() => count(chile).textContent()).toBe('1 de 4')
    await expect(editorText(chile)).resolves.toContain('Conferencia Regional sobre movilidad y la Conferencia')
    await chile.getByTestId('replace-all').click()
    await expect.poll(() => total(chile)).toBe(0)
    await expect(chile.getByTestId('find-note').textContent()).resolves.toBe('Reemplazado en 4 lugares')
    const replaced = await editorText(chile)
    expect(replaced).toContain('para una movilidad Segura')
    expect(replaced).toContain('Reafirmamos que la movilidad es un hecho; la movilidad ordenada y las migraciones regulares.')
    expect(replaced).toContain('Otra movilidad más')
    await chile.screenshot({ path: screenshotPath('find-2-replaced-es') })

    // Escape: back in the text, and the highlights are gone.
    await chile.getByTestId('find-input').press('Escape')
    await chile.getByTestId('find-bar').waitFor({ state: 'detached' })
    await expect.poll(() => chile.evaluate(() => document.activeElement?.classList.contains('ProseMirror'))).toBe(true)
    expect(await chile.locator('.ProseMirror .find-match').count()).toBe(0)
    await chile.keyboard.press('Control+z')
    await expect.poll(() => editorText(chile)).toContain('la migración es un hecho; la Migración ordenada')
  })

  it('[UI-FIND-2] suggesting, a replacement is a suggestion by the person, one per place, seen live by others', async () => {
    const draftId = await room.server.createDocument('Declaración conjunta CRM–CSM', 'declaration')
    await share(room.server.url, room.server.session, draftId, { type: 'delegation', id: 'PAN' }, 'editor')
    const url = `${room.server.url}/d/${draftId}`
    const [chile, panama] = await Promise.all([
      room.openDraft('es-ES', room.server.session.user.email, url, 'Encomendamos'),
      room.openDraft('en-US', room.people.panama.user.email, url, 'Encomendamos'),
    ])
    await panama.getByTestId('mode-suggesting').click()
    await panama.locator('.ProseMirror').click()
    await panama.keyboard.press('Control+h')
    await panama.getByTestId('replace-input').waitFor()
    await expect(panama.getByTestId('find-note').textContent()).resolves.toBe('Replacements are made as your suggestions.')
    await find(panama, 'Conferencia')
    await expect.poll(() => total(panama)).toBe(2)
    await panama.getByTestId('replace-input').fill('Reunión')
    // The first press selects the first place, the second replaces it.
    await panama.getByTestId('replace-one').click()
    await expect.poll(() => count(panama).textContent()).toBe('1 of 2')
    await panama.getByTestId('replace-one').click()
    await expect.poll(() => suggestionMarkTexts(panama, 'deletion')).toEqual(['Conferencia'])
    await expect.poll(() => suggestionMarkTexts(panama, 'insertion')).toEqual(['Reunión'])
    // Struck words are not found again: one place is left, and it is selected.
    await expect.poll(() => count(panama).textContent()).toBe('1 of 1')
    const ins = panama.locator('.ProseMirror ins[data-suggestion-id]').first()
    await expect(ins.getAttribute('data-delegation')).resolves.toBe('PAN')
    await expect(ins.getAttribute('data-author-name')).resolves.toBe('Carlos Méndez')

    await find(panama, 'de')
    await panama.getByTestId('find-whole-word').check()
    // "países de origen" (PP1) and "contribuciones de los puntos" (OP2); not "del", not "Destacando".
    await expect.poll(() => total(panama)).toBe(2)
    const places = 2
    await panama.getByTestId('replace-input').fill('del')
    await panama.getByTestId('replace-all').click()
    await expect.poll(() => total(panama)).toBe(0)
    const ids = await panama.locator('.ProseMirror ins[data-suggestion-id]').evaluateAll((marks) => new Set(marks.map((m) => m.getAttribute('data-suggestion-id'))).size)
    expect(ids).toBe(places + 1)
    await panama.screenshot({ path: screenshotPath('find-3-suggesting-en') })

    // Chile, editing, sees each one as Panamá's suggestion; the text itself is unchanged.
    await expect.poll(() => chile.getByTestId('review-toggle').getAttribute('data-open-suggestions'), LIVE).toBe(String(places + 1))
    await expect.poll(() => suggestionMarkTexts(chile, 'deletion'), LIVE).toEqual(['de', 'Conferencia', 'de'])
  })
})
