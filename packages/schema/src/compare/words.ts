/**
 * Word-level differences between paragraph texts. Texts are cut into tokens of one word (or
 * one punctuation sign) with the whitespace after it, so a change is always whole words and
 * the spaces travel with the word they follow; jsdiff's `diffArrays` finds the shortest edit.
 */
import { diffArrays } from 'diff'

export type WordOp = 'equal' | 'insert' | 'delete'

export interface WordChange {
  op: WordOp
  text: string
}

/** Stands between the texts of two blocks compared as one (splits and merges); never in a text. */
export const BLOCK_SEPARATOR = '\uFFFF'

const TOKEN = /\uFFFF|[\p{L}\p{N}\p{M}_'’-]+\s*|[^\p{L}\p{N}\p{M}_\s\uFFFF]\s*|\s+/gu
const WORDLIKE = /[\p{L}\p{N}]/u

export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? []
}

/** Counts tokens holding a letter or a digit: what "how many words" means here. */
export function wordCount(tokens: readonly string[]): number {
  let count = 0
  for (const token of tokens) if (WORDLIKE.test(token)) count++
  return count
}

/** One change per run of tokens with the same operation, deletions before insertions. */
export function diffTokens(before: readonly string[], after: readonly string[]): WordChange[] {
  if (before.length === after.length && before.every((token, i) => token === after[i])) {
    return before.length === 0 ? [] : [{ op: 'equal', text: before.join('') }]
  }
  const changes: WordChange[] = []
  // Spacing alone is no change of wording; equal runs read as the newer text has them, except
  // the spacing right before a change, which goes with the change: "Migration;" and
  // "Migration in the region;" share "Migration", not "Migration " (the older text would
  // otherwise read "Migration ;").
  const parts = diffArrays([...before], [...after], { comparator: sameWord })
  let oldIndex = 0
  let newIndex = 0
  parts.forEach((part, i) => {
    const op: WordOp = part.added ? 'insert' : part.removed ? 'delete' : 'equal'
    const count = part.value.length
    // Beside a paragraph break of a split or merge, the spacing is the break's, not a change.
    if (op === 'equal' && i < parts.length - 1 && parts[i + 1]!.value[0] !== BLOCK_SEPARATOR) {
      const older = before[oldIndex + count - 1]!
      const newer = after[newIndex + count - 1]!
      const shared = older.length <= newer.length && newer.startsWith(older) ? older : newer.length < older.length && older.startsWith(newer) ? newer : older.trimEnd()
      push(changes, 'equal', after.slice(newIndex, newIndex + count - 1).join('') + shared)
      push(changes, 'delete', older.slice(shared.length))
      push(changes, 'insert', newer.slice(shared.length))
    } else push(changes, op, part.value.join(''))
    if (op !== 'insert') oldIndex += count
    if (op !== 'delete') newIndex += count
  })
  return normalise(changes)
}

function sameWord(a: string, b: string): boolean {
  return a === b || (a.trimEnd() === b.trimEnd() && a.trimEnd() !== '')
}

export function diffWords(before: string, after: string): WordChange[] {
  if (before === after) return before === '' ? [] : [{ op: 'equal', text: before }]
  return diffTokens(tokenize(before), tokenize(after))
}

function push(changes: WordChange[], op: WordOp, text: string): void {
  if (text === '') return
  const last = changes[changes.length - 1]
  if (last && last.op === op) last.text += text
  else changes.push({ op, text })
}

/**
 * Within each run of changes between two equal stretches, deletions come before insertions,
 * so a replaced word reads "old → new" whatever order the diff emitted them in.
 */
function normalise(changes: WordChange[]): WordChange[] {
  const out: WordChange[] = []
  let deleted = ''
  let inserted = ''
  const flush = (): void => {
    push(out, 'delete', deleted)
    push(out, 'insert', inserted)
    deleted = ''
    inserted = ''
  }
  for (const change of changes) {
    if (change.op === 'delete') deleted += change.text
    else if (change.op === 'insert') inserted += change.text
    else {
      flush()
      push(out, 'equal', change.text)
    }
  }
  flush()
  return out
}

/**
 * Cuts the changes of a comparison of joined texts at the separators of one side: the part
 * of the changes that belongs to each block of that side. The separator itself is dropped.
 */
export function splitAtSeparators(changes: readonly WordChange[], side: 'before' | 'after'): WordChange[][] {
  const mine: WordOp = side === 'before' ? 'delete' : 'insert'
  const parts: WordChange[][] = [[]]
  for (const change of changes) {
    const pieces = change.op === mine || change.op === 'equal' ? change.text.split(BLOCK_SEPARATOR) : [change.text]
    pieces.forEach((piece, i) => {
      if (i > 0) parts.push([])
      push(parts[parts.length - 1]!, change.op, piece)
    })
  }
  return parts
}

/**
 * Removes the separators from changes, keeping everything else; a paragraph break that is
 * gone reads as a space, so the words on either side of it stay apart.
 */
export function withoutSeparators(changes: readonly WordChange[]): WordChange[] {
  const out: WordChange[] = []
  for (const change of changes) push(out, change.op, change.text.replace(/(\s*)\uFFFF/g, (_, space: string) => space || ' '))
  return normalise(out)
}

/** Counts the words a part keeps from the other side (its `equal` changes). */
export function keptWords(changes: readonly WordChange[]): number {
  let kept = 0
  for (const change of changes) if (change.op === 'equal') kept += wordCount(tokenize(change.text))
  return kept
}
