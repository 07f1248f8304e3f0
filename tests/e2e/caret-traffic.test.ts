/**
 * PERF-12 in real Chromium: what a keystroke sets off on the other screens. Chile types while
 * Panamá's caret rests in the text. Panamá's page sends no caret message for Chile's typing
 * (its caret did not move; y-tiptap re-announced it after every remote change) and never sends
 * Chile's caret back to the server (y-websocket echoed every awareness change it applied);
 * Chile's page sends only Chile's own caret (how often: TYPE-4, tests/unit/keystroke-cost.test.ts).
 * Both still see each other's caret.
 */
import { describe, expect, it } from 'vitest'
import type { CDPSession, Page } from 'playwright-core'
import * as decoding from 'lib0/decoding'
import { openDraftAs } from '../helpers/browser.ts'
import { share, TEST_PASSWORD } from '../helpers/session.ts'
import { browserRoom } from '../helpers/browser-room.ts'

const room = browserRoom({ people: ['panama2'] })

const MESSAGE_AWARENESS = 1
const TYPED = 'Reafirmando el compromiso '

/** The awareness client ids in each awareness frame `page` sends, frame by frame. */
async function awarenessSent(page: Page): Promise<{ frames: number[][]; session: CDPSession }> {
  const session = await page.context().newCDPSession(page)
  const frames: number[][] = []
  session.on('Network.webSocketFrameSent', ({ response }) => {
    const data = Buffer.from(response.payloadData, 'base64')
    const decoder = decoding.createDecoder(data)
    if (decoding.readVarUint(decoder) !== MESSAGE_AWARENESS) return
    const update = decoding.createDecoder(decoding.readVarUint8Array(decoder))
    const ids: number[] = []
    for (let n = decoding.readVarUint(update); n > 0; n--) {
      ids.push(decoding.readVarUint(update))
      decoding.readVarUint(update)
      decoding.readVarString(update)
    }
    frames.push(ids)
  })
  await session.send('Network.enable')
  return { frames, session }
}

const clientId = (page: Page): Promise<number> =>
  page.locator('.ProseMirror').evaluate((element) => {
    type Extensions = { extensions: { name: string; options: { document?: { clientID: number } } }[] }
    const editor = (element as unknown as { editor: { extensionManager: Extensions } }).editor
    return editor.extensionManager.extensions.find((extension) => extension.name === 'collaboration')!.options.document!.clientID
  })

/** Puts the caret right after `text` and the focus in the editor. */
function caretAfter(page: Page, text: string): Promise<void> {
  return page.locator('.ProseMirror').evaluate((element, wanted) => {
    type Doc = { descendants(f: (node: { isText: boolean; text?: string }, pos: number) => boolean | void): void }
    const editor = (element as unknown as { editor: { state: { doc: Doc }; view: { focus(): void }; commands: { setTextSelection(pos: number): boolean } } }).editor
    let at = -1
    editor.state.doc.descendants((node, pos) => {
      if (at < 0 && node.isText && node.text?.includes(wanted)) at = pos + node.text.indexOf(wanted) + wanted.length
    })
    editor.view.focus()
    editor.commands.setTextSelection(at)
  }, text)
}

describe.skipIf(room.skipReason !== null)('caret messages while someone types', () => {
  it('[PERF-12] a resting caret sends nothing while another person types; nobody sends anyone else’s caret; both carets still show', async () => {
    const draftId = await room.server.createDocument('Carets que no se repiten', 'blank')
    await share(room.server.url, room.server.session, draftId, { type: 'delegation', id: 'PAN' }, 'editor')
    const url = `${room.server.url}/d/${draftId}`
    const chile = await openDraftAs(room.browser, room.contexts, { locale: 'es-ES', email: room.server.session.user.email, password: TEST_PASSWORD }, url, '')
    const panama = await openDraftAs(room.browser, room.contexts, { locale: 'en-US', email: room.people.panama2.user.email, password: TEST_PASSWORD }, url, '')
    await chile.locator('.ProseMirror').click()
    await chile.keyboard.type('Recordando la labor. ', { delay: 20 })
    await expect.poll(() => panama.locator('.ProseMirror').innerText(), { timeout: 15_000 }).toContain('Recordando la labor.')
    await caretAfter(panama, 'Recordando')
    // Panamá's caret reaches Chile's screen: the resting caret is known before the typing starts.
    await expect.poll(() => chile.locator('.collaboration-carets__caret').count(), { timeout: 15_000 }).toBe(1)
    const [chileId, panamaId] = await Promise.all([clientId(chile), clientId(panama)])

    const [fromChile, fromPanama] = await Promise.all([awarenessSent(chile), awarenessSent(panama)])
    await caretAfter(chile, 'labor. ')
    await chile.keyboard.type(TYPED, { delay: 30 })
    await expect.poll(() => panama.locator('.ProseMirror').innerText(), { timeout: 15_000 }).toContain(TYPED.trim())
    // The last throttled caret of Chile's has gone out and come back through the server.
    await expect.poll(() => fromChile.frames.length, { timeout: 5_000 }).toBeGreaterThan(0)

    expect(fromPanama.frames).toEqual([])
    expect(fromChile.frames.flat().every((id) => id === chileId)).toBe(true)
    // Each sees the other's caret.
    await expect.poll(() => panama.locator('.collaboration-carets__caret').count(), { timeout: 15_000 }).toBe(1)
    expect(await chile.locator('.collaboration-carets__caret').count()).toBe(1)
    expect(panamaId).not.toBe(chileId)
    await Promise.all([fromChile.session.detach(), fromPanama.session.detach()])
  }, 120_000)
})
