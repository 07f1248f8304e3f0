/**
 * Delegations as the server knows them (`GET /api/delegations`): an administrator can add
 * some, so the built-in list of the protocol package is only the fallback for names while the
 * server's list has not arrived, and the source of each country's conference for grouping.
 */
import { useEffect, useState } from 'react'
import { DELEGATIONS, findDelegation, type DelegationRecord } from '@consenso/protocol'
import { describeError, listDelegations } from './api.ts'

let cached: DelegationRecord[] | null = null
let inFlight: Promise<DelegationRecord[]> | null = null
const listeners = new Set<() => void>()

function load(): Promise<DelegationRecord[]> {
  if (cached) return Promise.resolve(cached)
  if (!inFlight) {
    inFlight = listDelegations().then(
      (delegations) => {
        cached = delegations
        inFlight = null
        for (const listener of listeners) listener()
        return delegations
      },
      (error: unknown) => {
        inFlight = null
        throw error
      },
    )
  }
  return inFlight
}

export type DelegationsState =
  | { kind: 'loading' }
  | { kind: 'ready'; delegations: DelegationRecord[] }
  | { kind: 'error'; message: string; retry: () => void }

export function useDelegations(): DelegationsState {
  const [state, setState] = useState<DelegationsState>(() =>
    cached ? { kind: 'ready', delegations: cached } : { kind: 'loading' },
  )
  const [attempt, setAttempt] = useState(0)
  useEffect(() => {
    let live = true
    load().then(
      (delegations) => {
        if (live) setState({ kind: 'ready', delegations })
      },
      (error: unknown) => {
        if (live) setState({ kind: 'error', message: describeError(error), retry: () => setAttempt((n) => n + 1) })
      },
    )
    return () => {
      live = false
    }
  }, [attempt])
  return state
}

/** Re-renders when the server's list arrives, so names fetched elsewhere show up here too. */
export function useDelegationNames(): void {
  const [, setVersion] = useState(0)
  useEffect(() => {
    const listener = (): void => setVersion((n) => n + 1)
    listeners.add(listener)
    void load().catch(() => {})
    return () => {
      listeners.delete(listener)
    }
  }, [])
}

/** `language` may carry a region ("en-US", as i18next reports a detected browser language). */
function nameIn(delegation: Pick<DelegationRecord, 'nameEs' | 'nameEn'>, language: string): string {
  return language.toLowerCase().startsWith('en') ? delegation.nameEn : delegation.nameEs
}

function lookup(code: string): DelegationRecord | undefined {
  return cached?.find((d) => d.code === code) ?? findDelegation(code)
}

export function delegationName(code: string, language: string): string {
  const delegation = lookup(code)
  if (!delegation) return code
  return nameIn(delegation, language)
}

/** "PAN — Panamá": the code is what delegates say, the name what newcomers recognise. */
export function delegationLabel(delegation: Pick<DelegationRecord, 'code' | 'nameEs' | 'nameEn'>, language: string): string {
  return `${delegation.code} — ${nameIn(delegation, language)}`
}

const SAFE_COLOR = /^#[0-9a-f]{6}$/iu

/** The delegation's colour (comments, counters); grey for one nobody knows. */
export function delegationColor(code: string): string {
  const color = lookup(code)?.color
  return color && SAFE_COLOR.test(color) ? color : '#4b5563'
}

export function delegationLabelOf(code: string, language: string): string {
  const delegation = lookup(code)
  return delegation ? delegationLabel(delegation, language) : code
}

export interface DelegationGroup {
  key: 'groupCRM' | 'groupCSM' | 'groupCountries' | 'groupOthers'
  delegations: DelegationRecord[]
}

/** Countries by conference, then secretariats and organisations; each sorted in `language`. */
export function delegationGroups(delegations: readonly DelegationRecord[], language: string): DelegationGroup[] {
  const name = (d: DelegationRecord): string => nameIn(d, language)
  const byName = (a: DelegationRecord, b: DelegationRecord): number => name(a).localeCompare(name(b), language)
  const conference = (d: DelegationRecord): string | null => DELEGATIONS.find((known) => known.code === d.code)?.conference ?? null
  const countries = delegations.filter((d) => d.kind === 'country')
  const groups: DelegationGroup[] = [
    { key: 'groupCRM', delegations: countries.filter((d) => conference(d) === 'CRM').sort(byName) },
    { key: 'groupCSM', delegations: countries.filter((d) => conference(d) === 'CSM').sort(byName) },
    // Countries an administrator added: the built-in list does not say which conference.
    { key: 'groupCountries', delegations: countries.filter((d) => conference(d) === null).sort(byName) },
    { key: 'groupOthers', delegations: delegations.filter((d) => d.kind !== 'country').sort(byName) },
  ]
  return groups.filter((group) => group.delegations.length > 0)
}
