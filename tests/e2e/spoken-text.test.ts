/**
 * Brackets, their sponsors and alternatives, suggestions and comments spoken in the text
 * (client/SPEC.md A11Y-40, A11Y-41), read from Chromium's own accessibility tree (CDP
 * Accessibility.getFullAXTree), which is what a screen reader is given: Panamá brackets words
 * with a second wording, México suggests and comments; Panamá hears it in English and México in
 * Spanish, while the document itself holds none of these words.
 */
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { editorText, selectInEditor } from '../helpers/browser.ts'
import { browserRoom, partiesDeclaration, commentByKeyboard } from '../helpers/browser-room.ts'

const room = browserRoom({ people: ['panama', 'mexico'] })
const LIVE = { timeout: 15_000 }

interface AXNode {
  role?: { value?: string }
  name?: { value?: string }
  description?: { value?: string }
  ignored?: boolean
}

/** What the accessibility tree holds in the draft's text: its texts, and the descriptions of its marks. */
async function spokenTree(page: Page): Promise<{ texts: string[]; marks: string[] }> {
  const cdp = await page.context().newCDPSession(page)
  try {
    await cdp.send('Accessibility.enable')
    const root = (await cdp.send('DOM.getDocument', { depth: 0 })).root
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: '#draft-body' })
    const body = (await cdp.send('DOM.describeNode', { nodeId })).node.backendNodeId
    const all = ((await cdp.send('Accessibility.getFullAXTree')) as unknown as { nodes: Array<AXNode & { nodeId: string; parentId?: string; backendDOMNodeId?: number }> }).nodes
    const start = all.find((node) => node.backendDOMNodeId === body)
    if (!start) throw new Error('the draft text is not in the accessibility tree')
    const children = new Map<string, typeof all>()
    for (const node of all) if (node.parentId) children.set(node.parentId, [...(children.get(node.parentId) ?? []), node])
    const texts: string[] = []
    const marks: string[] = []
    const walk = (node: (typeof all)[number]): void => {
      if (!node.ignored && node.role?.value === 'StaticText' && node.name?.value) texts.push(node.name.value.trim())
      if (!node.ignored && node.role?.value === 'mark') marks.push(node.description?.value ?? '')
      for (const child of children.get(node.nodeId) ?? []) walk(child)
    }
    walk(start)
    return { texts, marks }
  } finally {
    await cdp.detach()
  }
}

describe.skipIf(room.skipReason !== null)('spoken in the text', () => {
  it('[A11Y-40] [A11Y-41] brackets with sponsors and alternatives, suggestions and comments are in the accessibility tree, in each reader\'s language', async () => {
    const { url } = await partiesDeclaration(room.server, ['PAN', 'MEX'])
    const panama = await room.openDraft('en-GB', room.people.panama.user.email, url, 'Reconociendo')
    const mexico = await room.openDraft('es-MX', room.people.mexico.user.email, url, 'Reconociendo')
    const before = await editorText(panama)

    // Panamá brackets "movilidad humana" with a second wording, "migración".
    await panama.locator('.ProseMirror').focus()
    await selectInEditor(panama, 'movilidad humana')
    await panama.getByTestId('tool-bracket').click()
    await panama.getByTestId('bracket-dialog').waitFor()
    await panama.getByTestId('bracket-alternative-0').fill('migración')
    await panama.getByTestId('bracket-submit').click()
    await panama.getByTestId('bracket-dialog').waitFor({ state: 'hidden' })

    // México suggests words before "Destacando" and comments on "Reconociendo".
    await mexico.getByTestId('mode-suggesting').click()
    await mexico.locator('.ProseMirror').focus()
    await selectInEditor(mexico, 'Destacando', 'start')
    await mexico.keyboard.type('Celebrando y ', { delay: 5 })
    await mexico.getByTestId('mode-editing').click()
    await commentByKeyboard(mexico, 'Reconociendo', '¿Podemos precisar el alcance?')
    await mexico.getByTestId('thread').first().waitFor()

    await expect.poll(async () => (await spokenTree(panama)).texts, LIVE).toEqual(
      expect.arrayContaining([
        '[bracket, proposed by Panama; alternative 1 of 2:]',
        'movilidad humana',
        '[alternative 2 of 2: migración]',
        '[end of bracket]',
      ]),
    )
    const english = await spokenTree(panama)
    // In reading order: the bracket's start, its words, the other wording, its end.
    const at = (text: string): number => english.texts.indexOf(text)
    expect(at('[bracket, proposed by Panama; alternative 1 of 2:]')).toBeLessThan(at('movilidad humana'))
    expect(at('movilidad humana')).toBeLessThan(at('[alternative 2 of 2: migración]'))
    expect(at('[alternative 2 of 2: migración]')).toBeLessThan(at('[end of bracket]'))
    // Suggested words are an insertion (<ins>, which readers announce as such), with no spoken
    // widgets at their edges: those broke two people typing at one spot (A11Y-41).
    expect(english.texts).not.toContain('[end of insertion]')
    // What the eye sees instead ("[", "/ migración", "]PAN") is not read out as well.
    expect(english.texts).not.toContain('[')
    expect(english.texts.some((text) => text.includes('/ migración'))).toBe(false)
    await expect.poll(async () => (await spokenTree(panama)).marks, LIVE).toContain('Comment by Lucía Hernández (MEX): ¿Podemos precisar el alcance?')

    // México reads the same in Spanish.
    await expect.poll(async () => (await spokenTree(mexico)).texts, LIVE).toEqual(
      expect.arrayContaining(['[corchete, propuesto por Panamá; alternativa 1 de 2:]', '[alternativa 2 de 2: migración]', '[fin del corchete]']),
    )
    expect((await spokenTree(mexico)).marks).toContain('Comentario de Lucía Hernández (MEX): ¿Podemos precisar el alcance?')

    // None of it is in the document: the text holds the suggested words and nothing spoken.
    const after = await editorText(panama)
    expect(after).not.toContain('[')
    expect(after).toContain('Celebrando y Destacando')
    expect(after.replace('Celebrando y ', '')).toBe(before)
  })
})
