/**
 * Real Chromium (Debian's package) driven by playwright-core. Under CI=true a missing
 * browser fails the run; elsewhere the browser tests skip with the reason printed.
 */
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { spawnSync } from 'node:child_process'
import { expect } from 'vitest'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { REPO_ROOT } from './child-server.ts'

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const SCREENSHOT_DIR = join(REPO_ROOT, 'tests/.artifacts/screenshots')

/** Null when the browser tests can run, else why not. Throws under CI. */
export function browserUnavailable(): string | null {
  if (existsSync(CHROMIUM_PATH)) return null
  const reason = `Chromium not found at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)`
  if (process.env.CI === 'true') throw new Error(`${reason}; under CI the browser tests must run`)
  console.warn(`[e2e] skipped: ${reason}`)
  return reason
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

/** Builds client/dist if its sources changed since the last build (a no-op otherwise). */
export function ensureClientBuilt(): string {
  const result = spawnSync('pnpm', ['--silent', '--filter', '@consenso/client', 'run', 'build:if-needed'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  })
  if (result.status !== 0) throw new Error(`client build failed:\n${result.stdout}\n${result.stderr}`)
  return join(REPO_ROOT, 'client/dist')
}

export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  return join(SCREENSHOT_DIR, `${name}.png`)
}

/** A person in their own browser context (own cookies, own IndexedDB), in `locale`. */
export async function newPerson(browser: Browser, locale: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 860 } })
  const page = await context.newPage()
  page.setDefaultTimeout(15_000)
  return { context, page }
}

/**
 * A person who opens a draft's link signed out, signs in on the way, and waits until the
 * draft shows `expected`. The context is added to `contexts` so the test closes it.
 */
export async function openDraftAs(
  browser: Browser,
  contexts: BrowserContext[],
  person: { locale: string; email: string; password: string },
  draftUrl: string,
  expected: string,
): Promise<Page> {
  const { context, page } = await newPerson(browser, person.locale)
  contexts.push(context)
  await page.goto(draftUrl)
  await signInThroughPage(page, person.email, person.password)
  await expect.poll(() => editorText(page), { timeout: 15_000 }).toContain(expected)
  return page
}

/**
 * Signs in through the web page. Call on any page that leads to /sign-in (the gate sends a
 * signed-out visitor there and back to the page asked for afterwards).
 */
/** Waits until the page's save status says everything typed is stored. */
export const waitSaved = (page: Page): Promise<void> => expect.poll(() => page.getByTestId('save-status').getAttribute('data-state'), { timeout: 15_000 }).toBe('saved')

export async function signInThroughPage(page: Page, email: string, password: string): Promise<void> {
  await page.getByTestId('sign-in').waitFor({ state: 'visible' })
  await page.getByTestId('sign-in-email').fill(email)
  await page.getByTestId('sign-in-password').fill(password)
  await page.getByTestId('sign-in-submit').click()
  await page.getByTestId('user-menu-button').waitFor({ state: 'visible' })
}

/** The document's text as Tiptap holds it (innerText would include other people's caret labels). */
export function editorText(page: Page): Promise<string> {
  // The draft's own editor: a bilingual draft shows a second one, its translation, beside it.
  return page
    .locator('#draft-body')
    .evaluate((element) => (element as unknown as { editor: { getText(o: object): string } }).editor.getText({ blockSeparator: '\n' }))
}

export async function typeAtEnd(page: Page, text: string): Promise<void> {
  await page.locator('#draft-body').click()
  await page.keyboard.press('Control+End')
  await page.keyboard.press('Enter')
  await page.keyboard.type(text, { delay: 5 })
}

/**
 * Selects `text` in the editor the way a mouse drag does: by setting the page's selection,
 * which ProseMirror reads (editable or not). `collapse: 'start'` puts the caret just before
 * the text instead. Text in widgets (carets, paragraph numbers) is not part of the document.
 */
export async function selectInEditor(page: Page, text: string, collapse?: 'start'): Promise<void> {
  await page.locator('#draft-body').evaluate(
    (root, [wanted, where]) => {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
        acceptNode: (node) => (node.parentElement?.closest('.ProseMirror-widget') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
      })
      const nodes: Array<{ node: Text; start: number }> = []
      let all = ''
      while (walker.nextNode()) {
        const node = walker.currentNode as Text
        nodes.push({ node, start: all.length })
        all += node.data
      }
      const index = all.indexOf(wanted!)
      if (index < 0) throw new Error(`"${wanted}" is not in the editor`)
      // The start belongs to the node the character is in; the end, to the node that holds
      // the last character (so a selection never ends at the start of the next node).
      const at = (offset: number, end: boolean): [Text, number] => {
        const found = [...nodes].reverse().find(({ start }) => (end ? start < offset : start <= offset))!
        return [found.node, offset - found.start]
      }
      const [startNode, startOffset] = at(index, false)
      const [endNode, endOffset] = where === 'start' ? [startNode, startOffset] : at(index + wanted!.length, true)
      window.getSelection()!.setBaseAndExtent(startNode, startOffset, endNode, endOffset)
    },
    [text, collapse] as const,
  )
}

/** The text the highlight of `threadId` covers, without widgets (carets) inside it. */
export function highlightedText(page: Page, threadId: string): Promise<string> {
  return page.locator('#draft-body').evaluate((root, id) => {
    const selector = `[data-thread-id="${CSS.escape(id)}"]`
    const marks = Array.from(root.querySelectorAll(selector)).filter((mark) => !mark.parentElement?.closest(selector))
    return marks
      .map((mark) => {
        const copy = mark.cloneNode(true) as HTMLElement
        copy.querySelectorAll('.ProseMirror-widget').forEach((widget) => widget.remove())
        return copy.textContent ?? ''
      })
      .join('')
  }, threadId)
}

/** The texts of the suggestion marks of one kind in the editor, in document order (widgets left out). */
export function suggestionMarkTexts(page: Page, kind: 'insertion' | 'deletion'): Promise<string[]> {
  return page.locator('#draft-body').evaluate((root, tag) => {
    return Array.from(root.querySelectorAll(`${tag}[data-suggestion-id]`)).map((mark) => {
      const copy = mark.cloneNode(true) as HTMLElement
      copy.querySelectorAll('.ProseMirror-widget').forEach((widget) => widget.remove())
      return copy.textContent ?? ''
    })
  }, kind === 'insertion' ? 'ins' : 'del')
}
