/**
 * The setting every browser test starts from: a real server on port 0 serving the built
 * client, Chromium, and the people of the scene invited through the real API. One place for
 * it, so that each test file says only who is in the room and what they do.
 *
 * `browserRoom()` registers its own beforeAll/afterAll; the returned object is filled in
 * before the first test runs (reading it at module level gives undefined).
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, expect } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { withBlockIds, writeBody } from '@consenso/schema'
import { browserUnavailable, ensureClientBuilt, launchChromium, newPerson, openDraftAs, screenshotPath, selectInEditor, signInThroughPage } from './browser.ts'
import { appendParagraph, appendParagraphs } from './clients.ts'
import { startServer, type TestServer } from './server.ts'
import { api, invite, share, TEST_PASSWORD, type TestSession } from './session.ts'

/** The cast of the demo negotiation: one focal point per delegation, two secretariats, an observer. */
export const PEOPLE = {
  panama: { email: 'carlos.mendez@mire.gob.pa', name: 'Carlos Méndez', delegation: 'PAN' },
  mexico: { email: 'lucia.hernandez@sre.gob.mx', name: 'Lucía Hernández', delegation: 'MEX' },
  salvador: { email: 'rosa.martinez@rree.gob.sv', name: 'Rosa Martínez', delegation: 'SLV' },
  secretariatCsm: { email: 'secretaria@csm.example', name: 'Tomás Herrera', delegation: 'ST-CSM' },
  secretariatCrm: { email: 'secretaria@crm.example', name: 'Lucía Ramírez', delegation: 'ST-CRM' },
  observer: { email: 'observadora@iom.int', name: 'Grace Miller', delegation: 'OIM' },
  /** Second focal points of Panamá and México, for two people of one delegation. */
  panama2: { email: 'john.smith@migracion.gob.pa', name: 'John Smith', delegation: 'PAN' },
  mexico2: { email: 'luz.gomez@sre.gob.mx', name: 'Luz Gómez', delegation: 'MEX' },
  /** The United States' focal point, who works in English (the bilingual drafts). */
  usa: { email: 'jane.doe@state.gov', name: 'Jane Doe', delegation: 'USA' },
  /** Chile's second focal point (the administrator, Ana Pérez, is the first), for answering together. */
  chile2: { email: 'diego.soto@minrel.cl', name: 'Diego Soto', delegation: 'CHL' },
} as const

export type Person = keyof typeof PEOPLE

export interface BrowserRoom<P extends Person> {
  /** Why the browser tests cannot run here (they skip), or null. Throws under CI instead. */
  readonly skipReason: string | null
  readonly server: TestServer
  readonly browser: Browser
  /** Contexts the test opened; closed after the file. */
  readonly contexts: BrowserContext[]
  /** The invited people, signed in over the API (the administrator, Chile, is `server.session`). */
  readonly people: Readonly<Record<P, TestSession>>
  /**
   * `email` opens `url` signed out, signs in on the way, in `locale`, and waits for `expected`
   * in the editor.
   */
  openDraft(locale: string, email: string, url: string, expected: string): Promise<Page>
  /**
   * `email` opens `path` (of the room's server) signed out, in `locale`, and signs in on the way;
   * the page is that of a new context, closed after the file.
   */
  signIn(locale: string, email: string, path: string): Promise<Page>
}

export function browserRoom<P extends Person = never>(options: { people?: readonly P[]; skip?: () => boolean } = {}): BrowserRoom<P> {
  const contexts: BrowserContext[] = []
  const room = {
    skipReason: browserUnavailable(),
    contexts,
    people: {} as Record<P, TestSession>,
    openDraft: (locale: string, email: string, url: string, expected: string) =>
      openDraftAs(room.browser, contexts, { locale, email, password: TEST_PASSWORD }, url, expected),
    signIn: async (locale: string, email: string, path: string) => {
      const { context, page } = await newPerson(room.browser, locale)
      contexts.push(context)
      await page.goto(`${room.server.url}${path}`)
      await signInThroughPage(page, email, TEST_PASSWORD)
      return page
    },
  } as { -readonly [K in keyof BrowserRoom<P>]: BrowserRoom<P>[K] }

  beforeAll(async () => {
    if (room.skipReason || options.skip?.()) return
    room.server = await startServer({ clientDist: ensureClientBuilt() })
    const names = options.people ?? []
    const sessions = await Promise.all(names.map((name) => invite(room.server.url, room.server.session, PEOPLE[name])))
    const people = room.people as Record<P, TestSession>
    names.forEach((name, index) => (people[name] = sessions[index]!))
    room.browser = await launchChromium()
  })

  afterAll(async () => {
    for (const context of contexts) await context.close()
    await room.browser?.close()
    await room.server?.close()
  })

  return room
}

/** Screenshots of `page` at 1440×900 and 1024×768 (`<name>-<width>.png`), then back to 1280×860. */
export async function shots(page: Page, name: string): Promise<void> {
  for (const [width, height] of [
    [1440, 900],
    [1024, 768],
  ] as const) {
    await page.setViewportSize({ width, height })
    await page.screenshot({ path: screenshotPath(`${name}-${width}`) })
  }
  await page.setViewportSize({ width: 1280, height: 860 })
}

/**
 * A declaration (the template) of the administrator's, shared as editor with each delegation
 * of `parties`, which are also its parties; its id and its address.
 */
export async function partiesDeclaration(server: TestServer, parties: readonly string[], title = 'Declaración conjunta CRM–CSM'): Promise<{ id: string; url: string }> {
  const id = await server.createDocument(title, 'declaration')
  for (const code of parties) await share(server.url, server.session, id, { type: 'delegation', id: code }, 'editor')
  expect((await api(server.url, server.session).put(`/api/documents/${id}/parties`, { parties: [...parties].sort() })).status).toBe(200)
  return { id, url: `${server.url}/d/${id}` }
}

/**
 * A declaration (the template: PP1, PP2, OP1, OP2) of the administrator's with the operative
 * paragraphs `texts` added at its end by another client, as a colleague's editor would; its id
 * once the server has stored them.
 */
export async function declarationWithOperatives(server: TestServer, texts: readonly string[], title = 'Declaración conjunta CRM–CSM'): Promise<string> {
  const id = await server.createDocument(title, 'declaration')
  const paragraphs = texts.map((text) => ({ id: randomUUID(), kind: 'operative' as const, text }))
  await appendParagraphs({ wsUrl: server.wsUrl, cookie: server.cookie }, id, paragraphs)
  return id
}

/** An operative paragraph `text` at the end of the draft, as Panamá's editor would have typed it. */
export const addOperative = (server: TestServer, documentId: string, text: string): Promise<void> =>
  appendParagraph({ wsUrl: server.wsUrl, cookie: server.cookie }, documentId, { id: 'op3-typed-by-panama', kind: 'operative', text })

/** A blank draft of the administrator's whose body is `content` (block ids added), as an import leaves it. */
export async function draftWithBody(server: TestServer, title: string, content: NonNullable<Parameters<typeof withBlockIds>[0]['content']>): Promise<string> {
  const id = await server.createDocument(title, 'blank')
  await server.app.collab.write({ documentId: id, name: 'body' }, (doc) => writeBody(doc, withBlockIds({ type: 'doc', content })))
  return id
}

/** Selects `words` in the editor, opens the comment composer by keyboard (Ctrl+Alt+M) and sends `text` (Ctrl+Enter). */
export async function commentByKeyboard(page: Page, words: string, text: string): Promise<void> {
  await selectInEditor(page, words)
  await page.keyboard.press('Control+Alt+M')
  const input = page.getByTestId('composer-input')
  await input.waitFor()
  await input.fill(text)
  await input.press('Control+Enter')
}

/** The PP/OP label of the paragraph holding the caret, as the margin shows it. */
export const caretLabel = (page: Page): Promise<string | null> =>
  page.evaluate(() => {
    const node = window.getSelection()?.anchorNode ?? null
    const element = node instanceof Element ? node : (node?.parentElement ?? null)
    return element?.closest('p')?.querySelector<HTMLElement>('.paragraph-number')?.dataset.label ?? null
  })

/** Whether the caret is within the window (a paragraph opened from a link is scrolled to). */
export const caretOnScreen = (page: Page): Promise<boolean> =>
  page.evaluate(() => {
    const rect = window.getSelection()?.getRangeAt(0)?.getBoundingClientRect()
    return !!rect && rect.top > 0 && rect.bottom < window.innerHeight
  })

/** Operative paragraphs appended at the end of the draft through the page's own editor (so through Yjs, as typing would). */
export async function appendOperativeParagraphs(page: Page, texts: readonly string[]): Promise<void> {
  await page.locator('.ProseMirror').evaluate((root, all) => {
    const editor = (root as unknown as { editor: { state: { doc: { content: { size: number } } }; commands: { insertContentAt(pos: number, content: unknown): boolean } } }).editor
    const paragraphs = all.map((text) => ({ type: 'paragraph', attrs: { kind: 'operative' }, content: [{ type: 'text', text }] }))
    editor.commands.insertContentAt(editor.state.doc.content.size, paragraphs)
  }, texts)
}
