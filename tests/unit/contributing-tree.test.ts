/**
 * CONTRIBUTING.md's annotated tree is the map a newcomer reads first, so it must match the
 * repository: every path it names exists, and every folder of sources (and every file at the
 * top of server/src and client/src) is named in it. A change that adds, moves or removes one
 * updates the map in the same commit, or this fails naming what is missing.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))
/** Descriptions start far right; a name starts within the first columns. */
const NAME_COLUMN_LIMIT = 20

/** The paths the tree names, each resolved under the entries it is indented beneath. */
export function treePaths(markdown: string): string[] {
  const section = markdown.slice(markdown.indexOf('## The tree'))
  const block = section.slice(section.indexOf('```') + 3, section.indexOf('```', section.indexOf('```') + 3))
  const stack: { indent: number; path: string }[] = []
  const paths: string[] = []
  for (const line of block.split('\n')) {
    const indent = line.length - line.trimStart().length
    const name = line.trim().split(/\s+/)[0]
    if (!name || indent >= NAME_COLUMN_LIMIT) continue
    while (stack.length > 0 && stack.at(-1)!.indent >= indent) stack.pop()
    const path = stack.length > 0 ? join(stack.at(-1)!.path, name) : name
    paths.push(path)
    if (name.endsWith('/')) stack.push({ indent, path })
  }
  return paths
}

const contributing = readFileSync(join(root, 'CONTRIBUTING.md'), 'utf8')
const named = new Set(treePaths(contributing).map((p) => p.replace(/\/$/, '')))

// What git tracks: neither node_modules, nor build output, nor the bench's ignored results.
const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean)
const folders = new Set(tracked.flatMap((file) => file.split('/').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('/'))))
const exists = (path: string): boolean => folders.has(path) || tracked.includes(path)
const ignored = (path: string): boolean => {
  try {
    // A path inside it, so a folder pattern ("results/") matches a folder not made yet.
    execFileSync('git', ['check-ignore', '-q', `${path}/x`], { cwd: root })
    return true
  } catch {
    return false
  }
}
/** The tracked files and folders directly inside `folder`. */
const entries = (folder: string): string[] =>
  [...new Set(tracked.filter((file) => file.startsWith(`${folder}/`)).map((file) => file.split('/').slice(0, folder.split('/').length + 1).join('/')))]
const isDir = (path: string): boolean => folders.has(path)
/** Named itself, or through a path inside it ("fixtures/akn/" names tests/fixtures). */
const isNamed = (path: string): boolean => named.has(path) || (isDir(path) && [...named].some((n) => n.startsWith(`${path}/`)))

describe("CONTRIBUTING.md's tree matches the repository", () => {
  it('every path it names exists', () => {
    const missing = [...named].filter((path) => !exists(path) && !ignored(path))
    expect(missing, 'named in CONTRIBUTING.md but not in the repository').toEqual([])
  })

  it('every source folder, package, test suite and top-level server or client file is named', () => {
    const expected = [
      ...entries('packages').filter(isDir),
      ...entries('tests').filter(isDir),
      ...entries('server/src'),
      ...entries('client/src'),
      ...entries('tests/bench').filter(isDir),
    ]
    const unnamed = expected.filter((path) => !isNamed(path))
    expect(unnamed, 'in the repository but not in CONTRIBUTING.md’s tree').toEqual([])
  })
})
