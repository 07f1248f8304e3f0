/**
 * Negotiation rounds in real Chromium ([UI-VERSIONS-1] in client/SPEC.md): Chile's focal
 * point, owner of a declaration, saves "Zero draft"; moves OP3 above OP1 by cutting and
 * pasting it, changes words in PP2; saves "Rev.1"; compares the two and sees the move, the
 * renumbering and the word changes, inline and side by side. A comparison names who changed
 * each paragraph (UI-VERSIONS-4), and an open Versions panel follows what others save and
 * restore (UI-VERSIONS-5). Screenshots go to tests/.artifacts/screenshots.
 */
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { editorText, screenshotPath, selectInEditor, waitSaved } from '../helpers/browser.ts'
import { createDraft } from '../helpers/api.ts'
import { typeAfter } from '../helpers/body.ts'
import { appendParagraph, connectClient } from '../helpers/clients.ts'
import { api, invite, share, type TestSession } from '../helpers/session.ts'
import { addOperative, browserRoom, shots } from '../helpers/browser-room.ts'

const PP2 = 'Highlighting the sustained dialogue between the Regional Conference on Migration and the South American Conference on Migration,'
const OP1 = 'Agree to submit joint inputs to the process of the Global Compact for Safe, Orderly and Regular Migration;'
const OP3 = 'Decide to meet again in Panamá before the end of the year.'

const room = browserRoom({ people: ['panama', 'mexico', 'observer'] })

async function openVersions(page: Page): Promise<void> {
  await page.getByTestId('versions-button').click()
  await page.getByTestId('versions-panel').waitFor()
}

async function saveVersion(page: Page, name: string, note: string): Promise<void> {
  await page.getByTestId('version-name').fill(name)
  await page.getByTestId('version-note').fill(note)
  await page.getByTestId('version-save').click()
  await page.locator(`[data-testid="version-item"][data-name="${name}"]`).waitFor()
}

async function closeVersions(page: Page): Promise<void> {
  await page.keyboard.press('Escape')
  await page.getByTestId('versions-panel').waitFor({ state: 'detached' })
}

/** Words typed after `word` by `person` through a stock client, stored before it returns. */
async function typeAs(person: TestSession, documentId: string, word: string, words: string): Promise<void> {
  const client = connectClient({ wsUrl: room.server.wsUrl, cookie: person.cookie }, documentId)
  try {
    await client.waitSynced()
    typeAfter(client.doc, word, words)
    await client.waitSaved()
  } finally {
    client.destroy()
  }
}

async function saveByApi(documentId: string, name: string): Promise<{ id: string }> {
  const response = await api(room.server.url, room.server.session).post(`/api/documents/${documentId}/versions`, { name })
  expect(response.status).toBe(201)
  return (await response.json()) as { id: string }
}

const LIVE = { timeout: 15_000 }


describe.skipIf(room.skipReason !== null)('versions in the browser', () => {
  it('[UI-VERSIONS-1] save "Zero draft", move OP3 above OP1 and change words in PP2, save "Rev.1", compare: the move, the renumbering and the words', async () => {
    const draftId = await createDraft(room.server.url, room.server.session, { title: 'Joint declaration CRM–CSM', template: 'declaration', language: 'en' })
    await addOperative(room.server, draftId, OP3)
    const page = await room.openDraft('en-GB', room.server.session.user.email, `${room.server.url}/d/${draftId}`, OP3)
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: room.server.url })

    const zeroText = await editorText(page)
    await openVersions(page)
    await saveVersion(page, 'Zero draft', 'Circulated to the focal points')
    await page.screenshot({ path: screenshotPath('versions-1-zero-draft-saved') })
    await closeVersions(page)

    // Move OP3 above OP1 as a person does: cut its text, remove the emptied paragraph, open a
    // new paragraph before OP1 and paste.
    await page.locator('.ProseMirror').click()
    await selectInEditor(page, OP3)
    await page.keyboard.press('Control+X')
    await expect.poll(() => editorText(page)).not.toContain(OP3)
    await page.keyboard.press('Backspace')
    await selectInEditor(page, OP1, 'start')
    await page.keyboard.press('Enter')
    await page.keyboard.press('ArrowUp')
    await page.keyboard.press('Control+V')
    await expect.poll(() => editorText(page)).toContain(`${OP3}\n${OP1}`)

    // Change words in PP2.
    await selectInEditor(page, 'sustained dialogue')
    await page.keyboard.type('fruitful cooperation', { delay: 5 })
    await expect.poll(() => editorText(page)).toContain('Highlighting the fruitful cooperation between')
    await waitSaved(page)

    await openVersions(page)
    await saveVersion(page, 'Rev.1', 'OP3 moved up; PP2 reworded')
    await expect.poll(() => page.getByTestId('versions-named').getByTestId('version-item').count()).toBe(2)

    // Compare the two rounds.
    await page.getByTestId('compare-from').selectOption({ label: 'Zero draft' })
    await page.getByTestId('compare-to').selectOption({ label: 'Rev.1' })
    await page.getByTestId('compare-submit').click()
    const rows = page.getByTestId('compare-row')
    await page.getByTestId('versions-compare').waitFor()

    const moved = page.locator('[data-testid="compare-row"][data-moved="true"]')
    await expect.poll(() => moved.count()).toBe(1)
    expect(await moved.getAttribute('data-before')).toBe('OP3')
    expect(await moved.getAttribute('data-after')).toBe('OP1')
    expect(await moved.getByTestId('compare-tag-moved').innerText()).toBe('OP3 moved above OP1')
    expect(await moved.getByTestId('compare-label').innerText()).toBe('OP3 → OP1')

    const renumbered = await rows.evaluateAll((elements) =>
      elements.map((e) => e.querySelector('[data-testid="compare-label"]')?.textContent).filter((label) => label?.includes('→')),
    )
    expect(renumbered).toEqual(['OP3 → OP1', 'OP1 → OP2', 'OP2 → OP3'])

    const pp2 = page.locator('[data-testid="compare-row"][data-after="PP2"]')
    expect(await pp2.getAttribute('data-change')).toBe('edited')
    expect(await pp2.locator('del').allInnerTexts()).toEqual(['sustained dialogue '])
    expect(await pp2.locator('ins').allInnerTexts()).toEqual(['fruitful cooperation '])
    expect(await page.getByTestId('compare-totals').innerText()).toBe('Edited: 1 · added: 0 · removed: 0 · moved: 1 · renumbered: 3 · consensus changes: 0')
    await page.screenshot({ path: screenshotPath('versions-2-compare-inline') })

    await page.getByTestId('compare-mode-side').check({ force: true })
    await expect.poll(() => page.getByTestId('versions-compare').getAttribute('data-mode')).toBe('side')
    // Side by side: the older words struck on the left, the newer underlined on the right.
    expect(await pp2.locator('.versions-cell--before del').allInnerTexts()).toEqual(['sustained dialogue '])
    expect(await pp2.locator('.versions-cell--after ins').allInnerTexts()).toEqual(['fruitful cooperation '])
    expect(await pp2.locator('.versions-cell--after del').count()).toBe(0)
    await page.getByTestId('compare-only-changes').check()
    await page.screenshot({ path: screenshotPath('versions-3-compare-side-by-side') })

    // Open the zero draft read-only: the text as it was, OP3 last.
    await page.locator('[data-testid="version-item"][data-name="Zero draft"]').getByTestId('version-open').click()
    await page.getByTestId('version-view').waitFor()
    const blocks = await page.getByTestId('version-block').allInnerTexts()
    expect(blocks.at(-1)).toContain(OP3)
    expect(blocks.join('\n')).toContain(PP2)
    await page.screenshot({ path: screenshotPath('versions-4-zero-draft-read-only') })
    await page.getByTestId('version-export').waitFor()

    // Restore the zero draft, after confirming: the editor shows its text again, live, and the
    // text before the restore is kept as a checkpoint.
    await page.locator('[data-testid="version-item"][data-name="Zero draft"]').getByTestId('version-restore').click()
    const confirm = page.getByTestId('versions-panel').getByTestId('confirm-dialog')
    await confirm.waitFor()
    await page.screenshot({ path: screenshotPath('versions-5-restore-confirm') })
    await confirm.getByTestId('confirm-submit').click()
    await page.getByTestId('versions-notice').waitFor()
    await expect.poll(() => page.getByTestId('versions-checkpoints').getByTestId('version-item').count()).toBe(1)
    await closeVersions(page)
    await expect.poll(() => editorText(page), { timeout: 15_000 }).toContain(`${OP1}\nEntrust`)
    expect(await editorText(page)).toBe(zeroText)
    await page.screenshot({ path: screenshotPath('versions-6-restored') })
  })

  it('[UI-VERSIONS-1] a Spanish-speaking viewer lists and compares versions, with no save form and no restore', async () => {
    const draftId = await createDraft(room.server.url, room.server.session, { title: 'Declaración conjunta CRM–CSM', template: 'declaration', language: 'es' })
    const panama = await invite(room.server.url, room.server.session, { email: 'observador@mire.gob.pa', name: 'Carlos Méndez', delegation: 'PAN' })
    await share(room.server.url, room.server.session, draftId, { type: 'delegation', id: 'PAN' }, 'viewer')
    const owner = await fetch(`${room.server.url}/api/documents/${draftId}/versions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: room.server.cookie, origin: room.server.url },
      body: JSON.stringify({ name: 'Borrador cero', note: 'Para circular a los puntos focales' }),
    })
    expect(owner.status).toBe(201)
    await addOperative(room.server, draftId, 'Deciden reunirse nuevamente en Panamá antes de fin de año.')

    const page = await room.openDraft('es-ES', panama.user.email, `${room.server.url}/d/${draftId}`, 'Deciden reunirse nuevamente')
    await openVersions(page)
    expect(await page.getByTestId('version-save-form').count()).toBe(0)
    expect(await page.getByTestId('version-restore').count()).toBe(0)
    await page.locator('[data-testid="version-item"][data-name="Borrador cero"]').getByTestId('version-compare-current').click()
    await page.getByTestId('versions-compare').waitFor()
    expect(await page.getByTestId('compare-caption').innerText()).toBe('Cambios de «Borrador cero» a «Texto actual»')
    const added = page.locator('[data-testid="compare-row"][data-change="added"]')
    expect(await added.getAttribute('data-after')).toBe('OP3')
    expect(await added.getByTestId('compare-tag-added').innerText()).toBe('Añadido')
    expect(await page.getByTestId('compare-totals').innerText()).toBe('Editados: 0 · añadidos: 1 · eliminados: 0 · movidos: 0 · renumerados: 0 · cambios de consenso: 0')
    await page.screenshot({ path: screenshotPath('versions-7-viewer-es') })
  })
  it('[UI-VERSIONS-2] an owner imports a Markdown file as "Rev.2": a broken file is refused and a cancelled upload changes nothing; the text arrives live, the rounds compare', async () => {
    const draftId = await createDraft(room.server.url, room.server.session, { title: 'Joint declaration, second round', template: 'declaration', language: 'en' })
    const exported = await fetch(`${room.server.url}/api/documents/${draftId}/export?format=md&view=clean`, { headers: { cookie: room.server.cookie } })
    const markdown = await exported.text()
    expect(markdown).toContain(OP1)
    const rev2 = `${markdown.replace('joint inputs', 'joint written inputs').trimEnd()}\n\nOP3. Decide to review progress at the next meeting.\n`
    const page = await room.openDraft('en-GB', room.server.session.user.email, `${room.server.url}/d/${draftId}`, OP1)
    const before = await editorText(page)
    await openVersions(page)
    await page.getByTestId('version-import-open').click()

    // A damaged Word file: refused in words, nothing listed, the text unchanged.
    await page.getByTestId('version-import-file').setInputFiles({ name: 'rev2.docx', mimeType: 'application/octet-stream', buffer: Buffer.from('PK this is not a zip') })
    await page.getByTestId('version-import-name').fill('Rev.2')
    await page.getByTestId('version-import-submit').click()
    await expect.poll(() => page.getByTestId('version-import-error').innerText()).toBe('rev2.docx is damaged or is not a Word or Markdown file. The draft did not change.')
    await page.screenshot({ path: screenshotPath('versions-8-import-refused') })
    expect(await page.getByTestId('version-item').count()).toBe(0)

    await page.getByTestId('version-import-file').setInputFiles({ name: 'rev2.md', mimeType: 'text/markdown', buffer: Buffer.from(rev2) })
    await page.getByTestId('version-import-note').fill('Text returned by the focal points')

    // Cancelled while the server holds the request: nothing is listed and the form keeps its values.
    let held!: () => void
    const holding = new Promise<void>((resolve) => (held = resolve))
    await page.route('**/api/documents/*/import?*', async (route) => {
      await holding
      await route.abort().catch(() => {})
    })
    await page.getByTestId('version-import-submit').click()
    await page.getByTestId('version-import-cancel').click()
    await expect.poll(() => page.getByTestId('version-import-status').innerText()).toBe('Import cancelled; the draft did not change.')
    held()
    await page.unrouteAll({ behavior: 'ignoreErrors' })
    expect(await page.getByTestId('version-item').count()).toBe(0)
    expect(await page.getByTestId('version-import-name').inputValue()).toBe('Rev.2')
    await page.getByTestId('version-import-submit').click()
    await page.locator('[data-testid="version-item"][data-name="Rev.2"]').waitFor()
    expect(await page.getByTestId('versions-notice').innerText()).toBe('“Rev.2” imported. A checkpoint of the text before it was saved.')
    await expect.poll(() => page.getByTestId('versions-checkpoints').getByTestId('version-item').count()).toBe(1)
    // Inside the closed "Automatic checkpoints" disclosure, so read as text, not as shown.
    expect(await page.getByTestId('versions-checkpoints').getByTestId('version-item').first().textContent()).toContain('Before importing “Rev.2”')

    // The comparison is ready from the checkpoint to the imported round.
    await page.getByTestId('compare-submit').click()
    await page.getByTestId('versions-compare').waitFor()
    expect(await page.getByTestId('compare-caption').innerText()).toMatch(/^Changes from “Before importing “Rev.2”, .+” to “Rev.2”$/u)
    const added = page.locator('[data-testid="compare-row"][data-change="added"]')
    expect(await added.getAttribute('data-after')).toBe('OP3')
    const edited = page.locator('[data-testid="compare-row"][data-change="edited"]')
    expect(await edited.locator('ins').allInnerTexts()).toEqual(['written '])
    await page.screenshot({ path: screenshotPath('versions-9-imported-compare') })

    await closeVersions(page)
    await expect.poll(() => editorText(page), { timeout: 15_000 }).toContain('Decide to review progress at the next meeting.')
    expect(await editorText(page)).not.toBe(before)
    expect(await editorText(page)).toContain('joint written inputs')
  })
  it('[UI-VERSIONS-4] a comparison names who changed each paragraph: Chile and Panamá on OP1, Panamá alone on OP2, inline and side by side', async () => {
    const draftId = await createDraft(room.server.url, room.server.session, { title: 'Joint declaration, authors', template: 'declaration', language: 'en' })
    await share(room.server.url, room.server.session, draftId, { type: 'delegation', id: 'PAN' }, 'editor')
    await share(room.server.url, room.server.session, draftId, { type: 'delegation', id: 'OIM' }, 'viewer')
    await saveByApi(draftId, 'Zero draft')
    await typeAs(room.server.session, draftId, 'joint', ' written')
    await typeAs(room.people.panama, draftId, 'Regular Migration', ' in the region')
    await typeAs(room.people.panama, draftId, 'Entrust', ' jointly')

    // An observer of a third delegation reads the comparison, in English.
    const page = await room.openDraft('en-GB', room.people.observer.user.email, `${room.server.url}/d/${draftId}`, 'joint written inputs')
    await openVersions(page)
    await page.locator('[data-testid="version-item"][data-name="Zero draft"]').getByTestId('version-compare-current').click()
    await page.getByTestId('versions-compare').waitFor()
    const op1 = page.locator('[data-testid="compare-row"][data-after="OP1"]')
    const op2 = page.locator('[data-testid="compare-row"][data-after="OP2"]')
    await expect(op1.getByTestId('compare-tag-authors').innerText()).resolves.toBe('Changed by CHL — Ana Pérez, PAN — Carlos Méndez')
    await expect(op2.getByTestId('compare-tag-authors').innerText()).resolves.toBe('Changed by PAN — Carlos Méndez')
    expect(await op1.locator('ins').allInnerTexts()).toEqual(['written ', ' in the region'])
    // Paragraphs nobody changed name nobody.
    expect(await page.locator('[data-testid="compare-row"][data-change="unchanged"] [data-testid="compare-tag-authors"]').count()).toBe(0)
    await page.getByTestId('compare-only-changes').check()
    await shots(page, 'versions-10-authors-inline-en')

    await page.getByTestId('compare-mode-side').check({ force: true })
    await expect.poll(() => page.getByTestId('versions-compare').getAttribute('data-mode')).toBe('side')
    await expect(op1.getByTestId('compare-tag-authors').innerText()).resolves.toBe('Changed by CHL — Ana Pérez, PAN — Carlos Méndez')
    // Each side reads as its own text, spacing included ("Migration;", not "Migration ;").
    await expect(op1.locator('.versions-cell--before .versions-text').innerText()).resolves.toBe(OP1)
    await expect(op1.locator('.versions-cell--after .versions-text').innerText()).resolves.toBe(
      'Agree to submit joint written inputs to the process of the Global Compact for Safe, Orderly and Regular Migration in the region;',
    )
    await shots(page, 'versions-11-authors-side-en')
  })

  it('[UI-VERSIONS-5] an open Versions panel follows live: a version the owner saves appears, a restore is said and the comparison with the current text is made again', async () => {
    const draftId = await createDraft(room.server.url, room.server.session, { title: 'Declaración conjunta, segunda ronda', template: 'declaration', language: 'es' })
    await share(room.server.url, room.server.session, draftId, { type: 'delegation', id: 'PAN' }, 'editor')
    await share(room.server.url, room.server.session, draftId, { type: 'delegation', id: 'MEX' }, 'viewer')
    const zero = await saveByApi(draftId, 'Borrador cero')
    await appendParagraph({ wsUrl: room.server.wsUrl, cookie: room.people.panama.cookie }, draftId, {
      id: 'op3-de-panama',
      kind: 'operative',
      text: 'Deciden reunirse nuevamente en Panamá antes de fin de año.',
    })

    // México, a viewer, in Spanish: the panel open on the comparison of the zero draft with the current text.
    const page = await room.openDraft('es-ES', room.people.mexico.user.email, `${room.server.url}/d/${draftId}`, 'Deciden reunirse nuevamente')
    await openVersions(page)
    await page.locator('[data-testid="version-item"][data-name="Borrador cero"]').getByTestId('version-compare-current').click()
    const added = page.locator('[data-testid="compare-row"][data-change="added"]')
    await expect(added.getAttribute('data-after')).resolves.toBe('OP3')
    await expect(added.getByTestId('compare-tag-authors').innerText()).resolves.toBe('Cambiado por PAN — Carlos Méndez')

    // Chile saves "Rev.1" from elsewhere: listed at once, with who saved it said.
    await saveByApi(draftId, 'Rev.1')
    await page.locator('[data-testid="version-item"][data-name="Rev.1"]').waitFor(LIVE)
    await expect.poll(() => page.getByTestId('versions-notice').innerText(), LIVE).toBe('CHL — Ana Pérez guardó «Rev.1».')
    await expect(page.getByTestId('compare-from').locator('option', { hasText: 'Rev.1' }).count()).resolves.toBe(1)
    await shots(page, 'versions-12-live-saved-es')

    // Chile restores the zero draft: México's panel says so, lists the checkpoint and compares
    // again, and the text no longer differs from the zero draft.
    expect((await api(room.server.url, room.server.session).post(`/api/documents/${draftId}/versions/${zero.id}/restore`)).status).toBe(200)
    await expect
      .poll(() => page.getByTestId('versions-notice').innerText(), LIVE)
      .toBe(
        'CHL — Ana Pérez restauró «Borrador cero»: el texto cambió para todos y el texto anterior queda como punto de control. La comparación con el texto actual se hizo de nuevo.',
      )
    await expect.poll(() => page.getByTestId('compare-totals').innerText(), LIVE).toBe('Editados: 0 · añadidos: 0 · eliminados: 0 · movidos: 0 · renumerados: 0 · cambios de consenso: 0')
    expect(await page.getByTestId('versions-checkpoints').getByTestId('version-item').count()).toBe(1)
    expect(await page.getByTestId('versions-checkpoints').getByTestId('version-item').first().textContent()).toContain('Antes de restaurar «Borrador cero»')
    await shots(page, 'versions-13-live-restored-es')
    await closeVersions(page)
    await expect.poll(() => editorText(page), LIVE).not.toContain('Deciden reunirse nuevamente')
  })
})
