/**
 * Find and replace's matches (client/src/editor/find/find-plugin.ts, [UI-FIND-1]): match case,
 * whole word, struck text left out; and the highlights carried over edits, which search again
 * only the textblocks a change touched, always equal a fresh search of the whole draft.
 */
import { describe, expect, it } from 'vitest'
import { EditorState, TextSelection } from '@tiptap/pm/state'
import { getSchema } from '@tiptap/core'
import { changedRange } from '@consenso/client/incremental'
import { currentMatches, findKey, findMatches, findPlugins, type FindQuery } from '@consenso/client/find'
import { consensoExtensions, DELETION } from '@consenso/schema'
import { seededRandom } from '../helpers/random.ts'

const schema = getSchema(consensoExtensions())
const struck = schema.marks[DELETION]!.create({ id: 's1', authorId: 'u', authorName: 'Ana', delegation: 'CHL', at: '2026-01-01T00:00:00Z' })

function state(): EditorState {
  const doc = schema.node('doc', null, [
    schema.node('heading', { id: 'h1', level: 2 }, [schema.text('Migración y desarrollo')]),
    schema.node('paragraph', { id: 'p1', kind: 'operative' }, [schema.text('La migración ordenada; '), schema.text('migración', [struck]), schema.text(' las migraciones.')]),
    schema.node('paragraph', { id: 'p2', kind: 'operative' }, [schema.text('MIGRACIÓN segura, inmigración regular.')]),
  ])
  return EditorState.create({ schema, doc, plugins: findPlugins() })
}

const words = (s: EditorState, q: FindQuery): string[] => findMatches(s.doc, q).map((m) => s.doc.textBetween(m.from, m.to))

describe('find', () => {
  it('[UI-FIND-1] match case, whole word, and struck text never matched', () => {
    const s = state()
    expect(words(s, { text: 'migración', matchCase: false, wholeWord: false })).toEqual(['Migración', 'migración', 'MIGRACIÓN', 'migración'])
    expect(words(s, { text: 'migración', matchCase: true, wholeWord: false })).toEqual(['migración', 'migración'])
    // "inmigración" is not the whole word; the struck one is not counted at all.
    expect(words(s, { text: 'migración', matchCase: false, wholeWord: true })).toEqual(['Migración', 'migración', 'MIGRACIÓN'])
    expect(words(s, { text: 'ordenada; migración', matchCase: false, wholeWord: false })).toEqual([])
    expect(words(s, { text: 'desarrollo La', matchCase: false, wholeWord: false })).toEqual([])
  })

  it('[UI-FIND-1] highlights carried over random edits equal a fresh search (seeded)', () => {
    const random = seededRandom('find-incremental')
    const query: FindQuery = { text: 'ab', matchCase: false, wholeWord: random.next() < 0.5 }
    let s = state()
    s = s.apply(s.tr.setMeta(findKey, { query }))
    const alphabet = ['ab', 'Ab', 'a', 'b', ' ', 'x', ' ab ']
    let most = 0
    for (let i = 0; i < 400; i++) {
      const size = s.doc.content.size
      const pos = 1 + Math.floor(random.next() * (size - 1))
      const $pos = s.doc.resolve(pos)
      const tr = s.tr
      const roll = random.next()
      if (!$pos.parent.isTextblock) continue
      if (roll < 0.55) tr.insertText(random.pick(alphabet), pos)
      else if (roll < 0.8 && $pos.parentOffset > 0) tr.delete(pos - 1, pos)
      else if (roll < 0.9) tr.split(pos)
      else if (roll < 0.95 && $pos.parentOffset > 0) tr.addMark(pos - 1, pos, struck)
      else tr.setSelection(TextSelection.create(s.doc, pos))
      s = s.apply(tr)
      expect(currentMatches(s), `after edit ${i}`).toEqual(findMatches(s.doc, query))
      most = Math.max(most, currentMatches(s).length)
    }
    // The edits did make matches to carry over.
    expect(most).toBeGreaterThan(3)
  })

  it('[TYPE-3] a change that repeats its surroundings keeps its size ("xaab" → "xab", "aa" → "aaa")', () => {
    const s = state()
    const at = 1 + 'Migraci'.length
    const removed = s.tr.delete(at, at + 1).doc
    const range = changedRange(s.doc, removed)!
    expect(range.endBefore - range.start - (range.endAfter - range.start)).toBe(1)
    const doubled = s.apply(s.tr.insertText('aa', 2))
    const grown = doubled.tr.insertText('a', 3).doc
    const grownRange = changedRange(doubled.doc, grown)!
    expect(grownRange.endAfter - grownRange.endBefore).toBe(1)
  })
})
