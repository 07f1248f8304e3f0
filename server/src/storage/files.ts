/**
 * The file repository (FILES-*; contract FILES-50..): files with their metadata and versions,
 * the bytes of every version, and each version's text as extracted for search. Part of every
 * Storage as `storage.files`; stored in the `files` and `file_versions` tables (migration 17,
 * files-sql.ts), bytes in the database (BLOB / bytea) so every instance sees the same files.
 * Listing and reading a file never carry bytes nor text: those are read one version at a time.
 */
import type { FileVersion, RepositoryFile } from '@consenso/protocol'

/** The fields of a file a change may set. */
export type FilePatch = Partial<Pick<RepositoryFile, 'title' | 'description' | 'tags' | 'language' | 'meetingId' | 'visibility' | 'updatedAt'>>

/** A new version as the routes give it: the store numbers it. */
export type NewFileVersion = Omit<FileVersion, 'number'>

export interface FileStore {
  /** Every file, newest first (then by id), with its versions, without bytes. */
  list(): Promise<RepositoryFile[]>
  get(id: string): Promise<RepositoryFile | undefined>
  /** Stores a file with its first version (number 1): all or nothing. */
  create(file: Omit<RepositoryFile, 'versions'>, version: NewFileVersion, data: Uint8Array): Promise<RepositoryFile>
  /** Adds the next version (its number one above the last, decided by the database); undefined for an unknown file. */
  addVersion(id: string, version: NewFileVersion, data: Uint8Array): Promise<FileVersion | undefined>
  /** The file as changed; undefined for an unknown id. */
  update(id: string, patch: FilePatch): Promise<RepositoryFile | undefined>
  /** Removes a file and all its versions; false for an unknown id. */
  delete(id: string): Promise<boolean>
  /** A version's bytes. */
  data(id: string, number: number): Promise<{ version: FileVersion; data: Uint8Array } | undefined>
  /** Keeps the text extracted from a version (for search); nothing for an unknown version. */
  setText(id: string, number: number, text: string): Promise<void>
  /** The text extracted from a version; null when none was kept (not extracted yet, or nothing to extract). */
  text(id: string, number: number): Promise<string | null>
}

export const newestFirst = (a: RepositoryFile, b: RepositoryFile): number =>
  a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0

export const copyFile = (f: RepositoryFile): RepositoryFile => ({
  ...f,
  tags: [...f.tags],
  visibility: f.visibility.kind === 'all' ? { kind: 'all' } : { kind: 'delegations', delegations: [...f.visibility.delegations] },
  versions: f.versions.map((v) => ({ ...v })),
})

interface MemoryVersion {
  version: FileVersion
  data: Uint8Array
  text: string | null
}

export class MemoryFileStore implements FileStore {
  /** `file.versions` is unused here: the versions live beside it with their bytes. */
  readonly #files = new Map<string, { file: RepositoryFile; versions: MemoryVersion[] }>()

  #view(id: string): RepositoryFile | undefined {
    const entry = this.#files.get(id)
    return entry && copyFile({ ...entry.file, versions: entry.versions.map((v) => v.version) })
  }

  async list(): Promise<RepositoryFile[]> {
    return [...this.#files.keys()].map((id) => this.#view(id)!).sort(newestFirst)
  }

  async get(id: string): Promise<RepositoryFile | undefined> {
    return this.#view(id)
  }

  async create(file: Omit<RepositoryFile, 'versions'>, version: NewFileVersion, data: Uint8Array): Promise<RepositoryFile> {
    if (this.#files.has(file.id)) throw new Error(`file ${file.id} exists`)
    this.#files.set(file.id, { file: copyFile({ ...file, versions: [] }), versions: [{ version: { ...version, number: 1 }, data: new Uint8Array(data), text: null }] })
    return this.#view(file.id)!
  }

  async addVersion(id: string, version: NewFileVersion, data: Uint8Array): Promise<FileVersion | undefined> {
    const entry = this.#files.get(id)
    if (!entry) return undefined
    const stored = { ...version, number: Math.max(0, ...entry.versions.map((v) => v.version.number)) + 1 }
    entry.versions.push({ version: stored, data: new Uint8Array(data), text: null })
    return { ...stored }
  }

  async update(id: string, patch: FilePatch): Promise<RepositoryFile | undefined> {
    const entry = this.#files.get(id)
    if (!entry) return undefined
    for (const [key, value] of Object.entries(patch)) if (value !== undefined) Object.assign(entry.file, { [key]: value })
    entry.file = copyFile(entry.file)
    return this.#view(id)
  }

  async delete(id: string): Promise<boolean> {
    return this.#files.delete(id)
  }

  async data(id: string, number: number): Promise<{ version: FileVersion; data: Uint8Array } | undefined> {
    const v = this.#files.get(id)?.versions.find((x) => x.version.number === number)
    return v && { version: { ...v.version }, data: new Uint8Array(v.data) }
  }

  async setText(id: string, number: number, text: string): Promise<void> {
    const v = this.#files.get(id)?.versions.find((x) => x.version.number === number)
    if (v) v.text = text
  }

  async text(id: string, number: number): Promise<string | null> {
    return this.#files.get(id)?.versions.find((x) => x.version.number === number)?.text ?? null
  }
}
