/**
 * An import as one plan (GLOSS-34): which entries it creates, updates and (replacing)
 * removes, or the first problem, naming its place in the file. An entry keeps the id the
 * file gives when it is one of ours in shape (our own export read back updates in place);
 * any other is given a new id, and the file's preferred pointers follow the renaming.
 */
import { GLOSSARY_IMPORT_MAX_ENTRIES, RECORD_ID_PATTERN, type GlossaryEntry } from '@consenso/protocol'
import type { GlossaryChanges } from '../storage/glossary.ts'
import { contentOf, entryProblem, pointerProblem, sameContent, tidyEntry } from './entries.ts'
import { GlossaryFileError, type ImportedEntry } from './imported.ts'

export interface ImportPlan extends GlossaryChanges {
  created: number
  updated: number
}

const OUR_ID = new RegExp(RECORD_ID_PATTERN)

export function planImport(
  existing: readonly GlossaryEntry[],
  incoming: readonly ImportedEntry[],
  options: { replace: boolean; userId: string; now: string; newId: () => string },
): ImportPlan {
  if (incoming.length > GLOSSARY_IMPORT_MAX_ENTRIES) throw new GlossaryFileError(`A file may hold at most ${GLOSSARY_IMPORT_MAX_ENTRIES} entries; this one holds ${incoming.length}.`)
  const before = new Map(existing.map((e) => [e.id, e]))
  const ids = new Map<string, string>()
  for (const item of incoming) {
    if (item.id === null) continue
    if (ids.has(item.id)) throw new GlossaryFileError(`${item.place}: the id ${item.id} is given to two entries.`)
    ids.set(item.id, OUR_ID.test(item.id) ? item.id : options.newId())
  }
  const after = new Map(options.replace ? [] : existing.map((e) => [e.id, e]))
  const put: GlossaryEntry[] = []
  let created = 0
  let updated = 0
  for (const item of incoming) {
    const content = tidyEntry(item)
    const problem = entryProblem(content)
    if (problem) throw new GlossaryFileError(`${item.place}: ${problem}`)
    if (content.preferredId) {
      const target = ids.get(content.preferredId) ?? (after.has(content.preferredId) ? content.preferredId : null)
      if (!target) throw new GlossaryFileError(`${item.place}: its preferred entry ${content.preferredId} is neither in the file nor in the glossary.`)
      content.preferredId = target
    }
    const id = item.id === null ? options.newId() : ids.get(item.id)!
    const old = before.get(id)
    const entry: GlossaryEntry = old
      ? { ...old, ...content, ...(sameContent(contentOf(old), content) ? {} : { updatedBy: options.userId, updatedAt: options.now }) }
      : { id, ...content, createdBy: options.userId, createdAt: options.now, updatedBy: options.userId, updatedAt: options.now }
    after.set(id, entry)
    if (!old) {
      created++
      put.push(entry)
    } else if (!sameContent(contentOf(old), content)) {
      updated++
      put.push(entry)
    }
  }
  const problem = pointerProblem([...after.values()])
  if (problem) throw new GlossaryFileError(problem)
  const remove = options.replace ? existing.filter((e) => !after.has(e.id)).map((e) => e.id) : []
  return { put, remove, created, updated }
}
