/**
 * Paragraph numbering as negotiators quote it: preambular paragraphs PP1, PP2… and operative
 * paragraphs OP1, OP2…, counted in document order. The editor's margin, every export and the
 * comparison of versions use this one function.
 */
import type { JSONContent } from '@tiptap/core'
import type { Node as PMNode } from '@tiptap/pm/model'
import { isParagraphKind } from './extensions.ts'

export interface ParagraphNumber {
  id: string | null
  label: string
  /** Position of the paragraph in the ProseMirror document (only for `numberNode`). */
  pos: number
}

const PREFIX = { preamble: 'PP', operative: 'OP' } as const

export function numberNode(doc: PMNode): ParagraphNumber[] {
  const counters = { preamble: 0, operative: 0 }
  const result: ParagraphNumber[] = []
  doc.descendants((node, pos) => {
    if (node.type.name !== 'paragraph') return true
    const kind = node.attrs.kind
    if (isParagraphKind(kind)) {
      counters[kind] += 1
      result.push({ id: (node.attrs.id as string | null) ?? null, label: `${PREFIX[kind]}${counters[kind]}`, pos })
    }
    return false
  })
  return result
}

export function numberJSON(doc: JSONContent): Map<string, string> {
  const counters = { preamble: 0, operative: 0 }
  const labels = new Map<string, string>()
  const visit = (node: JSONContent): void => {
    if (node.type === 'paragraph') {
      const kind = node.attrs?.kind
      if (isParagraphKind(kind)) {
        counters[kind] += 1
        const id = node.attrs?.id
        if (typeof id === 'string') labels.set(id, `${PREFIX[kind]}${counters[kind]}`)
      }
      return
    }
    node.content?.forEach(visit)
  }
  visit(doc)
  return labels
}
