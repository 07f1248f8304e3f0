/**
 * Reads the agreements out of a meeting-minutes draft (the `minutes` template ends with an
 * "Acuerdos" / "Agreements" section): each list item, or each paragraph outside a list, of
 * that section is one agreement, named by its block id so that running it again finds it.
 *
 * Secretariats write items as the template suggests, "Responsible — action — date"
 * ("PAN, CHL — circulate the revised draft — 2026-12-15"): when the first part names only
 * known delegations they become the responsible ones, and a last part that is a date
 * (2026-12-15 or 15/12/2026) becomes the due date. Anything else is kept as written.
 */
import type { JSONContent } from '@tiptap/core'
import { isCalendarDate } from '@consenso/protocol'
import { AGREEMENTS_HEADINGS, foldHeading } from '@consenso/schema'

export interface MinutesItem {
  blockId: string
  /** The item as written, without suggested deletions. */
  source: string
  text: string
  responsible: string[]
  dueDate: string | null
}

/** The template's own sample item, which is not an agreement. */
const PLACEHOLDERS = ['responsable — acción — fecha', 'responsible — action — date']


/** Text of a node as it reads now: suggested deletions are left out. */
function textOf(node: JSONContent, skipLists = false): string {
  if (node.type === 'text') return node.marks?.some((mark) => mark.type === 'deletion') ? '' : (node.text ?? '')
  if (node.type === 'hardBreak') return ' '
  if (skipLists && (node.type === 'bulletList' || node.type === 'orderedList')) return ''
  const parts = (node.content ?? []).map((child) => textOf(child, skipLists))
  const block = node.content?.some((child) => child.type !== 'text' && child.type !== 'hardBreak')
  return (block ? parts.filter((p) => p.trim()).join(' ') : parts.join('')).replace(/\s+/g, ' ').trim()
}

const blockIdOf = (node: JSONContent): string | null => {
  const id = node.attrs?.['id']
  return typeof id === 'string' && id ? id : null
}

/** `2026-12-15`, `15/12/2026` or `15-12-2026` as a calendar date, or null. */
export function parseDueDate(value: string): string | null {
  const text = value.trim().replace(/[.;]$/, '')
  if (isCalendarDate(text)) return text
  const match = /^(\d{1,2})[/-](\d{1,2})[/-](\d{4})$/.exec(text)
  if (!match) return null
  const date = `${match[3]}-${match[2]!.padStart(2, '0')}-${match[1]!.padStart(2, '0')}`
  return isCalendarDate(date) ? date : null
}

/** Splits "PAN, CHL — action — date" into its parts, using the delegation codes known. */
export function parseItem(source: string, knownCodes: ReadonlySet<string>): Pick<MinutesItem, 'text' | 'responsible' | 'dueDate'> {
  const parts = source.split(/\s+[—–]\s+/u)
  let responsible: string[] = []
  let dueDate: string | null = null
  if (parts.length >= 2) {
    const codes = parts[0]!
      .split(/\s*(?:[,;/+&]|\s(?:y|e|and)\s)\s*/u)
      .map((c) => c.trim().toUpperCase())
      .filter(Boolean)
    if (codes.length > 0 && codes.every((c) => knownCodes.has(c))) {
      responsible = [...new Set(codes)]
      parts.shift()
    }
  }
  if (parts.length >= 2) {
    dueDate = parseDueDate(parts.at(-1)!)
    if (dueDate) parts.pop()
  }
  const text = parts.join(' — ').trim()
  return { text: text || source, responsible, dueDate }
}

/**
 * The agreements section's items, in document order, or null when the draft has no such
 * section. Blank items and the template's sample item are left out.
 */
export function agreementsFromMinutes(body: JSONContent, knownCodes: ReadonlySet<string>): MinutesItem[] | null {
  const blocks = body.content ?? []
  const start = blocks.findIndex((node) => node.type === 'heading' && AGREEMENTS_HEADINGS.has(foldHeading(textOf(node))))
  if (start < 0) return null
  const level = Number(blocks[start]!.attrs?.['level'] ?? 1)
  const items: MinutesItem[] = []
  const add = (node: JSONContent, source: string): void => {
    const blockId = blockIdOf(node)
    if (!blockId || !source || PLACEHOLDERS.includes(source.toLowerCase())) return
    items.push({ blockId, source, ...parseItem(source, knownCodes) })
  }
  const visitList = (list: JSONContent): void => {
    for (const item of list.content ?? []) {
      if (item.type !== 'listItem') continue
      // An item's own words; a list nested in it holds agreements of their own.
      add(item, textOf(item, true))
      for (const child of item.content ?? []) if (child.type === 'bulletList' || child.type === 'orderedList') visitList(child)
    }
  }
  for (const node of blocks.slice(start + 1)) {
    if (node.type === 'heading' && Number(node.attrs?.['level'] ?? 1) <= level) break
    if (node.type === 'bulletList' || node.type === 'orderedList') visitList(node)
    else if (node.type === 'paragraph' || node.type === 'blockquote') add(node, textOf(node))
  }
  return items
}

/**
 * The lines the minutes open with, for reading their own meeting (MINUTES-25): the first
 * heading (or, without one, the draft's title) and the next few blocks' words.
 */
export function openingLines(body: JSONContent, title: string): string[] {
  const blocks = (body.content ?? []).slice(0, 10)
  const lines = blocks.map((node) => textOf(node)).filter(Boolean)
  return blocks[0]?.type === 'heading' ? lines : [title, ...lines]
}
