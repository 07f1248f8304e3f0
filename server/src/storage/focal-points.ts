/**
 * The focal-point directory (FOCAL-1..3): one store, part of every Storage as
 * `storage.focalPoints`, stored in `focal_points` (migration 18). Entries are written whole;
 * the store keeps no rule about who may write (the routes do), only the order people read the
 * directory in.
 */
import { processKey, type FocalPoint } from '@consenso/protocol'

export interface FocalPointStore {
  /** Every entry: by delegation code, process (folded), focal points before alternates, family then given name, id. */
  list(): Promise<FocalPoint[]>
  get(id: string): Promise<FocalPoint | null>
  /** Stores the entry whole: created, or replacing the one with its id. */
  put(entry: FocalPoint): Promise<void>
  /** False for an unknown id. */
  delete(id: string): Promise<boolean>
}

const fold = (value: string): string => processKey(value)
const compare = <T extends string | number>(a: T, b: T): number => (a < b ? -1 : a > b ? 1 : 0)

export const focalPointOrder = (a: FocalPoint, b: FocalPoint): number =>
  compare(a.delegation, b.delegation) ||
  compare(fold(a.process), fold(b.process)) ||
  compare(a.role === 'focal' ? 0 : 1, b.role === 'focal' ? 0 : 1) ||
  compare(fold(a.familyName), fold(b.familyName)) ||
  compare(fold(a.givenName), fold(b.givenName)) ||
  compare(a.id, b.id)

const copy = (e: FocalPoint): FocalPoint => ({ ...e, phones: [...e.phones], languages: [...e.languages] })

export class MemoryFocalPointStore implements FocalPointStore {
  readonly #rows = new Map<string, FocalPoint>()

  async list(): Promise<FocalPoint[]> {
    return [...this.#rows.values()].map(copy).sort(focalPointOrder)
  }

  async get(id: string): Promise<FocalPoint | null> {
    const row = this.#rows.get(id)
    return row ? copy(row) : null
  }

  async put(entry: FocalPoint): Promise<void> {
    this.#rows.set(entry.id, copy(entry))
  }

  async delete(id: string): Promise<boolean> {
    return this.#rows.delete(id)
  }
}
