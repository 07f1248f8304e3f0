/**
 * Headless conversion between a Yjs document and ProseMirror JSON, in Node or the browser,
 * with the same schema as the editor. Used to create drafts from templates, and by export,
 * import, comparison and the tests.
 */
import { getSchema, type JSONContent } from '@tiptap/core'
import type { Schema } from '@tiptap/pm/model'
import { prosemirrorJSONToYDoc, yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap'
import * as Y from 'yjs'
import { consensoExtensions } from './extensions.ts'
import { renderableJSON } from './renderable.ts'
import { FOOTNOTE } from './footnotes.ts'

/** Name of the Y.XmlFragment holding the body (Tiptap Collaboration's default `field`). */
export const BODY_FIELD = 'default'

let cachedSchema: Schema | undefined
export function consensoSchema(): Schema {
  cachedSchema ??= getSchema(consensoExtensions())
  return cachedSchema
}

/** Throws if `json` is not a valid document of the Consenso schema. */
export function assertValidDocument(json: JSONContent): void {
  consensoSchema().nodeFromJSON(json).check()
}

let idOptions: { types: string[]; attributeName: string; generateID: () => string } | undefined

/**
 * Adds missing block ids with the editor's UniqueID settings (types, attribute, generator).
 * Tiptap's `generateUniqueIds` sets each id by a transaction step, and every step rebuilds the
 * parent's list of children: quadratic, minutes for a 50,000-paragraph import. Here the ids are
 * written into the JSON in one walk and the schema normalises the result once.
 */
export function withBlockIds(json: JSONContent): JSONContent {
  if (!idOptions) {
    const extension = consensoExtensions().find((ext) => ext.name === 'uniqueID')
    if (!extension) throw new Error('UniqueID extension not found')
    const options = extension.options as { types: string[]; attributeName: string; generateID: (props: unknown) => string }
    idOptions = { types: options.types, attributeName: options.attributeName, generateID: () => options.generateID({}) }
  }
  const { types, attributeName, generateID } = idOptions
  const visit = (node: JSONContent): JSONContent => {
    const copy: JSONContent = { ...node }
    if (node.type && types.includes(node.type) && !node.attrs?.[attributeName]) copy.attrs = { ...node.attrs, [attributeName]: generateID() }
    if (node.content) copy.content = node.content.map(visit)
    return copy
  }
  return consensoSchema().nodeFromJSON(visit(json)).toJSON() as JSONContent
}

/** The body as ProseMirror JSON, without anything the schema cannot render (renderable.ts). */
export function yDocToJSON(doc: Y.Doc): JSONContent {
  return renderableJSON(yXmlFragmentToProsemirrorJSON(doc.getXmlFragment(BODY_FIELD)) as JSONContent)
}

export function jsonToYDoc(json: JSONContent): Y.Doc {
  assertValidDocument(json)
  return prosemirrorJSONToYDoc(consensoSchema(), json, BODY_FIELD)
}

/** A Yjs update that, applied to an empty document, produces `json`. */
export function jsonToYUpdate(json: JSONContent): Uint8Array {
  const doc = jsonToYDoc(json)
  const update = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return update
}

/** Plain text of a document, one line per block; for tests, search and previews. */
export function plainText(json: JSONContent): string {
  const lines: string[] = []
  const visit = (node: JSONContent): void => {
    if (node.type === 'text') return
    const inline = node.content?.every((child) => child.type === 'text' || child.type === 'hardBreak' || child.type === FOOTNOTE)
    if (inline && node.content) {
      lines.push(node.content.map((child) => (child.type === 'text' ? (child.text ?? '') : child.type === FOOTNOTE ? '' : '\n')).join(''))
      return
    }
    if (!node.content?.length && (node.type === 'paragraph' || node.type === 'heading')) {
      lines.push('')
      return
    }
    node.content?.forEach(visit)
  }
  visit(json)
  return lines.join('\n')
}
