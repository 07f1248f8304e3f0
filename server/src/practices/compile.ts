/**
 * The compilation draft (PRACT-20), pure: the chosen practices grouped by theme (themes in
 * their kept order, practices within a theme in the order chosen, e.g. the round's ranking),
 * each with its description, and "why it is a good practice" and "how it contributes to the
 * Compact" as sections of their own. The schema has three heading levels: the title is the
 * first, a theme the second, a practice the third; its sections open with a bold label.
 */
import type { JSONContent } from '@tiptap/core'
import type { Language, PracticeTheme } from '@consenso/protocol'
import { withBlockIds } from '@consenso/schema'

export interface CompiledPractice {
  title: string
  country: string
  delegationName: string
  themeId: string
  description: string
  why: string
  how: string
  contact: string
  links: readonly string[]
  /** "3rd, 14 points" or null outside a round. */
  standing: string | null
}

const WORDS = {
  es: {
    intro: (n: number, themes: number) => `Compilación de ${n} ${n === 1 ? 'buena práctica' : 'buenas prácticas'} en ${themes} ${themes === 1 ? 'tema' : 'temas'}.`,
    by: 'Presentada por',
    description: 'Descripción',
    why: 'Por qué es una buena práctica',
    how: 'Cómo contribuye al Pacto Mundial',
    contact: 'Contacto',
    links: 'Enlaces',
    standing: 'Prioridad',
  },
  en: {
    intro: (n: number, themes: number) => `Compilation of ${n} good ${n === 1 ? 'practice' : 'practices'} in ${themes} ${themes === 1 ? 'theme' : 'themes'}.`,
    by: 'Submitted by',
    description: 'Description',
    why: 'Why it is a good practice',
    how: 'How it contributes to the Global Compact',
    contact: 'Contact',
    links: 'Links',
    standing: 'Priority',
  },
} as const

const text = (value: string, bold = false): JSONContent[] =>
  value ? [{ type: 'text', text: value, ...(bold ? { marks: [{ type: 'bold' }] } : {}) }] : []
const heading = (level: 1 | 2 | 3, value: string): JSONContent => ({ type: 'heading', attrs: { level }, content: text(value) })
const paragraph = (content: JSONContent[]): JSONContent => ({ type: 'paragraph', attrs: { kind: null }, content })
/** A section: its bold label alone, then the text's paragraphs (a blank line starts a new one). */
const section = (label: string, body: string): JSONContent[] => {
  const paragraphs = body.split(/\n+/u).map((line) => line.trim()).filter(Boolean)
  return [paragraph(text(label, true)), ...(paragraphs.length ? paragraphs : ['—']).map((line) => paragraph(text(line)))]
}

export function compilationDocument(title: string, language: Language, themes: readonly PracticeTheme[], practices: readonly CompiledPractice[]): JSONContent {
  const w = WORDS[language]
  const byTheme = new Map<string, CompiledPractice[]>()
  for (const p of practices) byTheme.set(p.themeId, [...(byTheme.get(p.themeId) ?? []), p])
  const content: JSONContent[] = [heading(1, title), paragraph(text(w.intro(practices.length, byTheme.size)))]
  for (const theme of themes) {
    const list = byTheme.get(theme.id)
    if (!list) continue
    content.push(heading(2, language === 'es' ? theme.nameEs : theme.nameEn))
    for (const p of list) {
      content.push(heading(3, p.country ? `${p.title} (${p.country})` : p.title))
      content.push(paragraph([...text(`${w.by}: `, true), ...text(p.delegationName)]))
      if (p.standing) content.push(paragraph([...text(`${w.standing}: `, true), ...text(p.standing)]))
      content.push(...section(w.description, p.description))
      content.push(...section(w.why, p.why))
      content.push(...section(w.how, p.how))
      if (p.contact.trim()) content.push(paragraph([...text(`${w.contact}: `, true), ...text(p.contact.trim())]))
      if (p.links.length) content.push(paragraph([...text(`${w.links}: `, true), ...text(p.links.join(' · '))]))
    }
  }
  return withBlockIds({ type: 'doc', content })
}
