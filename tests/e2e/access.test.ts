/**
 * Accounts and sharing in real Chromium against a real server that starts with no accounts:
 * Chile's focal point creates the first administrator on the setup page, invites Panamá's
 * focal point from the administration page, and shares a draft with the whole Panamá
 * delegation as commenter. Panamá accepts the invitation in another browser, opens the draft
 * read-only and cannot change it; when Chile makes the delegation editor the page follows
 * within seconds, and when Chile withdraws access the page says so. Screenshots go to
 * tests/.artifacts/screenshots (git-ignored).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import type { AuditEntry, AuthState } from '@consenso/protocol'
import {
  browserUnavailable,
  editorText,
  ensureClientBuilt,
  launchChromium,
  newPerson,
  screenshotPath,
  signInThroughPage,
  typeAtEnd,
} from '../helpers/browser.ts'
import { startFirstRunServer, type FirstRunServer } from '../helpers/server.ts'
import { api, invite, setupAdmin, signIn, TEST_PASSWORD } from '../helpers/session.ts'

const skipReason = browserUnavailable()

let server: FirstRunServer
let browser: Browser
const contexts: BrowserContext[] = []

const CHILE = { name: 'Ana Pérez', email: 'ana.perez@minrel.cl' }
const PANAMA = { name: 'María González', email: 'maria.gonzalez@migracion.gob.pa' }

beforeAll(async () => {
  if (skipReason) return
  const clientDist = ensureClientBuilt()
  server = await startFirstRunServer({ clientDist })
  browser = await launchChromium()
})

afterAll(async () => {
  for (const context of contexts) await context.close()
  await browser?.close()
  await server?.close()
})

async function person(locale: string): Promise<{ context: BrowserContext; page: Page }> {
  const opened = await newPerson(browser, locale)
  contexts.push(opened.context)
  return opened
}

/** Fills the new-account form shared by the setup and invitation pages. */
async function fillAccount(page: Page, fields: { name: string; email?: string; delegation?: string }): Promise<void> {
  await page.getByTestId('account-name').fill(fields.name)
  if (fields.email !== undefined) await page.getByTestId('account-email').fill(fields.email)
  if (fields.delegation !== undefined) await page.getByTestId('account-delegation').selectOption(fields.delegation)
  await page.getByTestId('account-password').fill(TEST_PASSWORD)
  await page.getByTestId('account-password-repeat').fill(TEST_PASSWORD)
}

const isEditable = (page: Page): Promise<string | null> => page.locator('.ProseMirror').getAttribute('contenteditable')

describe.skipIf(skipReason !== null)('accounts and sharing in the browser', () => {
  it('[UI-2] an invited delegation shared as commenter reads the draft but cannot change it', async () => {
    const chile = await person('es-ES')
    const panama = await person('en-US')

    // First run: every address leads to the setup page.
    await chile.page.goto(`${server.url}/d/whatever`)
    await expect.poll(() => new URL(chile.page.url()).pathname).toBe('/setup')
    await fillAccount(chile.page, { name: CHILE.name, email: CHILE.email, delegation: 'CHL' })
    await chile.page.screenshot({ path: screenshotPath('20-setup-es'), fullPage: true })
    await chile.page.getByTestId('account-submit').click()
    await expect.poll(() => new URL(chile.page.url()).pathname).toBe('/')
    await expect(chile.page.getByTestId('user-menu-button').innerText()).resolves.toMatch(/Ana Pérez[\s·]*CHL/)

    // The administration page, through the user menu; invite Panamá's focal point.
    await chile.page.getByTestId('user-menu-button').click()
    await chile.page.screenshot({ path: screenshotPath('21-user-menu-es') })
    await chile.page.getByTestId('menu-admin').click()
    await chile.page.getByTestId('admin-page').waitFor()
    await chile.page.getByTestId('invite-delegation-select').selectOption('PAN')
    await chile.page.getByTestId('invite-email').fill(PANAMA.email)
    await chile.page.getByTestId('invite-submit').click()
    const link = await chile.page.getByTestId('invite-link').inputValue()
    expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]+$/)
    await expect.poll(() => chile.page.locator('[data-testid="audit-row"][data-action="invitation.created"]').count()).toBe(1)
    await chile.page.screenshot({ path: screenshotPath('22-admin-invite-es'), fullPage: true })

    // Panamá accepts in another browser and lands signed in.
    await panama.page.goto(link)
    await expect(panama.page.getByTestId('invite-delegation').innerText()).resolves.toMatch(/PAN — Panama/)
    await expect(panama.page.getByTestId('account-email').inputValue()).resolves.toBe(PANAMA.email)
    expect(await panama.page.getByTestId('account-email').getAttribute('readonly')).not.toBeNull()
    await fillAccount(panama.page, { name: PANAMA.name })
    await panama.page.screenshot({ path: screenshotPath('23-invitation-en'), fullPage: true })
    await panama.page.getByTestId('account-submit').click()
    await expect.poll(() => new URL(panama.page.url()).pathname).toBe('/')
    await expect(panama.page.getByTestId('user-menu-button').innerText()).resolves.toMatch(/María González[\s·]*PAN/)
    await panama.page.getByTestId('empty-state').waitFor()

    // The administrator sees the new account.
    await chile.page.reload()
    await chile.page.locator(`[data-testid="user-row"][data-email="${PANAMA.email}"]`).waitFor()

    // Chile creates a draft and shares it with the whole Panamá delegation as commenter.
    await chile.page.goto(server.url)
    await chile.page.getByTestId('new-draft-title').fill('Declaración conjunta CRM–CSM')
    await chile.page.getByTestId('template-declaration').check()
    await chile.page.getByTestId('new-draft-submit').click()
    await chile.page.waitForURL(/\/d\/[A-Za-z0-9_-]+$/)
    const draftPath = new URL(chile.page.url()).pathname
    await expect.poll(() => editorText(chile.page)).toContain('Preámbulo')
    await chile.page.getByTestId('share-button').click()
    const dialog = chile.page.getByTestId('share-dialog')
    await dialog.getByTestId('share-kind-delegation').check()
    await dialog.getByTestId('share-delegation').selectOption('PAN')
    await dialog.getByTestId('share-role-commenter').check()
    await dialog.getByTestId('share-submit').click()
    const panamaMember = dialog.locator('[data-testid="member-item"][data-principal-type="delegation"][data-principal-id="PAN"]')
    await expect.poll(() => panamaMember.getAttribute('data-role')).toBe('commenter')
    await expect(panamaMember.innerText()).resolves.toMatch(/PAN — Panamá/)
    await chile.page.screenshot({ path: screenshotPath('24-share-delegation-es') })
    await dialog.getByTestId('share-close').click()
    await typeAtEnd(chile.page, 'Texto propuesto por Chile.')
    await expect.poll(() => chile.page.getByTestId('save-status').getAttribute('data-state')).toBe('saved')

    // Panamá finds it in the portal (refreshed every few seconds) with the role, and opens it.
    await expect.poll(() => panama.page.getByTestId('document-item').count(), { timeout: 15_000 }).toBe(1)
    await expect(panama.page.getByTestId('document-role').getAttribute('data-role')).resolves.toBe('commenter')
    await panama.page.getByTestId('document-item').getByRole('link').click()
    await expect.poll(() => new URL(panama.page.url()).pathname).toBe(draftPath)
    await expect.poll(() => editorText(panama.page)).toContain('Texto propuesto por Chile.')
    const notice = panama.page.getByTestId('read-only-notice')
    await notice.waitFor()
    await expect(notice.innerText()).resolves.toMatch(/You can read this draft as a commenter; only editors and owners change its text/)
    await expect(panama.page.getByTestId('role-badge').getAttribute('data-role')).resolves.toBe('commenter')
    expect(await isEditable(panama.page)).toBe('false')
    expect(await panama.page.getByTestId('toolbar').count()).toBe(0)

    // Typing changes nothing, neither here nor on Chile's side.
    const before = await editorText(panama.page)
    await panama.page.locator('.ProseMirror').click()
    await panama.page.keyboard.press('Control+End')
    await panama.page.keyboard.type('Texto no autorizado de Panamá', { delay: 5 })
    await panama.page.keyboard.press('Enter')
    await panama.page.keyboard.press('Backspace')
    expect(await editorText(panama.page)).toBe(before)
    await panama.page.screenshot({ path: screenshotPath('25-commenter-read-only-en') })
    // A later change of Chile's reaches Panamá: had anything of Panamá's been sent before
    // it, Chile would hold it by now.
    await typeAtEnd(chile.page, 'Segundo párrafo de Chile.')
    await expect.poll(() => editorText(panama.page)).toContain('Segundo párrafo de Chile.')
    expect(await editorText(chile.page)).not.toContain('no autorizado')
    expect(await editorText(panama.page)).toBe(await editorText(chile.page))
    // The page never even tried: the server recorded no refused write.
    const admin = await signIn(server.url, CHILE.email)
    const denied = await api(server.url, admin).get('/api/admin/audit?action=write.denied')
    expect(((await denied.json()) as { entries: AuditEntry[] }).entries).toEqual([])

    // Panamá sees the members but cannot change them.
    await panama.page.getByTestId('share-button').click()
    await panama.page.getByTestId('share-read-only').waitFor()
    expect(await panama.page.getByTestId('member-role').count()).toBe(0)
    await panama.page.screenshot({ path: screenshotPath('26-share-read-only-en') })
    await panama.page.getByTestId('share-close').click()

    // Chile makes Panamá editor: the open page becomes editable within seconds.
    await chile.page.getByTestId('share-button').click()
    await panamaMember.getByTestId('member-role').selectOption('editor')
    await expect.poll(() => panamaMember.getAttribute('data-role')).toBe('editor')
    await dialog.getByTestId('share-close').click()
    await expect.poll(() => isEditable(panama.page), { timeout: 15_000 }).toBe('true')
    expect(await panama.page.getByTestId('read-only-notice').count()).toBe(0)
    await typeAtEnd(panama.page, 'Redacción propuesta por Panamá.')
    await expect.poll(() => editorText(chile.page)).toContain('Redacción propuesta por Panamá.')
    await expect.poll(() => panama.page.getByTestId('save-status').getAttribute('data-state')).toBe('saved')

    // Chile withdraws access: Panamá's page says so at once and keeps no copy of the text.
    await chile.page.getByTestId('share-button').click()
    await panamaMember.getByTestId('member-remove').click()
    await panamaMember.waitFor({ state: 'detached' })
    await dialog.getByTestId('share-close').click()
    const gone = panama.page.getByTestId('no-access')
    await gone.waitFor()
    await expect(gone.getAttribute('data-reason')).resolves.toBe('revoked')
    expect(await panama.page.locator('.ProseMirror').count()).toBe(0)
    await panama.page.screenshot({ path: screenshotPath('27-access-withdrawn-en') })

    // Disabling an account asks first.
    await chile.page.goto(`${server.url}/admin`)
    const mariaRow = chile.page.locator(`[data-testid="user-row"][data-email="${PANAMA.email}"]`)
    await mariaRow.getByTestId('user-toggle-disabled').click()
    const confirmDialog = chile.page.locator('[data-testid="confirm-dialog"][open]')
    await expect(confirmDialog.innerText()).resolves.toMatch(/María González/)
    await chile.page.screenshot({ path: screenshotPath('28-admin-confirm-disable-es') })
    await confirmDialog.getByRole('button', { name: 'Cancelar' }).click()
    await confirmDialog.waitFor({ state: 'hidden' })

    // The audit log tells the story, filtered and as CSV with the same filters.
    await chile.page.getByTestId('audit-action').selectOption('member.set')
    await expect.poll(() => chile.page.getByTestId('audit-row').count()).toBe(2)
    await expect(chile.page.getByTestId('audit-csv').getAttribute('href')).resolves.toMatch(/^\/api\/admin\/audit\.csv\?action=member\.set$/)
    await chile.page.getByTestId('audit-action').selectOption('')
    await chile.page.screenshot({ path: screenshotPath('29-admin-audit-es'), fullPage: true })
  })
  it('the account menu: a wrong password is refused, the password changes, sign-out ends every session', async () => {
    // Self-contained: the setup above may not have run (or not got that far).
    const state = (await (await api(server.url).get('/api/auth/state')).json()) as AuthState
    const admin = state.firstRun ? await setupAdmin(server.url, { ...CHILE, delegation: 'CHL' }) : await signIn(server.url, CHILE.email)
    const lucia = await invite(server.url, admin, { email: 'lucia.romero@mrree.gub.uy', name: 'Lucía Romero', delegation: 'URY' })
    const stillSignedIn = async (cookie: string): Promise<boolean> =>
      ((await (await api(server.url, { cookie, user: lucia.user }).get('/api/auth/state')).json()) as AuthState).user !== null
    const newPassword = 'otra-contraseña-bastante-larga'

    const { page } = await person('es-ES')
    await page.goto(server.url)
    await page.getByTestId('sign-in').waitFor()
    await page.getByTestId('sign-in-email').fill(lucia.user.email)
    await page.getByTestId('sign-in-password').fill('no-es-la-contraseña')
    await page.getByTestId('sign-in-submit').click()
    await expect(page.getByTestId('sign-in-error').innerText()).resolves.toMatch(/no corresponden a ninguna cuenta/)
    await page.screenshot({ path: screenshotPath('30-sign-in-refused-es') })
    await signInThroughPage(page, lucia.user.email, TEST_PASSWORD)

    // A wrong current password is refused in place; the right one changes it and ends the
    // other sessions (the one the invitation opened), not this one.
    await page.getByTestId('user-menu-button').click()
    await page.getByTestId('menu-change-password').click()
    const dialog = page.getByTestId('change-password-dialog')
    await dialog.getByTestId('password-current').fill('no-es-la-contraseña')
    await dialog.getByTestId('password-new').fill(newPassword)
    await dialog.getByTestId('password-repeat').fill(newPassword)
    await dialog.getByTestId('password-submit').click()
    await expect(dialog.getByRole('alert').innerText()).resolves.toMatch(/contraseña actual no es correcta/)
    await page.screenshot({ path: screenshotPath('31-change-password-refused-es') })
    await dialog.getByTestId('password-current').fill(TEST_PASSWORD)
    await dialog.getByTestId('password-submit').click()
    await dialog.getByTestId('change-password-done').waitFor()
    expect(await stillSignedIn(lucia.cookie)).toBe(false)
    await dialog.getByRole('button', { name: 'Cerrar' }).last().click()
    await dialog.waitFor({ state: 'hidden' })

    // Sign out everywhere asks first, then ends this session and every other one too.
    const elsewhere = await signIn(server.url, lucia.user.email, newPassword)
    await page.getByTestId('user-menu-button').click()
    await page.getByTestId('menu-sign-out-everywhere').click()
    await page.getByTestId('confirm-submit').click()
    await expect.poll(() => new URL(page.url()).pathname).toBe('/sign-in')
    expect(await stillSignedIn(elsewhere.cookie)).toBe(false)
    await page.goto(server.url)
    await expect.poll(() => new URL(page.url()).pathname).toBe('/sign-in')
  })
})
