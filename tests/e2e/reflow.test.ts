/**
 * Reflow at 320 CSS pixels (WCAG 1.4.10, client/SPEC.md UI-LAYOUT-10): in real Chromium at
 * 320×640, sign-in, the portal, the editor (its header wrapping onto rows, the sidebar, the
 * Versions and Share dialogs), administration and the register fit their width: nothing makes the
 * page scroll sideways. Each state is photographed (tests/.artifacts/screenshots/reflow-*.png);
 * anything wider than the window is named when it fails.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { browserUnavailable, editorText, ensureClientBuilt, launchChromium, screenshotPath, signInThroughPage } from '../helpers/browser.ts'
import { startServer, type TestServer } from '../helpers/server.ts'
import { TEST_PASSWORD } from '../helpers/session.ts'

const skipReason = browserUnavailable()
const WIDTH = 320
const LIVE = { timeout: 15_000 }

let server: TestServer
let browser: Browser
let context: BrowserContext
let draftUrl: string

beforeAll(async () => {
  if (skipReason) return
  const clientDist = ensureClientBuilt()
  server = await startServer({ clientDist })
  browser = await launchChromium()
  draftUrl = `${server.url}/d/${await server.createDocument('Declaración conjunta CRM–CSM sobre movilidad humana', 'declaration')}`
})

afterAll(async () => {
  await context?.close()
  await browser?.close()
  await server?.close()
})

/** How wide the page is, and the visible elements reaching past the window's right edge. */
async function overflow(page: Page): Promise<{ scrollWidth: number; wider: string[] }> {
  return page.evaluate((width) => {
    const wider: string[] = []
    for (const element of document.querySelectorAll<HTMLElement>('body *')) {
      const box = element.getBoundingClientRect()
      if (box.width === 0 || box.height === 0 || box.right <= width + 0.5) continue
      // Inside something that scrolls or clips on its own: not the page's overflow.
      let clipped = false
      for (let parent = element.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
        const style = getComputedStyle(parent)
        if (style.overflowX !== 'visible' && parent.getBoundingClientRect().right <= width + 0.5) clipped = true
      }
      if (clipped) continue
      const name = `${element.tagName.toLowerCase()}${element.dataset.testid ? `[${element.dataset.testid}]` : ''}.${[...element.classList].join('.')}`
      wider.push(`${name} right=${Math.round(box.right)}`)
    }
    return { scrollWidth: document.documentElement.scrollWidth, wider: wider.slice(0, 12) }
  }, WIDTH)
}

async function fits(page: Page, state: string): Promise<void> {
  await page.screenshot({ path: screenshotPath(`reflow-${state}`) })
  const found = await overflow(page)
  expect(found.scrollWidth, `${state} is ${found.scrollWidth} px wide: ${found.wider.join('; ')}`).toBeLessThanOrEqual(WIDTH)
}

describe.skipIf(skipReason !== null)('reflow at 320 CSS px', () => {
  it('[UI-LAYOUT-10] sign-in, portal, editor (sidebar, Versions and Share dialogs), administration and register need no horizontal scrolling at 320×640', async () => {
    context = await browser.newContext({ locale: 'es-ES', viewport: { width: WIDTH, height: 640 } })
    const page = await context.newPage()
    page.setDefaultTimeout(15_000)

    await page.goto(server.url)
    await page.getByTestId('sign-in').waitFor()
    await fits(page, 'sign-in')
    await signInThroughPage(page, 'ana.perez@minrel.cl', TEST_PASSWORD)
    await page.getByTestId('document-item').first().waitFor()
    await fits(page, 'portal')

    await page.goto(draftUrl)
    await expect.poll(() => editorText(page), LIVE).toContain('Reconociendo')
    await fits(page, 'editor')
    await page.getByTestId('review-toggle').click()
    await page.getByTestId('review-tab-consensus').waitFor()
    await fits(page, 'editor-sidebar')
    // Over the whole window, it closes with its own ×.
    await page.getByTestId('review-close').click()
    await page.getByTestId('review-tab-consensus').waitFor({ state: 'hidden' })

    await page.getByTestId('versions-button').click()
    await page.getByTestId('versions-dialog').waitFor()
    await fits(page, 'versions-dialog')
    await page.keyboard.press('Escape')
    await page.getByTestId('versions-dialog').waitFor({ state: 'hidden' })
    await page.getByTestId('share-button').click()
    await page.getByTestId('share-form').waitFor()
    await fits(page, 'share-dialog')
    await page.keyboard.press('Escape')

    await page.goto(`${server.url}/admin`)
    await page.getByTestId('users-table').waitFor()
    await fits(page, 'admin')
    await page.goto(`${server.url}/register`)
    await page.getByTestId('register-page').waitFor()
    await fits(page, 'register')
  }, 240_000)
})
