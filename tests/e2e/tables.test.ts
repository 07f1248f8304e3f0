/**
 * Tables in the editor (UI-TABLE-1..3, SCHEMA-130..133), in real Chromium against a real server:
 * Ana (Chile, Spanish) inserts a table from the toolbar's Table menu with the keyboard, fills its
 * cells moving with Tab, adds a row and a column and removes the column; Carlos (Panamá, English)
 * sees it live, finds the table's structure closed to him while suggesting, and suggests words in
 * a cell, which Ana sees as his proposal. The server stores what both see.
 */
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { yDocToJSON } from '@consenso/schema'
import { screenshotPath } from '../helpers/browser.ts'
import { browserRoom, PEOPLE, draftWithBody } from '../helpers/browser-room.ts'
import { share } from '../helpers/session.ts'

const room = browserRoom({ people: ['panama'] })

/** Each row's cell texts, as the page shows them (other people's caret labels left out). */
const cells = (page: Page): Promise<string[][]> =>
  page.locator('.ProseMirror table').first().evaluate((table) =>
    [...table.querySelectorAll('tr')].map((tr) =>
      [...tr.querySelectorAll('th, td')].map((cell) => {
        const copy = cell.cloneNode(true) as Element
        for (const widget of copy.querySelectorAll('[contenteditable="false"], .ProseMirror-widget')) widget.remove()
        return (copy.textContent ?? '').trim()
      }),
    ),
  )

describe.skipIf(!!room.skipReason)('[UI-TABLE-1][UI-TABLE-2][UI-TABLE-3] tables in the editor', () => {
  it('one person inserts and fills a table by keyboard, adds and removes rows and columns; another sees it live and suggests words in a cell', async () => {
    const id = await draftWithBody(room.server, 'Anexo de documentos', [
      { type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: 'Anexo de documentos' }] },
      { type: 'paragraph', attrs: { kind: 'preamble' }, content: [{ type: 'text', text: 'Tomando nota de los documentos siguientes:' }] },
    ])
    await share(room.server.url, room.server.session, id, { type: 'user', id: room.people.panama.user.id }, 'editor')
    const url = `${room.server.url}/d/${id}`
    const ana = await room.openDraft('es-ES', room.server.session.user.email, url, 'Tomando nota')
    const carlos = await room.openDraft('en-US', PEOPLE.panama.email, url, 'Tomando nota')

    // UI-TABLE-1: the caret at the end of the paragraph; the Table button opened with ↓, its first item chosen with Enter.
    await ana.locator('.ProseMirror p', { hasText: 'Tomando nota' }).click()
    await ana.keyboard.press('End')
    await ana.getByTestId('tool-table').focus()
    await ana.keyboard.press('ArrowDown')
    const menu = ana.getByTestId('table-menu')
    await menu.waitFor()
    expect(await ana.getByTestId('table-insert').textContent()).toBe('Insertar una tabla')
    expect(await ana.getByTestId('table-rowBelow').isDisabled()).toBe(true)
    await expect.poll(() => ana.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('table-insert')
    await ana.screenshot({ path: screenshotPath('table-1-menu-es') })
    await ana.keyboard.press('Enter')
    await menu.waitFor({ state: 'hidden' })
    await expect.poll(() => cells(ana)).toEqual([['', '', ''], ['', '', ''], ['', '', '']])

    // The caret is in the first header cell: Tab moves from cell to cell.
    for (const [i, words] of ['Documento', 'Signatura', 'Año', 'Agenda 2030', 'A/RES/70/1', '2015', 'Pacto Mundial', 'A/RES/73/195', '2018'].entries()) {
      if (i > 0) await ana.keyboard.press('Tab')
      await ana.keyboard.type(words, { delay: 5 })
    }
    // UI-TABLE-2: a row below the last one (the caret stays where it was: a click goes into it),
    // a column to the right of the first, which is then removed again from its header cell.
    await ana.getByTestId('tool-table').click()
    await ana.getByTestId('table-rowBelow').click()
    await ana.locator('.ProseMirror tr').last().locator('td').first().click()
    await ana.keyboard.type('Nota conjunta', { delay: 5 })
    await ana.getByTestId('tool-table').click()
    await ana.getByTestId('table-columnRight').click()
    await expect.poll(() => cells(ana)).toEqual([
      ['Documento', '', 'Signatura', 'Año'],
      ['Agenda 2030', '', 'A/RES/70/1', '2015'],
      ['Pacto Mundial', '', 'A/RES/73/195', '2018'],
      ['Nota conjunta', '', '', ''],
    ])
    await ana.locator('.ProseMirror tr').first().locator('th').nth(1).click()
    await ana.getByTestId('tool-table').click()
    await ana.getByTestId('table-deleteColumn').click()
    const filled = [
      ['Documento', 'Signatura', 'Año'],
      ['Agenda 2030', 'A/RES/70/1', '2015'],
      ['Pacto Mundial', 'A/RES/73/195', '2018'],
      ['Nota conjunta', '', ''],
    ]
    await expect.poll(() => cells(ana)).toEqual(filled)
    expect(await ana.locator('.ProseMirror table th').count()).toBe(3)

    // Carlos sees it live, in English.
    await expect.poll(() => cells(carlos), { timeout: 15_000 }).toEqual(filled)
    await carlos.getByTestId('tool-table').click()
    expect(await carlos.getByTestId('table-insert').textContent()).toBe('Insert a table')
    await carlos.screenshot({ path: screenshotPath('table-2-seen-live-en') })
    await carlos.keyboard.press('Escape')

    // UI-TABLE-3: while suggesting the table's structure is closed; words in a cell are a proposal.
    await carlos.getByTestId('mode-suggesting').click()
    await expect.poll(() => carlos.getByTestId('tool-table').isDisabled()).toBe(true)
    await carlos.locator('.ProseMirror td', { hasText: 'Pacto Mundial' }).click()
    await carlos.keyboard.press('End')
    await carlos.keyboard.type(' para la Migración', { delay: 5 })
    const proposal = ana.locator('.ProseMirror td ins[data-delegation="PAN"]')
    await expect.poll(() => proposal.textContent(), { timeout: 15_000 }).toBe(' para la Migración')
    await ana.screenshot({ path: screenshotPath('table-3-proposal-in-cell-es') })

    const stored = await room.server.app.collab.read({ documentId: id, name: 'body' }, (doc) => yDocToJSON(doc))
    const table = stored.content!.find((block) => block.type === 'table')!
    expect(table.content).toHaveLength(4)
    expect(table.content![0]!.content!.map((cell) => cell.type)).toEqual(['tableHeader', 'tableHeader', 'tableHeader'])
    expect(JSON.stringify(table.content![2])).toContain('para la Migración')
  })
})
