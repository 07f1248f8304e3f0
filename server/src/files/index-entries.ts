/**
 * The repository's files in the search index (FILES-7, FILES-8). Each file is the source
 * `file:ID`: one entry for its title, description and tags, and its current version's text in
 * pieces of about a paragraph (a hit shows the passage, and bm25 ranks a passage, not a
 * whole book). Access keys: a file everyone signed in sees is indexed under `files:all`,
 * which everyone holds; a file for chosen delegations under `file:ID`, held by the people who
 * may see it. So a person's keys grow with the restricted files they see, not with the
 * repository.
 *
 * Text comes from the file's bytes off the request: a PDF or Word file in the conversion
 * pool's worker threads (their memory and time limits stop a hostile file, the event loop
 * never runs it), plain text as it is. A file whose text cannot be read is still found by
 * its title.
 */
import type { FastifyBaseLogger } from 'fastify'
import type { ConversionPool } from '@consenso/convert'
import type { RepositoryFile } from '@consenso/protocol'
import type { Storage } from '../storage/storage.ts'
import type { SearchEntry } from '../storage/search.ts'
import { sniff } from './sniff.ts'

export const fileSource = (id: string): string => `file:${id}`
export const FILES_FOR_EVERYONE = 'files:all'

/** Most pages of a PDF read for search; most characters of text kept per version. */
export const TEXT_LIMITS = { maxPages: 500, maxChars: 2_000_000 }
const PIECE_CHARS = 800

/** Whether this person sees this file (FILES-4): everyone, their delegation, its uploader, or a manager. */
export function seesFile(file: RepositoryFile, user: { id: string; delegation: string }, manager: boolean): boolean {
  return manager || file.createdBy === user.id || file.visibility.kind === 'all' || file.visibility.delegations.includes(user.delegation)
}

export const fileAccessKey = (file: RepositoryFile): string => (file.visibility.kind === 'all' ? FILES_FOR_EVERYONE : fileSource(file.id))

/** The keys of the files a person sees (SEARCH-3, FILES-8). */
export function fileAccessKeys(files: readonly RepositoryFile[], user: { id: string; delegation: string }, manager: boolean): string[] {
  return [FILES_FOR_EVERYONE, ...files.filter((f) => f.visibility.kind !== 'all' && seesFile(f, user, manager)).map((f) => fileSource(f.id))]
}

/** Text in pieces of about PIECE_CHARS, cut at line ends (or spaces in a long line). */
export function pieces(text: string): string[] {
  const out: string[] = []
  let current = ''
  for (const line of text.split(/\r?\n/u)) {
    const words = line.length > PIECE_CHARS ? line.split(' ') : [line]
    for (const word of words) {
      if (current && current.length + word.length + 1 > PIECE_CHARS) {
        out.push(current)
        current = ''
      }
      current = current ? `${current}${words.length > 1 ? ' ' : '\n'}${word}` : word
    }
  }
  if (current.trim()) out.push(current)
  return out.filter((p) => p.trim())
}

export function fileEntries(file: RepositoryFile, text: string): SearchEntry[] {
  const base = { kind: 'file' as const, access: fileAccessKey(file), target: file.id, title: file.title }
  const about = [file.title, file.description, file.tags.join(', ')].filter(Boolean).join(' — ')
  const version = file.versions.at(-1)
  return [
    { ...base, ref: null, label: version ? version.name : null, text: about },
    ...pieces(text).map((piece) => ({ ...base, ref: null, label: version ? version.name : null, text: piece })),
  ]
}

interface Options {
  storage: Storage
  conversions: ConversionPool
  log: FastifyBaseLogger
  now?: () => Date
}

/** Extracts and indexes files one at a time, in the background; `flush` waits for all of it. */
export class FileIndexer {
  readonly #options: Options
  readonly #pending = new Set<string>()
  #chain: Promise<void> = Promise.resolve()
  #closed = false

  constructor(options: Options) {
    this.#options = options
  }

  /** A file was uploaded, changed, got a version, or was deleted: index it again. */
  touch(id: string): void {
    if (this.#closed || this.#pending.has(id)) return
    this.#pending.add(id)
    this.#chain = this.#chain.then(async () => {
      this.#pending.delete(id)
      if (this.#closed) return
      await this.reindex(id).catch((error: unknown) => this.#options.log.warn({ err: error, file: id }, 'files: could not index'))
    })
  }

  async reindex(id: string): Promise<void> {
    const { storage } = this.#options
    const at = (this.#options.now?.() ?? new Date()).toISOString()
    const file = await storage.files.get(id)
    const version = file?.versions.at(-1)
    if (!file || !version) {
      await storage.search.remove(fileSource(id))
      return
    }
    let text = await storage.files.text(id, version.number)
    if (text === null) {
      text = await this.#extract(id, version.number)
      await storage.files.setText(id, version.number, text)
    }
    // The file may have been deleted while its text was read: then it stays out of the index.
    const still = await storage.files.get(id)
    if (!still) {
      await storage.search.remove(fileSource(id))
      return
    }
    await storage.search.replace(fileSource(id), fileEntries(still, text), at)
  }

  async #extract(id: string, number: number): Promise<string> {
    const found = await this.#options.storage.files.data(id, number)
    if (!found) return ''
    const kind = sniff(found.data)
    if (kind === 'text') return new TextDecoder().decode(found.data).slice(0, TEXT_LIMITS.maxChars)
    if (kind !== 'pdf' && kind !== 'docx') return ''
    try {
      const bytes = found.data.slice()
      const result = await this.#options.conversions.run({ kind: 'text', format: kind, bytes, limits: TEXT_LIMITS }, { transfer: [bytes.buffer as ArrayBuffer] })
      if (result.kind === 'text') return result.text
      this.#options.log.info({ file: id, version: number, reason: result.kind === 'refused' ? result.message : result.kind }, 'files: no text read from a version')
    } catch (error) {
      this.#options.log.warn({ err: error, file: id, version: number }, 'files: the text of a version could not be read')
    }
    return ''
  }

  /** Indexes the files never indexed (a server stopped between an upload and its indexing). */
  async catchUp(): Promise<void> {
    const indexed = await this.#options.storage.search.sources('file:')
    for (const file of await this.#options.storage.files.list()) if (!indexed.has(fileSource(file.id))) this.touch(file.id)
  }

  /** Waits for everything touched so far. */
  async flush(): Promise<void> {
    let seen: Promise<void>
    do {
      seen = this.#chain
      await seen
    } while (seen !== this.#chain)
  }

  async close(): Promise<void> {
    this.#closed = true
    await this.#chain.catch(() => {})
  }
}
