/** Who is concerned by what happens to a draft: its readers, or some delegations' readers. */
import type { Author } from '@consenso/protocol'
import { roleFromMembers } from '../auth/document-access.ts'
import type { Storage, UserRecord } from '../storage/storage.ts'

/** Every enabled person who may read the draft. */
export async function readersOf(storage: Storage, documentId: string): Promise<UserRecord[]> {
  const members = await storage.members.listMembers(documentId)
  if (members.length === 0) return []
  return (await storage.accounts.listUsers()).filter((user) => !user.disabled && roleFromMembers(members, user) !== null)
}

/** The draft's readers who belong to one of these delegations. */
export async function delegationReaders(storage: Storage, documentId: string, delegations: Iterable<string>): Promise<string[]> {
  const codes = new Set(delegations)
  if (codes.size === 0) return []
  return (await readersOf(storage, documentId)).filter((user) => codes.has(user.delegation)).map((user) => user.id)
}

/** The readers named by mentions (`user:ID`, `delegation:CODE`, as REVIEW-4 records them). */
export async function mentionedReaders(storage: Storage, documentId: string, mentions: readonly string[]): Promise<string[]> {
  if (mentions.length === 0) return []
  const users = new Set(mentions.filter((m) => m.startsWith('user:')).map((m) => m.slice(5)))
  const codes = new Set(mentions.filter((m) => m.startsWith('delegation:')).map((m) => m.slice(11)))
  return (await readersOf(storage, documentId)).filter((user) => users.has(user.id) || codes.has(user.delegation)).map((user) => user.id)
}

/** A comment's words as people read them: `@user:ID` becomes `@Name`; cut to 200 characters. */
export async function readableExcerpt(storage: Storage, text: string): Promise<string> {
  let out = text
  for (const match of text.matchAll(/@user:([A-Za-z0-9_-]{8,64})/g)) {
    const user = await storage.accounts.getUser(match[1]!)
    if (user) out = out.replace(match[0], `@${user.name}`)
  }
  out = out.replace(/\s+/g, ' ').trim()
  return out.length > 200 ? `${out.slice(0, 199)}…` : out
}

export const authorOfUser = (user: Pick<UserRecord, 'id' | 'name' | 'delegation'>): Author => ({ id: user.id, name: user.name, delegation: user.delegation })
