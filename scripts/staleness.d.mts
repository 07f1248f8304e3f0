/** Types of staleness.mjs for the TypeScript scripts that use it. */
export interface BuildPart {
  name: 'server' | 'client'
  /** The file whose modification time says when the part was last built. */
  output: string
  /** Files and folders whose newest file must be older than the output. */
  inputs: string[]
}
export const repo: string
export const PARTS: BuildPart[]
/** Why `part` must be built, or null when its build is current. */
export function staleReason(part: BuildPart): string | null
