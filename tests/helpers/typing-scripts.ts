/**
 * What people type in the typing-together tests (TYPE-1), headless and in Chromium: their own
 * words after a space each, with slips corrected by Backspace and some Enters, drawn from a
 * seed; and what those keys leave in the text.
 */
import type { Random } from './random.ts'

export type Key = { kind: 'char'; char: string } | { kind: 'Backspace' } | { kind: 'Enter' }

export const PEOPLE_WORDS = [
  ['chile', 'paz'],
  ['panama', 'ruta'],
  ['mexico', 'sur'],
] as const

/** A person's keys: 1–2 of their words, slips erased at once, an Enter after a word when `enter`. */
export function script(random: Random, words: readonly string[], enter: boolean): Key[] {
  const keys: Key[] = []
  /** Letters typed since the last Enter: Backspace never reaches past them (into others' text). */
  let typed = 0
  const type = (char: string) => {
    keys.push({ kind: 'char', char })
    typed++
  }
  for (const word of words.slice(0, 1 + random.int(words.length))) {
    type(' ')
    for (const char of word) {
      type(char)
      if (random.next() < 0.12 && typed > 1) {
        // A slip: a wrong letter or two, erased and typed again.
        const slips = 1 + random.int(2)
        for (let i = 0; i < slips; i++) type(random.pick(['x', 'q', 'a', char]))
        for (let i = 0; i < slips; i++) {
          keys.push({ kind: 'Backspace' })
          typed--
        }
      }
    }
    if (enter && random.next() < 0.3) {
      keys.push({ kind: 'Enter' })
      typed = 0
    }
  }
  return keys
}

/** What a person's keys leave in the text: their letters, less what they erased, with \n for Enter. */
export function contribution(keys: readonly Key[]): string {
  let text = ''
  for (const key of keys) {
    if (key.kind === 'char') text += key.char
    else if (key.kind === 'Enter') text += '\n'
    else text = text.slice(0, -1)
  }
  return text
}

/**
 * The property: `region` (the text the people typed into, blocks joined by \n) holds each
 * person's contribution whole, and nothing else changed in length. Returns what is wrong, or null.
 */
export function checkWhole(region: string, base: string, people: ReadonlyArray<{ delegation: string; keys: readonly Key[] }>): string | null {
  let added = 0
  for (const person of people) {
    const words = contribution(person.keys)
    added += words.length
    if (!region.includes(words)) return `${person.delegation}'s ${JSON.stringify(words)} is not whole`
  }
  if (region.length !== base.length + added) return `expected ${base.length + added} characters, found ${region.length}`
  return null
}
