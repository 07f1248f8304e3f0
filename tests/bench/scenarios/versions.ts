/**
 * Versions (Consenso only; the peers have no versions): comparing two 40-page drafts, and
 * opening a version of a draft with a long history against rebuilding it from its log.
 *
 * The drafts come from a generator driven by the editing traces: each flat trace is replayed
 * keystroke by keystroke into a list of paragraphs with block ids, following the editor's
 * rules (a newline typed splits a paragraph and the second part gets a new id; a newline
 * deleted merges two and the second id disappears). "Zero draft" is every trace's text part
 * way through, "Rev.1" its final text, with a few paragraphs moved (seeded) as negotiators move
 * them. Both carry review data (two parties, positions on some paragraphs), so statuses are
 * compared too.
 *
 * The long history: seph-blog1 (137,154 keystrokes) replayed into a draft's body in
 * 100-keystroke updates, all appended to a real SQLite store without compaction, and the final
 * state saved as a version. Opening the version (read, decode, to JSON) is timed against
 * rebuilding the same draft from the whole update log.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as Y from 'yjs'
import { BODY_FIELD, compareVersions, yDocToJSON, type ComparableVersion, type ReviewState } from '@consenso/schema'
import { SqliteStorage } from '@consenso/server/storage'
import { median } from '../lib/stats.ts'
import { loadTrace, replayInto, type Trace } from '../lib/trace.ts'
import { randomFromSeed } from '../../helpers/random.ts'

type JSONContent = ComparableVersion['body']

/** The flat (single-writer) traces; together about 118,000 characters, 40 pages of 3,000. */
export const GENERATOR_TRACES = ['seph-blog1', 'clownschool_flat', 'friendsforever_flat', 'sveltecomponent'] as const
const CHARS_PER_PAGE = 3000

interface Paragraph {
  id: string
  text: string
}

/** Replays a trace into paragraphs with ids; returns the paragraphs after each requested share of the keystrokes. */
function replayParagraphs(trace: Trace, prefix: string, shares: readonly number[]): Paragraph[][] {
  let counter = 0
  const fresh = (): string => `${prefix}-${(counter++).toString(36)}`
  let paragraphs: Paragraph[] = trace.startContent.split('\n').map((text) => ({ id: fresh(), text }))
  const snapshots: Paragraph[][] = []
  const stops = shares.map((share) => Math.round(trace.txns.length * share))
  // Where paragraph `i` starts in the flat text; kept for the last one found, as typing is local.
  let cursor = { index: 0, start: 0 }
  const locate = (pos: number): { index: number; offset: number } => {
    let { index, start } = cursor.index < paragraphs.length && cursor.start <= pos ? cursor : { index: 0, start: 0 }
    while (index < paragraphs.length - 1 && pos > start + paragraphs[index]!.text.length) {
      start += paragraphs[index]!.text.length + 1
      index += 1
    }
    cursor = { index, start }
    return { index, offset: Math.min(pos - start, paragraphs[index]!.text.length) }
  }
  trace.txns.forEach((txn, n) => {
    for (const [position, deleteCount, insert] of txn.patches) {
      let remaining = deleteCount
      while (remaining > 0) {
        const { index, offset } = locate(position)
        const paragraph = paragraphs[index]!
        if (offset < paragraph.text.length) {
          const removed = Math.min(remaining, paragraph.text.length - offset)
          paragraph.text = paragraph.text.slice(0, offset) + paragraph.text.slice(offset + removed)
          remaining -= removed
        } else if (index < paragraphs.length - 1) {
          // The newline at the end: the next paragraph joins this one and its id is gone.
          paragraph.text += paragraphs[index + 1]!.text
          paragraphs.splice(index + 1, 1)
          remaining -= 1
        } else break
      }
      if (insert) {
        const { index, offset } = locate(position)
        const paragraph = paragraphs[index]!
        const parts = insert.split('\n')
        const after = paragraph.text.slice(offset)
        paragraph.text = paragraph.text.slice(0, offset) + parts[0]
        const added = parts.slice(1).map((text) => ({ id: fresh(), text }))
        if (added.length > 0) {
          added[added.length - 1]!.text += after
          paragraphs.splice(index + 1, 0, ...added)
        } else paragraph.text += after
      }
    }
    if (stops.includes(n + 1)) snapshots.push(paragraphs.map((p) => ({ ...p })))
  })
  while (snapshots.length < shares.length) snapshots.push(paragraphs.map((p) => ({ ...p })))
  paragraphs = []
  return snapshots
}

/** Preambular for about a fifth of the paragraphs, decided by the id so both versions agree. */
function kindOf(id: string): 'preamble' | 'operative' {
  let hash = 0
  for (let i = 0; i < id.length; i++) hash = (Math.imul(hash, 31) + id.charCodeAt(i)) >>> 0
  return hash % 5 === 0 ? 'preamble' : 'operative'
}

function toDocument(sections: { title: string; paragraphs: Paragraph[] }[]): JSONContent {
  const content: JSONContent[] = []
  for (const section of sections) {
    content.push({ type: 'heading', attrs: { id: `h-${section.title}`, level: 2 }, content: [{ type: 'text', text: section.title }] })
    for (const p of section.paragraphs) {
      const blank = p.text.trim() === ''
      content.push({
        type: 'paragraph',
        attrs: { id: p.id, kind: blank ? null : kindOf(p.id) },
        ...(p.text ? { content: [{ type: 'text', text: p.text }] } : {}),
      })
    }
  }
  return { type: 'doc', content }
}

function reviewFor(body: JSONContent, random: () => number, agreedShare: number): ReviewState {
  const consensus: Record<string, { positions: Record<string, { stance: 'agree' | 'agree_ad_ref' }> }> = {}
  for (const node of body.content ?? []) {
    const id = node.attrs?.id
    if (node.type !== 'paragraph' || typeof id !== 'string' || !node.attrs?.kind) continue
    if (random() < agreedShare) consensus[id] = { positions: { CHL: { stance: 'agree' }, PAN: { stance: random() < 0.2 ? 'agree_ad_ref' : 'agree' } } }
  }
  return { parties: ['CHL', 'PAN'], consensus, brackets: {} }
}

export interface GeneratedPair {
  older: ComparableVersion
  newer: ComparableVersion
  pages: number
  paragraphs: number
}

/** "Zero draft" (each trace 60% through) and "Rev.1" (each trace's end, six paragraphs moved). */
export function generateDraftPair(seed = 20261129): GeneratedPair {
  const random = randomFromSeed(seed).next
  const olderSections: { title: string; paragraphs: Paragraph[] }[] = []
  const newerSections: { title: string; paragraphs: Paragraph[] }[] = []
  for (const name of GENERATOR_TRACES) {
    const [zero, final] = replayParagraphs(loadTrace(name), name, [0.6, 1])
    olderSections.push({ title: name, paragraphs: zero! })
    newerSections.push({ title: name, paragraphs: final! })
  }
  for (let moves = 0; moves < 6; moves++) {
    const section = newerSections[Math.floor(random() * newerSections.length)]!.paragraphs
    const from = Math.floor(random() * section.length)
    const [moved] = section.splice(from, 1)
    section.splice(Math.floor(random() * section.length), 0, moved!)
  }
  const olderBody = toDocument(olderSections)
  const newerBody = toDocument(newerSections)
  const chars = newerSections.reduce((sum, s) => sum + s.paragraphs.reduce((n, p) => n + p.text.length + 1, 0), 0)
  return {
    older: { body: olderBody, review: reviewFor(olderBody, random, 0.4) },
    newer: { body: newerBody, review: reviewFor(newerBody, random, 0.6) },
    pages: chars / CHARS_PER_PAGE,
    paragraphs: newerBody.content?.length ?? 0,
  }
}

export interface VersionsResult {
  pages: number
  paragraphs: number
  compareMs: number
  compareTotals: ReturnType<typeof compareVersions>['totals']
  historyUpdates: number
  logBytes: number
  versionBytes: number
  openVersionMs: number
  rebuildFromLogMs: number
  /** Opening the version ÷ rebuilding from the log. */
  ratio: number
}

const timed = (work: () => void): number => {
  const started = performance.now()
  work()
  return performance.now() - started
}

export async function runVersions(options: { reps: number; historyTrace: string; batch: number }): Promise<VersionsResult> {
  const pair = generateDraftPair()
  let totals = compareVersions(pair.older, pair.newer).totals
  const compareMs = median(
    Array.from({ length: options.reps }, () =>
      timed(() => {
        totals = compareVersions(pair.older, pair.newer).totals
      }),
    ),
  )

  // A draft with a long history, stored as the server stores it: a log of updates.
  const trace = loadTrace(options.historyTrace)
  const doc = new Y.Doc()
  const updates: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => updates.push(update))
  const paragraph = new Y.XmlElement('paragraph')
  const text = new Y.XmlText()
  paragraph.insert(0, [text])
  doc.getXmlFragment(BODY_FIELD).push([paragraph])
  replayInto(doc, text, trace.txns, options.batch)

  const dir = mkdtempSync(join(tmpdir(), 'consenso-bench-versions-'))
  const storage = new SqliteStorage(dir)
  try {
    const at = new Date('2026-01-01T00:00:00.000Z')
    await storage.createDocument({ id: 'long-history', title: 'Long history', template: 'blank', createdBy: null, createdAt: at.toISOString(), updatedAt: at.toISOString() }, updates[0]!)
    for (let i = 1; i < updates.length; i += 500) {
      await storage.appendUpdates(
        updates.slice(i, i + 500).map((update) => ({ key: { documentId: 'long-history', name: 'body' as const }, update })),
        at,
      )
    }
    const meta = Y.encodeStateAsUpdate(new Y.Doc())
    const state = Y.encodeStateAsUpdate(doc)
    await storage.versions.createVersion(
      { id: 'rev-final', documentId: 'long-history', kind: 'named', name: 'Final', note: '', reason: null, restoring: null, createdBy: null, createdAt: at.toISOString() },
      { body: state, meta },
    )
    const expected = JSON.stringify(yDocToJSON(doc))

    const openVersion = async (): Promise<number> => {
      const started = performance.now()
      const content = (await storage.versions.loadVersion('long-history', 'rev-final'))!
      const opened = new Y.Doc()
      Y.applyUpdate(opened, content.body)
      const json = JSON.stringify(yDocToJSON(opened))
      const ms = performance.now() - started
      if (json !== expected) throw new Error('the opened version differs from the draft')
      opened.destroy()
      return ms
    }
    const rebuild = async (): Promise<number> => {
      const started = performance.now()
      const log = await storage.loadLog({ documentId: 'long-history', name: 'body' })
      const rebuilt = new Y.Doc()
      rebuilt.transact(() => {
        if (log.snapshot) Y.applyUpdate(rebuilt, log.snapshot)
        for (const update of log.updates) Y.applyUpdate(rebuilt, update)
      })
      const json = JSON.stringify(yDocToJSON(rebuilt))
      const ms = performance.now() - started
      if (json !== expected) throw new Error('the rebuilt draft differs from the draft')
      rebuilt.destroy()
      return ms
    }
    // One of each first, untimed: the first reads warm SQLite's page cache and V8's code.
    await openVersion()
    await rebuild()
    const opens: number[] = []
    const rebuilds: number[] = []
    for (let i = 0; i < options.reps; i++) {
      opens.push(await openVersion())
      rebuilds.push(await rebuild())
    }
    const openVersionMs = median(opens)
    const rebuildFromLogMs = median(rebuilds)
    return {
      pages: pair.pages,
      paragraphs: pair.paragraphs,
      compareMs,
      compareTotals: totals,
      historyUpdates: updates.length,
      logBytes: updates.reduce((sum, u) => sum + u.length, 0),
      versionBytes: state.length,
      openVersionMs,
      rebuildFromLogMs,
      ratio: openVersionMs / rebuildFromLogMs,
    }
  } finally {
    await storage.close()
    doc.destroy()
    rmSync(dir, { recursive: true, force: true })
  }
}
