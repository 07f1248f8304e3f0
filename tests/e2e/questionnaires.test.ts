/**
 * A questionnaire in real Chromium (client/SPEC.md UI-QUEST-1..3, server QUEST-*): the CRM's
 * secretariat, in Spanish, builds five questions (one of each kind) from the portal's link,
 * sends them to Chile, Panamá and México; Chile's two focal points (Ana in English, Diego in
 * Spanish) answer together and each sees the other's answers arrive; Chile submits on time;
 * the secretariat moves the deadline into the past and Panamá submits late, marked so on the
 * secretariat's page as it happens; the secretariat compiles and the compiled draft opens in
 * the editor with every answer. Screenshots in tests/.artifacts/screenshots/97-*.
 */
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import type { QuestionnaireDetail } from '@consenso/protocol'
import { editorText, newPerson, screenshotPath, signInThroughPage } from '../helpers/browser.ts'
import { browserRoom, PEOPLE } from '../helpers/browser-room.ts'
import { api, TEST_PASSWORD } from '../helpers/session.ts'

const room = browserRoom({ people: ['secretariatCrm', 'chile2', 'panama', 'mexico'] })
const LIVE = { timeout: 20_000 }

async function person(locale: string, email: string, path: string): Promise<Page> {
  const { context, page } = await newPerson(room.browser, locale)
  room.contexts.push(context)
  await page.setViewportSize({ width: 1280, height: 900 })
  await page.goto(`${room.server.url}${path}`)
  await signInThroughPage(page, email, TEST_PASSWORD)
  return page
}

const shot = (page: Page, name: string) => page.screenshot({ path: screenshotPath(name), fullPage: true })

describe.skipIf(room.skipReason !== null)('questionnaires', () => {
  it('[UI-QUEST-1] [UI-QUEST-2] [UI-QUEST-3] ST-CRM sends five questions; Chile answers together live; Panamá is late; the compiled draft opens', async () => {
    // The secretariat builds it from the portal.
    const st = await person('es-ES', PEOPLE.secretariatCrm.email, '/')
    await st.getByTestId('questionnaires-link').click()
    await st.getByTestId('new-questionnaire').click()
    await st.getByLabel('Título en español').fill('Insumos para el Pacto Mundial')
    await st.getByLabel('Título en inglés').fill('Inputs for the Global Compact')
    await st.getByLabel('Título de la sección 1 en español').fill('Buenas prácticas')
    await st.getByLabel('Título de la sección 1 en inglés').fill('Good practices')
    const questions: [string, string, string, string | null][] = [
      ['text', 'Describa su principal buena práctica', 'Describe your main good practice', null],
      ['single', 'Prioridad para el Pacto', 'Priority for the Compact', 'Alta | High\nMedia | Medium\nBaja | Low'],
      ['multiple', 'Temas que abarca', 'Themes it covers', 'Protección consular | Consular protection\nRegularización | Regularisation\nRetorno | Return'],
      ['yesno', '¿Existe una ley que la sustente?', 'Is there a law behind it?', null],
      ['table', 'Personas atendidas por año', 'People served per year', 'Año | Year\nPersonas | People'],
    ]
    for (const [index, [kind, es, en, lines]] of questions.entries()) {
      const n = index + 1
      if (n > 1) await st.getByRole('button', { name: 'Añadir una pregunta' }).click()
      await st.getByLabel(`Tipo de la pregunta ${n}`).selectOption(kind)
      await st.getByLabel(`Pregunta ${n} en español`, { exact: true }).fill(es)
      await st.getByLabel(`Pregunta ${n} en inglés`, { exact: true }).fill(en)
      if (lines) await st.getByLabel(n === 5 ? `Columnas de la pregunta ${n}` : `Opciones de la pregunta ${n}`).fill(lines)
    }
    await st.getByLabel('La pregunta 1 es obligatoria').check()
    await st.getByLabel('Ayuda de la pregunta 4 en español').fill('Cite el número de la ley.')
    await st.getByLabel('Ayuda de la pregunta 4 en inglés').fill('Give the number of the law.')
    for (const code of ['CHL', 'PAN', 'MEX']) await st.getByRole('checkbox', { name: new RegExp(`^${code}\\b`) }).check()
    await st.getByLabel('Plazo', { exact: true }).fill('2030-06-30T18:00')
    await shot(st, '97-questionnaire-builder-es')
    await st.getByRole('button', { name: 'Guardar como borrador' }).click()
    await st.getByTestId('open-questionnaire').click()
    await expect.poll(() => st.getByTestId('quest-status').innerText(), LIVE).toBe('Abierto')
    const id = new URL(st.url()).pathname.split('/').pop()!
    const detail = (await (await api(room.server.url, room.people.secretariatCrm).get(`/api/questionnaires/${id}`)).json()) as QuestionnaireDetail
    expect(detail.questionnaire.sections[0]!.questions.map((q) => q.kind)).toEqual(['text', 'single', 'multiple', 'yesno', 'table'])
    expect(detail.questionnaire.addressees.sort()).toEqual(['CHL', 'MEX', 'PAN'])

    // Chile's two focal points on the same answer, in two languages.
    const ana = await person('en-GB', room.server.session.user.email, `/questionnaires/${id}`)
    const diego = await person('es-ES', PEOPLE.chile2.email, `/questionnaires/${id}`)
    await ana.getByLabel(/^1\. Describe your main good practice/).fill('Ventanilla única de atención a migrantes en Santiago')
    await expect.poll(() => diego.getByLabel(/^1\. Describa su principal buena práctica/).inputValue(), LIVE).toBe('Ventanilla única de atención a migrantes en Santiago')
    await diego.getByRole('radio', { name: 'Alta' }).check()
    await diego.getByRole('checkbox', { name: 'Protección consular' }).check()
    await diego.getByRole('checkbox', { name: 'Regularización' }).check()
    await expect.poll(() => ana.getByRole('radio', { name: 'High' }).isChecked(), LIVE).toBe(true)
    await expect.poll(() => ana.getByRole('checkbox', { name: 'Regularisation' }).isChecked(), LIVE).toBe(true)
    await ana.getByRole('radio', { name: 'Yes' }).check()
    await ana.getByLabel('Explanation for question 4').fill('Ley 21.325 de Migración y Extranjería')
    await diego.getByLabel('Año, fila 1').fill('2025')
    await diego.getByLabel('Personas, fila 1').fill('18400')
    await expect.poll(() => ana.getByLabel('People, row 1').inputValue(), LIVE).toBe('18400')
    await expect.poll(() => diego.getByLabel('Explicación de la pregunta 4').inputValue(), LIVE).toBe('Ley 21.325 de Migración y Extranjería')
    await expect.poll(() => ana.getByTestId('answers-status').innerText(), LIVE).toBe('All answers saved.')
    await shot(ana, '97-questionnaire-chile-answering-en')
    await shot(diego, '97-questionnaire-chile-answering-es')
    await expect.poll(() => st.getByTestId('follow-CHL').innerText(), LIVE).toContain('En curso')
    await ana.getByTestId('submit-answers').click()
    await expect.poll(() => diego.getByTestId('answers-status').innerText(), LIVE).toBe('Enviado.')
    await expect.poll(() => st.getByTestId('follow-CHL').innerText(), LIVE).toContain('Enviado')

    // The deadline moves into the past; Panamá then submits, late. México answers but never submits.
    await st.getByTestId('new-deadline').fill('2026-01-15T12:00')
    await st.getByRole('button', { name: 'Cambiar el plazo' }).click()
    await expect.poll(() => st.getByText(/Plazo: .*2026/).count(), LIVE).toBeGreaterThan(0)
    const panama = api(room.server.url, room.people.panama)
    expect((await panama.put(`/api/questionnaires/${id}/answers/PAN/q_ignored`, { value: { text: 'x' }, version: 0 })).status).toBe(404)
    const q = detail.questionnaire.sections[0]!.questions
    expect((await panama.put(`/api/questionnaires/${id}/answers/PAN/${q[0]!.id}`, { value: { text: 'Regularización migratoria de venezolanos en Panamá' }, version: 0 })).status).toBe(200)
    expect((await panama.put(`/api/questionnaires/${id}/answers/PAN/${q[1]!.id}`, { value: { choice: q[1]!.options[1]!.id }, version: 0 })).status).toBe(200)
    expect((await panama.post(`/api/questionnaires/${id}/answers/PAN/submit`)).status).toBe(200)
    const mexico = api(room.server.url, room.people.mexico)
    expect((await mexico.put(`/api/questionnaires/${id}/answers/MEX/${q[0]!.id}`, { value: { text: 'Borrador de México' }, version: 0 })).status).toBe(200)
    await expect.poll(() => st.getByTestId('follow-PAN').innerText(), LIVE).toContain('Enviado con retraso')
    await expect.poll(() => st.getByTestId('follow-MEX').innerText(), LIVE).toContain('En curso')
    await shot(st, '97-questionnaire-secretariat-follow-es')

    // Compiled: a new draft opens in the editor with every submitted answer.
    await st.getByTestId('compile').click()
    await expect.poll(() => editorText(st).catch(() => ''), LIVE).toContain('Ventanilla única de atención a migrantes en Santiago')
    const text = await editorText(st)
    for (const words of ['Regularización migratoria de venezolanos en Panamá', 'Ley 21.325 de Migración y Extranjería', '18400', 'Chile:', 'Panamá:']) expect(text).toContain(words)
    expect(text).not.toContain('Borrador de México')
    await shot(st, '97-questionnaire-compiled-draft-es')
  }, 240_000)
})
