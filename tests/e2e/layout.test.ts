/**
 * The editor's layout from 1024 to 1920 px ([UI-LAYOUT-1] in client/SPEC.md): Chile's owner
 * with Panamá, the CRM and the CSM technical secretariats in the draft, the review sidebar
 * open, at 1024×768, 1440×900 and 1920×1080. The title is never cut, the sidebar's tabs fit,
 * the toolbar keeps to one row where there is room, the sidebar sits beside the text where
 * there is room and over it, on demand, where there is not; the presence avatars and the
 * Share dialog tell the two secretariats apart. Screenshots go to
 * tests/.artifacts/screenshots (layout-*.png), to be looked at.
 */
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { screenshotPath } from '../helpers/browser.ts'
import { share } from '../helpers/session.ts'
import { browserRoom } from '../helpers/browser-room.ts'

const LIVE = { timeout: 15_000 }
const TITLE = 'Declaración conjunta de la CRM y la CSM sobre movilidad humana'

const room = browserRoom({ people: ['panama', 'secretariatCrm', 'secretariatCsm'] })

/** Elements whose text is cut (ellipsis or clipped): their content is wider than their box. */
const clipped = (page: Page, selector: string): Promise<string[]> =>
  page.locator(selector).evaluateAll((elements) =>
    elements.filter((e) => e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1).map((e) => (e.textContent ?? '').trim()),
  )

const box = async (page: Page, selector: string) => (await page.locator(selector).first().boundingBox())!

describe.skipIf(room.skipReason !== null)('layout from 1024 to 1920 px', () => {
  it('[UI-LAYOUT-1] title, tabs, toolbar and sidebar hold at 1024×768, 1440×900 and 1920×1080', async () => {
    const draftId = await room.server.createDocument(TITLE, 'declaration')
    for (const code of ['PAN', 'ST-CRM', 'ST-CSM']) await share(room.server.url, room.server.session, draftId, { type: 'delegation', id: code }, 'editor')
    const url = `${room.server.url}/d/${draftId}`
    const page = await room.openDraft('es-ES', room.server.session.user.email, url, 'Encomendamos')
    await Promise.all(Object.values(room.people).map((o) => room.openDraft('es-ES', o.user.email, url, 'Encomendamos')))
    await expect.poll(() => page.getByTestId('presence').getAttribute('data-count'), LIVE).toBe('4')
    // The two secretariats' faces do not read the same.
    const faces = await page.locator('[data-testid="presence"] .avatar').evaluateAll((avatars) => avatars.map((a) => a.textContent))
    expect(new Set(faces).size).toBe(4)

    for (const [width, height] of [
      [1920, 1080],
      [1440, 900],
      [1024, 768],
    ] as const) {
      await page.setViewportSize({ width, height })
      if ((await page.getByTestId('review-toggle').getAttribute('aria-expanded')) !== 'true') await page.getByTestId('review-toggle').click()
      await page.getByTestId('review-sidebar').waitFor()
      await page.screenshot({ path: screenshotPath(`layout-${width}x${height}-es`) })
      expect(await clipped(page, '[role="tab"]'), `tabs at ${width}`).toEqual([])
      expect(await clipped(page, '.app-header__tools button, .app-header__tools a'), `header at ${width}`).toEqual([])
      const toolbar = await box(page, '[data-testid="toolbar"]')
      const sidebar = await box(page, '[data-testid="review-sidebar"]')
      const text = await box(page, '.page')
      if (width >= 1440) {
        expect(toolbar.height, `toolbar rows at ${width}`).toBeLessThan(60)
        // Beside the text, not over it.
        expect(sidebar.x, `sidebar at ${width}`).toBeGreaterThanOrEqual(text.x + text.width - 1)
      } else {
        expect(toolbar.height, `toolbar rows at ${width}`).toBeLessThan(110)
      }
      expect(await clipped(page, '[data-testid="draft-title"]'), `title at ${width}`).toEqual([])
      // …and not under the faces beside it.
      const title = await box(page, '[data-testid="draft-title"]')
      expect(title.x + title.width, `title beside the faces at ${width}`).toBeLessThanOrEqual((await box(page, '[data-testid="presence"]')).x)
    }

    // At 1024 the sidebar is over the text on demand: closed, the text has the whole width;
    // open, the text keeps its width beneath.
    await page.getByTestId('review-toggle').click()
    await page.getByTestId('review-sidebar').waitFor({ state: 'detached' })
    const alone = await box(page, '.page')
    expect(alone.width).toBeGreaterThan(700)
    await page.screenshot({ path: screenshotPath('layout-1024x768-closed-es') })
    await page.getByTestId('review-toggle').click()
    await page.getByTestId('review-sidebar').waitFor()
    expect((await box(page, '.page')).width).toBe(alone.width)

    await page.getByTestId('share-button').click()
    await page.getByTestId('share-dialog').waitFor()
    await page.screenshot({ path: screenshotPath('layout-share-es') })
  })
})
