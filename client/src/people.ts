/**
 * How a person is shown: avatars, carets, presence lists. Who the person is comes from the
 * server (the signed-in `SessionUser`, and for others the awareness state the server sets
 * from their session).
 */
import { textColourOn, type SessionUser } from '@consenso/protocol'

/** What collaborators see of a person (awareness `user` field, presence lists). */
export interface Person {
  name: string
  delegation: string
  color: string
}

export function personOf(user: Pick<SessionUser, 'name' | 'delegation' | 'color'>): Person {
  return { name: user.name, delegation: user.delegation, color: user.color }
}

export function initials(name: string): string {
  const words = name.trim().split(/\s+/u).filter(Boolean)
  const first = words[0]?.[0] ?? '?'
  const last = words.length > 1 ? (words[words.length - 1]?.[0] ?? '') : ''
  return (first + last).toLocaleUpperCase()
}

/**
 * What each face in a group reads: the initials, and for people whose initials are alike
 * (Sofía Torres of ST-CRM, Sergio Tapia of ST-CSM) one more letter of the surname ("STo",
 * "STa"), else the delegation, so that no two faces read the same.
 */
export function distinctInitials(people: ReadonlyArray<{ name: string; delegation: string }>): string[] {
  const plain = people.map((person) => initials(person.name))
  const longer = people.map((person, i) => {
    const words = person.name.trim().split(/\s+/u).filter(Boolean)
    const last = words.length > 1 ? words[words.length - 1]! : ''
    return last.length > 1 ? `${plain[i]}${last[1]!.toLocaleLowerCase()}` : plain[i]!
  })
  return plain.map((text, i) => {
    if (plain.filter((other) => other === text).length < 2) return text
    const more = longer[i]!
    return longer.filter((other) => other === more).length < 2 ? more : people[i]!.delegation
  })
}

/** Near-black or white, whichever reads better on `background` (WCAG contrast, A11Y-10). */
export const textColorOn = textColourOn
