/**
 * A body as every editor and converter can render it: what the schema cannot (unknown nodes or
 * marks, nodes where their parent may not hold them, text outside textblocks, embeds, attributes
 * the schema does not define or values it does not accept, nesting past MAX_ELEMENT_DEPTH) is
 * left out, and everything else kept. Drafts stored before the server checked every update
 * (server/SPEC.md TRUST-1, TRUST-6) may hold such content; readers (exports, comparison, the
 * consensus view) go through here so one bad paragraph never makes them fail.
 */
import type { JSONContent } from '@tiptap/core'
import { bodyShape, markNameOfFormatKey, markValueProblem, MAX_ELEMENT_DEPTH, nodeAttributeProblem, type BodyShape } from './yjs-shape.ts'

/** `json` without what the schema cannot render; what was left out is described in `dropped`. */
export function renderableJSON(json: JSONContent, dropped: string[] = []): JSONContent {
  const shape = bodyShape()
  const content = (json.content ?? []).map((child) => visit(shape, child, 'doc', 1, dropped)).filter((child): child is JSONContent => child !== null)
  return { ...json, type: 'doc', content }
}

function visit(shape: BodyShape, node: JSONContent, parent: string, depth: number, dropped: string[]): JSONContent | null {
  if (node.type === 'text') {
    if (!shape.textblocks.has(parent)) return drop(dropped, `text inside ${parent}`)
    if (typeof node.text !== 'string' || node.text.length === 0) return drop(dropped, `a non-text piece inside ${parent}`)
    if (!node.marks) return node
    const allowed = shape.marks.get(parent)
    const marks = node.marks.filter((mark) => {
      const name = markNameOfFormatKey(mark.type)
      const problem = !allowed?.has(name) ? `mark ${name} in ${parent}` : markValueProblem(shape, name, mark.attrs ?? {})
      if (problem) dropped.push(problem)
      return problem === null
    })
    return marks.length === node.marks.length ? node : { ...node, marks }
  }
  const type = node.type ?? ''
  if (!shape.children.get(parent)?.has(type)) return drop(dropped, `${type || 'a node without type'} inside ${parent}`)
  if (depth > MAX_ELEMENT_DEPTH) return drop(dropped, `${type} nested deeper than ${MAX_ELEMENT_DEPTH}`)
  let attrs = node.attrs
  if (attrs) {
    const kept: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(attrs)) {
      const problem = value === null || value === undefined ? null : nodeAttributeProblem(shape, type, key, value)
      if (problem) dropped.push(problem)
      else kept[key] = value
    }
    attrs = kept
  }
  const content = node.content?.map((child) => visit(shape, child, type, depth + 1, dropped)).filter((child): child is JSONContent => child !== null)
  return { ...node, ...(attrs ? { attrs } : {}), ...(content ? { content } : {}) }
}

function drop(dropped: string[], what: string): null {
  dropped.push(what)
  return null
}
