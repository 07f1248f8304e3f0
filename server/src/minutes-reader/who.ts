/**
 * Who an agreement names (MINUTES-1..9): every name of a delegation, group or role in the item,
 * longest first and never overlapping, resolved to delegation codes through the directory of
 * the instance (its delegations, party groups and administrators' aliases) and the built-in
 * names (names.ts). The responsible delegations are the ones named as doing: a name only
 * giving a place ("en la cancillería de Chile") or receiving ("a la CSM", "to Panama") is not
 * responsible unless nobody else is named.
 */
import type { ReadMention } from '@consenso/protocol'
import { fold } from './fold.ts'
import { BUILT_IN_NAMES, CASE_SENSITIVE, GROUP_NAMES, ROLE_NAMES, SECRETARIATS_NAMES } from './names.ts'

export interface DirectoryDelegation {
  code: string
  nameEs: string
  nameEn: string
  kind: string
}

export interface DirectoryGroup {
  id: string
  nameEs: string
  nameEn: string
  members: readonly string[]
}

/** What the reader knows of the instance: read from storage, passed in (the reader is pure). */
export interface Directory {
  delegations: readonly DirectoryDelegation[]
  groups: readonly DirectoryGroup[]
  aliases: readonly { code: string; alias: string }[]
}

interface Name {
  /** Folded, or as written for a case-sensitive code. */
  key: string
  exact: boolean
  codes: string[]
  groupId: string | null
  /** An administrator's alias wins a tie with a built-in role of the same words. */
  rank: number
}

export interface NameIndex {
  names: Name[]
}

/** Builds the list of names once per request; reading each item then only scans. */
export function nameIndex(directory: Directory): NameIndex {
  const known = new Set(directory.delegations.map((d) => d.code))
  const names: Name[] = []
  const add = (written: string, codes: string[], groupId: string | null, rank: number): void => {
    const text = written.trim()
    if (text.length < 2) return
    const exact = CASE_SENSITIVE.test(text) && text.length <= 8
    names.push({ key: exact ? text : fold(text), exact, codes, groupId, rank })
  }
  for (const d of directory.delegations) {
    add(d.code, [d.code], null, 2)
    add(d.nameEs, [d.code], null, 2)
    add(d.nameEn, [d.code], null, 2)
    for (const other of BUILT_IN_NAMES[d.code] ?? []) add(other, [d.code], null, 2)
  }
  for (const alias of directory.aliases) if (known.has(alias.code)) add(alias.alias, [alias.code], null, 3)
  const secretariats = directory.delegations.filter((d) => d.kind === 'secretariat').map((d) => d.code)
  for (const plural of SECRETARIATS_NAMES) add(plural, secretariats, null, 2)
  for (const group of directory.groups) {
    const members = group.members.filter((c) => known.has(c))
    for (const written of [group.nameEs, group.nameEn, ...(GROUP_NAMES[group.id] ?? [])]) add(written, members, group.id, 2)
  }
  for (const role of ROLE_NAMES) add(role, [], null, 1)
  // Longest first, then the administrators' aliases, then built-in names, then roles.
  names.sort((a, b) => b.key.length - a.key.length || b.rank - a.rank)
  return { names }
}

const isWordChar = (ch: string | undefined): boolean => ch !== undefined && /[\p{L}\p{N}]/u.test(ch)

export interface FoundMention extends ReadMention {
  start: number
  end: number
}

/** Every name in `text` (NFC), in order of appearance. */
export function findMentions(text: string, index: NameIndex): FoundMention[] {
  // Hyphens and spaces alike: "Grupo Ad-Hoc" is "Grupo Ad Hoc"; one character for one.
  const folded = fold(text).replace(/[-‐–]/g, ' ')
  const taken: FoundMention[] = []
  for (const name of index.names) {
    const haystack = name.exact ? text : folded
    const key = name.exact ? name.key : name.key.replace(/[-‐–]/g, ' ')
    let from = 0
    for (;;) {
      const at = haystack.indexOf(key, from)
      if (at < 0) break
      from = at + 1
      const end = at + key.length
      if (isWordChar(text[at - 1]) || isWordChar(text[end])) continue
      if (taken.some((m) => at < m.end && end > m.start)) continue
      taken.push({ text: text.slice(at, end), codes: [...name.codes], groupId: name.groupId, start: at, end })
    }
  }
  return taken.sort((a, b) => a.start - b.start)
}

/** Words before a name that make it a place or a receiver, not a doer. */
const PLACE_BEFORE = /(?:\b(?:en|in|at)\s+(?:la\s+|el\s+|the\s+)?|\b(?:cancillería|canciller[ií]a|ciudad|city|sede|embajada|ministerio|ministry|embassy|foreign\s+ministry|capital)\s+(?:de(?:l)?\s+|of\s+)?(?:la\s+|the\s+)?)$/iu
const RECEIVER_BEFORE = /\b(?:a\s+la|a\s+las|a\s+los|al|a|to(?:\s+the)?|para\s+(?:el|la|los|las)|for\s+the|with(?:\s+the)?|con(?:\s+(?:el|la|los|las))?)\s*$/iu
const COORDINATION_BEFORE = /\b(?:en\s+coordinaci[oó]n\s+con|in\s+coordination\s+with|junto\s+con|together\s+with)\s+(?:el\s+|la\s+|los\s+|las\s+|the\s+)?$/iu

export type Role = 'doer' | 'place' | 'receiver'

/** What a mention is in its sentence, from the few words before it. */
export function roleOf(text: string, mention: FoundMention): Role {
  const before = text.slice(Math.max(0, mention.start - 40), mention.start)
  if (COORDINATION_BEFORE.test(before)) return 'doer'
  if (PLACE_BEFORE.test(before)) return 'place'
  if (RECEIVER_BEFORE.test(before)) return 'receiver'
  return 'doer'
}

const unique = (codes: Iterable<string>): string[] => [...new Set(codes)]

/** The responsible delegations among the mentions (see the file's comment). */
export function responsibleOf(text: string, mentions: readonly FoundMention[]): string[] {
  const roles = mentions.map((m) => roleOf(text, m))
  const doers = mentions.filter((_, i) => roles[i] === 'doer').flatMap((m) => m.codes)
  if (doers.length > 0) return unique(doers)
  return unique(mentions.filter((_, i) => roles[i] === 'place').flatMap((m) => m.codes))
}
