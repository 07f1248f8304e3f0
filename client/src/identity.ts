/**
 * Who is typing, until accounts exist: a display name and a delegation chosen on first
 * visit and kept in localStorage. Everything that shows a person (carets, avatars, the
 * portal) reads it through `useIdentity`.
 */
import { useSyncExternalStore } from 'react'
import { DELEGATIONS, findDelegation, type Delegation } from '@consenso/protocol'

export const IDENTITY_STORAGE_KEY = 'consenso:identity'
export const NAME_MAX_LENGTH = 80

export interface Identity {
  name: string
  delegation: string
}

/** What collaborators see of a person (awareness `user` field, presence lists). */
export interface Person {
  name: string
  delegation: string
  color: string
}

const FALLBACK_COLOR = '#4b5563'

export function personOf(identity: Identity): Person {
  return { name: identity.name, delegation: identity.delegation, color: delegationColor(identity.delegation) }
}

export function delegationColor(code: string): string {
  return findDelegation(code)?.color ?? FALLBACK_COLOR
}

export function delegationName(code: string, language: string): string {
  const delegation = findDelegation(code)
  if (!delegation) return code
  return language === 'en' ? delegation.nameEn : delegation.nameEs
}

export function delegationLabel(delegation: Delegation, language: string): string {
  return `${delegation.code} — ${language === 'en' ? delegation.nameEn : delegation.nameEs}`
}

export interface DelegationGroup {
  key: 'groupCRM' | 'groupCSM' | 'groupOthers'
  delegations: Delegation[]
}

/** Countries by conference, then secretariats and organisations; each sorted in `language`. */
export function delegationGroups(language: string): DelegationGroup[] {
  const byName = (a: Delegation, b: Delegation): number =>
    (language === 'en' ? a.nameEn : a.nameEs).localeCompare(language === 'en' ? b.nameEn : b.nameEs, language)
  const countries = (conference: 'CRM' | 'CSM'): Delegation[] =>
    DELEGATIONS.filter((d) => d.kind === 'country' && d.conference === conference).sort(byName)
  return [
    { key: 'groupCRM', delegations: countries('CRM') },
    { key: 'groupCSM', delegations: countries('CSM') },
    { key: 'groupOthers', delegations: DELEGATIONS.filter((d) => d.kind !== 'country').sort(byName) },
  ]
}

export function initials(name: string): string {
  const words = name.trim().split(/\s+/u).filter(Boolean)
  const first = words[0]?.[0] ?? '?'
  const last = words.length > 1 ? (words[words.length - 1]?.[0] ?? '') : ''
  return (first + last).toLocaleUpperCase()
}

/** Black or white, whichever reads better on `background` (WCAG relative luminance). */
export function textColorOn(background: string): string {
  const match = /^#([0-9a-f]{6})$/iu.exec(background)
  if (!match?.[1]) return '#ffffff'
  const channel = (offset: number): number => {
    const value = parseInt(match[1]!.slice(offset, offset + 2), 16) / 255
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4
  }
  const luminance = 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
  // Contrast with white is 1.05/(L+0.05); with black (L+0.05)/0.05. Equal at L ≈ 0.179.
  return luminance > 0.179 ? '#111111' : '#ffffff'
}

function parse(raw: string | null): Identity | null {
  if (!raw) return null
  try {
    const value = JSON.parse(raw) as Partial<Identity>
    if (typeof value.name !== 'string' || typeof value.delegation !== 'string') return null
    const name = value.name.trim()
    if (!name || !findDelegation(value.delegation)) return null
    return { name: name.slice(0, NAME_MAX_LENGTH), delegation: value.delegation }
  } catch {
    return null
  }
}

let cachedRaw: string | null | undefined
let cached: Identity | null = null
/** Stands in for localStorage where the browser refuses it (some private modes). */
let memoryRaw: string | null = null
const listeners = new Set<() => void>()

function read(): Identity | null {
  let raw: string | null = null
  try {
    raw = localStorage.getItem(IDENTITY_STORAGE_KEY)
  } catch {
    raw = memoryRaw
  }
  // useSyncExternalStore needs the same object back while nothing changed.
  if (raw !== cachedRaw) {
    cachedRaw = raw
    cached = parse(raw)
  }
  return cached
}

export function saveIdentity(identity: Identity): void {
  const clean: Identity = { name: identity.name.trim().slice(0, NAME_MAX_LENGTH), delegation: identity.delegation }
  const raw = JSON.stringify(clean)
  try {
    localStorage.setItem(IDENTITY_STORAGE_KEY, raw)
  } catch {
    // Without storage the identity lasts for this page only.
    memoryRaw = raw
  }
  for (const listener of listeners) listener()
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  const onStorage = (event: StorageEvent): void => {
    if (event.key === IDENTITY_STORAGE_KEY) listener()
  }
  window.addEventListener('storage', onStorage)
  return () => {
    listeners.delete(listener)
    window.removeEventListener('storage', onStorage)
  }
}

export function useIdentity(): Identity | null {
  return useSyncExternalStore(subscribe, read)
}
