// @vitest-environment happy-dom
/**
 * TYPE-1, headless: two or three people put their carets at one spot (the same place, next to
 * each other, inside a word, at a paragraph's end, beside a bracket) and type their own words,
 * some with Backspace and Enter, some suggesting, while a seeded scheduler delivers each
 * change to the others at a random moment. Every screen must end with the same text, in which
 * each person's words stand whole and in order.
 *
 * The editors are the client's real ones (`editorExtensions`: y-sync, our plugins, suggesting
 * mode) on happy-dom. 1,000 seeds per run from a base seed (CONSENSO_SEED replays a run; a
 * failing seed is printed), plus the pinned seeds that once found a bug.
 */
import { describe, expect, it } from 'vitest'
import type { JSONContent } from '@tiptap/core'
import { randomFromSeed, type Random } from '../helpers/random.ts'
import { play, type Scene, type Typist } from '../helpers/typing-sim.ts'
import { checkWhole, PEOPLE_WORDS, script } from '../helpers/typing-scripts.ts'

const RUNS = Number(process.env.CONSENSO_TYPING_RUNS ?? 1000)
/** Seeds that found bugs (a reversed word: KeepCaret; a suggested letter written by diff: PreciseTyping), tried on every run. */
const PINNED: number[] = [1, 10, 20]

const PARAGRAPHS = ['Reconociendo la labor de los puntos focales de la región,', 'Decide adoptar el plan de trabajo.', 'Fin.']
const BRACKETED = 'los puntos focales'

function baseDoc(): JSONContent {
  const [first, second, third] = PARAGRAPHS as [string, string, string]
  const at = first.indexOf(BRACKETED)
  return {
    type: 'doc',
    content: [
      {
        type: 'paragraph',
        attrs: { kind: 'preamble' },
        content: [
          { type: 'text', text: first.slice(0, at) },
          { type: 'text', text: BRACKETED, marks: [{ type: 'bracket', attrs: { bracketId: 'b1' } }] },
          { type: 'text', text: first.slice(at + BRACKETED.length) },
        ],
      },
      { type: 'paragraph', attrs: { kind: 'operative' }, content: [{ type: 'text', text: second }] },
      { type: 'paragraph', content: [{ type: 'text', text: third }] },
    ],
  }
}

/** The ProseMirror position `offset` characters into paragraph `index`. */
function positionIn(index: number, offset: number): number {
  let pos = 0
  for (let i = 0; i < index; i++) pos += PARAGRAPHS[i]!.length + 2
  return pos + 1 + offset
}

const SPOTS = {
  'same spot': () => positionIn(0, 'Reconociendo'.length),
  'inside a word': () => positionIn(0, 'Recono'.length),
  "a paragraph's end": () => positionIn(0, PARAGRAPHS[0]!.length),
  'after a bracket': () => positionIn(0, PARAGRAPHS[0]!.indexOf(BRACKETED) + BRACKETED.length),
  "a paragraph's start": () => positionIn(1, 0),
} as const

const PEOPLE = [
  { name: 'Ana Pérez', delegation: 'CHL' },
  { name: 'John Smith', delegation: 'PAN' },
  { name: 'Luz Gómez', delegation: 'MEX' },
]

function scene(random: Random): { scene: Scene; label: string } {
  const count = 2 + random.int(2)
  const spotName = random.pick(Object.keys(SPOTS) as Array<keyof typeof SPOTS>)
  const adjacent = random.next() < 0.25
  const enter = random.next() < 0.4
  const start = SPOTS[spotName]()
  const typists: Typist[] = []
  const carets: number[] = []
  for (let i = 0; i < count; i++) {
    typists.push({ ...PEOPLE[i]!, keys: script(random, PEOPLE_WORDS[i]!, enter), suggesting: random.next() < 0.3 })
    // Adjacent: each caret one letter further left (never past the paragraph's start).
    carets.push(adjacent && spotName !== "a paragraph's start" ? start - i : start)
  }
  const label = `${count} people, ${adjacent ? 'adjacent to' : 'at'} ${spotName}${enter ? ', with Enter' : ''}, suggesting: ${typists.map((t) => (t.suggesting ? 'y' : 'n')).join('')}`
  return { scene: { doc: baseDoc(), carets, typists }, label }
}

function check(seed: number): void {
  const random = randomFromSeed(seed)
  const { scene: s, label } = scene(random)
  const { texts, jsons } = play(s, random)
  const context = `seed ${seed} (${label}; replay with CONSENSO_SEED=${seed} CONSENSO_TYPING_RUNS=1)\nscreens:\n${texts.join('\n---\n')}`
  for (let i = 1; i < texts.length; i++) {
    expect(texts[i], context).toBe(texts[0])
    expect(jsons[i], context).toEqual(jsons[0])
  }
  const wrong = checkWhole(texts[0]!, PARAGRAPHS.join('\n'), s.typists)
  expect(wrong, context).toBeNull()
}

describe('typing together at one spot, headless', () => {
  it(`[TYPE-1] every person's keystrokes stay together and in order, over ${RUNS} seeds of random delivery`, () => {
    const base = process.env.CONSENSO_SEED ? Number(process.env.CONSENSO_SEED) : (Math.random() * 2 ** 31) >>> 0
    console.log(`[typing-together] seeds ${base}…${base + RUNS - 1} (replay with CONSENSO_SEED=${base})`)
    for (const seed of PINNED) check(seed)
    for (let i = 0; i < RUNS; i++) check(base + i)
  }, 600_000)
})
