/** Text as the reader compares it, and the language an item is written in. */

export type Language = 'es' | 'en'

/**
 * Lower case without accents, one character for one: positions in the folded text are
 * positions in the text (NFC), so a match can be cut out of what was written.
 */
export function fold(text: string): string {
  let out = ''
  for (const ch of text.normalize('NFC')) {
    const plain = ch.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
    out += plain.length === ch.length ? plain : ch.length === 1 ? (plain[0] ?? ch) : ch
  }
  return out
}

const SPANISH = /\b(?:el|la|los|las|de|del|se|en|y|que|por|para|con|entre|reunión|acuerdo)\b/giu
const ENGLISH = /\b(?:the|of|and|to|will|by|with|for|on|meeting|between|shall)\b/giu

/** Spanish unless English words outnumber Spanish ones. */
export function languageOf(text: string): Language {
  const es = text.match(SPANISH)?.length ?? 0
  const en = text.match(ENGLISH)?.length ?? 0
  return en > es ? 'en' : 'es'
}
