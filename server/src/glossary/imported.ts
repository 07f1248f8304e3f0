/** An entry read from a file, before the import decides its id and checks it (import.ts). */
import type { GlossaryEntryInput } from '@consenso/protocol'

export interface ImportedEntry extends GlossaryEntryInput {
  /** The id the file gave it (ours when it came from our export), or null. */
  id: string | null
  /** Where in the file: "row 4", "conceptEntry 12". */
  place: string
}

/** A file that cannot be read as a glossary; the message says where and why. */
export class GlossaryFileError extends Error {}
