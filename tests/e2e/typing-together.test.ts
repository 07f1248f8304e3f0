/**
 * TYPE-1 in real Chromium: two, then three people (CHL, PAN, MEX, each in their own browser
 * context) put their carets at one spot of a fresh paragraph — the same place, next to each
 * other, inside a word, at the paragraph's end — and type their own words with random pauses
 * of 20–200 ms and bursts, slips corrected with Backspace, some Enters, some suggesting. Once
 * quiet, every screen shows the same text and each person's words stand whole and in order.
 *
 * Seeded: 16 seeds per test from a base seed (CONSENSO_SEED replays a run); a failure names
 * its seed. The pages stay open across seeds; each seed gets its own paragraph at the end.
 * An Enter waits until the others' keystrokes have reached everyone (TYPE-2: a paragraph
 * break typed into text someone is typing at that instant can still cut their word).
 */
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { openDraftAs, screenshotPath } from '../helpers/browser.ts'
import { randomFromSeed, type Random } from '../helpers/random.ts'
import { share, TEST_PASSWORD } from '../helpers/session.ts'
import { checkWhole, PEOPLE_WORDS, script, type Key } from '../helpers/typing-scripts.ts'
import { waitFor } from '../helpers/wait.ts'
import { browserRoom } from '../helpers/browser-room.ts'

const SEEDS = Number(process.env.CONSENSO_TYPING_E2E_SEEDS ?? 16)

const room = browserRoom({ people: ['panama2', 'mexico2'] })

const BASE = 'Reconociendo la labor de los puntos focales.'
const SPOTS = {
  'the same spot': 'Reconociendo'.length,
  'inside a word': 'Recono'.length,
  "the paragraph's end": BASE.length,
} as const

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

interface EditorHandle {
  state: { doc: PMDoc }
  view: { focus(): void }
  commands: { setTextSelection(pos: number): boolean; insertContentAt(pos: number, content: unknown): boolean }
}
interface PMDoc {
  content: { size: number }
  descendants(f: (node: { isTextblock: boolean; textContent: string }, pos: number) => boolean | void): void
  textBetween(from: number, to: number, separator: string): string
}

/** The text from the paragraph that starts with `marker` to the end, blocks joined by \n. */
function region(page: Page, marker: string): Promise<string | null> {
  return page.locator('.ProseMirror').evaluate((element, wanted) => {
    const { doc } = (element as unknown as { editor: EditorHandle }).editor.state
    let start = -1
    doc.descendants((node, pos) => {
      if (start < 0 && node.isTextblock && node.textContent.startsWith(wanted)) start = pos
      return !node.isTextblock
    })
    return start < 0 ? null : doc.textBetween(start, doc.content.size, '\n').slice(wanted.length)
  }, marker)
}

/** Puts the caret `offset` letters into the text after `marker`, and the focus in the editor. */
function placeCaret(page: Page, marker: string, offset: number): Promise<void> {
  return page.locator('.ProseMirror').evaluate(
    (element, [wanted, at]) => {
      const editor = (element as unknown as { editor: EditorHandle }).editor
      let start = -1
      editor.state.doc.descendants((node, pos) => {
        if (start < 0 && node.isTextblock && node.textContent.startsWith(wanted)) start = pos + 1
        return !node.isTextblock
      })
      editor.view.focus()
      editor.commands.setTextSelection(start + wanted.length + at)
    },
    [marker, offset] as const,
  )
}

/** A fresh paragraph at the end of the draft. */
function appendParagraph(page: Page, text: string): Promise<void> {
  return page.locator('.ProseMirror').evaluate((element, words) => {
    const editor = (element as unknown as { editor: EditorHandle }).editor
    editor.commands.insertContentAt(editor.state.doc.content.size, { type: 'paragraph', content: [{ type: 'text', text: words }] })
  }, text)
}

async function setMode(page: Page, suggesting: boolean): Promise<void> {
  const mode = suggesting ? 'suggesting' : 'editing'
  if ((await page.getByTestId('mode-switch').getAttribute('data-mode')) !== mode) await page.getByTestId(`mode-${mode}`).click()
  await expect.poll(() => page.getByTestId('mode-switch').getAttribute('data-mode')).toBe(mode)
}

/**
 * Keystrokes take a shared turn, an Enter an exclusive one that also waits until every screen
 * agrees before and after it (TYPE-2).
 */
class Turns {
  private typing = 0
  private breaking = false
  constructor(private readonly agree: () => Promise<void>) {}
  async key(press: () => Promise<void>): Promise<void> {
    await waitFor(() => !this.breaking, 'an Enter to pass', { timeoutMs: 30_000 })
    this.typing++
    try {
      await press()
    } finally {
      this.typing--
    }
  }
  async enter(press: () => Promise<void>): Promise<void> {
    await waitFor(() => !this.breaking, 'another Enter to pass', { timeoutMs: 30_000 })
    this.breaking = true
    try {
      await waitFor(() => this.typing === 0, 'keystrokes in flight', { timeoutMs: 30_000 })
      await this.agree()
      await press()
      await this.agree()
    } finally {
      this.breaking = false
    }
  }
}

async function typeScript(page: Page, keys: readonly Key[], random: Random, turns: Turns, halfway?: () => Promise<void>): Promise<void> {
  let half = halfway
  for (let i = 0; i < keys.length; ) {
    if (half && i >= keys.length / 2) {
      await half()
      half = undefined
    }
    // A burst of 2–5 keys now and then, else one key after a pause of 20–200 ms.
    const burst = random.next() < 0.2 ? 2 + random.int(4) : 1
    await pause(20 + random.int(181))
    for (let b = 0; b < burst && i < keys.length; b++, i++) {
      const key = keys[i]!
      if (key.kind === 'Enter') await turns.enter(() => page.keyboard.press('Enter'))
      else if (key.kind === 'Backspace') await turns.key(() => page.keyboard.press('Backspace'))
      else await turns.key(() => page.keyboard.type(key.char))
    }
  }
}

async function screensAgree(pages: readonly Page[], marker: string): Promise<void> {
  await waitFor(
    async () => {
      const texts = await Promise.all(pages.map((page) => region(page, marker)))
      return texts[0] !== null && texts.every((text) => text === texts[0])
    },
    'every screen to show the same text',
    { timeoutMs: 20_000 },
  )
}

async function runSeeds(count: 2 | 3, label: string): Promise<void> {
  const draftId = await room.server.createDocument(`Escribir juntos (${count})`, 'blank')
  await share(room.server.url, room.server.session, draftId, { type: 'delegation', id: 'PAN' }, 'editor')
  await share(room.server.url, room.server.session, draftId, { type: 'delegation', id: 'MEX' }, 'editor')
  const url = `${room.server.url}/d/${draftId}`
  const people = [
    { locale: 'es-ES', email: room.server.session.user.email, delegation: 'CHL' },
    { locale: 'en-US', email: room.people.panama2.user.email, delegation: 'PAN' },
    { locale: 'es-ES', email: room.people.mexico2.user.email, delegation: 'MEX' },
  ].slice(0, count)
  const pages: Page[] = []
  for (const person of people) pages.push(await openDraftAs(room.browser, room.contexts, { ...person, password: TEST_PASSWORD }, url, ''))

  const base = process.env.CONSENSO_SEED ? Number(process.env.CONSENSO_SEED) : (Math.random() * 2 ** 31) >>> 0
  console.log(`[${label}] seeds ${base}…${base + SEEDS - 1} (replay with CONSENSO_SEED=${base})`)
  for (let n = 0; n < SEEDS; n++) {
    const seed = base + n
    const random = randomFromSeed(seed)
    const marker = `S${seed}: `
    const spotName = random.pick(Object.keys(SPOTS) as Array<keyof typeof SPOTS>)
    const adjacent = random.next() < 0.3
    const enter = random.next() < 0.4
    const typists = people.map((person, i) => ({
      delegation: person.delegation,
      keys: script(random, PEOPLE_WORDS[i]!, enter),
      suggesting: random.next() < 0.3,
      offset: SPOTS[spotName] - (adjacent ? i : 0),
    }))
    const what = `seed ${seed}: ${count} people at ${spotName}${adjacent ? ' (adjacent)' : ''}${enter ? ', with Enter' : ''}, suggesting ${typists.map((t) => (t.suggesting ? 'y' : 'n')).join('')} (replay with CONSENSO_SEED=${seed} CONSENSO_TYPING_E2E_SEEDS=1)`

    // A fresh paragraph at the end for this seed, written by the first person.
    await appendParagraph(pages[0]!, marker + BASE)
    await screensAgree(pages, marker)
    for (const [i, page] of pages.entries()) {
      await setMode(page, typists[i]!.suggesting)
      await placeCaret(page, marker, typists[i]!.offset)
    }
    const turns = new Turns(() => screensAgree(pages, marker))
    // Screenshots of every screen half-way through the first seed's typing.
    const halfway =
      n === 0 ? () => Promise.all(pages.map((page, i) => page.screenshot({ path: screenshotPath(`typing-together-${count}-midway-${people[i]!.delegation}`) }))).then(() => {}) : undefined
    await Promise.all(pages.map((page, i) => typeScript(page, typists[i]!.keys, randomFromSeed(seed * 7 + i), turns, i === 0 ? halfway : undefined)))

    try {
      await screensAgree(pages, marker)
    } catch (error) {
      throw new Error(`${what}: ${(error as Error).message}\n${(await Promise.all(pages.map((page) => region(page, marker)))).join('\n---\n')}`, { cause: error })
    }
    const text = (await region(pages[0]!, marker))!
    const wrong = checkWhole(text, BASE, typists)
    expect(wrong, `${what}\n${text}`).toBeNull()
    for (const page of pages) await expect.poll(() => page.getByTestId('save-status').getAttribute('data-state'), { timeout: 15_000 }).toBe('saved')
  }
  for (const [i, page] of pages.entries()) await page.screenshot({ path: screenshotPath(`typing-together-${count}-end-${people[i]!.delegation}`) })
  await Promise.all(pages.map((page) => page.context().close()))
}

describe.skipIf(room.skipReason !== null)('typing together at one spot in the browser', () => {
  it(`[TYPE-1] two people, ${SEEDS} seeds: each one's words stay whole and in order on both screens`, async () => {
    await runSeeds(2, 'typing-together-2')
  }, 600_000)

  it(`[TYPE-1] three people, ${SEEDS} seeds: each one's words stay whole and in order on every screen`, async () => {
    await runSeeds(3, 'typing-together-3')
  }, 600_000)
})
