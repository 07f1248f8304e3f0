/**
 * Editing traces from the public "editing-traces" collection by Joseph Gentle and
 * contributors (CC BY 4.0), as shipped in ../shared/data/traces: `{startContent, endContent,
 * txns: [{time, patches: [[pos, delCount, insText]]}]}`, positions in Unicode code points.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gunzipSync } from 'node:zlib'
import type * as Y from 'yjs'

export type Patch = [position: number, deleteCount: number, insert: string]
export interface Trace {
  name: string
  startContent: string
  endContent: string
  txns: { patches: Patch[] }[]
}

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))
export const TRACES_DIR = process.env.BENCH_TRACES_DIR ?? join(repoRoot, '..', 'shared', 'data', 'traces')

export function tracePath(name: string): string {
  return join(TRACES_DIR, `${name}.json.gz`)
}

export function loadTrace(name: string): Trace {
  const path = tracePath(name)
  if (!existsSync(path)) throw new Error(`editing trace not found: ${path} (set BENCH_TRACES_DIR)`)
  const parsed = JSON.parse(gunzipSync(readFileSync(path)).toString('utf8')) as Omit<Trace, 'name'>
  return { name, ...parsed }
}

const ASTRAL = /[\u{10000}-\u{10FFFF}]/u

/**
 * Applies transactions to a Y.XmlText in batches of `batch`, one Yjs transaction (so one
 * update) per batch. Yjs counts UTF-16 units while traces count code points; the
 * two agree unless a character outside the BMP appears, and then a mirror string converts.
 */
export function replayInto(doc: Y.Doc, text: Y.XmlText, txns: Trace['txns'], batch: number): void {
  const astral = txns.some((txn) => txn.patches.some(([, , insert]) => ASTRAL.test(insert)))
  let mirror = [...textPlain(text)]
  const toUnits = (codePoint: number): number => (astral ? mirror.slice(0, codePoint).join('').length : codePoint)
  for (let start = 0; start < txns.length; start += batch) {
    doc.transact(() => {
      for (const txn of txns.slice(start, start + batch)) {
        for (const [position, deleteCount, insert] of txn.patches) {
          const at = toUnits(position)
          if (deleteCount > 0) text.delete(at, toUnits(position + deleteCount) - at)
          if (insert) text.insert(at, insert)
          if (astral) mirror = [...mirror.slice(0, position), ...insert, ...mirror.slice(position + deleteCount)]
        }
      }
    })
  }
}

/** The text a prefix of a trace produces, computed on a plain string. */
export function expectedText(trace: Trace, txnCount: number): string {
  if (txnCount >= trace.txns.length) return trace.endContent
  const chars = [...trace.startContent]
  for (const txn of trace.txns.slice(0, txnCount)) {
    for (const [position, deleteCount, insert] of txn.patches) chars.splice(position, deleteCount, ...insert)
  }
  return chars.join('')
}

function textPlain(text: Y.XmlText): string {
  let out = ''
  for (const op of text.toDelta() as { insert?: unknown }[]) if (typeof op.insert === 'string') out += op.insert
  return out
}
